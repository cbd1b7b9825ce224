/**
 * Every interactive prompt of the CLI lives here (inquirer, loaded lazily: nothing imports
 * @inquirer/prompts until a prompt is shown). Prompts run only when stdin and stdout are TTYs;
 * every question has a flag, and the commands print the equivalent command line afterwards.
 */
import { parseQuantity, parseShare } from '../core/units.js';
import type { InitAnswers, InitStrategy } from '../core/scenario/template.js';

// ---------------------------------------------------------------------------------------------
// costopt breakeven
// ---------------------------------------------------------------------------------------------

export interface BreakevenChoice {
  value: string;
  name: string;
}

/** What the breakeven prompts offer, from the catalog (the command builds these). */
export interface BreakevenPromptChoices {
  apiModels: BreakevenChoice[];
  gpuInstances: (BreakevenChoice & { gpuModel: string | null })[];
  /** open models with a throughput row on that GPU model (all rows when null) */
  openModelsFor: (gpuModel: string | null) => BreakevenChoice[];
}

/** The answers, as the flag values they stand for (strings, parsed by the command like any flag). */
export interface BreakevenAnswers {
  apiModel?: string;
  apiPrice?: string;
  inputTokens?: string;
  outputTokens?: string;
  gpu?: string;
  gpuHourly?: string;
  throughput?: string;
  model?: string;
  utilization?: string;
  opsMonthly?: string;
}

export type BreakevenMissing = 'api' | 'api-mix' | 'gpu' | 'throughput';

const ENTER_NUMBER = '\u0000number';

const positiveNumber = (v: string): true | string => {
  const n = parseQuantity(v);
  return n !== undefined && n > 0 ? true : 'enter a number > 0 (e.g. 1.50, 3000, 2.5k)';
};
const nonNegativeNumber = (v: string): true | string => {
  const n = parseQuantity(v);
  return n !== undefined && n >= 0 ? true : 'enter a number >= 0';
};
const wholeNonNegative = (v: string): true | string => {
  const n = parseQuantity(v);
  return n !== undefined && n >= 0 && Number.isInteger(n) ? true : 'enter a whole number >= 0';
};
const utilizationShare = (v: string): true | string => {
  const n = parseShare(v);
  return n !== undefined && n > 0 && n <= 1 ? true : 'enter a share above 0% and at most 100% (e.g. 80% or 0.8)';
};

/** Whether every word of a search term appears in one of `texts` (nothing typed matches all). */
function hasEveryWord(term: string | undefined, ...texts: string[]): boolean {
  const lower = texts.map((t) => t.toLowerCase());
  return (term ?? '').toLowerCase().split(/\s+/).filter(Boolean).every((w) => lower.some((t) => t.includes(w)));
}

/**
 * The choices a search term finds: every typed word appears in the id or the label ("4o mini"
 * finds openai/gpt-4o-mini; the whole phrase had to appear in one of them).
 */
export function matchChoices<T extends BreakevenChoice>(list: readonly T[], term: string | undefined): T[] {
  return list.filter((c) => hasEveryWord(term, c.value, c.name));
}

/**
 * Ask for the breakeven inputs that are missing: the API model (or a price), the GPU instance
 * (or an hourly price), the open model served on it (or tokens/s), then utilization and ops.
 */
