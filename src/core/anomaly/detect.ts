import { InputError } from '../errors.js';
import { baselineAt, expectedOf, sigmaOf, HISTORY, type Baseline } from './baseline.js';
import { dayNumber, isLastDayOfMonth, lastDayMonthsBefore, monthsBefore, weekday } from './calendar.js';
import { depths, dimensionOf, foldSmallSeries } from './series.js';
import { median } from './stats.js';
import type { Anomaly, Attribution, DailySeries, DetectorInput, DetectorOptions, DetectorResult } from './types.js';

/**
 * Defaults, and why:
 * - minImpact 10 (currency units per day) and minPercent 20: both must pass, as AWS and GCP
 *   alert rules do; 20% is where users report that alerts stop being noise on daily bills
 *   (25% gave false alarms, 50% "just caught" a real incident in m-lab/prometheus-support#1063),
 *   and a $10/day change is about $300/month, the smallest change worth a ticket.
 * - zThreshold 4: a robust z (residual over a MAD scale) a little above the textbook 3.5,
 *   because daily cost noise is fat-tailed; 3.5 doubled the false alerts on the benchmark.
 * - sustainedDays 3: "3 days in a row" catches level shifts and drifts whose single days are
 *   within the noise of a noisy series.
 * - acceptAfterDays 14: after two weeks a change is the new normal and the baseline re-learns.
 * - maxChildren 25: children per parent and dimension before the rest fold into `(other)`.
 */
export const DEFAULT_DETECTOR_OPTIONS: Required<DetectorOptions> = {
  minImpact: 10,
  minPercent: 20,
  includeDrops: false,
  zThreshold: 4,
  sustainedDays: 3,
  acceptAfterDays: 14,
  maxChildren: 25,
};

/** relative noise floor: no series is treated as steadier than +-3% a day */
const FLOOR_REL = 0.03;
/** a day inside an open episode stays anomalous while it keeps half the thresholds and z >= 2 */
const CONTINUE_Z = 2;
/** quiet days that end an episode */
const QUIET_DAYS_TO_END = 2;

interface Episode {
  dir: 1 | -1;
  onset: number;
  detected: number;
  startedOn: number;
  last: number;
  anomalous: number[];
  base: Baseline;
  regimeStart: number;
  quiet: number;
  status: 'ongoing' | 'ended' | 'new-normal';
}

interface SeriesRun {
  series: DailySeries;
  expected: number[];
  sigma: number[];
  /** index of the day whose history the expected value was learnt from (onset inside an episode), -1 if not scored */
  ref: number[];
  regime: number[];
  clean: boolean[];
  episodes: Episode[];
}

interface Ctx {
  days: string[];
  wd: number[];
  index: Map<string, number>;
  o: Required<DetectorOptions>;
  floorAbs: number;
}

const pctOf = (r: number, e: number): number => (e !== 0 ? (100 * r) / Math.abs(e) : r > 0 ? 100 : r < 0 ? -100 : 0);
const round = (v: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};

/**
 * Charges that recur on the same day of the month (or on the last day) every month, such as
 * monthly fees billed as one day of usage: if at least half of the (up to three) earlier
 * months on record show a clear excess that day, the typical excess is expected again.
 */
function recurringExtra(t: number, x: readonly number[], base: Baseline, ctx: Ctx): number {
  const date = ctx.days[t]!;
  const lists: (string | null)[][] = [[1, 2, 3].map((k) => monthsBefore(date, k))];
  if (isLastDayOfMonth(date)) lists.push([1, 2, 3].map((k) => lastDayMonthsBefore(date, k)));
  let best = 0;
  for (const list of lists) {
    const excess: number[] = [];
    let months = 0;
    for (const d of list) {
      if (!d) continue;
      const i = ctx.index.get(d);
      if (i === undefined || i >= t) continue;
      months++;
      const e = expectedOf(base, ctx.wd[i]!);
      const ex = x[i]! - e;
      if (ex > Math.max(0.5 * ctx.o.minImpact, 3 * sigmaOf(base, e, FLOOR_REL, ctx.floorAbs))) excess.push(ex);
    }
    // at least half of the earlier months on record (a holiday or an outage may hide one)
    if (excess.length && 2 * excess.length >= months) best = Math.max(best, median(excess));
  }
  return best;
}

