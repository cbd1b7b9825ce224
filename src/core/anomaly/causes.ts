import { risingAlike } from './broad.js';
import { DIMENSION_ORDER, type Episode, type SeriesRun } from './run.js';
import { anomalyRow } from './row.js';
import { dimensionOf } from './series.js';
import { median } from './stats.js';
import { causesSeenAgain, explainingSet, sameDaySeenAgain } from './seen-again.js';
import type { Anomaly } from './types.js';

/**
 * One alert per cause across the hierarchy (total, accounts, services, SKUs): which flagged
 * rows stand for an incident, which give way to the rows below them (named in their
 * `also`/`explains`), which are parts of a broad change on their parent, and which parents
 * are partly explained by child incidents listed apart (`explainedBy`).
 */

/** flagged children that together explain this share of a parent's change stand for it */
const EXPLAINED_SHARE = 0.7;
const CONCENTRATION = 0.2;
/** flagged children whose onsets are more than this many days apart are separate incidents */
const ONSET_APART = 2;
/** a broad change: at least this many children of one dimension, begun within BROAD_ONSET days of the parent's */
const BROAD_KIDS = 3;
const BROAD_ONSET = 3;
const BROAD_SPREAD = 1.5;
/** ...and for rows grouped into a broad rise their parent did not flag, within this factor of their median % */
const BROAD_GROUP_SPREAD = 2;
/**
 * ...or, with fewer of them flagged, BROAD_KIDS or more children rising alike (risingAlike):
 * of the children where such a rise would show, this share of the spend and this share of them
 */
const BROAD_EVIDENCE_SHARE = 0.7;
const BROAD_EVIDENCE_COUNT = 0.6;

export interface Found {
  a: Anomaly;
  run: SeriesRun;
  ep: Episode;
  /** the first episode of the row (later ones chained to it only extend `last`); first and last day */
  from: number;
  last: number;
  /** kept, explained by flagged children (listed under them), or absorbed into a flagged parent */
  state: 'kept' | 'explained' | 'absorbed';
  /** the kept rows that stand for this one once it is explained by its children */
  reps: Found[];
  /** the row of the broad change this one was absorbed into as a part, if any */
  into?: Found;
}

export interface CauseEnv {
  runs: readonly SeriesRun[];
  byKey: ReadonlyMap<string, SeriesRun>;
  children: ReadonlyMap<string, SeriesRun[]>;
  depth: ReadonlyMap<string, number>;
  days: readonly string[];
  wd: number[];
  /** the one-day z threshold: a spike during a broad rise is a part of it unless it stands out that much beyond it */
  zThreshold: number;
}

