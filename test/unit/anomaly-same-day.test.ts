import { describe, expect, it } from 'vitest';
import { detectAnomalies, DEFAULT_DETECTOR_OPTIONS } from '../../src/core/anomaly/detect.js';
import { eventBill, serviceTree } from '../helpers/anomaly-bills.js';

// Issue #19: a real spike on a large service was missed on a day when two other events
// happened in other services. Bills start on Monday 2024-01-01 and run 100 days; a SKU is
// 100 a weekday and 60 at weekends (x its size) with its own +-1% wobble phase.
const N = 100;
const { days: DAYS, sized: weekly, plus } = eventBill(N); // the event on Tuesday 2024-03-12

describe('several incidents on one day in different services', () => {
  it('are one row each, and the total gives way to them, when each is one SKU of its service', () => {
    // L is large: SKU a 900 and b 100 a weekday. S and T: SKU a 150 and b 50 each. On Tuesday
    // March 12th L/a gains 600 (L +60%), S/a 200 (S +100%) and T/a 120 (T +60%): the total
    // (1400 a weekday) is up 920 (66%). Each service's change is all in its one SKU (so the
    // service gives way to it), and the three services together explain all of the total's
    // change: three incidents, not a broad change (the services are not changes of their own).
    // The previous detector took them for one broad change kept on the total (no two of them
    // reach 70% of the change beyond their share of the spend, and they began on the same
    // day), and reported a single row: L's spike, the biggest, was not reported on its own.
    const la = plus(weekly(9, 0), 600);
    const lb = weekly(1, 1);
    const sa = plus(weekly(1.5, 2), 200);
    const sb = weekly(0.5, 3);
    const ta = plus(weekly(1.5, 4), 120);
    const tb = weekly(0.5, 0.5);
    const series = serviceTree({ L: { a: la, b: lb }, S: { a: sa, b: sb }, T: { a: ta, b: tb } });
    const r = detectAnomalies({ days: DAYS, currency: 'USD', series, nonUsage: [], lastDayComplete: true }, DEFAULT_DETECTOR_OPTIONS);
    expect(r.anomalies.map((a) => [a.date, a.series, a.kind])).toEqual([
      ['2024-03-12', 'service:L/sku:a', 'spike'],
      ['2024-03-12', 'service:S/sku:a', 'spike'],
      ['2024-03-12', 'service:T/sku:a', 'spike'],
    ]);
    // each about its own gain (the baseline is its usual Tuesday, within the +-1% wobble)
    const impacts = r.anomalies.map((a) => a.impact);
    [600, 200, 120].forEach((v, k) => expect(Math.abs(impacts[k]! - v)).toBeLessThan(0.02 * 1000));
    // each names its service, and the total they explain together, as the series it explains
    expect(r.anomalies.map((a) => [...(a.also ?? [])].sort())).toEqual([
      ['service:L', 'total'],
      ['service:S', 'total'],
      ['service:T', 'total'],
    ]);
  });
});