function evaluate(t: number, x: readonly number[], base: Baseline, ctx: Ctx): { e: number; s: number } {
  const extra = recurringExtra(t, x, base, ctx);
  const e = expectedOf(base, ctx.wd[t]!) + extra;
  const s0 = sigmaOf(base, e - extra, FLOOR_REL, ctx.floorAbs);
  return { e, s: Math.sqrt(s0 * s0 + (0.25 * extra) ** 2) };
}

function runSeries(series: DailySeries, ctx: Ctx): SeriesRun {
  const { o } = ctx;
  const minDays: number = HISTORY.minDays;
  const x = series.cost;
  const n = x.length;
  const run: SeriesRun = {
    series,
    expected: new Array<number>(n).fill(NaN),
    sigma: new Array<number>(n).fill(NaN),
    ref: new Array<number>(n).fill(-1),
    regime: new Array<number>(n).fill(0),
    clean: new Array<boolean>(n).fill(true),
    episodes: [],
  };
  const inEpisode = new Array<boolean>(n).fill(false);
  const past = { rel: new Array<number>(n).fill(NaN), abs: new Array<number>(n).fill(NaN) };
  let regimeStart = 0;
  let ep: Episode | null = null;
  const z = (i: number) => (x[i]! - run.expected[i]!) / run.sigma[i]!;

  for (let t = minDays; t < n; t++) {
    run.regime[t] = regimeStart;
    if (ep) {
      const { e, s } = evaluate(t, x, ep.base, ctx);
      run.expected[t] = e;
      run.sigma[t] = s;
      run.ref[t] = ep.onset;
      inEpisode[t] = true;
      const r = ep.dir * (x[t]! - e);
      if (-r >= o.minImpact && -ep.dir * pctOf(x[t]! - e, e) >= o.minPercent && -r / s >= o.zThreshold) {
        // a change the other way inside an episode (a spike while spend is down): a new episode
        ep.status = 'ended';
        ep = { dir: ep.dir === 1 ? -1 : 1, onset: t, detected: t, startedOn: t, last: t, anomalous: [t], base: ep.base, regimeStart, quiet: 0, status: 'ongoing' };
        run.clean[t] = false;
        run.episodes.push(ep);
        continue;
      }
      const still = r >= 0.5 * o.minImpact && ep.dir * pctOf(x[t]! - e, e) >= 0.5 * o.minPercent && r / s >= CONTINUE_Z;
      if (still) {
        ep.last = t;
        ep.anomalous.push(t);
        ep.quiet = 0;
        run.clean[t] = false;
        if (t - ep.onset + 1 >= o.acceptAfterDays) {
          // persisted long enough: the new normal, learnt from its last week (a drift's early
          // days are below where it ended up)
          ep.status = 'new-normal';
          regimeStart = Math.max(ep.onset, t - 6);
          for (const i of ep.anomalous) run.clean[i] = true;
          ep = null;
        }
      } else if (++ep.quiet >= QUIET_DAYS_TO_END) {
        ep.status = 'ended';
        ep = null;
      }
      continue;
    }

    const base = baselineAt(x, run.clean, ctx.wd, t, regimeStart, past);
    if (!base) continue;
    const { e, s } = evaluate(t, x, base, ctx);
    run.expected[t] = e;
    run.sigma[t] = s;
    run.ref[t] = t;
    const r = x[t]! - e;
    // residuals of the first weeks (no weekday cycle yet) would make every later scale too wide
    if (t >= HISTORY.weeklyDays) {
      past.abs[t] = r;
      if (e > 0) past.rel[t] = r / e;
    }
    const p = pctOf(r, e);
    const zt = r / s;
    let dir: 1 | -1 | 0 = 0;
    let onset = t;
    for (const d of [1, -1] as const) {
      if (d * r >= o.minImpact && d * p >= o.minPercent && d * zt >= o.zThreshold) dir = d;
    }
    if (!dir) {
      // sustained: k days in a row on the same side, together unusual and past both thresholds
      const k = o.sustainedDays;
      const first = t - k + 1;
      if (first >= 0 && k >= 2) {
        let ok = true;
        let sumR = 0;
        let sumE = 0;
        let sumZ = 0;
        for (let i = first; i <= t; i++) {
          if (run.ref[i] !== i || inEpisode[i]) {
            ok = false;
            break;
          }
          sumR += x[i]! - run.expected[i]!;
          sumE += run.expected[i]!;
          sumZ += z(i);
        }
        if (ok) {
          for (const d of [1, -1] as const) {
            let each = true;
            for (let i = first; i <= t; i++) if (d * z(i) < 1) each = false;
            if (each && (d * sumR) / k >= o.minImpact && d * pctOf(sumR, sumE) >= o.minPercent && ((d * sumZ) / k) * Math.sqrt(k) >= o.zThreshold) {
              dir = d;
              onset = first;
            }
          }
        }
      }
    }
    if (!dir) continue;

    let startedOn = onset;
    while (startedOn - 1 >= Math.max(0, onset - 14) && run.ref[startedOn - 1] === startedOn - 1 && !inEpisode[startedOn - 1] && dir * z(startedOn - 1) >= 1) startedOn--;
    // the run-up belongs to the change: keep it out of later baselines and scales
    for (let i = startedOn; i < onset; i++) {
      run.clean[i] = false;
      past.rel[i] = NaN;
      past.abs[i] = NaN;
    }
    const frozen = baselineAt(x, run.clean, ctx.wd, startedOn, regimeStart, past) ?? base;
    ep = { dir, onset, detected: t, startedOn, last: t, anomalous: [], base: frozen, regimeStart, quiet: 0, status: 'ongoing' };
    for (let i = onset; i <= t; i++) {
      const v = evaluate(i, x, frozen, ctx);
      run.expected[i] = v.e;
      run.sigma[i] = v.s;
      run.ref[i] = onset;
      inEpisode[i] = true;
      run.clean[i] = false;
      past.rel[i] = NaN;
      past.abs[i] = NaN;
      ep.anomalous.push(i);
    }
    run.episodes.push(ep);
  }
  return run;
}

