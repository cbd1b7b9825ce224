import type { Reconciliation } from './reconcile.js';
import type { UnpricedModel } from './price.js';
import type { CurrencyAggregates } from './report-data.js';
import { MS_PER_DAY, dayOf, dayStart, lastDayOf, type CanonicalRecord, type ChargeKind, type RowProblem, type TokenCounts } from './record.js';

/**
 * The aggregate cells: the finest grain the report reads. Neither engine hands them over any
 * more (a bill can hold millions): the JS engine streams records into the report's projections
 * (report-data.ts `ReportAccumulator`), DuckDB groups the same mapping compiled to SQL at this
 * grain and reduces it to the same projections in SQL (sql/report.ts). `CellAccumulator`
 * remains for inputs read by the JS engine inside a DuckDB run (their cells join DuckDB's)
 * and for tests.
 *
 * A cell groups records on every key below. Records within one UTC day are keyed by that
 * day (`span` null). Records covering more than one UTC day (monthly fees, tax for the month,
 * a 23:00-01:00 hour) keep their exact span instead; `spreadDaily` spreads them over the days
 * they cover when a daily view is needed.
 */
export interface CellKey {
  currency: string;
  /** UTC day of the record's start (YYYY-MM-DD) */
  day: string;
  /** exact [start, end) in epoch ms when the record spans more than one UTC day, else null */
  span: [number, number] | null;
  chargeKind: ChargeKind;
  provider: string | null;
  account: string | null;
  service: string | null;
  sku: string | null;
  model: string | null;
  region: string | null;
  unit: string | null;
  user: string | null;
  project: string | null;
  /** rows whose model had no price: their costs are 0 here and are reported as unpriced, never as $0 */
  unpriced: boolean;
}

export interface CellSums {
  rows: number;
  /** rows that are one request each (request logs) */
  requests: number;
  /** 1e-12 units of the cell's currency */
  billed: bigint;
  effective: bigint;
  /** list cost; rows without one add their billed cost (counted in listMissing) */
  list: bigint;
  /** rows with no list cost (the list basis uses their billed cost, with a warning) */
  listMissing: number;
  quantity: number;
  tokens: TokenCounts;
}

export interface AggregateCell extends CellKey, CellSums {}

export interface FileSummary {
  /** as given (relative to the cwd when found from a glob or folder) */
  file: string;
  format: string;
  /** e.g. "FOCUS 1.2", "Azure EA cost details (amortized)" */
  label: string;
  /** Azure exports: which cost the `Cost` column holds */
  variant?: 'actual' | 'amortized' | undefined;
  rows: number;
  skipped: number;
  duplicates: number;
  firstDay: string | null;
  lastDay: string | null;
}

/** What an engine returns for a set of inputs: bookkeeping per file, and the report's aggregates, never the cells. */
export interface Aggregates {
  engine: 'js' | 'duckdb';
  files: FileSummary[];
  rows: { read: number; skipped: number; duplicates: number };
  /** the first few rows that could not be read (all are counted in rows.skipped) */
  problems: RowProblem[];
  warnings: string[];
  /** per currency (most records first): what the report and the anomaly detector read (report-data.ts) */
  report: CurrencyAggregates[];
  /** request logs: model names that could not be priced, with why and the closest ids */
  unpricedModels?: UnpricedModel[];
  /** usage sources with a cost of their own: reported vs computed (reconcile.ts); absent when no row reports a cost or --cost-source computed */
  reconciliation?: Reconciliation;
}

export const MAX_PROBLEMS_SHOWN = 10;

const keyOf = (k: CellKey): string =>
  [k.currency, k.day, k.span ? `${k.span[0]}-${k.span[1]}` : '', k.chargeKind, k.provider, k.account, k.service, k.sku, k.model, k.region, k.unit, k.user, k.project, k.unpriced ? 1 : 0]
    .map((v) => (v === null ? '\u0000' : String(v)))
    .join('\u0001');

export const zeroTokens = (): TokenCounts => ({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0, cacheWrite1h: 0, reasoning: 0 });

function addTokens(into: TokenCounts, t: TokenCounts): void {
  into.input += t.input;
  into.output += t.output;
  into.cacheRead += t.cacheRead;
  into.cacheWrite += t.cacheWrite;
  into.cacheWrite1h += t.cacheWrite1h;
  into.reasoning += t.reasoning;
}

/** The cell key a record falls in. */
export function cellKeyOf(r: CanonicalRecord): CellKey {
  const day = dayOf(r.start);
  const multiDay = lastDayOf(r) !== day;
  return {
    currency: r.currency,
    day,
    span: multiDay ? [r.start, r.end] : null,
    chargeKind: r.chargeKind,
    provider: r.provider,
    account: r.account,
    service: r.service,
    sku: r.sku,
    model: r.model,
    region: r.region,
    unit: r.unit,
    user: r.user,
    project: r.project,
    unpriced: r.unpriced,
  };
}

