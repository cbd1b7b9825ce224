import { InputError } from '../errors.js';
import {
  allZero,
  assemble,
  buildTiers,
  canonicalProvider,
  cleanDecimal,
  isDate,
  isPositiveInt,
  isRecord,
  makeId,
  needsBatch,
  type Candidate,
  type ImportOptions,
  type ImportResult,
  type ImportedModel,
  type RateText,
  type Skip,
  type TierText,
} from './import-common.js';

// pydantic/genai-prices v2 `data.json` -> catalog. An array of providers, each with models whose
// `prices` are USD per 1M tokens, either one price set or a list of conditional price sets
// (start dates, time-of-day windows); a price may be `{base, tiers:[{start, price}]}` (cliff
// tiers). research/llm-pricing.md §3; schema in genai_prices_v2_data.schema.json.

const FIELD_KEYS: [keyof TierText, string[]][] = [
  ['input', ['input_mtok']],
  ['output', ['output_mtok']],
  ['cache_read', ['cache_read_mtok']],
  ['cache_write', ['cache_write_5m_mtok', 'cache_write_mtok']],
  ['cache_write_1h', ['cache_write_1h_mtok']],
];
const MAPPED = new Set(FIELD_KEYS.flatMap(([, keys]) => keys));

type PriceSet = Record<string, unknown>;
interface Conditional {
  constraint?: { start_date?: string; start_time?: string; end_time?: string };
  prices: PriceSet;
}

export function convertGenaiPrices(data: unknown, opts: ImportOptions): ImportResult {
  if (!Array.isArray(data)) {
    const looksLiteLLM = isRecord(data) && Object.values(data).some((v) => isRecord(v) && 'litellm_provider' in v);
    throw new InputError({
      severity: 'error',
      message: `expected a JSON array of providers (genai-prices data.json), got ${data === null ? 'null' : Array.isArray(data) ? 'an array' : typeof data}`,
      ...(looksLiteLLM ? { hint: 'this looks like a LiteLLM file: use `costopt pricing import litellm <file>`' } : {}),
    });
  }
  const asOf = opts.asOf ?? opts.version;
  const skipped: Skip[] = [];
  const candidates: Candidate[] = [];
  const notImported: Record<string, number> = {};
  let entries = 0;

  data.forEach((p, i) => {
    if (!isRecord(p) || typeof p.id !== 'string' || !Array.isArray(p.models)) {
      throw new InputError({ severity: 'error', path: `[${i}]`, message: 'expected a provider { id, name, models: [...] }' });
    }
    const rawProvider = p.id;
    const provider = canonicalProvider(rawProvider);
    p.models.forEach((m: unknown, j: number) => {
      entries++;
      const key = isRecord(m) && typeof m.id === 'string' ? `${rawProvider}/${m.id}` : `${rawProvider}/[${j}]`;
      if (!isRecord(m) || typeof m.id !== 'string' || !(isRecord(m.prices) || Array.isArray(m.prices))) {
        skipped.push({ key, reason: 'malformed', detail: `providers[${i}].models[${j}] has no id or prices` });
        return;
      }
      const id = makeId(provider, m.id);
      if (!id) {
        skipped.push({ key, reason: 'invalid-id', detail: 'characters outside A-Z a-z 0-9 _ . : @ -' });
        return;
      }
      const picked = pickPrices(m.prices, asOf);
      if (typeof picked === 'string') {
        skipped.push({ key, reason: 'malformed', detail: picked });
        return;
      }
      const notes = [...picked.notes];
      const set = picked.set;
      const base: TierText = {};
      const tiers = new Map<number, TierText>();
      let bad: string | undefined;
      for (const [field, keys] of FIELD_KEYS) {
        const k = keys.find((x) => set[x] !== undefined);
        if (!k) continue;
        const parsed = parsePrice(set[k]);
        if (typeof parsed === 'string') {
          bad = `${k}: ${parsed}`;
          break;
        }
        base[field] = parsed.base;
        for (const t of parsed.tiers) tiers.set(t.start, { ...tiers.get(t.start), [field]: t.price });
      }
      if (bad) {
        skipped.push({ key, reason: 'malformed', detail: bad });
        return;
      }
      if (base.input === undefined || base.input === null) {
        const others = Object.keys(set);
        skipped.push({ key, reason: 'no-input-price', detail: others.length ? `priced only by ${others.join(', ')}` : 'empty price set (listed as free)' });
        return;
      }
      if (allZero(base.input, base.output)) {
        skipped.push({ key, reason: 'zero-price', detail: 'input and output priced 0' });
        return;
      }
      for (const k of Object.keys(set)) if (!MAPPED.has(k)) notImported[k] = (notImported[k] ?? 0) + 1;

      const name = typeof m.name === 'string' ? m.name : undefined;
      const kind: 'chat' | 'embedding' = provider === 'voyage' || /embed/i.test(m.id) || (name !== undefined && /embed/i.test(name)) ? 'embedding' : 'chat';
      const model: ImportedModel = { id, kind, aliases: [], input: base.input, long_context: [], source: opts.source.key };
      if (name) model.name = name;
      if (isPositiveInt(m.context_window)) model.context_window = m.context_window;
      if (kind === 'chat') model.output = base.output ?? null;
      for (const f of ['cache_read', 'cache_write', 'cache_write_1h'] as const) if (base[f] !== undefined) model[f] = base[f];
      if (needsBatch(provider, kind)) model.batch = null; // genai-prices has no batch prices; the provider sells batch
      model.long_context = buildTiers(tiers);
      if (m.deprecated === true) notes.push('Deprecated by the provider (genai-prices).');
      if (typeof m.price_comments === 'string' && m.price_comments.trim()) notes.push(`genai-prices: ${m.price_comments.trim()}`);
      candidates.push({ key, rawProvider, model, notes });
    });
  });

  return assemble(
    {
      catalogId: 'genai-prices-import',
      description: `Imported from pydantic/genai-prices data.json (as of ${opts.source.as_of}) by costopt pricing import, prices in force on ${asOf}; second-hand, check a price against its provider before relying on it.`,
    },
    candidates,
    skipped,
    opts,
    { notImported, entries },
  );
}