function classify(ep: Episode, run: SeriesRun, o: Required<DetectorOptions>): Anomaly['kind'] {
  if (ep.dir < 0) return 'drop';
  const x = run.series.cost;
  let prior = 0;
  for (let i = 0; i < ep.startedOn; i++) prior += Math.max(0, x[i]!);
  if (prior < o.minImpact) return 'new';
  if (ep.anomalous.length <= 2 && ep.status !== 'new-normal') return 'spike';
  const resid: number[] = [];
  for (let i = ep.startedOn; i <= ep.last; i++) if (Number.isFinite(run.expected[i]!)) resid.push(x[i]! - run.expected[i]!);
  if (resid.length >= 4) {
    const head = median(resid.slice(0, 3));
    const tail = median(resid.slice(-3));
    if (tail >= 1.5 * Math.max(head, 1e-9) && ep.detected - ep.startedOn >= 1) return 'drift';
  }
  return 'shift';
}

/** Expected quantity of a series on day d, from the same history its expected cost came from. */
function expectedQuantity(run: SeriesRun, d: number, wd: number[]): number | null {
  const q = run.series.quantity;
  if (!q || run.ref[d]! < 0) return null;
  const b = baselineAt(q, run.clean, wd, run.ref[d]!, run.regime[d]!);
  return b ? expectedOf(b, wd[d]!) : null;
}