/** The rows, with their states settled (and rows added for broad rises their parent did not flag). */
export function oneRowPerCause(rows: readonly Found[], env: CauseEnv): Found[] {
  const { runs, byKey, children, depth, days } = env;
  const found = [...rows];
  // One row per incident, bottom-up. A flagged parent whose change its flagged children
  // explain (together at least EXPLAINED_SHARE of it on the parent's day, in one dimension)
  // gives way to them: they name it in `also`. A parent whose change they do not explain (a
  // broad rise spread over many children) stays, and its flagged children, named in its
  // attribution, are not listed apart.
  const priority = (keyOrDim: string) => DIMENSION_ORDER.indexOf(dimensionOf(keyOrDim)) >>> 0;
  const d0 = (f: Found) => f.a.date;
  const overlaps = (p: Found, c: Found) => c.ep.dir === p.ep.dir && c.from <= p.last + 3 && p.from <= c.last + 3 && Math.abs(c.ep.detected - p.ep.detected) <= 14;
  const deltaOn = (f: Found, d: number) => {
    const e = f.run.expected[d]!;
    return Number.isFinite(e) ? f.run.series.cost[d]! - e : f.a.impact;
  };
  // a row absorbed into a parent's broad change takes the rows standing for it along, except
  // those of an incident already under way days before the parent's change began (a drift
  // on one SKU that the service and the total only show once something else adds to it)
  const absorb = (f: Found, into: Found) => {
    if (f.state === 'absorbed') return;
    f.state = 'absorbed';
    f.into = into;
    for (const r of f.reps) if (r !== f && r.ep.detected >= into.from - 2) absorb(r, into);
  };
  const addAlso = (f: Found, keys: string[]) => {
    f.a.also = [...new Set([...(f.a.also ?? []), ...keys])];
    f.a.explains = f.a.also;
  };
  /** the rows began on days more than ONSET_APART apart, or one of them is new spend */
  const distinctOnsets = (rows: readonly Found[]) => {
    const starts = rows.map((c) => c.from).sort((a, b) => a - b);
    return rows.some((c) => c.a.kind === 'new') || starts[starts.length - 1]! - starts[0]! > ONSET_APART;
  };
  /**
   * a broad change: BROAD_KIDS or more flagged children of one dimension began (or were
   * flagged) within BROAD_ONSET days of the parent's change (or of the day it was flagged) and rose by about as much in % (half to twice the
   * parent's): one cause, reported once on the parent, even when a new series or an incident
   * under way before it would otherwise make its children look like concurrent incidents
   */
  const broadRise = (p: Found, kids: readonly Found[]) => {
    const pp = p.ep.dir * p.a.impactPercent;
    if (!(pp > 0)) return false;
    const d = p.ep.detected;
    const alike = new Map<string, number[]>();
    for (const c of kids) {
      const cp = c.ep.dir * c.a.impactPercent;
      const apart = Math.min(Math.abs(c.from - p.from), Math.abs(c.ep.detected - d));
      // (a child explained by one of its own children is an incident there, not a part)
      if (c.state !== 'kept' || c.a.kind === 'new' || apart > BROAD_ONSET || cp < pp / 2 || cp > 2 * pp) continue;
      const dim = dimensionOf(c.run.series.key);
      alike.set(dim, [...(alike.get(dim) ?? []), cp]);
    }
    // ...and alike among themselves (within BROAD_SPREAD of their median), in the most specific
    // dimension flagged under the parent (services before accounts: three accounts spiking
    // alike on a day when three services had incidents are those incidents seen again)
    const dim = [...new Set(kids.map((c) => dimensionOf(c.run.series.key)))].sort((a, b) => priority(a) - priority(b))[0];
    const cps = (dim && alike.get(dim)) || [];
    const m = median(cps);
    return cps.filter((v) => v >= m / BROAD_SPREAD && v <= m * BROAD_SPREAD).length >= BROAD_KIDS;
  };
  /** the series at depth `level` in f's line of ancestors (f's own when it is no deeper) */
  const topOf = (f: Found, level: number): string => {
    let key = f.run.series.key;
    while ((depth.get(key) ?? 0) > level) key = byKey.get(key)?.series.parent ?? key;
    return key;
  };
  const byDepth = [...found].sort((p, q) => (depth.get(q.run.series.key) ?? 0) - (depth.get(p.run.series.key) ?? 0) || d0(p).localeCompare(d0(q)));
  for (const p of byDepth) {
    if (p.state !== 'kept') continue;
    const kids = found.filter((c) => c.state !== 'absorbed' && c.run.series.parent === p.run.series.key && overlaps(p, c));
    if (!kids.length) continue;
    const d = p.ep.detected;
    const dp = p.ep.dir * deltaOn(p, d);
    const dims = new Map<string, { part: number; list: Found[] }[]>();
    for (const c of kids) {
      const dim = dimensionOf(c.run.series.key);
      dims.set(dim, [...(dims.get(dim) ?? []), { part: Math.max(0, p.ep.dir * deltaOn(c, d)), list: [c] }]);
    }
    // rows further down whose series between did not flag are incidents there too, each in the
    // dimension of its ancestor under the parent (see unflaggedBetween)
    // (read once, when first needed)
    let deeperRows: { dim: string; part: number; list: Found[] }[] | undefined;
    const deeper = () =>
      (deeperRows ??= unflaggedBetween(p, found, byKey, overlaps)
        .filter((c) => c.ep.dir === p.ep.dir)
        .map((c) => ({ dim: dimensionOf(topOf(c, (depth.get(p.run.series.key) ?? 0) + 1)), part: Math.max(0, p.ep.dir * deltaOn(c, d)), list: [c] })));
    // a dimension explains the parent when its biggest flagged child accounts for
    // EXPLAINED_SHARE of the change, or its two biggest do and far more than their share of
    // the parent's spend (two incidents at once; children all rising alike are a broad change)
    const explainers = (dim: string) => {
      if (!(dp > 0)) return null;
      const parts = [...dims.get(dim)!].sort((a, b) => b.part - a.part);
      if (parts[0]!.part >= EXPLAINED_SHARE * dp) return parts[0]!.list;
      const two = parts.slice(0, 2);
      const share = two.reduce((a, g) => a + g.part, 0) / dp;
      const size = two.flatMap((g) => g.list).reduce((a, c) => a + Math.max(0, c.run.expected[d]! || 0), 0) / Math.max(1e-9, p.run.expected[d]!);
      if (two.length === 2 && share >= EXPLAINED_SHARE && share >= size + CONCENTRATION) return two.flatMap((g) => g.list);
      // concurrent incidents: flagged children that began on days apart (or one of them new
      // spend) are separate incidents even when it takes more than two of them to make up the
      // change, as long as together they explain it, and far more than their share of the
      // parent's spend (children rising together by similar % are a broad change: their share
      // of the change is about their share of the spend)
      const all = parts.flatMap((g) => g.list);
      // several incidents on one day: flagged children that are each an incident below them
      // (their own change given way to one of their children's) and together explain it. The
      // broad test (broadRise) has been passed by then, so they are not parts of one change
      // (and the rows further down of this dimension whose series between did not flag: see deeper)
      const incidents = [...parts.filter((g) => g.list.every((c) => c.state === 'explained')), ...deeper().filter((g) => g.dim === dim)];
      if (incidents.length >= 2 && incidents.reduce((a, g) => a + g.part, 0) >= EXPLAINED_SHARE * dp) return incidents.flatMap((g) => g.list);
      if (all.length < 3 || !distinctOnsets(all)) return null;
      const shareAll = parts.reduce((a, g) => a + g.part, 0) / dp;
      const sizeAll = all.reduce((a, c) => a + Math.max(0, c.run.expected[d]! || 0), 0) / Math.max(1e-9, p.run.expected[d]!);
      return shareAll >= EXPLAINED_SHARE && shareAll >= sizeAll + CONCENTRATION ? all : null;
    };
    // the most specific dimension that explains it (services before accounts); rows of the
    // other dimensions stay for the cross-dimension pass below
    const dim = broadRise(p, kids) ? undefined : [...dims.keys()].sort((a, b) => priority(a) - priority(b)).find((k) => explainers(k));
    if (dim) {
      p.state = 'explained';
      p.reps = explainers(dim)!.flatMap((c) => c.reps).filter((r) => r.state === 'kept');
      for (const r of p.reps) addAlso(r, [p.a.series, ...(p.a.also ?? [])]);
    } else {
      // the children changing with it (about as much, in %, while it lasts) are parts of the
      // same broad change; one that changes far more, or starts days later, is its own incident
      const pp = p.ep.dir * p.a.impactPercent;
      // (while it lasts: to the end of the parent's row, or of its children's rows rising alike, see riseLast)
      const end = riseLast(p, kids);
      // (how early a child's change began is weighed against the rise only when it is one, see underWayBefore)
      const broad = broadRise(p, kids);
      const weigh = (c: Found, below = false) => {
        const cp = c.ep.dir * c.a.impactPercent;
        const during = c.ep.detected >= p.from - 2 && (c.ep.detected <= p.last + 2 || (c.from <= end && c.ep.detected <= end + 2));
        // (a child's change under way days before the parent's began, such as a drift the parent
        // only shows once something else adds to it, is its own incident too)
        const before = broad ? underWayBefore(c, p.from, pp) : c.from < p.from - 2;
        // (nor is new spend that makes up only a small part of the parent's change: see newSpendApart)
        if (newSpendApart(c, p.ep.dir * deltaOn(c, d), dp)) return;
        // (a row further down only when, less the rise, it is within its noise: see unflaggedBetween)
        const alike = (!below && cp <= 2 * pp) || withinNoiseOfRise(c, pp, env.zThreshold);
        if (!before && alike && (Math.abs(c.ep.detected - p.ep.detected) <= 2 || during)) absorb(c, p);
      };
      kids.forEach((c) => weigh(c));
      // (and then the rows further down whose own parents did not flag: see unflaggedBetween)
      unflaggedBetween(p, found, byKey, overlaps).forEach((c) => weigh(c, true));
    }
  }
  // the same change seen in two dimensions (a service and the account it runs in): the account
  // row gives way when kept rows of the other dimension account for its change
  const kept = found.filter((f) => f.state === 'kept').sort((p, q) => priority(p.run.series.key) - priority(q.run.series.key) || (depth.get(p.run.series.key) ?? 0) - (depth.get(q.run.series.key) ?? 0));
  for (const g of [...kept].reverse()) {
    if (g.state !== 'kept') continue;
    const level = depth.get(g.run.series.key) ?? 0;
    const parent = g.run.series.parent;
    const dim = dimensionOf(g.run.series.key);
    const d = g.ep.detected;
    const dg = g.ep.dir * deltaOn(g, d);
    if (!(dg > 0)) continue;
    // rows in another dimension under the same parent, compared through their ancestor at g's level
    const others = kept.filter((f) => f !== g && f.state === 'kept' && overlaps(g, f) && (depth.get(f.run.series.key) ?? 0) >= level);
    const tops = new Map<string, Found[]>();
    for (const f of others) {
      const top = topOf(f, level);
      const run = byKey.get(top);
      if (!run || run.series.parent !== parent || dimensionOf(top) === dim) continue;
      tops.set(top, [...(tops.get(top) ?? []), f]);
    }
    const ratioOf = (top: string) => {
      const run = byKey.get(top)!;
      const e = run.expected[d]!;
      return (g.ep.dir * (Number.isFinite(e) ? run.series.cost[d]! - e : 0)) / dg;
    };
    const chosen = explainingSet(new Map([...tops.keys()].map((k) => [k, ratioOf(k)])));
    if (!chosen.length) continue;
    g.state = 'absorbed';
    for (const k of chosen) for (const f of tops.get(k)!) addAlso(f, [g.a.series]);
  }
  // a broad rise the parent itself did not flag (its change under the % threshold, or its
  // noise wider): sustained rises in BROAD_KIDS or more of its children of the most specific
  // dimension, flagged within BROAD_ONSET days of each other and alike in % (within
  // BROAD_GROUP_SPREAD of their median), are one cause, reported once on the parent (their
  // rows and the other rows under the parent rising alike until they end are its parts, in
  // its attribution)
  for (const parent of [...runs].sort((p, q) => (depth.get(q.series.key) ?? 0) - (depth.get(p.series.key) ?? 0))) {
    const level = depth.get(parent.series.key) ?? 0;
    const kidsKeys = new Set((children.get(parent.series.key) ?? []).map((c) => c.series.key));
    if (!kidsKeys.size) continue;
    // (rows already taken in as parts of the parent's own row of a broad change are evidence of it too)
    const partOf = (f: Found): Found | undefined => {
      let g = f;
      for (let k = 0; g.into && k < 8; k++) g = g.into;
      return g !== f && g.run === parent && g.state === 'kept' ? g : undefined;
    };
    const live = (f: Found) => f.state === 'kept' || !!partOf(f);
    const sustained = found.filter((f) => live(f) && f.ep.dir > 0 && (f.a.kind === 'shift' || f.a.kind === 'drift') && (depth.get(f.run.series.key) ?? 0) > level && kidsKeys.has(topOf(f, level + 1)));
    const dim = [...new Set(sustained.map((f) => dimensionOf(topOf(f, level + 1))))].sort((a, b) => priority(a) - priority(b))[0];
    if (!dim) continue;
    const lead = sustained.filter((f) => dimensionOf(topOf(f, level + 1)) === dim).sort((p, q) => p.ep.detected - q.ep.detected);
    for (const first of lead) {
      if (!live(first)) continue;
      const group = lead.filter((f) => live(f) && f.ep.detected >= first.ep.detected && f.ep.detected <= first.ep.detected + BROAD_ONSET);
      let m = median(group.map((f) => f.a.impactPercent));
      const alikeTo = (v: number) => group.filter((f) => f.a.impactPercent >= v / BROAD_GROUP_SPREAD && f.a.impactPercent <= v * BROAD_GROUP_SPREAD);
      let alike = alikeTo(m);
      if (new Set(alike.map((f) => topOf(f, level + 1))).size < BROAD_KIDS) {
        // fewer flagged: the children's own rise over its first days, flagged or not
        const ev = risingAlike((children.get(parent.series.key) ?? []).filter((c) => dimensionOf(c.series.key) === dim), first.from, parent);
        if (!ev || ev.count < BROAD_KIDS || ev.share < BROAD_EVIDENCE_SHARE || ev.ofTestable < BROAD_EVIDENCE_COUNT) continue;
        m = ev.rise;
        alike = alikeTo(m);
        if (!alike.includes(first)) continue;
      }
      const d = first.ep.detected;
      // (reported on the parent's first day up from then on: see parentUpDay)
      const t = parentUpDay(parent, d, BROAD_ONSET);
      if (t < 0) continue;
      const last = Math.max(...alike.map((f) => f.last));
      const fromDay = Math.min(...alike.map((f) => f.from));
      // (the parent's own row of the change, when it flagged it, stands for it; else a row is made for it)
      // (or its row of a broad change whose parts lasted to within BROAD_ONSET days of this one: see partsLast)
      const own = found.find((f) => f.run === parent && f.state === 'kept' && f.ep.dir > 0 && f.a.kind !== 'new' && ((f.ep.detected >= fromDay - BROAD_ONSET && f.ep.detected <= last) || (f.ep.detected < fromDay && partsLast(f, found) >= fromDay - BROAD_ONSET))) ?? alike.map(partOf).find((g) => g);
      let row: Found;
      if (own) row = own;
      else {
        let total = 0;
        for (const f of alike) total += f.a.totalImpact ?? 0;
        const status = alike.some((f) => f.a.status === 'ongoing') ? 'ongoing' : 'ended';
        const a = anomalyRow(parent, { d: t, start: fromDay, last, kind: 'shift', totalImpact: total, status }, days, env.wd, children.get(parent.series.key) ?? []);
        row = { a, run: parent, ep: { ...first.ep, startedOn: fromDay, last }, from: fromDay, last, state: 'kept', reps: [] };
        row.reps = [row];
      }
      // the parts: the group's rows and the other rows under the parent rising alike with it
      // (accounts beside the services), and the parent's own rows of the episode
      for (const f of found) {
        // (flagged from the day before the group's first to the end of its rows' episodes: a
        // broad rise reaches noisier series days later; or earlier, when begun with the rise: see begunWithRise)
        if (f === row || f.state !== 'kept' || f.ep.dir < 0 || f.a.kind === 'new' || (f.ep.detected < d - 1 && !begunWithRise(f, fromDay)) || f.ep.detected > Math.max(last, d + BROAD_ONSET + 2)) continue;
        const under = f.run === parent || ((depth.get(f.run.series.key) ?? 0) > level && (kidsKeys.has(topOf(f, level + 1)) || byKey.get(topOf(f, level + 1))?.series.parent === parent.series.key));
        // (a one-day spike of a noisy series is a part too when, less the broad rise, it is within its noise)
        // (nor is a drift under way days before the parent's own row of the rise began: an incident of its own, as above)
        if (own && f.a.kind === 'drift' && underWayBefore(f, own.from, m)) continue;
        const part = (f.a.impactPercent >= m / (2 * BROAD_SPREAD) && f.a.impactPercent <= 2 * m * BROAD_SPREAD) || (f.from >= fromDay - 2 && withinNoiseOfRise(f, m, env.zThreshold));
        if (under && part) f.state = 'absorbed';
      }
      if (!own) found.push(row);
    }
  }
  causesSeenAgain(found, env, addAlso);
  sameDaySeenAgain(found, env, addAlso);
  // a parent kept as a cause of its own while flagged children of the same episode are listed
  // apart (each its own incident) says which of them explain a part of its change
  for (const p of found) {
    if (p.state !== 'kept') continue;
    const parts = found.filter((c) => c.state === 'kept' && c.run.series.parent === p.run.series.key && overlaps(p, c) && c.ep.detected >= p.from - 2 && c.ep.detected <= p.last + 2);
    if (parts.length) p.a.explainedBy = [...new Set(parts.map((c) => c.a.series))].sort();
  }
  return found;
}

