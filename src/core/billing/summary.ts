import { scaledToNumber } from '../decimal.js';

/** Amounts leave the summary exactly (SPEC §2.1): the 1e-12 sums as numbers, never rounded to the cent; tables round for people. */
const exact = (v: bigint): number => scaledToNumber(v);
import { dayRange, spreadAmount, type AggregateCell } from './aggregate.js';
import { CHARGE_KINDS, MS_PER_DAY, type Basis, type ChargeKind } from './record.js';
import type { CurrencyReport, Forecast, RankedItem, UnitCostRow } from './result.js';

/** Pure report maths over aggregate cells: one `CurrencyReport` per currency, never mixed. */
export interface SummaryOptions {
  basis: Basis;
  /** rows per "top" table before "other" */
  topN: number;
  /** monthly budget in the report's currency, or null */
  budget: number | null;
  /** how many top services get a daily trend */
  trendServices: number;
}

export const DEFAULT_SUMMARY_OPTIONS: SummaryOptions = { basis: 'billed', topN: 10, budget: null, trendServices: 5 };

export function costOf(c: Pick<AggregateCell, 'billed' | 'effective' | 'list'>, basis: Basis): bigint {
  return basis === 'billed' ? c.billed : basis === 'effective' ? c.effective : c.list;
}

/** What the daily views (trend, per-service trends, forecast) read of a cell. */
export type DailyCell = Pick<AggregateCell, 'day' | 'span' | 'chargeKind' | 'service' | 'billed' | 'effective' | 'list'>;

/**
 * Cells summed over everything the daily views do not read: a few per day and service instead
 * of one per SKU, account, region... (142k cells -> ~600 on the 1 GB bench), so the trends
 * and the forecast, which each walk the cells, walk a short list. Sums are exact (bigint).
 */
export function dailyCells(cells: readonly AggregateCell[]): DailyCell[] {
  const out = new Map<string, DailyCell>();
  for (const c of cells) {
    const key = `${c.day}\u0000${c.span ? `${c.span[0]},${c.span[1]}` : ''}\u0000${c.chargeKind}\u0000${c.service ?? '\u0001'}`;
    const e = out.get(key);
    if (e) {
      e.billed += c.billed;
      e.effective += c.effective;
      e.list += c.list;
    } else out.set(key, { day: c.day, span: c.span, chargeKind: c.chargeKind, service: c.service, billed: c.billed, effective: c.effective, list: c.list });
  }
  return [...out.values()];
}

const tokensOf = (c: AggregateCell) => c.tokens.input + c.tokens.output;

/** Currencies in report order: most records first, then by code. */
export function currenciesOf(cells: readonly AggregateCell[]): string[] {
  const n = new Map<string, number>();
  for (const c of cells) n.set(c.currency, (n.get(c.currency) ?? 0) + c.rows);
  return [...n.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k]) => k);
}

/** Daily amounts (1e-12 units) per day, multi-day cells spread over the days they cover. */
export function dailyAmounts<C extends DailyCell>(cells: readonly C[], basis: Basis, filter: (c: C) => boolean = () => true): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const c of cells) {
    if (!filter(c)) continue;
    const v = costOf(c, basis);
    if (c.span) for (const p of spreadAmount(v, c.span[0], c.span[1])) out.set(p.day, (out.get(p.day) ?? 0n) + p.amount);
    else out.set(c.day, (out.get(c.day) ?? 0n) + v);
  }
  return out;
}

function lastCoveredDay(c: DailyCell): string {
  if (!c.span) return c.day;
  return new Date(Math.floor((c.span[1] - 1) / MS_PER_DAY) * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Cost per name for several namings of a cell, in one pass; null when no cell had a name. */
function sumsBy(cells: readonly AggregateCell[], basis: Basis, names: readonly ((c: AggregateCell) => string | null)[]): (Map<string, bigint> | null)[] {
  const sums = names.map(() => new Map<string, bigint>());
  const any = names.map(() => false);
  for (const c of cells) {
    const v = costOf(c, basis);
    for (let i = 0; i < names.length; i++) {
      const k = names[i]!(c);
      if (k !== null) any[i] = true;
      const key = k ?? '(none)';
      const m = sums[i]!;
      m.set(key, (m.get(key) ?? 0n) + v);
    }
  }
  return sums.map((m, i) => (any[i] ? m : null));
}

function ranked(sums: Map<string, bigint> | null, topN: number, base: bigint): RankedItem[] {
  if (!sums) return [];
  const sorted = [...sums.entries()].sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : a[0] < b[0] ? -1 : 1));
  const head = sorted.slice(0, topN);
  const rest = sorted.slice(topN);
  const share = (v: bigint) => (base > 0n ? Math.round((scaledToNumber(v) / scaledToNumber(base)) * 10000) / 100 : 0);
  const out = head.map(([n, v]) => ({ name: n, cost: exact(v), share: share(v) }));
  if (rest.length) {
    const v = rest.reduce((s, [, x]) => s + x, 0n);
    out.push({ name: `other (${rest.length})`, cost: exact(v), share: share(v) });
  }
  return out;
}

