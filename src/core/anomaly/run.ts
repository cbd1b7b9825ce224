import type { Baseline } from './baseline.js';
import type { DailySeries, DetectorOptions } from './types.js';

/** The state the detector keeps per series while it scores it, and what its passes share. */

/** dimensions from the most specific (rows are listed under them first) to the cross-cutting ones */
export const DIMENSION_ORDER = ['service', 'model', 'sku', 'account'];

export interface Episode {
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
  /** a one-day rise found after the run, unlike any other day of the series over the bill (see outlierDays) */
  outlier?: boolean;
  /** a one-day peak split off a rise it rose far above (see splitPeaks): a cause of its own, never continuing the row before */
  ownCause?: boolean;
  /** begun by the multi-day scan test, no day of it past the one-day test (see wentAway in sustained.ts) */
  byScan?: boolean;
}

export interface SeriesRun {
  series: DailySeries;
  expected: number[];
  sigma: number[];
  /** index of the day whose history the expected value was learnt from (onset inside an episode), -1 if not scored */
  ref: number[];
  regime: number[];
  clean: boolean[];
  /** expected cost without the recurring monthly extra (NaN where not scored) */
  plain: number[];
  /** the sigma of that plain expected value (NaN where not scored) */
  plainSigma: number[];
  /** days that were part of an episode, even once it became the new normal */
  flagged: boolean[];
  /** the recurring monthly extra expected each day (0 where none) */
  extra: number[];
  /** for an aggregate: the recurring extras its children expect, per day (the largest sum over one dimension) */
  childExtra?: number[];
  /**
   * for a series without children in a cross-cutting dimension (an account): the recurring
   * extras each series of another dimension under the same parent (a service) expects, per day
   */
  siblingExtras?: number[][];
  episodes: Episode[];
  /**
   * days of the series' first weeks past the plain one-day thresholds and beyond its tails over
   * the whole bill that the one-day test passed over (firstWeeksBeyondBill): reported when a
   * parent rose the same day by itself (partsOfParentSpikes)
   */
  heldBack?: { t: number; base: Baseline }[];
}

export interface Ctx {
  days: string[];
  wd: number[];
  index: Map<string, number>;
  o: Required<DetectorOptions>;
  floorAbs: number;
  /** per series, days of a holiday it dipped on and the first day back: kept out of its baselines, no episode starts there */
  skip?: Map<string, boolean[]>;
  /** per series below a parent that is not the root, the smallest change material to that parent, per day */
  material?: Map<string, number[]>;
}

export const pctOf = (r: number, e: number): number => (e !== 0 ? (100 * r) / Math.abs(e) : r > 0 ? 100 : r < 0 ? -100 : 0);
export const round = (v: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};

/**
 * A day that cannot tell whether an episode goes on: a day on which a recurring charge is
 * expected reads the series against that charge's uncertainty too (a quarter of it, see
 * evaluate in detect.ts), and when that alone hides the episode's change (its median excess so
 * far is `continueZ` sigmas of the day without the charge, under it with the charge) the day is
 * no evidence that the change has stopped, as a holiday is none: it does not count toward the
 * quiet days that end the episode, and it stays a day of the episode (its last so far: a change
 * seen again after the episode ended is chained to its row counting from that day).
 */
export function hiddenByCharge(ep: Episode, run: SeriesRun, t: number, s: number, s0: number, continueZ: number): boolean {
  if (!((run.extra[t] ?? 0) > 0) || !ep.anomalous.length) return false;
  const x = run.series.cost;
  const ex = ep.anomalous.map((i) => ep.dir * (x[i]! - run.expected[i]!)).sort((a, b) => a - b);
  const m = ex[Math.floor(ex.length / 2)]!;
  return m >= continueZ * s0 && m < continueZ * s;
}
