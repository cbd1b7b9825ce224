import type { Baseline } from './baseline.js';
import type { Episode, SeriesRun } from './run.js';
import { betaQuantile, normalQuantile } from '../uncertainty/special.js';

/** The per-series noise model of the one-day test: how far a series' own residuals reach. */

/**
 * tails: the quantile of |z| on clean days read against its value for normal noise, over this
 * many days (at least TAIL_MIN; with fewer, partly TAIL_PRIOR: daily cost noise is fat-tailed,
 * and a scale from few days is short on evidence; 1.1 is about a Student-t with 10 degrees of
 * freedom read against a MAD scale)
 */
const TAIL_Q = 0.95;
const TAIL_NORMAL = 1.96;
const TAIL_DAYS = 84;
const TAIL_MIN = 28;
const TAIL_PRIOR = 1.1;
/** the far tail: the second largest |z| (the largest alone is one day's luck) */
const EXTREME_RANK = 2;
/**
 * ...and while the scale rests on in-sample residuals only (a series' first weeks), that prior
 * also carries the extra width a single day needs against a scale read from n days: the scale
 * is widened by sqrt(1 + 8/n) for every test, a one-day test needs sqrt(1 + YOUNG_WIDEN/n) (a
 * MAD of n days reads two standard errors low, exp(2.3/sqrt(n)), about one time in forty)
 */
const YOUNG_WIDEN = 40;

/**
 * How much heavier than normal the tails of this series' own clean residuals are: a robust z of
 * 4 against a MAD scale is rare for normal noise, not for fat-tailed noise (a MAD reads the
 * middle of the distribution only). From the out-of-sample z-scores of the clean days of the
 * last TAIL_DAYS (at least TAIL_MIN of them): the TAIL_Q quantile of |z| over its normal value,
 * or, when larger, the EXTREME_RANK-th largest |z| over where it falls for normal noise (heavy
 * tails, such as a Student-t with 3 degrees of freedom, show there and hardly at the 95%
 * quantile), never below 1 (the threshold is never lowered). One-day tests only: a sum of several days'
 * z-scores is much closer to normal.
 */
export function tailFactor(t: number, run: SeriesRun, pastAbs: readonly number[], prior = TAIL_PRIOR): number {
  const zs: number[] = [];
  for (let i = Math.max(0, t - TAIL_DAYS); i < t; i++) {
    if (!run.clean[i] || !Number.isFinite(pastAbs[i]!) || !(run.sigma[i]! > 0)) continue;
    zs.push(Math.abs(pastAbs[i]! / run.sigma[i]!));
  }
  // until TAIL_MIN days are known, partly the prior (no evidence yet that the tails are thin)
  const w = Math.min(1, zs.length / TAIL_MIN);
  zs.sort((a, b) => a - b);
  const { q, far } = tailOf(zs);
  return Math.max(1, w * Math.max(zs.length >= 8 ? q : prior, zs.length >= TAIL_MIN ? far : 0) + (1 - w) * prior);
}

/** the value of some sorted (ascending) days at quantile p: the day at rank floor(p n), the last at most */
function atQuantile(zs: readonly number[], p: number): number {
  return zs[Math.min(zs.length - 1, Math.floor(p * zs.length))]!;
}

/**
 * How far the |z| of some days (sorted, ascending) reach against normal noise: `q`, their TAIL_Q
 * quantile over its normal value; `far`, the EXTREME_RANK-th largest over where it falls for
 * normal noise (a heavy-tailed series can have a quiet 95% quantile). Each means something with
 * enough days only (8 for `q`, TAIL_MIN for `far`): the callers decide.
 */
function tailOf(zs: readonly number[]): { q: number; far: number } {
  return {
    q: atQuantile(zs, TAIL_Q) / TAIL_NORMAL,
    far: zs[zs.length - EXTREME_RANK]! / normalQuantile(1 - (EXTREME_RANK - 0.5) / zs.length / 2),
  };
}

/**
 * The prior of the one-day tail factor: TAIL_PRIOR, times the extra width a single day needs
 * while the scale rests on the in-sample residuals of a few days (a series' first weeks): there
 * a scale read low is the most common cause of a false one-day alert (z 4-7 on a noisy series)
 */
export function tailPrior(b: Baseline): number {
  if (!b.inSample) return TAIL_PRIOR;
  const n = Math.max(1, b.scaleDays);
  return TAIL_PRIOR * Math.sqrt((1 + YOUNG_WIDEN / n) / (1 + 8 / n));
}

/** days either side of a one-day alert whose residuals it is read against, looking back (the whole bill is known) */
const RETRO_DAYS = 84;

