import * as z from 'zod';
import { parseQuantity, parseShare } from './units.js';

/**
 * Field types shared by every YAML input (scenarios, deployment, check config, mapping files).
 * Human numbers ("1M", "500k", 1_000_000, 1e6) and shares (0.3, "30%") are parsed here, and
 * their ranges checked, so messages are the same everywhere.
 */
export const quantity = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const n = parseQuantity(v);
  if (n === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a number (e.g. 1000000, 1_000_000, 1e6, "1M", "500k", "2.5B"), got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return n;
});

export const nonNegative = quantity.refine((n) => n >= 0, { message: 'expected a number >= 0' });
export const positive = quantity.refine((n) => n > 0, { message: 'expected a number > 0' });
export const positiveInt = quantity.refine((n) => Number.isInteger(n) && n > 0, { message: 'expected a whole number > 0' });
export const nonNegativeInt = quantity.refine((n) => Number.isInteger(n) && n >= 0, { message: 'expected a whole number >= 0' });

/** A share in [0, 1]: 0.3 or "30%". Out of range is an error, never clamped. */
export const share = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const n = parseShare(v);
  if (n === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a share (0.3 or "30%"), got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  if (n < 0 || n > 1) {
    ctx.addIssue({ code: 'custom', message: `expected a share between 0% and 100%, got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return n;
});

/** A share in (0, 1]: utilization and the like. */
export const positiveShare = share.refine((n) => n > 0, { message: 'expected a share above 0%' });

/** USD amount >= 0 (plain number or numeric string). */
export const usd = nonNegative;
