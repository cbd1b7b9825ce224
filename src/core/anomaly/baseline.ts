import { meanAbsDev, median, robustScale } from './stats.js';

/**
 * The expected value of a series on a day, learnt only from the clean days before it:
 * a robust level (median of the weekday-adjusted values over the last four weeks of the
 * current regime) times a weekday factor (median of each weekday over the last eight
 * weeks, relative to the mean of the seven medians). Scale is the MAD of the relative
 * residuals over the same window, so noisy series need bigger changes to count.
 */
export interface Baseline {
  /** weekday-adjusted level */
  level: number;
  /** multiplicative factor per weekday (0 = Sunday) */
  factors: number[];
  /** false when history is too short for the weekday cycle */
  weekly: boolean;
  /** robust relative scale (MAD of residual / expected) */
  relScale: number;
  /** robust absolute scale (MAD of residuals) */
  absScale: number;
  /** standard deviation of residuals when the series is intermittent or heavy-tailed, else 0 */
  heavyStd: number;
  /** clean days in the level window */
  n: number;
  /** true when the level was learnt from the current regime alone (else from days before it too) */
  fromRegime: boolean;
  /** days the scale rests on (in-sample ones count for half) */
  scaleDays: number;
  /** the scale rests on in-sample residuals only (fewer than three weeks of out-of-sample ones: the first weeks of a series) */
  inSample: boolean;
}

export const HISTORY = {
  /** days of history before a series is scored at all */
  minDays: 7,
  /** days before the weekday cycle is estimated (three of each weekday: a median of two is their mean) */
  weeklyDays: 21,
  /** window of the weekday factors */
  factorDays: 56,
  /** window of the level and scale */
  levelDays: 28,
} as const;

const FLAT = [1, 1, 1, 1, 1, 1, 1];

export function baselineAt(
  x: readonly number[],
  clean: readonly boolean[],
  wd: readonly number[],
  t: number,
  regimeStart: number,
  /** out-of-sample residuals of earlier days (relative and absolute; NaN where none): a steadier scale */
  past?: { rel: readonly number[]; abs: readonly number[] },
  /** days left out of the weekday factors (holidays and the first day back); no weekday cycle until each weekday has three others */
  skip?: readonly boolean[],
  /** the weekday cycle and relative scale of the baseline the series returned to, kept while the regime is too young for its own (see `cycleOf`) */
  cycle?: KeptCycle,
): Baseline | null {
  const from = Math.max(0, t - HISTORY.factorDays);
  let cleanCount = 0;
  for (let i = from; i < t; i++) if (clean[i]) cleanCount++;
  if (cleanCount < HISTORY.minDays) return null;
  // the weekday cycle of the current regime once it has three weeks; before that, of the
  // weeks before it (a level shift keeps the cycle; a new series has none yet: flat)
  const rs = Math.max(0, regimeStart);
  const own = t - rs >= HISTORY.weeklyDays || rs === 0;
  const [fFrom, fTo] = own ? [Math.max(from, rs), t] : [Math.max(0, rs - HISTORY.factorDays), rs];
  const kept = own ? undefined : cycle;
  const fit = fTo - fFrom >= HISTORY.weeklyDays && !kept ? weekdayFactors(x, wd, fFrom, fTo, skip) : null;
  const factors = fit?.factors ?? (kept ? [...kept.factors] : FLAT);
  const weekly = factors !== FLAT;

  const levelFrom = (start: number) => {
    const idx: number[] = [];
    for (let i = Math.max(start, t - HISTORY.levelDays); i < t; i++) if (clean[i] && factors[wd[i]!]! > 0) idx.push(i);
    return idx;
  };
  let idx = levelFrom(Math.max(0, regimeStart));
  // days a holiday kept out of a young regime count toward the five it needs (they are no
  // lack of evidence for its level, only days it could not show it on)
  let held = 0;
  for (let i = Math.max(rs, t - HISTORY.levelDays); i < t; i++) if (skip?.[i]) held++;
  const fromRegime = idx.length >= 5 || (idx.length >= 3 && idx.length + held >= 5);
  if (!fromRegime) idx = levelFrom(0);
  if (idx.length === 0) return null;
  const level = median(idx.map((i) => x[i]! / factors[wd[i]!]!));
  // residuals against the weekday factor learnt without the day itself (leave one out): with
  // three weeks a factor is the median of three days, and the day it was read from would
  // otherwise look perfectly expected, making the scale far too small
  const factorOf = (i: number) => fit?.loo.get(i) ?? factors[wd[i]!]!;
  const abs = idx.map((i) => x[i]! - level * factorOf(i));
  const rel = level > 0 ? idx.map((i, k) => abs[k]! / (level * factorOf(i))) : [];
  let relScale = rel.length ? robustScale(rel) : 0;
  let absScale = robustScale(abs);
  let absForMeanAd: number[] = abs;
  // in-sample residuals (the level was fit on the same days) count for half
  let nScale = idx.length / 2;
  let inSample = true;
  if (past) {
    // residuals each day got from the baseline of its own past: they carry the baseline's
    // own error too, over eight weeks rather than four, so the scale is neither optimistic nor jumpy
    const pr: number[] = [];
    const pa: number[] = [];
    for (let i = from; i < t; i++) {
      if (!clean[i]) continue;
      if (Number.isFinite(past.rel[i]!)) pr.push(past.rel[i]!);
      if (Number.isFinite(past.abs[i]!)) pa.push(past.abs[i]!);
    }
    if (pr.length >= HISTORY.weeklyDays && level > 0) relScale = Math.max(relScale, robustScale(pr));
    if (pa.length >= HISTORY.weeklyDays) {
      nScale = Math.max(nScale, pa.length);
      inSample = false;
    }
    if (pa.length >= HISTORY.weeklyDays) {
      absScale = Math.max(absScale, robustScale(pa));
      if (meanAbsDev(pa) > meanAbsDev(abs)) absForMeanAd = pa;
    }
  }
  // intermittent series (most days 0, so the MAD collapses): fall back to the mean absolute
  // deviation, which a single outlier moves far less than it moves the standard deviation
  const meanAd = 1.2533 * meanAbsDev(absForMeanAd);
  const heavyStd = absScale < 0.5 * meanAd ? meanAd : 0;
  // a scale learnt from few days is often too small: widen it (x1.8 with a week, x1.07 with eight)
  const widen = Math.sqrt(1 + 8 / Math.max(1, nScale));
  return { level, factors, weekly, relScale: Math.max(relScale * widen, kept?.relScale ?? 0), absScale: absScale * widen, heavyStd: heavyStd * widen, n: idx.length, fromRegime, scaleDays: nScale, inSample };
}

