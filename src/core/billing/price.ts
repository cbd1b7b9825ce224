import { lookupModel, notAvailable, type Catalog } from '../catalog/catalog.js';
import { suggest } from '../suggest.js';
import type { ModelEntry } from '../catalog/schema.js';
import { numberToScaled } from '../decimal.js';
import type { PriceOutcome, PriceRequest } from './map-row.js';
import { dayOf, type TokenCounts } from './record.js';
import type { Alternatives } from './reconcile.js';

/**
 * Pricing request-log rows (SPEC §4.1). Each request is priced with the catalog version in
 * force on its own date; the long-context tier is chosen per request from its prompt tokens
 * (all input, cache parts included); cache reads, 5-minute and 1-hour writes at their own
 * rates. A model (or a needed rate) missing from the catalog makes the row unpriced, never $0.
 */
const MILLION = 1_000_000n;

type RateName = 'input' | 'output' | 'cache_read' | 'cache_write' | 'cache_write_1h';

/** Rates (USD per 1M tokens) that apply to a request with `promptTokens` prompt tokens. */
export function ratesFor(m: ModelEntry, promptTokens: number): Record<RateName, number | null | undefined> {
  const base: Record<RateName, number | null | undefined> = { input: m.input, output: m.output, cache_read: m.cache_read, cache_write: m.cache_write, cache_write_1h: m.cache_write_1h };
  const tiers = [...m.long_context].sort((a, b) => a.prompt_tokens_over - b.prompt_tokens_over).filter((t) => promptTokens > t.prompt_tokens_over);
  const tier = tiers[tiers.length - 1];
  if (!tier) return base;
  const out = { ...base };
  for (const k of Object.keys(base) as RateName[]) if (tier[k] !== undefined) out[k] = tier[k];
  return out;
}

/** Exact cost of one request in 1e-12 USD, or why it cannot be priced. */
export function priceTokens(m: ModelEntry, t: TokenCounts): { ok: true; cost: bigint } | { ok: false; reason: string } {
  const rates = ratesFor(m, t.input);
  const tier = [...m.long_context].filter((x) => t.input > x.prompt_tokens_over).sort((a, b) => b.prompt_tokens_over - a.prompt_tokens_over)[0];
  const uncached = t.input - t.cacheRead - t.cacheWrite - t.cacheWrite1h;
  const parts: [RateName, number][] = [['input', uncached], ['cache_read', t.cacheRead], ['cache_write', t.cacheWrite], ['cache_write_1h', t.cacheWrite1h], ['output', t.output]];
  let sum = 0n;
  for (const [rate, tokens] of parts) {
    if (tokens === 0) continue;
    const r = rates[rate];
    if (r === null || r === undefined) return { ok: false, reason: `${m.id} has no ${rate} price${tier && tier[rate] !== undefined ? ` above ${tier.prompt_tokens_over} prompt tokens` : ''}` };
    sum += BigInt(tokens) * numberToScaled(r);
  }
  // one rounding, half away from zero (sums are positive)
  const cost = sum / MILLION + ((sum % MILLION) * 2n >= MILLION ? 1n : 0n);
  return { ok: true, cost };
}

/**
 * Spellings of a model name that APIs, SDKs and bills write, rewritten to the catalog's id
 * forms by fixed rules (never by similarity): an ARN's last segment; Vertex resource paths
 * (`projects/p/locations/l/publishers/google/models/gemini-2.5-pro`, `publishers/.../models/x`)
 * and LiteLLM's `vertex_ai/x` as `vertex/x`; the Gemini API's `models/x` and LiteLLM's
 * `gemini/x` as `google/x`; `bedrock/x` and `bedrock/converse/x` as `bedrock/x`. The first
 * spelling the catalog has (as an id or a declared alias) wins.
 */
export function nameCandidates(raw: string): string[] {
  const n = raw.trim();
  const out: string[] = [n];
  const add = (s: string) => {
    if (s && !out.includes(s)) out.push(s);
  };
  let tail = n;
  const arn = /^arn:aws[\w-]*:bedrock:[^:]*:[^:]*:(?:inference-profile|foundation-model|application-inference-profile)\/(.+)$/i.exec(n);
  if (arn) {
    tail = arn[1]!;
    add(tail);
    add(`bedrock/${tail}`);
  }
  const vertexPath = /^(?:projects\/[^/]+\/locations\/[^/]+\/)?publishers\/([^/]+)\/models\/(.+)$/i.exec(tail);
  if (vertexPath) {
    add(`vertex/${vertexPath[2]!}`);
    if (vertexPath[1]!.toLowerCase() === 'google') add(`google/${vertexPath[2]!}`);
  }
  const prefixed = /^([\w-]+)\/(.+)$/.exec(tail);
  if (prefixed) {
    const [, p, rest] = prefixed as unknown as [string, string, string];
    const lp = p.toLowerCase();
    if (lp === 'models') add(`google/${rest}`);
    if (lp === 'vertex_ai' || lp === 'vertex') add(`vertex/${rest.replace(/^(?:anthropic|google|mistralai|meta|deepseek-ai)\//i, '')}`);
    if (lp === 'gemini') add(`google/${rest}`);
    if (lp === 'bedrock') add(`bedrock/${rest.replace(/^(?:converse|invoke)\//i, '')}`);
    if (lp === 'azure' || lp === 'azure_ai') add(`azure/${rest}`);
  }
  return out;
}

