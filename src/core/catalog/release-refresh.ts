import type { HistoryCatalogFile, HistoryModel, PriceEntry } from './history-schema.js';
import { perTokenToPerMillion } from './import-common.js';
import { genaiDatedRates, genaiMatches, idFor, litellmRates, sameHeadlineRates, sameRateSet, sanitize } from './release-build.js';

/**
 * The monthly refresh (pricing/README.md): a candidate release from the previous release with
 * history and newer LiteLLM and genai-prices files. Each model's price in the newer LiteLLM
 * file is compared with the price in force at the end of the previous release; a change is
 * appended, dated the day the file shows it (`listed`), when genai-prices agrees with it (or
 * does not list the model) and it is not a jump over 10x (those are held back for review). Keys
 * new to the list become models whose first price is listed that day. Nothing is applied
 * silently: the report lists every change, held-back change, new and vanished model, and the
 * models the two sources disagree on or only one lists.
 */
export interface RefreshInput {
  base: HistoryCatalogFile;
  version: string;
  /** LiteLLM's model_prices_and_context_window.json, parsed */
  litellm: Record<string, unknown>;
  litellmSource: { key: string; url: string; as_of: string; note?: string };
  /** genai-prices' data.json (v2 layout: providers with models), parsed */
  genai: unknown;
  genaiSource: { key: string; url: string; as_of: string; note?: string };
}

export interface RefreshReport {
  applied: { id: string; from: string; change: string }[];
  heldBack: { id: string; change: string; why: string }[];
  added: { id: string; key: string; input: number | null; output: number | null }[];
  vanished: { id: string }[];
  disagree: { id: string; field: string; litellm: number; genai: number }[];
  litellmOnly: string[];
  genaiOnly: string[];
}

const FIELDS = [
  'input_cost_per_token', 'output_cost_per_token', 'cache_read_input_token_cost', 'cache_creation_input_token_cost', 'cache_creation_input_token_cost_above_1hr',
  'input_cost_per_token_batches', 'output_cost_per_token_batches', 'input_cost_per_token_above_200k_tokens', 'output_cost_per_token_above_200k_tokens',
  'input_cost_per_token_above_128k_tokens', 'output_cost_per_token_above_128k_tokens', 'cache_read_input_token_cost_above_200k_tokens',
  'input_cost_per_token_flex', 'output_cost_per_token_flex', 'input_cost_per_token_priority', 'output_cost_per_token_priority',
];

/** Per-token floats as per-1M decimals (import-common's conversion); not a price: undefined. */
function perMillion(v: unknown): string | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? perTokenToPerMillion(v) : undefined;
}

const TOL = 0.005;
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 + TOL * Math.max(Math.abs(a), Math.abs(b));

