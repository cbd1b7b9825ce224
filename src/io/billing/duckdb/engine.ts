import type { DuckDBConnection, DuckDBValue, DuckDBVector } from '@duckdb/node-api';
import { CellAccumulator, MAX_PROBLEMS_SHOWN, zeroTokens, type AggregateCell, type Aggregates, type FileSummary } from '../../../core/billing/aggregate.js';
import type { BillingFormat } from '../../../core/billing/format.js';
import { DIALECTS } from '../../../core/billing/sql/dialect.js';
import { CELL_DIMENSIONS, ROW_STATUS, aggregateSql, compileRows, dictionarySql, isProblem, unsupportedReason } from '../../../core/billing/sql/compile.js';
import { MS_PER_DAY, dayOf, type CanonicalRecord, type ChargeKind, type RowProblem } from '../../../core/billing/record.js';
import { InputError } from '../../../core/errors.js';
import type { BillingEngine, EngineContext } from '../engine.js';
import type { PreparedInput } from '../prepare.js';
import { loadDuckDB, openSession, type DuckSession } from './load.js';
import { firstProblems, parquetProblem } from './problems.js';
import { csvSource, isParquetPath, parquetColumns, parquetSource, type DuckSource } from './source.js';

/**
 * The DuckDB engine: each input's mapping (the same `Mapping` the JS engine runs) compiled to
 * SQL by core/billing/sql and run by DuckDB over the file (CSV, gzip or Parquet), streaming,
 * multi-threaded, in bounded memory (load.ts). One GROUP BY per file returns the cells of
 * aggregate.ts plus the counts the report needs (unreadable, skipped, duplicate and short
 * rows; actual/amortized evidence); money comes back as exact DECIMAL(38,s) whose unscaled
 * integers are the 1e-12 units of the cells. The first few unreadable rows of a CSV are then
 * located by the JS row mapper (file:line and the same message the JS engine gives), reading
 * only as far as the last one shown.
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

const asNumber = (v: DuckDBValue): number => (typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : 0);
const asString = (v: DuckDBValue): string | null => (v === null ? null : String(v));
function units(v: DuckDBValue, scale: number): bigint {
  if (v === null) return 0n;
  if (typeof v === 'object' && 'value' in v && typeof v.value === 'bigint' && 'scale' in v && typeof v.scale === 'number') {
    const d = scale - v.scale;
    return d === 0 ? v.value : d > 0 ? v.value * 10n ** BigInt(d) : v.value / 10n ** BigInt(-d);
  }
  throw new Error(`expected a DECIMAL sum, got ${typeof v}`);
}

/** Reader of a money column's values as bigint units at `scale`: the unscaled integers of DECIMAL(38,s) vectors, read directly. */
function money(v: DuckDBVector, scale: number): (r: number) => bigint {
  const t = v.type as { scale?: unknown };
  if ('getScaledValue' in v && typeof v.getScaledValue === 'function' && typeof t.scale === 'number') {
    const d = scale - t.scale;
    const get = v.getScaledValue.bind(v) as (r: number) => bigint | null;
    if (d === 0) return (r) => get(r) ?? 0n;
    const f = 10n ** BigInt(Math.abs(d));
    return d > 0 ? (r) => (get(r) ?? 0n) * f : (r) => (get(r) ?? 0n) / f;
  }
  return (r) => units(v.getItem(r), scale);
}

