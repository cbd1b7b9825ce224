import { isCalendarDate } from '../date.js';
import { catalogSchema, type CatalogFile } from './schema.js';
import { validateCatalog } from './catalog.js';
import { BATCH_PROVIDERS, lintCatalog } from './lint.js';

// Shared parts of the community price-file importers (LiteLLM, genai-prices): decimal
// cleaning, provider and id normalisation, lint repairs and the final assembly that
// guarantees the produced catalog loads and lints clean. Pure: parsed JSON in, data out.

/** A rate as written to the catalog: a decimal string, null (unknown) or absent (not sold). */
export type RateText = string | null;

export interface TierText {
  input?: RateText;
  output?: RateText;
  cache_read?: RateText;
  cache_write?: RateText;
  cache_write_1h?: RateText;
}
export interface LongContextText extends TierText {
  prompt_tokens_over: number;
}

/** One model as it will be written (YAML-ready: rates are decimal strings). */
export interface ImportedModel {
  id: string;
  name?: string;
  kind: 'chat' | 'embedding';
  aliases: string[];
  context_window?: number;
  max_output_tokens?: number;
  input: RateText;
  output?: RateText;
  cache_read?: RateText;
  cache_write?: RateText;
  cache_write_1h?: RateText;
  batch?: TierText | null;
  flex?: TierText | null;
  priority?: TierText | null;
  long_context: LongContextText[];
  deprecated?: string;
  source: string;
  notes?: string;
}

/** A model candidate before ids are deduplicated: its key in the source file and a few notes. */
export interface Candidate {
  /** the entry's key in the source file (for reports and as an alias) */
  key: string;
  /** the provider as the source file spells it (for --provider) */
  rawProvider: string;
  model: ImportedModel;
  notes: string[];
}

export type SkipReason =
  | 'not-a-model'
  | 'unsupported-mode'
  | 'no-input-price'
  | 'zero-price'
  | 'invalid-id'
  | 'duplicate-id'
  | 'provider-filter'
  | 'malformed'
  | 'lint';

export const SKIP_REASONS: Record<SkipReason, string> = {
  'not-a-model': 'not a model entry (template, routing rules, no provider)',
  'unsupported-mode': 'not a chat or embedding model (image, audio, rerank, ...)',
  'no-input-price': 'no per-token input price',
  'zero-price': 'every token price is 0 (free preview, local model or placeholder): not imported, so nothing unknown is priced at $0',
  'invalid-id': 'name cannot form a provider/model id',
  'duplicate-id': 'same provider/model id as an entry already imported',
  'provider-filter': 'provider not selected with --provider',
  malformed: 'entry does not have the documented shape',
  lint: 'would break a catalog rule even after repair',
};

export interface Skip {
  key: string;
  reason: SkipReason;
  detail: string;
}

/** A rate dropped to null (unknown) so the catalog lints honestly. */
export interface Fix {
  id: string;
  field: string;
  rule: string;
  detail: string;
}

export interface ImportSource {
  /** key in `sources:` */
  key: string;
  url: string;
  as_of: string;
  license?: string;
  note?: string;
}

export interface ImportOptions {
  /** YYYY-MM-DD: the catalog's version and published date */
  version: string;
  source: ImportSource;
  /** keep only these providers (catalog spelling or the file's own spelling) */
  providers?: readonly string[];
  /** genai-prices: the price in force on this date (default: version) */
  asOf?: string;
}

export interface ImportResult {
  /** the catalog as it will be written (YAML-ready) */
  catalog: CatalogText;
  /** parsed form of the same catalog (numbers), for checks and reports */
  parsed: CatalogFile;
  skipped: Skip[];
  fixes: Fix[];
  /** per source field that the catalog format cannot hold: how many entries carried it */
  notImported: Record<string, number>;
  /** entries looked at (top-level keys / models in the file) */
  entries: number;
  /** provider names seen in the file, both spellings (for --provider checks) */
  providersSeen: string[];
}

