import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Aggregates, FileSummary } from '../../core/billing/aggregate.js';
import type { Basis } from '../../core/billing/record.js';
import type { AnalyzeResult } from '../../core/billing/result.js';
import { detectorInputOf } from '../../core/billing/series.js';
import { DEFAULT_REPORT_OPTIONS, reportFromCells, type ReportOptions } from '../../core/billing/report-data.js';
import { DEFAULT_SUMMARY_OPTIONS, summarize } from '../../core/billing/summary.js';
import type { DetectorOptions, DetectorResult, DetectorInput } from '../../core/anomaly/types.js';
import type { Catalog } from '../../core/catalog/catalog.js';
import { InputError, type Diagnostic } from '../../core/errors.js';
import type { CatalogChoice } from '../catalog.js';
import { versionsByDate, type PriceSource } from '../../core/billing/price.js';
import type { CostSource } from '../../core/billing/reconcile.js';
import { chooseEngine, duckdbUnavailable, isParquetInput, loadEngine, type EngineContext, type EngineName } from './engine.js';
import { expandInputs } from './inputs.js';
import { prepareInputs, type PreparedInput } from './prepare.js';

export type { AnalyzeResult } from '../../core/billing/result.js';

/** Options of `analyzePaths` (the `costopt analyze` flags; `costopt check` passes its own). */
export interface AnalyzeOptions {
  /** resolves relative paths; default process.cwd() */
  cwd?: string | undefined;
  /** `auto` (default: DuckDB for large or Parquet inputs when it loads, JS otherwise), `js` or `duckdb` */
  engine?: EngineName | 'auto' | undefined;
  formatHint?: string | undefined;
  /** a mapping file (`--map`): used for every input */
  mapFile?: string | undefined;
  basis?: Basis | undefined;
  /** any unreadable row is an exit-2 error */
  strict?: boolean | undefined;
  /** monthly budget in the bill's currency */
  budget?: number | null | undefined;
  topN?: number | undefined;
  /** anomaly thresholds (`--min-impact`, `--min-percent`, `--include-drops`); defaults from the detector */
  detector?: Partial<DetectorOptions> | undefined;
  /** catalog for request logs: a version, a file, or a folder of versioned catalog files; default every shipped version (each row priced by the one in force on its date) */
  catalog?: CatalogChoice | undefined;
  /** the run's clock (ms since the epoch): rows dated more than a year after it are bad rows; undefined: no upper bound */
  nowMs?: number | undefined;
  /** skip anomaly detection */
  noAnomalies?: boolean | undefined;
  onProgress?: ((bytesRead: number, bytesTotal: number) => void) | undefined;
  /** usage sources that report a cost of their own (`--cost-source`): `both` (default: totals computed from the catalog, the reported cost reconciled beside it), `computed`, `reported` */
  costSource?: CostSource | undefined;
  /** how much the engine keeps of each dimension and series (tests: every name); default the report's */
  report?: Partial<ReportOptions> | undefined;
}

/** What request logs were priced with: the release (its hash) and how each row's day picked its prices. */
export interface PricedWith {
  catalog: { id: string; version: string; hash: string };
  /** `row-date`: each row at the prices in force on its own day (a release with history); `versions-by-date`: the plain version in force that day; `fixed`: one plain catalog for every row */
  dates: 'row-date' | 'versions-by-date' | 'fixed';
  overrides?: string;
}

