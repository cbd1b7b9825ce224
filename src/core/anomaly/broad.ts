import type { SeriesRun } from './run.js';
import { median } from './stats.js';

/**
 * Evidence of a broad change from the children of a parent themselves, flagged or not: a
 * broad rise (traffic growth after a launch) reaches noisy children days apart, or not past
 * their thresholds at all, so the rows it leaves can be one or two children flagged on one day
 * and more a week later. Over the first EVIDENCE_DAYS days of it, the children that rose
 * clearly (their summed residual at least RISE_Z of its standard deviation) and alike (within
 * a factor ALIKE of the median rise among them); and, of the children steady enough that such
 * a rise would show in them clearly (at TESTABLE_Z), the share of spend that did rise: about
 * all of it in a broad change, only the incidents' children when two incidents overlap.
 */
const EVIDENCE_DAYS = 7;
const RISE_Z = 2;
const ALIKE = 2;
const TESTABLE_Z = 3;

/** at least this many days of the window must remain once the parent's dips are left out */
const MIN_RISE_DAYS = 3;

/**
 * The days of the evidence window that can show a rise: the first EVIDENCE_DAYS days from
 * `from`, less those on which the parent as a whole fell below its expected value (a holiday
 * the detector did not recognise, a bill-wide dip): a day the whole parent is down is no day
 * of a rise, and read on it the children would show the dip, not the rise (unless fewer than
 * MIN_RISE_DAYS days would remain: then the whole window)
 */
export function riseDays(from: number, n: number, parent?: SeriesRun): number[] {
  const all: number[] = [];
  for (let i = from; i < Math.min(n, from + EVIDENCE_DAYS); i++) all.push(i);
  if (!parent) return all;
  const up = all.filter((i) => !(parent.series.cost[i]! < parent.expected[i]!));
  return up.length >= MIN_RISE_DAYS ? up : all;
}

export interface BroadEvidence {
  /** the median rise, in % of expected, of the children that rose clearly */
  rise: number;
  /** how many children rose clearly and alike */
  count: number;
  /** of the children in which such a rise would show clearly, the share of spend that rose alike */
  share: number;
  /** ...and the share of them (by count: a broad change shows in small children too) */
  ofTestable: number;
}

export function risingAlike(kids: readonly SeriesRun[], from: number, parent?: SeriesRun): BroadEvidence | null {
  const seen: { rel: number; z: number; spend: number; sd: number }[] = [];
  const days = riseDays(from, kids[0]?.series.cost.length ?? 0, parent);
  for (const k of kids) {
    // (a child whose baseline was reset during the window is no witness: see resetDuring)
    if (resetDuring(k, from, days)) continue;
    let r = 0;
    let e = 0;
    let v = 0;
    for (const i of days) {
      const ex = k.expected[i]!;
      const s = k.sigma[i]!;
      if (!Number.isFinite(ex) || !Number.isFinite(s)) continue;
      r += k.series.cost[i]! - ex;
      e += ex;
      v += s * s;
    }
    if (!(e > 0) || !(v > 0)) continue;
    seen.push({ rel: r / e, z: r / Math.sqrt(v), spend: e, sd: Math.sqrt(v) });
  }
  const clear = seen.filter((c) => c.rel > 0 && c.z >= RISE_Z);
  if (!clear.length) return null;
  const m = median(clear.map((c) => c.rel));
  const alike = (c: { rel: number; z: number }) => c.z >= RISE_Z && c.rel >= m / ALIKE && c.rel <= m * ALIKE;
  const testable = seen.filter((c) => (m * c.spend) / c.sd >= TESTABLE_Z);
  const spend = testable.reduce((a, c) => a + c.spend, 0);
  return { rise: 100 * m, count: seen.filter(alike).length, share: spend > 0 ? testable.filter(alike).reduce((a, c) => a + c.spend, 0) / spend : 0, ofTestable: testable.length ? testable.filter(alike).length / testable.length : 0 };
}

/**
 * A child whose baseline was reset on a day of the evidence window (its change read as a return
 * to the level it had before its last new normal, or a change accepted as the new normal): its
 * expected values there are no longer its level from before the rise, so how far it rose
 * cannot be read from them. A rise that brings a series back near the level of an earlier
 * change of its own (a drift that was fixed) is read by the series as that change coming back,
 * and against the restored level a child that rose with the others reads as having fallen.
 * Such a child tells neither way: it is left out of the evidence (and of the children in which
 * a rise would show)
 */
function resetDuring(k: SeriesRun, from: number, days: readonly number[]): boolean {
  const regime = k.regime;
  if (!regime || from < 1 || !days.length) return false;
  const before = regime[from - 1];
  return days.some((i) => regime[i] !== before);
}