/**
 * A copy of a string that does not share memory with the text it was cut from. Field values
 * are slices of the parser's 1 MB read chunks; a cell keeping one would keep its whole chunk
 * alive, and memory would grow with the file instead of with the cells.
 */
export const ownString = (s: string): string => (' ' + s).slice(1);
const own = (s: string | null): string | null => (s === null ? null : ownString(s));
/** A new, empty cell: one object literal (one hidden class for all cells), strings owned. */
const newCell = (k: CellKey): AggregateCell => ({
  currency: ownString(k.currency), day: k.day, span: k.span, chargeKind: k.chargeKind,
  provider: own(k.provider), account: own(k.account), service: own(k.service), sku: own(k.sku), model: own(k.model),
  region: own(k.region), unit: own(k.unit), user: own(k.user), project: own(k.project), unpriced: k.unpriced,
  rows: 0, requests: 0, billed: 0n, effective: 0n, list: 0n, listMissing: 0, quantity: 0, tokens: zeroTokens(),
});

/** The pure JS aggregator: fold canonical records into cells. */
export class CellAccumulator {
  private readonly cells = new Map<string, AggregateCell>();

  add(r: CanonicalRecord): void {
    const key = cellKeyOf(r);
    const id = keyOf(key);
    let c = this.cells.get(id);
    if (!c) {
      c = newCell(key);
      this.cells.set(id, c);
    }
    c.rows++;
    c.requests += r.requests;
    c.billed += r.billed;
    c.effective += r.effective;
    if (r.list === null) {
      c.listMissing++;
      c.list += r.billed;
    } else c.list += r.list;
    if (r.quantity !== null) c.quantity += r.quantity;
    if (r.tokens) addTokens(c.tokens, r.tokens);
  }

  /** Merge cells from elsewhere (another file, another worker). */
  merge(cells: Iterable<AggregateCell>): void {
    for (const x of cells) {
      const id = keyOf(x);
      const c = this.cells.get(id);
      if (!c) {
        this.cells.set(id, { ...x, tokens: { ...x.tokens } });
        continue;
      }
      c.rows += x.rows;
      c.requests += x.requests;
      c.billed += x.billed;
      c.effective += x.effective;
      c.list += x.list;
      c.listMissing += x.listMissing;
      c.quantity += x.quantity;
      addTokens(c.tokens, x.tokens);
    }
  }

  result(): AggregateCell[] {
    return [...this.cells.values()];
  }

  /** cells held */
  get size(): number {
    return this.cells.size;
  }

  /** The cells so far, and start again empty (a bounded buffer in front of the report's sums). */
  drain(): AggregateCell[] {
    const out = [...this.cells.values()];
    this.cells.clear();
    return out;
  }
}

/** Cells in one canonical order (for parity tests and reproducible output). */
export function canonicalCells(cells: readonly AggregateCell[]): AggregateCell[] {
  const withKey = cells.map((c) => [keyOf(c), c] as const);
  withKey.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return withKey.map(([, c]) => c);
}

/**
 * Spread an amount over the UTC days of [start, end) in proportion to the time each day
 * covers: every day but the last gets trunc(amount * overlap / duration) (toward zero), the
 * last gets the rest, so the parts sum exactly to the amount. An empty or inverted span puts
 * everything on the start day.
 */
export function spreadAmount(amount: bigint, start: number, end: number): { day: string; amount: bigint }[] {
  if (end <= start) return [{ day: dayOf(start), amount }];
  const out: { day: string; amount: bigint }[] = [];
  const duration = BigInt(end - start);
  let given = 0n;
  let t = start;
  while (t < end) {
    const next = Math.min(end, (Math.floor(t / MS_PER_DAY) + 1) * MS_PER_DAY);
    if (next >= end) {
      out.push({ day: dayOf(t), amount: amount - given });
      break;
    }
    const part = (amount * BigInt(next - t)) / duration;
    out.push({ day: dayOf(t), amount: part });
    given += part;
    t = next;
  }
  return out;
}

/** The same proportional split for a float quantity (no exactness needed). */
export function spreadNumber(value: number, start: number, end: number): { day: string; value: number }[] {
  if (end <= start) return [{ day: dayOf(start), value }];
  const out: { day: string; value: number }[] = [];
  let t = start;
  while (t < end) {
    const next = Math.min(end, (Math.floor(t / MS_PER_DAY) + 1) * MS_PER_DAY);
    out.push({ day: dayOf(t), value: (value * (next - t)) / (end - start) });
    t = next;
  }
  return out;
}

/** Days from `from` to `to` inclusive (YYYY-MM-DD). */
export function dayRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = dayStart(from), end = dayStart(to); t <= end; t += MS_PER_DAY) out.push(dayOf(t));
  return out;
}
