import { describe, expect, it } from 'vitest';
import type { DailySeries } from '../../src/core/anomaly/types.js';
import { detectDaily, eventBill, risen, scatter } from '../helpers/anomaly-bills.js';

// Issue #19, fifth round: rows of a broad rise that stayed apart from it. Bills start on Monday
// 2024-01-01 and run 100 days; services are 100 a weekday and 60 at weekends (x their size)
// with their own +-1% wobble phase.
const N = 100;
const { days: DAYS, sized: weekly } = eventBill(N);
const run = (series: DailySeries[]) => detectDaily(DAYS, series);
const sumOf = (vs: number[][]) => DAYS.map((_, i) => vs.reduce((a, v) => a + v[i]!, 0));
/** services A, B and C (`size` x the weekly series, wobble phases 0-2) times `factor` on days 70-81, then `others`, all under the total */
const riseBill = (factor: number, size: number, others: Record<string, number[]>): DailySeries[] => {
  const abc = [0, 1, 2].map((k) => risen(factor)(weekly(size, k)));
  const rest = Object.entries(others);
  return [
    { key: 'total', cost: sumOf([...abc, ...rest.map(([, v]) => v)]) },
    ...['A', 'B', 'C'].map((k, j) => ({ key: `service:${k}`, parent: 'total', cost: abc[j]! })),
    ...rest.map(([k, v]) => ({ key: `service:${k}`, parent: 'total', cost: v })),
  ];
};

describe('a broad rise the parent did not flag', () => {
  it('is reported on the parent when a dip elsewhere hid it on its first day', () => {
    // A, B and C (100 a weekday each) rise 30% from Monday March 11th (day 70) for 12 days; D
    // (800 a weekday) does not, but on the 11th it dips by 15% (-120), more than the +90 of the
    // three: the total (1100) is down 30 that day, up 90 (8%) from the 12th on. Each of A, B and
    // C is flagged on the 11th. Before, the group was dropped because the total was not up on
    // the day of its first row: three rows, one per service. Now it is reported on the 12th, the
    // total's first day up: one row on the total, its impact about +90.
    const d = weekly(8, 3).map((x, i) => (i === 70 ? 0.85 * x : x));
    const series = riseBill(1.3, 1, { D: d });
    const r = run(series);
    expect(r.anomalies.map((a) => [a.date, a.series, a.startedOn])).toEqual([['2024-03-12', 'total', '2024-03-11']]);
    expect(Math.abs(r.anomalies[0]!.impact - 90)).toBeLessThan(0.02 * 1100);
  });

  it('takes in a child flagged days before the rest when its change began with theirs', () => {
    // A, B, C and E (100 a weekday each) rise 30% from Monday March 11th (day 70) to the 22nd: A
    // at once (flagged on the 11th), B, C and E by 4% a day (flagged on the 15th and the 17th,
    // their change read from the 11th too). D (800 a weekday) does not: the total (1200) is up
    // 10% at most and flags nothing. A alone on the 11th is no broad rise (B, C and E are not
    // yet up alike, and D, the most of the spend, is flat); B, C and E, flagged within 3 days
    // of each other and alike in %, are, reported on the total from the 15th. Before, only rows
    // flagged from the day before the group's first were its parts, so A, flagged four days
    // earlier, kept a row of its own: two rows. Now a row flagged earlier is a part when its
    // change began with the rise (no earlier than the day before the group's first onset, the
    // 11th): one row, begun on the 11th.
    const a = weekly(1, 0).map((x, i) => (i >= 70 && i < 82 ? 1.3 * x : x));
    const ramp = (v: number[]) => v.map((x, i) => (i >= 70 && i < 82 ? x * Math.min(1.3, 1 + 0.04 * (i - 69)) : x));
    const bce = [1, 2, 4].map((k) => ramp(weekly(1, k)));
    const d = weekly(8, 3);
    const series: DailySeries[] = [
      { key: 'total', cost: sumOf([a, ...bce, d]) },
      { key: 'service:A', parent: 'total', cost: a },
      ...['B', 'C', 'E'].map((k, j) => ({ key: `service:${k}`, parent: 'total', cost: bce[j]! })),
      { key: 'service:D', parent: 'total', cost: d },
    ];
    expect(run(series).anomalies.map((a) => [a.date, a.series, a.startedOn])).toEqual([['2024-03-15', 'total', '2024-03-11']]);
  });
});