/**
 * The last day of a parent's change as the children changing with it show it: a broad rise
 * can fall back on the parent (its largest children back to their level, or a dip elsewhere)
 * days before it ends in the rest, so the parent's row can end first. The latest last day of
 * the children that began while the parent's row lasted and changed by about as much in %
 * (half to twice the parent's), or the parent's own last day if later
 */
function riseLast(p: Found, kids: readonly Found[]): number {
  const pp = p.ep.dir * p.a.impactPercent;
  let end = p.last;
  for (const c of kids) {
    const cp = c.ep.dir * c.a.impactPercent;
    if (c.a.kind !== 'new' && c.from >= p.from - 2 && c.from <= p.last && cp >= pp / 2 && cp <= 2 * pp) end = Math.max(end, c.last);
  }
  return end;
}

/** new spend that makes up less than this share of its parent's change is an incident of its own beside it */
const NEW_SPEND_SHARE = 0.25;

/**
 * New spend (a service or SKU billed for the first time) is never a part of a broad change: on
 * a parent that stands as a cause of its own while new spend begins under it, the new series
 * is its own incident when it makes up less than NEW_SPEND_SHARE of the parent's change that
 * day (`part` of `whole`); when it makes up more, the parent's row tells of it
 */
function newSpendApart(c: Found, part: number, whole: number): boolean {
  return c.a.kind === 'new' && whole > 0 && part < NEW_SPEND_SHARE * whole;
}

