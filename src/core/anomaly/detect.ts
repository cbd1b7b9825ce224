import { InputError } from '../errors.js';
import { baselineAt, cycleOf, expectedOf, sigmaOf, HISTORY, type Baseline, type KeptCycle } from './baseline.js';
import { dayNumber, isLastDayOfMonth, lastDayMonthsBefore, monthsBefore, weekday } from './calendar.js';
import { splitVolumePrice } from './attribution.js';
import { anomalyRow, contextOf } from './row.js';
import { holidaySkips } from './holidays.js';
import { materiality } from './materiality.js';
import { purchasesByShape } from './purchases.js';
import { oneRowPerCause, type Found } from './causes.js';
import { partsOfParentSpikes } from './same-day.js';
import { splitPeaksAtLeaves } from './peaks.js';
import { wentAway } from './sustained.js';
import { DIMENSION_ORDER, hiddenByCharge, pctOf, round, type Ctx, type Episode, type SeriesRun } from './run.js';
import { depths, dimensionOf, foldSmallSeries } from './series.js';
import { median } from './stats.js';
import { firstWeeksBeyondBill, ordinaryOverBill, outlierDays, tailFactor, tailPrior } from './tails.js';
import type { Anomaly, DailySeries, DetectorInput, DetectorOptions, DetectorResult, NonUsageEvent } from './types.js';

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
/** an episode of the same series starting this soon after the last one ended continues it */
const CHAIN_GAP_DAYS = 3;
/** a change back to the baseline from before the last new normal, within this many days, is a return to it */
const REVERT_WITHIN_DAYS = 120;
/** ...when every day of it, for at least RETURN_DAYS days, is within REVERT_Z sigmas of that baseline */
const REVERT_Z = 3;
const RETURN_DAYS = 3;
/** ...and, for a return seen without an episode (not unusual for the current baseline), within RETURN_FIT_Z sigmas of it */
const RETURN_FIT_Z = 2;
/** in the scan test, each of the last days must be at least this unusual on the same side */
const SCAN_MIN_Z = 0.5;
/** a charge seen on the same day of the only earlier month stands out by this many sigmas; seen in two or more of three, by MONTH_Z each */
const ONE_MONTH_Z = 3;
const MONTH_Z = 2;
/** ...and each month's excess within this share of their median (or 3 sigmas): a charge recurs at about the same amount */
const SAME_CHARGE = 0.35;
/** days of its own a series begun inside the bill needs before a change of its level alerts (it reports as new spend before) */
const NEW_MIN_HISTORY = 42;

/**
 * Charges that recur on the same day of the month (or on the last day) every month, such as
 * monthly fees billed as one day of usage. The excess of an earlier month is measured against
 * what was expected then (so a level shift since does not hide it). One month is evidence
 * enough only when it is the only earlier month on record and that day was not flagged;
 * otherwise the charge must show in a strict majority of the (up to three) earlier months on
 * record, at least two: a noisy day in one month of two is no monthly charge, and believing it
 * would raise the expected value of that day in every later month. A one-day spike on that
 * day counts (a monthly fee first seen is flagged: without this it would be flagged every
 * month, since each flagged month would hide it from the next); days of a longer episode
 * (a shift, a drift) never do.
 */