export function refreshRelease(input: RefreshInput): { catalog: HistoryCatalogFile; report: RefreshReport } {
  const report: RefreshReport = { applied: [], heldBack: [], added: [], vanished: [], disagree: [], litellmOnly: [], genaiOnly: [] };
  const day = input.litellmSource.as_of;
  const models: HistoryModel[] = structuredClone(input.base.models);
  const byId = new Map(models.map((m) => [m.id.toLowerCase(), m]));
  const aliasIds = new Set(input.base.aliases.map((a) => a.id.toLowerCase()));

  // genai-prices entries by provider
  const genai: { key: string; provider: string; match: unknown; prices: unknown }[] = [];
  for (const p of Array.isArray(input.genai) ? (input.genai as { id?: unknown; models?: unknown }[]) : []) {
    if (typeof p.id !== 'string' || !Array.isArray(p.models)) continue;
    for (const m of p.models as { id?: unknown; match?: unknown; prices?: unknown }[]) if (typeof m.id === 'string') genai.push({ key: `${p.id}/${m.id}`, provider: p.id, match: m.match, prices: m.prices });
  }
  const GENAI: Record<string, string> = { openai: 'openai', anthropic: 'anthropic', google: 'google', vertex: 'google', mistral: 'mistral', deepseek: 'deepseek', xai: 'x-ai', bedrock: 'aws', azure: 'azure' };
  const genaiUsed = new Set<string>();
  const genaiFor = (id: string) => {
    const prov = GENAI[id.slice(0, id.indexOf('/'))];
    const name = id.slice(id.indexOf('/') + 1).replace(/^(us|eu|apac|global|jp|au|us-gov)[./]/, '');
    const hit = genai.find((g) => g.provider === prov && (g.key.slice(g.key.indexOf('/') + 1).toLowerCase() === name.toLowerCase() || genaiMatches(g.match, name)));
    if (hit) genaiUsed.add(hit.key);
    return hit;
  };

  const seen = new Set<string>();
  for (const [key, raw] of Object.entries(input.litellm)) {
    if (!raw || typeof raw !== 'object' || key === 'sample_spec') continue;
    const v = raw as Record<string, unknown>;
    const mode = typeof v.mode === 'string' ? v.mode : undefined;
    if (!['chat', 'responses', 'completion', 'embedding'].includes(mode ?? '')) continue;
    const id = idFor(key, typeof v.litellm_provider === 'string' ? v.litellm_provider : undefined);
    if (!id || aliasIds.has(id.toLowerCase()) || seen.has(id.toLowerCase())) continue;
    const per: Record<string, string> = {};
    for (const f of FIELDS) {
      const x = perMillion(v[f]);
      if (x !== undefined) per[f] = x;
    }
    if (per.input_cost_per_token === undefined) continue;
    seen.add(id.toLowerCase());
    const rates = litellmRates(per, mode);
    const g = genaiFor(id);
    const gr = g ? genaiDatedRates(g.prices, day) : undefined;
    if (!g) report.litellmOnly.push(id);
    if (gr?.input !== undefined && rates.input !== null && !close(gr.input, rates.input)) report.disagree.push({ id, field: 'input', litellm: rates.input, genai: gr.input });
    if (gr?.output !== undefined && typeof rates.output === 'number' && !close(gr.output, rates.output)) report.disagree.push({ id, field: 'output', litellm: rates.output, genai: gr.output });
    const m = byId.get(id.toLowerCase());
    if (!m) {
      const e = { from: day, date: 'listed', source: input.litellmSource.key, ...rates } as PriceEntry;
      const kind = mode === 'embedding' ? 'embedding' : 'chat';
      // as the build does: sold-but-unknown batch for providers that sell it, lint rules applied
      if (kind === 'chat' && ['openai', 'anthropic', 'google', 'mistral'].includes(id.slice(0, id.indexOf('/'))) && e.batch === undefined) e.batch = null;
      sanitize(e);
      const bare = id.slice(id.indexOf('/') + 1);
      const taken = models.some((x) => x.id.toLowerCase() === bare.toLowerCase() || x.aliases.some((a) => a.toLowerCase() === bare.toLowerCase())) || input.base.aliases.some((a) => a.names.some((n) => n.toLowerCase() === bare.toLowerCase()));
      const fresh: HistoryModel = { id, kind, aliases: ['openai', 'anthropic', 'google', 'mistral', 'deepseek', 'xai'].includes(id.slice(0, id.indexOf('/'))) && !taken ? [bare] : [], prices: [e] };
      models.push(fresh);
      byId.set(id.toLowerCase(), fresh);
      report.added.push({ id, key, input: rates.input, output: rates.output ?? null });
      continue;
    }
    const last = m.prices[m.prices.length - 1]!;
    // the release knows a later change than this file, or the model is retired: not news for it
    if (last.from > day || (m.retired && m.retired.on <= day)) continue;
    // only what the list tracks is compared, field by field: fields it lacks, and fields the release
    // derived by a rule (cache_write = input where no write fee is charged), are kept
    const next = mergeListed(last, rates);
    sanitize(next);
    if (sameRateSet(last, next)) continue;
    next.from = day;
    next.date = 'listed';
    next.source = input.litellmSource.key;
    delete next.notes;
    delete next.field_sources;
    delete next.derived;
    const change = describe(last, next);
    const jump = (['input', 'output'] as const).some((f) => typeof last[f] === 'number' && typeof next[f] === 'number' && last[f]! > 0 && next[f]! > 0 && (next[f]! / last[f]! > 10 || last[f]! / next[f]! > 10));
    if (jump) {
      report.heldBack.push({ id, change, why: 'a jump over 10x against the previous release: check it against the provider' });
      continue;
    }
    if ((['input', 'output'] as const).some((f) => typeof last[f] === 'number' && last[f]! > 0 && next[f] === 0)) {
      report.heldBack.push({ id, change, why: 'a price of 0 (free) where the release has a price: check it against the provider' });
      continue;
    }
    if (!sameHeadlineRates(last, next) && gr?.input !== undefined && close(gr.input, last.input ?? NaN) && (gr.output === undefined || close(gr.output, last.output ?? NaN))) {
      report.heldBack.push({ id, change, why: 'genai-prices still lists the previous price' });
      continue;
    }
    if (last.from === day) m.prices[m.prices.length - 1] = next;
    else m.prices.push(next);
    report.applied.push({ id, from: day, change });
  }
  // a model the previous release had from LiteLLM that the newer file no longer lists (a retirement to check)
  for (const m of models) if (!seen.has(m.id.toLowerCase()) && !m.retired && m.prices.some((p) => String(p.source).startsWith('litellm'))) report.vanished.push({ id: m.id });
  for (const g of genai) if (!genaiUsed.has(g.key) && Object.values(GENAI).includes(g.provider)) report.genaiOnly.push(g.key);

  const catalog: HistoryCatalogFile = {
    ...structuredClone(input.base),
    version: input.version,
    published: input.version,
    sources: {
      ...input.base.sources,
      [input.litellmSource.key]: { url: input.litellmSource.url, as_of: input.litellmSource.as_of, secondary: true, ...(input.litellmSource.note ? { note: input.litellmSource.note } : {}) },
      [input.genaiSource.key]: { url: input.genaiSource.url, as_of: input.genaiSource.as_of, secondary: true, ...(input.genaiSource.note ? { note: input.genaiSource.note } : {}) },
    },
    models: models.sort((a, b) => (a.id < b.id ? -1 : 1)),
  };
  return { catalog, report };
}

