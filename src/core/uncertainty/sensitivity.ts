import type { Catalog } from '../catalog/catalog.js';
import { formatPath } from '../errors.js';
import type { PathIssue } from '../schema-issues.js';
import type { Scenario } from '../scenario/schema.js';
import { quantile } from './distributions.js';
import type { Uncertainty } from './extract.js';
import { drawInputs, DEFAULT_DRAWS, DEFAULT_SEED, type Derive, type SimulateOptions } from './simulate.js';
import { spearman } from './stats.js';
import { laneSteps, type Lanes } from './vector-estimate.js';

/** How far --all moves a number that has no distribution: -20% and +20%. */
export const ALL_SWING = 0.2;

export interface SensitivityInput {
  /** the input's name: its path in the scenario */
  path: string;
  /** where low and high come from: the distribution's P10 and P90, or the number -/+20% */
  source: 'p10-p90' | 'plus-minus-20';
  median: number;
  low: number;
  high: number;
  /** plan cost per month with this input at low (high) and every other at its median */
  costLow: number;
  costHigh: number;
  /** |costHigh - costLow| */
  swing: number;
  /** with --simulate: the share of the variance of the monthly cost this input explains (squared rank correlation, normalised) */
  varianceShare?: number | null;
}

export interface Sensitivity {
  name: string;
  file?: string;
  /** plan cost per month with every input at its median (the point estimate) */
  monthly: number;
  inputs: SensitivityInput[];
  simulation?: { draws: number; seed: number };
}

interface Candidate {
  name: string;
  median: number;
  low: number;
  high: number;
  source: SensitivityInput['source'];
}

/** Parts of the validated scenario whose numbers the calculator reads. */
const PRICED = ['workload', 'baseline', 'strategies'] as const;
/** Numbers that are not inputs of the plan's cost (labels, sizes of lists...). */
const SKIP = new Set(['ttl']);

/**
 * Every number of the plan's inputs (for --all): at -/+20%, a share kept within 0-100%.
 * Distribution inputs keep their P10/P90. Vars are included when `vars` is given (io derives
 * the expressions that read them).
 */
function allNumbers(s: Scenario, vars: readonly string[]): Candidate[] {
  const out: Candidate[] = [];
  const shareKey = (k: PropertyKey, parent: PropertyKey | undefined) =>
    parent === 'task_mix' || (typeof k === 'string' && ['share', 'hit_rate', 'input_token_reduction', 'output_token_reduction', 'handles'].includes(k));
  const walk = (v: unknown, path: PropertyKey[]) => {
    if (typeof v === 'number') {
      const last = path[path.length - 1];
      if (last === undefined || SKIP.has(String(last))) return;
      const isShare = shareKey(last, path[path.length - 2]);
      const lo = v * (1 - ALL_SWING);
      const hi = v * (1 + ALL_SWING);
      out.push({ name: formatPath(path), median: v, low: isShare ? Math.max(0, lo) : lo, high: isShare ? Math.min(1, hi) : hi, source: 'plus-minus-20' });
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  for (const r of PRICED) walk(s[r], [r]);
  for (const name of vars) {
    const v = s.vars?.[name];
    const n = typeof v === 'number' ? v : undefined;
    if (n !== undefined) out.push({ name: `vars.${name}`, median: n, low: n * (1 - ALL_SWING), high: n * (1 + ALL_SWING), source: 'plus-minus-20' });
  }
  return out;
}

/**
 * One-at-a-time sensitivity (a tornado): each input at its low and its high value with the
 * others at their medians, all settings priced at once as lanes of the array-wise calculator.
 * With `simulate`, also the share of the variance each distribution explains.
 */
export function sensitivity(args: {
  name: string;
  file?: string | undefined;
  scenario: Scenario;
  catalog: Catalog;
  uncertainty: Uncertainty;
  all?: boolean;
  /** var names that --all moves (those with a number value; io derives their expressions) */
  vars?: readonly string[];
  derive?: Derive | undefined;
  simulate?: SimulateOptions | undefined;
}): { result?: Sensitivity; issues: PathIssue[] } {
  const { scenario: s, catalog, uncertainty } = args;
  // a p10/p90 lognormal's own p10 and p90 exactly (exp(log) would add float noise: 900000.000000001)
  const q = (i: Uncertainty['inputs'][number], p: 0.1 | 0.9) => (i.dist.kind === 'lognormal' ? (p === 0.1 ? i.dist.p10 : i.dist.p90) : quantile(i.dist, p));
  const dists = uncertainty.inputs.map((i): Candidate => ({ name: i.name, median: i.median, low: q(i, 0.1), high: q(i, 0.9), source: 'p10-p90' }));
  const byName = new Map(dists.map((d) => [d.name, d]));
  const cands = [...dists];
  if (args.all) for (const c of allNumbers(s, args.vars ?? [])) if (!byName.has(c.name)) cands.push(c);
  const n = 1 + 2 * cands.length;
  const lanes = new Map<string, Lanes>();
  cands.forEach((c, i) => {
    const a = new Float64Array(n).fill(c.median);
    a[1 + 2 * i] = c.low;
    a[2 + 2 * i] = c.high;
    lanes.set(c.name, a);
  });
  const derived = args.derive ? args.derive(lanes, n) : new Map<string, Lanes>();
  const { steps, issues } = laneSteps(s, catalog, n, (name) => derived.get(name) ?? lanes.get(name));
  if (issues.length || !steps.length) return { issues };
  const plan = steps[steps.length - 1]?.daily ?? new Float64Array(n);
  const monthly = (j: number) => (plan[j] ?? 0) * s.days_per_month;
  const inputs: SensitivityInput[] = cands.map((c, i) => {
    const costLow = monthly(1 + 2 * i);
    const costHigh = monthly(2 + 2 * i);
    return { path: c.name, source: c.source, median: c.median, low: c.low, high: c.high, costLow, costHigh, swing: Math.abs(costHigh - costLow) };
  });
  let simulation: Sensitivity['simulation'];
  if (args.simulate && uncertainty.inputs.length) {
    const draws = args.simulate.draws ?? DEFAULT_DRAWS;
    const seed = args.simulate.seed ?? DEFAULT_SEED;
    const d = drawInputs(uncertainty, draws, seed);
    const dd = args.derive ? args.derive(d, draws) : new Map<string, Lanes>();
    const sim = laneSteps(s, catalog, draws, (name) => dd.get(name) ?? d.get(name));
    if (sim.issues.length) return { issues: sim.issues };
    const cost = sim.steps[sim.steps.length - 1]?.daily ?? new Float64Array(draws);
    const r2 = new Map(uncertainty.inputs.map((u) => [u.name, spearman(d.get(u.name) ?? new Float64Array(draws), cost) ** 2]));
    const total = [...r2.values()].reduce((a, b) => a + b, 0);
    for (const inp of inputs) inp.varianceShare = r2.has(inp.path) ? (total > 0 ? (r2.get(inp.path) ?? 0) / total : 0) : null;
    simulation = { draws, seed };
  }
  inputs.sort((a, b) => b.swing - a.swing || a.path.localeCompare(b.path));
  return {
    issues: [],
    result: { name: args.name, ...(args.file !== undefined ? { file: args.file } : {}), monthly: monthly(0), inputs, ...(simulation ? { simulation } : {}) },
  };
}
