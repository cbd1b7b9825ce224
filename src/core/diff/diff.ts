import type { ScenarioEstimate } from '../estimate/types.js';
import { numberToScaled, scaledToCents } from '../decimal.js';
import { InputError, formatPosition, type Diagnostic, type SourcePosition } from '../errors.js';

/**
 * `costopt diff`: the monthly cost change between two estimates of a scenario, per step and in
 * total, split into the part caused by prices (the catalog) and the part caused by
 * assumptions (the scenario), by pricing one side's assumptions under both catalogs:
 *
 *   total      = head(headCatalog) - base(baseCatalog)
 *   price      = head(headCatalog) - head(baseCatalog)     (head's assumptions, both catalogs)
 *   assumption = head(baseCatalog) - base(baseCatalog)     (both assumptions, base's catalog)
 *
 * so price + assumption = total by construction. When head's assumptions cannot be priced in
 * base's catalog (a model that did not exist then), base's assumptions are priced in head's
 * catalog instead: price = base(headCatalog) - base(baseCatalog), assumption = the rest.
 *
 * Monthly costs are compared in cents: each of the three costs is rounded to the cent (half
 * away from zero) before subtracting, so old, new, change, price and assumption add up to
 * the cent as printed (105.13125 - 100 split 5.00625 + 0.125 printed $5.13 = $5.01 + $0.13).
 */

export type SplitMethod = 'same-catalog' | 'head-assumptions-at-both-catalogs' | 'base-assumptions-at-both-catalogs' | 'unavailable';

export interface Change {
  oldMonthly: number | null;
  newMonthly: number | null;
  changeMonthly: number;
  /** change against the old cost, percent; null when the old cost is $0 or absent */
  changePercent: number | null;
  /** the part of the change caused by prices; null when it cannot be separated */
  priceChange: number | null;
  /** the part of the change caused by the scenario's assumptions */
  assumptionChange: number | null;
}

export interface StepChange extends Change {
  strategy: string;
  label: string;
  /** the side had no such step: its cost is that of the step before (costs after a step are cumulative) */
  absentIn?: 'base' | 'head' | 'both';
}

export interface SideRef {
  source: string;
  name: string;
  catalog: { id: string; version: string; hash: string };
}

export interface ScenarioDiff extends Change {
  name: string;
  status: 'changed' | 'unchanged' | 'added' | 'removed';
  base: SideRef | null;
  head: SideRef | null;
  split: { method: SplitMethod; reason?: string };
  perRequest: { old: number | null; new: number | null; change: number | null; changePercent: number | null };
  steps: StepChange[];
  /** both sides simulated (saved results of estimate --simulate, diff --simulate, confidence budgets): the plan's monthly quantiles, old -> new */
  simulation?: SimulationChange;
}

export interface SimulationChange {
  /** the statistics both sides have (mean, p10, p50, p90...) */
  monthly: Record<string, { old: number; new: number; change: number; changePercent: number | null }>;
  /** share of draws over budget, old -> new (null when a side has no budget) */
  budgetBreachProbability: { old: number | null; new: number | null };
}

/** The simulated monthly statistics two estimates share, old -> new. */
export function simulationChange(b: ScenarioEstimate, h: ScenarioEstimate): SimulationChange | undefined {
  const sb = b.simulation;
  const sh = h.simulation;
  if (!sb || !sh) return undefined;
  const monthly: SimulationChange['monthly'] = {};
  for (const [k, o] of Object.entries(sb.monthly)) {
    const n = sh.monthly[k];
    if (typeof o !== 'number' || typeof n !== 'number') continue;
    monthly[k] = { old: o, new: n, change: n - o, changePercent: percentChange(o, n) };
  }
  return { monthly, budgetBreachProbability: { old: sb.budgetBreachProbability ?? null, new: sh.budgetBreachProbability ?? null } };
}

export interface DiffReport extends Change {
  scenarios: ScenarioDiff[];
  summary: { changed: number; unchanged: number; added: number; removed: number };
}

export type Cross =
  | { kind: 'head-at-base-catalog'; estimate: ScenarioEstimate }
  | { kind: 'base-at-head-catalog'; estimate: ScenarioEstimate; reason?: string }
  | { kind: 'unavailable'; reason: string };

export interface DiffPair {
  base?: { estimate: ScenarioEstimate; source: string };
  head?: { estimate: ScenarioEstimate; source: string };
  /** the same assumptions priced under the other side's catalog, when the catalogs differ */
  cross?: Cross;
}

/** The order estimate stacks steps in (SPEC §3); unknown strategies keep their place after these. */
const ORDER = ['baseline', 'prompt', 'cache', 'routing', 'batch', 'prompt_cache'];

export function percentChange(oldV: number | null, newV: number | null): number | null {
  if (oldV === null || newV === null) return null;
  if (oldV === 0) return newV === 0 ? 0 : null;
  return ((newV - oldV) / Math.abs(oldV)) * 100;
}

