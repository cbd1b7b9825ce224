import type { Command } from 'commander';
import { addGlobalOptions } from '../global-options.js';
import type { CliContext, GlobalOptions } from '../context.js';
import { InputError } from '../../core/errors.js';
import type { BreakevenFlags, MissingGroup } from '../../core/breakeven/resolve.js';
import type { CatalogFile } from '../../core/catalog/schema.js';
import type { SizingResult } from '../../core/sizing/fit.js';
import type { BreakevenOutput } from '../../render/present/breakeven.js';

/** Flag name (as typed) for each input, in the order the equivalent command line prints them. */
const FLAG_NAMES: [keyof BreakevenFlags, string][] = [
  ['apiModel', '--api-model'], ['apiPrice', '--api-price'], ['inputTokens', '--input-tokens'], ['outputTokens', '--output-tokens'], ['inputShare', '--input-share'],
  ['gpu', '--gpu'], ['gpuHourly', '--gpu-hourly'], ['gpuModel', '--gpu-model'], ['gpus', '--gpus'],
  ['model', '--model'], ['throughputRow', '--throughput-row'], ['throughput', '--throughput'],
  ['utilization', '--utilization'], ['opsMonthly', '--ops-monthly'], ['daysPerMonth', '--days-per-month'],
  ['params', '--params'], ['precision', '--precision'], ['memoryOverhead', '--memory-overhead'],
];

/** Flags that ask for the API-vs-GPU comparison (the rest are options of it, or right-sizing). */
const COMPARISON_FLAGS: (keyof BreakevenFlags)[] = ['apiModel', 'apiPrice', 'inputTokens', 'outputTokens', 'inputShare', 'gpu', 'gpuHourly', 'gpuModel', 'gpus', 'model', 'throughputRow', 'throughput'];

