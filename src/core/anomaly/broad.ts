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

export function risingAlike(kids: readonly SeriesRun[], from: number): BroadEvidence | null {
  const seen: { rel: number; z: number; spend: number; sd: number }[] = [];
  for (const k of kids) {
    let r = 0;
    let e = 0;
    let v = 0;
    for (let i = from; i < Math.min(k.series.cost.length, from + EVIDENCE_DAYS); i++) {
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