/** Cost after each step of `order`, carrying the previous step's cost over a step the side does not have. */
function costsAfter(order: readonly string[], e: ScenarioEstimate): Map<string, { monthly: number; present: boolean; label?: string }> {
  const byStrategy = new Map(e.steps.filter((s) => s.strategy !== 'plan').map((s) => [s.strategy, s]));
  const out = new Map<string, { monthly: number; present: boolean; label?: string }>();
  let last = e.baseline.monthly;
  for (const strategy of order) {
    const s = byStrategy.get(strategy);
    if (strategy === 'baseline') {
      out.set(strategy, { monthly: e.baseline.monthly, present: true, label: s?.label });
    } else if (s) {
      last = s.monthly;
      out.set(strategy, { monthly: s.monthly, present: true, label: s.label });
    } else {
      out.set(strategy, { monthly: last, present: false });
    }
  }
  return out;
}

function stepOrder(...estimates: ScenarioEstimate[]): string[] {
  const seen = new Set<string>(['baseline']);
  const extra: string[] = [];
  for (const e of estimates) for (const s of e.steps) if (s.strategy !== 'plan' && !ORDER.includes(s.strategy) && !seen.has(s.strategy)) { seen.add(s.strategy); extra.push(s.strategy); }
  const present = new Set(estimates.flatMap((e) => e.steps.map((s) => s.strategy)));
  return [...ORDER.filter((s) => s === 'baseline' || present.has(s)), ...extra];
}

/** A monthly cost rounded to the cent (half away from zero). */
const cents = (usd: number): number => Math.round(scaledToCents(numberToScaled(usd)) * 100) / 100;
/** the whole number of cents of an amount already rounded to the cent (drops float noise) */
const inCents = (usd: number): number => Math.round(usd * 100);
/** a - b for amounts that are whole cents */
const minus = (a: number, b: number): number => (inCents(a) - inCents(b)) / 100;
const centsOrNull = (x: number | null): number | null => (x === null ? null : inCents(x) / 100);

/** A change between costs already rounded to the cent: the differences are taken in whole cents (no float noise). */
function change(oldV: number | null, newV: number | null, price: number | null, assumption: number | null): Change {
  return { oldMonthly: oldV, newMonthly: newV, changeMonthly: minus(newV ?? 0, oldV ?? 0), changePercent: percentChange(oldV, newV), priceChange: centsOrNull(price), assumptionChange: centsOrNull(assumption) };
}

const ref = (side: { estimate: ScenarioEstimate; source: string }): SideRef => ({
  source: side.source,
  name: side.estimate.name,
  catalog: { id: side.estimate.catalog.id, version: side.estimate.catalog.version, hash: side.estimate.catalog.hash },
});

/** One scenario's change, per step and in total, with the price/assumption split. */
export function diffScenario(pair: DiffPair): ScenarioDiff {
  const { base, head } = pair;
  if (!base || !head) {
    // a scenario that appears or disappears is a change of assumptions (the workload), not of prices
    const e = (base ?? head)?.estimate;
    if (!e) throw new Error('diffScenario: a pair needs a base or a head');
    const sign = base ? -1 : 1;
    const order = stepOrder(e);
    const costs = costsAfter(order, e);
    const steps = order.map((strategy): StepChange => {
      const c = costs.get(strategy) ?? { monthly: 0, present: false };
      const m = cents(c.monthly);
      return { strategy, label: c.label ?? strategy, ...change(base ? m : null, head ? m : null, 0, sign * m) };
    });
    return {
      name: e.name,
      status: base ? 'removed' : 'added',
      base: base ? ref(base) : null,
      head: head ? ref(head) : null,
      split: { method: 'same-catalog', reason: base ? 'removed in head' : 'new in head' },
      perRequest: { old: base ? e.plan.perRequest : null, new: head ? e.plan.perRequest : null, change: null, changePercent: null },
      steps,
      ...change(base ? cents(e.plan.monthly) : null, head ? cents(e.plan.monthly) : null, 0, sign * cents(e.plan.monthly)),
    };
  }

  const b = base.estimate;
  const h = head.estimate;
  const sameCatalog = b.catalog.hash === h.catalog.hash;
  const cross: Cross = sameCatalog
    ? { kind: 'unavailable', reason: '' }
    : pair.cross ?? { kind: 'unavailable', reason: 'saved results carry no assumptions to re-price; diff scenario files to separate price from assumption changes' };
  const x = cross.kind === 'unavailable' ? undefined : cross.estimate;
  const order = stepOrder(b, h, ...(x ? [x] : []));
  const bc = costsAfter(order, b);
  const hc = costsAfter(order, h);
  const xc = x ? costsAfter(order, x) : undefined;

  // split of one cost pair given the cross-priced cost
  // (all three in whole cents, so that the two parts add up to the change as printed)
  const split = (oldV: number, newV: number, crossV: number | undefined): [number | null, number | null] => {
    if (sameCatalog) return [0, minus(newV, oldV)];
    if (crossV === undefined) return [null, null];
    const x = cents(crossV);
    return cross.kind === 'head-at-base-catalog' ? [minus(newV, x), minus(x, oldV)] : [minus(x, oldV), minus(newV, x)];
  };

  const steps = order.map((strategy): StepChange => {
    const o = bc.get(strategy) ?? { monthly: 0, present: false };
    const n = hc.get(strategy) ?? { monthly: 0, present: false };
    const [oldC, newC] = [cents(o.monthly), cents(n.monthly)];
    const [price, assumption] = split(oldC, newC, xc?.get(strategy)?.monthly);
    const absentIn = !o.present && !n.present ? 'both' : !o.present ? 'base' : !n.present ? 'head' : undefined;
    return { strategy, label: n.label ?? o.label ?? strategy, ...change(oldC, newC, price, assumption), ...(absentIn ? { absentIn } : {}) };
  });
  const [planOld, planNew] = [cents(b.plan.monthly), cents(h.plan.monthly)];
  const [price, assumption] = split(planOld, planNew, x?.plan.monthly);
  const total = change(planOld, planNew, price, assumption);
  const sim = simulationChange(b, h);
  return {
    name: h.name === b.name ? h.name : `${b.name} -> ${h.name}`,
    status: Math.abs(total.changeMonthly) < 1e-9 && steps.every((s) => Math.abs(s.changeMonthly) < 1e-9) ? 'unchanged' : 'changed',
    base: ref(base),
    head: ref(head),
    split: sameCatalog
      ? { method: 'same-catalog' }
      : cross.kind === 'unavailable'
        ? { method: 'unavailable', reason: cross.reason }
        : cross.kind === 'head-at-base-catalog'
          ? { method: 'head-assumptions-at-both-catalogs' }
          : { method: 'base-assumptions-at-both-catalogs', ...(cross.reason ? { reason: cross.reason } : {}) },
    perRequest: { old: b.plan.perRequest, new: h.plan.perRequest, change: h.plan.perRequest - b.plan.perRequest, changePercent: percentChange(b.plan.perRequest, h.plan.perRequest) },
    steps,
    ...total,
    ...(sim ? { simulation: sim } : {}),
  };
}

