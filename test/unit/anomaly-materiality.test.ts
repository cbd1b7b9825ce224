import { describe, expect, it } from 'vitest';
import { detectAnomalies, DEFAULT_DETECTOR_OPTIONS } from '../../src/core/anomaly/detect.js';
import type { DailySeries } from '../../src/core/anomaly/types.js';
import { eventBill } from '../helpers/anomaly-bills.js';

// Issue #19, small noisy series: a change on a SKU must be material to the service it belongs
// to. Bills start on Monday 2024-01-01 and run 90 days; a SKU is 100 a weekday and 60 at
// weekends (x its size) with its own +-1% wobble phase.
const N = 90;
const { days: DAYS, sized: weekly, plus, sum } = eventBill(N); // the event on Tuesday 2024-03-12

function bill(smallSkuAdd: number, smallServiceAdd: number) {
  // service S: SKU big (1900 a weekday) and SKU small (100); service Q (100) has no SKUs
  const big = weekly(19, 0);
  const small = plus(weekly(1, 1), smallSkuAdd);
  const q = plus(weekly(1, 2), smallServiceAdd);
  const s = sum(big, small);
  const series: DailySeries[] = [
    { key: 'total', cost: sum(s, q) },
    { key: 'service:S', parent: 'total', cost: s },
    { key: 'service:Q', parent: 'total', cost: q },
    { key: 'service:S/sku:big', parent: 'service:S', cost: big },
    { key: 'service:S/sku:small', parent: 'service:S', cost: small },
  ];
  return detectAnomalies({ days: DAYS, currency: 'USD', series, nonUsage: [], lastDayComplete: true }, DEFAULT_DETECTOR_OPTIONS);
}

describe('materiality relative to the parent', () => {
  it('a SKU change under 5% of its service is not an alert, though it passes $10 and 20%', () => {
    // small gains 40 on Tuesday March 12th: +40%, far outside its +-1% wobble, and over $10.
    // Its service S is 2000 a weekday and 1200 at weekends; the median of its 28 days before
    // is 2000, so a change on its SKUs must reach 5% of that, 100. S itself moves 2%, the
    // total 1.9%: nothing to report. (The previous detector flagged the SKU.)
    expect(bill(40, 0).anomalies).toEqual([]);
  });

  it('a SKU change of 5% of its service or more is one', () => {
    // small gains 150 (+150%): 150 >= 100, flagged on the SKU (S moves 7.5%, under 20%)
    expect(bill(150, 0).anomalies.map((a) => [a.date, a.series, a.kind])).toEqual([['2024-03-12', 'service:S/sku:small', 'spike']]);
  });

  it('a service under the total keeps the plain minimum impact', () => {
    // Q (100 a weekday, directly under the total) gains 40: +40%, $40 >= $10, flagged though it
    // is 1.9% of the total (2100): a service is what people budget
    expect(bill(0, 40).anomalies.map((a) => [a.date, a.series, a.kind])).toEqual([['2024-03-12', 'service:Q', 'spike']]);
  });
});