/** of the rise (in %), how far a row's series must already have been up before a broad rise began to be an incident under way before it */
const UNDER_WAY_SHARE = 1 / 3;

/**
 * A row's change was under way days before a broad rise began (an incident of its own, such as
 * a drift the parent only shows once the rise adds to it): its onset more than two days before
 * the rise's, and its series already up, over the days from its onset to two days before the
 * rise's, by UNDER_WAY_SHARE of the rise (`risePct`, in %) on average. A change read as
 * starting a few days early (a drift's onset is set back to where its first small excesses
 * began, and a steady series' ordinary wobble of a few % is enough) but that only came with
 * the rise is a part. (Against the rise, not the row's own change: a row flagged during the
 * rise reads the rise in its own %.) For a broad rise only: a parent's change made of its
 * children's incidents (two drifts at once) is no rise their onsets could be read against.
 */
function underWayBefore(f: Found, riseFrom: number, risePct: number): boolean {
  if (f.from >= riseFrom - 2) return false;
  const { run } = f;
  let sum = 0;
  let k = 0;
  for (let i = f.from; i <= riseFrom - 2; i++) {
    const e = run.expected[i]!;
    if (!Number.isFinite(e) || !(e > 0)) continue;
    sum += (f.ep.dir * (run.series.cost[i]! - e)) / e;
    k++;
  }
  return !k || (100 * sum) / k >= UNDER_WAY_SHARE * risePct;
}

