import { describe, expect, it } from 'vitest';
import { detectAnomalies, DEFAULT_DETECTOR_OPTIONS } from '../../src/core/anomaly/detect.js';
import { ordinaryOverBill } from '../../src/core/anomaly/tails.js';
import { dayList, flatRun, oneDayAt, scatter } from '../helpers/anomaly-bills.js';

// Issue #19, fifth round: a one-day alert is read against the series' residuals on both sides
// (the analysis is retrospective: the days after it are in the bill too). A bill of 182 days
// from Monday 2024-01-01: one series of 100 a day scattered by up to +-7% (a pseudo-random
// draw: a robust scale of about 5%). Before day 60 (Friday 2024-03-01) nothing else; after it,
// eight days of +15 (days 70, 80, ..., 140): under the 20% threshold, so never flagged, but
// about 3 robust sigmas each. Looking back from day 60 the series' tails are thin (the plain
// threshold of 4 applies); over the whole bill they are heavy: eight such days in the ~130
// scored days within 84 days either side put its 95% quantile of |z| at one of them, about 3,
// 1.5 times its normal value of 1.96, so a one-day excursion must reach about 6 sigmas.
const N = 182;
const DAYS = dayList(N);
const HEAVY = [70, 80, 90, 100, 110, 120, 130, 140];
const bill = (extra: number) => {
  const cost = DAYS.map((_, i) => 100 * (1 + 0.07 * scatter(i)) + (HEAVY.includes(i) ? 15 : 0) + (i === 60 ? extra : 0));
  return detectAnomalies({ days: DAYS, currency: 'USD', series: [{ key: 'total', cost }], nonUsage: [], lastDayComplete: true }, DEFAULT_DETECTOR_OPTIONS);
};

describe('a one-day alert read against the whole bill', () => {
  it('does not alert on a day that is ordinary for the series over the bill', () => {
    // day 60 (94 by its own scatter) plus 36: 130, about +30% on the expected 100 or so, a
    // robust z of about 5.5: past the threshold of 4 looking back (alerted before), within the
    // 6 or so the whole bill's tails allow
    expect(bill(36).anomalies).toEqual([]);
  });

  it('still alerts on a day beyond the whole bill\'s tails', () => {
    // day 60 plus 50: 144, about +45%, z about 8
    expect(bill(50).anomalies.map((a) => [a.date, a.kind])).toEqual([['2024-03-01', 'spike']]);
  });
});

describe('ordinaryOverBill: which rows it may take back', () => {
  // A series of 120 days, expected 100 and sigma 5 every day, every day scored and clean. Its
  // residuals: 0 on most days, z +-3 on the 20 days 0, 6, 12, ..., 114 (day 60 aside): a
  // heavy tail, its 95% quantile of |z| 3 (1.53 times the normal 1.96), so the whole bill lets
  // a one-day rise reach 4 x 1.53 = 6.1 sigmas
  const n = 120;
  const wide = (i: number) => i % 6 === 0 && i !== 60;
  const runWith = (day60: number) => flatRun(Array.from({ length: n }, (_, i) => (i === 60 ? day60 : 100 + (wide(i) ? (i % 12 === 0 ? 15 : -15) : 0))));
  const oneDay = oneDayAt(60);

  it('takes back a one-day rise the one-day test raised within the bill\'s tails (z 5 < 6.1)', () => {
    expect(ordinaryOverBill(runWith(125), oneDay, 4)).toBe(true);
  });

  it('keeps a one-day rise beyond them (z 7)', () => {
    expect(ordinaryOverBill(runWith(135), oneDay, 4)).toBe(false);
  });

  it('keeps a row begun on one day by another test (z 2.7, under the one-day threshold: the first day of a price rise the scan found)', () => {
    expect(ordinaryOverBill(runWith(113.5), oneDay, 4)).toBe(false);
  });
});