function recurringExtra(t: number, x: readonly number[], base: Baseline, run: SeriesRun, ctx: Ctx): number {
  const date = ctx.days[t]!;
  const skip = ctx.skip?.get(run.series.key);
  const lists: (string | null)[][] = [[1, 2, 3].map((k) => monthsBefore(date, k))];
  if (isLastDayOfMonth(date)) lists.push([1, 2, 3].map((k) => lastDayMonthsBefore(date, k)));
  let best = 0;
  for (const list of lists) {
    const seen: { ex: number; z: number; spike: boolean; sd: number }[] = [];
    for (const d of list) {
      if (!d) continue;
      const i = ctx.index.get(d);
      if (i === undefined || i >= t) continue;
      // a holiday or the first day back is the calendar, not evidence of a monthly charge
      if (skip?.[i]) continue;
      const spike = !!run.flagged[i] && isSpikeDay(run, i);
      if (run.flagged[i] && !spike) continue;
      const then = run.plain[i]!;
      const e = Number.isFinite(then) ? then : expectedOf(base, ctx.wd[i]!);
      const ex = x[i]! - e;
      // measured against the uncertainty of that day's own expected value too (early in a
      // bill it is wide: an ordinary day then is no evidence, however narrow the scale is now)
      const sd = Math.max(sigmaOf(base, e, FLOOR_REL, ctx.floorAbs), Number.isFinite(run.plainSigma[i]!) ? run.plainSigma[i]! : 0);
      seen.push({ ex, z: ex / sd, spike, sd });
    }
    const months = seen.length;
    const shows = (m: { ex: number; z: number }, z: number) => m.ex > 0.5 * ctx.o.minImpact && m.z > z;
    // one month alone must stand out clearly; two or more of three, each a little less
    let hits = months === 1 ? seen.filter((m) => !m.spike && shows(m, ONE_MONTH_Z)) : seen.filter((m) => shows(m, MONTH_Z));
    // a monthly charge is about the same amount each month: excesses of very different sizes
    // on the same day of two months (two unrelated spikes) are no charge
    const mid = median(hits.map((m) => m.ex));
    hits = hits.filter((m) => Math.abs(m.ex - mid) <= Math.max(SAME_CHARGE * mid, 3 * m.sd));
    const enough = months === 1 ? hits.length === 1 : hits.length >= 2 && 2 * hits.length > months;
    if (enough) best = Math.max(best, median(hits.map((m) => m.ex)));
  }
  return best;
}

/** day i was part of an episode of at most two flagged days (a one-day spike, not a shift or a drift) */
function isSpikeDay(run: SeriesRun, i: number): boolean {
  for (const ep of run.episodes) if (ep.startedOn <= i && i <= ep.last) return ep.anomalous.length <= 2 && ep.status !== 'new-normal' && ep.last - ep.startedOn <= 2;
  return false;
}

function evaluate(t: number, x: readonly number[], base: Baseline, run: SeriesRun, ctx: Ctx): { e: number; s: number; plain: number; s0: number } {
  // an aggregate (the total, an account, a service) expects at least the recurring charges its
  // children expect that day: a monthly fee plain on a SKU can be within the noise of the total
  // in some months, so the total alone would not learn it, and then flag it when it coincides
  // with other month-start lines
  let extra = Math.max(recurringExtra(t, x, base, run, ctx), run.childExtra?.[t] ?? 0);
  const plain = expectedOf(base, ctx.wd[t]!);
  const s0 = sigmaOf(base, plain, FLOOR_REL, ctx.floorAbs);
  if (run.siblingExtras) extra += siblingCharges(x[t]! - plain - extra, run.siblingExtras, t, s0);
  run.extra[t] = extra;
  const e = plain + extra;
  return { e, s: Math.sqrt(s0 * s0 + (0.25 * extra) ** 2), plain, s0 };
}

/**
 * The recurring charges of other series (the services beside an account) that an account's
 * excess today is made of: an account has no children to learn its services' monthly fees
 * from, and when a fee's first months fall within the account's noise it cannot learn them
 * itself. The services' learnt charges due today whose sum comes closest to the excess, when it
 * is that sum within 3 sigmas (or SAME_CHARGE of it): the fee went through this account.
 */
function siblingCharges(excess: number, siblings: readonly number[][], t: number, sigma: number): number {
  const due = siblings
    .map((v) => v[t] ?? 0)
    .filter((v) => v > 0)
    .sort((a, b) => b - a)
    .slice(0, 10);
  if (!due.length || !(excess > 0)) return 0;
  let best = 0;
  for (let mask = 1; mask < 1 << due.length; mask++) {
    let sum = 0;
    for (let k = 0; k < due.length; k++) if (mask & (1 << k)) sum += due[k]!;
    if (Math.abs(excess - sum) < Math.abs(excess - best)) best = sum;
  }
  return best > 0 && Math.abs(excess - best) <= Math.max(3 * sigma, SAME_CHARGE * best) ? best : 0;
}

/**
 * The scan test for sustained changes: over each window of the last m days (m from
 * `sustainedDays` up to SCAN_WINDOWS' largest), the sum of the days' z-scores over its
 * standard deviation. The z-scores share the error of the baseline's level (a median of n
 * days: variance ~1.57/n in units of the day's sigma), so the sum of m of them has variance
 * m + m^2 * 1.57/n, not m. The change must be on the same side on the last days (it is still
 * there) and pass both thresholds over the last min(m, 3) days (where it stands now).
 */