/**
 * The day a broad rise the parent did not flag is reported on: the day its first row was
 * flagged, or, when the parent as a whole was not up that day (one day of a large child's
 * noise, or of a dip in spend the rise does not touch, can hide a rise of a fifth on the
 * total), the first of the next `within` days on which it was; -1 if none (no rise of the
 * parent to report)
 */
function parentUpDay(parent: SeriesRun, d: number, within: number): number {
  for (let t = d; t <= Math.min(parent.series.cost.length - 1, d + within); t++) {
    const e = parent.expected[t]!;
    if (Number.isFinite(e) && parent.series.cost[t]! - e > 0) return t;
  }
  return -1;
}

/**
 * A row flagged before the first of the rows that make up a broad rise (a part of it that
 * crossed its thresholds a few days before the rest did) is still a part of it when its
 * change began with the rise: its onset no earlier than the day before the rise's first onset
 */
function begunWithRise(f: Found, riseFrom: number): boolean {
  return f.from >= riseFrom - 1;
}

/** days of a sustained row's change read against a broad rise (as the scan test reads a change) */
const RISE_READ_DAYS = 3;

/**
 * A row changing by more than a broad rise in % is still a part of it when, less the rise
 * (`pct` % of its expected value), its change is within its noise: a one-day spike by its
 * score; a sustained change (a noisy series whose rise, plus its noise, passed its thresholds
 * and read far above the rise on its first day) by its first RISE_READ_DAYS days together, as
 * the scan test reads a change: their excess over the risen level, over its standard
 * deviation, under the z threshold; a drift the same way on the days up to the one it was
 * flagged on (driftReadFrom). New spend is never a part.
 */