export async function promptBreakevenInputs(
  missing: readonly BreakevenMissing[],
  choices: BreakevenPromptChoices,
  known: { gpuModel: string | null; utilization?: string; opsMonthly?: string },
): Promise<BreakevenAnswers> {
  const { search, select, input } = await import('@inquirer/prompts');
  const a: BreakevenAnswers = {};

  if (missing.includes('api')) {
    const manual: BreakevenChoice = { value: ENTER_NUMBER, name: 'Enter an API price per 1M tokens' };
    const picked = await search<string>({
      message: 'API to compare against (type to filter):',
      source: (term) => matchChoices([manual, ...choices.apiModels], term),
      pageSize: 12,
    });
    if (picked === ENTER_NUMBER) a.apiPrice = await input({ message: 'API price, USD per 1M tokens (blended input + output):', validate: nonNegativeNumber });
    else a.apiModel = picked;
  }
  if (missing.includes('api') ? a.apiModel !== undefined : missing.includes('api-mix')) {
    a.inputTokens = await input({ message: 'Input tokens per request:', default: '500', validate: wholeNonNegative });
    a.outputTokens = await input({ message: 'Output tokens per request:', default: '200', validate: wholeNonNegative });
  }

  let gpuModel = known.gpuModel;
  if (missing.includes('gpu')) {
    const manual = { value: ENTER_NUMBER, name: 'Enter an hourly price per GPU', gpuModel: null };
    const picked = await search<string>({
      message: 'GPU instance to self-host on (type to filter):',
      source: (term) => matchChoices([manual, ...choices.gpuInstances], term),
      pageSize: 12,
    });
    if (picked === ENTER_NUMBER) {
      a.gpuHourly = await input({ message: 'GPU price, USD per hour:', validate: positiveNumber });
      gpuModel = null;
    } else {
      a.gpu = picked;
      gpuModel = choices.gpuInstances.find((c) => c.value === picked)?.gpuModel ?? null;
    }
  }

  if (missing.includes('throughput')) {
    const models = gpuModel !== null || a.gpu !== undefined ? choices.openModelsFor(gpuModel) : [];
    let picked = ENTER_NUMBER;
    if (models.length) {
      picked = await select<string>({
        message: `Open model served on ${gpuModel ?? 'the GPU'} (benchmark rows in the catalog):`,
        choices: [...models, { value: ENTER_NUMBER, name: 'Enter tokens/s per GPU' }],
        pageSize: 12,
      });
    }
    if (picked === ENTER_NUMBER) a.throughput = await input({ message: 'Throughput, tokens/s per GPU (input + output):', validate: positiveNumber });
    else a.model = picked;
  }

  if (known.utilization === undefined) a.utilization = await input({ message: 'Highest sustained utilization:', default: '100%', validate: utilizationShare });
  if (known.opsMonthly === undefined) a.opsMonthly = await input({ message: 'Monthly ops overhead, USD (people, monitoring):', default: '0', validate: nonNegativeNumber });
  return a;
}

// ---------------------------------------------------------------------------------------------
// costopt init
// ---------------------------------------------------------------------------------------------

/** Values already given as flags: their questions are skipped. */
export type InitPreset = Partial<Omit<InitAnswers, 'prompt' | 'cache' | 'routing' | 'batch' | 'promptCache'>> & {
  strategies?: InitStrategy[] | undefined;
  inputTokenReduction?: number | undefined;
  cacheHitRate?: number | undefined;
  cacheCostPerHit?: number | undefined;
  routeTo?: string | undefined;
  routeShare?: number | undefined;
  batchShare?: number | undefined;
  prefixTokens?: number | undefined;
  prefixHitRate?: number | undefined;
};

export interface ModelChoice {
  id: string;
  /** e.g. "$2.50 in / $10.00 out per 1M" */
  description: string;
}

const quantityCheck = (min: number) => (v: string) => {
  const n = parseQuantity(v);
  if (n === undefined) return 'a number, e.g. 1000000, 1M, 500k';
  return n >= min ? true : `at least ${min}`;
};
/** The shared prefix is part of the prompt: at most the mean input tokens (the command refused it only after every question). */
export const prefixTokensCheck = (inputTokens: number) => (v: string): true | string => {
  const n = parseQuantity(v);
  if (n === undefined) return 'a number, e.g. 400';
  if (n < 1) return 'at least 1';
  return n <= inputTokens ? true : `at most ${inputTokens}: the prefix is part of the ${inputTokens}-token prompt`;
};

/**
 * The models a search term finds: every word of it appears in the id,
 * so "claude son" finds anthropic/claude-sonnet-4-5 (the whole term had to appear in the id).
 * With nothing typed, the preferred model comes first.
 */
export function matchModels(models: readonly ModelChoice[], term: string | undefined, preferred: string): ModelChoice[] {
  const hits = models.filter((m) => hasEveryWord(term, m.id));
  if (!(term ?? '').trim() && preferred) hits.sort((a, b) => (a.id === preferred ? -1 : b.id === preferred ? 1 : 0));
  return hits;
}

const shareCheck = (v: string) => {
  const n = parseShare(v);
  if (n === undefined) return 'a share, e.g. 30% or 0.3';
  return n >= 0 && n <= 1 ? true : 'between 0% and 100%';
};

