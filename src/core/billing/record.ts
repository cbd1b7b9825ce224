/**
 * The canonical billing record (SPEC §4): every importer (built-in format, `--map` mapping,
 * request log) turns one CSV row into one or more of these. Both engines (JS streaming and
 * DuckDB) aggregate the same fields; see aggregate.ts for what is summed.
 *
 * Money is exact: bigint counts of 1e-12 units of `currency` (src/core/decimal.ts SCALE),
 * never floats. Times are UTC epoch milliseconds, start inclusive, end exclusive.
 */
export const CHARGE_KINDS = ['usage', 'purchase', 'tax', 'credit', 'refund', 'adjustment'] as const;
export type ChargeKind = (typeof CHARGE_KINDS)[number];

/** Cost basis chosen with `--basis`: billed (invoice), effective (amortized), list (before discounts). */
export const BASES = ['billed', 'effective', 'list'] as const;
export type Basis = (typeof BASES)[number];

/** Token counts of an LLM row. `input` counts ALL prompt tokens (cache reads and writes are parts of it); `reasoning` is part of `output`. */
export interface TokenCounts {
  input: number;
  output: number;
  cacheRead: number;
  /** 5-minute cache writes */
  cacheWrite: number;
  cacheWrite1h: number;
  reasoning: number;
}

export const EMPTY_TOKENS: Readonly<TokenCounts> = Object.freeze({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0, cacheWrite1h: 0, reasoning: 0 });

export interface CanonicalRecord {
  /** charge period start, UTC epoch ms (inclusive) */
  start: number;
  /** charge period end, UTC epoch ms (exclusive); equals start for an instant (a request) */
  end: number;
  provider: string | null;
  /** billing/sub account, subscription, project, workspace */
  account: string | null;
  service: string | null;
  /** SKU, usage type, meter, or `line_item`/`token_type` of an LLM export */
  sku: string | null;
  /** LLM model id (as written in the export) */
  model: string | null;
  region: string | null;
  resource: string | null;
  tags: Record<string, string> | null;
  chargeKind: ChargeKind;
  /** invoice cost, 1e-12 units */
  billed: bigint;
  /** amortized cost, 1e-12 units (= billed when the export has no separate column) */
  effective: bigint;
  /** list / on-demand cost, 1e-12 units; null when the export does not say */
  list: bigint | null;
  /** ISO 4217, upper case */
  currency: string;
  quantity: number | null;
  unit: string | null;
  description: string | null;
  /** LLM rows */
  tokens: TokenCounts | null;
  user: string | null;
  project: string | null;
  requestId: string | null;
  /** 1 when the row is one request (request logs), else 0: the denominator of cost per request */
  requests: number;
  /** the cost the source reports for the row (usage logs with a cost of their own), 1e-12 units; absent or null when it reports none */
  reported?: bigint | null;
  /** true when the row's cost could not be priced (request logs with a model missing from the catalog): the cost fields are 0 and must not be read as $0 */
  unpriced: boolean;
  /** provenance: file as given on the command line, 1-based line of the row's first line */
  file: string;
  line: number;
}

/** A row that could not be read: counted, the first few shown, `--strict` turns it into exit 2. */
export interface RowProblem {
  file: string;
  line: number;
  /** the column at fault, when one is */
  column?: string;
  message: string;
}

export const MS_PER_DAY = 86_400_000;

/** UTC day (YYYY-MM-DD) of an epoch-ms instant. */
export function dayOf(ms: number): string {
  return new Date(Math.floor(ms / MS_PER_DAY) * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Epoch ms of the start of a UTC day YYYY-MM-DD. */
export function dayStart(day: string): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
}

/** The UTC day the record's last instant falls on (end is exclusive; an instant record is its own day). */
export function lastDayOf(r: Pick<CanonicalRecord, 'start' | 'end'>): string {
  return dayOf(r.end > r.start ? r.end - 1 : r.start);
}
