import { attribute } from './attribution.js';
import { pctOf, round, type SeriesRun } from './run.js';
import type { Anomaly } from './types.js';

/** A row as reported: one change of a series, read on the day it was found. */

/** The days shown around a row: 14 before its start to 3 after its last day, at most 30 after its start. */
export function contextOf(x: readonly number[], days: readonly string[], start: number, last: number): Anomaly['context'] {
  const from = Math.max(0, start - 14);
  const to = Math.min(days.length - 1, last + 3, start + 30);
  return Array.from({ length: to - from + 1 }, (_, k) => ({ date: days[from + k]!, cost: round(x[from + k]!, 4) }));
}

/** Where and what a change is: found on day `d`, from day `start` to day `last`. */
export interface RowSpan {
  d: number;
  start: number;
  last: number;
  kind: Anomaly['kind'];
  totalImpact: number;
  status: NonNullable<Anomaly['status']>;
}

/**
 * The row of a change of `run`: its figures on the day it was found (expected, actual, impact,
 * score against that day's scale), the volume/price split when known, the children's shares
 * of it and the days around it.
 */
export function anomalyRow(run: SeriesRun, span: RowSpan, days: readonly string[], wd: number[], children: SeriesRun[], split?: { volumeEffect: number; priceEffect: number } | null): Anomaly {
  const { d, start, last } = span;
  const x = run.series.cost;
  const e = run.expected[d]!;
  return {
    date: days[d]!,
    endDate: days[last]!,
    startedOn: days[start]!,
    days: last - start + 1,
    series: run.series.key,
    kind: span.kind,
    expected: round(e, 4),
    actual: round(x[d]!, 4),
    impact: round(x[d]! - e, 4),
    impactPercent: round(pctOf(x[d]! - e, e), 2),
    totalImpact: round(span.totalImpact, 4),
    score: round((x[d]! - e) / run.sigma[d]!, 2),
    status: span.status,
    ...(split ?? {}),
    attribution: attribute(run, d, children, wd),
    context: contextOf(x, days, start, last),
  };
}