/**
 * A one-day excursion that is ordinary for the series over the whole bill is no anomaly. The
 * one-day test reads a day against the tail of the days before it only; analysis is
 * retrospective, so the days after it are known too, and a series whose noise is heavy-tailed
 * shows it there as well (a Student-t series can be quiet for weeks, then reach z 4-6 again).
 * The tail factor of the scored, unflagged days within RETRO_DAYS either side (days of other
 * episodes, real changes, are left out; at least TAIL_MIN of them) must not explain the day's
 * z: true when z < zThreshold times that factor. Episodes begun by the one-day test only.
 * The factor is also read from the shape of the body of those days' residuals (largestOfOrdinary:
 * how far the largest of them goes for noise of that shape), for a day no more than SHAPE_REACH
 * times as far from its expected value, relative, as the widest move of those days (a shape
 * speaks for days like the largest the series makes, not for one well beyond them).
 */
export function ordinaryOverBill(run: SeriesRun, ep: Episode, zThreshold: number): boolean {
  if (ep.onset !== ep.detected || ep.outlier) return false;
  const x = run.series.cost;
  const d = ep.detected;
  const factor = billTail(run, d, ep.startedOn, ep.last, ep.dir);
  if (factor === null) return false;
  const z = (ep.dir * (x[d]! - run.expected[d]!)) / run.sigma[d]!;
  // (an episode begun by another test, such as the multi-day scan, is not the one-day test's to take back)
  return z >= zThreshold && z < zThreshold * factor;
}

/**
 * The tail factor of the series over the bill around day d: of the scored, clean, unflagged
 * days within RETRO_DAYS either side, days from..to (the day's own episode) left out; null with
 * fewer than TAIL_MIN of them. Read from their largest |z| (tailOf) and, for a day no more than
 * SHAPE_REACH times as far from its expected value (relative, in direction dir) as the widest
 * move of those days, from the shape of their body (largestOfOrdinary).
 */
function billTail(run: SeriesRun, d: number, from: number, to: number, dir: 1 | -1): number | null {
  const x = run.series.cost;
  const zs: number[] = [];
  let widest = 0;
  for (let i = Math.max(0, d - RETRO_DAYS); i <= Math.min(x.length - 1, d + RETRO_DAYS); i++) {
    if (i >= from && i <= to) continue;
    if (run.ref[i] !== i || !run.clean[i] || run.flagged[i] || !(run.sigma[i]! > 0) || !Number.isFinite(run.expected[i]!)) continue;
    zs.push(Math.abs((x[i]! - run.expected[i]!) / run.sigma[i]!));
    if (run.expected[i]! > 0) widest = Math.max(widest, Math.abs(x[i]! / run.expected[i]! - 1));
  }
  if (zs.length < TAIL_MIN) return null;
  zs.sort((a, b) => a - b);
  const { q, far } = tailOf(zs);
  const rel = run.expected[d]! > 0 ? dir * (x[d]! / run.expected[d]! - 1) : Infinity;
  const shape = rel < SHAPE_REACH * widest ? largestOfOrdinary(zs, zs.length + 1) : 0;
  return Math.max(1, q, far, shape);
}

/** day i was scored against a baseline of its own (no episode), kept clean and unflagged, with an expected value and a scale */
function quietDay(run: SeriesRun, i: number): boolean {
  return run.ref[i] === i && !!run.clean[i] && !run.flagged[i] && run.expected[i]! > 0 && run.sigma[i]! > 0;
}

/** days after a day of a series' first weeks whose scale stands for the series' settled one */
const SETTLED_DAYS = 42;

/**
 * A day of a series' first weeks (its scale read from in-sample residuals only) is held to a
 * wider one-day threshold (tailPrior): there is no evidence yet about the series' noise, and a
 * scale read from a few days is often low. Analysis is retrospective, so that evidence is in the
 * bill: the day is an anomaly when, read against the series' settled scale (the median relative
 * scale of the later scored days whose scale no longer rests on in-sample residuals, within
 * SETTLED_DAYS, when it is wider than the day's own), its z is beyond the series' tails over the
 * whole bill (zThreshold times the whole-bill tail factor, as ordinaryOverBill reads it).
 * `passes(d)` holds the plain thresholds of day d; `firstWeeks(i)`, day i's scale was in-sample.
 */
