import { detectAnomalies, DEFAULT_DETECTOR_OPTIONS } from '../../src/core/anomaly/detect.js';
import type { Episode, SeriesRun } from '../../src/core/anomaly/run.js';
import type { DailySeries, DetectorResult } from '../../src/core/anomaly/types.js';

/**
 * Hand-made daily bills for the anomaly detector's tests. They start on Monday 2024-01-01; a
 * weekly series is 100 a weekday and 60 on Saturday and Sunday, with a +-1% wobble that
 * repeats every 5 days (no day is exactly like the others, nothing is unusual).
 */
export const START = '2024-01-01';

export const dayList = (n: number, start = START): string[] =>
  Array.from({ length: n }, (_, i) => new Date(Date.parse(`${start}T00:00:00Z`) + i * 86400000).toISOString().slice(0, 10));

export const isWeekend = (d: string): boolean => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());

/** the +-1% wobble of day i, shifted by `phase` days */
export const wobble = (i: number, phase = 0): number => 1 + 0.01 * Math.sin((2 * Math.PI * (i + phase)) / 5);

export const weekly = (n: number, weekday = 100, weekend = 60, start = START): number[] =>
  dayList(n, start).map((d, i) => (isWeekend(d) ? weekend : weekday) * wobble(i));

/**
 * A child incident under way before a broad rise (110 days). Services B, C and D are 300 a
 * weekday (180 at weekends); service A has SKU x of 50 and SKU y of 10. SKU x drifts +8% of its
 * level a day from day 56 (Monday 2024-02-26). Every series rises +30% for 12 days from day
 * `riseFrom`.
 */
export function driftThenBroadRise(riseFrom: number): DailySeries[] {
  const n = 110;
  const rise = (v: number, i: number) => (i >= riseFrom && i < riseFrom + 12 ? v * 1.3 : v);
  const ax = weekly(n).map((v, i) => (v / 2) * (i >= 56 ? 1 + 0.08 * Math.min(i - 56 + 1, 20) : 1)).map(rise);
  const ay = weekly(n).map((v) => v / 10).map(rise);
  const a = ax.map((v, i) => v + ay[i]!);
  const others = ['B', 'C', 'D'].map((k) => ({ key: `service:${k}`, parent: 'total', cost: weekly(n).map((v) => 3 * v).map(rise) }));
  return [
    { key: 'total', cost: a.map((v, i) => v + others.reduce((s, o) => s + o.cost[i]!, 0)) },
    { key: 'service:A', parent: 'total', cost: a },
    { key: 'service:A/sku:x', parent: 'service:A', cost: ax },
    { key: 'service:A/sku:y', parent: 'service:A', cost: ay },
    ...others,
  ];
}

/**
 * Services A, B and C (100 a weekday, 60 at weekends: spend people drive, each with its own
 * wobble phase) and M (100 every day) under the total, for `n` days. `edit` changes A, B and C
 * (holidays, catch-ups, spikes) before the total is summed.
 */
export function peopleAndMachineBill(n: number, edit: (abc: number[][], days: string[]) => void): DailySeries[] {
  const days = dayList(n);
  const abc = [0, 1, 2].map((k) => days.map((d, i) => (isWeekend(d) ? 60 : 100) * wobble(i, k)));
  edit(abc, days);
  const m = days.map((_, i) => 100 * wobble(i, 3));
  return [
    { key: 'total', cost: days.map((_, i) => abc[0]![i]! + abc[1]![i]! + abc[2]![i]! + m[i]!) },
    ...['A', 'B', 'C'].map((k, j) => ({ key: `service:${k}`, parent: 'total', cost: abc[j]! })),
    { key: 'service:M', parent: 'total', cost: m },
  ];
}

/**
 * A bill of `n` days with one event day (a Tuesday, 2024-03-12, unless told): `sized(size,
 * phase)` is a weekly series of `size` x 100 a weekday with its own wobble phase, `plus` adds to
 * a series on the event day, `sum` adds series day by day.
 */
export function eventBill(n: number, day = '2024-03-12') {
  const days = dayList(n);
  const at = days.indexOf(day);
  return {
    days,
    at,
    sized: (size: number, phase: number): number[] => days.map((d, i) => size * (isWeekend(d) ? 60 : 100) * wobble(i, phase)),
    plus: (v: number[], add: number): number[] => v.map((x, i) => (i === at ? x + add : x)),
    sum: (...vs: number[][]): number[] => days.map((_, i) => vs.reduce((a, v) => a + v[i]!, 0)),
  };
}

/** A fixed pseudo-random draw in [-1, 1) for day i (stream k): the scatter of a noisy series. */
export const scatter = (i: number, k = 0): number => {
  const v = Math.sin((i + 1 + 37 * k) * 12.9898) * 43758.5453;
  return 2 * (v - Math.floor(v)) - 1;
};

/** The detector, with its default options, on the daily series of a hand-made bill of `days` (the last day complete, no non-usage lines). */
export const detectDaily = (days: string[], series: DailySeries[]): DetectorResult => detectAnomalies({ days, currency: 'USD', series, nonUsage: [], lastDayComplete: true }, DEFAULT_DETECTOR_OPTIONS);

/** A series times `factor` from day `from` to the day before `to` (by default days 70-81: Monday March 11th to Friday the 22nd of a bill from START). */
export const risen =
  (factor: number, from = 70, to = 82) =>
  (v: number[]): number[] =>
    v.map((x, i) => (i >= from && i < to ? factor * x : x));

/**
 * A run built by hand for the whole-bill tail readings (tails.ts): one series of the given
 * costs, expected 100 and sigma 5 every day, every day scored and clean, nothing flagged.
 */
export const flatRun = (cost: number[]): SeriesRun =>
  ({
    series: { key: 'total', cost },
    expected: new Array(cost.length).fill(100),
    sigma: new Array(cost.length).fill(5),
    ref: cost.map((_, i) => i),
    clean: new Array(cost.length).fill(true),
    flagged: new Array(cost.length).fill(false),
  }) as unknown as SeriesRun;

/** the episode of a one-day rise on day d, raised by the one-day test */
export const oneDayAt = (d: number): Episode => ({ dir: 1, onset: d, detected: d, startedOn: d, last: d }) as unknown as Episode;

/**
 * A bill of services made of SKUs, from the SKUs' daily costs: `total`, then each service (the
 * sum of its SKUs) under it, then each SKU under its service. `{ A: { a: [...], b: [...] } }`
 * gives total, service:A, service:A/sku:a, service:A/sku:b.
 */
export function serviceTree(services: Record<string, Record<string, number[]>>): DailySeries[] {
  const add = (rows: number[][]): number[] => rows[0]!.map((_, i) => rows.reduce((a, r) => a + r[i]!, 0));
  const svc = Object.entries(services).map(([name, skus]) => ({ name, skus: Object.entries(skus), cost: add(Object.values(skus)) }));
  return [
    { key: 'total', cost: add(svc.map((v) => v.cost)) },
    ...svc.map((v) => ({ key: `service:${v.name}`, parent: 'total', cost: v.cost })),
    ...svc.flatMap((v) => v.skus.map(([sku, cost]) => ({ key: `service:${v.name}/sku:${sku}`, parent: `service:${v.name}`, cost }))),
  ];
}