function withinNoiseOfRise(f: Found, pct: number, zThreshold: number): boolean {
  if (f.a.kind === 'new' || !(pct > 0)) return false;
  if (f.a.kind === 'spike') return beyondRise(f.a, pct) < zThreshold;
  const { run } = f;
  let r = 0;
  let v = 0;
  // (a drift by the days up to the one it was flagged on: see driftReadFrom)
  const from = f.a.kind === 'drift' ? driftReadFrom(f) : f.from;
  for (let i = from; i <= Math.min(f.last, from + RISE_READ_DAYS - 1); i++) {
    const e = run.expected[i]!;
    const sd = run.sigma[i]!;
    if (!Number.isFinite(e) || !Number.isFinite(sd)) continue;
    r += f.ep.dir * (run.series.cost[i]! - e * (1 + (f.ep.dir * pct) / 100));
    v += sd * sd;
  }
  return v > 0 && r / Math.sqrt(v) < zThreshold;
}

/**
 * The first of the days a drift is read on against a broad rise: the RISE_READ_DAYS days up to
 * the day it was flagged (not its first days: small by nature, read there any drift would look
 * like noise; the days that made it flagged show how far it stood above the rise)
 */
function driftReadFrom(f: Found): number {
  return Math.max(f.from, f.ep.detected - RISE_READ_DAYS + 1);
}

