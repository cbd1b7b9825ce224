import { median, robustScale, stdev } from './stats.js';

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
}

export const HISTORY = {
  /** days of history before a series is scored at all */
  minDays: 7,
  /** days before the weekday cycle is estimated */
  weeklyDays: 14,
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
): Baseline | null {
  const from = Math.max(0, t - HISTORY.factorDays);
  const byWeekday: number[][] = [[], [], [], [], [], [], []];
  let cleanCount = 0;
  for (let i = from; i < t; i++) {
    if (!clean[i]) continue;
    cleanCount++;
    byWeekday[wd[i]!]!.push(x[i]!);
  }
  if (cleanCount < HISTORY.minDays) return null;

  let factors = FLAT;
  let weekly = false;
  if (cleanCount >= HISTORY.weeklyDays && byWeekday.every((v) => v.length >= 2)) {
    const meds = byWeekday.map((v) => median(v));
    const mean = meds.reduce((a, b) => a + b, 0) / 7;
    if (mean > 0) {
      // shrink toward 1 when few weeks are known: two samples per weekday are a weak estimate
      factors = meds.map((m, w) => {
        const k = byWeekday[w]!.length;
        return 1 + (m / mean - 1) * (k / (k + 1));
      });
      weekly = true;
    }
  }

  const levelFrom = (start: number) => {
    const idx: number[] = [];
    for (let i = Math.max(start, t - HISTORY.levelDays); i < t; i++) if (clean[i] && factors[wd[i]!]! > 0) idx.push(i);
    return idx;
  };
  let idx = levelFrom(Math.max(0, regimeStart));
  if (idx.length < 5) idx = levelFrom(0);
  if (idx.length === 0) return null;
  const level = median(idx.map((i) => x[i]! / factors[wd[i]!]!));
  const abs = idx.map((i) => x[i]! - level * factors[wd[i]!]!);
  const rel = level > 0 ? idx.map((i, k) => abs[k]! / (level * factors[wd[i]!]!)) : [];
  const absScale = robustScale(abs);
  const sd = stdev(abs);
  // intermittent or heavy-tailed series (MAD collapses to ~0): fall back to the standard deviation
  const heavyStd = absScale < 0.5 * sd ? sd : 0;
  return { level, factors, weekly, relScale: rel.length ? robustScale(rel) : 0, absScale, heavyStd, n: idx.length };
}

export function expectedOf(b: Baseline, weekdayIndex: number): number {
  return b.level * b.factors[weekdayIndex]!;
}

/** Robust standard deviation of a day whose expected value is `expected`. */
export function sigmaOf(b: Baseline, expected: number, floorRel: number, floorAbs: number): number {
  const fromRel = b.level > 0 ? b.relScale * expected : b.absScale;
  return Math.max(fromRel, floorRel * expected, floorAbs, b.heavyStd);
}
