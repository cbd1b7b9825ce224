import { InputError } from '../errors.js';
import {
  allZero,
  assemble,
  buildTiers,
  canonicalProvider,
  isDate,
  isPositiveInt,
  isRecord,
  makeId,
  needsBatch,
  perTokenToPerMillion,
  type Candidate,
  type ImportOptions,
  type ImportResult,
  type ImportedModel,
  type RateText,
  type Skip,
  type TierText,
} from './import-common.js';

// LiteLLM `model_prices_and_context_window.json` -> catalog. One object keyed by model name;
// prices are USD per token as floats (research/llm-pricing.md §1).

const BASE = {
  input: 'input_cost_per_token',
  output: 'output_cost_per_token',
  cache_read: 'cache_read_input_token_cost',
  cache_write: 'cache_creation_input_token_cost',
  cache_write_1h: 'cache_creation_input_token_cost_above_1hr',
} as const;
type RateField = keyof typeof BASE;
const FIELDS = Object.keys(BASE) as RateField[];

/** `<base key>_above_<N>k_tokens` -> long-context tier; `..._priority` variants have no place in the format. */
const LONG_CONTEXT_RE = /^(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost|cache_creation_input_token_cost|cache_creation_input_token_cost_above_1hr)_above_(\d+)k_tokens$/;

const MAPPED = new Set<string>([
  ...Object.values(BASE),
  'input_cost_per_token_cache_hit',
  'input_cost_per_token_batches',
  'output_cost_per_token_batches',
  ...Object.values(BASE).flatMap((k) => [`${k}_flex`, `${k}_priority`]),
  'tiered_pricing',
]);

const CHAT_MODES = new Set(['chat', 'responses']);