describe('a broad rise the parent flagged', () => {
  it('takes in a child whose onset was read a few days early though it only rose with the rise', () => {
    // A, B and C (200 a weekday each) and E (100) rise 30% from Monday March 11th (day 70) for
    // 12 days, D (100) does not: the total (800) is up 210, 26%, and flags it on the 11th. E was
    // up 6% on the four days before (its ordinary wobble, say): its change reads as a drift begun
    // on Thursday the 7th, four days before the total's. Before, a child's change begun more than
    // two days before the parent's was an incident under way before the rise, its own row. Now
    // it must also have been up, on those days (the 7th to the 9th), by a third of the rise on
    // average: E was up 6%, under a third of the total's +26% (9%), so it is a part of the
    // rise. One row.
    const e = risen(1.3)(weekly(1, 4).map((x, i) => (i >= 66 && i < 70 ? 1.06 * x : x)));
    const d = weekly(1, 3);
    const series = riseBill(1.3, 2, { E: e, D: d });
    expect(run(series).anomalies.map((a) => [a.date, a.series])).toEqual([['2024-03-11', 'total']]);
  });

  it('leaves apart new spend that is a small part of its change', () => {
    // A, B and C (200 a weekday each) rise 60% from Monday March 11th (day 70), D (100) does
    // not; a new service N (30 a weekday) is billed from the same day. The total (700) is up
    // 360 + 30 = 390, 56%, and flags it on the 11th. N's +100% is under twice the total's 56%, so
    // before it was taken in as a part of the rise: one row for two causes (a rise and new
    // spend). New spend is never a part of a broad change: N makes up 30 of the 390 (8%, under a
    // quarter), so it is its own row beside the total's.
    const nw = weekly(0.3, 4).map((x, i) => (i >= 70 ? x : 0));
    const d = weekly(1, 3);
    const series = riseBill(1.6, 2, { N: nw, D: d });
    expect(run(series).anomalies.map((a) => [a.date, a.series, a.kind])).toEqual([
      ['2024-03-11', 'total', 'shift'],
      ['2024-03-11', 'service:N', 'new'],
    ]);
  });

  it('takes in a drift of a noisy child that, less the rise, is within its noise on the days it was flagged', () => {
    // A, B and C (200 a weekday each) rise 30% from Monday March 11th (day 70) for 12 days, D
    // (100) does not; S (100 a weekday, +-25% a day) rises with them, and its noise reads it
    // up a further 10, 50, 90 and 90 on the 11th to the 14th: its change reads as a drift (its
    // last days well above its first), flagged on the 12th at +94%, three times the total's +30%.
    // Before, a drift was never a part of a broad rise by its noise (its first days are small by
    // nature): two rows. Now it is read on the three days up to the one it was flagged on (the
    // 10th to the 12th): less the rise, its excess is about +10 and +50 of 100 on the 11th and
    // the 12th, and below the risen level on Sunday the 10th (before the rise), well under 4
    // times the standard deviation of the three days' sum, so it is a part of the rise. One row.
    const bump = [0.1, 0.5, 0.9, 0.9];
    const sv = risen(1.3)(weekly(1, 4).map((x, i) => x * (1 + 0.25 * scatter(i, 5)))).map((x, i) => (i >= 70 && i < 74 ? x + 100 * bump[i - 70]! : x));
    const d = weekly(1, 3);
    const series = riseBill(1.3, 2, { S: sv, D: d });
    expect(run(series).anomalies.map((a) => [a.date, a.series])).toEqual([['2024-03-11', 'total']]);
  });

  it('takes in a child that joined it before it ended and was flagged after the parent\'s row ended', () => {
    // A, B and C (200 a weekday each) rise 40% from Monday March 11th (day 70) to the 22nd; D
    // (400 a weekday) falls 60% from the 16th to the 22nd, so the total (1100) is back to its
    // level from the 16th: flagged on the 11th (+22%), its row ends on the 15th. S (100 a
    // weekday) rises 3.5% a day from Monday the 18th and is flagged on the 24th (+25%, a
    // drift), nine days after the total's row ended. Before, a child flagged more than two days
    // after the parent's row ended was its own incident: two rows. Now the parent's change
    // lasts as long as the children changing with it show it (A, B and C, begun while its row
    // lasted and up by half to twice its %, to the 22nd): S began before then, was flagged
    // within two days of it, and rose by less than twice the total's 22%. One row.
    const sv = weekly(1, 4).map((x, i) => (i >= 77 && i < 87 ? x * (1 + 0.035 * (i - 76)) : x));
    const d = weekly(4, 3).map((x, i) => (i >= 75 && i < 82 ? 0.4 * x : x));
    const series = riseBill(1.4, 2, { S: sv, D: d });
    expect(run(series).anomalies.map((a) => [a.date, a.series])).toEqual([['2024-03-11', 'total']]);
  });
});
