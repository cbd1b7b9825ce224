import { scaledToNumber } from '../decimal.js';
import { dayRange, spreadAmount, type AggregateCell } from './aggregate.js';
import { DEFAULT_REPORT_OPTIONS, NONE, reportFromCells, type CurrencyAggregates, type DailyCell, type TopList, type UnitAggregate } from './report-data.js';
import { CHARGE_KINDS, MS_PER_DAY, type Basis, type ChargeKind } from './record.js';
import type { CurrencyReport, Forecast, RankedItem, UnitCostRow } from './result.js';

/** Amounts leave the summary exactly (SPEC §2.1): the 1e-12 sums as numbers, never rounded to the cent; tables round for people. */
const exact = (v: bigint): number => scaledToNumber(v);

/** Pure report maths over the engines' report aggregates (report-data.ts): one `CurrencyReport` per currency, never mixed. */
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

export type { DailyCell } from './report-data.js';

/** Daily amounts (1e-12 units) per day, multi-day cells spread over the days they cover. */
export function dailyAmounts(cells: readonly DailyCell[], filter: (c: DailyCell) => boolean = () => true): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const c of cells) {
    if (!filter(c)) continue;
    const v = c.cost;
    if (c.span) for (const p of spreadAmount(v, c.span[0], c.span[1])) out.set(p.day, (out.get(p.day) ?? 0n) + p.amount);
    else out.set(c.day, (out.get(c.day) ?? 0n) + v);
  }
  return out;
}

function lastCoveredDay(c: DailyCell): string {
  if (!c.span) return c.day;
  return new Date(Math.floor((c.span[1] - 1) / MS_PER_DAY) * MS_PER_DAY).toISOString().slice(0, 10);
}

function ranked(list: TopList | null, base: bigint): RankedItem[] {
  if (!list) return [];
  const share = (v: bigint) => (base > 0n ? Math.round((scaledToNumber(v) / scaledToNumber(base)) * 10000) / 100 : 0);
  const out = list.head.map((x) => ({ name: x.name, cost: exact(x.cost), share: share(x.cost) }));
  if (list.rest) out.push({ name: `other (${list.rest.count})`, cost: exact(list.rest.cost), share: share(list.rest.cost) });
  return out;
}

function unitRows(rows: readonly UnitAggregate[]): UnitCostRow[] {
  return rows.map((e) => ({
    name: e.name,
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
export function forecastMonth(cells: readonly DailyCell[], budget: number | null): Forecast | null {
  const singleDays = cells.filter((c) => !c.span).map((c) => c.day);
  // a bill of multi-day lines only (a monthly invoice): its data runs to the last day they
  // cover, and its usage lines, spread, give the run rate
  const spreadOnly = !singleDays.length;
  const dataDays = spreadOnly ? cells.map(lastCoveredDay) : singleDays;
  if (!dataDays.length) return null;
  const asOf = dataDays.reduce((a, b) => (a > b ? a : b));
  const month = asOf.slice(0, 7);
  const all = dailyAmounts(cells);
  const usage = dailyAmounts(cells, (c) => c.chargeKind === 'usage' && (spreadOnly || !c.span));
  const days = dayRange(`${month}-01`, `${month}-${String(daysInMonth(month)).padStart(2, '0')}`);
  const past = days.filter((d) => d <= asOf);
  const window = past.slice(-7);
  const runRateScaled = window.reduce((s, d) => s + (usage.get(d) ?? 0n), 0n) / BigInt(window.length);
  const spreadFuture = dailyAmounts(cells, (c) => c.span !== null);
  let cumulative = 0n;
  let crossing: string | null = null;
  const limit = budget === null ? null : BigInt(Math.round(budget * 100)) * 10n ** 10n;
  const path: Forecast['cumulative'] = [];
  for (const d of days) {
    const add = d <= asOf ? (all.get(d) ?? 0n) : runRateScaled + (spreadFuture.get(d) ?? 0n);
    cumulative += add;
    path.push({ date: d, cost: exact(cumulative), projected: d > asOf });
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
    cumulative: path,
  };
}

/**
 * One report per currency (primary first). The budget is an amount in the primary currency: the
 * other currencies' forecasts have none (their amounts cannot be compared with it).
 */
export function summarize(aggregates: readonly CurrencyAggregates[], o: SummaryOptions): CurrencyReport[] {
  return aggregates.map((a, i) => summarizeCurrency(a, i === 0 ? o : { ...o, budget: null }));
}

/** The reports of a set of cells (tests; the engines hand over `CurrencyAggregates`). */
export function summarizeCells(cells: readonly AggregateCell[], o: SummaryOptions): CurrencyReport[] {
  return summarize(reportFromCells(cells, { ...DEFAULT_REPORT_OPTIONS, basis: o.basis, topN: o.topN }), o);
}

export function summarizeCurrency(a: CurrencyAggregates, o: SummaryOptions): CurrencyReport {
  const { basis } = o;
  const byKind = new Map(a.byKind.map((e) => [e.kind, e]));
  const k = (kind: ChargeKind) => byKind.get(kind)?.cost ?? 0n;
  const net = a.byKind.reduce((s, e) => s + e.cost, 0n);

  const daily = a.daily;
  const all = dailyAmounts(daily);
  const usageDaily = dailyAmounts(daily, (c) => c.chargeKind === 'usage');
  const firstDay = daily.length ? daily.map((c) => c.day).reduce((x, y) => (x < y ? x : y)) : null;
  const lastDay = daily.length ? daily.map(lastCoveredDay).reduce((x, y) => (x > y ? x : y)) : null;
  const days = firstDay && lastDay ? dayRange(firstDay, lastDay) : [];

  const rankBase = net > 0n ? net : 0n;
  const top = {
    services: ranked(a.top.services, rankBase),
    skus: ranked(a.top.skus, rankBase),
    models: ranked(a.top.models, rankBase),
    accounts: ranked(a.top.accounts, rankBase),
    regions: ranked(a.top.regions, rankBase),
  };
  const serviceTrends = top.services
    .filter((s) => !s.name.startsWith('other (') && s.name !== NONE)
    .slice(0, o.trendServices)
    .map((s) => {
      const d = dailyAmounts(daily, (c) => c.service === s.name);
      return { name: s.name, daily: days.map((day) => exact(d.get(day) ?? 0n)) };
    });

  return {
    currency: a.currency,
    basis,
    period: { from: firstDay, to: lastDay },
    records: a.records,
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
      requests: a.requests,
      costPerRequest: a.pricedRequests ? scaledToNumber(a.requestCost) / a.pricedRequests : null,
      models: unitRows(a.unitCosts.models),
      users: unitRows(a.unitCosts.users),
      projects: unitRows(a.unitCosts.projects),
    },
    forecast: forecastMonth(daily, o.budget),
    unpriced: a.unpriced,
    lowerBound: a.unpriced.rows > 0,
  };
}