function splitVolumePrice(run: SeriesRun, d: number, wd: number[]): { volumeEffect: number; priceEffect: number } | null {
  const q = run.series.quantity;
  const eq = expectedQuantity(run, d, wd);
  if (!q || eq === null) return null;
  const e = run.expected[d]!;
  const delta = run.series.cost[d]! - e;
  // delta = (q1 - q0) * p0 + q1 * (p1 - p0): volume at the old price, price change on the new volume
  const volume = eq > 0 ? (q[d]! - eq) * (e / eq) : delta;
  return { volumeEffect: round(volume, 4), priceEffect: round(delta - volume, 4) };
}

function attribute(parent: SeriesRun, d: number, children: SeriesRun[], wd: number[]): Attribution[] {
  const delta = parent.series.cost[d]! - parent.expected[d]!;
  if (delta === 0) return [];
  const dir = Math.sign(delta);
  const byDim = new Map<string, { run: SeriesRun; impact: number }[]>();
  for (const c of children) {
    const e = c.expected[d]!;
    if (!Number.isFinite(e)) continue;
    const impact = c.series.cost[d]! - e;
    const dim = dimensionOf(c.series.key);
    byDim.set(dim, [...(byDim.get(dim) ?? []), { run: c, impact }]);
  }
  const out: Attribution[] = [];
  for (const list of byDim.values()) {
    list.sort((a, b) => dir * b.impact - dir * a.impact);
    let covered = 0;
    for (const { run, impact } of list.slice(0, 3)) {
      if (dir * impact <= 0 || covered >= 0.8 * Math.abs(delta)) break;
      covered += dir * impact;
      const split = splitVolumePrice(run, d, wd);
      out.push({ series: run.series.key, sharePercent: round((100 * impact) / delta, 2), impact: round(impact, 4), ...(split ?? {}) });
    }
  }
  return out;
}

function validate(input: DetectorInput): void {
  const cur = (input.currency ?? '').trim();
  if (!cur || /[\s,;/|+]/.test(cur)) {
    throw new InputError({
      severity: 'error',
      path: 'currency',
      message: `anomaly detection needs one currency per run, got ${JSON.stringify(input.currency ?? '')}`,
      hint: 'costs in different currencies are never summed: analyze each currency on its own',
    });
  }
  const nums = input.days.map(dayNumber);
  nums.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new Error(`detectAnomalies: days[${i}] is not a YYYY-MM-DD date: ${input.days[i]}`);
    if (i > 0 && v !== nums[i - 1]! + 1) throw new Error(`detectAnomalies: days must be consecutive, ${input.days[i - 1]} is followed by ${input.days[i]}`);
  });
  for (const s of input.series) {
    if (s.cost.length !== input.days.length) throw new Error(`detectAnomalies: series ${s.key} has ${s.cost.length} values for ${input.days.length} days`);
    if (s.quantity && s.quantity.length !== input.days.length) throw new Error(`detectAnomalies: series ${s.key} has ${s.quantity.length} quantities for ${input.days.length} days`);
    if (s.cost.some((v) => !Number.isFinite(v))) throw new Error(`detectAnomalies: series ${s.key} has a non-finite cost`);
  }
}

/** Root series: `total` when given, else the sum of the series without a known parent. */
function rootTotal(series: readonly DailySeries[], n: number): number[] {
  const total = series.find((s) => s.key === 'total');
  if (total) return total.cost;
  const keys = new Set(series.map((s) => s.key));
  const roots = series.filter((s) => !s.parent || !keys.has(s.parent));
  return Array.from({ length: n }, (_, i) => roots.reduce((a, s) => a + s.cost[i]!, 0));
}

/**
 * Detect usage-cost anomalies in daily series. Pure: the caller builds the series from a bill
 * (usage only; tax, purchases, credits, refunds and month-long charges go in `nonUsage`).
 */
