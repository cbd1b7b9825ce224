import { describe, expect, it } from 'vitest';
import { dayList, detectDaily, wobble } from '../helpers/anomaly-bills.js';

// Sixth issue #19 round: a one-day peak far above a rise under way is a cause of its own. One
// series of 100 a day (a +-1% wobble, no weekday cycle, so its scale is the 3% floor: 3) for
// 120 days from Monday 2024-01-01. Days 70-73 (Monday March 11th to Thursday the 14th) are +30%:
// 130, z about 10, flagged by the one-day test on the 11th and going on (a rise, not a spike).
const DAYS = dayList(120);
const bill = (peak: Record<number, number>) => {
  const cost = DAYS.map((_, i) => 100 * wobble(i) * (i >= 70 && i <= 73 ? 1.3 : 1) + (peak[i] ?? 0));
  return detectDaily(DAYS, [{ key: 'total', cost }]);
};
const rows = (r: ReturnType<typeof detectDaily>) => r.anomalies.map((a) => [a.date, a.startedOn, a.endDate, a.kind]);

describe('a one-day peak on top of a rise', () => {
  it('is reported on its own day, apart from the rise', () => {
    // Friday the 15th (day 74) is 100 + 30 + 270 = 400: the episode runs on to it (still up)
    // and ends after two quiet days. Against the rise's level (its other days' median, +30%:
    // 130 expected) the 15th is 270 (208%) over, 270 / (3 x 1.3) = 69 scales: past the plain
    // thresholds, and the days either side are at the rise's level or below (a peak): the rise
    // is reported March 11th-14th, the peak as a spike on the 15th. Without this, one row from
    // the 11th to the 15th, dated by the rise's first day.
    expect(rows(bill({ 74: 300 }))).toEqual([
      ['2024-03-11', '2024-03-11', '2024-03-14', 'shift'],
      ['2024-03-15', '2024-03-15', '2024-03-15', 'spike'],
    ]);
  });

  it('is not split off when the day after stays as high (a second step, not a peak)', () => {
    // the 15th and the 16th both 400: the 16th is more than half the 15th's height above the
    // rise's level, so nothing is split: one row, March 11th-16th
    expect(rows(bill({ 74: 300, 75: 300 })).map((r) => r.slice(0, 3))).toEqual([['2024-03-11', '2024-03-11', '2024-03-16']]);
  });
});
