import * as z from 'zod';
import { formatPath } from '../errors.js';
import type { PathIssue } from '../schema-issues.js';
import { didYouMean } from '../suggest.js';
import { kindAt, looksLikeDistribution, mean, median, parseDistribution, type Distribution, type InputKind } from './distributions.js';
import { parseShare } from '../units.js';
import { choleskyPsd } from './correlate.js';

/** One input of a scenario given as a distribution. */
export interface UncertainInput {
  /** where it is in the scenario (vars.users, workload.requests_per_day, strategies.routing.mix[0].share) */
  path: PropertyKey[];
  /** formatPath(path): the name reports and `correlations:` use */
  name: string;
  dist: Distribution;
  kind: InputKind;
  /** the value the point estimate uses */
  median: number;
}

export interface Correlation {
  /** indexes into inputs */
  a: number;
  b: number;
  /** Spearman rank correlation */
  rank: number;
}

export interface Uncertainty {
  inputs: UncertainInput[];
  correlations: Correlation[];
}

/** `correlations:` in a scenario: rank correlations between two named uncertain inputs. */
export const correlationSchema = z.strictObject({
  /** two input names: a path (workload.requests_per_day) or a var name */
  between: z.tuple([z.string().min(1), z.string().min(1)]),
  /** Spearman rank correlation, -1..1 */
  rank: z.number().min(-1, 'expected a rank correlation between -1 and 1').max(1, 'expected a rank correlation between -1 and 1'),
});
export const correlationsSchema = z.array(correlationSchema);

/** Parts of a scenario where numbers are inputs (not prices, budgets or names). */
const ROOTS = ['vars', 'workload', 'baseline', 'strategies', 'deployment'] as const;
/** Maps keyed by the user's own names: the map itself is never a distribution, its values may be. */
const NAMED_MAPS = new Set(['task_mix', 'rules', 'vars']);
const MAX_INPUTS = 200;

/**
 * Find the distributions in a parsed scenario (before "=expressions" and the schema), check
 * them, and put each one's median in its place: what the point estimate prices. Pure; `data`
 * is not changed (a copy is returned when there is anything to replace).
 */
export function extractUncertainty(data: unknown): { data: unknown; uncertainty: Uncertainty; issues: PathIssue[]; failed: PropertyKey[][] } {
  const issues: PathIssue[] = [];
  const inputs: UncertainInput[] = [];
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { data, uncertainty: { inputs, correlations: [] }, issues, failed: [] };
  const found: { path: PropertyKey[]; raw: Record<string, unknown> }[] = [];
  const walk = (v: unknown, path: PropertyKey[]): void => {
    if (found.length > MAX_INPUTS) return;
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v && typeof v === 'object') {
      const last = path[path.length - 1];
      if (!(typeof last === 'string' && NAMED_MAPS.has(last)) && looksLikeDistribution(v)) {
        found.push({ path, raw: v });
        return;
      }
      for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
    }
  };
  const top = data as Record<string, unknown>;
  for (const r of ROOTS) if (Object.hasOwn(top, r)) walk(top[r], [r]);
  if (found.length > MAX_INPUTS) {
    issues.push({ path: found[MAX_INPUTS]?.path ?? [], message: `more than ${MAX_INPUTS} distributions in one scenario` });
    return { data, uncertainty: { inputs, correlations: [] }, issues, failed: [] };
  }
  if (!found.length) {
    if (Object.hasOwn(top, 'correlations')) issues.push(...correlationIssues(top.correlations, inputs).issues);
    return { data, uncertainty: { inputs, correlations: [] }, issues, failed: [] };
  }
  const copy = structuredClone(data) as Record<string, unknown>;
  const failed: PropertyKey[][] = [];
  for (const f of found) {
    const kind = kindAt(f.path, f.raw);
    const r = parseDistribution(f.raw, f.path, kind);
    issues.push(...r.issues);
    if (!r.dist) {
      failed.push(f.path);
      continue;
    }
    const m = median(r.dist);
    inputs.push({ path: f.path, name: formatPath(f.path), dist: r.dist, kind, median: m });
    setAt(copy, f.path, m);
  }
  normaliseSplits(copy, inputs);
  const c = Object.hasOwn(top, 'correlations') ? correlationIssues(top.correlations, inputs, failed.map((f) => formatPath(f))) : { issues: [], correlations: [] };
  issues.push(...c.issues);
  return { data: copy, uncertainty: { inputs, correlations: c.correlations }, issues, failed };
}

/**
 * A routing mix or task mix with shares given as distributions: the medians of shares whose
 * means sum to 100% need not sum to 100% themselves (a beta's median is not its mean), so the
 * point estimate takes the medians scaled to sum to 100%, as every draw is (vector-estimate.ts).
 * Means that do not sum to 100% are left for the schema to report.
 */