const SCAN_WINDOWS = [3, 4, 5, 7, 10, 14];

function runSeries(series: DailySeries, ctx: Ctx, childExtra?: number[], siblingExtras?: number[][]): SeriesRun {
  const { o } = ctx;
  const skip = ctx.skip?.get(series.key);
  const off = (i: number) => !!skip?.[i];
  const minDays: number = HISTORY.minDays;
  const x = series.cost;
  const n = x.length;
  // a change must be material to the parent too (new spend, expected 0, is always reported)
  const material = ctx.material?.get(series.key);
  const minImpactAt = (t: number, e: number) => (material && e > 0 ? Math.max(o.minImpact, material[t]!) : o.minImpact);
  // a series that began inside the bill (new spend) reports as new spend, and only alerts on a
  // change of its level once it has NEW_MIN_HISTORY days of its own: its first weeks are ramp-up
  const firstSpend = x.findIndex((v) => v !== 0);
  const young = (t: number, e: number) => firstSpend > 0 && e > 0 && t - firstSpend < NEW_MIN_HISTORY;
  const run: SeriesRun = {
    series,
    expected: new Array<number>(n).fill(NaN),
    sigma: new Array<number>(n).fill(NaN),
    ref: new Array<number>(n).fill(-1),
    regime: new Array<number>(n).fill(0),
    clean: new Array<boolean>(n).fill(true),
    plain: new Array<number>(n).fill(NaN),
    plainSigma: new Array<number>(n).fill(NaN),
    flagged: new Array<boolean>(n).fill(false),
    extra: new Array<number>(n).fill(0),
    ...(childExtra ? { childExtra } : {}),
    ...(siblingExtras?.length ? { siblingExtras } : {}),
    episodes: [],
  };
  const inEpisode = new Array<boolean>(n).fill(false);
  /** the baseline each day was read against (an outlier found after the run keeps it) */
  const dayBase: (Baseline | undefined)[] = new Array(n);
  const levelVar = new Array<number>(n).fill(0);
  const past = { rel: new Array<number>(n).fill(NaN), abs: new Array<number>(n).fill(NaN) };
  let regimeStart = 0;
  let ep: Episode | null = null;
  /** the baseline from before the last change that became the new normal, while a return to it is possible */
  let before: { base: Baseline; regimeStart: number; dir: 1 | -1; until: number } | null = null;
  /** a baseline to fall back on while the current regime is too young to learn a level from */
  let anchor: Baseline | null = null;
  let cycle: KeptCycle | undefined; // the weekday cycle of the level last returned to (`cycleOf`)
  const z = (i: number) => (x[i]! - run.expected[i]!) / run.sigma[i]!;
  const scored = (i: number) => i >= 0 && run.ref[i] === i && !inEpisode[i];
  /**
   * The last days left the current baseline the other way, by both thresholds, and fit the
   * baseline from before the last new normal (every day within RETURN_FIT_Z of it) far better
   * than the current one (a quarter of the squared z-scores or less).
   */
  const returned = (b: { base: Baseline; dir: 1 | -1 }, from: number, to: number) => {
    let sumR = 0;
    let sumE = 0;
    let sumB = 0;
    let zzNow = 0;
    let zzBefore = 0;
    for (let i = from; i <= to; i++) {
      if (run.ref[i] !== i || inEpisode[i] || !(-b.dir * (x[i]! - run.expected[i]!) > 0)) return false;
      sumR += x[i]! - run.expected[i]!;
      sumE += run.expected[i]!;
      zzNow += z(i) ** 2;
      const v = evaluate(i, x, b.base, run, ctx);
      sumB += v.e;
      const zb = (x[i]! - v.e) / v.s;
      if (Math.abs(zb) > RETURN_FIT_Z) return false;
      zzBefore += zb * zb;
    }
    const m = to - from + 1;
    // the size of a return in % of the lower of the two levels, as the change it undoes was
    // measured: a +25% rise that goes away is a -20% fall from the raised level, and must not
    // stay the normal for want of the last 5 points
    return (-b.dir * sumR) / m >= o.minImpact && -b.dir * pctOf(sumR, Math.min(sumE, sumB)) >= o.minPercent && 4 * zzBefore <= zzNow;
  };
  const backTo = (b: Baseline, from: number, to: number) => {
    for (let i = from; i <= to; i++) {
      const v = evaluate(i, x, b, run, ctx);
      if (Math.abs(x[i]! - v.e) > REVERT_Z * v.s) return false;
    }
    return true;
  };

  // day i read against `base`: what it expects, its scale, and the plain (weekday-only) view
  const readDay = (i: number, base: Baseline) => {
    const v = evaluate(i, x, base, run, ctx);
    run.expected[i] = v.e;
    run.sigma[i] = v.s;
    run.plain[i] = v.plain;
    run.plainSigma[i] = v.s0;
    return v;
  };
  // back to the baseline from before the last new normal, from day `from`: days from..to are
  // read against it again (their regime too: the volume/price split of a later anomaly learns
  // quantities from it), and are no evidence for the scale
  const restore = (base: Baseline, from: number, to: number) => {
    regimeStart = from;
    anchor = base;
    cycle = cycleOf(base);
    for (let i = from; i <= to; i++) {
      readDay(i, base);
      run.regime[i] = regimeStart;
      past.rel[i] = NaN;
      past.abs[i] = NaN;
    }
  };

  for (let t = minDays; t < n; t++) {
    run.regime[t] = regimeStart;
    if (ep) {
      const { e, s, s0 } = readDay(t, ep.base);
      run.ref[t] = ep.onset;
      inEpisode[t] = true;
      if (off(t)) {
        // a holiday (or the first day back) says nothing about whether the episode goes on
        run.clean[t] = false;
        continue;
      }
      const r = ep.dir * (x[t]! - e);
      if (-r >= o.minImpact && -ep.dir * pctOf(x[t]! - e, e) >= o.minPercent && -r / s >= o.zThreshold) {
        // a change the other way inside an episode (a spike while spend is down): a new episode
        ep.status = 'ended';
        ep = { dir: ep.dir === 1 ? -1 : 1, onset: t, detected: t, startedOn: t, last: t, anomalous: [t], base: ep.base, regimeStart, quiet: 0, status: 'ongoing' };
        run.clean[t] = false;
        run.flagged[t] = true;
        run.episodes.push(ep);
        continue;
      }
      if (before && t <= before.until && ep.dir === -before.dir && t - ep.onset + 1 >= RETURN_DAYS && backTo(before.base, ep.onset, t)) {
        // the change undid the last one that became the new normal (a shift that ended, a
        // drift that was fixed): back to the baseline from before it
        ep.status = 'ended';
        ep.last = t;
        restore(before.base, ep.onset, ep.onset - 1); // its regime, anchor and weekday cycle (no day re-read)
        before = null;
        for (let i = ep.onset; i <= t; i++) run.clean[i] = true;
        ep = null;
        continue;
      }
      const still = r >= 0.5 * o.minImpact && ep.dir * pctOf(x[t]! - e, e) >= 0.5 * o.minPercent && r / s >= CONTINUE_Z;
      if (still) {
        ep.last = t;
        ep.anomalous.push(t);
        ep.quiet = 0;
        run.clean[t] = false;
        run.flagged[t] = true;
        if (t - ep.onset + 1 >= o.acceptAfterDays) {
          // persisted long enough: the new normal, learnt from its last week (a drift's early
          // days are below where it ended up); the baseline before it is kept for a while, in
          // case the change goes away again
          ep.status = 'new-normal';
          before = { base: ep.base, regimeStart: ep.regimeStart, dir: ep.dir, until: t + REVERT_WITHIN_DAYS };
          regimeStart = Math.max(ep.onset, t - 6);
          anchor = null;
          cycle = undefined;
          for (const i of ep.anomalous) run.clean[i] = true;
          ep = null;
        }
      } else if (hiddenByCharge(ep, run, t, s, s0, CONTINUE_Z)) ep.last = t;
      else if (++ep.quiet >= QUIET_DAYS_TO_END) {
        ep.status = 'ended';
        ep = null;
      }
      continue;
    }

    let base = baselineAt(x, run.clean, ctx.wd, t, regimeStart, past, skip, cycle);
    if (anchor && (!base || !base.fromRegime)) base = anchor;
    else if (base?.fromRegime) anchor = null;
    if (!base) continue;
    dayBase[t] = base;
    const { e, s } = readDay(t, base);
    run.ref[t] = t;
    levelVar[t] = 1.57 / Math.max(1, base.n);
    const r = x[t]! - e;
    if (off(t)) {
      // a holiday dip and the return from it are the calendar, not a change in usage: neither
      // is learnt from nor starts an episode
      run.clean[t] = false;
      continue;
    }
    // residuals of the first weeks (no weekday cycle yet) would make every later scale too wide
    if (t >= HISTORY.weeklyDays) {
      past.abs[t] = r;
      if (e > 0) past.rel[t] = r / e;
    }
    // a change that undid the last new normal (a drift that was fixed) need not look unusual
    // against a baseline learnt from that new normal's first days: a drift accepted while
    // still rising gives a wide, late scale that would hide the fall back to the old level
    if (before && t <= before.until && t - regimeStart >= RETURN_DAYS && returned(before, t - RETURN_DAYS + 1, t)) {
      restore(before.base, t - RETURN_DAYS + 1, t);
      before = null;
      continue;
    }
    const p = pctOf(r, e);
    const zt = r / s;
    let dir: 1 | -1 | 0 = 0;
    let onset = t;
    for (const d of [1, -1] as const) {
      if (young(t, e)) break;
      if (d * r >= minImpactAt(t, e) && d * p >= o.minPercent && d * zt >= o.zThreshold * tailFactor(t, run, past.abs, tailPrior(base))) dir = d;
    }
    // no day past the one-day test: a change of level, when the days' excesses add up (scan)
    const hit = !dir && !young(t, e) ? scan(t, x, run, levelVar, scored, o, off, minImpactAt(t, e)) : null;
    if (hit) ({ dir, onset } = hit);
    if (!dir) continue;

    // the change undoes the last one that became the new normal, and has for some days: back
    // to the baseline from before it, not a new anomaly (a day or two could be a holiday)
    if (before && t <= before.until && dir === -before.dir && t - onset + 1 >= RETURN_DAYS && backTo(before.base, onset, t)) {
      restore(before.base, onset, t);
      before = null;
      continue;
    }

    let startedOn = onset;
    while (startedOn - 1 >= Math.max(0, onset - 14) && scored(startedOn - 1) && !off(startedOn - 1) && dir * z(startedOn - 1) >= 1) startedOn--;
    // the run-up belongs to the change: keep it out of later baselines and scales
    for (let i = startedOn; i < onset; i++) {
      run.clean[i] = false;
      run.flagged[i] = true;
      past.rel[i] = NaN;
      past.abs[i] = NaN;
    }
    let frozen = baselineAt(x, run.clean, ctx.wd, startedOn, regimeStart, past, skip, cycle) ?? base;
    if (anchor && !frozen.fromRegime) frozen = anchor;
    ep = { dir, onset, detected: t, startedOn, last: t, anomalous: [], base: frozen, regimeStart, quiet: 0, status: 'ongoing', ...(hit ? { byScan: true } : {}) };
    for (let i = onset; i <= t; i++) {
      readDay(i, frozen);
      run.ref[i] = onset;
      inEpisode[i] = true;
      run.clean[i] = false;
      run.flagged[i] = true;
      past.rel[i] = NaN;
      past.abs[i] = NaN;
      ep.anomalous.push(i);
    }
    run.episodes.push(ep);
  }
  addOutliers(run, x, o, (t) => !off(t) && !young(t, run.expected[t]!) && x[t]! - run.expected[t]! >= minImpactAt(t, run.expected[t]!), dayBase);
  return run;
}