/**
 * The `costopt init` wizard: workload, a baseline model picked from the catalog, strategies and
 * their main numbers, a budget. Returns the answers; the caller writes the file.
 */
export async function askInitAnswers(preset: InitPreset, models: ModelChoice[], defaultName: string): Promise<InitAnswers> {
  const { input, search, checkbox, confirm } = await import('@inquirer/prompts');
  const q = (message: string, def: string, validate: (v: string) => true | string) => input({ message, default: def, validate });
  const num = async (given: number | undefined, message: string, def: string, min = 0) => given ?? parseQuantity(await q(message, def, quantityCheck(min)))!;
  const share = async (given: number | undefined, message: string, def: string) => given ?? parseShare(await q(message, def, shareCheck))!;
  const pickModel = async (message: string, preferred: string): Promise<string> =>
    (await search<string>({
      message,
      source: (term) => matchModels(models, term, preferred).slice(0, 50).map((m) => ({ name: m.id, value: m.id, description: m.description })),
      pageSize: 8,
    })) ?? preferred;

  const name: string = preset.name ?? (await q('Scenario name', defaultName, (v) => (/^[\w.-]+$/.test(v.trim()) ? true : 'letters, digits, - _ . only')).then((v) => v.trim()));
  const requestsPerDay = await num(preset.requestsPerDay, 'Requests per day', '100k', 1);
  const inputTokens = await num(preset.inputTokens, 'Mean input tokens per request (prompt + context)', '500');
  const outputTokens = await num(preset.outputTokens, 'Mean output tokens per request', '200');
  const model = preset.model ?? (await pickModel('Baseline model (type to filter the catalog)', 'openai/gpt-4o'));
  const strategies =
    preset.strategies ??
    (await checkbox<InitStrategy>({
      message: 'Strategies to estimate (space to toggle, enter to confirm)',
      choices: [
        { name: 'prompt: fewer input tokens', value: 'prompt', short: 'prompt' },
        { name: 'cache: answer repeated questions from a cache', value: 'cache', short: 'cache' },
        { name: 'routing: send part of the traffic to a cheaper model', value: 'routing', short: 'routing' },
        { name: 'batch: batch API for calls that can wait', value: 'batch', short: 'batch' },
        { name: 'prompt_cache: provider caching of a shared prompt prefix', value: 'prompt_cache', short: 'prompt_cache' },
      ],
    }));
  const a: InitAnswers = { name, requestsPerDay, inputTokens, outputTokens, model };
  if (strategies.includes('prompt')) a.prompt = { inputTokenReduction: await share(preset.inputTokenReduction, 'Input tokens removed by prompt work', '20%') };
  if (strategies.includes('cache')) {
    a.cache = {
      hitRate: await share(preset.cacheHitRate, 'Cache hit rate (share of all requests)', '20%'),
      costPerHit: await num(preset.cacheCostPerHit, 'Cost per cache hit (USD)', '0.0001'),
    };
  }
  if (strategies.includes('routing')) {
    const to = preset.routeTo ?? (await pickModel('Cheaper model for routed traffic', 'openai/gpt-4o-mini'));
    a.routing = { model: to, share: await share(preset.routeShare, `Share of requests sent to ${to}`, '60%') };
  }
  if (strategies.includes('batch')) a.batch = { share: await share(preset.batchShare, 'Share of model calls that can use the batch API', '30%') };
  if (strategies.includes('prompt_cache')) {
    a.promptCache = {
      prefixTokens: preset.prefixTokens ?? parseQuantity(await q(`Tokens of a prefix shared by every request (at most ${inputTokens})`, String(Math.round(inputTokens * 0.5)), prefixTokensCheck(inputTokens)))!,
      hitRate: await share(preset.prefixHitRate, 'Prefix cache hit rate', '80%'),
    };
  }
  if (preset.budgetMonthly !== undefined) a.budgetMonthly = preset.budgetMonthly;
  else if (await confirm({ message: 'Set a monthly budget?', default: false })) a.budgetMonthly = await num(undefined, 'Monthly budget (USD)', '10000');
  if (preset.catalog) a.catalog = preset.catalog;
  return a;
}

/** Ctrl+C in a prompt: inquirer throws ExitPromptError. */
export function isPromptCancelled(e: unknown): boolean {
  return e instanceof Error && (e.name === 'ExitPromptError' || e.name === 'AbortPromptError');
}
