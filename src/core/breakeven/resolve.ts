import type { CatalogFile, InstanceEntry, ModelEntry, ThroughputEntry } from '../catalog/schema.js';
import { lookupInstance, lookupModel } from '../catalog/catalog.js';
import { InputError, type Diagnostic } from '../errors.js';
import { parseQuantity, parseShare } from '../units.js';
import { didYouMean } from '../suggest.js';
import { PRECISIONS, type Precision, DEFAULT_MEMORY_OVERHEAD } from '../sizing/fit.js';
import type { BreakevenInput } from './calc.js';

/**
 * `costopt breakeven` flags -> a calculator input, with every value traced to where it came from.
 * Pure: the CLI passes the flags as strings and the catalog (when one is needed).
 */
export interface BreakevenFlags {
  apiModel?: string;
  apiPrice?: string;
  inputTokens?: string;
  outputTokens?: string;
  inputShare?: string;
  gpu?: string;
  gpuHourly?: string;
  gpuModel?: string;
  gpus?: string;
  throughput?: string;
  model?: string;
  throughputRow?: string;
  utilization?: string;
  opsMonthly?: string;
  daysPerMonth?: string;
  params?: string;
  precision?: string;
  memoryOverhead?: string;
}

/** Flags of the three inputs the comparison needs, for "missing input" messages and prompts. */
export const REQUIRED_GROUPS = {
  api: { flag: '--api-price', what: 'the API side', give: '--api-price <USD per 1M tokens>, or --api-model <id> with --input-tokens N --output-tokens N (or --input-share <share>)' },
  gpu: { flag: '--gpu-hourly', what: 'the GPU', give: '--gpu-hourly <USD per GPU-hour>, or --gpu <instance id>' },
  throughput: { flag: '--throughput', what: 'the throughput', give: '--throughput <tokens/s per GPU>, or --model <open model> (its benchmark row for the GPU, from the catalog)' },
} as const;
export type MissingGroup = keyof typeof REQUIRED_GROUPS | 'api-mix';

export interface Provenance {
  api: { source: 'price' } | { source: 'model'; model: string; input: number; output: number; inputShare: number; inputTokens?: number; outputTokens?: number };
  gpu: { source: 'hourly'; gpuModel?: string } | { source: 'instance'; instance: string; gpuModel: string | null; gpusPerInstance: number; hourly: number };
  throughput:
    | { source: 'flag' }
    | { source: 'catalog'; row: { id: string; model: string; gpu: string; gpus: number; engine: string; precision: string; mode: string; inputTokens: number | null; outputTokens: number | null; concurrency: number | null; tokensPerSecond: number }; alternatives: string[]; scaledFrom?: string };
}

export interface ParsedFlags {
  apiPrice?: number;
  inputTokens?: number;
  outputTokens?: number;
  inputShare?: number;
  gpuHourly?: number;
  gpus?: number;
  throughput?: number;
  utilization: number;
  opsMonthly: number;
  daysPerMonth: number;
  params?: number;
  precision: Precision;
  memoryOverhead: number;
}

const err = (flag: string, message: string, hint?: string): Diagnostic => ({ severity: 'error', path: flag, message, hint });