export function detectAnomalies(input: DetectorInput, opts: DetectorOptions): DetectorResult {
  const o: Required<DetectorOptions> = { ...DEFAULT_DETECTOR_OPTIONS };
  for (const [k, v] of Object.entries(opts) as [keyof DetectorOptions, never][]) if (v !== undefined) o[k] = v;
  validate(input);
  const notes: string[] = [];
  const nonUsage = [...input.nonUsage].sort((a, b) => a.date.localeCompare(b.date) || a.series.localeCompare(b.series));
  let days = [...input.days];
  let series = input.series;
  let droppedLastDay: string | undefined;

  const n0 = days.length;
  if (input.lastDayComplete !== true && n0 > HISTORY.minDays) {
    const total = rootTotal(series, n0);
    const last = n0 - 1;
    let drop = input.lastDayComplete === false;
    let why = 'the bill marks it incomplete';
    if (!drop) {
      const wd = days.map(weekday);
      const b = baselineAt(total, new Array<boolean>(n0).fill(true), wd, last, 0);
      const e = b ? expectedOf(b, wd[last]!) : 0;
      // exports lag a day or more: a last day far below its usual level is a partial day
      if (b && e > 0 && total[last]! < 0.5 * e) {
        drop = true;
        why = `its usage (${round(total[last]!, 2)}) is under half the expected ${round(e, 2)}, as for a partial day`;
      }
    }
    if (drop) {
      droppedLastDay = days[last];
      notes.push(`left out ${droppedLastDay}, the last day: ${why}`);
      days = days.slice(0, last);
      series = series.map((s) => ({ ...s, cost: s.cost.slice(0, last), ...(s.quantity ? { quantity: s.quantity.slice(0, last) } : {}) }));
    }
  }

  const n = days.length;
  const result = (anomalies: Anomaly[], scored: number): DetectorResult => ({ anomalies, nonUsage, notes, ...(droppedLastDay ? { droppedLastDay } : {}), options: o, seriesScored: scored });
  if (n < HISTORY.minDays + 1) {
    notes.push(`too little history: ${n} day${n === 1 ? '' : 's'} of usage (needs at least ${HISTORY.minDays + 1} to score a day, ${HISTORY.weeklyDays} for the weekday cycle); no anomalies are reported`);
    return result([], 0);
  }
  if (n < HISTORY.weeklyDays + 1) notes.push(`short history: ${n} days, so the baseline ignores the weekday cycle (needs ${HISTORY.weeklyDays} days); days from ${days[HISTORY.minDays]} on are scored`);
  else if (n < 2 * HISTORY.levelDays) notes.push(`short history: ${n} days; the weekday cycle is learnt from ${Math.floor(n / 7)} weeks, days from ${days[HISTORY.minDays]} on are scored`);

  const folded = foldSmallSeries(series, o.minImpact, o.maxChildren);
  if (folded.folded) notes.push(`${folded.folded} small series (no day reaching ${o.minImpact} ${input.currency}, or past the top ${o.maxChildren}) folded into ${folded.others} "(other)" series`);
  series = folded.series;

  const ctx: Ctx = { days, wd: days.map(weekday), index: new Map(days.map((d, i) => [d, i])), o, floorAbs: Math.max(1e-6, 0.05 * o.minImpact) };
  const runs = series.map((s) => runSeries(s, ctx));
  const byKey = new Map(runs.map((r) => [r.series.key, r]));
  const children = new Map<string, SeriesRun[]>();
  for (const r of runs) {
    const p = r.series.parent;
    if (p && byKey.has(p)) children.set(p, [...(children.get(p) ?? []), r]);
  }

  interface Found {
    a: Anomaly;
    run: SeriesRun;
    ep: Episode;
  }
  const found: Found[] = [];
  for (const run of runs) {
    for (const ep of run.episodes) {
      if (ep.dir < 0 && !o.includeDrops) continue;
      const x = run.series.cost;
      const d = ep.detected;
      const e = run.expected[d]!;
      let total = 0;
      for (let i = ep.onset; i <= ep.last; i++) total += x[i]! - run.expected[i]!;
      for (let i = ep.startedOn; i < ep.onset; i++) total += x[i]! - run.expected[i]!;
      const from = Math.max(0, ep.startedOn - 14);
      const to = Math.min(n - 1, ep.last + 3, ep.startedOn + 30);
      const split = splitVolumePrice(run, d, ctx.wd);
      const a: Anomaly = {
        date: days[d]!,
        endDate: days[ep.last]!,
        startedOn: days[ep.startedOn]!,
        days: ep.last - ep.startedOn + 1,
        series: run.series.key,
        kind: classify(ep, run, o),
        expected: round(e, 4),
        actual: round(x[d]!, 4),
        impact: round(x[d]! - e, 4),
        impactPercent: round(pctOf(x[d]! - e, e), 2),
        totalImpact: round(total, 4),
        score: round((x[d]! - e) / run.sigma[d]!, 2),
        status: ep.status,
        ...(split ?? {}),
        attribution: attribute(run, d, children.get(run.series.key) ?? [], ctx.wd),
        context: Array.from({ length: to - from + 1 }, (_, k) => ({ date: days[from + k]!, cost: round(x[from + k]!, 4) })),
      };
      found.push({ a, run, ep });
    }
  }

  // One row per incident, top-down: a parent whose change one flagged child explains (>= 80%
  // on the parent's day) gives way to that child, which names it in `also`; a parent whose
  // change is spread over several children stays, and its flagged children (named in its
  // attribution) are not listed apart.
  const depth = depths(series);
  const dropped = new Set<Found>();
  // the same incident: same direction, flagged within three days of each other
  const overlaps = (p: Found, c: Found) => c.ep.dir === p.ep.dir && Math.abs(c.ep.detected - p.ep.detected) <= 3;
  const deltaOn = (f: Found, d: number) => f.run.series.cost[d]! - f.run.expected[d]!;
  const kidsOf = (f: Found) => found.filter((c) => !dropped.has(c) && c.run.series.parent === f.run.series.key && overlaps(f, c));
  const dropTree = (f: Found) => {
    dropped.add(f);
    for (const c of kidsOf(f)) dropTree(c);
  };
  const ordered = [...found].sort((p, q) => (depth.get(p.run.series.key) ?? 0) - (depth.get(q.run.series.key) ?? 0));
  for (const f of ordered) {
    if (dropped.has(f)) continue;
    const kids = kidsOf(f);
    if (!kids.length) continue;
    const d = f.ep.detected;
    const explaining = kids.filter((c) => Number.isFinite(c.run.expected[d]!) && deltaOn(c, d) / deltaOn(f, d) >= 0.8);
    if (explaining.length) {
      dropped.add(f);
      for (const c of explaining) c.a.also = [...new Set([...(c.a.also ?? []), f.a.series, ...(f.a.also ?? [])])];
    } else {
      for (const c of kids) dropTree(c);
    }
  }
  // the same change seen in two dimensions (a service and the account it runs in): keep one
  const priority = (key: string) => ['service', 'model', 'sku', 'account'].indexOf(dimensionOf(key)) >>> 0;
  const kept = found.filter((f) => !dropped.has(f)).sort((p, q) => priority(p.run.series.key) - priority(q.run.series.key));
  for (const f of kept) {
    if (dropped.has(f)) continue;
    for (const g of kept) {
      if (g === f || dropped.has(g) || g.run.series.parent !== f.run.series.parent || dimensionOf(g.run.series.key) === dimensionOf(f.run.series.key) || !overlaps(f, g)) continue;
      const ratio = deltaOn(g, f.ep.detected) / deltaOn(f, f.ep.detected);
      if (ratio >= 0.8 && ratio <= 1.25) {
        dropped.add(g);
        f.a.also = [...new Set([...(f.a.also ?? []), g.a.series])];
      }
    }
  }
  const anomalies = found
    .filter((f) => !dropped.has(f))
    .map((f) => f.a)
    .sort((p, q) => p.date.localeCompare(q.date) || Math.abs(q.impact) - Math.abs(p.impact) || p.series.localeCompare(q.series));
  return result(anomalies, runs.length);
}