export interface CatalogText {
  schema: 'costopt.catalog/v1';
  catalog: string;
  version: string;
  published: string;
  currency: 'USD';
  description: string;
  sources: Record<string, { url: string; as_of: string; secondary: true; license?: string; note?: string }>;
  models: WrittenModel[];
}

/** A model as written: empty `aliases` and `long_context` are left out. */
export type WrittenModel = Omit<ImportedModel, 'aliases' | 'long_context'> & { aliases?: string[]; long_context?: LongContextText[] };

/**
 * A float price as a clean decimal string, scaled by 10^shift (6: per token -> per 1M tokens).
 * Rounds to 12 significant digits, which removes binary representation noise
 * (2.9999900000000002e-06 -> "2.99999") without touching any real price, then shifts the
 * decimal point exactly on the digits (no float multiplication).
 */
export function cleanDecimal(v: number, shift = 0): string {
  if (!Number.isFinite(v)) throw new RangeError(`not a finite number: ${v}`);
  if (v === 0) return '0';
  const neg = v < 0;
  const [mant = '0', expText = '0'] = Math.abs(v).toExponential(11).split('e');
  const digits = mant.replace('.', '');
  const pointAt = Number(expText) + shift + 1; // digits before the decimal point
  let intPart: string;
  let frac: string;
  if (pointAt <= 0) {
    intPart = '0';
    frac = '0'.repeat(-pointAt) + digits;
  } else if (pointAt >= digits.length) {
    intPart = digits + '0'.repeat(pointAt - digits.length);
    frac = '';
  } else {
    intPart = digits.slice(0, pointAt);
    frac = digits.slice(pointAt);
  }
  intPart = intPart.replace(/^0+(?=\d)/, '');
  frac = frac.replace(/0+$/, '');
  return (neg ? '-' : '') + (frac ? `${intPart}.${frac}` : intPart);
}

/** USD per token (float) -> USD per 1M tokens (decimal string). */
export const perTokenToPerMillion = (v: number): string => cleanDecimal(v, 6);

/** A catalog provider name: lower case, `_` -> `-`, plus the renames both files need. */
export function canonicalProvider(raw: string): string {
  const p = raw.trim().toLowerCase();
  const exact: Record<string, string> = {
    gemini: 'google',
    'vertex_ai': 'vertex',
    bedrock: 'bedrock',
    'bedrock_converse': 'bedrock',
    'bedrock_mantle': 'bedrock',
    aws: 'bedrock',
    'azure_text': 'azure',
    'text-completion-openai': 'openai',
    codestral: 'mistral',
    'text-completion-codestral': 'mistral',
    'cohere_chat': 'cohere',
    'fireworks_ai': 'fireworks',
    'fireworks_ai-embedding-models': 'fireworks',
    'together_ai': 'together',
    'lambda_ai': 'lambda',
    'x-ai': 'xai',
    voyageai: 'voyage',
    moonshotai: 'moonshot',
  };
  if (exact[p]) return exact[p];
  if (p.startsWith('vertex_ai-')) return 'vertex';
  return p.replace(/_/g, '-');
}

const PROVIDER_RE = /^[a-z0-9][\w.-]*$/;
const MODEL_RE = /^[\w.:@-]+$/;

/** `provider/model` from a provider and a model path; nested `/` become `--`. Undefined when impossible. */
export function makeId(provider: string, modelPath: string): string | undefined {
  const model = modelPath.split('/').filter(Boolean).join('--');
  if (!PROVIDER_RE.test(provider) || !model || !MODEL_RE.test(model)) return undefined;
  return `${provider}/${model}`;
}

export const num = (s: RateText | undefined): number | undefined => (s === null || s === undefined ? undefined : Number(s));

const RATE_FIELDS = ['input', 'output', 'cache_read', 'cache_write', 'cache_write_1h'] as const;

/**
 * Repairs that keep a catalog honest under the lint rules: a rate that contradicts its
 * neighbours (cache read above input, 1-hour write below the 5-minute write, batch above
 * standard, long-context below base) or is implausible (a cache write above 3x input:
 * providers charge 1.25x-2x) is not trusted: it becomes null (unknown) with a note.
 */
