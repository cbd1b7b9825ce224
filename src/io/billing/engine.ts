import type { Aggregates } from '../../core/billing/aggregate.js';
import type { Catalog } from '../../core/catalog/catalog.js';
import type { PreparedInput } from './prepare.js';

/**
 * The engines that turn prepared inputs into `Aggregates`. The JS engine (js-engine.ts) is the
 * reference and the fallback; a DuckDB engine plugs in here with the same signature, compiling
 * each input's mapping to SQL. `analyzePaths` picks one with `chooseEngine`.
 */
export type EngineName = 'js' | 'duckdb';

export interface EngineContext {
  /** catalog versions for request logs (pricing: catalog); empty when no input needs them */
  catalogs: readonly Catalog[];
  /** deduplicate identical rows across files (always on when several files are given) */
  dedupAcrossFiles: boolean;
  /** progress in raw bytes read over all inputs */
  onProgress?: ((bytesRead: number, bytesTotal: number) => void) | undefined;
}

export interface BillingEngine {
  name: EngineName;
  /** inputs this engine cannot read (e.g. request logs priced in JS); they go to the JS engine */
  supports(input: PreparedInput): boolean;
  aggregate(inputs: readonly PreparedInput[], ctx: EngineContext): Promise<Aggregates>;
}

/** `--engine auto` switches to DuckDB above this many bytes of input (when it loads). */
export const DUCKDB_AUTO_THRESHOLD_BYTES = 64 * 1024 * 1024;

export async function loadEngine(name: EngineName): Promise<BillingEngine | undefined> {
  if (name === 'js') return (await import('./js-engine.js')).jsEngine;
  // The DuckDB engine is not built yet (issue 6, second part): callers fall back to JS.
  return undefined;
}

/**
 * Which engine to use: an explicit choice wins (DuckDB unavailable -> error left to the caller);
 * `auto` uses DuckDB for large inputs when it can load, JS otherwise.
 */
export function chooseEngine(requested: EngineName | 'auto', inputs: readonly PreparedInput[]): EngineName {
  if (requested !== 'auto') return requested;
  const bytes = inputs.reduce((s, f) => s + f.bytes, 0);
  return bytes >= DUCKDB_AUTO_THRESHOLD_BYTES ? 'duckdb' : 'js';
}
