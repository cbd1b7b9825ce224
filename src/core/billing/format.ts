import type { Condition, Mapping } from './mapping.js';
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
  /** sources kept as JSON or JSONL (json-records.ts): which records are usage, and what a column list cannot say */
  json?: JsonRules;
}

/** A field of a flattened JSON record by its dotted name (null when absent). */
export type FieldGetter = (name: string) => string | null;

export interface JsonRules {
  /** the record is a usage record (a user turn, a parent span, a summary line is not: left out, counted apart) */
  usage: (get: FieldGetter) => boolean;
  /**
   * Fields computed from others (`costopt.*`), for what a column list cannot express: a start
   * time from `[sec, nanos]`, a de-duplication key made of two ids, token conventions that
   * depend on which key a writer used. `state` lives for one file, in record order (Codex: the
   * running totals, to recover a turn's usage when only they are written).
   * `costopt.unpriced_tokens` counts tokens the record has
   * but no rate prices (audio, a total larger than its parts): reported, never priced as $0.
   */
  derive?: (get: FieldGetter, state: Map<string, string>) => Record<string, string | null>;
  /**
   * Replays of a record already counted (Claude Code sidechain logs repeat parent messages with
   * the same message id and a new request id): a row whose `key` field matches a counted row's
   * is dropped when either of them has `flag` = true (ccusage #913).
   */
  replay?: { key: string; flag: string };
  /** fields carried to later records from a record matching `when` (Codex: the model of the last turn_context) */
  carry?: { when: Condition; fields: Record<string, string> };
}

/** Has every listed column. */
export const hasAll = (h: ReadonlySet<string>, ...cols: string[]) => cols.every((c) => h.has(c.toLowerCase()));
/** Has at least one listed column. */
export const hasAny = (h: ReadonlySet<string>, ...cols: string[]) => cols.some((c) => h.has(c.toLowerCase()));
