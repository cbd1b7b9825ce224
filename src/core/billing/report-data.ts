import { cellKeyOf, ownString, type AggregateCell } from './aggregate.js';
import type { Basis, CanonicalRecord, ChargeKind } from './record.js';

/**
 * What the report is computed from: per currency, the aggregates the report and the anomaly
 * detector read, already reduced to what they show (top-N per dimension with the rest summed,
 * the daily series chosen by materiality), so their size depends on what is shown, not on the
 * bill's cardinality (day x account x service x SKU x region...). Both engines produce these:
 * DuckDB in SQL (sql/report.ts), the JS engine with `ReportAccumulator` below, which streams
 * records into the same projections and selects the same way. `summary.ts` and `series.ts` are
 * pure functions of them. Money is in exact 1e-12 units at the report's basis.
 */
export interface ReportOptions {
  basis: Basis;
  /** rows per "top" table before "other" */
  topN: number;
  /** most services / accounts / models given their own anomaly series (by usage cost) */
  maxPerDimension: number;
  /** most SKUs per chosen service */
  maxSkusPerService: number;
}

export const DEFAULT_REPORT_OPTIONS: ReportOptions = { basis: 'billed', topN: 10, maxPerDimension: 25, maxSkusPerService: 10 };

/** Cost summed per day, exact span (multi-day charges), charge kind and service: the daily views and non-usage events. */
export interface DailyCell {
  day: string;
  span: [number, number] | null;
  chargeKind: ChargeKind;
  service: string | null;
  cost: bigint;
}

/** The first `topN` names by cost (desc, then name), and what is left summed; null names read `(none)`. */
export interface TopList {
  head: { name: string; cost: bigint }[];
  rest: { count: number; cost: bigint } | null;
}

export interface UnitAggregate {
  name: string;
  cost: bigint;
  requests: number;
  tokens: number;
}

/** One anomaly series: usage cost (single-day, priced) per day; quantity too when every cell shares one unit. */
export interface SeriesAggregate {
  key: string;
  parent?: string | undefined;
  unit: string | null;
  points: { day: string; cost: bigint; quantity: number }[];
}

export const TOP_DIMENSIONS = ['services', 'skus', 'models', 'accounts', 'regions'] as const;
export type TopDimension = (typeof TOP_DIMENSIONS)[number];

export interface CurrencyAggregates {
  currency: string;
  /** canonical records in this currency */
  records: number;
  /** records without a list cost (the list basis used their billed cost) */
  listMissing: number;
  byKind: { kind: ChargeKind; cost: bigint; rows: number }[];
  daily: DailyCell[];
  /** null for a dimension no record names */
  top: Record<TopDimension, TopList | null>;
  unitCosts: { models: UnitAggregate[]; users: UnitAggregate[]; projects: UnitAggregate[] };
  /** all requests, priced or not */
  requests: number;
  pricedRequests: number;
  /** cost of the priced requests */
  requestCost: bigint;
  unpriced: { rows: number; tokens: number; models: string[] };
  /** first and last day of single-day priced usage (the detector's days) */
  usageDays: { first: string; last: string } | null;
  /** total, the chosen services, their chosen SKUs, accounts, models: in that order */
  series: SeriesAggregate[];
}

/** Currencies in report order: most records first, then by code. */
export const byRecordsThenCode = (a: CurrencyAggregates, b: CurrencyAggregates) => b.records - a.records || (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0);

