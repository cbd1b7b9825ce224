import { CellAccumulator, MAX_PROBLEMS_SHOWN, ownString, type AggregateCell, type Aggregates, type FileSummary } from '../../core/billing/aggregate.js';
import { ReportAccumulator } from '../../core/billing/report-data.js';
import { CsvParser } from '../../core/billing/csv.js';
import { mapRow, type PriceOutcome, type PriceRequest } from '../../core/billing/map-row.js';
import { windowFor } from '../../core/billing/dates.js';
import { CatalogTimeline, unpricedWarning } from '../../core/billing/price.js';
import { dayOf, lastDayOf, type CanonicalRecord, type RowProblem } from '../../core/billing/record.js';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { InputError } from '../../core/errors.js';
import { ReconcileAccumulator } from '../../core/billing/reconcile.js';
import { JsonRowBuilder, jsonRecords } from './json-reader.js';
import type { BillingEngine, EngineContext } from './engine.js';
import { openText } from './inputs.js';
import type { PreparedInput } from './prepare.js';

/**
 * The reference engine: streams each file through the CSV push-parser and the bound mapping,
 * folding records into cells as they come (memory holds the cells, not the rows; with several
 * files, also one 53-bit hash per row to drop rows repeated across overlapping exports).
 */
function rowHash(fields: readonly string[]): number {
  // cyrb53 over the fields joined by \u0001
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (const f of fields) {
    for (let i = 0; i < f.length; i++) {
      const ch = f.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ 1, 2654435761);
    h2 = Math.imul(h2 ^ 1, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

type Bookkeeping = Omit<Aggregates, 'report'>;

/** Cells held before they are folded into the report's sums (~50 MB of cells). */
const CELL_BUFFER = 65_536;

/**
 * A full garbage collection once a buffer of cells has been folded in. The drained cells lived
 * long enough to reach V8's old generation, which V8 lets grow well past what is alive before it
 * collects: on the bench bill of 498k cells peak RSS was 541 MB (32.6 CPU-s); collected at each
 * fold, 254 MB (43 CPU-s, on a loaded machine). A bill of few cells never fills the buffer.
 * `gc` is V8's own, reached without a command-line flag.
 */
const collect: () => void = (() => {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? () => void gc() : () => undefined;
  } catch {
    return () => undefined;
  }
})();

/**
 * Read every input, each record into `acc`: the files' bookkeeping back. Also the record source
 * of calibrate and variance (io/billing/usage.ts), so every format analyze reads feeds them.
 */
export async function readInto(inputs: readonly PreparedInput[], ctx: EngineContext, acc: { add(r: CanonicalRecord): void }): Promise<Bookkeeping> {
  {
    const problems: RowProblem[] = [];
    const warnings: string[] = [];
    const files: FileSummary[] = [];
    const rows = { read: 0, skipped: 0, duplicates: 0 };
    const seenRows = new Map<number, number>();
    const seenRequests = new Set<string>();
    let requestDuplicates = 0;
    /** replays (Claude Code sidechains): message ids counted, and whether a sidechain copy was */
    const replays = new Map<string, { side: boolean }>();
    let replayDuplicates = 0;
    const needsCatalog = inputs.some((i) => i.format.mapping.pricing === 'catalog');
    const timeline = needsCatalog && ctx.catalogs ? new CatalogTimeline(ctx.catalogs) : undefined;
    const price = timeline ? (r: PriceRequest): PriceOutcome => timeline.price(r) : undefined;
    const bytesTotal = inputs.reduce((s, f) => s + f.bytes, 0);
    const notesOf: string[] = [];
    const costSource = ctx.costSource ?? 'both';
    const recon = new ReconcileAccumulator();
    const oneSided = { noReported: 0, unpricedReported: 0 };
    /** unpriced rows priced by their reported cost (--cost-source reported), by model name */
    const pricedByReported = new Map<string, { rows: number; tokens: number }>();
    /**
     * A usage row that may report a cost of its own: reconciled with the computed one (both),
     * or its reported cost put in the totals (reported). Rows without a reported cost keep the
     * computed one; an unpriced row with a reported cost is priced by it under `reported` only.
     */
    const settle = (r: CanonicalRecord, at: string | undefined) => {
      const reported = r.reported ?? null;
      if (reported === null) {
        if (!r.unpriced) oneSided.noReported++;
        if (costSource === 'both' && !r.unpriced) recon.addOneSided('computedOnly');
        return;
      }
      if (r.unpriced) {
        oneSided.unpricedReported++;
        recon.addOneSided('reportedOnly');
        if (costSource === 'reported') {
          r.billed = r.effective = reported;
          r.unpriced = false;
          // priced after all: not an unpriced model for this row
          const k = r.model ?? '';
          const n = pricedByReported.get(k) ?? { rows: 0, tokens: 0 };
          n.rows++;
          n.tokens += r.tokens ? r.tokens.input + r.tokens.output : 0;
          pricedByReported.set(ownString(k), n);
        }
        return;
      }
      if (costSource === 'reported') {
        r.billed = r.effective = reported;
        return;
      }
      if (costSource === 'both' && r.tokens && r.model !== null) {
        const x = timeline?.alternatives(r.model, r.start, r.tokens);
        recon.add({ record: r, at, reported, computed: r.billed, alt: x?.alt ?? { cacheFree: null, cacheAsInput: null, noTier: null }, rates: x?.rates ?? { input: null, output: null } });
      }
    };
    let bytesRead = 0;

    for (let fi = 0; fi < inputs.length; fi++) {
      const input = inputs[fi]!;
      const b = input.bound;
      if (b.mapping.pricing === 'catalog' && !timeline) throw new InputError({ severity: 'error', file: input.shown, message: 'request logs are priced from a catalog, and none was loaded' });
      const width = b.header.length;
      const window = windowFor(b.mapping.pricing, ctx.nowMs);
      const summary: FileSummary = { file: input.shown, format: input.format.id, label: input.label, rows: 0, skipped: 0, duplicates: 0, firstDay: null, lastDay: null };
      let short = 0;
      let excluded = 0;
      const votes = { actual: 0, amortized: 0 };
      const variant = input.format.variant;
      let headerSeen = false;
      const problem = (p: RowProblem) => {
        summary.skipped++;
        rows.skipped++;
        if (problems.length < MAX_PROBLEMS_SHOWN) problems.push(p);
      };
      const onRow = (fields: readonly string[], line: number, recordPath?: string) => {
        summary.rows++;
        rows.read++;
        if (fields.length > width) {
          problem({ file: input.shown, line, message: `${fields.length} fields, but the header has ${width} (a shifted or unquoted field?)` });
          return;
        }
        if (fields.length < width) short++;
        if (ctx.dedupAcrossFiles) {
          const h = rowHash(fields);
          const first = seenRows.get(h);
          if (first !== undefined && first !== fi) {
            summary.duplicates++;
            rows.duplicates++;
            return;
          }
          if (first === undefined) seenRows.set(h, fi);
        }
        const out = mapRow(b, fields, input.shown, line, price, window);
        if (out.kind === 'skip') {
          excluded++;
          return;
        }
        if (out.kind === 'problem') {
          // a record inside a JSON document is named by its path there
          problem(recordPath && recordPath !== '$' ? { ...out.problem, column: `${recordPath}${out.problem.column ? ` ${out.problem.column}` : ''}` } : out.problem);
          return;
        }
        const first = out.records[0]!;
        if (first.requestId !== null) {
          if (seenRequests.has(first.requestId)) {
            requestDuplicates++;
            rows.duplicates++;
            summary.duplicates++;
            return;
          }
          seenRequests.add(ownString(first.requestId));
        }
        if (replayAt) {
          const key = fields[replayAt.key];
          if (key) {
            const side = fields[replayAt.flag]?.trim().toLowerCase() === 'true';
            const had = replays.get(key);
            if (had && (side || had.side)) {
              replayDuplicates++;
              rows.duplicates++;
              summary.duplicates++;
              return;
            }
            replays.set(ownString(key), { side: side || (had?.side ?? false) });
          }
        }
        if (variant) {
          const v = variant((c) => b.get(c)(fields), first);
          if (v) votes[v]++;
        }
        if (first.reported !== undefined) settle(first, recordPath && recordPath !== '$' ? recordPath : undefined);
        const d0 = dayOf(first.start);
        const d1 = lastDayOf(first);
        if (summary.firstDay === null || d0 < summary.firstDay) summary.firstDay = d0;
        if (summary.lastDay === null || d1 > summary.lastDay) summary.lastDay = d1;
        if (unpricedTokensAt >= 0) {
          const n = Number(fields[unpricedTokensAt] || 0);
          if (Number.isSafeInteger(n) && n > 0) unpricedTokens += n;
        }
        for (const r of out.records) acc.add(r);
      };
      const replay = input.format.json?.replay;
      const at = (name: string) => b.header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
      const replayAt = replay && at(replay.key) >= 0 && at(replay.flag) >= 0 ? { key: at(replay.key), flag: at(replay.flag) } : undefined;
      let unpricedTokens = 0;
      const unpricedTokensAt = b.header.findIndex((h) => h.toLowerCase() === 'costopt.unpriced_tokens');
      try {
        if (input.json) {
          const builder = new JsonRowBuilder(input.format.json, b.header);
          let leftOut = 0;
          for await (const item of jsonRecords(input, input.json, (n) => {
            bytesRead += n;
            ctx.onProgress?.(bytesRead, bytesTotal);
          })) {
            if ('bad' in item) {
              summary.rows++;
              rows.read++;
              problem({ file: input.shown, line: item.line, column: `col ${item.col}`, message: item.message });
              continue;
            }
            if (item.flat.truncated) {
              summary.rows++;
              rows.read++;
              problem({ file: input.shown, line: item.line, column: item.path, message: 'a record with more than 10,000 fields: not read' });
              continue;
            }
            const fields = builder.row(item.flat);
            if (fields === null) {
              leftOut++;
              continue;
            }
            onRow(fields, item.line, item.path);
          }
          if (leftOut) notesOf.push(`${input.shown}: ${leftOut} record(s) without usage of their own (user turns, parent spans, context lines) left out`);
        } else {
          const parser = new CsvParser((fields, line) => {
            if (!headerSeen) {
              headerSeen = true;
              return;
            }
            onRow(fields, line);
          });
          for await (const chunk of openText(input, (n) => {
            bytesRead += n;
            ctx.onProgress?.(bytesRead, bytesTotal);
          })) parser.push(chunk);
          parser.end();
        }
      } catch (e) {
        if (e instanceof InputError) throw e;
        throw new InputError({ severity: 'error', file: input.shown, message: `cannot read: ${e instanceof Error ? e.message : String(e)}` });
      }
      if (unpricedTokens) warnings.push(`${input.shown}: ${unpricedTokens} token(s) have no rate in the catalog (audio, or a usage total larger than its parts): not priced, the total is a lower bound for them`);
      if (short) warnings.push(`${input.shown}: ${short} row(s) have fewer fields than the header; the missing trailing fields were read as empty`);
      if (excluded) warnings.push(`${input.shown}: ${excluded} row(s) marked deleted were left out`);
      if (b.mapping.pricing === 'cost' && !b.hasCurrencyColumn && b.mapping.defaultCurrency && summary.rows) warnings.push(`${input.shown}: no currency column; amounts read as ${b.mapping.defaultCurrency}`);
      if (votes.actual || votes.amortized) summary.variant = votes.actual >= votes.amortized ? 'actual' : 'amortized';
      else if (input.variantHint) summary.variant = input.variantHint;
      if (votes.actual && votes.amortized) warnings.push(`${input.shown}: rows look both actual (${votes.actual}) and amortized (${votes.amortized}); read as ${summary.variant}`);
      if (summary.variant) summary.label = `${summary.label} (${summary.variant})`;
      files.push(summary);
    }
    warnings.push(...notesOf);
    if (oneSided.noReported) warnings.push(`${oneSided.noReported} row(s) report no cost of their own: priced from the catalog${costSource === 'reported' ? ' (--cost-source reported)' : ''}`);
    if (oneSided.unpricedReported) warnings.push(`${oneSided.unpricedReported} row(s) with a reported cost could not be priced from the catalog${costSource === 'reported' ? ': their reported cost is used' : ': left out of the reconciliation'}`);
    if (requestDuplicates) warnings.push(`${requestDuplicates} request(s) with a request_id seen before were counted once (duplicates dropped)`);
    if (replayDuplicates) warnings.push(`${replayDuplicates} sidechain replay(s) of a message already counted were dropped (same message id, another request id)`);
    if (rows.duplicates - requestDuplicates - replayDuplicates > 0) warnings.push(`${rows.duplicates - requestDuplicates - replayDuplicates} row(s) repeated across overlapping files were counted once (duplicates dropped)`);
    // models whose every unpriced row was priced by its reported cost are not unpriced; the others keep their remaining rows
    const unpricedModels = timeline?.unpriced().flatMap((u) => {
      const p = pricedByReported.get(u.model);
      if (!p) return [u];
      const rows = u.rows - p.rows;
      return rows > 0 ? [{ ...u, rows, tokens: Math.max(0, u.tokens - p.tokens) }] : [];
    });
    if (unpricedModels) for (const u of unpricedModels) warnings.push(unpricedWarning(u));
    if (timeline) {
      warnings.push(...timeline.notes);
    }
    const reconciliation = costSource === 'both' && recon.rows ? { reconciliation: recon.result() } : {};
    return { engine: 'js', files, rows, problems, warnings, ...(unpricedModels ? { unpricedModels } : {}), ...reconciliation };
  }
}

/** The inputs' cells (inputs read by the JS engine in a DuckDB run: their cells join DuckDB's). */
export async function jsCells(inputs: readonly PreparedInput[], ctx: EngineContext): Promise<Bookkeeping & { cells: AggregateCell[] }> {
  const acc = new CellAccumulator();
  const out = await readInto(inputs, ctx, acc);
  return { ...out, cells: acc.result() };
}

export const jsEngine: BillingEngine = {
  name: 'js',
  supports: () => true,
  async aggregate(inputs: readonly PreparedInput[], ctx: EngineContext): Promise<Aggregates> {
    // Records are summed into cells (one key per record, as cheap as it gets), and the cells are
    // folded into the report's sums whenever CELL_BUFFER of them are held: memory is bounded by
    // the buffer plus services, SKUs, accounts... x days, whatever the number of cells. A cell
    // folded in two parts adds the same sums (the unit test of a series counts both parts).
    const report = new ReportAccumulator(ctx.report.basis);
    const cells = new CellAccumulator();
    const out = await readInto(inputs, ctx, {
      add(r: CanonicalRecord) {
        cells.add(r);
        if (cells.size >= CELL_BUFFER) {
          report.addCells(cells.drain());
          collect();
        }
      },
    });
    report.addCells(cells.drain());
    return { ...out, report: report.result(ctx.report) };
  },
};
