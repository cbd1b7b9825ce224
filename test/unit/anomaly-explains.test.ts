import { describe, expect, it } from 'vitest';
import { detectAnomalies, DEFAULT_DETECTOR_OPTIONS } from '../../src/core/anomaly/detect.js';
import type { DailySeries } from '../../src/core/anomaly/types.js';
import { dayList, isWeekend, wobble } from '../helpers/anomaly-bills.js';

// Issue #19, one alert per cause: the JSON links rows instead of repeating them. Bills start
// on Monday 2024-01-01 and run 100 days; a SKU is 100 a weekday and 60 at weekends with a +-1%
// wobble that repeats every 5 days; all SKUs belong to service S under the total.
const N = 100;
const DAYS = dayList(N);
const weekly = () => DAYS.map((d, i) => (isWeekend(d) ? 60 : 100) * wobble(i));
const from = (v: number[], date: string, factor: number) => v.map((x, i) => (i >= DAYS.indexOf(date) ? x * factor : x));
const bill = (skus: Record<string, number[]>) => {
  const keys = Object.keys(skus);
  const service = DAYS.map((_, i) => keys.reduce((a, k) => a + skus[k]![i]!, 0));
  const series: DailySeries[] = [{ key: 'total', cost: service }, { key: 'service:S', parent: 'total', cost: service }, ...keys.map((k) => ({ key: `service:S/sku:${k}`, parent: 'service:S', cost: skus[k]! }))];
  return detectAnomalies({ days: DAYS, currency: 'USD', series, nonUsage: [], lastDayComplete: true }, DEFAULT_DETECTOR_OPTIONS);
};

describe('explains / explainedBy', () => {
  it('a SKU spike that is all of its service\'s and the total\'s change is one row that explains both', () => {
    // A spikes to 400 (+300) on Tuesday March 12th; B is flat. S and the total (200 a weekday)
    // are up 300 too (+150%): all of it is A's, so they are not rows of their own
    const day = DAYS.indexOf('2024-03-12');
    const r = bill({ A: weekly().map((v, i) => (i === day ? 4 * v : v)), B: weekly() });
    expect(r.anomalies.map((a) => [a.date, a.series])).toEqual([['2024-03-12', 'service:S/sku:A']]);
    expect([...r.anomalies[0]!.explains!].sort()).toEqual(['service:S', 'total']);
    expect(r.anomalies[0]!.explainedBy).toBeUndefined();
  });

  it('a parent whose broad rise is its own cause names the child incident that explains a part of its change', () => {
    // B, C, D and E rise 30% from Monday March 11th (a broad change: one row on the service,
    // +120 of 500); A spikes to 400 on Tuesday the 12th (+300%, more than twice the service's
    // +24%): an incident of its own, listed apart. The service's row names A in `explainedBy`
    // (a part of its change over the episode is A's); A's row explains nothing higher up (the
    // service's change on the 11th is not A's)
    const spikeDay = DAYS.indexOf('2024-03-12');
    const r = bill({
      A: weekly().map((v, i) => (i === spikeDay ? v * 4 : v)),
      ...Object.fromEntries(['B', 'C', 'D', 'E'].map((k) => [k, from(weekly(), '2024-03-11', 1.3)])),
    });
    const rows = r.anomalies.map((a) => [a.date, a.series, a.explainedBy ?? null]);
    expect(rows).toEqual([
      ['2024-03-11', 'service:S', ['service:S/sku:A']],
      ['2024-03-12', 'service:S/sku:A', null],
    ]);
  });
});