/** The prices request logs are priced with: each row's day picks its prices. */
export async function loadCatalogVersions(choice: CatalogChoice | undefined, cwd: string): Promise<{ source: PriceSource; pricedWith: PricedWith }> {
  const { resolveRelease } = await import('../catalog.js');
  const { releaseAt } = await import('../catalog-file.js');
  const spec = choice?.catalog;
  const withOverrides = async (c: Catalog): Promise<Catalog> => {
    if (!choice?.overridesFile) return c;
    const { applyOverridesFile } = await import('../catalog-file.js');
    return applyOverridesFile(c, choice.overridesFile);
  };
  const ref = (c: { meta: { id: string; version: string; hash: string } }) => ({ id: c.meta.id, version: c.meta.version, hash: c.meta.hash });
  const over = choice?.overridesFile ? { overrides: choice.overridesFile } : {};
  if (spec && spec !== 'latest') {
    const abs = resolve(cwd, spec);
    if (existsSync(abs) && statSync(abs).isDirectory()) {
      const { loadCatalogFile } = await import('../catalog-file.js');
      const files = readdirSync(abs).filter((f) => /\.ya?ml$/i.test(f)).sort();
      if (!files.length) throw new InputError({ severity: 'error', path: '--catalog', message: `folder ${spec} holds no catalog (.yaml) file` });
      const cats = await Promise.all(files.map((f) => withOverrides(loadCatalogFile(join(abs, f), 'file'))));
      const newest = [...cats].sort((a, b) => (a.meta.version < b.meta.version ? 1 : -1))[0]!;
      return { source: versionsByDate(cats), pricedWith: { catalog: ref(newest), dates: 'versions-by-date', ...over } };
    }
  }
  const release = await resolveRelease({ ...choice, catalog: spec && spec !== 'latest' && existsSync(resolve(cwd, spec)) ? resolve(cwd, spec) : spec });
  if (release.kind === 'plain' || choice?.asOf) {
    // a plain release has one price per model; --as-of fixes one day for every row
    const cat = await withOverrides(releaseAt(release, choice?.asOf));
    return { source: { at: () => cat }, pricedWith: { catalog: ref(cat), dates: 'fixed', ...over } };
  }
  const { snapshotAt, changeDays, epochOf } = await import('../../core/catalog/timeline.js');
  const { applyOverridesFile: applyOverridesSync } = await import('../catalog-file.js');
  const h = release.history;
  const days = changeDays(h);
  const byEpoch = new Map<string, Catalog>();
  const source: PriceSource = {
    at(day) {
      // prices change on few days: rows share the snapshot of the last change on or before their day
      const epoch = epochOf(days, day);
      let c = byEpoch.get(epoch);
      if (!c) {
        c = snapshotAt(h, epoch === '0000-00-00' ? day : epoch);
        // each day's prices: an override of a model not callable that day has nothing to change then
        if (choice?.overridesFile) c = applyOverridesSync(c, choice.overridesFile, { skipUnavailable: true });
        byEpoch.set(epoch, c);
      }
      return c;
    },
  };
  return { source, pricedWith: { catalog: ref(h), dates: 'row-date', ...over } };
}

/**
 * Azure actual and amortized exports sharing a calendar month would count commitment costs twice:
 * refuse (exit 2) and say which files.
 */
export function azureDoubleCount(files: readonly FileSummary[]): Diagnostic | undefined {
  const az = files.filter((f) => f.format === 'azure' && f.variant && f.firstDay && f.lastDay);
  for (const a of az) {
    for (const b of az) {
      if (a.variant !== 'actual' || b.variant !== 'amortized') continue;
      // exports are monthly: the same calendar month in both is the same period
      if (a.firstDay!.slice(0, 7) <= b.lastDay!.slice(0, 7) && b.firstDay!.slice(0, 7) <= a.lastDay!.slice(0, 7)) {
        return {
          severity: 'error',
          file: b.file,
          message: `Azure amortized export overlaps the actual-cost export ${a.file} (${a.firstDay}..${a.lastDay} vs ${b.firstDay}..${b.lastDay}): loading both double-counts commitment costs`,
          hint: 'analyze one of them: amortized (effective cost, for trends) or actual (billed cost, for the invoice)',
        };
      }
    }
  }
  return undefined;
}

const HEADER_ONLY = 'no data rows: the file holds only its header';

/**
 * A bill with nothing in it is bad input (exit 2), not an empty report that reads as "$0.00":
 * every input header-only, or every row unreadable. A header-only file beside others is a warning.
 */
export function nothingToAnalyze(agg: Pick<Aggregates, 'files' | 'rows' | 'problems'>): Diagnostic[] | undefined {
  if (agg.rows.read === 0) return agg.files.map((f) => ({ severity: 'error', file: f.file, line: 2, col: 1, message: HEADER_ONLY }));
  if (agg.rows.skipped < agg.rows.read) return undefined;
  const diags: Diagnostic[] = agg.problems.map((p) => ({ severity: 'error', file: p.file, line: p.line, col: 1, path: p.column, message: p.message }));
  const shown = agg.problems.length < agg.rows.skipped ? ` (the first ${agg.problems.length} are shown)` : '';
  diags.push({ severity: 'error', message: `no row could be read: ${agg.rows.skipped} of ${agg.rows.read} rows are unreadable${shown}` });
  return diags;
}

