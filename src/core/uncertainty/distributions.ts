import { isPercentText, parseQuantity, parseShare } from '../units.js';
import type { PathIssue } from '../schema-issues.js';
import { betaQuantile, betaQuantiles, normalCdf, normalQuantile } from './special.js';

/**
 * Distributions a scenario may give instead of a number (issue #18):
 *   { range: [a, b] }              uniform on [a, b]
 *   { p10: a, p90: b }             lognormal through its 10th and 90th percentiles (a, b > 0)
 *   { triangular: [min, mode, max] }
 *   { normal: { mean, sd } }
 *   { beta: { mean, sd } }         shares and hit rates only (bounded 0-100%)
 * Values keep the scenario's number syntax (1.5M, 30%). The point estimate uses the median.
 */
export type Distribution =
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'lognormal'; p10: number; p90: number; mu: number; sigma: number }
  | { kind: 'triangular'; min: number; mode: number; max: number }
  | { kind: 'normal'; mean: number; sd: number }
  | { kind: 'beta'; mean: number; sd: number; a: number; b: number };

/** What the field holds: a share (0-100%), a quantity that cannot be negative, or any number (vars). */
export type InputKind = 'share' | 'nonNegative' | 'real';

/** z such that P(Z <= z) = 0.9 for a standard normal. */
export const Z90 = 1.2815515655446004;

export function median(d: Distribution): number {
  switch (d.kind) {
    case 'uniform':
      return d.min === d.max ? d.min : (d.min + d.max) / 2;
    case 'lognormal':
      return d.p10 === d.p90 ? d.p10 : Math.exp(d.mu);
    case 'triangular':
      return quantile(d, 0.5);
    case 'normal':
      return d.mean;
    case 'beta':
      return quantile(d, 0.5);
  }
}

export function mean(d: Distribution): number {
  switch (d.kind) {
    case 'uniform':
      return (d.min + d.max) / 2;
    case 'lognormal':
      return Math.exp(d.mu + (d.sigma * d.sigma) / 2);
    case 'triangular':
      return (d.min + d.mode + d.max) / 3;
    case 'normal':
    case 'beta':
      return d.mean;
  }
}

/** The inverse CDF at u in (0, 1). A degenerate distribution returns its one value exactly. */
export function quantile(d: Distribution, u: number): number {
  switch (d.kind) {
    case 'uniform':
      return d.min === d.max ? d.min : d.min + u * (d.max - d.min);
    case 'lognormal':
      return d.sigma === 0 ? d.p10 : Math.exp(d.mu + d.sigma * normalQuantile(u));
    case 'triangular': {
      const { min: a, mode: c, max: b } = d;
      if (a === b) return a;
      const fc = (c - a) / (b - a);
      return u < fc ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c));
    }
    case 'normal':
      return d.sd === 0 ? d.mean : d.mean + d.sd * normalQuantile(u);
    case 'beta':
      if (d.sd === 0) return d.mean;
      return nearNormal(d) ? normalBeta(d, u) : betaQuantile(u, d.a, d.b);
  }
}

/**
 * A beta with a + b over 1e6 (an sd under 0.05 percentage points) is a normal to far better
 * than the draws can tell, and its continued fraction would need thousands of terms per draw.
 */
const nearNormal = (d: { a: number; b: number }) => d.a + d.b > 1e6;
const normalBeta = (d: { mean: number; sd: number }, u: number) => Math.min(1, Math.max(0, d.mean + d.sd * normalQuantile(u)));

/** Uniforms in, draws out (in place). A normal on a quantity that cannot be negative is cut at 0. */
export function transform(d: Distribution, kind: InputKind, u: Float64Array): Float64Array {
  if (d.kind === 'beta' && d.sd > 0 && !nearNormal(d)) {
    u.set(betaQuantiles(u, d.a, d.b));
    return u;
  }
  for (let i = 0; i < u.length; i++) {
    const x = quantile(d, u[i] ?? 0.5);
    u[i] = kind !== 'real' && x < 0 ? 0 : x;
  }
  return u;
}

/** Short text for reports: "p10 800000 / p90 1500000". */
export function describe(d: Distribution, kind: InputKind = 'real'): string {
  const n = (x: number) => (kind === 'share' ? `${Number((x * 100).toPrecision(6))}%` : String(Number(x.toPrecision(6))));
  switch (d.kind) {
    case 'uniform':
      return `uniform ${n(d.min)}..${n(d.max)}`;
    case 'lognormal':
      return `lognormal p10 ${n(d.p10)}, p90 ${n(d.p90)}`;
    case 'triangular':
      return `triangular ${n(d.min)}, ${n(d.mode)}, ${n(d.max)}`;
    case 'normal':
      return `normal mean ${n(d.mean)}, sd ${n(d.sd)}`;
    case 'beta':
      return `beta mean ${n(d.mean)}, sd ${n(d.sd)}`;
  }
}

