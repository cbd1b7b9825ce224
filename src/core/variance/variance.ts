import type { ModelEntry } from '../catalog/schema.js';
import { scaledToNumber, scaledToString } from '../decimal.js';
import type { ModelUsage, UsageSummary } from '../usage/summary.js';
import type { Plan, Profile, RateVector } from './plan.js';
import { ONE, ZERO, add, div, fromNumber, mul, q, sub, toNumber, toScaled, type Q } from './rational.js';

/**
 * Planned vs actual over the same days, the difference split into effects by a sequential
 * decomposition. Starting from the plan, one factor at a time is switched from planned to
 * actual, in this order, and each effect is what that switch changed:
 *
 *   volume         requests over the period (planned requests/day x days -> requests in the usage)
 *   mix            share of requests per model
 *   input_tokens   mean input tokens per request, per model
 *   output_tokens  mean output tokens per request, per model
 *   caching        cache-read and cache-write tokens per request (provider prompt caching)
 *   batch          share of calls sent through a batch API
 *   price          the plan's rates (catalog in force on the plan's date) -> the cost the usage was
 *                  actually priced at (each request at the rates in force on its own date, its own
 *                  long-context tier)
 *
 * Each effect is evaluated with the factors before it at actual and those after it at plan, so
 * the effects add up to actual - planned exactly. Everything up to the price step is exact
 * rational arithmetic; each model's running total is rounded once to 1e-12 USD and the effects
 * are differences of those rounded totals, so they add up to the digit (and the total row is the
 * sum of the model rows).
 */
export const EFFECTS = ['volume', 'mix', 'input_tokens', 'output_tokens', 'caching', 'batch', 'price'] as const;
export type Effect = (typeof EFFECTS)[number];

export interface Part {
  effect: Effect;
  amount: number;
  /** the amount as an exact decimal (1e-12 USD): a JSON number holds about 15 significant digits */
  exact: string;
}

export interface ModelVariance {
  model: string;
  planned: number;
  actual: number;
  difference: number;
  /** planned, actual and difference as exact decimals (1e-12 USD) */
  exact: { planned: string; actual: string; difference: string };
  parts: Part[];
}

/** The assumption and the usage side by side for one model (what the effects were computed from). */
export interface ModelDrivers {
  model: string;
  planned: DriverValues;
  actual: DriverValues;
  /** the plan's rates, USD per 1M tokens */
  plannedRates: { input: number; output: number; cacheRead: number; cacheWrite: number; batchInput: number; batchOutput: number };
  /** false for a model the usage calls and the plan does not */
  inPlan: boolean;
}

export interface DriverValues {
  requests: number;
  /** percent of all requests, 0-100 */
  sharePercent: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** percent of calls batched, 0-100 */
  batchPercent: number;
}

export interface VarianceFigures {
  planned: number;
  actual: number;
  difference: number;
  /** planned, actual and difference as exact decimals (1e-12 USD); the parts' `exact` add up to `difference` */
  exact: { planned: string; actual: string; difference: string };
  parts: Part[];
  models: ModelVariance[];
}

export interface VarianceCore {
  period: { from: string; to: string; days: number };
  variance: VarianceFigures;
  drivers: ModelDrivers[];
  /** the decomposition order, as documented */
  order: Effect[];
  notes: string[];
}

/** What `costopt variance` reports (JSON: this object with schemaVersion and command). */
export interface VarianceReport extends VarianceCore {
  scenario: { name: string; file: string };
  /** the plan's prices: the catalog and the day they were taken at */
  planPrices: { catalog: { id: string; version: string; hash: string }; asOf: string };
  /** how the usage was priced (request logs): the release and whether each row used its own date */
  actualPrices: { catalog: { id: string; version: string; hash: string }; dates: 'row-date' | 'versions-by-date' | 'fixed'; overrides?: string } | null;
  usage: { files: { file: string; format: string; rows: number }[]; requests: number };
  warnings: string[];
}

interface State {
  requests: Q;
  profile: Profile;
}

const MILLION = fromNumber(1e6);
const exactOf = (planned: bigint, actual: bigint) => ({ planned: scaledToString(planned), actual: scaledToString(actual), difference: scaledToString(actual - planned) });

/** Cost of `state` at `r`: requests x share x per-request cost, per 1M tokens. */
function costOf(s: State, r: RateVector): Q {
  const p = s.profile;
  const uncached = sub(sub(sub(p.input, p.cacheRead), p.cacheWrite), p.cacheWrite1h);
  const realtime = add(add(add(add(mul(uncached, r.input), mul(p.cacheRead, r.cacheRead)), mul(p.cacheWrite, r.cacheWrite)), mul(p.cacheWrite1h, r.cacheWrite1h)), mul(p.output, r.output));
  const batched = add(mul(p.input, r.batchInput), mul(p.output, r.batchOutput));
  const perRequest = add(mul(sub(ONE, p.batch), realtime), mul(p.batch, batched));
  return div(mul(mul(s.requests, p.share), perRequest), MILLION);
}

function actualProfile(m: ModelUsage | undefined, total: number): Profile {
  if (!m || m.requests === 0) return { share: ZERO, input: ZERO, output: ZERO, cacheRead: ZERO, cacheWrite: ZERO, cacheWrite1h: ZERO, batch: ZERO };
  const n = BigInt(m.requests);
  // usage records do not say which requests went through a batch API: actual batch share is 0
  return { share: q(n, BigInt(total)), input: q(m.input, n), output: q(m.output, n), cacheRead: q(m.cacheRead, n), cacheWrite: q(m.cacheWrite, n), cacheWrite1h: q(m.cacheWrite1h, n), batch: ZERO };
}

