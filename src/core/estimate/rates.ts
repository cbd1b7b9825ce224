import type { ModelEntry } from '../catalog/schema.js';

/** USD per 1M tokens for one call, after long-context tiers and the batch discount. */
export interface CallRates {
  input: number | null;
  output: number | null;
  cacheRead: number | null;
  cacheWrite: number | null;
  cacheWrite1h: number | null;
  /** the long-context threshold crossed, if any (the whole request is at that tier's rates) */
  tierOver?: number;
}

export type RateMode = 'standard' | 'batch';

type RateField = 'input' | 'output' | 'cache_read' | 'cache_write' | 'cache_write_1h';
const FIELDS: readonly RateField[] = ['input', 'output', 'cache_read', 'cache_write', 'cache_write_1h'];

const num = (v: number | null | undefined): number | null => (typeof v === 'number' ? v : null);

/** The long-context tier that applies to a prompt of `promptTokens` (the highest crossed), if any. */
export function longContextTier(m: ModelEntry, promptTokens: number): ModelEntry['long_context'][number] | undefined {
  let hit: ModelEntry['long_context'][number] | undefined;
  for (const t of m.long_context) if (promptTokens > t.prompt_tokens_over && (!hit || t.prompt_tokens_over > hit.prompt_tokens_over)) hit = t;
  return hit;
}

/**
 * Rates of one call. A long-context tier applies to the whole request when the prompt crosses
 * its threshold; a field the tier leaves out keeps the base rate. Batch rates come from the
 * catalog's `batch` block; for a long-context call the batch discount of that field (batch /
 * standard) is applied to the tier's rate. `null` means unknown (never 0): the caller reports it.
 */
export function callRates(m: ModelEntry, promptTokens: number, mode: RateMode): CallRates | { unavailable: string } {
  const tier = longContextTier(m, promptTokens);
  const base: Record<RateField, number | null> = {
    input: num(m.input),
    output: num(m.output),
    cache_read: num(m.cache_read),
    cache_write: num(m.cache_write),
    cache_write_1h: num(m.cache_write_1h),
  };
  const standard: Record<RateField, number | null> = { ...base };
  if (tier) {
    for (const f of FIELDS) {
      const v = tier[f];
      if (v !== undefined) standard[f] = num(v);
    }
  }
  let out = standard;
  if (mode === 'batch') {
    const b = m.batch;
    if (!b) return { unavailable: `${m.id} has no batch price in this catalog` };
    out = { input: null, output: null, cache_read: null, cache_write: null, cache_write_1h: null };
    for (const f of FIELDS) {
      const bv = num(b[f]);
      if (bv === null) continue;
      const bf = base[f];
      const sf = standard[f];
      out[f] = tier && bf !== null && bf > 0 && sf !== null ? (sf * bv) / bf : bv;
    }
  }
  const r: CallRates = { input: out.input, output: out.output, cacheRead: out.cache_read, cacheWrite: out.cache_write, cacheWrite1h: out.cache_write_1h };
  if (tier) r.tierOver = tier.prompt_tokens_over;
  return r;
}

/** USD of one call at plain rates (no caching): input x input rate + output x output rate, per 1M. */
export function callCost(rates: { input: number; output: number }, inputTokens: number, outputTokens: number): number {
  return (inputTokens * rates.input + outputTokens * rates.output) / 1e6;
}