const DIST_KEYS = new Set(['range', 'p10', 'p90', 'triangular', 'normal', 'beta']);
const FORMS = '{ range: [low, high] }, { p10: low, p90: high }, { triangular: [min, mode, max] }, { normal: { mean, sd } } or { beta: { mean, sd } }';

/** A map whose keys are all distribution keys is meant as a distribution (and checked as one). */
export function looksLikeDistribution(v: unknown): v is Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => DIST_KEYS.has(k));
}

/**
 * Parse and check one distribution written at `path`. Every problem is an issue at the
 * offending sub-field, so the loader can point at file:line:col.
 */
export function parseDistribution(raw: Record<string, unknown>, path: readonly PropertyKey[], kind: InputKind): { dist?: Distribution; issues: PathIssue[] } {
  const issues: PathIssue[] = [];
  const fail = (sub: PropertyKey[], message: string) => {
    issues.push({ path: [...path, ...sub], message });
    return { issues };
  };
  const keys = Object.keys(raw);
  const forms = keys.filter((k) => k !== 'p90' && k !== 'p10');
  const isQuantiles = keys.includes('p10') || keys.includes('p90');
  if (forms.length + (isQuantiles ? 1 : 0) !== 1) return fail([], `give one distribution: ${FORMS}; got ${keys.join(' and ')}`);
  const isShare = kind === 'share';
  const num = (v: unknown, sub: PropertyKey[]): number | undefined => {
    if (typeof v === 'string' && v.trimStart().startsWith('=')) {
      issues.push({ path: [...path, ...sub], message: 'a distribution holds numbers, not "=expressions" (put the expression in vars: and give the distribution there)' });
      return undefined;
    }
    const n = isShare || isPercentText(v) ? parseShare(v) : parseQuantity(v);
    if (n === undefined) issues.push({ path: [...path, ...sub], message: `expected ${isShare ? 'a share (0.3 or "30%")' : 'a number (e.g. 800k, 1.5M, 0.3, "30%")'}, got ${JSON.stringify(v)}` });
    return n;
  };
  const list = (key: string, n: number, names: string): number[] | undefined => {
    const v = raw[key];
    if (!Array.isArray(v) || v.length !== n) {
      issues.push({ path: [...path, key], message: `expected ${key}: [${names}]` });
      return undefined;
    }
    const out = v.map((x, i) => num(x, [key, i]));
    return out.every((x): x is number => x !== undefined) ? out : undefined;
  };
  const pair = (key: string): { mean: number; sd: number } | undefined => {
    const v = raw[key];
    if (!v || typeof v !== 'object' || Array.isArray(v)) {
      issues.push({ path: [...path, key], message: `expected ${key}: { mean, sd }` });
      return undefined;
    }
    const o = v as Record<string, unknown>;
    const extra = Object.keys(o).filter((k) => k !== 'mean' && k !== 'sd');
    if (extra.length) issues.push({ path: [...path, key, extra[0] ?? ''], message: `unknown key "${extra[0]}" (a ${key} distribution takes mean and sd)` });
    if (!Object.hasOwn(o, 'mean') || !Object.hasOwn(o, 'sd')) {
      issues.push({ path: [...path, key], message: `expected ${key}: { mean, sd }` });
      return undefined;
    }
    const m = num(o.mean, [key, 'mean']);
    const s = num(o.sd, [key, 'sd']);
    if (m === undefined || s === undefined || extra.length) return undefined;
    if (s < 0) {
      issues.push({ path: [...path, key, 'sd'], message: `sd must be >= 0, got ${JSON.stringify(o.sd)}` });
      return undefined;
    }
    return { mean: m, sd: s };
  };
  const within = (lo: number, hi: number, sub: PropertyKey[]): boolean => {
    if (isShare && (lo < 0 || hi > 1)) {
      issues.push({ path: [...path, ...sub], message: `this share can leave 0-100% (from ${pc(lo)} to ${pc(hi)}); keep the distribution between 0% and 100%` });
      return false;
    }
    if (kind === 'nonNegative' && lo < 0) {
      issues.push({ path: [...path, ...sub], message: `this quantity cannot be negative, but the distribution reaches ${lo}` });
      return false;
    }
    return true;
  };

  let dist: Distribution | undefined;
  if (isQuantiles) {
    if (!keys.includes('p10') || !keys.includes('p90')) return fail([], 'give both p10 and p90 (a lognormal through the two quantiles)');
    const p10 = num(raw.p10, ['p10']);
    const p90 = num(raw.p90, ['p90']);
    if (p10 === undefined || p90 === undefined) return { issues };
    if (isShare) return fail(['p10'], 'p10/p90 is a lognormal, unbounded above: a share can leave 0-100%; use { beta: { mean, sd } }, range or triangular for shares');
    if (!(p10 > 0)) return fail(['p10'], `p10/p90 is a lognormal for positive quantities: p10 must be > 0, got ${JSON.stringify(raw.p10)}`);
    if (p10 > p90) return fail(['p10'], `p10 (${JSON.stringify(raw.p10)}) is above p90 (${JSON.stringify(raw.p90)})`);
    const mu = (Math.log(p10) + Math.log(p90)) / 2;
    const sigma = (Math.log(p90) - Math.log(p10)) / (2 * Z90);
    dist = { kind: 'lognormal', p10, p90, mu, sigma };
  } else if (keys[0] === 'range') {
    const v = list('range', 2, 'low, high');
    if (!v) return { issues };
    const [lo = 0, hi = 0] = v;
    if (lo > hi) return fail(['range', 0], `range low (${lo}) is above high (${hi})`);
    if (!within(lo, hi, ['range'])) return { issues };
    dist = { kind: 'uniform', min: lo, max: hi };
  } else if (keys[0] === 'triangular') {
    const v = list('triangular', 3, 'min, mode, max');
    if (!v) return { issues };
    const [a = 0, c = 0, b = 0] = v;
    if (!(a <= c && c <= b)) return fail(['triangular'], `expected min <= mode <= max, got ${a}, ${c}, ${b}`);
    if (!within(a, b, ['triangular'])) return { issues };
    dist = { kind: 'triangular', min: a, mode: c, max: b };
  } else if (keys[0] === 'normal') {
    const p = pair('normal');
    if (!p) return { issues };
    if (isShare && p.sd > 0) return fail(['normal'], 'a normal is unbounded: this share can leave 0-100%; use { beta: { mean, sd } } for shares and hit rates');
    // below mean - 4 sd lies 0.003% of a normal: that much is cut at 0, more is an impossible input
    if (kind === 'nonNegative' && p.mean - 4 * p.sd < 0) return fail(['normal'], `this quantity cannot be negative, but normal(mean ${p.mean}, sd ${p.sd}) goes below 0 in ${pc(normalCdf(-p.mean / p.sd))} of draws (need mean >= 4 sd; or use p10/p90, a lognormal)`);
    dist = { kind: 'normal', mean: p.mean, sd: p.sd };
  } else {
    const p = pair('beta');
    if (!p) return { issues };
    if (!isShare) return fail(['beta'], 'a beta is for shares and hit rates (0-100%); this field is not a share: use p10/p90, range, triangular or normal');
    if (!(p.mean > 0 && p.mean < 1)) return fail(['beta', 'mean'], `a beta mean must be strictly between 0% and 100%, got ${pc(p.mean)}`);
    const v = p.sd * p.sd;
    const limit = p.mean * (1 - p.mean);
    if (p.sd > 0 && v >= limit) return fail(['beta', 'sd'], `sd ${pc(p.sd)} is too large for a beta with mean ${pc(p.mean)}: it must be below sqrt(mean x (1 - mean)) = ${pc(Math.sqrt(limit))}`);
    const k = p.sd > 0 ? limit / v - 1 : Infinity;
    dist = { kind: 'beta', mean: p.mean, sd: p.sd, a: p.mean * k, b: (1 - p.mean) * k };
  }
  return { dist, issues };
}

const pc = (x: number) => `${Number((x * 100).toPrecision(4))}%`;


/** Keys whose values are shares (0-100%) wherever they appear. */
const SHARE_KEYS = new Set(['share', 'hit_rate', 'input_token_reduction', 'output_token_reduction', 'handles', 'discount', 'interruption_overhead', 'on_demand_fallback', 'target_utilization', 'confidence']);

export function kindAt(path: readonly PropertyKey[], raw: Record<string, unknown>): InputKind {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  // a var has no field type: written in % (or as a beta) it is a share, else any number
  if (path[0] === 'vars') return Object.hasOwn(raw, 'beta') || JSON.stringify(raw).includes('%') ? 'share' : 'real';
  if ((typeof last === 'string' && SHARE_KEYS.has(last)) || parent === 'task_mix') return 'share';
  return 'nonNegative';
}