/** a row's score once a rise of `pct` % of its expected value is taken off its change */
function beyondRise(a: Anomaly, pct: number): number {
  const score = a.score ?? Infinity;
  if (!(score > 0) || !(a.impact > 0)) return Infinity;
  return (score * (a.impact - (pct / 100) * a.expected)) / a.impact;
}

/**
 * Rows further below a parent (a SKU under a service, under the total) whose series in between
 * have no row of the same episode: to the parent, such a row's change is one of its child's
 * (the service's change was within its noise), so when the parent stands as a broad change of
 * its own, the row is weighed as a part of it as its children are, not left apart for want of
 * a flagged series between them (a row in between already taken in as a part of the parent's
 * change is no series standing apart either). With nothing flagged between to tie it to the
 * parent, it is a part only when, less the rise, its change is within its noise
 * (withinNoiseOfRise), not for being within twice the rise in %: a spike far above its noise
 * on a day of the rise is an incident. Never new spend (the parent's row would tell of it only
 * when it is a large part of the parent's change, and then the series between would have
 * flagged)
 */
function unflaggedBetween(p: Found, found: readonly Found[], byKey: ReadonlyMap<string, SeriesRun>, overlaps: (p: Found, c: Found) => boolean): Found[] {
  const key = p.run.series.key;
  return found.filter((c) => {
    if (c.state !== 'kept' || c.a.kind === 'new' || c.run.series.parent === key || !overlaps(p, c)) return false;
    const between: string[] = [];
    for (let k = c.run.series.parent; k && k !== key && between.length < 8; k = byKey.get(k)?.series.parent) between.push(k);
    if (!between.length || byKey.get(between[between.length - 1]!)?.series.parent !== key) return false;
    return !found.some((f) => between.includes(f.run.series.key) && overlaps(f, c) && f.into !== p);
  });
}

/**
 * The last day of a parent's row of a broad change as its parts show it: the latest last day of
 * the rows taken in as its parts (directly or through a row that was), or the row's own if
 * later (-1 when none was taken in). A broad rise goes on in the children after the parent's
 * own episode ended (its largest children back, or the parent's noise): rows of the children
 * rising alike again within days of the parts' end are the same change going on, not a broad
 * rise of its own to report on the parent a second time.
 */
function partsLast(row: Found, found: readonly Found[]): number {
  let end = -1;
  for (const f of found) {
    let g = f;
    for (let k = 0; g.into && g.into !== row && k < 8; k++) g = g.into;
    if (f !== row && g.into === row) end = Math.max(end, f.last);
  }
  return end < 0 ? -1 : Math.max(end, row.last);
}
