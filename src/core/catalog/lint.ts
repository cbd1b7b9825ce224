import type { CatalogFile, ModelEntry, TierRates } from './schema.js';
import { resolveSource } from './catalog.js';
import type { HistoryCatalogFile } from './history-schema.js';
import { modelEntryFor } from './timeline.js';
import type { PathIssue } from '../schema-issues.js';

export interface LintViolation extends PathIssue {
  rule: string;
  id: string;
}

/** Providers that sell a batch API for their chat models: a chat model of theirs without `batch` is a lint error. */
export const BATCH_PROVIDERS = ['openai', 'anthropic', 'google', 'mistral'] as const;

const RATE_FIELDS = ['input', 'output', 'cache_read', 'cache_write', 'cache_write_1h'] as const;

/**
 * The sanity rules over a release with price history: every price entry of every model is
 * checked as the plain model entry it resolves to (paths point into `prices[j]`), the other
 * sections as in a plain catalog.
 */
export function lintHistory(h: HistoryCatalogFile): LintViolation[] {
  const out: LintViolation[] = [];
  h.models.forEach((m, i) => {
    m.prices.forEach((p, j) => {
      const e = modelEntryFor(m, p);
      const at = (...q: PropertyKey[]) => (q[0] === 'id' ? ['models', i, 'id'] : ['models', i, 'prices', j, ...q]);
      lintModel(h as unknown as CatalogFile, e, at, (rule, id, path, message) => out.push({ rule, id, path, message }));
    });
  });
  const rest = lintCatalog({ ...(h as unknown as CatalogFile), models: [] });
  return [...out, ...rest];
}

/** The sanity rules of SPEC §2. Pure: returns violations with their paths. */
export function lintCatalog(c: CatalogFile): LintViolation[] {
  const out: LintViolation[] = [];
  const v = (rule: string, id: string, path: PropertyKey[], message: string) => out.push({ rule, id, path, message });

  c.models.forEach((m, i) => lintModel(c, m, (...p: PropertyKey[]) => ['models', i, ...p], v));
  lintOthers(c, v);
  return out;
}

type Violate = (rule: string, id: string, path: PropertyKey[], message: string) => void;

function lintModel(c: CatalogFile, m: ModelEntry, at: (...p: PropertyKey[]) => PropertyKey[], v: Violate): void {
  {
    if (m.kind === 'chat' && m.input != null && m.output === undefined) v('output-required', m.id, at('output'), 'a chat model needs an output price (null if unknown)');
    checkCache(m, m, at(), (rule, path, msg) => v(rule, m.id, path, msg));
    for (const tier of ['batch', 'flex', 'priority'] as const) {
      const t = m[tier];
      if (t) checkCache(t, t, at(tier), (rule, path, msg) => v(rule, m.id, path, msg));
    }
    const provider = m.id.split('/')[0] ?? '';
    if (m.kind === 'chat' && (BATCH_PROVIDERS as readonly string[]).includes(provider) && m.batch === undefined) {
      v('batch-missing', m.id, at('id'), `${provider} sells batch; add a batch block (null if its batch price is unknown)`);
    }
    if (m.batch) {
      for (const f of RATE_FIELDS) {
        const b = m.batch[f];
        const base = m[f];
        if (b != null && base != null && b > base) v('batch-above-standard', m.id, at('batch', f), `batch ${f} ${b} is above the standard ${f} ${base}`);
      }
    }
    m.long_context.forEach((tier, j) => {
      for (const f of RATE_FIELDS) {
        const t = tier[f];
        const base = m[f];
        if (t != null && base != null && t < base) v('long-context-below-base', m.id, at('long_context', j, f), `long-context ${f} ${t} is below the base rate ${base}`);
      }
    });
    checkDated(c, m, at, (rule, path, msg) => v(rule, m.id, path, msg));
  }
}

function lintOthers(c: CatalogFile, v: Violate): void {
  c.instances.forEach((e, i) => {
    const at = (...p: PropertyKey[]) => ['instances', i, ...p];
    const od = e.on_demand_hourly;
    for (const f of ['spot_hourly', 'reserved_1y_hourly', 'reserved_3y_hourly'] as const) {
      const x = e[f];
      if (x != null && od != null && x > od) v(`${f.split('_')[0]}-above-on-demand`, e.id, at(f), `${f} ${x} is above on_demand_hourly ${od}`);
    }
    if (e.reserved_1y_hourly != null && e.reserved_3y_hourly != null && e.reserved_3y_hourly > e.reserved_1y_hourly) {
      v('reserved-3y-above-1y', e.id, at('reserved_3y_hourly'), `3-year rate ${e.reserved_3y_hourly} is above the 1-year rate ${e.reserved_1y_hourly}`);
    }
    checkDated(c, e, at, (rule, path, msg) => v(rule, e.id, path, msg));
  });
  c.serverless.forEach((e, i) => {
    const at = (...p: PropertyKey[]) => ['serverless', i, ...p];
    if (e.per_gpu_second != null && !e.gpu) v('gpu-missing', e.id, at('per_gpu_second'), 'per_gpu_second needs a gpu: { model, memory_gb }');
    if (e.memory_mb && e.memory_mb.min > e.memory_mb.max) v('memory-range', e.id, at('memory_mb'), `memory_mb.min ${e.memory_mb.min} is above max ${e.memory_mb.max}`);
    checkDated(c, e, at, (rule, path, msg) => v(rule, e.id, path, msg));
  });
  c.throughput.forEach((e, i) => {
    const at = (...p: PropertyKey[]) => ['throughput', i, ...p];
    if (e.mode === 'max_throughput' && e.concurrency != null) v('throughput-mode', e.id, at('concurrency'), 'a max_throughput run has no fixed concurrency (use null)');
    if (e.mode === 'fixed_concurrency' && e.concurrency == null) v('throughput-mode', e.id, at('concurrency'), 'a fixed_concurrency run needs its concurrency');
    if (e.output_tokens_per_second != null && e.output_tokens_per_second > e.tokens_per_second) v('throughput-output', e.id, at('output_tokens_per_second'), 'output tokens/s cannot exceed total tokens/s');
    checkDated(c, e, at, (rule, path, msg) => v(rule, e.id, path, msg));
  });
}

type Report = (rule: string, path: PropertyKey[], message: string) => void;

function checkCache(rates: TierRates, _owner: TierRates | ModelEntry, at: PropertyKey[], report: Report) {
  const { input, cache_read, cache_write, cache_write_1h } = rates;
  if (cache_read != null && input != null && cache_read > input) report('cache-read-above-input', [...at, 'cache_read'], `cache_read ${cache_read} is above input ${input}`);
  if (cache_write_1h != null && cache_write != null && cache_write_1h < cache_write) report('cache-write-1h-below-5m', [...at, 'cache_write_1h'], `cache_write_1h ${cache_write_1h} is below the 5-minute write ${cache_write}`);
}

function checkDated(c: CatalogFile, e: { source: CatalogFile['models'][number]['source']; field_sources?: Record<string, CatalogFile['models'][number]['source']> | undefined }, at: (...p: PropertyKey[]) => PropertyKey[], report: Report) {
  const s = resolveSource(c, e.source);
  if (!s) report('source-missing', at('source'), 'rate has no resolvable source');
  else if (!s.as_of) report('source-undated', at('source'), 'source has no as_of date');
  for (const [f, ref] of Object.entries(e.field_sources ?? {})) {
    const fs = resolveSource(c, ref);
    if (!fs) report('source-missing', at('field_sources', f), `field ${f} has no resolvable source`);
  }
}
