import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { MAX_PROBLEMS_SHOWN, type AggregateCell, type Aggregates, type FileSummary } from '../../../core/billing/aggregate.js';
import { windowFor, type DateWindow } from '../../../core/billing/dates.js';
import type { BillingFormat } from '../../../core/billing/format.js';
import { TOP_DIMENSIONS, byCostThenName, byRecordsThenCode, seriesFromPoints, type CurrencyAggregates, type ReportOptions, type SeriesPointRow, type TopDimension } from '../../../core/billing/report-data.js';
import { DIALECTS } from '../../../core/billing/sql/dialect.js';
import { ROW_STATUS, compileRows, isProblem, unsupportedReason } from '../../../core/billing/sql/compile.js';
import { PROJECTION, PROJECTIONS_TABLE_COLUMNS, dayRangeSql, fileRows, insertProjectionsSql, projectionPassSql, selectSql } from '../../../core/billing/sql/report.js';
import { MS_PER_DAY, dayOf, dayStart, type Basis, type CanonicalRecord, type ChargeKind, type RowProblem } from '../../../core/billing/record.js';
import { InputError } from '../../../core/errors.js';
import type { BillingEngine, EngineContext } from '../engine.js';
import type { PreparedInput } from '../prepare.js';
import { loadDuckDB, openSession, type DuckSession } from './load.js';
import { firstProblems, parquetProblem } from './problems.js';
import { csvSource, isParquetPath, parquetColumns, parquetSource, sqlString, type DuckSource } from './source.js';

/**
 * The DuckDB engine: each input's mapping (the same `Mapping` the JS engine runs) compiled to
 * SQL by core/billing/sql and run by DuckDB over the file (CSV, gzip or Parquet), streaming,
 * multi-threaded, in bounded memory (load.ts). One query per file (sql/report.ts) yields the
 * counts the report needs (unreadable, skipped, duplicate and short rows; actual/amortized
 * evidence) and adds the file's projections to a table; the report's aggregates are then
 * selected from it in SQL (`readReport`): what JS receives follows what the report shows, never
 * the number of cells. Money stays exact: DECIMAL(38,s) sums whose unscaled integers are 1e-12
 * units, HUGEINT units across files. The first few unreadable rows of a CSV are then located by
 * the JS row mapper (file:line and the same message the JS engine gives), reading only as far as
 * the last one shown.
 */

/** The columns a format's actual/amortized `variant` reads, found by calling it with a tracing getter. */
function variantColumns(format: BillingFormat): string[] {
  if (!format.variant) return [];
  const seen = new Set<string>();
  const rec = { billed: 0n } as CanonicalRecord;
  for (const billed of [0n, 1n]) {
    format.variant((c) => {
      seen.add(c);
      return null;
    }, { ...rec, billed });
  }
  return [...seen];
}

const asNumber = (v: DuckDBValue | undefined): number => (typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : 0);
const asString = (v: DuckDBValue | undefined): string | null => (v === null || v === undefined ? null : String(v));
const asBig = (v: DuckDBValue | undefined): bigint => (typeof v === 'bigint' ? v : typeof v === 'number' ? BigInt(v) : 0n);

