import { median } from './stats.js';
import type { DailySeries } from './types.js';

/**
 * The smallest change material to a series' parent, per day, for series under a parent that
 * is not the root (a SKU under its service): MATERIAL_SHARE of the parent's usual day (the
 * median of its MATERIAL_DAYS days before). Small SKUs of a large service whose day-to-day
 * changes are heavy-tailed cross the absolute and % thresholds on ordinary days; a change
 * that is a sliver of the service is not worth an alert. Series under the root (services,
 * accounts) keep the plain minimum impact: a small service is the unit people budget.
 */
const MATERIAL_SHARE = 0.05;
const MATERIAL_DAYS = 28;

export function materiality(series: readonly DailySeries[]): Map<string, number[]> {
  const byKey = new Map(series.map((s) => [s.key, s]));
  const out = new Map<string, number[]>();
  const levels = new Map<string, number[]>();
  for (const s of series) {
    const parent = s.parent ? byKey.get(s.parent) : undefined;
    if (!parent?.parent || !byKey.has(parent.parent)) continue;
    let level = levels.get(parent.key);
    if (!level) {
      level = parent.cost.map((_, t) => (t ? median(parent.cost.slice(Math.max(0, t - MATERIAL_DAYS), t)) : parent.cost[0]!));
      levels.set(parent.key, level);
    }
    out.set(s.key, level.map((v) => MATERIAL_SHARE * v));
  }
  return out;
}
