import { describe, expect, it } from 'vitest';
import { detectAnomalies, DEFAULT_DETECTOR_OPTIONS } from '../../src/core/anomaly/detect.js';
import type { DetectorInput } from '../../src/core/anomaly/types.js';
import { dayList } from '../helpers/anomaly-bills.js';

// Seventh round: a one-day test against a scale read from the in-sample residuals of a
// series' first weeks. The bill starts on Monday 2024-01-01; the series repeats 90, 110, 100,
// 95, 105 (no weekday cycle): median 100, absolute deviations 10, 10, 0, 5, 5, so a MAD of 5
// and a robust scale of 1.4826 x 5 = 7.4 (7.4%), widened for the few days it rests on.
const PATTERN = [90, 110, 100, 95, 105];
const bill = (n: number, day: number, add: number): DetectorInput => {
  const cost = Array.from({ length: n }, (_, i) => PATTERN[i % 5]!);
  cost[day] = cost[day]! + add;
  return { days: dayList(n), currency: 'USD', series: [{ key: 'service:A', cost }], nonUsage: [], lastDayComplete: true };
};

describe('a one-day excursion in the first weeks of a series', () => {
  it('is not flagged at z about 5 while the scale rests on the in-sample residuals of 24 days', () => {
    // day 24 (January 25th) +45: 45% and 45 over 100, about 5 scales of 7.4 widened by
    // sqrt(1 + 8/12) (24 in-sample days count as 12). The old one-day threshold was 4 x the
    // tail prior 1.1 = 4.4: flagged. A MAD of 12 days reads two standard errors low about one
    // time in forty, so the prior now carries sqrt((1 + 40/12) / (1 + 8/12)) = 1.61 more:
    // 4 x 1.1 x 1.61 = 7.1. Not flagged.
    const r = detectAnomalies(bill(90, 24, 45), DEFAULT_DETECTOR_OPTIONS);
    expect(r.anomalies).toEqual([]);
  });

  it('still flags a clear spike then (+100, z about 11)', () => {
    const r = detectAnomalies(bill(90, 24, 100), DEFAULT_DETECTOR_OPTIONS);
    expect(r.anomalies.map((a) => [a.date, a.kind, a.expected])).toEqual([['2024-01-25', 'spike', 100]]);
  });

  it('flags the same +45 once the scale rests on out-of-sample residuals (day 70)', () => {
    // by day 70 the scale is read from 8 weeks of out-of-sample residuals: no extra width
    const r = detectAnomalies(bill(90, 70, 45), DEFAULT_DETECTOR_OPTIONS);
    expect(r.anomalies.map((a) => [a.date, a.kind, a.expected])).toEqual([['2024-03-11', 'spike', 100]]);
  });
});
