import type { Catalog } from '../catalog/catalog.js';
import type { ModelEntry } from '../catalog/schema.js';
import { numberToScaled } from '../decimal.js';
import type { PriceOutcome, PriceRequest } from './map-row.js';
import { dayOf, type TokenCounts } from './record.js';

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
  const uncached = t.input - t.cacheRead - t.cacheWrite - t.cacheWrite1h;
  const parts: [RateName, number][] = [['input', uncached], ['cache_read', t.cacheRead], ['cache_write', t.cacheWrite], ['cache_write_1h', t.cacheWrite1h], ['output', t.output]];
  let sum = 0n;
  for (const [rate, tokens] of parts) {
    if (tokens === 0) continue;
    const r = rates[rate];
    if (r === null || r === undefined) return { ok: false, reason: `${m.id} has no ${rate} price` };
    sum += BigInt(tokens) * numberToScaled(r);
  }
  // one rounding, half away from zero (sums are positive)
  const cost = sum / MILLION + ((sum % MILLION) * 2n >= MILLION ? 1n : 0n);
  return { ok: true, cost };
}

/** Find a model by id or alias; also `provider/name` tails and dated snapshots (`claude-3-5-sonnet-20241022`). */
export function findModel(c: Catalog, name: string): ModelEntry | undefined {
  const n = name.trim().toLowerCase();
  const candidates = [n, n.replace(/-(\d{8}|\d{4}-\d{2}-\d{2})$/, ''), n.replace(/-\d{4}$/, '')];
  for (const cand of candidates) {
    for (const m of c.models) {
      const id = m.id.toLowerCase();
      if (id === cand || id.slice(id.indexOf('/') + 1) === cand || m.aliases.some((a) => a.toLowerCase() === cand)) return m;
    }
  }
  return undefined;
}

/**
 * Catalog versions over time: the version in force on a day is the newest published on or
 * before it. Days before the oldest version use the oldest (and say so once).
 */
export class CatalogTimeline {
  private readonly versions: Catalog[];
  readonly used = new Map<string, number>();
  readonly notes: string[] = [];
  private warnedEarly = false;

  constructor(catalogs: readonly Catalog[]) {
    if (!catalogs.length) throw new Error('CatalogTimeline needs at least one catalog');
    this.versions = [...catalogs].sort((a, b) => (a.meta.version < b.meta.version ? -1 : 1));
  }

  forDay(day: string): Catalog {
    let pick = this.versions[0]!;
    for (const c of this.versions) if (c.meta.version <= day) pick = c;
    if (pick.meta.version > day && !this.warnedEarly) {
      this.warnedEarly = true;
      this.notes.push(`requests dated before the oldest catalog version (${pick.meta.version}) were priced with it`);
    }
    return pick;
  }

  /** The pricing callback for map-row. */
  price = (r: PriceRequest): PriceOutcome => {
    const cat = this.forDay(dayOf(r.at));
    const m = findModel(cat, r.model);
    if (!m) return { ok: false, unpriced: true, reason: `${r.model} is not in catalog ${cat.meta.version}` };
    const p = priceTokens(m, r.tokens);
    if (!p.ok) return { ok: false, unpriced: true, reason: p.reason };
    this.used.set(cat.meta.version, (this.used.get(cat.meta.version) ?? 0) + 1);
    return { ok: true, cost: p.cost, provider: m.id.slice(0, m.id.indexOf('/')), modelId: m.id };
  };
}