export function repairModel(c: Candidate, fixes: Fix[]): void {
  const m = c.model;
  const drop = (owner: TierText | ImportedModel, field: (typeof RATE_FIELDS)[number], where: string, rule: string, detail: string) => {
    const was = owner[field];
    owner[field] = null;
    fixes.push({ id: m.id, field: where, rule, detail });
    c.notes.push(`${where} ${was} from the source ${detail}; set to null (unknown)`);
  };
  const checkCache = (t: TierText | ImportedModel, prefix: string) => {
    const input = num(t.input);
    const read = num(t.cache_read);
    if (read !== undefined && input !== undefined && read > input) drop(t, 'cache_read', `${prefix}cache_read`, 'cache-read-above-input', `is above input ${t.input}`);
    const w5 = num(t.cache_write);
    const w1 = num(t.cache_write_1h);
    if (w5 !== undefined && w1 !== undefined && w1 < w5) drop(t, 'cache_write_1h', `${prefix}cache_write_1h`, 'cache-write-1h-below-5m', `is below the 5-minute write ${t.cache_write}`);
    for (const f of ['cache_write', 'cache_write_1h'] as const) {
      const w = num(t[f]);
      if (w !== undefined && input !== undefined && input > 0 && w > 3 * input) drop(t, f, `${prefix}${f}`, 'cache-write-implausible', `is ${trimRatio(w / input)}x input ${t.input} (providers charge 1.25x-2x)`);
    }
  };
  checkCache(m, '');
  for (const tier of ['batch', 'flex', 'priority'] as const) {
    const t = m[tier];
    if (t) checkCache(t, `${tier}.`);
  }
  if (m.batch) {
    for (const f of RATE_FIELDS) {
      const b = num(m.batch[f]);
      const base = num(m[f]);
      if (b !== undefined && base !== undefined && b > base) drop(m.batch, f, `batch.${f}`, 'batch-above-standard', `is above the standard ${f} ${m[f]}`);
    }
  }
  m.long_context.forEach((tier, j) => {
    for (const f of RATE_FIELDS) {
      const t = num(tier[f]);
      const base = num(m[f]);
      if (t !== undefined && base !== undefined && t < base) drop(tier, f, `long_context[${j}].${f}`, 'long-context-below-base', `is below the base ${f} ${m[f]}`);
    }
  });
}

const trimRatio = (x: number) => String(Math.round(x * 100) / 100);

/** Batch is sold for these providers' chat models: without a price in the file, write `batch: null` (unknown). */
export function needsBatch(provider: string, kind: 'chat' | 'embedding'): boolean {
  return kind === 'chat' && (BATCH_PROVIDERS as readonly string[]).includes(provider);
}

/**
 * Long-context tiers from per-threshold rate maps, thresholds ascending. Source tiers are per
 * field (cliff): at each threshold a field carries its rate from the highest tier of that
 * field that has started, so a tier lists every rate that differs from base by then.
 */
export function buildTiers(byThreshold: Map<number, TierText>): LongContextText[] {
  const out: LongContextText[] = [];
  let acc: TierText = {};
  for (const t of [...byThreshold.keys()].filter((t) => Number.isInteger(t) && t > 0).sort((a, b) => a - b)) {
    acc = { ...acc, ...byThreshold.get(t) };
    out.push({ prompt_tokens_over: t, ...acc });
  }
  return out;
}

