import type { Found } from './causes.js';
import { pctOf } from './run.js';

/** the days after a change was found that tell whether it stayed: a week, every weekday once */
export const AFTER_DAYS = 7;

/**
 * A rise the multi-day scan found (no day of it past the one-day test: a few days whose
 * excesses only add up to the threshold together) claims that the level moved. Analysis is
 * retrospective: when the episode ended on the day it was found (no day after it kept half
 * the thresholds) and the week after it is back at the expected level, by less than half the
 * thresholds on average (under half `minImpact` a day, or under half `minPercent`, as a day
 * that would not continue an episode), the bill says the level did not move: those days were
 * the series' noise adding up, not a change, and the row is not reported. Only a row standing
 * alone (for no parent, no rows taken into it: a row that carries others is a cause read
 * across the hierarchy), and only with the whole week in the bill (at its end nothing can
 * tell yet, and the row stays).
 */
export function wentAway(f: Found, rows: readonly Found[], n: number, minImpact: number, minPercent: number): boolean {
  const { ep, run } = f;
  const d = ep.detected;
  if (!ep.byScan || ep.status !== 'ended' || f.last !== d || d + AFTER_DAYS >= n) return false;
  if (f.a.also?.length || rows.some((g) => g !== f && (g.into === f || g.reps.includes(f)))) return false;
  let sumR = 0;
  let sumE = 0;
  for (let i = d + 1; i <= d + AFTER_DAYS; i++) {
    const e = run.expected[i]!;
    if (!Number.isFinite(e)) continue;
    sumR += run.series.cost[i]! - e;
    sumE += e;
  }
  return sumR / AFTER_DAYS < 0.5 * minImpact || pctOf(sumR, sumE) < 0.5 * minPercent;
}
