import type { Mapping } from './mapping.js';
import type { CanonicalRecord } from './record.js';

/**
 * One billing format: a mapping plus how to recognise it from its header. Built-ins live in
 * formats/<id>.ts and are listed in formats/index.ts (the registry); adding a format is adding
 * a file there. A `--map` mapping file becomes a BillingFormat without `detect`.
 */
export interface BillingFormat {
  id: string;
  mapping: Mapping;
  /**
   * Score the header: `header` holds the normalized, lower-cased column names. Null when the
   * header is not this format; otherwise a score (higher wins) and the label naming the
   * version or variant seen (e.g. "FOCUS 1.2", "Azure MCA cost details").
   */
  detect?: (header: ReadonlySet<string>) => { score: number; label: string } | null;
  /**
   * Per-row evidence of which cost an export holds, where one layout serves two (Azure actual
   * vs amortized). `get` reads a column of the row (null when absent or null).
   */
  variant?: (get: (column: string) => string | null, rec: CanonicalRecord) => 'actual' | 'amortized' | undefined;
}

/** Has every listed column. */
export const hasAll = (h: ReadonlySet<string>, ...cols: string[]) => cols.every((c) => h.has(c.toLowerCase()));
/** Has at least one listed column. */
export const hasAny = (h: ReadonlySet<string>, ...cols: string[]) => cols.some((c) => h.has(c.toLowerCase()));
