import type { DailySeries, DetectorInput, NonUsageEvent } from '../anomaly/types.js';
import { scaledToCents } from '../decimal.js';
import { dayRange, type AggregateCell } from './aggregate.js';
import { DEFAULT_REPORT_OPTIONS, reportFromCells, type CurrencyAggregates } from './report-data.js';
import type { Basis, ChargeKind } from './record.js';

/**
 * The anomaly detector's input for ONE currency, from the engine's report aggregates. Usage
 * series are daily usage-kind cost of single-day charges only: tax, purchase, credit, refund,
 * adjustment lines and any charge covering more than one day (monthly fees, tax for the month)
 * are `nonUsage` events on their start day, never part of a usage series.
 * Series (chosen by the engine, report-data.ts): `total`; `service:<name>` (parent total);
 * `service:<name>/sku:<id>` (parent the service); `account:<id>` and `model:<id>` (parent
 * total). Quantities go with a series when its cells share one unit.
 */
export interface SeriesOptions {
  basis: Basis;
  /** most services / accounts / models given their own series (by usage cost) */
  maxPerDimension: number;
  /** most SKUs per service */
  maxSkusPerService: number;
}

export const DEFAULT_SERIES_OPTIONS: SeriesOptions = { basis: 'billed', maxPerDimension: 25, maxSkusPerService: 10 };

const NON_USAGE_KIND: Record<Exclude<ChargeKind, 'usage'>, NonUsageEvent['kind']> = { tax: 'tax', purchase: 'purchase', credit: 'credit', refund: 'refund', adjustment: 'adjustment' };

export function detectorInputOf(a: CurrencyAggregates): DetectorInput {
  const days = a.usageDays ? dayRange(a.usageDays.first, a.usageDays.last) : [];
  const index = new Map(days.map((d, i) => [d, i]));
  const series: DailySeries[] = a.series.map((x) => {
    const cost = days.map(() => 0n);
    const qty = days.map(() => 0);
    for (const p of x.points) {
      const i = index.get(p.day)!;
      cost[i] = p.cost;
      qty[i] = p.quantity;
    }
    const s: DailySeries = { key: x.key, cost: cost.map((v) => scaledToCents(v)) };
    if (x.parent) s.parent = x.parent;
    if (x.unit) {
      s.quantity = qty;
      s.unit = x.unit;
    }
    return s;
  });

  // non-usage events: what is not single-day usage, per start day, kind, service and span
  const events = new Map<string, NonUsageEvent>();
  const sums = new Map<string, bigint>();
  for (const c of a.daily) {
    if (c.chargeKind === 'usage' && !c.span) continue;
    const kind: NonUsageEvent['kind'] = c.chargeKind === 'usage' ? 'recurring' : NON_USAGE_KIND[c.chargeKind];
    const seriesKey = c.service !== null ? `service:${c.service}` : 'total';
    const span = c.span ? ` covering ${new Date(c.span[0]).toISOString().slice(0, 10)} to ${new Date(c.span[1]).toISOString().slice(0, 10)}` : '';
    const id = `${c.day}|${kind}|${seriesKey}|${span}`;
    sums.set(id, (sums.get(id) ?? 0n) + c.cost);
    if (!events.has(id)) events.set(id, { date: c.day, kind, series: seriesKey, amount: 0, description: `${kind}${c.service ? ` ${c.service}` : ''}${span}` });
  }
  const nonUsage = [...events.entries()]
    .map(([id, e]) => ({ ...e, amount: scaledToCents(sums.get(id)!) }))
    .filter((e) => e.amount !== 0)
    .sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : Math.abs(y.amount) - Math.abs(x.amount) || (x.series < y.series ? -1 : x.series > y.series ? 1 : x.description < y.description ? -1 : x.description > y.description ? 1 : 0)));

  return { days, currency: a.currency, series, nonUsage };
}

/** The detector's input from a set of cells (tests; the engines hand over `CurrencyAggregates`). */
export function detectorInput(cells: readonly AggregateCell[], currency: string, o: SeriesOptions = DEFAULT_SERIES_OPTIONS): DetectorInput {
  const mine = reportFromCells(cells.filter((c) => c.currency === currency), { ...DEFAULT_REPORT_OPTIONS, ...o });
  return mine[0] ? detectorInputOf(mine[0]) : { days: [], currency, series: [], nonUsage: [] };
}