/** Parse the numeric flags; every bad value is reported, each naming its flag. */
export function parseFlags(f: BreakevenFlags): { parsed: ParsedFlags; diagnostics: Diagnostic[] } {
  const d: Diagnostic[] = [];
  const num = (flag: string, v: string | undefined, check: (n: number) => string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const n = parseQuantity(v);
    if (n === undefined) {
      d.push(err(flag, `expected a number, got "${v}"`));
      return undefined;
    }
    const why = check(n);
    if (why) {
      d.push(err(flag, `${why}, got ${v}`));
      return undefined;
    }
    return n;
  };
  const shareOf = (flag: string, v: string | undefined, allowZero: boolean): number | undefined => {
    if (v === undefined) return undefined;
    const n = parseShare(v);
    const range = allowZero ? 'between 0% and 100%' : 'above 0% and at most 100%';
    if (n === undefined) {
      d.push(err(flag, `expected a share ${range} (0.8 or "80%"), got "${v}"`));
      return undefined;
    }
    if (n > 1 || n < 0 || (!allowZero && n === 0)) {
      d.push(err(flag, `expected a share ${range} (0.8 or "80%"), got ${v}`));
      return undefined;
    }
    return n;
  };
  const positive = (n: number) => (n > 0 ? undefined : 'expected a number > 0');
  const nonNeg = (n: number) => (n >= 0 ? undefined : 'expected a number >= 0');
  const wholePositive = (n: number) => (Number.isInteger(n) && n > 0 ? undefined : 'expected a whole number > 0');
  const wholeNonNeg = (n: number) => (Number.isInteger(n) && n >= 0 ? undefined : 'expected a whole number >= 0');

  let precision: Precision = 'fp16';
  if (f.precision !== undefined) {
    const p = f.precision.toLowerCase();
    const hit = PRECISIONS.find((x) => x === p);
    if (hit) precision = hit;
    else {
      const hint = didYouMean(p, PRECISIONS);
      d.push(err('--precision', `expected one of ${PRECISIONS.join(', ')}, got "${f.precision}"${hint ? `; ${hint}` : ''}`));
    }
  }
  const parsed: ParsedFlags = {
    apiPrice: num('--api-price', f.apiPrice, nonNeg),
    inputTokens: num('--input-tokens', f.inputTokens, wholeNonNeg),
    outputTokens: num('--output-tokens', f.outputTokens, wholeNonNeg),
    inputShare: shareOf('--input-share', f.inputShare, true),
    gpuHourly: num('--gpu-hourly', f.gpuHourly, positive),
    gpus: num('--gpus', f.gpus, wholePositive),
    throughput: num('--throughput', f.throughput, (n) => (n > 0 ? undefined : 'expected tokens per second > 0 (a GPU that serves nothing never breaks even)')),
    utilization: shareOf('--utilization', f.utilization, false) ?? 1,
    opsMonthly: num('--ops-monthly', f.opsMonthly, nonNeg) ?? 0,
    daysPerMonth: num('--days-per-month', f.daysPerMonth, (n) => (n > 0 && n <= 31 ? undefined : 'expected days in a month, > 0 and <= 31')) ?? 30,
    params: num('--params', f.params, positive),
    precision,
    memoryOverhead: shareOf('--memory-overhead', f.memoryOverhead, true) ?? DEFAULT_MEMORY_OVERHEAD,
  };
  if (parsed.inputTokens !== undefined && parsed.outputTokens !== undefined && parsed.inputTokens + parsed.outputTokens === 0) {
    d.push(err('--input-tokens', 'a request with 0 input and 0 output tokens has no cost to compare'));
  }
  // conflicting choices
  const both = (a: string, av: unknown, b: string, bv: unknown) => {
    if (av !== undefined && bv !== undefined) d.push(err(a, `give ${a} or ${b}, not both`));
  };
  both('--api-price', f.apiPrice, '--api-model', f.apiModel);
  both('--gpu-hourly', f.gpuHourly, '--gpu', f.gpu);
  both('--throughput', f.throughput, '--model', f.model);
  if (f.inputShare !== undefined && (f.inputTokens !== undefined || f.outputTokens !== undefined)) d.push(err('--input-share', 'give --input-share or --input-tokens/--output-tokens, not both'));
  if (f.throughputRow !== undefined && f.model === undefined) d.push(err('--throughput-row', 'needs --model'));
  if (f.gpuModel !== undefined && f.gpu !== undefined) d.push(err('--gpu-model', 'the GPU model comes from --gpu; drop --gpu-model'));
  return { parsed, diagnostics: d };
}

