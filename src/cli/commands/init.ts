import type { Command } from 'commander';
import { addGlobalOptions } from '../global-options.js';
import type { CliContext } from '../context.js';
import { InputError, type Diagnostic } from '../../core/errors.js';
import { parseQuantity, parseShare } from '../../core/units.js';
import { INIT_STRATEGIES, type InitAnswers, type InitStrategy } from '../../core/scenario/template.js';
import type { InitPreset } from '../prompts.js';

interface InitFlags {
  name?: string;
  requestsPerDay?: string;
  inputTokens?: string;
  outputTokens?: string;
  model?: string;
  strategies?: string;
  inputTokenReduction?: string;
  cacheHitRate?: string;
  cacheCostPerHit?: string;
  routeTo?: string;
  routeShare?: string;
  batchShare?: string;
  prefixTokens?: string;
  prefixHitRate?: string;
  budgetMonthly?: string;
  pin?: boolean;
  force?: boolean;
  yes?: boolean;
}

const REQUIRED: [keyof InitFlags, string][] = [
  ['requestsPerDay', '--requests-per-day <n>'],
  ['inputTokens', '--input-tokens <n>'],
  ['outputTokens', '--output-tokens <n>'],
  ['model', '--model <provider/model>'],
];

/** `costopt init [file]`: a wizard (or flags) that writes a commented scenario file. */
export function registerInit(program: Command, ctx: CliContext): void {
  addGlobalOptions(
    program
      .command('init')
      .description('interactive wizard that writes a commented scenario file (every question has a flag)')
      .argument('[file]', 'scenario file to write', 'scenario.yaml')
      .option('--name <name>', 'scenario name (default: the file name)')
      .option('--requests-per-day <n>', 'requests per day (1M, 500k, 1e6...)')
      .option('--input-tokens <n>', 'mean input tokens per request')
      .option('--output-tokens <n>', 'mean output tokens per request')
      .option('--model <id>', 'baseline model from the catalog (provider/model)')
      .option('--strategies <list>', `comma-separated: ${INIT_STRATEGIES.join(',')} (or none)`)
      .option('--input-token-reduction <share>', 'prompt: share of input tokens removed (default 20%)')
      .option('--cache-hit-rate <share>', 'cache: exact hit rate, share of all requests (default 20%)')
      .option('--cache-cost-per-hit <usd>', 'cache: USD per hit (default 0.0001)')
      .option('--route-to <id>', 'routing: cheaper model for part of the traffic (default openai/gpt-4o-mini)')
      .option('--route-share <share>', 'routing: share of requests sent to it (default 60%)')
      .option('--batch-share <share>', 'batch: share of model calls through the batch API (default 30%)')
      .option('--prefix-tokens <n>', 'prompt_cache: tokens of the shared prefix (default half the input)')
      .option('--prefix-hit-rate <share>', 'prompt_cache: hit rate (default 80%)')
      .option('--budget-monthly <usd>', 'monthly budget')
      .option('--pin', 'pin the catalog version used now in the file (catalog: YYYY-MM-DD)')
      .option('--yes', 'no questions: flags and defaults only (what happens without a terminal)')
      .option('--force', 'overwrite the file if it exists'),
  ).action(async (file: string, o: InitFlags, cmd: Command) => {
    const g = ctx.globals(cmd);
    const [{ existsSync, mkdirSync, statSync, writeFileSync }, { resolve, dirname, basename, extname, relative, sep, join }] = await Promise.all([import('node:fs'), import('node:path')]);
    const target = resolve(ctx.io.cwd, file);
    if (existsSync(target) && statSync(target).isDirectory()) {
      throw new InputError({ severity: 'error', file, message: `is a directory; name the scenario file to write (e.g. costopt init ${file.replace(/[\\/]+$/, '')}/scenario.yaml)` });
    }
    if (existsSync(target) && !o.force) {
      throw new InputError({ severity: 'error', file, message: 'file exists; not overwritten (pass --force to replace it, or name another file: costopt init other.yaml)' });
    }
    const preset = presetFromFlags(o);
    const interactive = ctx.io.stdinIsTTY && ctx.io.stdoutIsTTY && !o.yes;
    const missing = REQUIRED.filter(([k]) => o[k] === undefined);
    if (!interactive && missing.length) {
      const why = o.yes ? '--yes asks no questions' : 'no terminal to ask questions on (stdin and stdout must be a TTY)';
      throw new InputError({
        severity: 'error',
        path: 'init',
        message: `${why}; pass ${missing.map(([, f]) => f).join(', ')}`,
        hint: `e.g. costopt init ${file} --requests-per-day 1M --input-tokens 500 --output-tokens 200 --model openai/gpt-4o --strategies prompt,cache,routing\n  or copy a bundled example: scenarios/support-bot.yaml`,
      });
    }
    const { resolveCatalog } = await import('../../io/catalog.js');
    const catalog = await resolveCatalog(ctx.catalogChoice(g));
    const chat = catalog.models.filter((m) => m.kind === 'chat' && typeof m.input === 'number');
    const { lookupModel } = await import('../../core/catalog/catalog.js');
    const defaultName = basename(file, extname(file)).replace(/[^\w.-]/g, '-') || 'scenario';
    // a catalog file is pinned by its path (relative to the scenario, as `catalog:` reads it); its version is not a shipped one
    if (o.pin) preset.catalog = catalog.meta.origin === 'file' && catalog.meta.path ? relative(dirname(target), resolve(ctx.io.cwd, catalog.meta.path)).split(sep).join('/') : catalog.meta.version;

    let answers: InitAnswers;
    if (interactive) {
      const { askInitAnswers, isPromptCancelled } = await import('../prompts.js');
      const { rate } = await import('../../render/format.js');
      const models = chat.map((m) => ({ id: m.id, description: `${rate(m.input)} in / ${rate(m.output ?? null)} out per 1M tokens${m.batch ? ', batch' : ''}${m.cache_read != null ? ', prompt caching' : ''}` }));
      try {
        answers = await askInitAnswers(preset, models, defaultName);
      } catch (e) {
        if (isPromptCancelled(e)) throw new InputError({ severity: 'error', path: 'init', message: 'cancelled; nothing written' });
        throw e;
      }
    } else {
      answers = answersFromPreset(preset, defaultName, chat.map((m) => ({ id: m.id, cost: (m.input ?? 0) + (m.output ?? 0) })));
    }
    const problems: Diagnostic[] = [];
    for (const [id, flag] of [[answers.model, '--model'], [answers.routing?.model, '--route-to']] as const) {
      if (id === undefined) continue;
      const hit = lookupModel(catalog, id);
      if (!hit.ok) problems.push({ severity: 'error', path: flag, message: `${hit.message} (catalog ${catalog.meta.version})` });
    }
    if (answers.promptCache && answers.promptCache.prefixTokens > answers.inputTokens) {
      problems.push({ severity: 'error', path: '--prefix-tokens', message: `the shared prefix (${answers.promptCache.prefixTokens} tokens) cannot be longer than the input (${answers.inputTokens} tokens)` });
    }
    if (problems.length) throw new InputError(problems);
    // batch only what a batch API prices: a model without batch rates would make the file fail to load
    // (after every wizard question, nothing written); with none to batch, batch is left as an example
    if (answers.batch) {
      const ids = [...new Set([answers.model, ...(answers.routing ? [answers.routing.model] : [])])];
      const hasBatch = (id: string) => { const hit = lookupModel(catalog, id); return hit.ok && hit.entry.batch != null; };
      const priced = ids.filter(hasBatch);
      const unpriced = ids.filter((id) => !hasBatch(id));
      if (!priced.length) {
        ctx.warn(g, `batch left out: ${unpriced.join(', ')} ${unpriced.length > 1 ? 'have' : 'has'} no batch price in catalog ${catalog.meta.version}`);
        answers.batch = undefined;
      } else if (unpriced.length) {
        ctx.warn(g, `batch limited to ${priced.join(', ')}: ${unpriced.join(', ')} ${unpriced.length > 1 ? 'have' : 'has'} no batch price in catalog ${catalog.meta.version}`);
        answers.batch = { ...answers.batch, models: priced };
      }
    }

    const [{ scenarioTemplate }, { loadScenarioText, estimateLoaded }] = await Promise.all([import('../../core/scenario/template.js'), import('../../io/scenario.js')]);
    // editors that read yaml-language-server lines complete and check the file against the schema shipped with this costopt
    const { packageRoot } = await import('../../io/catalog.js');
    const schema = relative(dirname(target), join(packageRoot(), 'schemas', 'scenario.json')).split(sep).join('/');
    const text = scenarioTemplate({ ...answers, file, schema });
    // what we write must load and price: check before touching the disk
    const loaded = await loadScenarioText(text, file);
    let est;
    try {
      est = await estimateLoaded(loaded, { catalog: g.catalog, asOf: g.asOf, overridesFile: g.pricingOverrides });
    } catch (e) {
      // positions would point into a file that was never written: name the field instead
      if (e instanceof InputError) throw new InputError(e.diagnostics.map((d) => ({ severity: d.severity, path: d.path, message: `${d.message} (nothing written)`, hint: d.hint })));
      throw e;
    }
    try {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR' || code === 'EEXIST' || code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'EISDIR') {
        const why = code === 'ENOTDIR' || code === 'EEXIST' ? 'a folder on its path is a file' : (e as Error).message;
        throw new InputError({ severity: 'error', file, message: `cannot write the scenario file: ${why}` });
      }
      throw e;
    }
    const result = { file, name: answers.name, catalog: est.catalog, baseline: est.baseline, plan: est.plan, savings: est.savings };
    const { initDoc } = await import('../../render/present/estimate.js');
    await ctx.emit(g, { command: 'init', result, doc: () => initDoc(result) });
  });
}

