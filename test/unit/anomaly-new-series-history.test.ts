import { describe, expect, it } from 'vitest';
import { detectAnomalies, DEFAULT_DETECTOR_OPTIONS } from '../../src/core/anomaly/detect.js';
import type { DailySeries } from '../../src/core/anomaly/types.js';
import { eventBill } from '../helpers/anomaly-bills.js';

// Issue #19: a minimum history before a new series can alert on a change; it still reports as
// new spend. Bills start on Monday 2024-01-01 and run 100 days; a SKU is 100 a weekday and 60
// at weekends (x its size) with its own +-1% wobble phase.
const N = 100;
const { days: DAYS, sized: weekly } = eventBill(N);

describe('a series begun inside the bill', () => {
  it('reports as new spend, and only alerts on a change of its level after 42 days of its own', () => {
    // service S: SKU base (1000 a weekday) and SKU n, new on Monday February 12th (day 42) at
    // 100 a weekday. n doubles for a day on Thursday March 21st (day 80, 38 days old) and on
    // Tuesday April 2nd (day 92, 50 days old): +100 each time, +100%, over the 5% of S's usual
    // day (about 1100 then: 55) that a SKU change must reach; S moves 9%, under 20%. Only the
    // second spike is an alert; the first falls in n's first 42 days (the previous detector
    // flagged both; a spike in n's first three weeks it already left, its scale being young).
    const start = DAYS.indexOf('2024-02-12');
    const spikes = [DAYS.indexOf('2024-03-21'), DAYS.indexOf('2024-04-02')];
    const n = weekly(1, 1).map((v, i) => (i < start ? 0 : spikes.includes(i) ? 2 * v : v));
    const base = weekly(10, 0);
    const s = DAYS.map((_, i) => base[i]! + n[i]!);
    const series: DailySeries[] = [
      { key: 'total', cost: s },
      { key: 'service:S', parent: 'total', cost: s },
      { key: 'service:S/sku:base', parent: 'service:S', cost: base },
      { key: 'service:S/sku:n', parent: 'service:S', cost: n },
    ];
    const r = detectAnomalies({ days: DAYS, currency: 'USD', series, nonUsage: [], lastDayComplete: true }, DEFAULT_DETECTOR_OPTIONS);
    expect(r.anomalies.map((a) => [a.date, a.series, a.kind])).toEqual([
      ['2024-02-12', 'service:S/sku:n', 'new'],
      ['2024-04-02', 'service:S/sku:n', 'spike'],
    ]);
  });
});
