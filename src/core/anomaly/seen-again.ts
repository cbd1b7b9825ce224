import { baselineAt, expectedOf } from './baseline.js';
import type { CauseEnv, Found } from './causes.js';
import type { SeriesRun } from './run.js';
import { dimensionOf } from './series.js';

/**
 * A cause seen again higher up: a parent (a service, an account, the total) flagged later than,
 * or on the same day as, rows below it (or, for an account, beside it in the service
 * dimension) whose changes make up its own. Run by oneRowPerCause (causes.ts) after its passes;
 * the parent is then listed under those rows (`also`/`explains`), not an alert of its own.
 */

/** the ratios, of the change of the row in another dimension, that those of SAME_CHANGE's bounds sum to (and only those) */
const SAME_CHANGE = { min: 0.7, max: 1.4 };

/**
 * The series of the other dimension whose changes together make up a row's change: of the
 * ratios of each one's change to the row's (at most ten, the largest), the set whose sum comes
 * closest to 1, when it is within SAME_CHANGE (a service flagged days before its account has
 * its change measured against the level before it began, the account against a level that
 * has taken in some of it: up to 1.4; a change whose services make up 70% of it is theirs)
 */
export function explainingSet(ratios: ReadonlyMap<string, number>): string[] {
  const keys = [...ratios.keys()].filter((k) => ratios.get(k)! > 0).sort((a, b) => ratios.get(b)! - ratios.get(a)!);
  return closestSubset(keys, (k) => ratios.get(k)!, 1, (sum) => sum >= SAME_CHANGE.min && sum <= SAME_CHANGE.max);
}

/**
 * Of the first ten `items` (the largest, the caller sorts them), the subset whose values sum
 * closest to `target` among those whose sum is `allowed` (the first found on a tie); none when
 * no sum is allowed
 */
function closestSubset<T>(items: readonly T[], value: (t: T) => number, target: number, allowed: (sum: number) => boolean = () => true): T[] {
  const some = items.slice(0, 10);
  let best: T[] = [];
  let bestGap = Infinity;
  for (let mask = 1; mask < 1 << some.length; mask++) {
    const set = some.filter((_, k) => mask & (1 << k));
    const sum = set.reduce((a, t) => a + value(t), 0);
    if (allowed(sum) && Math.abs(sum - target) < bestGap) {
      best = set;
      bestGap = Math.abs(sum - target);
    }
  }
  return best;
}

/** the series above a row's series, nearest first */
function ancestorsIn(byKey: ReadonlyMap<string, SeriesRun>, key: string): string[] {
  const out: string[] = [];
  for (let k = byKey.get(key)?.series.parent; k && out.length < 8; k = byKey.get(k)?.series.parent) out.push(k);
  return out;
}

/**
 * a parent that took in rows below it as parts of a broad change of its own (in the bottom-up
 * pass or the broad-rise pass: rows below it absorbed during its episode) is a cause of its own
 */
function tookInParts(p: Found, found: readonly Found[], byKey: ReadonlyMap<string, SeriesRun>): boolean {
  const key = p.run.series.key;
  return found.some((f) => f.into === p || (f !== p && f.state === 'absorbed' && f.ep.detected >= p.from - 2 && f.ep.detected <= p.last + 2 && ancestorsIn(byKey, f.run.series.key).includes(key)));
}

/** what is left of a parent's change on the day it was flagged, less the changes of the rows that explain it, within this many of its standard deviations */
const LEFT_Z = 1.5;

/**
 * A parent (a service, an account, the total) flagged days or weeks after rows below it (or,
 * for an account, rows of the service dimension beside it) began a sustained change that is
 * still under way: when their changes make up the parent's, the parent's alert is their cause
 * seen again, listed under them (`also`), not an alert of its own. Each row's change is read
 * over the parent's flagged days (its onset to the day it was flagged) against the row's own
 * level over the days the parent's baseline was learnt from, so a change the parent's baseline
 * has already taken in counts for nothing; the parent's against its expected value. The rows
 * below a parent explain it when their changes sum to SAME_CHANGE of its change; for an
 * account (which services run in it is not known) the services whose changes come closest
 * (explainingSet). And what is left on the day the parent was flagged must be within LEFT_Z of
 * its noise: a spike elsewhere in the parent on that day (the day's extra that made it alert)
 * is an incident the parent's row stands for. Only a sustained change of the parent (a shift
 * or a drift, not a spike on top of the rows' change) and rows of sustained changes (not
 * spikes: those are over), flagged before the parent, whose episode was still open within
 * three days of the parent's onset; never a parent that took in rows as parts of a broad
 * change of its own (tookInParts).
 */
