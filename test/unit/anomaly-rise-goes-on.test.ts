import { describe, expect, it } from 'vitest';
import type { DailySeries } from '../../src/core/anomaly/types.js';
import { dayList, detectDaily, scatter, wobble } from '../helpers/anomaly-bills.js';

// Issue #19, sixth round: a broad rise that goes on in the children after the parent's own
// episode ended is the same change, not a second broad rise to report on the parent. The bill
// starts on Monday 2024-01-01 and runs 120 days; every series is flat (no weekly cycle).
// Services B to F are 500 a day (+-1%); service Z is 2000 a day scattered +-10% (about 150 of
// noise a day), so the total is about 4500.
const N = 120;
const DAYS = dayList(N);
const flat = (size: number, noise: number, k: number) => DAYS.map((_, i) => size * (noise ? 1 + noise * scatter(i, k) : wobble(i, k)));
/** a series times a factor over spans of days (first, last, factor) */
const lift = (v: number[], spans: [number, number, number][]) => v.map((x, i) => x * (spans.find(([f, t]) => i >= f && i <= t)?.[2] ?? 1));

function bill(): DailySeries[] {
  // B and C: +40% from Monday March 11th (day 70) to day 95; D, E and F: +50% for six days
  // (days 70-75), then +25% again from Monday March 25th (day 84) to day 95
  const bc = ['B', 'C'].map((k, j) => ({ key: `service:${k}`, parent: 'total', cost: lift(flat(500, 0, j), [[70, 95, 1.4]]) }));
  const def = ['D', 'E', 'F'].map((k, j) => ({ key: `service:${k}`, parent: 'total', cost: lift(flat(500, 0, j + 2), [[70, 75, 1.5], [84, 95, 1.25]]) }));
  const all = [...bc, ...def, { key: 'service:Z', parent: 'total', cost: flat(2000, 0.1, 9) }];
  return [{ key: 'total', cost: DAYS.map((_, i) => all.reduce((s, o) => s + o.cost[i]!, 0)) }, ...all];
}

describe('a broad rise going on in the children after the parent’s episode ended', () => {
  it('is reported once, on the parent’s row of it', () => {
    // From March 11th the total is up 2 x 200 + 3 x 250 = 1150 (25%, 7 sigmas): its row, with
    // the five services' rows (40% and 50%, alike) as its parts. From day 76 it is up only B's
    // and C's 400 (9%, under the half of 20% an episode needs to go on): its episode ends on
    // the second quiet day, while B's and C's rows go on to their 14th day, March 24th (day
    // 83, where they become the new normal). From March 25th D, E and F rise again by 25%,
    // flagged that day; the total is then up 775 (17%, under 20%) and does not flag. The three
    // rows alike are a broad rise, and the total did not flag it: without weighing the parts,
    // a second row for the total would be made from March 25th. The parts of the total's row
    // lasted to March 24th, within three days of the 25th: the same rise going on.
    const rows = detectDaily(DAYS, bill());
    expect(rows.anomalies.map((a) => [a.series, a.startedOn])).toEqual([['total', '2024-03-11']]);
  });
});
