import type { Catalog } from '../catalog/catalog.js';
import type { PathIssue } from '../schema-issues.js';
import type { Scenario } from '../scenario/schema.js';
import { correlationMatrix, type Uncertainty } from './extract.js';
import { imanConover } from './correlate.js';
import { describe, transform } from './distributions.js';
import { streamFor } from './rng.js';
import { meanOf, quantileSorted, sorted } from './stats.js';
import { laneSteps, type Lanes } from './vector-estimate.js';

export const DEFAULT_DRAWS = 10_000;
export const DEFAULT_SEED = 1;
export const DEFAULT_QUANTILES = [0.1, 0.5, 0.9] as const;
export const MAX_DRAWS = 1_000_000;
/**
 * Draws x (inputs + 32) is bounded: each varying number and each cost line holds a
 * Float64Array of the draws, and a scenario (hostile or not) must not make --simulate take
 * gigabytes. 32M lanes is about 256 MB.
 */
export const MAX_LANES = 32_000_000;

/** mean and the asked quantiles, keyed p10, p50, p90 (p2.5 for 2.5%). */
export type Summary = { mean: number } & Record<string, number>;

export interface SimulatedStep {
  strategy: string;
  monthly: Summary;
  /** share of draws in which this step costs less than the step before (null for the baseline) */
  saves: number | null;
}

export interface Simulation {
  draws: number;
  seed: number;
  /** the quantiles reported, as fractions */
  quantiles: number[];
  monthly: Summary;
  perRequest: Summary;
  /** share of draws over the scenario's budget (monthly or per request); null without a budget */
  budgetBreachProbability: number | null;
  /** a budget with a confidence: the monthly cost at that quantile against the limit */
  confidenceBudget: { limitMonthly: number; confidence: number; monthlyAtConfidence: number; status: 'within' | 'over' } | null;
  steps: SimulatedStep[];
  /** counts of the plan's monthly cost in equal bins from `from` to `to` (P0.5 to P99.5; the tails go to the end bins) */
  histogram: { from: number; to: number; counts: number[] };
  inputs: { name: string; distribution: string; median: number }[];
  /** correlations applied, by input name */
  correlations: { between: [string, string]; rank: number }[];
}

export interface SimulateOptions {
  draws?: number;
  seed?: number;
  /** fractions, e.g. [0.05, 0.5, 0.95] */
  quantiles?: readonly number[];
}

/**
 * Values of the scenario's numbers that follow from varying inputs without being inputs
 * themselves ("=expressions" over vars): given the inputs' lanes, their lanes by name.
 * Supplied by io, which owns the expression evaluator.
 */
export type Derive = (inputs: ReadonlyMap<string, Lanes>, n: number) => ReadonlyMap<string, Lanes>;

/** N draws of every uncertain input (rank correlations applied), by input name. */
export function drawInputs(u: Uncertainty, n: number, seed: number): Map<string, Lanes> {
  const cols = u.inputs.map((inp) => {
    const rng = streamFor(seed, inp.name);
    const x = new Float64Array(n);
    for (let j = 0; j < n; j++) x[j] = rng.uniform();
    return x;
  });
  if (u.correlations.length) {
    // ranks are reordered before the values are made, on the uniforms (the transforms are monotone)
    const { matrix, members } = correlationMatrix(u.inputs.length, u.correlations);
    imanConover(members.map((m) => cols[m] ?? new Float64Array(n)), matrix, streamFor(seed, '#correlations'));
  }
  const out = new Map<string, Lanes>();
  u.inputs.forEach((inp, i) => out.set(inp.name, transform(inp.dist, inp.kind, cols[i] ?? new Float64Array(n))));
  return out;
}

export const quantileKey = (q: number) => `p${Number((q * 100).toPrecision(6))}`;

export function summarise(x: Lanes, qs: readonly number[]): Summary {
  const s = sorted(x);
  const out: Summary = { mean: meanOf(x) };
  for (const q of qs) out[quantileKey(q)] = quantileSorted(s, q);
  return out;
}

/** Float noise must not turn an exact hit of the limit into "over" (as budget.ts). */
const over = (value: number, limit: number) => value > limit * (1 + 1e-9) + 1e-12;

/**
 * Monte Carlo over the scenario's distributions: N draws, the calculator applied array-wise to
 * all of them at once. `scenario` is the point-estimate scenario (medians in place) and has been
 * priced without issues by the scalar calculator.
 */
