import type { AggregateCell, Aggregates } from '../../core/billing/aggregate.js';
import type { PriceSource } from '../../core/billing/price.js';
import type { ReportOptions } from '../../core/billing/report-data.js';
import type { CostSource } from '../../core/billing/reconcile.js';
import { InputError } from '../../core/errors.js';
import type { PreparedInput } from './prepare.js';

/**
 * The engines that turn prepared inputs into `Aggregates`. The JS engine (js-engine.ts) is the
 * reference and the fallback; a DuckDB engine plugs in here with the same signature, compiling
 * each input's mapping to SQL. `analyzePaths` picks one with `chooseEngine`.
 */
export type EngineName = 'js' | 'duckdb';

export interface EngineContext {
  /** the prices in force on each day, for request logs (pricing: catalog); undefined when no input needs them */
  catalogs: PriceSource | undefined;
  /** deduplicate identical rows across files (always on when several files are given) */
  dedupAcrossFiles: boolean;
  /** the run's clock (ms): a row dated more than a year after it is a bad row; undefined: no upper bound */
  nowMs?: number | undefined;
  /** what the report shows (basis, top-N, anomaly series): the engines reduce to it */
  report: ReportOptions;
  /** cells of inputs read by the JS engine in the same run (a DuckDB run adds them to its own before reducing) */
  extraCells?: readonly AggregateCell[] | undefined;
  /** usage sources that report a cost of their own: which cost the totals use, and whether to reconcile (`both`: totals computed, reconciliation shown); default both */
  costSource?: CostSource | undefined;
  /** progress in raw bytes read over all inputs */
  onProgress?: ((bytesRead: number, bytesTotal: number) => void) | undefined;
}

export interface BillingEngine {
  name: EngineName;
  /** inputs this engine cannot read (e.g. request logs priced in JS); they go to the JS engine */
  supports(input: PreparedInput): boolean;
  aggregate(inputs: readonly PreparedInput[], ctx: EngineContext): Promise<Aggregates>;
}

/**
 * `--engine auto` switches to DuckDB above this many bytes of input (when it loads). Measured on
 * the FOCUS benchmark file (2 cores, 2026-11-24): JS is faster at 8 MB (1.2 s vs 1.35 s), level
 * at 32 MB (2.0 s vs 1.8 s), DuckDB 2.4x faster at 100 MB (1.9 s vs 4.6 s) and ~8x at 1 GB;
 * DuckDB's fixed cost is loading it (~0.1 s) and its query plan.
 */
export const DUCKDB_AUTO_THRESHOLD_BYTES = 32 * 1024 * 1024;

/** Why the DuckDB engine did not load (set by `loadEngine('duckdb')` when it returns undefined). */
export let duckdbUnavailable: string | undefined;

export async function loadEngine(name: EngineName): Promise<BillingEngine | undefined> {
  if (name === 'js') return (await import('./js-engine.js')).jsEngine;
  // loaded on demand; undefined (with the reason in `duckdbUnavailable`) when the native binding cannot load
  const { engine, reason } = await (await import('./duckdb/engine.js')).loadDuckdbEngine();
  duckdbUnavailable = reason;
  return engine;
}

/** Parquet inputs are read by DuckDB only. */
export const isParquetInput = (i: { path: string }) => /\.parquet$/i.test(i.path);

/**
 * Which engine to use: an explicit choice wins (DuckDB unavailable -> error left to the caller);
 * `auto` uses DuckDB for large inputs when it can load, JS otherwise.
 */
export function chooseEngine(requested: EngineName | 'auto', inputs: readonly PreparedInput[]): EngineName {
  if (requested === 'js' && inputs.some(isParquetInput)) throw new InputError({ severity: 'error', path: '--engine', message: 'Parquet input is read by the DuckDB engine only: use --engine duckdb or auto' });
  if (requested !== 'auto') return requested;
  if (inputs.some(isParquetInput)) return 'duckdb';
  const bytes = inputs.reduce((s, f) => s + f.bytes, 0);
  return bytes >= DUCKDB_AUTO_THRESHOLD_BYTES ? 'duckdb' : 'js';
}
