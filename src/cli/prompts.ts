/**
 * Every interactive prompt of the CLI lives here (inquirer, loaded lazily: nothing imports
 * @inquirer/prompts until a prompt is shown). Prompts run only when stdin and stdout are TTYs;
 * every question has a flag, and the commands print the equivalent command line afterwards.
 */
import { parseQuantity, parseShare } from '../core/units.js';

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
  const filter = (list: BreakevenChoice[], term: string | undefined) => {
    const t = (term ?? '').toLowerCase();
    return list.filter((c) => !t || c.value.toLowerCase().includes(t) || c.name.toLowerCase().includes(t));
  };

  if (missing.includes('api')) {
    const manual: BreakevenChoice = { value: ENTER_NUMBER, name: 'Enter an API price per 1M tokens' };
    const picked = await search<string>({
      message: 'API to compare against (type to filter):',
      source: (term) => filter([manual, ...choices.apiModels], term),
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
      source: (term) => filter([manual, ...choices.gpuInstances], term),
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