function normaliseSplits(copy: Record<string, unknown>, inputs: readonly UncertainInput[]): void {
  const groups: { parent: PropertyKey[]; keyOf: (entry: PropertyKey) => PropertyKey[] }[] = [
    { parent: ['strategies', 'routing', 'mix'], keyOf: (i) => [i, 'share'] },
    { parent: ['workload', 'task_mix'], keyOf: (k) => [k] },
  ];
  for (const g of groups) {
    const container = valueAt(copy, g.parent);
    if (!container || typeof container !== 'object') continue;
    const entries = Object.keys(container).map((k) => (Array.isArray(container) ? Number(k) : k));
    const paths = entries.map((e) => [...g.parent, ...g.keyOf(e)]);
    const dist = paths.map((p) => inputs.find((i) => i.name === formatPath(p)));
    if (!dist.some(Boolean)) continue;
    let meanSum = 0;
    let medianSum = 0;
    const medians: number[] = [];
    for (const [k, p] of paths.entries()) {
      const d = dist[k];
      const fixed = d ? undefined : parseShare(valueAt(copy, p));
      if (!d && fixed === undefined) return; // a share the schema will report
      const m = d ? d.median : (fixed ?? 0);
      meanSum += d ? mean(d.dist) : m;
      medianSum += m;
      medians.push(m);
    }
    // the same threshold as the per-draw renormalisation, so a draw at the medians is the point estimate
    if (Math.abs(meanSum - 1) > 1e-9 || medianSum <= 0 || Math.abs(medianSum - 1) <= 1e-12) continue;
    for (const [k, p] of paths.entries()) setAt(copy, p, (medians[k] ?? 0) / medianSum);
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[String(seg)];
  }
  return cur;
}

function setAt(root: Record<string, unknown>, path: readonly PropertyKey[], value: unknown): void {
  let cur: unknown = root;
  for (let i = 0; i < path.length - 1; i++) cur = (cur as Record<string, unknown>)[String(path[i])];
  (cur as Record<string, unknown>)[String(path[path.length - 1])] = value;
}

/** Names resolved, pairs checked, and the matrix positive semi-definite. Shape errors are the schema's. */
function correlationIssues(raw: unknown, inputs: readonly UncertainInput[], broken: readonly string[] = []): { issues: PathIssue[]; correlations: Correlation[] } {
  const parsed = correlationsSchema.safeParse(raw);
  if (!parsed.success) return { issues: [], correlations: [] };
  const issues: PathIssue[] = [];
  const names = inputs.map((i) => i.name);
  const find = (n: string): number => {
    const i = names.indexOf(n.trim());
    return i >= 0 ? i : names.indexOf(`vars.${n.trim()}`);
  };
  const out: Correlation[] = [];
  const seen = new Map<string, number>();
  parsed.data.forEach((c, k) => {
    const idx = c.between.map((n, j) => {
      const i = find(n);
      // a distribution already reported as broken is not reported again as unknown
      if (i < 0 && (broken.includes(n.trim()) || broken.includes(`vars.${n.trim()}`))) return -1;
      if (i < 0) {
        const near = didYouMean(n, names);
        issues.push({ path: ['correlations', k, 'between', j], message: `"${n}" is not an uncertain input of this scenario${names.length ? ` (${names.join(', ')})` : ' (it has no distributions)'}${near ? `; ${near}` : ''}` });
      }
      return i;
    });
    const [a = -1, b = -1] = idx;
    if (a < 0 || b < 0) return;
    if (a === b) {
      issues.push({ path: ['correlations', k, 'between'], message: 'an input is not correlated with itself: name two different inputs' });
      return;
    }
    const key = a < b ? `${a},${b}` : `${b},${a}`;
    const before = seen.get(key);
    if (before !== undefined) {
      issues.push({ path: ['correlations', k], message: `this pair is already correlated at correlations[${before}]` });
      return;
    }
    seen.set(key, k);
    out.push({ a, b, rank: c.rank });
  });
  if (!issues.length && out.length) {
    const { matrix, members } = correlationMatrix(inputs.length, out);
    if (!choleskyPsd(matrix, members.length)) issues.push({ path: ['correlations'], message: `these rank correlations are impossible together: the matrix over ${members.map((m) => inputs[m]?.name).join(', ')} is not positive semi-definite` });
  }
  return { issues, correlations: out };
}

/** The correlation matrix (row-major) over the inputs that take part in a correlation. */
export function correlationMatrix(_count: number, cs: readonly Correlation[]): { matrix: Float64Array; members: number[] } {
  const members = [...new Set(cs.flatMap((c) => [c.a, c.b]))].sort((x, y) => x - y);
  const k = members.length;
  const m = new Float64Array(k * k);
  for (let i = 0; i < k; i++) m[i * k + i] = 1;
  for (const c of cs) {
    const i = members.indexOf(c.a);
    const j = members.indexOf(c.b);
    m[i * k + j] = c.rank;
    m[j * k + i] = c.rank;
  }
  return { matrix: m, members };
}

/** The note a point estimate carries when it priced medians. */
export function medianNote(u: Uncertainty): string | undefined {
  if (!u.inputs.length) return undefined;
  const n = (x: number) => String(Number(x.toPrecision(6)));
  const v = (i: UncertainInput) => (i.kind === 'share' ? `${n(i.median * 100)}%` : n(i.median));
  return `uncertain inputs at their medians (costopt estimate --simulate for the spread): ${u.inputs.map((i) => `${i.name} = ${v(i)}`).join(', ')}`;
}
