import type { DailySeries, DetectorInput, NonUsageEvent } from '../anomaly/types.js';
import { scaledToCents } from '../decimal.js';
import { dayRange, type AggregateCell } from './aggregate.js';
import { costOf } from './summary.js';
import type { Basis, ChargeKind } from './record.js';

/**
 * The anomaly detector's input built from aggregate cells of ONE currency. Usage series are
 * daily usage-kind cost of single-day charges only: tax, purchase, credit, refund, adjustment
 * lines and any charge covering more than one day (monthly fees, tax for the month) are
 * `nonUsage` events on their start day, never part of a usage series.
 * Series: `total`; `service:<name>` (parent total); `service:<name>/sku:<id>` (parent the
 * service); `account:<id>` and `model:<id>` (parent total). Quantities go with a series when
 * its cells share one unit.
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

export function detectorInput(cells: readonly AggregateCell[], currency: string, o: SeriesOptions = DEFAULT_SERIES_OPTIONS): DetectorInput {
  const mine = cells.filter((c) => c.currency === currency);
  const usage = mine.filter((c) => c.chargeKind === 'usage' && !c.span && !c.unpriced);
  let first: string | null = null;
  let last: string | null = null;
  for (const c of usage) {
    if (first === null || c.day < first) first = c.day;
    if (last === null || c.day > last) last = c.day;
  }
  const days = first !== null && last !== null ? dayRange(first, last) : [];
  const index = new Map(days.map((d, i) => [d, i]));

  interface Acc { key: string; parent?: string; cost: bigint[]; qty: number[]; /** the cells' one unit; null once two differ (or none is known) */ unit: string | null | undefined; total: bigint }
  const accs = new Map<string, Acc>();
  const acc = (key: string, parent?: string): Acc => {
    let a = accs.get(key);
    if (!a) {
      a = { key, parent, cost: days.map(() => 0n), qty: days.map(() => 0), unit: undefined, total: 0n };
      accs.set(key, a);
    }
    return a;
  };
  const add = (a: Acc, c: AggregateCell, i: number, v: bigint) => {
    a.cost[i]! += v;
    a.total += v;
    a.qty[i]! += c.quantity;
    if (a.unit === undefined) a.unit = c.unit;
    else if (a.unit !== c.unit) a.unit = null;
  };
  // series looked up by name, not by a key string built per cell (cells run to 100k+)
  const services = new Map<string, { acc: Acc; skus: Map<string, Acc> }>();
  const byName = (m: Map<string, Acc>, name: string, prefix: string) => {
    let a = m.get(name);
    if (!a) m.set(name, (a = acc(`${prefix}:${name}`, 'total')));
    return a;
  };
  const accounts = new Map<string, Acc>();
  const models = new Map<string, Acc>();
  for (const c of usage) {
    const i = index.get(c.day)!;
    const v = costOf(c, o.basis);
    add(acc('total'), c, i, v);
    if (c.service !== null) {
      let s = services.get(c.service);
      if (!s) services.set(c.service, (s = { acc: acc(`service:${c.service}`, 'total'), skus: new Map() }));
      add(s.acc, c, i, v);
      if (c.sku !== null) {
        let k = s.skus.get(c.sku);
        if (!k) s.skus.set(c.sku, (k = acc(`service:${c.service}/sku:${c.sku}`, `service:${c.service}`)));
        add(k, c, i, v);
      }
    }
    if (c.account !== null) add(byName(accounts, c.account, 'account'), c, i, v);
    if (c.model !== null) add(byName(models, c.model, 'model'), c, i, v);
  }
  const byTotal = (a: Acc, b: Acc) => (b.total > a.total ? 1 : b.total < a.total ? -1 : a.key < b.key ? -1 : 1);
  const all = [...accs.values()];
  const pick = (prefix: string) => all.filter((a) => a.key.startsWith(prefix) && !a.key.includes('/sku:')).sort(byTotal).slice(0, o.maxPerDimension);
  const topServices = pick('service:');
  const chosen: Acc[] = [...(accs.has('total') ? [accs.get('total')!] : []), ...topServices];
  for (const s of topServices) chosen.push(...all.filter((a) => a.parent === s.key).sort(byTotal).slice(0, o.maxSkusPerService));
  chosen.push(...pick('account:'), ...pick('model:'));

  const series: DailySeries[] = chosen.map((a) => {
    const s: DailySeries = { key: a.key, cost: a.cost.map((v) => scaledToCents(v)) };
    if (a.parent) s.parent = a.parent;
    const unit = a.unit ?? null;
    if (unit) {
      s.quantity = a.qty;
      s.unit = unit;
    }
    return s;
  });

  const events = new Map<string, NonUsageEvent>();
  const sums = new Map<string, bigint>();
  for (const c of mine) {
    if (c.chargeKind === 'usage' && !c.span) continue;
    const kind: NonUsageEvent['kind'] = c.chargeKind === 'usage' ? 'recurring' : NON_USAGE_KIND[c.chargeKind];
    const seriesKey = c.service !== null ? `service:${c.service}` : 'total';
    const span = c.span ? ` covering ${new Date(c.span[0]).toISOString().slice(0, 10)} to ${new Date(c.span[1]).toISOString().slice(0, 10)}` : '';
    const id = `${c.day}|${kind}|${seriesKey}|${span}`;
    sums.set(id, (sums.get(id) ?? 0n) + costOf(c, o.basis));
    if (!events.has(id)) events.set(id, { date: c.day, kind, series: seriesKey, amount: 0, description: `${kind}${c.service ? ` ${c.service}` : ''}${span}` });
  }
  const nonUsage = [...events.entries()]
    .map(([id, e]) => ({ ...e, amount: scaledToCents(sums.get(id)!) }))
    .filter((e) => e.amount !== 0)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : Math.abs(b.amount) - Math.abs(a.amount)));

  return { days, currency, series, nonUsage };
}