/** `costopt breakeven`: self-hosted GPUs vs an API, and right-sizing a model onto catalog GPUs. */
export function registerBreakeven(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('breakeven')
    .description('self-hosted GPU vs API: cost per 1M tokens, break-even volume, capacity steps; right-sizing by model size')
    .option('--api-model <id>', 'API model from the catalog (needs --input-tokens/--output-tokens or --input-share)')
    .option('--api-price <usd>', 'API price, USD per 1M tokens (blended input + output)')
    .option('--input-tokens <n>', 'input tokens per request (with --api-model; also gives requests/day)')
    .option('--output-tokens <n>', 'output tokens per request')
    .option('--input-share <share>', 'share of the tokens that are input, e.g. 70% (instead of tokens per request)')
    .option('--gpu <instance>', 'GPU instance from the catalog (on-demand price; all its GPUs)')
    .option('--gpu-hourly <usd>', 'price of one GPU per hour')
    .option('--gpu-model <name>', 'GPU model for the --model lookup when --gpu-hourly is used (e.g. A10G)')
    .option('--gpus <n>', 'GPUs in the starting fleet (default 1); more are added as volume grows')
    .option('--throughput <tokens/s>', 'tokens per second one GPU serves (input + output)')
    .option('--model <open model>', 'open model whose throughput on the GPU comes from the catalog benchmarks')
    .option('--throughput-row <id>', 'which benchmark row to use when several match (default: the most conservative)')
    .option('--utilization <share>', 'highest sustained load, (0, 100%] (default 100%)')
    .option('--ops-monthly <usd>', 'monthly ops overhead of self-hosting (default 0)')
    .option('--days-per-month <n>', 'days in a month (default 30)')
    .option('--params <billions>', 'right-sizing: model size in billions of parameters')
    .option('--precision <p>', 'right-sizing: fp16|int8|int4 (also fp32, bf16, fp8; default fp16)')
    .option('--memory-overhead <share>', 'right-sizing: memory over the weights for KV cache and activations (default 20%)')
    .addHelpText('after', `
Examples:
  costopt breakeven --gpu-hourly 1.50 --throughput 3000 --api-price 0.60
  costopt breakeven --gpu aws/g5.xlarge --model llama-3-8b --api-model openai/gpt-4o-mini --input-tokens 500 --output-tokens 200
  costopt breakeven --params 8 --precision int4
On a terminal, missing inputs are asked for; without one they are an error (exit 2) listing the flags.`);
  addGlobalOptions(cmd).action(async (o: BreakevenFlags, c: Command) => {
    const g = ctx.globals(c);
    const [{ parseFlags, missingInputs, missingMessage, resolveBreakeven }, { computeBreakeven }, { breakevenDoc }] = await Promise.all([
      import('../../core/breakeven/resolve.js'), import('../../core/breakeven/calc.js'), import('../../render/present/breakeven.js'),
    ]);
    let flags: BreakevenFlags = pickFlags(o);
    const first = parseFlags(flags);
    if (first.diagnostics.length) throw new InputError(first.diagnostics);

    const comparisonGiven = COMPARISON_FLAGS.some((k) => flags[k] !== undefined);
    const sizingOnly = first.parsed.params !== undefined && !comparisonGiven;
    let missing = sizingOnly ? [] : missingInputs(flags);
    const interactive = missing.length > 0 && ctx.io.stdinIsTTY && ctx.io.stdoutIsTTY;
    if (missing.length && !interactive) throw new InputError(missingMessage(missing));

    // always resolved (a compiled JSON read), so the output echoes the catalog in force even when
    // every number came from flags
    const catalog = await (await import('../../io/catalog.js')).resolveCatalog(ctx.catalogChoice(g));

    let commandLine: string | undefined;
    if (interactive) {
      const answers = await askMissing(missing, catalog, flags);
      flags = { ...flags, ...answers };
      commandLine = equivalentCommand(flags, g);
      missing = missingInputs(flags);
    }
    const { parsed, diagnostics } = parseFlags(flags);
    if (diagnostics.length) throw new InputError(diagnostics);

    const notes: string[] = [];
    let comparison: ReturnType<typeof computeBreakeven> | undefined;
    let inputs: BreakevenOutput['inputs'];
    if (!sizingOnly) {
      const resolved = resolveBreakeven(flags, parsed, catalog);
      comparison = computeBreakeven(resolved.input);
      notes.push(...resolved.notes, ...comparison.notes);
      if (resolved.provenance.throughput.source === 'catalog') {
        const t = resolved.provenance.throughput;
        notes.unshift(`throughput from benchmark row ${t.row.id}: ${t.row.model} on ${t.row.gpus > 1 ? `${t.row.gpus} x ` : ''}${t.row.gpu}, ${t.row.engine} ${t.row.precision}, ${t.row.mode === 'max_throughput' ? 'max throughput (offline)' : `concurrency ${t.row.concurrency ?? '?'}`}${t.row.inputTokens ? `, ${t.row.inputTokens} in / ${t.row.outputTokens ?? '?'} out` : ''}, ${t.row.tokensPerSecond} tokens/s${t.scaledFrom ? ` (${t.scaledFrom})` : ''}`);
        if (t.alternatives.length) notes.push(`other rows (choose with --throughput-row): ${t.alternatives.join('; ')}`);
      }
      inputs = { ...resolved.provenance, utilizationPercent: parsed.utilization * 100, daysPerMonth: parsed.daysPerMonth, opsMonthly: parsed.opsMonthly, tokensPerRequest: resolved.input.tokensPerRequest ?? null };
    }
    let sizing: SizingResult | undefined;
    if (parsed.params !== undefined) {
      const { memoryNeed, fitGpus } = await import('../../core/sizing/fit.js');
      sizing = fitGpus(catalog, memoryNeed(parsed.params, parsed.precision, parsed.memoryOverhead));
    }
    const { catalogRef } = await import('../../core/catalog/catalog.js');
    const result = {
      catalog: catalogRef(catalog),
      ...(inputs ? { inputs } : {}),
      selfHosted: comparison?.selfHosted ?? null,
      api: comparison?.api ?? null,
      breakEven: comparison?.breakEven ?? null,
      ...(comparison ? { hoursPerMonth: comparison.hoursPerMonth, table: comparison.table, curve: comparison.curve, perMillionCurve: comparison.perMillionCurve } : {}),
      ...(sizing ? { sizing } : {}),
      notes,
      ...(commandLine ? { commandLine } : {}),
    };
    await ctx.emit(g, { command: 'breakeven', result, doc: () => breakevenDoc(result, { width: ctx.width }) });
    if (commandLine && g.format !== 'table') ctx.io.stderr(`equivalent command: ${commandLine}\n`);
  });
}