async function dropTemp(con: DuckDBConnection, ...tables: string[]): Promise<void> {
  for (const t of tables) await con.run(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
}

/** SQL-aggregated cells carry no tokens (token mappings run in JS): one shared, frozen object (CellAccumulator.merge copies before adding). */
const NO_TOKENS = Object.freeze(zeroTokens());

interface FileOutcome {
  /** the file's cells; `unique` when no two share a key (no merge needed) */
  cells: AggregateCell[];
  unique: boolean;
  summary: FileSummary;
  problems: RowProblem[];
  warnings: string[];
}

async function aggregateFile(
  con: DuckDBConnection,
  input: PreparedInput,
  source: DuckSource,
  opts: { duplicateOf?: string | undefined; problemsWanted: number; onFraction?: ((done: number) => void) | undefined; progressEveryMs?: number },
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
  });
  const sql = aggregateSql(rows, DIALECTS.duckdb, keyColumns.length);
  const summary: FileSummary = { file: input.shown, format: input.format.id, label: input.label, rows: 0, skipped: 0, duplicates: 0, firstDay: null, lastDay: null };
  let short = 0;
  let excluded = 0;
  const problemCodes = new Map<number, number>();
  const votes = { actual: 0, amortized: 0 };
  const scale = rows.moneyScale;
  const nKeys = keyColumns.length;
  const firstMetric = 16 + nKeys;

  const pending: AggregateCell[] = [];
  // COSTOPT_DEBUG_SQL=<file>: write the query there and its timings to stderr (profiling aid)
  if (process.env.COSTOPT_DEBUG_SQL) (await import('node:fs')).writeFileSync(process.env.COSTOPT_DEBUG_SQL, sql);
  const t0 = Date.now();
  let firstChunkAt = 0;
  // the cells to a temp table, read back with their texts as dictionary codes (dictionarySql)
  const CELLS = 'costopt_cells';
  const DICT = 'costopt_dict';
  const dsql = dictionarySql(CELLS, DICT, nKeys);
  // the query's own progress (DuckDB's estimate, 0-100) while it runs, for the progress bar
  const onFraction = opts.onFraction;
  const ticker = onFraction
    ? setInterval(() => {
        const p = con.progress.percentage;
        if (p >= 0) onFraction(Math.min(1, p / 100));
      }, opts.progressEveryMs ?? 200)
    : undefined;
  try {
    await con.run(`CREATE OR REPLACE TEMP TABLE ${CELLS} AS ${sql}`);
  } finally {
    if (ticker) clearInterval(ticker);
  }
  const tQuery = Date.now();
  let texts: (string | null)[];
  let result: Awaited<ReturnType<DuckDBConnection['run']>>;
  let expected: number;
  try {
    await con.run(dsql.dict);
    texts = (await con.runAndReadAll(dsql.texts)).getColumns()[0]!.map(asString);
    // Materialized, not streamed: a streamed result that fails midway (out of memory while
    // spilling...) ends like a complete one in @duckdb/node-api (fetch_chunk returns no chunk),
    // so the cells read are also counted against the table below.
    result = await con.run(dsql.select);
    expected = Number((await con.runAndReadAll(`SELECT count(*) FROM ${CELLS}`)).getRows()[0]![0]);
  } finally {
    // the result holds its own copy: the tables go before the cells are built in JS (peak memory)
    await dropTemp(con, CELLS, DICT);
  }
  const dayText = new Map<number, string>();
  const dayStr = (n: number) => {
    let t = dayText.get(n);
    if (t === undefined) dayText.set(n, (t = dayOf(n * MS_PER_DAY)));
    return t;
  };
  // Columnar reads: one vector per column and chunk, values taken only for the rows that need
  // them, money as the vector's unscaled integers (no per-value decimal objects), texts by code.
  const str = (v: DuckDBVector, r: number): string | null => {
    const id = v.getItem(r);
    return id === null ? null : texts[asNumber(id)]!;
  };
  let cellsRead = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (firstChunkAt === 0) firstChunkAt = Date.now();
    if (!chunk || chunk.rowCount === 0) break;
    cellsRead += chunk.rowCount;
    const col = (i: number) => chunk.getColumnVector(i);
    const statusV = col(0), shortV = col(1), currencyV = col(2), dayV = col(3), spanSV = col(4), spanEV = col(5);
    const dimV = CELL_DIMENSIONS.map((_, i) => col(6 + i));
    const keyV = keyColumns.map((_, i) => col(16 + i));
    const nV = col(firstMetric);
    const billedM = money(col(firstMetric + 1), scale), effM = money(col(firstMetric + 2), scale), listM = money(col(firstMetric + 3), scale);
    const listMissingV = col(firstMetric + 4), qtyV = col(firstMetric + 5), creditRowsV = col(firstMetric + 6);
    const creditM = money(col(firstMetric + 7), scale);
    const nonzeroV = col(firstMetric + 8);
    for (let r = 0; r < chunk.rowCount; r++) {
      const status = asNumber(statusV.getItem(r));
      const n = asNumber(nV.getItem(r));
      summary.rows += n;
      short += asNumber(shortV.getItem(r));
      if (status === ROW_STATUS.skipped) {
        excluded += n;
        continue;
      }
      if (status === ROW_STATUS.duplicate) {
        summary.duplicates += n;
        continue;
      }
      if (isProblem(status)) {
        summary.skipped += n;
        problemCodes.set(status, (problemCodes.get(status) ?? 0) + n);
        continue;
      }
      const dayNo = asNumber(dayV.getItem(r));
      const spanS = spanSV.getItem(r);
      const spanE = spanEV.getItem(r);
      const span: [number, number] | null = spanS === null || spanE === null ? null : [asNumber(spanS), asNumber(spanE)];
      const cell: AggregateCell = {
        currency: str(currencyV, r) ?? '',
        day: dayStr(dayNo),
        span,
        chargeKind: (str(dimV[0]!, r) ?? m.chargeKind.default) as ChargeKind,
        provider: str(dimV[1]!, r),
        account: str(dimV[2]!, r),
        service: str(dimV[3]!, r),
        sku: str(dimV[4]!, r),
        model: str(dimV[5]!, r),
        region: str(dimV[6]!, r),
        unit: str(dimV[7]!, r),
        user: str(dimV[8]!, r),
        project: str(dimV[9]!, r),
        unpriced: false,
        rows: n,
        requests: 0,
        billed: billedM(r),
        effective: effM(r),
        list: listM(r),
        listMissing: asNumber(listMissingV.getItem(r)),
        quantity: asNumber(qtyV.getItem(r)),
        tokens: NO_TOKENS,
      };
      pending.push(cell);
      const creditRows = asNumber(creditRowsV.getItem(r));
      if (creditRows > 0) {
        const sum = creditM(r);
        pending.push({ ...cell, chargeKind: 'credit', rows: creditRows, billed: sum, effective: sum, list: sum, listMissing: creditRows, quantity: 0, tokens: NO_TOKENS });
      }
      const first = cell.day;
      const last = span ? dayOf(span[1] - 1) : cell.day;
      if (summary.firstDay === null || first < summary.firstDay) summary.firstDay = first;
      if (summary.lastDay === null || last > summary.lastDay) summary.lastDay = last;
      if (nKeys && input.format.variant) {
        const values = new Map(keyColumns.map((c, i) => [c, str(keyV[i]!, r)]));
        const nonzero = asNumber(nonzeroV.getItem(r));
        for (const [count, billed] of [[nonzero, 1n], [n - nonzero, 0n]] as const) {
          if (!count) continue;
          const v = input.format.variant((c) => values.get(c) ?? null, { billed } as CanonicalRecord);
          if (v) votes[v] += count;
        }
      }
    }
  }

  // "Out of Memory": retried on one thread like any other (createDuckdbEngine)
  if (cellsRead !== expected) throw new Error(`Out of Memory (incomplete result): DuckDB returned ${cellsRead} of ${expected} cells`);
  if (process.env.COSTOPT_DEBUG_SQL) process.stderr.write(`duckdb: query done at ${Math.round(performance.now())} ms since start; aggregate ${tQuery - t0} ms, first chunk after ${firstChunkAt - t0} ms, all ${Date.now() - t0} ms, ${texts.length} texts, ${pending.length} cells, rss ${Math.round(process.memoryUsage().rss / 1e6)} MB, heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB\n`);
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
      ? await firstProblems(input, opts.problemsWanted)
      : parquetProblem(input, problemCodes, opts.problemsWanted);
  }
  // cells are unique per group key unless variant keys split them or credits join other credit cells
  return { cells: pending, unique: nKeys === 0 && !m.credits, summary, problems, warnings };
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
    supports: (input) => unsupportedReason(input.format.mapping, input.header) === undefined,
    async aggregate(inputs: readonly PreparedInput[], ctx: EngineContext): Promise<Aggregates> {
      const { mod, reason } = await loadDuckDB();
      if (!mod) throw new Error(`DuckDB is not available: ${reason}`);
      const session = opts.session ?? (await openSession(mod));
      const outs: FileOutcome[] = [];
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
        for (let fi = 0; fi < inputs.length; fi++) {
          const input = inputs[fi]!;
          const parquet = isParquetPath(input.path);
          let source = parquet ? parquetSource(input, await parquetColumns(con, input.path)) : csvSource(input, input.header, 'strict');
          const dedup = ctx.dedupAcrossFiles && fi > 0;
          const run = () =>
            aggregateFile(con, input, source, {
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
          outs.push(out);
          files.push(out.summary);
          problems.push(...out.problems);
          warnings.push(...out.warnings);
          rows.read += out.summary.rows;
          rows.skipped += out.summary.skipped;
          rows.duplicates += out.summary.duplicates;
          bytesDone += input.bytes;
          ctx.onProgress?.(bytesDone, bytesTotal);
        }
      } finally {
        if (ctx.dedupAcrossFiles) await con.run('DROP TABLE IF EXISTS costopt_seen').catch(() => undefined);
        if (!opts.session) session.close();
      }
      if (rows.duplicates > 0) warnings.push(`${rows.duplicates} row(s) repeated across overlapping files were counted once (duplicates dropped)`);
      if (jsFallback.length) {
        const more = await (await import('../js-engine.js')).jsEngine.aggregate(jsFallback, ctx);
        outs.push({ cells: more.cells, unique: false, summary: more.files[0]!, problems: [], warnings: [] });
        files.push(...more.files);
        problems.push(...more.problems);
        warnings.push(...more.warnings);
        rows.read += more.rows.read;
        rows.skipped += more.rows.skipped;
        rows.duplicates += more.rows.duplicates;
      }
      let cells: AggregateCell[];
      if (outs.length === 1 && outs[0]!.unique) cells = outs[0]!.cells;
      else {
        const acc = new CellAccumulator();
        for (const o of outs) acc.merge(o.cells);
        cells = acc.result();
      }
      return { engine: 'duckdb', files, rows, problems: problems.slice(0, MAX_PROBLEMS_SHOWN), warnings, cells };
    },
  };
}

/** The engine when DuckDB loads; undefined (and why) when it does not. */
export async function loadDuckdbEngine(): Promise<{ engine?: BillingEngine; reason?: string }> {
  const { mod, reason } = await loadDuckDB();
  return mod ? { engine: createDuckdbEngine() } : { reason };
}