/** one-day rises unlike any other day of the series over the bill (outlierDays in tails.ts), as episodes of their own */
function addOutliers(run: SeriesRun, x: readonly number[], o: Required<DetectorOptions>, eligible: (t: number) => boolean, dayBase: readonly (Baseline | undefined)[]): void {
  const passes = (t: number) => eligible(t) && pctOf(x[t]! - run.expected[t]!, run.expected[t]!) >= o.minPercent && (x[t]! - run.expected[t]!) / run.sigma[t]! >= o.zThreshold;
  // (not while a day's scale rested on in-sample residuals: the first weeks keep their wider threshold, unless a parent rose that day: partsOfParentSpikes)
  const firstWeeks = (t: number) => !!dayBase[t]?.inSample;
  run.heldBack = firstWeeksBeyondBill(run, (t) => firstWeeks(t) && passes(t), firstWeeks, o.zThreshold).map((t) => ({ t, base: dayBase[t]! }));
  for (const t of outlierDays(run, (t) => !firstWeeks(t) && passes(t))) {
    run.flagged[t] = true;
    run.clean[t] = false;
    run.episodes.push({ dir: 1, onset: t, detected: t, startedOn: t, last: t, anomalous: [t], base: dayBase[t]!, regimeStart: run.regime[t]!, quiet: 0, status: 'ended', outlier: true });
  }
  run.episodes.sort((a, b) => a.startedOn - b.startedOn);
}