/** Which of the comparison's inputs are missing (for prompts, or the exit-2 message). */
export function missingInputs(f: BreakevenFlags): MissingGroup[] {
  const m: MissingGroup[] = [];
  if (f.apiPrice === undefined && f.apiModel === undefined) m.push('api');
  else if (f.apiModel !== undefined && f.inputShare === undefined && (f.inputTokens === undefined || f.outputTokens === undefined)) m.push('api-mix');
  if (f.gpuHourly === undefined && f.gpu === undefined) m.push('gpu');
  if (f.throughput === undefined && f.model === undefined) m.push('throughput');
  return m;
}

export function missingMessage(missing: MissingGroup[]): Diagnostic[] {
  const list = missing.map((g) =>
    g === 'api-mix'
      ? err('--api-model', 'needs the token mix to blend its input and output prices: give --input-tokens N --output-tokens N (per request), or --input-share <share of tokens that are input>')
      : err(REQUIRED_GROUPS[g].flag, `missing ${REQUIRED_GROUPS[g].what}: give ${REQUIRED_GROUPS[g].give}`),
  );
  const last = list[list.length - 1];
  if (last) last.hint = 'not a terminal, so nothing was asked; e.g. costopt breakeven --gpu-hourly 1.50 --throughput 3000 --api-price 0.60';
  return list;
}

export interface Resolved {
  input: BreakevenInput;
  provenance: Provenance;
  notes: string[];
}