/**
 * The price set in force on `asOf`. genai-prices tries conditional sets last to first and uses
 * the first whose constraint holds (none holding: the first set). A start date holds from that
 * day on. A time-of-day window cannot be expressed in a catalog: the set that applies for most
 * of the day is taken as the list price and the other is noted.
 */
function pickPrices(prices: unknown, asOf: string): { set: PriceSet; notes: string[] } | string {
  if (isRecord(prices)) return { set: prices, notes: [] };
  if (!Array.isArray(prices) || !prices.length) return 'prices is neither a price set nor a non-empty list';
  const list: Conditional[] = [];
  for (const c of prices) {
    if (!isRecord(c) || !isRecord(c.prices)) return 'a conditional price has no prices';
    const k = c.constraint;
    if (k !== undefined && (!isRecord(k) || (k.start_date === undefined && k.start_time === undefined))) return 'unknown price constraint';
    if (isRecord(k) && k.start_date !== undefined && !isDate(k.start_date)) return `start_date ${JSON.stringify(k.start_date)} is not a date`;
    list.push({ prices: c.prices, ...(isRecord(k) ? { constraint: k as Conditional['constraint'] } : {}) });
  }
  const notes: string[] = [];
  let chosen = 0;
  for (let i = list.length - 1; i >= 0; i--) {
    const k = list[i]!.constraint;
    if (!k) { chosen = i; break; }
    if (k.start_date !== undefined) {
      if (k.start_date <= asOf) { chosen = i; break; }
      continue;
    }
    const minutes = windowMinutes(k.start_time, k.end_time);
    if (minutes === undefined) return `time window ${String(k.start_time)}-${String(k.end_time)} is not valid`;
    if (minutes >= 12 * 60) {
      chosen = i;
      const other = list.find((_, j) => j !== i);
      notes.push(`List price is the one for ${hhmm(k.start_time)}-${hhmm(k.end_time)} UTC${other ? `; outside that window genai-prices lists ${summary(other.prices)}` : ''}.`);
      break;
    }
    notes.push(`genai-prices also lists ${summary(list[i]!.prices)} for ${hhmm(k.start_time)}-${hhmm(k.end_time)} UTC only.`);
  }
  const since = list[chosen]!.constraint?.start_date;
  if (since) notes.push(`Price in force since ${since} (genai-prices price history).`);
  const later = list.slice(chosen + 1).find((c) => c.constraint?.start_date !== undefined && c.constraint.start_date > asOf);
  if (later) notes.push(`genai-prices lists a change from ${later.constraint!.start_date} (${summary(later.prices)}), not in force on ${asOf}.`);
  return { set: list[chosen]!.prices, notes };
}

const hhmm = (t: unknown) => (typeof t === 'string' ? t.slice(0, 5) : String(t));

function windowMinutes(start: unknown, end: unknown): number | undefined {
  const mins = (t: unknown) => {
    const m = typeof t === 'string' ? /^(\d{2}):(\d{2})(?::\d{2})?Z?$/.exec(t) : null;
    return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
  };
  const a = mins(start);
  const b = mins(end);
  if (a === undefined || b === undefined) return undefined;
  return (b - a + 24 * 60) % (24 * 60);
}

function summary(set: PriceSet): string {
  const parts: string[] = [];
  for (const [field, keys] of FIELD_KEYS.slice(0, 2)) {
    const k = keys.find((x) => set[x] !== undefined);
    const p = k ? parsePrice(set[k]) : undefined;
    if (p && typeof p !== 'string') parts.push(`${field} ${p.base}`);
  }
  return parts.length ? parts.join(' / ') : 'other prices';
}

/** A number, or `{base, tiers:[{start, price}]}` (cliff tiers). A message when it is neither. */
function parsePrice(v: unknown): { base: RateText; tiers: { start: number; price: string }[] } | string {
  const dec = (x: unknown): string | undefined => (typeof x === 'number' && Number.isFinite(x) && x >= 0 ? cleanDecimal(x) : undefined);
  if (typeof v === 'number') {
    const d = dec(v);
    return d === undefined ? `${v} is not a price` : { base: d, tiers: [] };
  }
  if (isRecord(v) && Array.isArray(v.tiers)) {
    const base = dec(v.base);
    if (base === undefined) return `tier base ${JSON.stringify(v.base)} is not a price`;
    const tiers: { start: number; price: string }[] = [];
    for (const t of v.tiers) {
      const price = isRecord(t) ? dec(t.price) : undefined;
      if (!isRecord(t) || !isPositiveInt(t.start) || price === undefined) return `tier ${JSON.stringify(t)} needs a positive integer start and a price`;
      tiers.push({ start: t.start, price });
    }
    return { base, tiers };
  }
  return `${JSON.stringify(v)} is not a price`;
}
