import { describe, expect, it } from 'vitest';
import type { DailySeries } from '../../src/core/anomaly/types.js';
import { dayList, detectDaily } from '../helpers/anomaly-bills.js';

// Sixth issue #19 round: a day of a series' first weeks held to the young scale's wider one-day
// threshold is reported when its parent rose the same day without it and the whole bill shows
// the day is beyond the series' tails. The bill starts on Monday 2024-01-01 and runs 90 days.
// Services A and B repeat the pattern 90, 110, 100, 95, 105 (no weekday cycle; B ten times A's
// size, shifted by two days): median 100 (1000), a MAD of 5%, a robust scale of 7.4%.
const PATTERN = [90, 110, 100, 95, 105];
const DAY = 24; // Thursday January 25th: the scale still rests on in-sample residuals
const bill = (addA: number, addB: number): { days: string[]; series: DailySeries[] } => {
  const days = dayList(90);
  const a = days.map((_, i) => PATTERN[i % 5]! + (i === DAY ? addA : 0));
  const b = days.map((_, i) => 10 * PATTERN[(i + 2) % 5]! + (i === DAY ? addB : 0));
  return {
    days,
    series: [
      { key: 'total', cost: days.map((_, i) => a[i]! + b[i]!) },
      { key: 'service:A', parent: 'total', cost: a },
      { key: 'service:B', parent: 'total', cost: b },
    ],
  };
};
const rows = (r: ReturnType<typeof detectDaily>) => r.anomalies.map((x) => [x.date, x.series, x.kind]).sort();

describe('a first-weeks day of a series on a day its parent rose without it', () => {
  it('is reported beside the sibling that made the parent rise', () => {
    // A +45 on day 24: 45% and 45 over 100, z about 5 against its young scale, under that
    // scale's one-day threshold (4 x 1.1 x 1.61 = 7.1, see anomaly-young). Read after the fact
    // against A's settled scale (7.4% widened by sqrt(1 + 8/56): about 7.9 on 100), 45 is
    // z 5.7, and A's other days reach |z| 10 / 7.9 = 1.3 at most: its tails over the bill are
    // normal, so 5.7 >= 4. B +1000 the same day (100% of 1000, z about 10: flagged); the total
    // rose 1045 on about 1100, and 1000 without A's 45: far past 4 scales of the total (about
    // 4 x 9% of 1100 = 400). Both services are reported.
    const { days, series } = bill(45, 1000);
    expect(rows(detectDaily(days, series))).toEqual([
      ['2024-01-25', 'service:A', 'spike'],
      ['2024-01-25', 'service:B', 'spike'],
    ]);
  });

  it('stays unreported when nothing else rose that day', () => {
    // A +45 alone: the total rises 45 on 1100 (4%, under the 20% threshold): no parent rose
    const { days, series } = bill(45, 0);
    expect(rows(detectDaily(days, series))).toEqual([]);
  });
});