export function firstWeeksBeyondBill(run: SeriesRun, passes: (d: number) => boolean, firstWeeks: (i: number) => boolean, zThreshold: number): number[] {
  const x = run.series.cost;
  const out: number[] = [];
  for (let d = 0; d < x.length; d++) {
    if (!quietDay(run, d) || !passes(d)) continue;
    const rel: number[] = [];
    for (let i = d + 1; i <= Math.min(x.length - 1, d + SETTLED_DAYS); i++) if (run.ref[i] === i && !firstWeeks(i) && run.expected[i]! > 0 && run.sigma[i]! > 0) rel.push(run.sigma[i]! / run.expected[i]!);
    if (rel.length < TAIL_MIN / 2) continue;
    rel.sort((a, b) => a - b);
    const sigma = Math.max(run.sigma[d]!, rel[Math.floor(rel.length / 2)]! * run.expected[d]!);
    const factor = billTail(run, d, d, d, 1);
    if (factor !== null && (x[d]! - run.expected[d]!) / sigma >= zThreshold * factor) out.push(d);
  }
  return out;
}

/** a day this many times as far above its expected value (relative) as any other day of the series over the bill is unlike anything the series does */
const OUTLIER_RATIO = 2;

/**
 * The other side of reading a day against the whole bill: a day the one-day test passed over
 * because the series' tails are wide (the tail factor), though it is past the plain thresholds
 * (z, impact, %), is still an anomaly when, relative to its expected value, it is OUTLIER_RATIO
 * times as far up as any other scored, unflagged day within RETRO_DAYS either side (at least
 * TAIL_MIN of them): wide tails explain days like the largest the series shows, not one twice
 * as large. `passes(d)` holds the plain thresholds of day d.
 */
export function outlierDays(run: SeriesRun, passes: (d: number) => boolean): number[] {
  const x = run.series.cost;
  const rel = (i: number) => (x[i]! - run.expected[i]!) / run.expected[i]!;
  const out: number[] = [];
  for (let d = 0; d < x.length; d++) {
    if (!quietDay(run, d) || !passes(d)) continue;
    let largest = 0;
    let n = 0;
    for (let i = Math.max(0, d - RETRO_DAYS); i <= Math.min(x.length - 1, d + RETRO_DAYS); i++) {
      if (i === d || !quietDay(run, i)) continue;
      n++;
      largest = Math.max(largest, Math.abs(rel(i)));
    }
    if (n >= TAIL_MIN && rel(d) >= OUTLIER_RATIO * largest) out.push(d);
  }
  return out;
}

/** |T| of a Student-t with nu degrees of freedom, passed with probability p (two-sided) */
function studentAbsQuantile(nu: number, p: number): number {
  const x = betaQuantile(p, nu / 2, 0.5);
  return Math.sqrt((nu * (1 - x)) / x);
}

/** the noise's shape speaks for a day no more than this many times as far from its expected value (relative) as the series' widest ordinary move */
const SHAPE_REACH = 1.5;
/** the normal ratio of the TAIL_Q quantile of |z| to their median (1.96 / 0.674) */
const SHAPE_NORMAL = TAIL_NORMAL / normalQuantile(0.75);
/** from n days of normal noise that ratio reads 1 + SHAPE_CHANCE / sqrt(n) times too high about one time in six (one standard error; simulated) */
const SHAPE_CHANCE = 1.4;

/**
 * How far the largest of n ordinary days reaches, over where it falls for normal noise, with the
 * shape of the noise read from the body of the series' |z| (sorted, ascending). A heavy-tailed
 * series shows few of its largest days in a window (it can be quiet for weeks), and those that
 * pass the one-day test are flagged and leave the sample: its top cannot show its tail, its
 * body can. The ratio of the TAIL_Q quantile of |z| to their median is scale-free (a widened
 * scale moves both); less what normal noise reads by chance from as many days (SHAPE_CHANCE),
 * it gives the degrees of freedom of a Student-t with that ratio, and that t, at the scale of
 * the median, puts the median of the largest of n days where |t| is passed with probability
 * ln 2 / n. 0 when the body is no heavier than normal.
 */
export function largestOfOrdinary(zs: readonly number[], n: number): number {
  const med = zs[Math.floor(zs.length / 2)]!;
  const r = atQuantile(zs, TAIL_Q) / med / (1 + SHAPE_CHANCE / Math.sqrt(zs.length));
  if (!(med > 0) || !(r > SHAPE_NORMAL)) return 0;
  const ratio = (nu: number) => studentAbsQuantile(nu, 1 - TAIL_Q) / studentAbsQuantile(nu, 0.5);
  // degrees of freedom from 2 to 1000, by bisection on their log (the ratio falls as they grow)
  let lo = Math.log(2);
  let hi = r >= ratio(2) ? lo : Math.log(1000);
  while (hi - lo > 1e-3) {
    const mid = (lo + hi) / 2;
    if (ratio(Math.exp(mid)) > r) lo = mid;
    else hi = mid;
  }
  const nu = Math.exp(hi);
  const p = Math.LN2 / n;
  return ((med / studentAbsQuantile(nu, 0.5)) * studentAbsQuantile(nu, p)) / normalQuantile(1 - p / 2);
}
