import { describe, expect, it } from 'vitest';
import { detectAnomalies, DEFAULT_DETECTOR_OPTIONS } from '../../src/core/anomaly/detect.js';
import type { DailySeries } from '../../src/core/anomaly/types.js';
import { dayList, isWeekend, wobble } from '../helpers/anomaly-bills.js';

// Sixth round: several incidents under one parent within a week. Bills start on Monday
// 2024-01-01; a SKU costs 100 a weekday and 60 at weekends (x its size) with a +-1% wobble
// that repeats every 5 days.
const N = 100;
const DAYS = dayList(N);
const weekly = (size = 1) => DAYS.map((d, i) => size * (isWeekend(d) ? 60 : 100) * wobble(i));
/** the series times `factor` from `date` on */
const from = (v: number[], date: string, factor: number) => v.map((x, i) => (i >= DAYS.indexOf(date) ? x * factor : x));
const bill = (skus: Record<string, number[]>) => {
  const keys = Object.keys(skus);
  const service = DAYS.map((_, i) => keys.reduce((a, k) => a + skus[k]![i]!, 0));
  const series: DailySeries[] = [{ key: 'service:S', cost: service }, ...keys.map((k) => ({ key: `service:S/sku:${k}`, parent: 'service:S', cost: skus[k]! }))];
  return detectAnomalies({ days: DAYS, currency: 'USD', series, nonUsage: [], lastDayComplete: true }, DEFAULT_DETECTOR_OPTIONS);
};

describe('concurrent incidents under one parent', () => {
  it('are listed as their own rows when they began on different days, though it takes three of them to explain the parent', () => {
    // A and B (100 a weekday each) rise by 70% on Monday March 11th and Wednesday March 13th,
    // and a new SKU N starts at 70 a weekday on Friday March 15th; C (100) and D (600) stay.
    // The service (900 a weekday) passes 20% only on the 15th: +70 +70 +70 = +210 (23%). Its
    // two biggest flagged children explain 140 of 210 (67%, under 70%); all three explain all
    // of it while being 22% of its spend (A and B at 100 each before, N at 0 before): three
    // incidents, not a broad change. The service gives way to them (named in their `also`),
    // one row each. (Before, the service kept one drift row that took B and N in as parts of a
    // broad change: two incidents lost.)
    const skus = { A: from(weekly(), '2024-03-11', 1.7), B: from(weekly(), '2024-03-13', 1.7), C: weekly(), D: weekly(6), N: weekly(0.7).map((v, i) => (i >= DAYS.indexOf('2024-03-15') ? v : 0)) };
    const r = bill(skus);
    expect(r.anomalies.map((a) => [a.date, a.series, a.kind])).toEqual([
      ['2024-03-11', 'service:S/sku:A', 'shift'],
      ['2024-03-13', 'service:S/sku:B', 'shift'],
      ['2024-03-15', 'service:S/sku:N', 'new'],
    ]);
    for (const a of r.anomalies) expect(a.also).toContain('service:S');
  });

  it('a child that changes far more than the parent\'s broad rise, a day after it began, is its own incident', () => {
    // B, C, D and E (100 a weekday each) rise 30% from Monday March 11th: the service (500 a
    // weekday) +120 = +24%, and no one or two SKUs explain 70% of it: a broad change, one row
    // on the service. A (100) has a one-day spike on Tuesday the 12th: 400 instead of 100,
    // +300%, more than twice the service's +24%. It is part of no broad change but an incident
    // of its own, so it keeps its row (before, any child flagged within 2 days of the parent was
    // taken into the parent's row, whatever its size, and the spike was lost).
    const spikeDay = DAYS.indexOf('2024-03-12');
    const skus = {
      A: weekly().map((v, i) => (i === spikeDay ? v * 4 : v)),
      ...Object.fromEntries(['B', 'C', 'D', 'E'].map((k) => [k, from(weekly(), '2024-03-11', 1.3)])),
    };
    const r = bill(skus);
    expect(r.anomalies.map((a) => [a.date, a.series, a.kind])).toEqual([
      ['2024-03-11', 'service:S', 'shift'],
      ['2024-03-12', 'service:S/sku:A', 'spike'],
    ]);
  });

  it('a broad rise (every SKU up by about the same % on the same day) stays one row on the parent', () => {
    // five SKUs of 100 a weekday all +25% on Monday March 11th: the service +25% too; the children's share
    // of the change is their share of the spend: one broad change, one row on the service
    const skus = Object.fromEntries(['A', 'B', 'C', 'D', 'E'].map((k) => [k, from(weekly(), '2024-03-11', 1.25)]));
    const r = bill(skus);
    expect(r.anomalies.map((a) => [a.date, a.series])).toEqual([['2024-03-11', 'service:S']]);
  });
});