function presetFromFlags(o: InitFlags): InitPreset {
  const bad: Diagnostic[] = [];
  const qty = (v: string | undefined, flag: string, min: number): number | undefined => {
    if (v === undefined) return undefined;
    const n = parseQuantity(v);
    if (n === undefined || n < min) bad.push({ severity: 'error', path: flag, message: `expected a number${min > 0 ? ` >= ${min}` : ' >= 0'} (1000000, 1M, 500k...), got "${v}"` });
    return n;
  };
  const shr = (v: string | undefined, flag: string): number | undefined => {
    if (v === undefined) return undefined;
    const n = parseShare(v);
    if (n === undefined || n < 0 || n > 1) bad.push({ severity: 'error', path: flag, message: `expected a share between 0% and 100% (30% or 0.3), got "${v}"` });
    return n;
  };
  let strategies: InitStrategy[] | undefined;
  if (o.strategies !== undefined) {
    const parts = o.strategies.split(',').map((s) => s.trim()).filter((s) => s && s !== 'none');
    const unknown = parts.filter((s) => !(INIT_STRATEGIES as readonly string[]).includes(s));
    if (unknown.length) bad.push({ severity: 'error', path: '--strategies', message: `unknown strateg${unknown.length > 1 ? 'ies' : 'y'} ${unknown.map((u) => `"${u}"`).join(', ')}; expected ${INIT_STRATEGIES.join(', ')} or none` });
    strategies = INIT_STRATEGIES.filter((s) => parts.includes(s));
  }
  if (o.name !== undefined && !/^[\w.-]+$/.test(o.name)) bad.push({ severity: 'error', path: '--name', message: `expected letters, digits, - _ . only, got "${o.name}"` });
  const preset: InitPreset = {
    name: o.name,
    requestsPerDay: qty(o.requestsPerDay, '--requests-per-day', 1),
    inputTokens: qty(o.inputTokens, '--input-tokens', 0),
    outputTokens: qty(o.outputTokens, '--output-tokens', 0),
    model: o.model,
    strategies,
    inputTokenReduction: shr(o.inputTokenReduction, '--input-token-reduction'),
    cacheHitRate: shr(o.cacheHitRate, '--cache-hit-rate'),
    cacheCostPerHit: qty(o.cacheCostPerHit, '--cache-cost-per-hit', 0),
    routeTo: o.routeTo,
    routeShare: shr(o.routeShare, '--route-share'),
    batchShare: shr(o.batchShare, '--batch-share'),
    prefixTokens: qty(o.prefixTokens, '--prefix-tokens', 1),
    prefixHitRate: shr(o.prefixHitRate, '--prefix-hit-rate'),
    budgetMonthly: qty(o.budgetMonthly, '--budget-monthly', 0),
  };
  if (bad.length) throw new InputError(bad);
  return preset;
}