/**
 * A model by id or declared alias, exactly (case-insensitive), under the spellings of
 * `nameCandidates`; then `provider/alias` (`mistral/mistral-large-2512`: an alias of a model of
 * that provider); then a bare name that is the part after `provider/` of exactly one id.
 */
export function findModel(c: Catalog, name: string): ModelEntry | undefined {
  let memo = findCache.get(c);
  if (!memo) findCache.set(c, (memo = new Map()));
  const key = name.trim().toLowerCase();
  const had = memo.get(key);
  if (had !== undefined) return had ?? undefined;
  const found = findModelUncached(c, name);
  memo.set(key, found ?? null);
  return found;
}

const findCache = new WeakMap<Catalog, Map<string, ModelEntry | null>>();
const FIRST_PARTY_ID = /^(openai|anthropic|google|mistral|deepseek|xai|test)\//i;

function findModelUncached(c: Catalog, name: string): ModelEntry | undefined {
  const cands = nameCandidates(name);
  for (const cand of cands) {
    const hit = lookupModel(c, cand);
    if (hit.ok) return hit.entry;
  }
  for (const cand of cands) {
    const slash = cand.indexOf('/');
    if (slash <= 0) continue;
    const hit = lookupModel(c, cand.slice(slash + 1));
    if (hit.ok && hit.entry.id.toLowerCase().startsWith(cand.slice(0, slash + 1).toLowerCase())) return hit.entry;
  }
  // a name the release knows but not on this day is not looked for elsewhere
  if (cands.some((cand) => c.unavailable?.[cand.toLowerCase()])) return undefined;
  const bare = name.trim().toLowerCase();
  if (!bare.includes('/')) {
    // only a first-party API's id: a bare name is never a listing elsewhere (azure_ai/, vertex/)
    const tails = c.models.filter((m) => FIRST_PARTY_ID.test(m.id) && m.id.toLowerCase().slice(m.id.indexOf('/') + 1) === bare);
    if (tails.length === 1) return tails[0];
  }
  return undefined;
}

/** Why a name is not priced on a day: not callable then (with the catalog's reason), or unknown. */
export function whyUnpriced(c: Catalog, name: string, day?: string): { kind: 'unavailable'; reason: string } | { kind: 'unknown'; suggestions: string[] } {
  for (const cand of nameCandidates(name)) {
    const away = notAvailable(c, cand, day);
    if (away) return { kind: 'unavailable', reason: away };
  }
  // first-party APIs before their listings elsewhere, so a tie suggests openai/gpt-4o before azure/gpt-4o
  const firstParty = /^(openai|anthropic|google|mistral|deepseek|xai)\//i;
  const ids = [...c.models].sort((a, b) => Number(!firstParty.test(a.id)) - Number(!firstParty.test(b.id))).flatMap((m) => [m.id, ...m.aliases]);
  const canonical = (x: string) => {
    const hit = lookupModel(c, x);
    return hit.ok ? hit.entry.id : x;
  };
  // a first-party API before its listings elsewhere (openai/gpt-4o before azure/gpt-4o), the order kept otherwise
  const suggestions = suggest(name, ids, 3, canonical).map((x, i) => ({ x, i })).sort((a, b) => Number(!firstParty.test(a.x)) - Number(!firstParty.test(b.x)) || a.i - b.i).map((e) => e.x);
  return { kind: 'unknown', suggestions };
}

/** The plain catalog in force on a day: one release resolved at each day, or plain versions by date. */
export interface PriceSource {
  at(day: string): Catalog;
  /** what the source says about how rows were priced (read when the log is done) */
  notes?: string[];
}

/** Plain catalog versions over time: the version in force on a day is the newest published on or before it. */
export function versionsByDate(catalogs: readonly Catalog[]): PriceSource & { notes: string[] } {
  if (!catalogs.length) throw new Error('versionsByDate needs at least one catalog');
  const notes: string[] = [];
  const versions = [...catalogs].sort((a, b) => (a.meta.version < b.meta.version ? -1 : 1));
  let warnedEarly = false;
  return {
    notes,
    at(day) {
      let pick = versions[0]!;
      for (const c of versions) if (c.meta.version <= day) pick = c;
      if (pick.meta.version > day && !warnedEarly) {
        warnedEarly = true;
        notes.push(`requests dated before the oldest catalog version (${pick.meta.version}) were priced with it`);
      }
      return pick;
    },
  };
}