export function causesSeenAgain(found: Found[], env: CauseEnv, addAlso: (f: Found, keys: string[]) => void): void {
  const { byKey, depth, wd } = env;
  const parents = found.filter((p) => p.state === 'kept' && (p.a.kind === 'shift' || p.a.kind === 'drift')).sort((p, q) => (depth.get(q.run.series.key) ?? 0) - (depth.get(p.run.series.key) ?? 0) || p.ep.detected - q.ep.detected);
  for (const p of parents) {
    if (p.state !== 'kept' || tookInParts(p, found, byKey)) continue;
    const t = p.ep.detected;
    // (rows of sustained changes flagged before the parent, still under way at its onset)
    const { beside, rows } = rowsOf(p, found, env, (c) => c.ep.detected < t && c.a.kind !== 'spike' && c.last + 3 >= p.from);
    if (!rows.length) continue;
    // grouped by the child of the parent (the service beside the account) they are under
    const level = depth.get(p.run.series.key) ?? 0;
    const topOf = (c: Found) => {
      const up = [c.run.series.key, ...ancestorsIn(byKey, c.run.series.key)];
      return up[up.length - 1 - (beside ? level : level + 1)] ?? c.run.series.key;
    };
    const tops = new Map<string, Found[]>();
    for (const c of rows) tops.set(topOf(c), [...(tops.get(topOf(c)) ?? []), c]);
    // each day's change from p's onset to the day it was flagged: the parent's, and each group's
    const span = Array.from({ length: t - p.from + 1 }, (_, k) => p.from + k);
    const ofParent = span.map((i) => p.ep.dir * (p.run.series.cost[i]! - p.run.expected[i]!));
    const dp = ofParent.reduce((a, v) => a + v, 0);
    if (!(dp > 0)) continue;
    const changes = new Map<string, number[]>();
    for (const [k, list] of tops) {
      const sum = span.map(() => 0);
      for (const c of list) {
        const b = baselineAt(c.run.series.cost, p.run.clean, wd, p.ep.startedOn, p.ep.regimeStart);
        if (b) span.forEach((i, j) => (sum[j]! += p.ep.dir * (c.run.series.cost[i]! - expectedOf(b, wd[i]!))));
      }
      changes.set(k, sum);
    }
    const ratios = new Map([...changes].map(([k, v]) => [k, v.reduce((a, x) => a + x, 0) / dp]));
    const total = [...ratios.values()].reduce((a, r) => a + r, 0);
    const chosen = beside ? explainingSet(ratios) : total >= SAME_CHANGE.min && total <= SAME_CHANGE.max ? [...ratios.keys()] : [];
    const left = ofParent[span.length - 1]! - chosen.reduce((a, k) => a + changes.get(k)![span.length - 1]!, 0);
    if (!chosen.length || left > LEFT_Z * p.run.sigma[t]!) continue;
    p.state = 'absorbed';
    for (const k of chosen) for (const c of tops.get(k)!) addAlso(c, [p.a.series, ...(p.a.also ?? [])]);
  }
}

/** ...on the day both were flagged: what is left within this many of the parent's standard deviations */
const SAME_DAY_LEFT_Z = 2;
/** ...and the rows' changes at least this share of the parent's (a sustained change of the parent, flagged by its days together, can be within its noise on the one day) */
const SAME_DAY_SHARE = 0.5;

/**
 * A parent and rows below it (or, for an account, beside it in the service dimension) flagged
 * on the same day for one cause, the parent's change more than the rows' by no more than its
 * own noise: the rows' changes that day are at least SAME_DAY_SHARE of it, and what they leave
 * of it is within SAME_DAY_LEFT_Z of its standard deviation (either way). The passes before ask the rows to make up 70% of the
 * parent's change, which a parent flagged because its noise added to a child's change misses
 * (a noisy account is flagged on the days its noise adds to the spike). For an account (which
 * services run in it is not known), the services whose changes leave the least.
 */
export function sameDaySeenAgain(found: Found[], env: CauseEnv, addAlso: (f: Found, keys: string[]) => void): void {
  const { byKey, depth } = env;
  const deltaOn = (f: Found, d: number) => f.ep.dir * (f.run.series.cost[d]! - f.run.expected[d]!);
  const parents = found.filter((p) => p.state === 'kept' && p.a.kind !== 'new').sort((p, q) => (depth.get(q.run.series.key) ?? 0) - (depth.get(p.run.series.key) ?? 0));
  for (const p of parents) {
    if (p.state !== 'kept' || tookInParts(p, found, byKey)) continue;
    const t = p.ep.detected;
    const { beside, rows } = rowsOf(p, found, env, (c) => c.ep.detected === t);
    const dp = deltaOn(p, t);
    const sd = p.run.sigma[t]!;
    if (!rows.length || !(dp > 0) || !(sd > 0)) continue;
    const parts = rows.map((c) => ({ c, v: Math.max(0, deltaOn(c, t)) })).sort((a, b) => b.v - a.v);
    const closest = beside ? closestSubset(parts, (x) => x.v, dp) : [];
    const chosen = closest.length ? closest : parts;
    const theirs = chosen.reduce((a, x) => a + x.v, 0);
    if (theirs < SAME_DAY_SHARE * dp || Math.abs(dp - theirs) > SAME_DAY_LEFT_Z * sd) continue;
    p.state = 'absorbed';
    for (const { c } of chosen) addAlso(c, [p.a.series, ...(p.a.also ?? [])]);
  }
}

/**
 * The kept rows of the same direction (and `accept`ed) below a parent or, for an account
 * without children (`beside`: its parent), under that parent in the other dimensions (a
 * service runs in some account); of those, only the topmost (a row under another of them is in
 * its change already).
 */
function rowsOf(p: Found, found: readonly Found[], env: CauseEnv, accept: (c: Found) => boolean): { beside?: string; rows: Found[] } {
  const key = p.run.series.key;
  const level = env.depth.get(key) ?? 0;
  const beside = dimensionOf(key) === 'account' && !env.children.has(key) ? p.run.series.parent : undefined;
  const rows = found.filter((c) => {
    if (c === p || c.state !== 'kept' || c.ep.dir !== p.ep.dir || !accept(c)) return false;
    const up = ancestorsIn(env.byKey, c.run.series.key);
    if (up.includes(key)) return true;
    return !!beside && up.includes(beside) && dimensionOf(up[up.length - 1 - level] ?? c.run.series.key) !== 'account';
  });
  return { beside, rows: rows.filter((c) => !rows.some((o) => o !== c && ancestorsIn(env.byKey, c.run.series.key).includes(o.run.series.key))) };
}