function unitRows(cells: readonly AggregateCell[], basis: Basis, name: (c: AggregateCell) => string | null): UnitCostRow[] {
  const m = new Map<string, { cost: bigint; requests: number; tokens: number }>();
  for (const c of cells) {
    const k = name(c);
    if (k === null || c.unpriced) continue;
    const e = m.get(k) ?? { cost: 0n, requests: 0, tokens: 0 };
    e.cost += costOf(c, basis);
    e.requests += c.requests;
    e.tokens += tokensOf(c);
    m.set(k, e);
  }
  return [...m.entries()]
    .sort((a, b) => (b[1].cost > a[1].cost ? 1 : b[1].cost < a[1].cost ? -1 : a[0] < b[0] ? -1 : 1))
    .map(([n, e]) => ({
      name: n,
      cost: exact(e.cost),
      requests: e.requests,
      tokens: e.tokens,
      costPerRequest: e.requests ? scaledToNumber(e.cost) / e.requests : null,
      costPerMillionTokens: e.tokens ? (scaledToNumber(e.cost) / e.tokens) * 1e6 : null,
    }));
}

const daysInMonth = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();

/**
 * Month-end forecast for the month of the last day with single-day data (or, for a bill of
 * multi-day lines only, the last day they cover; their usage spread is then the run rate): actual cost so far
 * (all charge kinds, multi-day charges spread), plus the usage run rate (mean daily usage of the
 * last up-to-7 data days of the month) for the remaining days, plus the spread parts of
 * multi-day charges that fall on those remaining days.
 */
export function forecastMonth(cells: readonly DailyCell[], basis: Basis, budget: number | null): Forecast | null {
  const singleDays = cells.filter((c) => !c.span).map((c) => c.day);
  // a bill of multi-day lines only (a monthly invoice): its data runs to the last day they
  // cover, and its usage lines, spread, give the run rate
  const spreadOnly = !singleDays.length;
  const dataDays = spreadOnly ? cells.map(lastCoveredDay) : singleDays;
  if (!dataDays.length) return null;
  const asOf = dataDays.reduce((a, b) => (a > b ? a : b));
  const month = asOf.slice(0, 7);
  const all = dailyAmounts(cells, basis);
  const usage = dailyAmounts(cells, basis, (c) => c.chargeKind === 'usage' && (spreadOnly || !c.span));
  const days = dayRange(`${month}-01`, `${month}-${String(daysInMonth(month)).padStart(2, '0')}`);
  const past = days.filter((d) => d <= asOf);
  const window = past.slice(-7);
  const runRateScaled = window.reduce((s, d) => s + (usage.get(d) ?? 0n), 0n) / BigInt(window.length);
  const spreadFuture = dailyAmounts(cells, basis, (c) => c.span !== null);
  let cumulative = 0n;
  let crossing: string | null = null;
  const limit = budget === null ? null : BigInt(Math.round(budget * 100)) * 10n ** 10n;
  for (const d of days) {
    const add = d <= asOf ? (all.get(d) ?? 0n) : runRateScaled + (spreadFuture.get(d) ?? 0n);
    cumulative += add;
    if (limit !== null && crossing === null && cumulative > limit) crossing = d;
  }
  const mtd = past.reduce((s, d) => s + (all.get(d) ?? 0n), 0n);
  const monthEnd = exact(cumulative);
  return {
    month,
    asOf,
    monthToDate: exact(mtd),
    runRate: exact(runRateScaled),
    monthEnd,
    budget,
    status: budget === null ? 'none' : monthEnd > budget ? 'over' : 'within',
    crossingDate: crossing,
  };
}

/**
 * One report per currency (primary first). The budget is an amount in the primary currency: the
 * other currencies' forecasts have none (their amounts cannot be compared with it).
 */