function scan(t: number, x: readonly number[], run: SeriesRun, levelVar: readonly number[], scored: (i: number) => boolean, o: Required<DetectorOptions>, off: (i: number) => boolean, minImpact: number): { dir: 1 | -1; onset: number } | null {
  const z = (i: number) => (x[i]! - run.expected[i]!) / run.sigma[i]!;
  const k = Math.max(2, o.sustainedDays);
  for (const d of [1, -1] as const) {
    let sumZ = 0;
    let m = 0;
    // days in the window, latest first; holiday days (and the first day back) are passed over
    const seen: number[] = [];
    for (let i = t; i >= 0 && seen.length < SCAN_WINDOWS[SCAN_WINDOWS.length - 1]!; i--) {
      if (off(i)) continue;
      if (!scored(i)) break;
      sumZ += d * z(i);
      m++;
      seen.push(i);
      if (m < k || !SCAN_WINDOWS.includes(m)) continue;
      const recent = Math.min(m, 3);
      let sumR = 0;
      let sumE = 0;
      let same = true;
      for (const j of seen.slice(0, recent)) {
        sumR += x[j]! - run.expected[j]!;
        sumE += run.expected[j]!;
        if (d * z(j) < SCAN_MIN_Z) same = false;
      }
      if (!same || (d * sumR) / recent < minImpact || d * pctOf(sumR, sumE) < o.minPercent) continue;
      if (sumZ / Math.sqrt(m + m * m * levelVar[t]!) >= o.zThreshold) return { dir: d, onset: seen[seen.length - 1]! };
    }
  }
  return null;
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

const byDateAndSeries = (a: NonUsageEvent, b: NonUsageEvent) => a.date.localeCompare(b.date) || a.series.localeCompare(b.series);

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
  let nonUsage = [...input.nonUsage].sort(byDateAndSeries);
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

  const bought = purchasesByShape(series, days, o.minImpact);
  if (bought.purchases.length) {
    series = bought.series;
    nonUsage = [...nonUsage, ...bought.purchases].sort(byDateAndSeries);
    notes.push(`${bought.purchases.length} single large charge${bought.purchases.length === 1 ? '' : 's'} on a SKU with no usage around ${bought.purchases.length === 1 ? 'it' : 'them'} taken for purchases billed as usage and listed with the non-usage lines`);
  }
  const folded = foldSmallSeries(series, o.minImpact, o.maxChildren);
  if (folded.folded) notes.push(`${folded.folded} small series (no day reaching ${o.minImpact} ${input.currency}, or past the top ${o.maxChildren}) folded into ${folded.others} "(other)" series`);
  series = folded.series;

  const ctx: Ctx = { days, wd: days.map(weekday), index: new Map(days.map((d, i) => [d, i])), o, floorAbs: Math.max(1e-6, 0.05 * o.minImpact), material: materiality(series) };
  // children before parents, so that an aggregate knows the recurring charges under it
  const depthAll = depths(series);
  // (and, at one depth, services before accounts: an account without children learns the
  // monthly charges of the services beside it)
  const rank = (key: string) => DIMENSION_ORDER.indexOf(dimensionOf(key)) >>> 0;
  const order = [...series].sort((a, b) => (depthAll.get(b.key) ?? 0) - (depthAll.get(a.key) ?? 0) || rank(a.key) - rank(b.key));
  const kidsOf = new Map<string, DailySeries[]>();
  for (const s of series) if (s.parent) kidsOf.set(s.parent, [...(kidsOf.get(s.parent) ?? []), s]);
  const crossCutting = (s: DailySeries) => dimensionOf(s.key) === 'account' && !kidsOf.has(s.key) && !!s.parent;
  const runAll = (c: Ctx): SeriesRun[] => {
    const done = new Map<string, SeriesRun>();
    for (const s of order) {
      const byDim = new Map<string, number[]>();
      for (const k of kidsOf.get(s.key) ?? []) {
        const kr = done.get(k.key);
        if (!kr) continue;
        const dim = dimensionOf(k.key);
        const sum = byDim.get(dim) ?? new Array<number>(n).fill(0);
        kr.extra.forEach((v, i) => (sum[i] = sum[i]! + (Number.isFinite(v) ? v : 0)));
        byDim.set(dim, sum);
      }
      const sums = [...byDim.values()];
      const childExtra = sums.length ? Array.from({ length: n }, (_, i) => Math.max(...sums.map((v) => v[i]!))) : undefined;
      const siblings = crossCutting(s)
        ? (kidsOf.get(s.parent!) ?? [])
            .filter((k) => rank(k.key) < rank(s.key))
            .map((k) => done.get(k.key)?.extra)
            .filter((v): v is number[] => !!v && v.some((e) => e > 0))
        : undefined;
      done.set(s.key, runSeries(s, c, childExtra?.some((v) => v > 0) ? childExtra : undefined, siblings));
    }
    return series.map((s) => done.get(s.key)!);
  };
  let runs = runAll(ctx);
  // holidays: days on which the series people drive dip like a weekend, all at once; then
  // again with those days (and the first day back) kept out of the baselines of the series
  // that dipped, and no episode starting on them
  const skip = holidaySkips(runs, depthAll, ctx);
  if (skip) {
    runs = runAll({ ...ctx, skip: skip.skip });
    notes.push(`${skip.days.length} holiday${skip.days.length === 1 ? '' : 's'} seen (people-driven series dipping like a weekend on a weekday): ${skip.days.join(', ')}; those days and the first day back are not scored for the series that dipped`);
  }
  const byKey = new Map(runs.map((r) => [r.series.key, r]));
  partsOfParentSpikes(runs, byKey, o.zThreshold);
  splitPeaksAtLeaves(runs, (k) => kidsOf.has(k), o);
  const children = new Map<string, SeriesRun[]>();
  for (const r of runs) {
    const p = r.series.parent;
    if (p && byKey.has(p)) children.set(p, [...(children.get(p) ?? []), r]);
  }

  const found: Found[] = [];
  for (const run of runs) {
    let prev: Found | null = null;
    for (const ep of run.episodes) {
      if (ep.dir < 0 && !o.includeDrops) continue;
      // a one-day rise within the series' tails over the whole bill (both sides of it) is its noise
      if (ep.dir > 0 && classify(ep, run, o) === 'spike' && ordinaryOverBill(run, ep, o.zThreshold)) continue;
      const x = run.series.cost;
      const d = ep.detected;
      let total = 0;
      for (let i = ep.startedOn; i <= ep.last; i++) if (Number.isFinite(run.expected[i]!)) total += x[i]! - run.expected[i]!;
      // one episode, reported once: a change that goes on after it was taken as the new normal
      // (a drift still rising), or comes back within a few quiet days, extends the row before
      if (prev && prev.ep.dir === ep.dir && ep.startedOn <= prev.last + CHAIN_GAP_DAYS && !ep.ownCause) {
        const pa = prev.a;
        pa.endDate = days[ep.last]!;
        pa.days = ep.last - prev.from + 1;
        pa.totalImpact = round((pa.totalImpact ?? 0) + total, 4);
        if (pa.kind === 'spike') pa.kind = classify(ep, run, o);
        else if (pa.kind === 'shift' && pa.status === 'new-normal') pa.kind = 'drift';
        pa.status = ep.status;
        pa.context = contextOf(x, days, prev.from, ep.last);
        prev.last = ep.last;
        continue;
      }
      const a = anomalyRow(run, { d, start: ep.startedOn, last: ep.last, kind: classify(ep, run, o), totalImpact: total, status: ep.status }, days, ctx.wd, children.get(run.series.key) ?? [], splitVolumePrice(run, d, ctx.wd));
      const f: Found = { a, run, ep, from: ep.startedOn, last: ep.last, state: 'kept', reps: [] };
      f.reps = [f];
      found.push(f);
      prev = f;
    }
  }

  const rows = oneRowPerCause(found, { runs, byKey, children, depth: depths(series), days, wd: ctx.wd, zThreshold: o.zThreshold });
  const anomalies = rows
    .filter((f) => f.state === 'kept' && !wentAway(f, rows, n, o.minImpact, o.minPercent))
    .map((f) => f.a)
    .sort((p, q) => p.date.localeCompare(q.date) || Math.abs(q.impact) - Math.abs(p.impact) || p.series.localeCompare(q.series));
  return result(anomalies, runs.length);
}