export function simulateScenario(args: { scenario: Scenario; catalog: Catalog; uncertainty: Uncertainty; derive?: Derive | undefined; options?: SimulateOptions }): { simulation?: Simulation; issues: PathIssue[] } {
  const { scenario: s, catalog, uncertainty } = args;
  const n = args.options?.draws ?? DEFAULT_DRAWS;
  const seed = args.options?.seed ?? DEFAULT_SEED;
  const qs = [...(args.options?.quantiles ?? DEFAULT_QUANTILES)];
  if (n * (uncertainty.inputs.length + 32) > MAX_LANES) {
    const most = Math.floor(MAX_LANES / (uncertainty.inputs.length + 32));
    return { issues: [{ path: [], message: `${n.toLocaleString('en-US')} draws of ${uncertainty.inputs.length} uncertain inputs is too much to hold in memory: at most ${most.toLocaleString('en-US')} draws for this scenario` }] };
  }
  const inputs = drawInputs(uncertainty, n, seed);
  const derived = args.derive ? args.derive(inputs, n) : new Map<string, Lanes>();
  const values = (name: string) => derived.get(name) ?? inputs.get(name);
  const { steps, issues } = laneSteps(s, catalog, n, values);
  if (issues.length || !steps.length) return { issues };
  const days = s.days_per_month;
  const R = values('workload.requests_per_day');
  const monthlyOf = (daily: Lanes) => daily.map((d) => d * days);
  const stepMonthly = steps.map((st) => monthlyOf(st.daily));
  const planDaily = steps[steps.length - 1]?.daily ?? new Float64Array(n);
  const plan = stepMonthly[stepMonthly.length - 1] ?? new Float64Array(n);
  const perRequest = planDaily.map((d, j) => d / (R ? (R[j] ?? 0) : s.workload.requests_per_day));

  const b = s.budget;
  let breach: number | null = null;
  if (b && (b.monthly !== undefined || b.max_cost_per_request !== undefined)) {
    let k = 0;
    for (let j = 0; j < n; j++) {
      if ((b.monthly !== undefined && over(plan[j] ?? 0, b.monthly)) || (b.max_cost_per_request !== undefined && over(perRequest[j] ?? 0, b.max_cost_per_request))) k++;
    }
    breach = k / n;
  }
  const sortedPlan = sorted(plan);
  let confidenceBudget: Simulation['confidenceBudget'] = null;
  if (b?.monthly !== undefined && b.confidence !== undefined) {
    const at = quantileSorted(sortedPlan, b.confidence);
    confidenceBudget = { limitMonthly: b.monthly, confidence: b.confidence, monthlyAtConfidence: at, status: over(at, b.monthly) ? 'over' : 'within' };
  }
  const simSteps: SimulatedStep[] = steps.map((st, i) => {
    const m = stepMonthly[i] ?? new Float64Array(n);
    const prev = i > 0 ? stepMonthly[i - 1] : undefined;
    let saves: number | null = null;
    if (prev) {
      let k = 0;
      for (let j = 0; j < n; j++) if ((m[j] ?? 0) < (prev[j] ?? 0)) k++;
      saves = k / n;
    }
    return { strategy: st.strategy, monthly: summarise(m, qs), saves };
  });
  return {
    issues: [],
    simulation: {
      draws: n,
      seed,
      quantiles: qs,
      monthly: summarise(plan, qs),
      perRequest: summarise(perRequest, qs),
      budgetBreachProbability: breach,
      confidenceBudget,
      steps: simSteps,
      histogram: histogram(sortedPlan, 16),
      inputs: uncertainty.inputs.map((i) => ({ name: i.name, distribution: describe(i.dist, i.kind), median: i.median })),
      correlations: uncertainty.correlations.map((c) => ({ between: [uncertainty.inputs[c.a]?.name ?? '', uncertainty.inputs[c.b]?.name ?? ''], rank: c.rank })),
    },
  };
}

function histogram(s: Float64Array, bins: number): Simulation['histogram'] {
  const from = quantileSorted(s, 0.005);
  const to = quantileSorted(s, 0.995);
  const counts = new Array<number>(bins).fill(0);
  const width = (to - from) / bins;
  for (let i = 0; i < s.length; i++) {
    const x = s[i] ?? 0;
    const k = width > 0 ? Math.min(bins - 1, Math.max(0, Math.floor((x - from) / width))) : 0;
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return { from, to, counts };
}