/** One model name the log used that could not be priced, with what would price it. */
export interface UnpricedModel {
  model: string;
  /** unknown: no such id or alias; unavailable: not callable on the row's date; no-rate: a rate it needs is unknown */
  why: 'unknown' | 'unavailable' | 'no-rate';
  rows: number;
  tokens: number;
  firstDay: string;
  lastDay: string;
  /** the catalog's reason (unavailable, no-rate) */
  reason?: string;
  /** closest ids of the catalog (unknown) */
  closest?: string[];
}

/** One line per unpriced model name: rows, days, and why (with the closest ids for an unknown name). */
export function unpricedWarning(u: UnpricedModel): string {
  const days = u.firstDay === u.lastDay ? u.firstDay : `${u.firstDay}..${u.lastDay}`;
  const what = `${u.rows} request(s) of ${u.model} (${days}) unpriced`;
  if (u.why === 'unknown') return `${what}: not in the catalog${u.closest?.length ? `; did you mean ${u.closest.join(', ')}?` : ''}`;
  return `${what}: ${u.reason ?? ''}`;
}

/**
 * Request-log pricing: each request at the prices in force on its own day (SPEC §2.1, §4.1).
 * Unpriced rows are collected by model with the reason and the closest ids, never priced as $0.
 */
export class CatalogTimeline {
  private readonly source: PriceSource;
  readonly used = new Map<string, number>();
  readonly notes: string[];
  private readonly misses = new Map<string, UnpricedModel>();

  constructor(source: readonly Catalog[] | PriceSource) {
    this.source = Array.isArray(source) ? versionsByDate(source as readonly Catalog[]) : (source as PriceSource);
    this.notes = this.source.notes ?? [];
  }

  forDay(day: string): Catalog {
    return this.source.at(day);
  }

  /** Models the log used that could not be priced, most rows first. */
  unpriced(): UnpricedModel[] {
    return [...this.misses.values()].sort((a, b) => b.rows - a.rows || (a.model < b.model ? -1 : 1));
  }

  private miss(model: string, day: string, tokens: number, why: UnpricedModel['why'], detail: () => { reason?: string; closest?: string[] }): void {
    const key = `${why}\u0000${model}`;
    const m = this.misses.get(key);
    if (m) {
      m.rows++;
      m.tokens += tokens;
      if (day < m.firstDay) m.firstDay = day;
      if (day > m.lastDay) m.lastDay = day;
      return;
    }
    this.misses.set(key, { model, why, rows: 1, tokens, firstDay: day, lastDay: day, ...detail() });
  }

  /**
   * A priced row's cost under each hypothesis of a tracker's mistake (reconcile.ts), and the
   * rates it was priced at; nothing is recorded (the row was priced by `price` already).
   */
  alternatives(model: string, at: number, t: TokenCounts): { alt: Alternatives; rates: { input: number | null; output: number | null } } | undefined {
    const m = findModel(this.forDay(dayOf(at)), model);
    if (!m) return undefined;
    const cost = (p: ReturnType<typeof priceTokens>) => (p.ok ? p.cost : null);
    const zero = { cacheRead: 0, cacheWrite: 0, cacheWrite1h: 0 };
    const uncached = t.input - t.cacheRead - t.cacheWrite - t.cacheWrite1h;
    const r = ratesFor(m, t.input);
    return {
      alt: {
        cacheFree: cost(priceTokens(m, { ...t, ...zero, input: uncached })),
        cacheAsInput: cost(priceTokens(m, { ...t, ...zero })),
        noTier: cost(priceTokens({ ...m, long_context: [] }, t)),
      },
      rates: { input: r.input ?? null, output: r.output ?? null },
    };
  }

  /** The pricing callback for map-row. */
  price = (r: PriceRequest): PriceOutcome => {
    const day = dayOf(r.at);
    const cat = this.forDay(day);
    const m = findModel(cat, r.model);
    const tokens = r.tokens.input + r.tokens.output;
    if (!m) {
      const why = whyUnpriced(cat, r.model, day);
      if (why.kind === 'unavailable') {
        this.miss(r.model, day, tokens, 'unavailable', () => ({ reason: why.reason.replace(/^.* is not available on \d{4}-\d{2}-\d{2}: /, '') }));
        return { ok: false, unpriced: true, reason: why.reason };
      }
      this.miss(r.model, day, tokens, 'unknown', () => ({ closest: why.suggestions }));
      return { ok: false, unpriced: true, reason: `${r.model} is not in catalog ${cat.meta.version}` };
    }
    const p = priceTokens(m, r.tokens);
    if (!p.ok) {
      this.miss(r.model, day, tokens, 'no-rate', () => ({ reason: p.reason }));
      return { ok: false, unpriced: true, reason: p.reason };
    }
    this.used.set(cat.meta.version, (this.used.get(cat.meta.version) ?? 0) + 1);
    return { ok: true, cost: p.cost, provider: m.id.slice(0, m.id.indexOf('/')), modelId: m.id };
  };
}
