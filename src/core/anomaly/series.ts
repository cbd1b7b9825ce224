import type { DailySeries } from './types.js';

/** `service:X/sku:Y` -> `sku`; `account:1` -> `account`; `total` -> `total` */
export function dimensionOf(key: string): string {
  const last = key.slice(key.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  return colon < 0 ? last : last.slice(0, colon);
}

/** `service:X/sku:Y` -> `service:X/sku:(other)` */
export function otherKey(key: string): string {
  const slash = key.lastIndexOf('/');
  return `${key.slice(0, slash + 1)}${dimensionOf(key)}:(other)`;
}

/** Depth of each series in the parent chain (roots are 0); unknown parents make a root. */
export function depths(series: readonly DailySeries[]): Map<string, number> {
  const byKey = new Map(series.map((s) => [s.key, s]));
  const out = new Map<string, number>();
  const depthOf = (key: string, seen: Set<string>): number => {
    const known = out.get(key);
    if (known !== undefined) return known;
    const s = byKey.get(key);
    const p = s?.parent;
    const d = p && byKey.has(p) && !seen.has(p) ? depthOf(p, new Set(seen).add(key)) + 1 : 0;
    out.set(key, d);
    return d;
  };
  for (const s of series) depthOf(s.key, new Set());
  return out;
}

export interface FoldResult {
  series: DailySeries[];
  /** series folded away (descendants of folded series included) */
  folded: number;
  /** `(other)` series created */
  others: number;
}

/**
 * Fold, per parent and dimension, the children that cannot move the needle on their own
 * (no day reaches the $ threshold) or that rank below the top `maxChildren` by spend into
 * one `(other)` series, so that many small series can still add up to a visible change.
 */
export function foldSmallSeries(series: readonly DailySeries[], minImpact: number, maxChildren: number): FoldResult {
  const depth = depths(series);
  const byKey = new Map(series.map((s) => [s.key, s]));
  const removed = new Set<string>();
  const added: DailySeries[] = [];
  const children = new Map<string, DailySeries[]>();
  for (const s of series) {
    if (!s.parent || !byKey.has(s.parent)) continue;
    const list = children.get(s.parent) ?? [];
    list.push(s);
    children.set(s.parent, list);
  }
  const parents = [...children.keys()].sort((a, b) => (depth.get(a) ?? 0) - (depth.get(b) ?? 0));
  const removeTree = (key: string) => {
    if (removed.has(key)) return;
    removed.add(key);
    for (const c of children.get(key) ?? []) removeTree(c.key);
  };
  for (const parent of parents) {
    if (removed.has(parent)) continue;
    const kids = children.get(parent) ?? [];
    const byDim = new Map<string, DailySeries[]>();
    for (const k of kids) byDim.set(dimensionOf(k.key), [...(byDim.get(dimensionOf(k.key)) ?? []), k]);
    for (const list of byDim.values()) {
      const total = (s: DailySeries) => s.cost.reduce((a, b) => a + b, 0);
      const ranked = [...list].sort((a, b) => total(b) - total(a));
      const small = ranked.filter((s, rank) => rank >= maxChildren || peak(s.cost) < minImpact);
      if (small.length < 2) continue;
      const key = otherKey(small[0]!.key);
      if (byKey.has(key)) continue;
      const cost = small[0]!.cost.map((_, i) => small.reduce((a, s) => a + (s.cost[i] ?? 0), 0));
      for (const s of small) removeTree(s.key);
      added.push({ key, parent, cost });
    }
  }
  return { series: [...series.filter((s) => !removed.has(s.key)), ...added], folded: removed.size, others: added.length };
}

/** The largest value, at least 0: a loop, since a spread of one value per day overflows the stack for a long series. */
function peak(xs: readonly number[]): number {
  let m = 0;
  for (const x of xs) if (x > m) m = x;
  return m;
}
