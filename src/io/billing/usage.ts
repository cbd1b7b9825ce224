import { resolve } from 'node:path';
import type { FileSummary } from '../../core/billing/aggregate.js';
import { findModel, type PriceSource, type UnpricedModel } from '../../core/billing/price.js';
import { DEFAULT_REPORT_OPTIONS } from '../../core/billing/report-data.js';
import { dayOf, type CanonicalRecord } from '../../core/billing/record.js';
import { InputError, type Diagnostic } from '../../core/errors.js';
import { UsageAccumulator, type UsageSummary } from '../../core/usage/summary.js';
import type { CatalogChoice } from '../catalog.js';
import { loadCatalogVersions, type PricedWith } from './analyze.js';
import { isParquetInput } from './engine.js';
import { expandInputs } from './inputs.js';
import { readInto } from './js-engine.js';
import { prepareInputs } from './prepare.js';

/**
 * Usage for calibrate and variance: the request-level records of any file `costopt analyze`
 * reads (same expansion, format detection, --format-hint/--map, dedup and per-row-date pricing),
 * folded into a UsageSummary. Unlike analyze, an unreadable row is always an error (exit 2 at its
 * file:line): a plan compared with part of the usage would blame the wrong assumption.
 */
export interface UsageOptions {
  cwd: string;
  formatHint?: string | undefined;
  mapFile?: string | undefined;
  /** the catalog request logs are priced with, each row at its own date (no --as-of: that is the plan's date) */
  catalog?: Omit<CatalogChoice, 'asOf'> | undefined;
  nowMs?: number | undefined;
  /**
   * The catalog id of a model name the usage's prices did not resolve (a usage export that states
   * its own costs has no prices to resolve with): so `gpt-4o` in a usage file and
   * `openai/gpt-4o` in a scenario are one model. Undefined: the name as written.
   */
  nameToId?: ((name: string) => string | undefined) | undefined;
  onProgress?: ((bytesRead: number, bytesTotal: number) => void) | undefined;
}

export interface UsageRead {
  summary: UsageSummary;
  files: FileSummary[];
  rows: { read: number; skipped: number; duplicates: number };
  warnings: string[];
  pricedWith?: PricedWith;
  /** the prices each row's day was priced with (request logs) */
  source?: PriceSource;
  unpriced: UnpricedModel[];
}

export async function readUsage(paths: readonly string[], opts: UsageOptions): Promise<UsageRead> {
  const files = expandInputs(paths, opts.cwd);
  const inputs = await prepareInputs(files, { formatHint: opts.formatHint, mapFile: opts.mapFile && resolve(opts.cwd, opts.mapFile) });
  const parquet = inputs.filter(isParquetInput);
  if (parquet.length) throw new InputError(parquet.map((p) => ({ severity: 'error' as const, file: p.shown, message: 'Parquet usage is not read by calibrate and variance yet: export it as CSV' })));
  const priced = inputs.some((i) => i.format.mapping.pricing === 'catalog');
  const pricing = priced ? await loadCatalogVersions(opts.catalog, opts.cwd) : undefined;
  const source: PriceSource | undefined = pricing?.source;
  const acc = new UsageAccumulator();
  let otherCurrency: { currency: string; file: string; line: number } | undefined;
  const idOf = (r: CanonicalRecord): string | undefined => {
    if (r.model === null) return undefined;
    return (source ? findModel(source.at(dayOf(r.start)), r.model)?.id : undefined) ?? opts.nameToId?.(r.model);
  };
  const out = await readInto(inputs, { catalogs: source, dedupAcrossFiles: inputs.length > 1, nowMs: opts.nowMs, onProgress: opts.onProgress, report: DEFAULT_REPORT_OPTIONS }, {
    add: (r) => {
      // catalogs are in USD: usage in another currency is not summed with them, nor converted
      if (r.currency !== 'USD') {
        if (!otherCurrency) otherCurrency = { currency: r.currency, file: r.file, line: r.line };
        return;
      }
      acc.add(r, idOf(r));
    },
  });
  if (otherCurrency) throw new InputError({ severity: 'error', file: otherCurrency.file, line: otherCurrency.line, col: 1, message: `usage in ${otherCurrency.currency}: calibrate and variance compare with USD catalog prices and do not convert currencies` });
  if (out.rows.skipped) {
    const diags: Diagnostic[] = out.problems.map((p) => ({ severity: 'error', file: p.file, line: p.line, col: 1, path: p.column, message: p.message }));
    diags.push({ severity: 'error', message: `${out.rows.skipped} unreadable row(s)${out.rows.skipped > out.problems.length ? `; the first ${out.problems.length} are shown` : ''}: calibrate and variance read every row or none` });
    throw new InputError(diags);
  }
  const summary = acc.result();
  if (!summary.requests) {
    const kinds = [...new Set(inputs.map((i) => i.label))].join(', ');
    throw new InputError({ severity: 'error', file: inputs[0]?.shown, message: `no request-level usage (rows with token counts) in ${kinds}: calibrate and variance read request logs and usage exports, not cost-only bills` });
  }
  const warnings = [...out.warnings];
  if (summary.skippedRecords) warnings.push(`${summary.skippedRecords} record(s) without token counts (cost lines, credits, tax) were left out`);
  return { summary, files: out.files, rows: out.rows, warnings, ...(pricing ? { pricedWith: pricing.pricedWith, source: pricing.source } : {}), unpriced: out.unpricedModels ?? [] };
}