export function summarize(cells: readonly AggregateCell[], o: SummaryOptions): CurrencyReport[] {
  return currenciesOf(cells).map((cur, i) => summarizeCurrency(cells.filter((c) => c.currency === cur), cur, i === 0 ? o : { ...o, budget: null }));
}

export function summarizeCurrency(cells: readonly AggregateCell[], currency: string, o: SummaryOptions): CurrencyReport {
  const { basis } = o;
  const byKind = new Map<ChargeKind, { cost: bigint; rows: number }>();
  let records = 0;
  for (const c of cells) {
    const e = byKind.get(c.chargeKind) ?? { cost: 0n, rows: 0 };
    e.cost += costOf(c, basis);
    e.rows += c.rows;
    byKind.set(c.chargeKind, e);
    records += c.rows;
  }
  const k = (kind: ChargeKind) => byKind.get(kind)?.cost ?? 0n;
  const net = [...byKind.values()].reduce((s, e) => s + e.cost, 0n);

  const daily = dailyCells(cells);
  const all = dailyAmounts(daily, basis);
  const usageDaily = dailyAmounts(daily, basis, (c) => c.chargeKind === 'usage');
  const firstDay = daily.length ? daily.map((c) => c.day).reduce((a, b) => (a < b ? a : b)) : null;
  const lastDay = daily.length ? daily.map(lastCoveredDay).reduce((a, b) => (a > b ? a : b)) : null;
  const days = firstDay && lastDay ? dayRange(firstDay, lastDay) : [];

  const rankBase = net > 0n ? net : 0n;
  const [services, skus, models, accounts, regions] = sumsBy(cells, basis, [(c) => c.service, (c) => c.sku, (c) => c.model, (c) => c.account, (c) => c.region]);
  const top = {
    services: ranked(services ?? null, o.topN, rankBase),
    skus: ranked(skus ?? null, o.topN, rankBase),
    models: ranked(models ?? null, o.topN, rankBase),
    accounts: ranked(accounts ?? null, o.topN, rankBase),
    regions: ranked(regions ?? null, o.topN, rankBase),
  };
  const serviceTrends = top.services
    .filter((s) => !s.name.startsWith('other (') && s.name !== '(none)')
    .slice(0, o.trendServices)
    .map((s) => {
      const d = dailyAmounts(daily, basis, (c) => c.service === s.name);
      return { name: s.name, daily: days.map((day) => exact(d.get(day) ?? 0n)) };
    });

  const requests = cells.reduce((s, c) => s + c.requests, 0);
  const priced = cells.filter((c) => c.requests > 0 && !c.unpriced);
  const pricedRequests = priced.reduce((s, c) => s + c.requests, 0);
  const requestCost = priced.reduce((s, c) => s + costOf(c, basis), 0n);
  const unpricedCells = cells.filter((c) => c.unpriced);
  const unpriced = {
    rows: unpricedCells.reduce((s, c) => s + c.rows, 0),
    tokens: unpricedCells.reduce((s, c) => s + tokensOf(c), 0),
    models: [...new Set(unpricedCells.map((c) => c.model ?? '(none)'))].sort(),
  };

  return {
    currency,
    basis,
    period: { from: firstDay, to: lastDay },
    records,
    totals: {
      usage: exact(k('usage')),
      credits: exact(k('credit') + k('refund')),
      purchase: exact(k('purchase')),
      tax: exact(k('tax')),
      adjustment: exact(k('adjustment')),
      net: exact(net),
    },
    byKind: CHARGE_KINDS.filter((x) => byKind.has(x)).map((x) => ({ kind: x, cost: exact(byKind.get(x)!.cost), rows: byKind.get(x)!.rows })),
    daily: days.map((d) => ({ date: d, cost: exact(all.get(d) ?? 0n), usage: exact(usageDaily.get(d) ?? 0n) })),
    top,
    serviceTrends,
    unitCosts: {
      requests,
      costPerRequest: pricedRequests ? scaledToNumber(requestCost) / pricedRequests : null,
      models: unitRows(cells, basis, (c) => c.model),
      users: unitRows(cells, basis, (c) => c.user),
      projects: unitRows(cells, basis, (c) => c.project),
    },
    forecast: forecastMonth(daily, basis, o.budget),
    unpriced,
    lowerBound: unpriced.rows > 0,
  };
}