/** Filter by provider (either spelling), dedupe ids, attach aliases, repair, verify against schema + lint; sorted by id. */
export function assemble(
  format: { catalogId: string; description: string },
  candidates: Candidate[],
  skipped: Skip[],
  opts: ImportOptions,
  extra: { notImported: Record<string, number>; entries: number },
): ImportResult {
  const fixes: Fix[] = [];
  const wanted = opts.providers?.length ? new Set(opts.providers.map((p) => p.trim().toLowerCase())) : undefined;
  const providersSeen = new Set<string>();
  for (const c of candidates) {
    providersSeen.add(c.rawProvider.toLowerCase());
    providersSeen.add(c.model.id.split('/')[0]!);
  }

  const kept: Candidate[] = [];
  const byId = new Map<string, Candidate>();
  for (const c of candidates) {
    const provider = c.model.id.split('/')[0]!;
    if (wanted && !wanted.has(provider) && !wanted.has(c.rawProvider.toLowerCase())) {
      skipped.push({ key: c.key, reason: 'provider-filter', detail: `provider ${provider}` });
      continue;
    }
    const k = c.model.id.toLowerCase();
    const first = byId.get(k);
    if (first) {
      const same = sameRates(first.model, c.model);
      skipped.push({ key: c.key, reason: 'duplicate-id', detail: `id ${c.model.id} already taken by "${first.key}"; ${same ? 'same prices, kept as an alias' : 'prices differ, the first is kept'}` });
      if (same) first.model.aliases.push(c.key);
      continue;
    }
    byId.set(k, c);
    kept.push(c);
  }

  // aliases: the entry's own key in the source file, when it is not the id; never one claimed twice
  const claimed = new Set(kept.map((c) => c.model.id.toLowerCase()));
  for (const c of kept) {
    const mine = [c.key, ...c.model.aliases].filter((a) => a.toLowerCase() !== c.model.id.toLowerCase());
    c.model.aliases = [];
    for (const a of mine) {
      const k = a.toLowerCase();
      if (claimed.has(k)) continue;
      claimed.add(k);
      c.model.aliases.push(a);
    }
  }

  for (const c of kept) repairModel(c, fixes);
  for (const c of kept) {
    const notes = [...new Set(c.notes)];
    if (notes.length) c.model.notes = notes.join(' ');
  }

  kept.sort((a, b) => (a.model.id < b.model.id ? -1 : a.model.id > b.model.id ? 1 : 0));
  let rows = kept.map((c) => ({ key: c.key, model: ordered(c.model) }));
  const build = (): CatalogText => ({
    schema: 'costopt.catalog/v1',
    catalog: format.catalogId,
    version: opts.version,
    published: opts.version,
    currency: 'USD',
    description: format.description,
    sources: {
      [opts.source.key]: {
        url: opts.source.url,
        as_of: opts.source.as_of,
        secondary: true,
        ...(opts.source.license ? { license: opts.source.license } : {}),
        ...(opts.source.note ? { note: opts.source.note } : {}),
      },
    },
    models: rows.map((r) => r.model),
  });

  // Belt and braces: whatever still fails the schema, the structural checks or lint is left out
  // with its reason, so the written catalog always loads and lints clean.
  for (let round = 0; round < 3; round++) {
    const bad = new Map<number, string>();
    const res = catalogSchema.safeParse(build());
    if (!res.success) {
      for (const issue of res.error.issues) {
        const [section, index] = issue.path;
        if (section === 'models' && typeof index === 'number') bad.set(index, `${issue.path.slice(2).join('.')}: ${issue.message}`);
        else throw new Error(`import produced an invalid catalog header: ${issue.path.join('.')}: ${issue.message}`);
      }
    } else {
      for (const issue of validateCatalog(res.data)) {
        const [section, index] = issue.path;
        if (section === 'models' && typeof index === 'number') bad.set(index, issue.message);
      }
      for (const v of lintCatalog(res.data)) {
        const [section, index] = v.path;
        if (section === 'models' && typeof index === 'number') bad.set(index, `[${v.rule}] ${v.message}`);
      }
      if (!bad.size) return { catalog: build(), parsed: res.data, skipped, fixes, notImported: extra.notImported, entries: extra.entries, providersSeen: [...providersSeen].sort() };
    }
    for (const [i, why] of bad) skipped.push({ key: rows[i]!.key, reason: 'lint', detail: why });
    rows = rows.filter((_, i) => !bad.has(i));
  }
  throw new Error('import could not produce a catalog that passes lint');
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** The catalog's key order (as in pricing/README.md); empty aliases and tier lists left out. */
function ordered(m: ImportedModel): WrittenModel {
  const tier = (t: TierText | null | undefined) => (t === undefined ? {} : t === null ? null : pick(t, RATE_FIELDS));
  return {
    id: m.id,
    ...pick(m, ['name']),
    kind: m.kind,
    ...(m.aliases.length ? { aliases: m.aliases } : {}),
    ...pick(m, ['context_window', 'max_output_tokens']),
    input: m.input,
    ...pick(m, ['output', 'cache_read', 'cache_write', 'cache_write_1h']),
    ...(m.batch !== undefined ? { batch: tier(m.batch) } : {}),
    ...(m.flex !== undefined ? { flex: tier(m.flex) } : {}),
    ...(m.priority !== undefined ? { priority: tier(m.priority) } : {}),
    ...(m.long_context.length ? { long_context: m.long_context.map((t) => ({ prompt_tokens_over: t.prompt_tokens_over, ...pick(t, RATE_FIELDS) })) } : {}),
    ...pick(m, ['deprecated']),
    source: m.source,
    ...pick(m, ['notes']),
  };
}

function sameRates(a: ImportedModel, b: ImportedModel): boolean {
  const strip = (m: ImportedModel) => JSON.stringify({ ...m, id: '', aliases: [], notes: undefined, name: undefined });
  return strip(a) === strip(b);
}

/** Count skips by reason, with up to `n` examples each, most frequent first. */
export function summariseSkips(skipped: Skip[], n = 3): { reason: SkipReason; description: string; count: number; examples: { key: string; detail: string }[] }[] {
  const by = new Map<SkipReason, Skip[]>();
  for (const s of skipped) by.set(s.reason, [...(by.get(s.reason) ?? []), s]);
  return [...by.entries()]
    .map(([reason, list]) => ({ reason, description: SKIP_REASONS[reason], count: list.length, examples: list.slice(0, n).map((s) => ({ key: s.key, detail: s.detail })) }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

export function summariseFixes(fixes: Fix[], n = 3): { rule: string; count: number; examples: { id: string; field: string; detail: string }[] }[] {
  const by = new Map<string, Fix[]>();
  for (const f of fixes) by.set(f.rule, [...(by.get(f.rule) ?? []), f]);
  return [...by.entries()]
    .map(([rule, list]) => ({ rule, count: list.length, examples: list.slice(0, n).map((f) => ({ id: f.id, field: f.field, detail: f.detail })) }))
    .sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule));
}

/** Input 0 and output 0 or absent: LiteLLM writes 0 for free previews, local models and placeholders alike. */
export const allZero = (input: RateText, output: RateText | undefined): boolean => input === '0' && (output === undefined || output === null || output === '0');

export const isDate = isCalendarDate;
export const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export type ImportFormat = 'litellm' | 'genai-prices';
export const IMPORT_FORMATS: readonly ImportFormat[] = ['litellm', 'genai-prices'];

/** What `costopt pricing import` reports (its JSON result model). */
export interface PricingImportResult {
  format: ImportFormat;
  input: { file: string; sha256: string; entries: number; meta: string | null };
  source: { key: string; url: string; asOf: string; secondary: true };
  /** genai-prices: the date whose prices were taken from the price history; null for LiteLLM (no history) */
  pricesAsOf: string | null;
  /** the catalog file written, or "-" for stdout */
  output: string;
  catalog: { id: string; version: string; hash: string };
  counts: { entries: number; models: number; chat: number; embedding: number; skipped: number; ratesSetToNull: number };
  skipped: ReturnType<typeof summariseSkips>;
  repairs: ReturnType<typeof summariseFixes>;
  /** source rate fields the catalog format cannot hold (audio, images, searches, ...), with how many entries had them */
  notImported: { field: string; count: number }[];
  lint: { violations: number };
  /** every skipped entry with its reason */
  skippedEntries: Skip[];
}
