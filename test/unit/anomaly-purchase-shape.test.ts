import { describe, expect, it } from 'vitest';
import { detectAnomalies, DEFAULT_DETECTOR_OPTIONS } from '../../src/core/anomaly/detect.js';
import type { DailySeries } from '../../src/core/anomaly/types.js';
import { dayList, isWeekend, wobble } from '../helpers/anomaly-bills.js';

// Issue #19, a purchase that looks like usage. Bills start on Monday 2024-01-01 and run 90
// days. Service A has SKU `compute` (100 a weekday, 60 at weekends, +-1% wobble) and a SKU
// `extra` that is 0 except where a test puts charges; service B is the same as compute with
// another wobble phase; account 1 holds A, account 2 holds B (accounts have no children, as in
// analyze).
const N = 90;
const DAYS = dayList(N);
const weekly = (phase: number) => DAYS.map((d, i) => (isWeekend(d) ? 60 : 100) * wobble(i, phase));
const sum = (...vs: number[][]) => DAYS.map((_, i) => vs.reduce((a, v) => a + v[i]!, 0));

function bill(extraSku: string, charges: Record<string, number>) {
  const compute = weekly(0);
  const extra = DAYS.map((d) => charges[d] ?? 0);
  const b = weekly(2);
  const a = sum(compute, extra);
  const series: DailySeries[] = [
    { key: 'total', cost: sum(a, b) },
    { key: 'account:1', parent: 'total', cost: a },
    { key: 'account:2', parent: 'total', cost: b },
    { key: 'service:A', parent: 'total', cost: a },
    { key: 'service:B', parent: 'total', cost: b },
    { key: 'service:A/sku:compute', parent: 'service:A', cost: compute },
    { key: `service:A/sku:${extraSku}`, parent: 'service:A', cost: extra },
  ];
  return detectAnomalies({ days: DAYS, currency: 'USD', series, nonUsage: [], lastDayComplete: true }, DEFAULT_DETECTOR_OPTIONS);
}

describe('a commitment bought in a usage row', () => {
  it('is a purchase, not a spike, when it is one large charge on a SKU with nothing billed for two weeks around it', () => {
    // 5000 on Tuesday 2024-02-20 (day 50) on SKU Block-7, 0 on every other day: 14 quiet days
    // on each side, at least 10 x the minimum impact (100) and at least a day of its service
    // (whose median day before is 100). Taken out of the SKU, service A, account 1 (the
    // account whose day is 5000 above its usual) and the total, nothing is left to flag; the
    // previous detector flagged it as new spend on the SKU (and its service, account, total).
    const r = bill('Block-7', { '2024-02-20': 5000 });
    expect(r.anomalies).toEqual([]);
    expect(r.nonUsage.map((e) => [e.date, e.kind, e.series, e.amount])).toEqual([['2024-02-20', 'purchase', 'service:A/sku:Block-7', 5000]]);
  });

  it('is a purchase on a SKU named like a commitment when it is quiet only 3 days around, and from the minimum impact up', () => {
    // 50 on Thursday 2024-02-15 and 80 on Monday 2024-02-26 (11 days apart, and 80 is not within
    // 35% of 50, nor 50 of 80: not a recurring fee). A name saying a savings plan needs only 3
    // quiet days and a charge of at least the minimum impact (10): both are purchases, though
    // neither reaches 100
    const r = bill('ComputeSavingsPlans-1yr', { '2024-02-15': 50, '2024-02-26': 80 });
    expect(r.nonUsage.map((e) => [e.date, e.kind, e.amount])).toEqual([
      ['2024-02-15', 'purchase', 50],
      ['2024-02-26', 'purchase', 80],
    ]);
    expect(r.anomalies).toEqual([]);
  });

  it('is not a purchase when the SKU bills about the same amount again (a recurring fee), nor when it is small', () => {
    // Block-7 bills 500 on the 15th of January, February and March: each charge is alone for two
    // weeks, but the others are within 35% of it, so it is a recurring fee. Block-8's single 60
    // is under 10 x the minimum impact. Neither is listed as a purchase.
    expect(bill('Block-7', { '2024-01-15': 500, '2024-02-15': 500, '2024-03-15': 500 }).nonUsage).toEqual([]);
    expect(bill('Block-8', { '2024-02-20': 60 }).nonUsage).toEqual([]);
  });
});