/**
 * Weekday factors from every day of the window, once three weeks are known (flagged ones
 * included: a median of three or more of the same weekday shrugs off a spike, and leaving
 * flagged days out would freeze a wrong factor in place). Each factor is shrunk toward 1 by how much of its spread the noise explains
 * (empirical Bayes), so a series without a weekly cycle does not get a fake one.
 */
function weekdayFactors(x: readonly number[], wd: readonly number[], from: number, t: number, skip?: readonly boolean[]): { factors: number[]; loo: Map<number, number> } | null {
  const byWeekday: number[][] = [[], [], [], [], [], [], []];
  const dayIdx: number[][] = [[], [], [], [], [], [], []];
  // a holiday is a weekend on a weekday: it would pull that weekday's factor down for eight weeks
  const left = [0, 0, 0, 0, 0, 0, 0];
  for (let i = from; i < t; i++) if (!skip?.[i]) left[wd[i]!]!++;
  // when they cannot be left out (three of each weekday left), there is no weekday cycle yet:
  // early in a bill two Monday holidays would make every Monday look like a weekend
  if (skip && !left.every((c) => c >= 3)) return null;
  for (let i = from; i < t; i++) {
    if (skip?.[i]) continue;
    byWeekday[wd[i]!]!.push(x[i]!);
    dayIdx[wd[i]!]!.push(i);
  }
  if (!byWeekday.every((v) => v.length >= 3)) return null;
  const meds = byWeekday.map((v) => median(v));
  const mean = meds.reduce((a, b) => a + b, 0) / 7;
  if (!(mean > 0)) return null;
  const raw = meds.map((m) => m / mean);
  const rel: number[] = [];
  for (let i = from; i < t; i++) if (meds[wd[i]!]! > 0) rel.push(x[i]! / meds[wd[i]!]! - 1);
  const noise = robustScale(rel);
  const k = Math.min(...byWeekday.map((v) => v.length));
  // variance of a median of k draws ~ (1.25 sigma)^2 / k
  const noiseVar = (1.25 * noise) ** 2 / k;
  const between = raw.reduce((a, f) => a + (f - 1) ** 2, 0) / 7;
  const shrink = between > 0 ? Math.max(0, 1 - noiseVar / between) : 0;
  if (shrink === 0) return null;
  const loo = new Map<number, number>();
  byWeekday.forEach((v, w) => {
    v.forEach((_, j) => {
      const others = v.filter((__, m) => m !== j);
      loo.set(dayIdx[w]![j]!, 1 + (median(others) / mean - 1) * shrink);
    });
  });
  return { factors: raw.map((f) => 1 + (f - 1) * shrink), loo };
}

export function expectedOf(b: Baseline, weekdayIndex: number): number {
  return b.level * b.factors[weekdayIndex]!;
}

/** Robust standard deviation of a day whose expected value is `expected`. */
export function sigmaOf(b: Baseline, expected: number, floorRel: number, floorAbs: number): number {
  const fromRel = b.level > 0 ? b.relScale * expected : b.absScale;
  return Math.max(fromRel, floorRel * expected, floorAbs, b.heavyStd);
}

/**
 * The weekday cycle to keep after a series went back to the level it had before a change (a
 * shift that ended, a drift that was fixed): the one of the baseline it returned to. While the
 * regime is younger than three weeks its cycle is otherwise read from the eight weeks before
 * it, which hold the change that went away: half of them at one level and half at the other,
 * a weekday's median falls on whichever level has one day more of it, and that weekday reads
 * far from the others (an ordinary Monday expected at weekend level). The cycle from before the
 * change was read from weeks at one level; undefined when that baseline had no cycle. Its
 * relative scale is kept too, as a floor: the series is back where it was, as noisy as it was,
 * and the scale of a few days of the young regime (residuals against that cycle) underrates it.
 */
export function cycleOf(b: Baseline): KeptCycle | undefined {
  return b.weekly ? { factors: b.factors, relScale: b.relScale } : undefined;
}

/** the weekday factors and relative scale of a baseline a series returned to */
export interface KeptCycle {
  factors: readonly number[];
  relScale: number;
}