export interface VarianceInput {
  plan: Plan;
  usage: UsageSummary;
  /** the period compared: whole UTC days */
  period: { from: string; to: string; days: number };
  /** catalog entry of a model the usage calls but the plan does not (for its plan-date rates); undefined when neither catalog knows it */
  entryFor(model: string): { entry: ModelEntry; note?: string } | undefined;
}

export function computeVariance(input: VarianceInput): { result?: VarianceCore; problems: string[] } {
  const { plan, usage, period } = input;
  const problems: string[] = [];
  const notes: string[] = [...plan.notes];
  const byModel = new Map(usage.models.map((m) => [m.model, m]));
  const ids = [...plan.models.map((m) => m.model), ...usage.models.map((m) => m.model).filter((id) => !plan.models.some((p) => p.model === id))];
  const plannedRequests = mul(plan.requestsPerDay, fromNumber(period.days));
  const actualRequests = fromNumber(usage.requests);

  const models: ModelVariance[] = [];
  const drivers: ModelDrivers[] = [];
  const totals = new Map<Effect, bigint>(EFFECTS.map((e) => [e, 0n]));
  let plannedTotal = 0n;
  let actualTotal = 0n;
  for (const id of ids) {
    const planned = plan.models.find((m) => m.model === id);
    let base: Profile;
    let rates: RateVector;
    if (planned) {
      base = planned.profile;
      rates = planned.rates;
    } else {
      const e = input.entryFor(id);
      if (!e) {
        problems.push(`${id}: neither the plan's catalog nor the usage's prices know this model, so its requests cannot be priced at plan rates`);
        continue;
      }
      if (e.note) notes.push(e.note);
      const r = plan.ratesFor(e.entry);
      if (r.missing) {
        problems.push(r.missing);
        continue;
      }
      base = plan.profileFor(e.entry);
      rates = r.rates;
    }
    const used = byModel.get(id);
    const act = actualProfile(used, usage.requests);
    // the states, one factor switched at a time (EFFECTS order, price last)
    const states: State[] = [];
    let s: State = { requests: plannedRequests, profile: base };
    states.push(s);
    s = { ...s, requests: actualRequests };
    states.push(s);
    s = { ...s, profile: { ...s.profile, share: act.share } };
    states.push(s);
    s = { ...s, profile: { ...s.profile, input: act.input } };
    states.push(s);
    s = { ...s, profile: { ...s.profile, output: act.output } };
    states.push(s);
    s = { ...s, profile: { ...s.profile, cacheRead: act.cacheRead, cacheWrite: act.cacheWrite, cacheWrite1h: act.cacheWrite1h } };
    states.push(s);
    s = { ...s, profile: { ...s.profile, batch: act.batch } };
    states.push(s);
    const running = states.map((x) => toScaled(costOf(x, rates)));
    running.push(used?.cost ?? 0n);
    const parts: Part[] = EFFECTS.map((effect, i) => {
      const amount = running[i + 1]! - running[i]!;
      totals.set(effect, totals.get(effect)! + amount);
      return { effect, amount: scaledToNumber(amount), exact: scaledToString(amount) };
    });
    const p0 = running[0]!;
    const p1 = running[running.length - 1]!;
    plannedTotal += p0;
    actualTotal += p1;
    models.push({ model: id, planned: scaledToNumber(p0), actual: scaledToNumber(p1), difference: scaledToNumber(p1 - p0), exact: exactOf(p0, p1), parts });
    const pct = (x: Q) => toNumber(mul(x, fromNumber(100)));
    const values = (req: Q, p: Profile): DriverValues => ({
      requests: toNumber(mul(req, p.share)), sharePercent: pct(p.share), inputTokens: toNumber(p.input), outputTokens: toNumber(p.output),
      cacheReadTokens: toNumber(p.cacheRead), cacheWriteTokens: toNumber(add(p.cacheWrite, p.cacheWrite1h)), batchPercent: pct(p.batch),
    });
    drivers.push({
      model: id,
      planned: values(plannedRequests, base),
      actual: used ? values(actualRequests, act) : values(actualRequests, { ...base, share: ZERO }),
      plannedRates: { input: toNumber(rates.input), output: toNumber(rates.output), cacheRead: toNumber(rates.cacheRead), cacheWrite: toNumber(rates.cacheWrite), batchInput: toNumber(rates.batchInput), batchOutput: toNumber(rates.batchOutput) },
      inPlan: Boolean(planned),
    });
  }
  if (problems.length) return { problems };
  const variance: VarianceFigures = {
    planned: scaledToNumber(plannedTotal),
    actual: scaledToNumber(actualTotal),
    difference: scaledToNumber(actualTotal - plannedTotal),
    exact: exactOf(plannedTotal, actualTotal),
    parts: EFFECTS.map((effect) => ({ effect, amount: scaledToNumber(totals.get(effect)!), exact: scaledToString(totals.get(effect)!) })),
    models,
  };
  return { result: { period, variance, drivers, order: [...EFFECTS], notes: [...new Set(notes)] }, problems };
}