/** Resolve flags (and catalog ids) into a calculator input. Throws InputError (exit 2) naming each bad flag. */
export function resolveBreakeven(f: BreakevenFlags, parsed: ParsedFlags, catalog: CatalogFile | undefined): Resolved {
  const d: Diagnostic[] = [];
  const notes: string[] = [];
  const needCatalog = (flag: string): CatalogFile | undefined => {
    if (!catalog) d.push(err(flag, 'needs a pricing catalog'));
    return catalog;
  };

  // API side
  let apiPerMillion = parsed.apiPrice;
  let apiProv: Provenance['api'] = { source: 'price' };
  const tokensPerRequest = parsed.inputTokens !== undefined && parsed.outputTokens !== undefined ? parsed.inputTokens + parsed.outputTokens : undefined;
  if (f.apiModel !== undefined) {
    const cat = needCatalog('--api-model');
    if (cat) {
      const r = lookupModel(cat, f.apiModel);
      if (!r.ok) d.push(err('--api-model', r.message));
      else {
        const m: ModelEntry = r.entry;
        const inP = m.input;
        const outP = m.kind === 'embedding' ? m.output ?? 0 : m.output;
        if (inP === null || outP === null || outP === undefined) {
          d.push(err('--api-model', `${m.id} has no ${inP === null ? 'input' : 'output'} price in catalog ${cat.catalog} ${cat.version} (unknown, not $0)`));
        } else {
          let share = parsed.inputShare;
          if (share === undefined && parsed.inputTokens !== undefined && parsed.outputTokens !== undefined) share = parsed.inputTokens / (parsed.inputTokens + parsed.outputTokens);
          if (share !== undefined) {
            apiPerMillion = share * inP + (1 - share) * outP;
            apiProv = { source: 'model', model: m.id, input: inP, output: outP, inputShare: share, inputTokens: parsed.inputTokens, outputTokens: parsed.outputTokens };
          }
        }
      }
    }
  }

  // GPU side
  let unitHourly = parsed.gpuHourly;
  let gpusPerUnit = 1;
  let gpuModel: string | undefined = f.gpuModel;
  let gpuProv: Provenance['gpu'] = { source: 'hourly', ...(f.gpuModel ? { gpuModel: f.gpuModel } : {}) };
  if (f.gpu !== undefined) {
    const cat = needCatalog('--gpu');
    if (cat) {
      const r = lookupInstance(cat, f.gpu);
      if (!r.ok) d.push(err('--gpu', r.message));
      else {
        const inst: InstanceEntry = r.entry;
        const dev = inst.gpu ?? inst.accelerator ?? null;
        if (inst.on_demand_hourly === null || inst.on_demand_hourly === undefined) d.push(err('--gpu', `${inst.id} has no on-demand price in catalog ${cat.catalog} ${cat.version} (unknown, not $0)`));
        else {
          unitHourly = inst.on_demand_hourly;
          gpusPerUnit = dev?.count ?? 1;
          gpuModel = dev?.model;
          gpuProv = { source: 'instance', instance: inst.id, gpuModel: dev?.model ?? null, gpusPerInstance: gpusPerUnit, hourly: inst.on_demand_hourly };
          if (!dev && f.model === undefined) notes.push(`${inst.id} has no GPU: --throughput is taken as what the whole instance serves`);
        }
      }
    }
  }

  // throughput per unit
  let unitTokensPerSecond = parsed.throughput !== undefined ? parsed.throughput * gpusPerUnit : undefined;
  let thrProv: Provenance['throughput'] = { source: 'flag' };
  let minGpus = parsed.gpus ?? 1;
  if (parsed.throughput !== undefined && gpusPerUnit > 1) notes.push(`--throughput is per GPU: ${gpusPerUnit} GPUs per ${f.gpu} serve ${parsed.throughput * gpusPerUnit} tokens/s`);
  if (f.model !== undefined && gpuProv.source === 'instance' && gpuProv.gpuModel === null) {
    d.push(err('--model', `${gpuProv.instance} has no GPU, so the catalog has no benchmark row for it; give --throughput (tokens/s the instance serves)`));
  } else if (f.model !== undefined) {
    const cat = needCatalog('--model');
    if (cat) {
      const pick = pickThroughputRow(cat, f.model, gpuModel, f.throughputRow, f.gpu !== undefined ? `--gpu ${f.gpu}` : undefined);
      if ('error' in pick) d.push(err(pick.flag, pick.error));
      else {
        const row = pick.row;
        const perGpu = row.tokens_per_second / row.gpus;
        unitTokensPerSecond = perGpu * gpusPerUnit;
        if (row.gpus > 1 && minGpus < row.gpus) {
          minGpus = row.gpus;
          notes.push(`${row.model} was measured on ${row.gpus} GPUs; the fleet starts at ${row.gpus}`);
        }
        thrProv = {
          source: 'catalog',
          row: { id: row.id, model: row.model, gpu: row.gpu, gpus: row.gpus, engine: row.engine, precision: row.precision, mode: row.mode, inputTokens: row.input_tokens ?? null, outputTokens: row.output_tokens ?? null, concurrency: row.concurrency ?? null, tokensPerSecond: row.tokens_per_second },
          alternatives: pick.alternatives,
          ...(row.gpus !== gpusPerUnit ? { scaledFrom: `${row.tokens_per_second} tokens/s on ${row.gpus} GPU${row.gpus === 1 ? '' : 's'} = ${round(perGpu, 2)} per GPU, x ${gpusPerUnit} per instance` } : {}),
        };
        if (!pick.gpuFromFlag) notes.push(`GPU model ${row.gpu} taken from the only throughput rows for ${f.model}; pass --gpu or --gpu-model to choose`);
      }
    }
  }
  if (d.length) throw new InputError(d);
  if (apiPerMillion === undefined || unitHourly === undefined || unitTokensPerSecond === undefined) {
    throw new InputError(missingMessage(missingInputs(f)));
  }
  const minUnits = Math.ceil(minGpus / gpusPerUnit);
  if (minUnits * gpusPerUnit !== minGpus) notes.push(`--gpus ${minGpus} rounded up to ${minUnits} x ${gpusPerUnit}-GPU instance${minUnits === 1 ? '' : 's'} (${minUnits * gpusPerUnit} GPUs)`);
  return {
    input: { unitHourly, gpusPerUnit, minUnits, unitTokensPerSecond, utilization: parsed.utilization, opsMonthly: parsed.opsMonthly, apiPerMillion, daysPerMonth: parsed.daysPerMonth, tokensPerRequest },
    provenance: { api: apiProv, gpu: gpuProv, throughput: thrProv },
    notes,
  };
}