async function dropTemp(con: DuckDBConnection, ...tables: string[]): Promise<void> {
  for (const t of tables) await con.run(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
}

/** The projections of every file of the run (sql/report.ts), reduced to the report at the end. */
const PROJ = 'costopt_proj';
/** One file's projection pass (bookkeeping and projections), dropped once read. */
const PASS = 'costopt_pass';
/** Cells read by the JS engine in the same run. */
const EXTRA = 'costopt_extra';

interface FileOutcome {
  summary: FileSummary;
  problems: RowProblem[];
  warnings: string[];
}

async function aggregateFile(
  con: DuckDBConnection,
  input: PreparedInput,
  source: DuckSource,
  opts: { basis: Basis; window: DateWindow; duplicateOf?: string | undefined; problemsWanted: number; onFraction?: ((done: number) => void) | undefined; progressEveryMs?: number },
): Promise<FileOutcome> {
  const m = input.format.mapping;
  const keyColumns = variantColumns(input.format);
  const rows = compileRows({
    mapping: m,
    header: source.header,
    dialect: DIALECTS.duckdb,
    column: source.column,
    from: source.from,
    extraFields: source.extraFields,
    shortRow: source.shortRow,
    duplicate: opts.duplicateOf,
    keyColumns,
    window: opts.window,
  });
  const nKeys = keyColumns.length;
  const pass = projectionPassSql(fileRows(rows.sql, opts.basis, nKeys), nKeys, rows.moneyScale, { credits: Boolean(m.credits), variant: nKeys > 0 && Boolean(input.format.variant) });
  const summary: FileSummary = { file: input.shown, format: input.format.id, label: input.label, rows: 0, skipped: 0, duplicates: 0, firstDay: null, lastDay: null };
  let short = 0;
  let excluded = 0;
  const problemCodes = new Map<number, number>();
  const votes = { actual: 0, amortized: 0 };

  // COSTOPT_DEBUG_SQL=<file>: write the query there and its timings to stderr (profiling aid)
  if (process.env.COSTOPT_DEBUG_SQL) (await import('node:fs')).writeFileSync(process.env.COSTOPT_DEBUG_SQL, pass.sql);
  const t0 = Date.now();
  // the query's own progress (DuckDB's estimate, 0-100) while it runs, for the progress bar
  const onFraction = opts.onFraction;
  const ticker = onFraction
    ? setInterval(() => {
        const p = con.progress.percentage;
        if (p >= 0) onFraction(Math.min(1, p / 100));
      }, opts.progressEveryMs ?? 200)
    : undefined;
  try {
    await con.run(`CREATE OR REPLACE TEMP TABLE ${PASS} AS ${pass.sql}`);
  } finally {
    if (ticker) clearInterval(ticker);
  }
  const tQuery = Date.now();
  try {
    const status = await con.runAndReadAll(`SELECT CAST(status AS DOUBLE), CAST(n AS DOUBLE), CAST(coalesce(short_n, 0) AS DOUBLE) FROM ${PASS} WHERE gid = ${pass.masks.get('status')}`);
    for (const [st, nv, sv] of status.getRows()) {
      const code = asNumber(st);
      const n = asNumber(nv);
      summary.rows += n;
      short += asNumber(sv);
      if (code === ROW_STATUS.skipped) excluded += n;
      else if (code === ROW_STATUS.duplicate) summary.duplicates += n;
      else if (isProblem(code)) {
        summary.skipped += n;
        problemCodes.set(code, (problemCodes.get(code) ?? 0) + n);
      }
    }
    const [fd, ld] = (await con.runAndReadAll(dayRangeSql(PASS, pass.masks))).getRows()[0] ?? [null, null];
    if (fd !== null && fd !== undefined && ld !== null && ld !== undefined) {
      summary.firstDay = dayOf(asNumber(fd) * MS_PER_DAY);
      summary.lastDay = dayOf(asNumber(ld) * MS_PER_DAY);
    }
    if (nKeys && input.format.variant) {
      const keys = keyColumns.map((_, i) => `k${i}`).join(', ');
      const r = await con.runAndReadAll(`SELECT ${keys}, CAST(n AS DOUBLE), CAST(nz AS DOUBLE) FROM ${PASS} WHERE gid = ${pass.masks.get('variant')} AND status = ${ROW_STATUS.ok}`);
      for (const row of r.getRows()) {
        const values = new Map(keyColumns.map((c, i) => [c, asString(row[i]!)]));
        const n = asNumber(row[nKeys]!);
        const nonzero = asNumber(row[nKeys + 1]!);
        for (const [count, billed] of [[nonzero, 1n], [n - nonzero, 0n]] as const) {
          if (!count) continue;
          const v = input.format.variant((c) => values.get(c) ?? null, { billed } as CanonicalRecord);
          if (v) votes[v] += count;
        }
      }
    }
    await con.run(insertProjectionsSql(PROJ, PASS, pass.masks));
  } finally {
    await dropTemp(con, PASS);
  }
  if (process.env.COSTOPT_DEBUG_SQL) process.stderr.write(`duckdb: query done at ${Math.round(performance.now())} ms since start; aggregate ${tQuery - t0} ms, all ${Date.now() - t0} ms, rss ${Math.round(process.memoryUsage().rss / 1e6)} MB, heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB\n`);
  const warnings: string[] = [];
  const b = input.bound;
  if (short) warnings.push(`${input.shown}: ${short} row(s) have fewer fields than the header; the missing trailing fields were read as empty`);
  if (excluded) warnings.push(`${input.shown}: ${excluded} row(s) marked deleted were left out`);
  if (m.pricing === 'cost' && !b.hasCurrencyColumn && m.defaultCurrency && summary.rows) warnings.push(`${input.shown}: no currency column; amounts read as ${m.defaultCurrency}`);
  if (votes.actual || votes.amortized) summary.variant = votes.actual >= votes.amortized ? 'actual' : 'amortized';
  else if (input.variantHint) summary.variant = input.variantHint;
  if (votes.actual && votes.amortized) warnings.push(`${input.shown}: rows look both actual (${votes.actual}) and amortized (${votes.amortized}); read as ${summary.variant}`);
  if (summary.variant) summary.label = `${summary.label} (${summary.variant})`;

  let problems: RowProblem[] = [];
  if (summary.skipped && opts.problemsWanted > 0) {
    problems = source.kind === 'csv'
      ? await firstProblems(input, opts.problemsWanted, opts.window)
      : parquetProblem(input, problemCodes, opts.problemsWanted);
  }
  return { summary, problems, warnings };
}

/** Cells read by the JS engine (request logs, files DuckDB cannot parse) into the projections, through the same pass. */
async function addExtraCells(con: DuckDBConnection, cells: readonly AggregateCell[], basis: Basis): Promise<void> {
  if (!cells.length) return;
  await con.run(`CREATE OR REPLACE TEMP TABLE ${EXTRA} (status INTEGER, short BOOLEAN, n BIGINT, billed_nz BIGINT, cur VARCHAR, d BIGINT, ss BIGINT, se BIGINT,
    kind_x VARCHAR, service VARCHAR, sku VARCHAR, account VARCHAR, region VARCHAR, model VARCHAR, unit VARCHAR, usr VARCHAR, project VARCHAR,
    unpriced BOOLEAN, rows_x BIGINT, cost HUGEINT, lm BIGINT, qty DOUBLE, requests BIGINT, tokens DOUBLE, credit_rows BIGINT, credit_cost HUGEINT)`);
  const text = (v: string | null) => (v === null ? 'NULL' : sqlString(v));
  const costOf = (c: AggregateCell) => (basis === 'billed' ? c.billed : basis === 'effective' ? c.effective : c.list);
  try {
    for (let i = 0; i < cells.length; i += 500) {
      const values = cells.slice(i, i + 500).map((c) => {
        const day = Math.floor(dayStart(c.day) / MS_PER_DAY);
        return `(0, false, ${c.rows}, 0, ${text(c.currency)}, ${day}, ${c.span ? c.span[0] : 'NULL'}, ${c.span ? c.span[1] : 'NULL'}, ${text(c.chargeKind)}, ${text(c.service)}, ${text(c.sku)}, ${text(c.account)}, ${text(c.region)}, ${text(c.model)}, ${text(c.unit)}, ${text(c.user)}, ${text(c.project)}, ${c.unpriced}, ${c.rows}, ${costOf(c)}, ${c.listMissing}, ${Number.isFinite(c.quantity) ? c.quantity : 0}, ${c.requests}, ${c.tokens.input + c.tokens.output}, 0, NULL)`;
      });
      await con.run(`INSERT INTO ${EXTRA} VALUES ${values.join(', ')}`);
    }
    const pass = projectionPassSql(`SELECT * FROM ${EXTRA}`, 0, null, { fromCells: true });
    await con.run(`CREATE OR REPLACE TEMP TABLE ${PASS} AS ${pass.sql}`);
    await con.run(insertProjectionsSql(PROJ, PASS, pass.masks));
  } finally {
    await dropTemp(con, PASS, EXTRA);
  }
}

/** The report's aggregates from the projections of the run (small queries: what the report shows). */
async function readReport(con: DuckDBConnection, o: ReportOptions): Promise<CurrencyAggregates[]> {
  const q = selectSql(PROJ, o);
  const read = async (sql: string) => (await con.runAndReadAll(sql)).getRows();
  const byCur = new Map<string, CurrencyAggregates>();
  const cur = (c: DuckDBValue | undefined): CurrencyAggregates => {
    const code = asString(c) ?? '';
    let a = byCur.get(code);
    if (!a) {
      a = {
        currency: code, records: 0, listMissing: 0, byKind: [], daily: [],
        top: { services: null, skus: null, models: null, accounts: null, regions: null },
        unitCosts: { models: [], users: [], projects: [] }, requests: 0, pricedRequests: 0, requestCost: 0n,
        unpriced: { rows: 0, tokens: 0, models: [] }, usageDays: null, series: [],
      };
      byCur.set(code, a);
    }
    return a;
  };
  for (const [c, kind, rowsV, cost, lm] of await read(q.totals)) {
    const a = cur(c);
    a.records += asNumber(rowsV);
    a.listMissing += asNumber(lm);
    a.byKind.push({ kind: (asString(kind) ?? 'usage') as ChargeKind, cost: asBig(cost), rows: asNumber(rowsV) });
  }
  for (const [c, d, ss, se, kind, service, cost] of await read(q.daily)) {
    cur(c).daily.push({ day: dayOf(asNumber(d) * MS_PER_DAY), span: ss === null || se === null ? null : [asNumber(ss), asNumber(se)], chargeKind: (asString(kind) ?? 'usage') as ChargeKind, service: asString(service), cost: asBig(cost) });
  }
  const dimOf: Record<number, TopDimension> = { [PROJECTION.service]: 'services', [PROJECTION.sku]: 'skus', [PROJECTION.model]: 'models', [PROJECTION.account]: 'accounts', [PROJECTION.region]: 'regions' };
  for (const [set, c, name, cost, names] of await read(q.top)) {
    const a = cur(c);
    const dim = dimOf[asNumber(set)]!;
    const list = (a.top[dim] ??= { head: [], rest: null });
    if (name === null) list.rest = { count: asNumber(names), cost: asBig(cost) };
    else list.head.push({ name: String(name), cost: asBig(cost) });
  }
  for (const a of byCur.values()) for (const d of TOP_DIMENSIONS) a.top[d]?.head.sort(byCostThenName);
  const unitOf: Record<number, 'models' | 'users' | 'projects'> = { [PROJECTION.model]: 'models', [PROJECTION.user]: 'users', [PROJECTION.project]: 'projects' };
  for (const [set, c, name, cost, requests, tokens] of await read(q.units)) {
    cur(c).unitCosts[unitOf[asNumber(set)]!].push({ name: String(name), cost: asBig(cost), requests: asNumber(requests), tokens: asNumber(tokens) });
  }
  for (const a of byCur.values()) for (const k of ['models', 'users', 'projects'] as const) a.unitCosts[k].sort(byCostThenName);
  for (const [c, unpriced, model, rowsV, tokens, requests, reqCost] of await read(q.unpriced)) {
    const a = cur(c);
    a.requests += asNumber(requests);
    if (unpriced === true) {
      a.unpriced.rows += asNumber(rowsV);
      a.unpriced.tokens += asNumber(tokens);
      a.unpriced.models.push(String(model));
    } else {
      a.pricedRequests += asNumber(requests);
      a.requestCost += asBig(reqCost);
    }
  }
  for (const a of byCur.values()) a.unpriced.models.sort();
  // the series: points per (part, name, rank), in the order total, services, their SKUs, accounts, models
  interface Acc { part: number; rank: number; service: string | null; key: string; parent?: string | undefined; points: SeriesPointRow[] }
  const series = new Map<string, Map<string, Acc>>();
  for (const [part, c, a, bv, rk, d, cost, qty, cells, withUnit, minUnit, maxUnit] of await read(q.series)) {
    const p = asNumber(part);
    const code = asString(c) ?? '';
    const name = asString(a);
    const skuName = asString(bv);
    const key = p === 0 ? 'total' : p === 1 ? `service:${name}` : p === 2 ? `service:${name}/sku:${skuName}` : `${p === 3 ? 'account' : 'model'}:${name}`;
    let m = series.get(code);
    if (!m) series.set(code, (m = new Map()));
    let s = m.get(key);
    if (!s) m.set(key, (s = { part: p, rank: asNumber(rk), service: name, key, parent: p === 0 ? undefined : p === 2 ? `service:${name}` : 'total', points: [] }));
    s.points.push({ day: dayOf(asNumber(d) * MS_PER_DAY), cost: asBig(cost), quantity: asNumber(qty), cells: asNumber(cells), withUnit: asNumber(withUnit), minUnit: asString(minUnit), maxUnit: asString(maxUnit) });
  }
  for (const [code, m] of series) {
    const a = cur(code);
    const all = [...m.values()];
    const ofPart = (p: number) => all.filter((s) => s.part === p).sort((x, y) => x.rank - y.rank);
    const services = ofPart(1);
    const skus = ofPart(2);
    const ordered = [...ofPart(0), ...services, ...services.flatMap((s) => skus.filter((k) => k.parent === s.key)), ...ofPart(3), ...ofPart(4)];
    a.series = ordered.map((s) => seriesFromPoints(s.key, s.parent, s.points));
    const days = ofPart(0)[0]?.points.map((p) => p.day).sort() ?? [];
    a.usageDays = days.length ? { first: days[0]!, last: days[days.length - 1]! } : null;
  }
  return [...byCur.values()].sort(byRecordsThenCode);
}

/** Whether any field of the source, as DuckDB reads it, holds a line break. */
async function joinsLines(con: DuckDBConnection, source: DuckSource, width: number): Promise<boolean> {
  const any = Array.from({ length: width + 1 }, (_, i) => `regexp_matches(${source.column(i)}, '[\\r\\n]')`).join(' OR ');
  const r = await con.runAndReadAll(`SELECT 1 FROM ${source.from} WHERE ${any} LIMIT 1`);
  return r.currentRowCount > 0;
}

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
const isCsvParseError = (e: unknown) => e instanceof Error && /CSV|Invalid Input Error|Parallel CSV Reader|state machine/i.test(e.message);

export interface DuckEngineOptions {
  /** a session to reuse (tests, --emit-sql round trips); the engine opens and closes its own otherwise */
  session?: DuckSession | undefined;
  /** how often the query's progress is passed on to `ctx.onProgress` (ms; default 200) */
  progressEveryMs?: number;
}

export function createDuckdbEngine(opts: DuckEngineOptions = {}): BillingEngine {
  return {
    name: 'duckdb',
    // JSON and JSONL usage records are flattened by the JS reader (json-reader.ts), not read by DuckDB
    supports: (input) => !input.json && unsupportedReason(input.format.mapping, input.header) === undefined,
    async aggregate(inputs: readonly PreparedInput[], ctx: EngineContext): Promise<Aggregates> {
      const { mod, reason } = await loadDuckDB();
      if (!mod) throw new Error(`DuckDB is not available: ${reason}`);
      const session = opts.session ?? (await openSession(mod));
      const jsFallback: PreparedInput[] = [];
      const files: FileSummary[] = [];
      const problems: RowProblem[] = [];
      const warnings: string[] = [];
      const rows = { read: 0, skipped: 0, duplicates: 0 };
      const bytesTotal = inputs.reduce((s, f) => s + f.bytes, 0);
      let bytesDone = 0;
      const con = session.con;
      try {
        // DuckDB tracks a query's progress only when asked (and must not print it)
        if (ctx.onProgress) {
          await con.run('SET enable_progress_bar = true');
          await con.run('SET enable_progress_bar_print = false');
        }
        if (ctx.dedupAcrossFiles) await con.run('CREATE OR REPLACE TEMP TABLE costopt_seen (h UBIGINT)');
        await con.run(`CREATE OR REPLACE TEMP TABLE ${PROJ} (${PROJECTIONS_TABLE_COLUMNS})`);
        for (let fi = 0; fi < inputs.length; fi++) {
          const input = inputs[fi]!;
          const parquet = isParquetPath(input.path);
          let source = parquet ? parquetSource(input, await parquetColumns(con, input.path)) : csvSource(input, input.header, 'strict');
          const dedup = ctx.dedupAcrossFiles && fi > 0;
          const run = () =>
            aggregateFile(con, input, source, {
              basis: ctx.report.basis,
              window: windowFor(input.format.mapping.pricing, ctx.nowMs),
              duplicateOf: dedup ? `(${source.rowHash} IN (SELECT h FROM costopt_seen))` : undefined,
              problemsWanted: MAX_PROBLEMS_SHOWN - problems.length,
              onFraction: ctx.onProgress && ((f: number) => ctx.onProgress!(bytesDone + Math.round(f * input.bytes), bytesTotal)),
              ...(opts.progressEveryMs !== undefined ? { progressEveryMs: opts.progressEveryMs } : {}),
            });
          let out: FileOutcome;
          try {
            out = await run();
          } catch (e) {
            if (e instanceof Error && /Out of Memory/i.test(e.message)) {
              if (process.env.COSTOPT_DEBUG_SQL) process.stderr.write(`duckdb: out of memory, retried on one thread (${firstLine(e)})\n`);
              // one thread holds half the hash tables and read buffers
              await con.run('SET threads = 1');
              out = await run();
            } else {
              // not RFC 4180 (mixed line endings, stray quotes, rows longer than the header + 1): read it as the JS parser does
              if (parquet) throw new InputError({ severity: 'error', file: input.shown, message: `cannot read Parquet: ${firstLine(e)}` });
              try {
                if (!isCsvParseError(e)) throw e;
                source = csvSource(input, input.header, 'tolerant');
                // read leniently, a quote left open runs on over the following lines and takes
                // whole rows into one field: those rows would be lost without a word. Only a
                // file none of whose fields then holds a line break is read that way; any other
                // goes to the JS parser, which ends a field at the line end
                if (await joinsLines(con, source, input.header.length)) throw new Error(`${firstLine(e)}, and read leniently a field would run over several lines (a quote left open?)`);
                out = await run();
              } catch (e2) {
                // what DuckDB cannot read at all (text that is not UTF-8...), the JS engine reads as it always does
                warnings.push(`${input.shown}: read with the JS engine (DuckDB: ${firstLine(e2)})`);
                jsFallback.push(input);
                continue;
              }
            }
          }
          if (ctx.dedupAcrossFiles && fi < inputs.length - 1) await con.run(`INSERT INTO costopt_seen SELECT DISTINCT ${source.rowHash} FROM ${source.from}`);
          files.push(out.summary);
          problems.push(...out.problems);
          warnings.push(...out.warnings);
          rows.read += out.summary.rows;
          rows.skipped += out.summary.skipped;
          rows.duplicates += out.summary.duplicates;
          bytesDone += input.bytes;
          ctx.onProgress?.(bytesDone, bytesTotal);
        }
        if (rows.duplicates > 0) warnings.push(`${rows.duplicates} row(s) repeated across overlapping files were counted once (duplicates dropped)`);
        if (jsFallback.length) {
          const { jsCells } = await import('../js-engine.js');
          const more = await jsCells(jsFallback, ctx);
          await addExtraCells(con, more.cells, ctx.report.basis);
          files.push(...more.files);
          problems.push(...more.problems);
          warnings.push(...more.warnings);
          rows.read += more.rows.read;
          rows.skipped += more.rows.skipped;
          rows.duplicates += more.rows.duplicates;
        }
        if (ctx.extraCells?.length) await addExtraCells(con, ctx.extraCells, ctx.report.basis);
        const report = await readReport(con, ctx.report);
        return { engine: 'duckdb', files, rows, problems: problems.slice(0, MAX_PROBLEMS_SHOWN), warnings, report };
      } finally {
        if (ctx.dedupAcrossFiles) await con.run('DROP TABLE IF EXISTS costopt_seen').catch(() => undefined);
        await con.run(`DROP TABLE IF EXISTS ${PROJ}`).catch(() => undefined);
        if (!opts.session) session.close();
      }
    },
  };
}

/** The engine when DuckDB loads; undefined (and why) when it does not. */
export async function loadDuckdbEngine(): Promise<{ engine?: BillingEngine; reason?: string }> {
  const { mod, reason } = await loadDuckDB();
  return mod ? { engine: createDuckdbEngine() } : { reason };
}