/** Aggregate prepared inputs with the chosen engine; JS is the fallback when DuckDB cannot load. */
export async function aggregateInputs(inputs: readonly PreparedInput[], opts: AnalyzeOptions, catalogs: PriceSource | undefined): Promise<Aggregates> {
  const wanted = chooseEngine(opts.engine ?? 'auto', inputs);
  const report: ReportOptions = { ...DEFAULT_REPORT_OPTIONS, basis: opts.basis ?? 'billed', topN: opts.topN ?? DEFAULT_REPORT_OPTIONS.topN, ...stripUndefined(opts.report ?? {}) };
  const ctx: EngineContext = { catalogs, dedupAcrossFiles: inputs.length > 1, onProgress: opts.onProgress, nowMs: opts.nowMs, report, costSource: opts.costSource };
  let engine = await loadEngine(wanted);
  const notes: string[] = [];
  if (!engine) {
    if (opts.engine === 'duckdb' || inputs.some(isParquetInput)) throw new InputError({ severity: 'error', path: '--engine', message: `the DuckDB engine is not available (${duckdbUnavailable ?? 'not built'})${inputs.some(isParquetInput) ? ' and Parquet input needs it' : '; use --engine js'}` });
    notes.push(`DuckDB engine not available (${duckdbUnavailable ?? 'not built'}): used the JS engine`);
    engine = (await loadEngine('js'))!;
  }
  const own = inputs.filter((i) => engine.supports(i));
  const rest = inputs.filter((i) => !engine.supports(i));
  const json = rest.filter((i) => i.json);
  if (engine.name === 'duckdb' && json.length) {
    notes.push(`${json.length} JSON/JSONL input(s) read by the JS engine, not DuckDB: each record is flattened and priced per row from the catalog at its own date (${json.map((i) => i.shown).join(', ')})`);
  }
  if (rest.length) {
    // inputs only the JS engine reads (request logs priced from the catalog...): their cells
    // join the engine's own before it reduces them to the report
    const { jsCells } = await import('./js-engine.js');
    const more = await jsCells(rest, ctx);
    const agg = own.length ? await engine.aggregate(own, { ...ctx, extraCells: more.cells }) : { ...more, engine: engine.name, report: reportFromCells(more.cells, report) };
    const mine = own.length ? agg : { ...agg, files: [], rows: { read: 0, skipped: 0, duplicates: 0 }, problems: [], warnings: [] };
    return {
      engine: agg.engine,
      files: [...mine.files, ...more.files],
      rows: { read: mine.rows.read + more.rows.read, skipped: mine.rows.skipped + more.rows.skipped, duplicates: mine.rows.duplicates + more.rows.duplicates },
      problems: [...mine.problems, ...more.problems].slice(0, 10),
      warnings: [...notes, ...mine.warnings, ...more.warnings],
      report: agg.report,
      ...(more.reconciliation ? { reconciliation: more.reconciliation } : {}),
      ...(more.unpricedModels || agg.unpricedModels ? { unpricedModels: [...(own.length ? agg.unpricedModels ?? [] : []), ...(more.unpricedModels ?? [])] } : {}),
    };
  }
  const agg = await engine.aggregate(own, ctx);
  return { ...agg, warnings: [...notes, ...agg.warnings] };
}

type Detect = (input: DetectorInput, opts: DetectorOptions) => DetectorResult;
type Defaults = Required<DetectorOptions>;

async function loadDetector(): Promise<{ detect: Detect; defaults: Defaults } | undefined> {
  try {
    const m = await import('../../core/anomaly/detect.js');
    return { detect: m.detectAnomalies, defaults: m.DEFAULT_DETECTOR_OPTIONS };
  } catch {
    return undefined;
  }
}