/** Model ids compare on the name without provider, "meta-" and "-instruct": llama-3.1-8b = meta-llama/Llama-3.1-8B-Instruct. */
export function normaliseModel(id: string): string {
  let s = id.trim().toLowerCase();
  if (s.includes('/')) s = s.slice(s.lastIndexOf('/') + 1);
  return s.replace(/^meta-/, '').replace(/-instruct(-v[\d.]+)?$/, '').replace(/-v[\d.]+$/, '');
}

const rowKey = (r: ThroughputEntry) => r.id.split('@')[0]!.toLowerCase();
const sameGpu = (a: string, b: string) => a.toLowerCase().replace(/[\s_]/g, '-') === b.toLowerCase().replace(/[\s_]/g, '-');
const describe = (r: ThroughputEntry) => `${r.id} (${r.gpu}${r.gpus > 1 ? ` x${r.gpus}` : ''}, ${r.engine} ${r.precision}, ${r.mode === 'max_throughput' ? 'max throughput' : `concurrency ${r.concurrency ?? '?'}`}, ${r.tokens_per_second} tokens/s)`;

/**
 * The throughput row for an open model on a GPU. Several rows: the most conservative (lowest
 * tokens/s per GPU) unless --throughput-row names one; the others are listed.
 */
export function pickThroughputRow(
  cat: CatalogFile,
  model: string,
  gpuModel: string | undefined,
  rowId: string | undefined,
  gpuLabel: string | undefined,
): { row: ThroughputEntry; alternatives: string[]; gpuFromFlag: boolean } | { error: string; flag: string } {
  const want = normaliseModel(model);
  const forModel = cat.throughput.filter((r) => normaliseModel(r.model) === want || rowKey(r) === want || r.model.toLowerCase() === model.toLowerCase());
  if (!forModel.length) {
    const names = [...new Set(cat.throughput.map((r) => r.model))];
    const hint = didYouMean(model, [...names, ...new Set(cat.throughput.map(rowKey))]);
    return { flag: '--model', error: `no throughput rows for "${model}" in catalog ${cat.catalog} ${cat.version}${hint ? `; ${hint}` : ''}; models with rows: ${names.join(', ') || 'none'} (or give --throughput)` };
  }
  let rows = forModel;
  let gpuFromFlag = true;
  if (gpuModel !== undefined) {
    rows = forModel.filter((r) => sameGpu(r.gpu, gpuModel));
    if (!rows.length) {
      return { flag: '--model', error: `no throughput row for ${model} on ${gpuModel}${gpuLabel ? ` (${gpuLabel})` : ''}; rows for this model: ${forModel.map(describe).join('; ')} (pick one of those GPUs, or give --throughput)` };
    }
  } else {
    const gpus = [...new Set(forModel.map((r) => r.gpu))];
    if (gpus.length > 1) return { flag: '--gpu-model', error: `${model} has throughput rows on several GPUs (${gpus.join(', ')}); give --gpu <instance> or --gpu-model <GPU>` };
    gpuFromFlag = false;
  }
  if (rowId !== undefined) {
    const row = rows.find((r) => r.id.toLowerCase() === rowId.toLowerCase());
    if (!row) {
      const hint = didYouMean(rowId, rows.map((r) => r.id));
      return { flag: '--throughput-row', error: `no throughput row "${rowId}" for ${model}${gpuModel ? ` on ${gpuModel}` : ''}${hint ? `; ${hint}` : ''}; rows: ${rows.map((r) => r.id).join(', ')}` };
    }
    return { row, alternatives: rows.filter((r) => r !== row).map(describe), gpuFromFlag };
  }
  const sorted = [...rows].sort((a, b) => a.tokens_per_second / a.gpus - b.tokens_per_second / b.gpus);
  const row = sorted[0]!;
  return { row, alternatives: sorted.slice(1).map(describe), gpuFromFlag };
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
