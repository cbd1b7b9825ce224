import type { Command } from 'commander';
import { addGlobalOptions } from '../global-options.js';
import type { CliContext } from '../context.js';
import { ExitCode, InputError } from '../../core/errors.js';
import { parseQuantity } from '../../core/units.js';

const FAIL_ON = ['anomaly', 'forecast', 'unpriced'] as const;
type FailOn = (typeof FAIL_ON)[number];

interface AnalyzeFlags {
  formatHint?: string;
  map?: string;
  basis?: string;
  strict?: boolean;
  budget?: string;
  top?: string;
  minImpact?: string;
  minPercent?: string;
  includeDrops?: boolean;
  failOn?: string;
  engine?: string;
  emitSql?: string;
  table?: string;
  costSource?: string;
}

function number(flag: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = parseQuantity(v.replace(/^\$/, '').replace(/%$/, ''));
  if (n === undefined || n < min) throw new InputError({ severity: 'error', path: flag, message: `expected a number >= ${min}, got "${v}"` });
  return n;
}

/** `costopt analyze <bill...>`: import billing/usage exports, report drivers, trends, anomalies and the month-end forecast. */
export function registerAnalyze(program: Command, ctx: CliContext): void {
  addGlobalOptions(
    program
      .command('analyze')
      .description('import billing/usage exports: totals, drivers, trends, unit costs, anomalies, forecast')
      .argument('[bill...]', 'CSV, JSON, JSONL (gzipped or not) or Parquet files, folders or globs'),
  )
    .option('--format-hint <format>', 'skip detection: focus|aws-cur|aws-cur2|azure|gcp|oci|openai|anthropic|anthropic-console|request-log|costopt-daily|otel|litellm|langfuse|helicone|claude-code|codex|openai-usage|anthropic-usage|openai-costs-api|anthropic-cost-api')
    .option('--cost-source <source>', 'usage logs that report a cost of their own: reported|computed|both (default both: totals from the catalog, the reported cost reconciled beside it)')
    .option('--map <mapping.yaml>', 'column mapping for any other CSV (see docs/analyze.md)')
    .option('--basis <basis>', 'cost basis: billed|effective|list (default billed)')
    .option('--strict', 'any unreadable row is an error (exit 2)')
    .option('--budget <amount>', 'monthly budget in the bill currency (the top-level one when there are several): forecast status and crossing date')
    .option('--top <n>', 'rows in each top-N table before "other" (default 10)')
    .option('--min-impact <amount>', 'anomaly: minimum daily impact in currency units')
    .option('--min-percent <pct>', 'anomaly: minimum impact in percent')
    .option('--include-drops', 'anomaly: also report drops')
    .option('--fail-on <conditions>', 'exit 1 when met: anomaly,forecast,unpriced (comma-separated)')
    .option('--engine <engine>', 'js|duckdb|auto (default auto: DuckDB for large or Parquet inputs)')
    .option('--emit-sql <engine>', 'print the daily aggregation query for a warehouse: duckdb|trino|bigquery|spark (format from a sample file, --format-hint or --map)')
    .option('--table <name>', 'table the --emit-sql query reads (default bill)')
    .action(async (bills: string[], o: AnalyzeFlags, cmd: Command) => {
      const g = ctx.globals(cmd);
      const basis = o.basis ?? 'billed';
      if (basis !== 'billed' && basis !== 'effective' && basis !== 'list') throw new InputError({ severity: 'error', path: '--basis', message: `expected billed, effective or list, got "${o.basis}"` });
      if (o.map !== undefined && o.formatHint !== undefined) throw new InputError({ severity: 'error', path: '--format-hint', message: 'cannot be used with --map (the mapping file names the format)' });
      if (o.table !== undefined && o.emitSql === undefined) throw new InputError({ severity: 'error', path: '--table', message: 'only used with --emit-sql (the table the query reads)' });
      if (o.emitSql !== undefined) {
        // the query is printed, not run: flags of the analysis itself would be silently ignored
        const unused: [string, unknown][] = [['--budget', o.budget], ['--fail-on', o.failOn], ['--top', o.top], ['--min-impact', o.minImpact], ['--min-percent', o.minPercent], ['--include-drops', o.includeDrops], ['--strict', o.strict], ['--engine', o.engine], ['--basis', o.basis], ['--cost-source', o.costSource], ['--format', g.format === 'table' ? undefined : g.format]];
        const given = unused.filter(([, v]) => v !== undefined);
        if (given.length) throw new InputError(given.map(([flag]) => ({ severity: 'error', path: flag, message: 'not used with --emit-sql (it prints the query; analyze the daily aggregate the query returns)' })));
        const { emitSql } = await import('../../io/billing/duckdb/emit.js');
        ctx.io.stdout(await emitSql(bills, { dialect: o.emitSql, table: o.table, formatHint: o.formatHint, mapFile: o.map, cwd: ctx.io.cwd }));
        return;
      }
      const costSource = o.costSource ?? 'both';
      if (costSource !== 'reported' && costSource !== 'computed' && costSource !== 'both') throw new InputError({ severity: 'error', path: '--cost-source', message: `expected reported, computed or both, got "${o.costSource}"` });
      const engine = o.engine ?? 'auto';
      if (engine !== 'js' && engine !== 'duckdb' && engine !== 'auto') throw new InputError({ severity: 'error', path: '--engine', message: `expected js, duckdb or auto, got "${o.engine}"` });
      const failOn = new Set<FailOn>();
      for (const part of (o.failOn ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
        const hit = FAIL_ON.find((f) => f === part);
        if (!hit) throw new InputError({ severity: 'error', path: '--fail-on', message: `expected ${FAIL_ON.join(', ')} (comma-separated), got "${part}"` });
        failOn.add(hit);
      }
      const budget = number('--budget', o.budget, 0);
      if (failOn.has('forecast') && budget === undefined) throw new InputError({ severity: 'error', path: '--fail-on', message: '--fail-on forecast needs --budget' });
      const top = number('--top', o.top, 1);
      const minImpact = number('--min-impact', o.minImpact, 0);
      const minPercent = number('--min-percent', o.minPercent, 0);

      const [{ analyzePaths }, { analyzeDoc }] = await Promise.all([import('../../io/billing/analyze.js'), import('../../render/present/analyze.js')]);
      const progress = ctx.io.stderrIsTTY && !g.quiet ? progressBar(ctx) : undefined;
      const result = await analyzePaths(bills, {
        cwd: ctx.io.cwd,
        engine,
        formatHint: o.formatHint,
        mapFile: o.map,
        basis,
        strict: o.strict,
        budget: budget ?? null,
        topN: top === undefined ? undefined : Math.floor(top),
        detector: { minImpact, minPercent, includeDrops: o.includeDrops ? true : undefined },
        catalog: ctx.catalogChoice(g),
        onProgress: progress?.update,
        nowMs: Date.now(),
        costSource,
      }).finally(() => progress?.done());
      for (const w of result.warnings) ctx.warn(g, w);
      for (const p of result.problems) ctx.warn(g, `${p.file}:${p.line}:1 ${p.column ? `${p.column}: ` : ''}${p.message}`);
      await ctx.emit(g, { command: 'analyze', result, doc: () => analyzeDoc(result) });
      const met: string[] = [];
      if (failOn.has('anomaly') && result.anomalies.length) met.push(`${result.anomalies.length} anomal${result.anomalies.length === 1 ? 'y' : 'ies'}`);
      if (failOn.has('forecast') && result.currencies.some((c) => c.forecast?.status === 'over')) met.push('month-end forecast over budget');
      if (failOn.has('unpriced') && result.currencies.some((c) => c.unpriced.rows > 0)) met.push('unpriced rows');
      if (met.length) {
        ctx.io.stderr(`costopt analyze: --fail-on met: ${met.join(', ')}\n`);
        ctx.fail(ExitCode.checkFailed);
      }
    });
}

/** A progress bar on stderr (TTY only) for inputs large enough to wait for. */
function progressBar(ctx: CliContext): { update: (read: number, total: number) => void; done: () => void } {
  let last = 0;
  let shown = false;
  const MIN_BYTES = 16 * 1024 * 1024;
  return {
    update(read, total) {
      if (total < MIN_BYTES) return;
      const now = Date.now();
      if (now - last < 100 && read < total) return;
      last = now;
      const width = 30;
      const frac = Math.min(1, read / total);
      const filled = Math.round(frac * width);
      ctx.rawStderr(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(frac * 100)}% ${(read / 1048576).toFixed(0)}/${(total / 1048576).toFixed(0)} MB`);
      shown = true;
    },
    done() {
      if (shown) ctx.rawStderr('\r\u001b[2K');
    },
  };
}