function pickFlags(o: BreakevenFlags): BreakevenFlags {
  const out: BreakevenFlags = {};
  for (const [k] of FLAG_NAMES) {
    const v = o[k];
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

async function askMissing(missing: MissingGroup[], catalog: CatalogFile, flags: BreakevenFlags): Promise<BreakevenFlags> {
  const [{ promptBreakevenInputs }, { normaliseModel }, { lookupInstance }, { rate }] = await Promise.all([import('../prompts.js'), import('../../core/breakeven/resolve.js'), import('../../core/catalog/catalog.js'), import('../../render/format.js')]);
  // prices as the catalog has them, with cents: "$2.50 in / $10.00 out", "$1.006/h"
  const usd = (n: number | null | undefined) => rate(n ?? null);
  const apiModels = catalog.models
    .filter((m) => m.kind === 'chat' && m.input !== null && m.output !== null && m.output !== undefined)
    .map((m) => ({ value: m.id, name: `${m.id}  (${usd(m.input)} in / ${usd(m.output)} out per 1M)` }));
  const gpuInstances = catalog.instances
    .filter((i) => (i.gpu || i.accelerator) && i.on_demand_hourly !== null && i.on_demand_hourly !== undefined)
    .sort((a, b) => (a.on_demand_hourly ?? 0) - (b.on_demand_hourly ?? 0))
    .map((i) => {
      const dev = i.gpu ?? i.accelerator!;
      return { value: i.id, gpuModel: dev.model, name: `${i.id}  (${(dev.count ?? 1) > 1 ? `${dev.count} x ` : ''}${dev.model} ${dev.memory_gb} GB, ${usd(i.on_demand_hourly)}/h)` };
    });
  const openModelsFor = (gpuModel: string | null) => {
    const rows = catalog.throughput.filter((r) => gpuModel === null || r.gpu.toLowerCase() === gpuModel.toLowerCase());
    const seen = new Map<string, { value: string; name: string }>();
    for (const r of rows) {
      const key = normaliseModel(r.model);
      if (!seen.has(key)) seen.set(key, { value: r.model, name: `${r.model}  (${rows.filter((x) => normaliseModel(x.model) === key).map((x) => `${x.tokens_per_second} tok/s ${x.engine}`).join(', ')})` });
    }
    return [...seen.values()];
  };
  let gpuModel: string | null = null;
  if (flags.gpu) {
    const r = lookupInstance(catalog, flags.gpu);
    if (r.ok) gpuModel = (r.entry.gpu ?? r.entry.accelerator)?.model ?? null;
  } else if (flags.gpuModel) gpuModel = flags.gpuModel;
  try {
    const answers = await promptBreakevenInputs(missing, { apiModels, gpuInstances, openModelsFor }, { gpuModel, utilization: flags.utilization, opsMonthly: flags.opsMonthly });
    return Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== undefined));
  } catch (e) {
    if (e instanceof Error && e.name === 'ExitPromptError') throw new InputError('cancelled: no inputs given (pass them as flags: costopt breakeven --help)');
    throw e;
  }
}

/** The command line that reproduces the answers, so the next run needs no prompts. */
export function equivalentCommand(flags: BreakevenFlags, g: Pick<GlobalOptions, 'catalog' | 'asOf' | 'pricingOverrides' | 'format'>): string {
  const parts = ['costopt', 'breakeven'];
  for (const [k, name] of FLAG_NAMES) {
    const v = flags[k];
    if (v === undefined) continue;
    if (k === 'utilization' && (v === '100%' || v === '1')) continue;
    if (k === 'opsMonthly' && Number(v) === 0) continue;
    parts.push(name, shellQuote(v));
  }
  if (g.catalog) parts.push('--catalog', shellQuote(g.catalog));
  if (g.asOf) parts.push('--as-of', shellQuote(g.asOf));
  if (g.pricingOverrides) parts.push('--pricing-overrides', shellQuote(g.pricingOverrides));
  if (g.format !== 'table') parts.push('--format', g.format);
  return parts.join(' ');
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