type Rates = ReturnType<typeof litellmRates>;

/** `last` with the list's fields laid over it: tiers field by field, long-context tiers by threshold; derived fields kept. */
function mergeListed(last: PriceEntry, rates: Rates): PriceEntry {
  const next = structuredClone(last);
  const derived = new Set(Object.keys(last.derived ?? {}));
  for (const f of ['input', 'output', 'cache_read', 'cache_write', 'cache_write_1h'] as const) {
    if (rates[f] !== undefined && !derived.has(f)) (next as Record<string, unknown>)[f] = rates[f];
  }
  for (const t of ['batch', 'flex', 'priority'] as const) {
    const r = rates[t];
    if (r && !derived.has(t)) next[t] = { ...(last[t] ?? {}), ...r };
  }
  if (!derived.has('long_context')) {
    for (const tier of rates.long_context ?? []) {
      const same = next.long_context.find((x) => x.prompt_tokens_over === tier.prompt_tokens_over);
      if (same) Object.assign(same, tier);
      else next.long_context.push({ ...tier });
    }
    next.long_context.sort((a, b) => a.prompt_tokens_over - b.prompt_tokens_over);
  }
  return next;
}

function describe(a: PriceEntry, b: PriceEntry): string {
  const parts: string[] = [];
  for (const f of ['input', 'output', 'cache_read', 'cache_write', 'cache_write_1h'] as const) {
    if ((a[f] ?? null) !== (b[f] ?? null)) parts.push(`${f} ${a[f] ?? '-'} -> ${b[f] ?? '-'}`);
  }
  for (const f of ['batch', 'flex', 'priority', 'long_context'] as const) if (JSON.stringify(a[f] ?? null) !== JSON.stringify(b[f] ?? null)) parts.push(`${f} changed`);
  return parts.join('; ');
}
