import { dayOfMonth, isLastDayOfMonth } from './calendar.js';
import { dimensionOf } from './series.js';
import { median } from './stats.js';
import type { DailySeries, NonUsageEvent } from './types.js';

/**
 * Commitments bought in usage rows. Some bills carry a reservation or savings plan bought
 * upfront as a usage-kind line on a SKU of its own: one large charge on a day with nothing
 * billed on that SKU for days before and after. That is a purchase, not a spike in usage: it is
 * taken out of the usage series (the SKU's, its ancestors' and, in each other dimension, the
 * one series that carried it) and listed with the non-usage events.
 */

/** no charge on the SKU this many days before and after (fewer where the bill is shorter) */
const QUIET_DAYS = 14;
/** ...and at least this many of them known after the charge (a new SKU's first day is not a purchase) */
const QUIET_AFTER_MIN = 3;
/** a SKU named like a commitment needs quiet days around the charge only this far */
const QUIET_DAYS_NAMED = 3;
/** the charge is at least this many times the minimum impact... */
const MIN_IMPACTS = 10;
/** ...and at least this many days of its parent's usual (median) daily cost */
const PARENT_DAYS = 1;
/** a charge within this share of another on the same SKU is a recurring fee, left to the monthly-charge logic */
const SAME_CHARGE = 0.35;

/** SKU names that say a commitment: reservations, savings plans, committed use, upfront fees */
export const COMMITMENT_SKU = /savings ?plans?|reserv|commit|upfront|heavyusage|prepa(id|y)|\bRI\b|RIFee/i;

export interface PurchaseSplit {
  series: DailySeries[];
  purchases: NonUsageEvent[];
}

export function purchasesByShape(series: readonly DailySeries[], days: readonly string[], minImpact: number): PurchaseSplit {
  const byKey = new Map(series.map((s) => [s.key, s]));
  const parents = new Set(series.map((s) => s.parent).filter((p): p is string => !!p && byKey.has(p)));
  const found: { key: string; t: number; amount: number }[] = [];
  for (const s of series) {
    if (parents.has(s.key) || !s.parent || !byKey.has(s.parent)) continue;
    for (let t = 0; t < days.length; t++) {
      const amount = s.cost[t]!;
      if (amount > 0 && isPurchase(s, t, days, minImpact, byKey.get(s.parent)!)) found.push({ key: s.key, t, amount });
    }
  }
  if (!found.length) return { series: [...series], purchases: [] };

  const cost = new Map(series.map((s) => [s.key, [...s.cost]]));
  const quantity = new Map(series.filter((s) => s.quantity).map((s) => [s.key, [...s.quantity!]]));
  for (const p of found) {
    const chain = new Set<string>();
    for (let key: string | undefined = p.key; key && byKey.has(key) && !chain.has(key); key = byKey.get(key)!.parent) chain.add(key);
    for (const key of chain) cost.get(key)![p.t] = cost.get(key)![p.t]! - p.amount;
    const q = quantity.get(p.key);
    if (q) q[p.t] = 0;
    // a cross-cutting dimension (accounts beside services) carried the charge in one of its series:
    // the one whose day is the most above its usual level by about the charge
    const dims = new Set([...chain].map(dimensionOf));
    const carriers = new Map<string, { key: string; off: number }>();
    for (const s of series) {
      const dim = dimensionOf(s.key);
      if (dims.has(dim) || parents.has(s.key)) continue;
      const v = cost.get(s.key)!;
      if (v[p.t]! < 0.99 * p.amount) continue;
      const off = Math.abs(v[p.t]! - p.amount - usual(v, p.t));
      const best = carriers.get(dim);
      if (!best || off < best.off) carriers.set(dim, { key: s.key, off });
    }
    for (const c of carriers.values()) if (c.off <= SAME_CHARGE * p.amount) cost.get(c.key)![p.t] = cost.get(c.key)![p.t]! - p.amount;
  }
  const out = series.map((s) => ({ ...s, cost: cost.get(s.key)!.map((v) => Math.round(v * 1e6) / 1e6), ...(s.quantity ? { quantity: quantity.get(s.key)! } : {}) }));
  const purchases = found.map((p) => ({
    date: days[p.t]!,
    kind: 'purchase' as const,
    series: p.key,
    amount: p.amount,
    description: `a single charge billed as usage on a SKU with no usage on the days around it: a purchase (commitment), not usage`,
  }));
  return { series: out, purchases };
}

function isPurchase(s: DailySeries, t: number, days: readonly string[], minImpact: number, parent: DailySeries): boolean {
  const amount = s.cost[t]!;
  const named = COMMITMENT_SKU.test(s.key.slice(s.key.lastIndexOf('/') + 1));
  const quiet = named ? QUIET_DAYS_NAMED : QUIET_DAYS;
  const n = days.length;
  if (n - 1 - t < Math.min(quiet, QUIET_AFTER_MIN) || t < 1) return false;
  for (let i = Math.max(0, t - quiet); i <= Math.min(n - 1, t + quiet); i++) if (i !== t && s.cost[i]! !== 0) return false;
  // month-start and month-end charges are the recurring kind unless the SKU says otherwise
  if (!named && (dayOfMonth(days[t]!) === 1 || isLastDayOfMonth(days[t]!))) return false;
  // another charge of about the same amount on the SKU: a fee that recurs
  if (s.cost.some((v, i) => i !== t && v > 0 && Math.abs(v - amount) <= SAME_CHARGE * amount)) return false;
  if (named) return amount >= minImpact;
  return amount >= MIN_IMPACTS * minImpact && amount >= PARENT_DAYS * usual(parent.cost, t);
}

/** the median of the 28 days before t (the days there are) */
function usual(v: readonly number[], t: number): number {
  const before = v.slice(Math.max(0, t - 28), t);
  return before.length ? median(before) : 0;
}