/** A scenario as matching by name sees it: its name, where it came from, where its name is written. */
export interface Named {
  estimate: ScenarioEstimate;
  source?: string;
  at?: SourcePosition;
}

/**
 * Scenarios of one side that share a name, which matching by name cannot tell apart: one
 * diagnostic per repeat, at the repeat, naming the first (file:line:col) and the name.
 * `why` says what matches by name and what would go wrong.
 */
export function repeatedNames(sides: readonly Named[], side: string, why: string): Diagnostic[] {
  const first = new Map<string, Named>();
  const out: Diagnostic[] = [];
  const where = (x: Named) => formatPosition(x.at ?? {}) || x.source || 'a saved result';
  for (const x of sides) {
    const seen = first.get(x.estimate.name);
    if (!seen) {
      first.set(x.estimate.name, x);
      continue;
    }
    out.push({
      severity: 'error',
      ...(x.at ?? { file: x.source }),
      path: 'name',
      message: `scenario name "${x.estimate.name}" is used twice in the ${side}: here and at ${where(seen)}; ${why}`,
      hint: 'give each scenario its own `name:`',
    });
  }
  return out;
}

/**
 * Pair scenarios across the two sides: one scenario on each side is a pair whatever its name
 * (a rename is still the same workload); otherwise by name, the rest added or removed. A
 * name used twice on a side cannot be paired: exit 2 naming both places.
 */
export function pairByName<T extends Named>(base: readonly T[], head: readonly T[]): { base?: T; head?: T }[] {
  if (base.length === 1 && head.length === 1) return [{ base: base[0], head: head[0] }];
  const why = 'diff pairs base and head scenarios by name, so it cannot tell which is which';
  const repeats = [...repeatedNames(base, 'base', why), ...repeatedNames(head, 'head', why)];
  if (repeats.length) throw new InputError(repeats);
  const pairs: { base?: T; head?: T }[] = [];
  const used = new Set<T>();
  for (const h of head) {
    const b = base.find((x) => !used.has(x) && x.estimate.name === h.estimate.name);
    if (b) used.add(b);
    pairs.push({ base: b, head: h });
  }
  for (const b of base) if (!used.has(b)) pairs.push({ base: b });
  return pairs;
}

// sums of amounts in whole cents, taken in cents
const sumCents = (xs: (number | null)[]): number => xs.reduce<number>((a, x) => a + inCents(x ?? 0), 0) / 100;
const sumOrNull = (xs: (number | null)[]): number | null => (xs.some((x) => x === null) ? null : sumCents(xs));

export function diffReport(pairs: readonly DiffPair[]): DiffReport {
  const scenarios = pairs.map(diffScenario);
  const oldV = sumCents(scenarios.map((s) => s.oldMonthly));
  const newV = sumCents(scenarios.map((s) => s.newMonthly));
  return {
    scenarios,
    summary: {
      changed: scenarios.filter((s) => s.status === 'changed').length,
      unchanged: scenarios.filter((s) => s.status === 'unchanged').length,
      added: scenarios.filter((s) => s.status === 'added').length,
      removed: scenarios.filter((s) => s.status === 'removed').length,
    },
    ...change(oldV, newV, sumOrNull(scenarios.map((s) => s.priceChange)), sumOrNull(scenarios.map((s) => s.assumptionChange))),
  };
}