/** Descending by amount, then ascending by name: the order of every ranked list. */
export const byCostThenName = <T extends { name: string; cost: bigint }>(a: T, b: T) => (b.cost > a.cost ? 1 : b.cost < a.cost ? -1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export const NONE = '(none)';

/** Keep the first n of a list sorted by `byCostThenName`, sum the rest. */
export function topOf(sums: Map<string, bigint>, n: number): TopList {
  const sorted = [...sums.entries()].map(([name, cost]) => ({ name, cost })).sort(byCostThenName);
  const rest = sorted.slice(n);
  return { head: sorted.slice(0, n), rest: rest.length ? { count: rest.length, cost: rest.reduce((s, x) => s + x.cost, 0n) } : null };
}

const K = '\u0001';
const keyPart = (v: string | null) => (v === null ? '\u0000' : v);
const own = (s: string | null) => (s === null ? null : ownString(s));
const costAt = (c: Pick<AggregateCell, 'billed' | 'effective' | 'list'>, basis: Basis) => (basis === 'billed' ? c.billed : basis === 'effective' ? c.effective : c.list);

interface SeriesPoint { cost: bigint; quantity: number; cells: number; withUnit: number; minUnit: string | null; maxUnit: string | null }
interface Projections {
  records: number;
  listMissing: number;
  byKind: Map<ChargeKind, { cost: bigint; rows: number }>;
  daily: Map<string, DailyCell>;
  dims: Record<TopDimension, Map<string, bigint>>;
  named: Record<TopDimension, boolean>;
  units: { models: Map<string, UnitAggregate>; users: Map<string, UnitAggregate>; projects: Map<string, UnitAggregate> };
  requests: number;
  pricedRequests: number;
  requestCost: bigint;
  unpriced: { rows: number; tokens: number; models: Set<string> };
  /** single-day priced usage per day, service and SKU; per day and account; per day and model */
  bySku: Map<string, { day: string; service: string | null; sku: string | null; p: SeriesPoint }>;
  byAccount: Map<string, { day: string; name: string; p: SeriesPoint }>;
  byModel: Map<string, { day: string; name: string; p: SeriesPoint }>;
}

const newProjections = (): Projections => ({
  records: 0, listMissing: 0, byKind: new Map(), daily: new Map(),
  dims: { services: new Map(), skus: new Map(), models: new Map(), accounts: new Map(), regions: new Map() },
  named: { services: false, skus: false, models: false, accounts: false, regions: false },
  units: { models: new Map(), users: new Map(), projects: new Map() },
  requests: 0, pricedRequests: 0, requestCost: 0n, unpriced: { rows: 0, tokens: 0, models: new Set() },
  bySku: new Map(), byAccount: new Map(), byModel: new Map(),
});

const newPoint = (): SeriesPoint => ({ cost: 0n, quantity: 0, cells: 0, withUnit: 0, minUnit: null, maxUnit: null });
function addPoint(p: SeriesPoint, cost: bigint, quantity: number, unit: string | null): void {
  p.cost += cost;
  p.quantity += quantity;
  p.cells++;
  if (unit !== null) {
    p.withUnit++;
    if (p.minUnit === null || unit < p.minUnit) p.minUnit = unit;
    if (p.maxUnit === null || unit > p.maxUnit) p.maxUnit = unit;
  }
}

/** What one cell (or one record, as a cell of one row) adds to the projections. */
type CellLike = Omit<AggregateCell, 'tokens'> & { tokens: { input: number; output: number } };

/**
 * The JS engine's report aggregates: cells (or records) streamed into the projections the
 * report reads (per kind; per day, span, kind and service; per name of each dimension; per
 * day and series), whose size follows the number of services, SKUs, accounts... and days,
 * never the number of cells; `result` then selects as the SQL of sql/report.ts does.
 */
export class ReportAccumulator {
  private readonly byCurrency = new Map<string, Projections>();
  constructor(private readonly basis: Basis) {}

  /** A canonical record (one row). */
  add(r: CanonicalRecord): void {
    this.addCell({
      ...cellKeyOf(r), rows: 1, requests: r.requests, billed: r.billed, effective: r.effective, list: r.list ?? r.billed,
      listMissing: r.list === null ? 1 : 0, quantity: r.quantity ?? 0, tokens: r.tokens ?? { input: 0, output: 0 },
    });
  }

  addCells(cells: Iterable<AggregateCell>): this {
    for (const c of cells) this.addCell(c);
    return this;
  }

  addCell(c: CellLike): void {
    let p = this.byCurrency.get(c.currency);
    if (!p) this.byCurrency.set(c.currency, (p = newProjections()));
    const v = costAt(c, this.basis);
    p.records += c.rows;
    p.listMissing += c.listMissing;
    const k = p.byKind.get(c.chargeKind);
    if (k) {
      k.cost += v;
      k.rows += c.rows;
    } else p.byKind.set(c.chargeKind, { cost: v, rows: c.rows });

    // strings stored are owned copies (`ownString`): a record's fields are slices of the parser's read chunks
    const dk = `${c.day}${K}${c.span ? `${c.span[0]},${c.span[1]}` : ''}${K}${c.chargeKind}${K}${keyPart(c.service)}`;
    const d = p.daily.get(dk);
    if (d) d.cost += v;
    else p.daily.set(ownString(dk), { day: c.day, span: c.span, chargeKind: c.chargeKind, service: own(c.service), cost: v });

    const names: [TopDimension, string | null][] = [['services', c.service], ['skus', c.sku], ['models', c.model], ['accounts', c.account], ['regions', c.region]];
    for (const [dim, name] of names) {
      if (name !== null) p.named[dim] = true;
      const m = p.dims[dim];
      const key = name ?? NONE;
      const cur = m.get(key);
      m.set(cur === undefined ? ownString(key) : key, (cur ?? 0n) + v);
    }

    const tokens = c.tokens.input + c.tokens.output;
    p.requests += c.requests;
    if (c.unpriced) {
      p.unpriced.rows += c.rows;
      p.unpriced.tokens += tokens;
      if (!p.unpriced.models.has(c.model ?? NONE)) p.unpriced.models.add(ownString(c.model ?? NONE));
    } else {
      if (c.requests > 0) {
        p.pricedRequests += c.requests;
        p.requestCost += v;
      }
      const unitNames: ['models' | 'users' | 'projects', string | null][] = [['models', c.model], ['users', c.user], ['projects', c.project]];
      for (const [dim, name] of unitNames) {
        if (name === null) continue;
        const m = p.units[dim];
        const e = m.get(name);
        if (e) {
          e.cost += v;
          e.requests += c.requests;
          e.tokens += tokens;
        } else {
          const owned = ownString(name);
          m.set(owned, { name: owned, cost: v, requests: c.requests, tokens });
        }
      }
    }

    if (c.chargeKind !== 'usage' || c.span || c.unpriced) return;
    const sk = `${c.day}${K}${keyPart(c.service)}${K}${keyPart(c.sku)}`;
    let s = p.bySku.get(sk);
    if (!s) p.bySku.set(ownString(sk), (s = { day: c.day, service: own(c.service), sku: own(c.sku), p: newPoint() }));
    addPoint(s.p, v, c.quantity, c.unit);
    for (const [m, name] of [[p.byAccount, c.account], [p.byModel, c.model]] as const) {
      if (name === null) continue;
      const key = `${c.day}${K}${name}`;
      let e = m.get(key);
      if (!e) m.set(ownString(key), (e = { day: c.day, name: ownString(name), p: newPoint() }));
      addPoint(e.p, v, c.quantity, c.unit);
    }
  }

  result(o: Omit<ReportOptions, 'basis'>): CurrencyAggregates[] {
    return [...this.byCurrency.entries()].map(([currency, p]) => select(currency, p, o)).sort(byRecordsThenCode);
  }
}

/** Series totals and their per-day points, merged from the projections' points. */
interface SeriesAcc { key: string; parent?: string | undefined; total: bigint; days: Map<string, SeriesPoint> }
function seriesAcc(m: Map<string, SeriesAcc>, key: string, parent?: string): SeriesAcc {
  let a = m.get(key);
  if (!a) m.set(key, (a = { key, parent, total: 0n, days: new Map() }));
  return a;
}
function merge(a: SeriesAcc, day: string, x: SeriesPoint): void {
  a.total += x.cost;
  let p = a.days.get(day);
  if (!p) a.days.set(day, (p = newPoint()));
  p.cost += x.cost;
  p.quantity += x.quantity;
  p.cells += x.cells;
  p.withUnit += x.withUnit;
  if (x.minUnit !== null && (p.minUnit === null || x.minUnit < p.minUnit)) p.minUnit = x.minUnit;
  if (x.maxUnit !== null && (p.maxUnit === null || x.maxUnit > p.maxUnit)) p.maxUnit = x.maxUnit;
}
const bySeriesTotal = (a: SeriesAcc, b: SeriesAcc) => (b.total > a.total ? 1 : b.total < a.total ? -1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** One day of a series as the engines sum it: cost, quantity, and what tells whether its cells share one unit. */
export interface SeriesPointRow { day: string; cost: bigint; quantity: number; cells: number; withUnit: number; minUnit: string | null; maxUnit: string | null }

/** A series from its days; its unit is the one all its cells share, else null (none, or two differ). */
export function seriesFromPoints(key: string, parent: string | undefined, days: readonly SeriesPointRow[]): SeriesAggregate {
  let cells = 0;
  let withUnit = 0;
  let min: string | null = null;
  let max: string | null = null;
  for (const p of days) {
    cells += p.cells;
    withUnit += p.withUnit;
    if (p.minUnit !== null && (min === null || p.minUnit < min)) min = p.minUnit;
    if (p.maxUnit !== null && (max === null || p.maxUnit > max)) max = p.maxUnit;
  }
  const unit = cells > 0 && withUnit === cells && min === max ? min : null;
  const points = [...days].sort((x, y) => (x.day < y.day ? -1 : x.day > y.day ? 1 : 0)).map((p) => ({ day: p.day, cost: p.cost, quantity: p.quantity }));
  return { key, ...(parent ? { parent } : {}), unit, points };
}

const seriesOut = (a: SeriesAcc) => seriesFromPoints(a.key, a.parent, [...a.days.entries()].map(([day, p]) => ({ day, ...p })));

function select(currency: string, p: Projections, o: Omit<ReportOptions, 'basis'>): CurrencyAggregates {
  const unitList = (m: Map<string, UnitAggregate>) => [...m.values()].sort(byCostThenName);
  // the anomaly series: total, services (top by usage), their top SKUs, accounts, models
  const total: SeriesAcc = { key: 'total', total: 0n, days: new Map() };
  const services = new Map<string, SeriesAcc>();
  const skus = new Map<string, SeriesAcc>();
  let first: string | null = null;
  let last: string | null = null;
  for (const s of p.bySku.values()) {
    if (first === null || s.day < first) first = s.day;
    if (last === null || s.day > last) last = s.day;
    merge(total, s.day, s.p);
    if (s.service === null) continue;
    const svc = `service:${s.service}`;
    merge(seriesAcc(services, svc, 'total'), s.day, s.p);
    if (s.sku !== null) merge(seriesAcc(skus, `${svc}/sku:${s.sku}`, svc), s.day, s.p);
  }
  const named = (m: Map<string, { day: string; name: string; p: SeriesPoint }>, prefix: string) => {
    const out = new Map<string, SeriesAcc>();
    for (const e of m.values()) merge(seriesAcc(out, `${prefix}:${e.name}`, 'total'), e.day, e.p);
    return [...out.values()].sort(bySeriesTotal).slice(0, o.maxPerDimension);
  };
  const topServices = [...services.values()].sort(bySeriesTotal).slice(0, o.maxPerDimension);
  const chosen: SeriesAcc[] = [...(first !== null ? [total] : []), ...topServices];
  for (const s of topServices) chosen.push(...[...skus.values()].filter((k) => k.parent === s.key).sort(bySeriesTotal).slice(0, o.maxSkusPerService));
  chosen.push(...named(p.byAccount, 'account'), ...named(p.byModel, 'model'));

  const top = Object.fromEntries(TOP_DIMENSIONS.map((d) => [d, p.named[d] ? topOf(p.dims[d], o.topN) : null])) as Record<TopDimension, TopList | null>;
  return {
    currency,
    records: p.records,
    listMissing: p.listMissing,
    byKind: [...p.byKind.entries()].map(([kind, e]) => ({ kind, cost: e.cost, rows: e.rows })),
    daily: [...p.daily.values()],
    top,
    unitCosts: { models: unitList(p.units.models), users: unitList(p.units.users), projects: unitList(p.units.projects) },
    requests: p.requests,
    pricedRequests: p.pricedRequests,
    requestCost: p.requestCost,
    unpriced: { rows: p.unpriced.rows, tokens: p.unpriced.tokens, models: [...p.unpriced.models].sort() },
    usageDays: first !== null && last !== null ? { first, last } : null,
    series: chosen.map(seriesOut),
  };
}

/** The report aggregates of a set of cells (tests, and inputs aggregated as cells). */
export function reportFromCells(cells: Iterable<AggregateCell>, o: ReportOptions = DEFAULT_REPORT_OPTIONS): CurrencyAggregates[] {
  return new ReportAccumulator(o.basis).addCells(cells).result(o);
}

/** Canonical order of the unordered parts (byKind, daily), for comparing two engines' aggregates. */
export function canonicalAggregates(a: readonly CurrencyAggregates[]): CurrencyAggregates[] {
  const dkey = (d: DailyCell) => `${d.day}${K}${d.span ? d.span.join(',') : ''}${K}${d.chargeKind}${K}${keyPart(d.service)}`;
  return a.map((c) => ({
    ...c,
    byKind: [...c.byKind].sort((x, y) => (x.kind < y.kind ? -1 : x.kind > y.kind ? 1 : 0)),
    daily: [...c.daily].sort((x, y) => (dkey(x) < dkey(y) ? -1 : dkey(x) > dkey(y) ? 1 : 0)),
  }));
}