/** `costopt analyze` as a library call: read, aggregate, summarize, detect anomalies. */
export async function analyzePaths(paths: string[], opts: AnalyzeOptions = {}): Promise<AnalyzeResult> {
  const cwd = opts.cwd ?? process.cwd();
  const files = expandInputs(paths, cwd);
  const inputs = await prepareInputs(files, { formatHint: opts.formatHint, mapFile: opts.mapFile && resolve(cwd, opts.mapFile) });
  const priced = inputs.some((i) => i.format.mapping.pricing === 'catalog');
  const pricing = priced ? await loadCatalogVersions(opts.catalog, cwd) : undefined;
  const unusedCatalog = !priced && Boolean(opts.catalog?.catalog || opts.catalog?.asOf || opts.catalog?.overridesFile);
  const agg = await aggregateInputs(inputs, opts, pricing?.source);

  if (opts.strict && agg.rows.skipped) {
    const diags: Diagnostic[] = agg.problems.map((p) => ({ severity: 'error', file: p.file, line: p.line, col: 1, path: p.column, message: p.message }));
    if (agg.rows.skipped > agg.problems.length) diags.push({ severity: 'error', message: `${agg.rows.skipped} unreadable row(s) in all (--strict); the first ${agg.problems.length} are shown` });
    throw new InputError(diags);
  }
  const dc = azureDoubleCount(agg.files);
  if (dc) throw new InputError(dc);
  const nothing = nothingToAnalyze(agg);
  if (nothing) throw new InputError(nothing);

  const basis = opts.basis ?? 'billed';
  const reports = summarize(agg.report, { ...DEFAULT_SUMMARY_OPTIONS, basis, budget: opts.budget ?? null, topN: opts.topN ?? DEFAULT_SUMMARY_OPTIONS.topN });
  const warnings = [...agg.warnings];
  if (unusedCatalog) warnings.push('--catalog, --as-of and --pricing-overrides only price request logs; these exports carry their own costs');
  for (const f of agg.files) if (f.rows === 0) warnings.push(`${f.file}: ${HEADER_ONLY}`);
  if (basis === 'list') {
    const missing = agg.report.reduce((s, c) => s + c.listMissing, 0);
    if (missing) warnings.push(`${missing} row(s) have no list cost; their billed cost was used`);
  }
  if (reports.length > 1) warnings.push(`${reports.length} currencies (${reports.map((r) => r.currency).join(', ')}): each is reported apart, never summed; the top-level figures are ${reports[0]!.currency}`);
  if (reports.length > 1 && opts.budget != null) warnings.push(`--budget ${opts.budget} applies to ${reports[0]!.currency} (the top-level currency); ${reports.slice(1).map((r) => r.currency).join(', ')} ${reports.length > 2 ? 'have' : 'has'} no budget`);
  if (reports.some((r) => r.lowerBound)) warnings.push('some rows could not be priced: totals are a lower bound (see unpriced)');

  const empty = summarize([], DEFAULT_SUMMARY_OPTIONS)[0];
  const primary = reports[0] ?? empty ?? {
    currency: 'USD', basis, period: { from: null, to: null }, records: 0,
    totals: { usage: 0, credits: 0, purchase: 0, tax: 0, adjustment: 0, net: 0 }, byKind: [], daily: [],
    top: { services: [], skus: [], models: [], accounts: [], regions: [] }, serviceTrends: [],
    unitCosts: { requests: 0, costPerRequest: null, models: [], users: [], projects: [] }, forecast: null,
    unpriced: { rows: 0, tokens: 0, models: [] }, lowerBound: false,
  };

  let anomalies: AnalyzeResult['anomalies'] = [];
  let nonUsage: AnalyzeResult['nonUsage'] = [];
  let anomalyNotes: string[] = [];
  let anomaliesSkipped: string | undefined;
  let anomalyOptions: AnalyzeResult['anomalyOptions'];
  let droppedLastDay: string | undefined;
  let seriesScored: number | undefined;
  if (!opts.noAnomalies && reports.length) {
    const det = await loadDetector();
    const input = detectorInputOf(agg.report[0]!);
    if (det) {
      const r = det.detect(input, { ...det.defaults, ...stripUndefined(opts.detector ?? {}) });
      anomalies = r.anomalies;
      nonUsage = r.nonUsage;
      anomalyNotes = r.notes;
      anomalyOptions = r.options;
      droppedLastDay = r.droppedLastDay;
      seriesScored = r.seriesScored;
    } else {
      nonUsage = input.nonUsage;
      anomaliesSkipped = 'anomaly detection is not available in this build';
    }
  }

  const formats = [...new Set(agg.files.map((f) => f.format))];
  return {
    format: formats.join(', '),
    engine: agg.engine,
    files: agg.files,
    ...primary,
    rows: agg.rows,
    anomalies,
    nonUsage,
    anomalyNotes,
    ...(anomaliesSkipped ? { anomaliesSkipped } : {}),
    ...(anomalyOptions ? { anomalyOptions } : {}),
    ...(droppedLastDay ? { droppedLastDay } : {}),
    ...(seriesScored !== undefined ? { anomalySeriesScored: seriesScored } : {}),
    problems: agg.problems,
    warnings,
    currencies: reports,
    ...(pricing ? { pricedWith: pricing.pricedWith, unpricedModels: agg.unpricedModels ?? [] } : {}),
    ...(agg.reconciliation ? { reconciliation: agg.reconciliation } : {}),
    ...(opts.costSource === 'reported' || opts.costSource === 'computed' ? { costSource: opts.costSource } : {}),
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
