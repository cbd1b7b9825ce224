import { describe, expect, it } from 'vitest';
import { detectAnomalies, DEFAULT_DETECTOR_OPTIONS } from '../../src/core/anomaly/detect.js';
import { normalQuantile } from '../../src/core/uncertainty/special.js';
import { dayList, scatter } from '../helpers/anomaly-bills.js';

// Issue #19, per-series noise models: the one-day threshold reads the far tail of a series' own
// clean residuals, not only their 95% quantile. A bill of 110 days from Monday 2024-01-01: one
// series of 100 a day scattered by up to +-7% (a pseudo-random draw: a robust scale of about
// 5%), with four days of +15 (days 40, 55, 70 and 85): under the 20% threshold, so never
// flagged, but about 3 robust sigmas each: the series' tails are heavy. Its 95% quantile does
// not see four days in 70 (it reads the scatter: no wider threshold).
const N = 110;
const DAYS = dayList(N);
const bill = (extra: number) => {
  const cost = DAYS.map((_, i) => 100 * (1 + 0.07 * scatter(i)) + ([40, 55, 70, 85].includes(i) ? 15 : 0) + (i === 100 ? extra : 0));
  return detectAnomalies({ days: DAYS, currency: 'USD', series: [{ key: 'total', cost }], nonUsage: [], lastDayComplete: true }, DEFAULT_DETECTOR_OPTIONS);
};

describe('the far tail of a series\' own residuals', () => {
  it('keeps a day within what the series\' tails allow from alerting', () => {
    // day 100 (April 10th) is up 34.5 (+34%), a robust z of 5.5: past the plain threshold of 4,
    // and alerted before. The second largest |z| of the series' clean days (one of the +15 days)
    // is far above where it falls for normal noise (about 2.3 of 80 days): the threshold is
    // widened by that ratio (between 1.6 and 1.8 times: 6.5 to 7), and the day is within it
    expect(bill(30).anomalies).toEqual([]);
  });

  it('still alerts on a day beyond them', () => {
    // day 100 up 44.5 (+44%), z 7.1: past the widened threshold
    expect(bill(40).anomalies.map((a) => [a.date, a.kind])).toEqual([['2024-04-10', 'spike']]);
  });

  it('reads normal quantiles', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.96, 2);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 3);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326, 2);
  });
});
