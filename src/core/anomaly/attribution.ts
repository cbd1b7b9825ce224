import { baselineAt, expectedOf } from './baseline.js';
import { round, type SeriesRun } from './run.js';
import { dimensionOf } from './series.js';
import type { Attribution } from './types.js';

/** A change split into volume and price, and a parent's change split over its children. */

/** Expected quantity of a series on day d, from the same history its expected cost came from. */
function expectedQuantity(run: SeriesRun, d: number, wd: number[]): number | null {
  const q = run.series.quantity;
  if (!q || run.ref[d]! < 0) return null;
  const b = baselineAt(q, run.clean, wd, run.ref[d]!, run.regime[d]!);
  return b ? expectedOf(b, wd[d]!) : null;
}

export function splitVolumePrice(run: SeriesRun, d: number, wd: number[]): { volumeEffect: number; priceEffect: number } | null {
  const q = run.series.quantity;
  const eq = expectedQuantity(run, d, wd);
  if (!q || eq === null) return null;
  const e = run.expected[d]!;
  const delta = run.series.cost[d]! - e;
  // delta = (q1 - q0) * p0 + q1 * (p1 - p0): volume at the old price, price change on the new volume
  const volume = eq > 0 ? (q[d]! - eq) * (e / eq) : delta;
  return { volumeEffect: round(volume, 4), priceEffect: round(delta - volume, 4) };
}

export function attribute(parent: SeriesRun, d: number, children: SeriesRun[], wd: number[]): Attribution[] {
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