/** Without questions: flags, then the same defaults the wizard proposes. */
function answersFromPreset(p: InitPreset, defaultName: string, models: { id: string; cost: number }[]): InitAnswers {
  const a: InitAnswers = {
    name: p.name ?? defaultName,
    requestsPerDay: p.requestsPerDay!,
    inputTokens: p.inputTokens!,
    outputTokens: p.outputTokens!,
    model: p.model!,
    catalog: p.catalog,
    budgetMonthly: p.budgetMonthly,
  };
  const s = new Set(p.strategies ?? []);
  if (s.has('prompt')) a.prompt = { inputTokenReduction: p.inputTokenReduction ?? 0.2 };
  if (s.has('cache')) a.cache = { hitRate: p.cacheHitRate ?? 0.2, costPerHit: p.cacheCostPerHit ?? 0.0001 };
  if (s.has('routing')) {
    const fallback = models.find((m) => m.id === 'openai/gpt-4o-mini')?.id ?? [...models].filter((m) => m.cost > 0).sort((x, y) => x.cost - y.cost)[0]?.id ?? a.model;
    a.routing = { model: p.routeTo ?? fallback, share: p.routeShare ?? 0.6 };
  }
  if (s.has('batch')) a.batch = { share: p.batchShare ?? 0.3 };
  if (s.has('prompt_cache')) a.promptCache = { prefixTokens: p.prefixTokens ?? Math.round(a.inputTokens * 0.5), hitRate: p.prefixHitRate ?? 0.8 };
  return a;
}