export function convertLiteLLM(data: unknown, opts: ImportOptions): ImportResult {
  if (Array.isArray(data)) {
    throw new InputError({ severity: 'error', message: 'expected a JSON object keyed by model name (LiteLLM model_prices_and_context_window.json), got an array', hint: 'this looks like a genai-prices file: use `costopt pricing import genai-prices <file>`' });
  }
  if (!isRecord(data)) throw new InputError({ severity: 'error', message: `expected a JSON object keyed by model name (LiteLLM model_prices_and_context_window.json), got ${data === null ? 'null' : typeof data}` });

  const skipped: Skip[] = [];
  const candidates: Candidate[] = [];
  const notImported: Record<string, number> = {};
  let entries = 0;

  for (const [key, v] of Object.entries(data)) {
    entries++;
    if (key === 'sample_spec' || !isRecord(v) || typeof v.litellm_provider !== 'string' || typeof v.mode !== 'string') {
      skipped.push({ key, reason: 'not-a-model', detail: key === 'sample_spec' ? 'the template entry' : !isRecord(v) ? 'not an object' : 'no litellm_provider or mode' });
      continue;
    }
    const rawProvider = v.litellm_provider;
    const kind = CHAT_MODES.has(v.mode) ? 'chat' : v.mode === 'embedding' ? 'embedding' : undefined;
    if (!kind) {
      skipped.push({ key, reason: 'unsupported-mode', detail: `mode ${v.mode}` });
      continue;
    }
    const notes: string[] = [];
    // tiered_pricing (dashscope, volcengine, ...): [{range:[from,to], input_cost_per_token, ...}];
    // the range starting at 0 supplies base rates the entry does not carry itself
    const tiered = Array.isArray(v.tiered_pricing) ? v.tiered_pricing.filter(isRecord) : [];
    const firstRange = tiered.find((t) => Array.isArray(t.range) && t.range[0] === 0);
    const rate = (k: string, where: string): RateText | undefined => {
      const x = v[k] ?? (FIELDS.some((f) => BASE[f] === k) ? firstRange?.[k] : undefined);
      if (x === undefined || x === null) return undefined;
      if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) {
        notes.push(`${where} in the source (${JSON.stringify(x)}) is not a price; set to null (unknown).`);
        return null;
      }
      return perTokenToPerMillion(x);
    };

    const input = rate(BASE.input, 'input');
    if (input === undefined || input === null) {
      const per = Object.keys(v).find((k) => /^input_cost_per_(character|second|query|request|image|pixel|audio_token)$/.test(k) || k === 'input_dbu_cost_per_token');
      skipped.push({ key, reason: 'no-input-price', detail: input === null ? 'input_cost_per_token is not a price' : per ? `priced per ${per.replace(/^input_cost_per_/, '').replace(/^input_dbu_cost_per_token$/, 'DBU')}, not per token` : 'no input_cost_per_token' });
      continue;
    }

    if (allZero(input, kind === 'chat' ? rate(BASE.output, 'output') : undefined)) {
      skipped.push({ key, reason: 'zero-price', detail: 'input and output priced 0' });
      continue;
    }
    const provider = canonicalProvider(rawProvider);
    const id = makeId(provider, modelPath(key, rawProvider, provider));
    if (!id) {
      skipped.push({ key, reason: 'invalid-id', detail: 'characters outside A-Z a-z 0-9 _ . : @ -' });
      continue;
    }
    const model: ImportedModel = { id, kind, aliases: [], input, long_context: [], source: opts.source.key };
    if (kind === 'chat') {
      model.output = rate(BASE.output, 'output') ?? null;
    }
    const cacheRead = rate(BASE.cache_read, 'cache_read') ?? rate('input_cost_per_token_cache_hit', 'cache_read');
    if (cacheRead !== undefined) model.cache_read = cacheRead;
    else if (v.supports_prompt_caching === true) model.cache_read = null;
    const w5 = rate(BASE.cache_write, 'cache_write');
    if (w5 !== undefined) model.cache_write = w5;
    const w1 = rate(BASE.cache_write_1h, 'cache_write_1h');
    if (w1 !== undefined) model.cache_write_1h = w1;

    const bIn = rate('input_cost_per_token_batches', 'batch.input');
    const bOut = rate('output_cost_per_token_batches', 'batch.output');
    if (bIn !== undefined || bOut !== undefined) {
      model.batch = {};
      if (bIn !== undefined) model.batch.input = bIn;
      if (bOut !== undefined) model.batch.output = bOut;
    } else if (needsBatch(provider, kind) || (Array.isArray(v.supported_endpoints) && v.supported_endpoints.includes('/v1/batch'))) {
      model.batch = null;
    }
    for (const tier of ['flex', 'priority'] as const) {
      const t: TierText = {};
      for (const f of FIELDS) {
        const r = rate(`${BASE[f]}_${tier}`, `${tier}.${f}`);
        if (r !== undefined) t[f] = r;
      }
      if (Object.keys(t).length) model[tier] = t;
    }

    const tiers = new Map<number, TierText>();
    for (const k of Object.keys(v)) {
      const m = LONG_CONTEXT_RE.exec(k);
      if (!m) continue;
      const field = FIELDS.find((f) => BASE[f] === m[1])!;
      const r = rate(k, `long_context ${field}`);
      if (r === undefined) continue;
      const at = Number(m[2]) * 1000;
      tiers.set(at, { ...tiers.get(at), [field]: r });
    }
    for (const t of tiered) {
      const from = Array.isArray(t.range) ? t.range[0] : undefined;
      if (typeof from !== 'number' || from <= 0) continue;
      const rates: TierText = {};
      for (const f of FIELDS) {
        const x = t[BASE[f]];
        if (typeof x === 'number' && Number.isFinite(x) && x >= 0) rates[f] = perTokenToPerMillion(x);
      }
      if (Object.keys(rates).length) tiers.set(Math.round(from), { ...tiers.get(Math.round(from)), ...rates });
    }
    model.long_context = buildTiers(tiers);

    if (isPositiveInt(v.max_input_tokens)) model.context_window = v.max_input_tokens;
    if (isPositiveInt(v.max_output_tokens)) model.max_output_tokens = v.max_output_tokens;
    if (isDate(v.deprecation_date)) model.deprecated = v.deprecation_date;
    if (typeof v.source === 'string' && v.source.trim()) notes.push(`LiteLLM cites ${v.source.trim()}.`);

    for (const k of Object.keys(v)) {
      if (MAPPED.has(k) || LONG_CONTEXT_RE.test(k)) continue;
      if (/cost|_per_|price/.test(k) && !/^(max_|supports_)/.test(k)) notImported[k] = (notImported[k] ?? 0) + 1;
    }
    candidates.push({ key, rawProvider, model, notes });
  }

  const asOf = opts.source.as_of;
  return assemble(
    {
      catalogId: 'litellm-import',
      description: `Imported from LiteLLM model_prices_and_context_window.json (as of ${asOf}) by costopt pricing import: second-hand per-token floats converted to USD per 1M tokens; check a price against its provider before relying on it.`,
    },
    candidates,
    skipped,
    opts,
    { notImported, entries },
  );
}

/** The model part of a LiteLLM key: without its provider prefix (`gemini/`, `vertex_ai/`, ...) or fireworks' `accounts/fireworks/models/`. */
function modelPath(key: string, rawProvider: string, provider: string): string {
  let rest = key;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const head = rest.slice(0, slash);
    if (head === rawProvider || canonicalProvider(head) === provider) rest = rest.slice(slash + 1);
  }
  return rest.replace(/^accounts\/fireworks\/models\//, '');
}
