import type { CatalogFile, LongContextTier, ModelEntry, SourceRef, TierRates } from './schema.js';
import type { AliasTarget, DateKind, HistoryCatalogFile, HistoryModel, LifeEvent, MovingAlias, PriceEntry } from './history-schema.js';

/**
 * Building a release with price history from the community price histories (LiteLLM's and
 * genai-prices' git histories, or one newer snapshot of each), hand-sourced events (launches,
 * price changes, alias moves, retirements, each with its source) and the previous release.
 * Pure: the caller reads the files. The rules, in the order they apply:
 *
 * 1. Scope: LiteLLM keys of OpenAI, Anthropic, Google (Gemini API and Vertex), Mistral, DeepSeek
 *    and xAI, and the Bedrock and Azure listings of those families; text, reasoning and
 *    embedding modes. Each key is one model; its id is `provider/name` as the API writes it.
 * 2. A LiteLLM price that lasted fewer than TRANSIENT_DAYS and was then replaced by the price
 *    before it is a transient error of the list: dropped, and reported.
 * 3. A change LiteLLM listed on day L moves back to genai-prices' `start_date` S when genai-prices
 *    has the same input and output rates from S, S <= L and S after the previous change: S is the
 *    provider's effective date.
 * 4. Hand-sourced events win: a launch sets the first day (its prices, or the first listed price
 *    taken back to it, marked inferred); a price event inserts its rates from its day; listed
 *    entries with the same rates after it are dropped; an alias event makes the name a moving
 *    alias; deprecations and retirements are set.
 * 5. The previous release's rates are the ones in force on its date: where they differ from the
 *    history built here, they are kept (the previous release was curated) and the difference is
 *    reported.
 */

export const TRANSIENT_DAYS = 7;

/** One change of one LiteLLM key (litellm-history.json). */
export interface LiteLLMChange {
  from: string;
  removed?: boolean;
  provider?: string;
  mode?: string;
  per_1m?: Record<string, string>;
}

/** One change of one genai-prices entry (genai-prices-history.json). */
export interface GenaiChange {
  seen: string;
  removed?: boolean;
  prices?: unknown;
  match?: unknown;
}

export interface CuratedSource {
  url: string;
  as_of: string;
  quote?: string;
  secondary?: boolean;
  note?: string;
  notes?: string;
}

export interface CuratedEvent {
  id: string;
  event: 'launch' | 'price' | 'alias' | 'deprecated' | 'retired';
  on: string;
  date: DateKind;
  source: string;
  prices?: Record<string, unknown>;
  to?: string;
  notes?: string;
}

export interface BuildInput {
  version: string;
  published: string;
  catalogId: string;
  description: string;
  litellm: { models: Record<string, LiteLLMChange[]>; source: { key: string; url: string; as_of: string; note: string }; firstSnapshot?: string };
  genai: { models: Record<string, GenaiChange[]>; source: { key: string; url: string; as_of: string; note: string } };
  curated: { sources: Record<string, CuratedSource>; events: CuratedEvent[] };
  /** the previous release: its models are kept (ids and rates on its date), its other sections copied */
  previous: CatalogFile;
}

export interface BuildReport {
  models: number;
  aliases: number;
  transient: { id: string; from: string; until: string; detail: string }[];
  stale: { id: string; from: string; detail: string }[];
  movedToEffective: { id: string; listed: string; effective: string }[];
  disagreements: { id: string; genai: string; field: string; litellm: string; genaiValue: string }[];
  previousDiffers: { id: string; field: string; history: string; previous: string }[];
  jumps: { id: string; from: string; field: string; before: string; after: string }[];
  curatedUnused: { id: string; event: string; why: string }[];
  notes: string[];
}

export type Rates = Omit<PriceEntry, 'from' | 'date' | 'source' | 'field_sources' | 'derived' | 'notes'>;

/** How a LiteLLM provider maps to costopt's id prefix (undefined: out of scope). */
export function idFor(key: string, provider: string | undefined): string | undefined {
  const p = provider ?? '';
  const strip = (k: string, pre: string) => (k.toLowerCase().startsWith(pre) ? k.slice(pre.length) : k);
  switch (p) {
    case 'openai':
    case 'text-completion-openai':
      return key.includes('/') ? undefined : `openai/${key}`;
    case 'anthropic':
      return key.includes('/') ? undefined : `anthropic/${key}`;
    case 'gemini':
      return `google/${strip(key, 'gemini/')}`;
    case 'vertex_ai-language-models':
    case 'vertex_ai-anthropic_models':
    case 'vertex_ai-mistral_models':
    case 'vertex_ai-deepseek_models':
    case 'vertex_ai-embedding-models':
      return `vertex/${strip(key, 'vertex_ai/')}`;
    case 'mistral':
      return `mistral/${strip(key, 'mistral/')}`;
    case 'deepseek':
      return `deepseek/${strip(key, 'deepseek/')}`;
    case 'xai':
      return `xai/${strip(key, 'xai/')}`;
    case 'azure':
      return /^azure\/(gpt|o\d|text-embedding|codex|computer-use|chatgpt)/i.test(key) || /^azure\/(eu|us|global)\/(gpt|o\d)/i.test(key) ? `azure/${strip(key, 'azure/')}` : undefined;
    case 'azure_ai': {
      const rest = strip(key, 'azure_ai/');
      return /^(mistral|ministral|codestral|deepseek|grok)/i.test(rest) ? `azure_ai/${rest}` : undefined;
    }
    case 'bedrock':
    case 'bedrock_converse': {
      const rest = strip(key, 'bedrock/');
      return /(^|[./])(anthropic|mistral|deepseek|openai)\./i.test(rest) ? `bedrock/${rest}` : undefined;
    }
    default:
      return undefined;
  }
}

const MODES = new Set(['chat', 'responses', 'completion', 'embedding']);
const FIRST_PARTY = new Set(['openai', 'anthropic', 'google', 'mistral', 'deepseek', 'xai']);

/** LiteLLM's per-1M decimal fields as a costopt rate set. */
export function litellmRates(per: Record<string, string>, mode: string | undefined): Rates {
  const r: Rates = { input: per.input_cost_per_token ?? null, long_context: [] } as unknown as Rates;
  const num = (s: string | undefined) => (s === undefined ? undefined : Number(s));
  const set = (k: keyof Rates, v: string | undefined) => {
    if (v !== undefined) (r as Record<string, unknown>)[k] = Number(v);
  };
  r.input = per.input_cost_per_token !== undefined ? Number(per.input_cost_per_token) : null;
  // 0 for input and output is a list's placeholder (free previews, unknown prices alike): unknown, never $0
  if (r.input === 0 && (per.output_cost_per_token === undefined || Number(per.output_cost_per_token) === 0)) {
    r.input = null;
    if (mode !== 'embedding') r.output = null;
    return r;
  }
  const out = per.output_cost_per_token;
  if (mode === 'embedding') {
    if (out !== undefined && Number(out) !== 0) set('output', out);
  } else r.output = out !== undefined ? Number(out) : null;
  set('cache_read', per.cache_read_input_token_cost);
  set('cache_write', per.cache_creation_input_token_cost);
  set('cache_write_1h', per.cache_creation_input_token_cost_above_1hr);
  const tier = (i?: string, o?: string): TierRates | undefined => {
    if (i === undefined && o === undefined) return undefined;
    const t: TierRates = {};
    if (i !== undefined) t.input = Number(i);
    if (o !== undefined) t.output = Number(o);
    return t;
  };
  const b = tier(per.input_cost_per_token_batches, per.output_cost_per_token_batches);
  if (b) r.batch = b;
  const f = tier(per.input_cost_per_token_flex, per.output_cost_per_token_flex);
  if (f) r.flex = f;
  const p = tier(per.input_cost_per_token_priority, per.output_cost_per_token_priority);
  if (p) r.priority = p;
  const lc: LongContextTier[] = [];
  for (const k of ['128', '200'] as const) {
    const i = num(per[`input_cost_per_token_above_${k}k_tokens`]);
    const o = num(per[`output_cost_per_token_above_${k}k_tokens`]);
    const c = k === '200' ? num(per.cache_read_input_token_cost_above_200k_tokens) : undefined;
    if (i === undefined && o === undefined && c === undefined) continue;
    const t: LongContextTier = { prompt_tokens_over: Number(k) * 1000 };
    if (i !== undefined) t.input = i;
    if (o !== undefined) t.output = o;
    if (c !== undefined) t.cache_read = c;
    lc.push(t);
  }
  r.long_context = lc;
  return r;
}

const RATE_KEYS = ['input', 'output', 'cache_read', 'cache_write', 'cache_write_1h', 'cache_storage_per_hour', 'batch', 'flex', 'priority', 'long_context'] as const;

/** JSON with object keys sorted, so `{ input, output }` and `{ output, input }` compare equal. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v ?? null);
}

function sameRates(a: Rates, b: Rates): boolean {
  return RATE_KEYS.every((k) => canonical(a[k] ?? null) === canonical(b[k] ?? null));
}

const sameHeadline = (a: Rates, b: Rates) => a.input === b.input && (a.output ?? null) === (b.output ?? null);
export { sameRates as sameRateSet, sameHeadline as sameHeadlineRates };

/** genai-prices' input and output in force on `day` (the last set whose start_date is not after it). */
export function genaiDatedRates(prices: unknown, day: string): { input: number | undefined; output: number | undefined } {
  const dated = genaiDated(prices);
  let pick = dated[0];
  for (const d of dated) if (!d.start || d.start <= day) pick = d;
  return { input: pick?.input === undefined ? undefined : clean(pick.input), output: pick?.output === undefined ? undefined : clean(pick.output) };
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** genai-prices: does a match clause accept a model name? (equals, starts_with, ends_with, contains, regex, or, and) */
export function genaiMatches(clause: unknown, name: string): boolean {
  if (!clause || typeof clause !== 'object') return false;
  const c = clause as Record<string, unknown>;
  const n = name.toLowerCase();
  if (typeof c.equals === 'string') return n === c.equals.toLowerCase();
  if (typeof c.starts_with === 'string') return n.startsWith(c.starts_with.toLowerCase());
  if (typeof c.ends_with === 'string') return n.endsWith(c.ends_with.toLowerCase());
  if (typeof c.contains === 'string') return n.includes(c.contains.toLowerCase());
  if (typeof c.regex === 'string') {
    try {
      return new RegExp(c.regex, 'i').test(name);
    } catch {
      return false;
    }
  }
  if (Array.isArray(c.or)) return c.or.some((x) => genaiMatches(x, name));
  if (Array.isArray(c.and)) return c.and.every((x) => genaiMatches(x, name));
  return false;
}

/** genai-prices' providers for a costopt id prefix. */
const GENAI_PROVIDERS: Record<string, string[]> = {
  openai: ['openai'], anthropic: ['anthropic'], google: ['google'], vertex: ['google'], mistral: ['mistral'], deepseek: ['deepseek'], xai: ['x-ai'], bedrock: ['aws'], azure: ['azure'],
};

/** A genai-prices price value (number, or {base, tiers}) -> the base number. */
function genaiNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && typeof (v as { base?: unknown }).base === 'number') return (v as { base: number }).base;
  return undefined;
}

/** The dated price sets of a genai-prices entry: [{start?, input, output}] (start undefined: no start date). */
function genaiDated(prices: unknown): { start: string | undefined; input: number | undefined; output: number | undefined }[] {
  const one = (p: unknown) => {
    const o = (p ?? {}) as Record<string, unknown>;
    return { input: genaiNumber(o.input_mtok), output: genaiNumber(o.output_mtok) };
  };
  if (Array.isArray(prices)) {
    return prices.map((x) => {
      const e = x as { prices?: unknown; constraint?: { start_date?: unknown } };
      const start = typeof e.constraint?.start_date === 'string' ? e.constraint.start_date : undefined;
      return { start, ...one(e.prices) };
    });
  }
  return [{ start: undefined, ...one(prices) }];
}

/** Round away float noise: rates are per-1M decimals with at most 10 significant digits. */
const clean = (n: number) => Number(n.toPrecision(10));

/** A curated price set -> Rates (decimal strings or numbers). */
function curatedRates(p: Record<string, unknown>, kind: 'chat' | 'embedding'): Rates {
  const n = (v: unknown) => (v === null ? null : v === undefined ? undefined : clean(Number(v)));
  const r = { input: n(p.input) ?? null, long_context: [] } as unknown as Rates;
  if (kind === 'chat' || p.output !== undefined) (r as Record<string, unknown>).output = n(p.output) ?? null;
  for (const k of ['cache_read', 'cache_write', 'cache_write_1h', 'cache_storage_per_hour'] as const) if (p[k] !== undefined) (r as Record<string, unknown>)[k] = n(p[k]);
  for (const k of ['batch', 'flex', 'priority'] as const) {
    const t = p[k];
    if (t && typeof t === 'object') {
      const o: TierRates = {};
      for (const [f, v] of Object.entries(t as Record<string, unknown>)) (o as Record<string, unknown>)[f] = n(v);
      r[k] = o;
    }
  }
  if (Array.isArray(p.long_context)) {
    r.long_context = (p.long_context as Record<string, unknown>[]).map((t) => {
      const o: LongContextTier = { prompt_tokens_over: Number(t.prompt_tokens_over) };
      for (const [f, v] of Object.entries(t)) if (f !== 'prompt_tokens_over') (o as Record<string, unknown>)[f] = n(v);
      return o;
    });
  }
  return r;
}

interface Draft {
  id: string;
  kind: 'chat' | 'embedding';
  name?: string;
  aliases: Set<string>;
  context_window?: number | null;
  prices: (Rates & { from: string; date: DateKind; source: SourceRef; notes?: string; field_sources?: Record<string, SourceRef>; derived?: Record<string, string>; origin: 'litellm' | 'curated' | 'previous' })[];
  available?: LifeEvent;
  deprecated?: LifeEvent;
  retired?: LifeEvent;
  notes: string[];
  litellmKey?: string;
}

/** Build the release. */
export function buildRelease(input: BuildInput): { catalog: HistoryCatalogFile; report: BuildReport } {
  const report: BuildReport = { models: 0, aliases: 0, transient: [], stale: [], movedToEffective: [], disagreements: [], previousDiffers: [], jumps: [], curatedUnused: [], notes: [] };
  const L = input.litellm.source.key;
  const G = input.genai.source.key;
  const drafts = new Map<string, Draft>();
  const keyOfId = new Map<string, string>();

  // 1-2. LiteLLM keys in scope, transient errors dropped
  for (const [key, changes] of Object.entries(input.litellm.models)) {
    const live = changes.filter((c) => !c.removed && c.per_1m);
    const last = live[live.length - 1];
    if (!last || !MODES.has(last.mode ?? '')) continue;
    const id = idFor(key, last.provider);
    if (!id || drafts.has(id.toLowerCase())) continue;
    const kind = last.mode === 'embedding' ? 'embedding' : 'chat';
    const entries = litellmEntries(changes, L);
    dropTransient(id, entries, report);
    if (!entries.length) continue;
    const d: Draft = { id, kind, aliases: new Set(), prices: entries, notes: [], litellmKey: key };
    const bare = key.replace(/^(gemini|vertex_ai|mistral|deepseek|xai|bedrock)\//, '');
    // a listing elsewhere takes its bare name only when it is its own (Bedrock's vendor.model ids,
    // Vertex's model@version): `gemini-2.5-pro` or `mistral-small-2503` are the first-party APIs' names
    const own = rankOf(id) === 0 || (id.startsWith('bedrock/') && bare.includes('.')) || (id.startsWith('vertex/') && bare.includes('@'));
    if (bare !== id && own) d.aliases.add(bare);
    drafts.set(id.toLowerCase(), d);
    keyOfId.set(id.toLowerCase(), key);
  }

  // 3. effective dates from genai-prices' start_date constraints, and the cross-check
  const genaiByProvider = new Map<string, { key: string; match: unknown; prices: unknown }[]>();
  for (const [key, changes] of Object.entries(input.genai.models)) {
    const live = changes.filter((c) => !c.removed);
    const last = live[live.length - 1];
    if (!last) continue;
    const prov = key.slice(0, key.indexOf('/'));
    const list = genaiByProvider.get(prov) ?? [];
    list.push({ key, match: last.match, prices: last.prices });
    genaiByProvider.set(prov, list);
  }
  const genaiFor = (d: Draft): { key: string; prices: unknown } | undefined => {
    const prefix = d.id.slice(0, d.id.indexOf('/'));
    const name = d.id.slice(d.id.indexOf('/') + 1).replace(/^(us|eu|apac|global|jp|au|us-gov)[./]/, '');
    for (const gp of GENAI_PROVIDERS[prefix] ?? []) {
      const list = genaiByProvider.get(gp) ?? [];
      const exact = list.find((g) => g.key.slice(g.key.indexOf('/') + 1).toLowerCase() === name.toLowerCase());
      if (exact) return exact;
      const m = list.find((g) => g.match !== null && g.match !== undefined && genaiMatches(g.match, name));
      if (m) return m;
    }
    return undefined;
  };
  for (const d of drafts.values()) {
    const g = genaiFor(d);
    if (!g) continue;
    const dated = genaiDated(g.prices);
    for (let i = 1; i < d.prices.length; i++) {
      const e = d.prices[i]!;
      const prevFrom = d.prices[i - 1]!.from;
      const hit = dated.find((x) => x.start && x.start <= e.from && x.start > prevFrom && x.input !== undefined && clean(x.input) === e.input && clean(x.output ?? NaN) === (e.output ?? NaN));
      if (hit?.start) {
        report.movedToEffective.push({ id: d.id, listed: e.from, effective: hit.start });
        e.from = hit.start;
        e.date = 'effective';
        e.field_sources = { ...(e.field_sources ?? {}), input: G, output: G };
        e.notes = `LiteLLM listed it on ${report.movedToEffective[report.movedToEffective.length - 1]!.listed}; genai-prices dates the change ${hit.start} (start_date)`;
      }
    }
    // the current rates, compared (the newest genai-prices set without a later start date)
    const nowSet = [...dated].reverse().find((x) => !x.start || x.start <= input.genai.source.as_of) ?? dated[dated.length - 1];
    const cur = d.prices[d.prices.length - 1]!;
    if (nowSet && nowSet.input !== undefined) {
      const tol = (a: number, b: number) => Math.abs(a - b) <= 0.005 * Math.max(Math.abs(a), Math.abs(b));
      if (cur.input !== null && !tol(clean(nowSet.input), cur.input)) report.disagreements.push({ id: d.id, genai: g.key, field: 'input', litellm: String(cur.input), genaiValue: String(clean(nowSet.input)) });
      if (nowSet.output !== undefined && cur.output != null && !tol(clean(nowSet.output), cur.output)) report.disagreements.push({ id: d.id, genai: g.key, field: 'output', litellm: String(cur.output), genaiValue: String(clean(nowSet.output)) });
    }
  }

  // 4. hand-sourced events
  const aliases = new Map<string, MovingAlias>();
  const curatedSources = input.curated.sources;
  const byDay = [...input.curated.events].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  for (const ev of byDay) {
    const k = ev.id.toLowerCase();
    if (!curatedSources[ev.source]) {
      report.curatedUnused.push({ id: ev.id, event: ev.event, why: `unknown source ${ev.source}` });
      continue;
    }
    if (ev.event === 'alias') {
      if (!ev.to) {
        report.curatedUnused.push({ id: ev.id, event: ev.event, why: 'alias without to' });
        continue;
      }
      const a = aliases.get(k) ?? { id: ev.id, names: [], targets: [] as AliasTarget[] };
      a.targets.push({ from: ev.on, to: ev.to, date: ev.date, source: ev.source, ...(ev.notes ? { notes: ev.notes } : {}) });
      aliases.set(k, a);
      continue;
    }
    let d = drafts.get(k);
    if (!d) {
      if (ev.event === 'launch' && ev.prices) {
        d = { id: ev.id, kind: /embed/i.test(ev.id) ? 'embedding' : 'chat', aliases: new Set(), prices: [], notes: [] };
        const bare = ev.id.slice(ev.id.indexOf('/') + 1);
        if (FIRST_PARTY.has(ev.id.slice(0, ev.id.indexOf('/')))) d.aliases.add(bare);
        drafts.set(k, d);
      } else {
        report.curatedUnused.push({ id: ev.id, event: ev.event, why: 'no such model in the price histories (and no launch price to start one)' });
        continue;
      }
    }
    const life: LifeEvent = { on: ev.on, date: ev.date, source: ev.source, ...(ev.notes ? { notes: ev.notes } : {}) };
    if (ev.event === 'deprecated') d.deprecated = life;
    else if (ev.event === 'retired') d.retired = life;
    else if (ev.event === 'launch' || ev.event === 'price') {
      if (ev.event === 'launch') d.available = life;
      if (ev.prices) {
        const rates = curatedRates(ev.prices, d.kind);
        insertCurated(d, { ...rates, from: ev.on, date: ev.date, source: ev.source, ...(ev.notes ? { notes: ev.notes } : {}), origin: 'curated' });
      } else if (ev.event === 'launch') {
        const first = d.prices[0];
        if (first && first.from > ev.on) {
          first.notes = `the first listed price (${first.from}) taken back to the launch day`;
          first.from = ev.on;
          first.date = 'inferred';
        }
      }
    }
  }
  // a launch must be the first price's day; a retirement after the first price
  for (const d of drafts.values()) {
    d.prices.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
    if (d.available && d.prices[0] && d.prices[0].from !== d.available.on) {
      if (d.prices[0].from > d.available.on) {
        d.prices[0].notes = [`the first known price (${d.prices[0].from}) taken back to the launch day`, d.prices[0].notes].filter(Boolean).join('; ');
        d.prices[0].from = d.available.on;
        d.prices[0].date = 'inferred';
      } else {
        // priced before its launch: the sources disagree on the launch; the earlier price wins
        report.notes.push(`${d.id}: a price is dated ${d.prices[0].from}, before the launch ${d.available.on}; launch moved to the first price`);
        d.available = { ...d.available, on: d.prices[0].from, notes: [`launch day from the first price`, d.available.notes].filter(Boolean).join('; ') };
      }
    }
    if (d.retired && d.prices[0] && d.retired.on <= d.prices[0].from) {
      report.notes.push(`${d.id}: retired ${d.retired.on}, before its first listed price ${d.prices[0].from} (a price list kept it): never priced`);
    }
  }

  // a listing that still shows the price from before a hand-sourced change is stale, not a
  // change back (LiteLLM listed gemini-1.5-pro-002 at the pre-cut $3.50/$10.50 until 2026)
  for (const d of drafts.values()) {
    d.prices = d.prices.filter((e, i, all) => {
      if (e.origin !== 'litellm') return true;
      const lastCurated = [...all.slice(0, i)].reverse().find((x) => x.origin === 'curated');
      if (!lastCurated) return true;
      const before = all.slice(0, all.indexOf(lastCurated));
      if (sameHeadline(e, lastCurated)) return true;
      // the list's first snapshot dates nothing: a price it shows then that differs from the
      // provider's (hand-sourced) one is the list's stale state, not a change on that day
      const firstSnapshot = e.from === input.litellm.firstSnapshot && all.indexOf(e) === all.indexOf(lastCurated) + 1;
      if (!firstSnapshot && !before.some((b) => sameHeadline(b, e))) return true;
      report.stale.push({ id: d.id, from: e.from, detail: `input ${e.input}, output ${e.output ?? '-'}: the price before ${lastCurated.from}` });
      return false;
    });
  }

  // fields a later listing omits are carried forward from a hand-sourced or curated entry (LiteLLM
  // tracks no Anthropic batch rates: their absence is not the end of the batch API)
  for (const d of drafts.values()) {
    const carried = new Set<string>();
    for (let i = 1; i < d.prices.length; i++) {
      const prev = d.prices[i - 1]!;
      const e = d.prices[i]!;
      if (e.origin !== 'litellm') {
        carried.clear();
        continue;
      }
      const fields = RATE_KEYS.filter((k) => k !== 'long_context' && e[k] === undefined && prev[k] !== undefined && (prev.origin !== 'litellm' || carried.has(k)));
      for (const k of fields) {
        (e as Record<string, unknown>)[k] = prev[k];
        carried.add(k);
      }
      if (fields.length) e.notes = [e.notes, `${fields.join(', ')} carried from the entry before (the list does not track ${fields.length > 1 ? 'them' : 'it'})`].filter(Boolean).join('; ');
    }
    d.prices = d.prices.filter((p, i, all) => i === 0 || p.origin !== 'litellm' || !sameRates(all[i - 1]!, p));
  }

  // `-latest` names are moving aliases: the newest dated snapshot of the family from its first day
  for (const d of [...drafts.values()]) {
    if (!/-latest$/i.test(d.id) || aliases.has(d.id.toLowerCase())) continue;
    const base = d.id.slice(0, -'-latest'.length).toLowerCase();
    const snaps = [...drafts.values()]
      .filter((x) => x !== d && x.id.toLowerCase().startsWith(`${base}-`) && /-(\d{8}|\d{4}-\d{2}-\d{2}|\d{3,4})$/.test(x.id) && x.id.slice(base.length + 1).replace(/^v\d+-/, '').match(/^[\d-]+$/))
      .sort((a, b) => (a.prices[0]!.from < b.prices[0]!.from ? -1 : a.prices[0]!.from > b.prices[0]!.from ? 1 : 0));
    // only when every snapshot's launch is known: "newest" by a first listing would be a guess
    if (!snaps.length || snaps.some((x) => !x.available)) continue;
    const targets = snaps
      .map((t) => ({ from: t.prices[0]!.from, to: t.id, date: 'inferred' as const, source: t.available?.source ?? t.prices[0]!.source, notes: 'a -latest name taken to point at the newest dated snapshot from that snapshot\'s first day' }))
      .filter((t, i, all) => i === all.length - 1 || t.from < all[i + 1]!.from);
    drafts.delete(d.id.toLowerCase());
    handLifeTo(d, targets, drafts);
    aliases.set(d.id.toLowerCase(), { id: d.id, names: [...d.aliases], targets });
  }

  // an undated first-party name (`o3`, `gpt-4.1`) whose dated snapshots all have a known launch:
  // a moving alias to the newest snapshot launched by each day (inferred); otherwise it stays a
  // model of its own, at the prices the lists gave for that name
  const DATED = /-(\d{8}|\d{4}-\d{2}-\d{2})$/;
  for (const d of [...drafts.values()]) {
    const k = d.id.toLowerCase();
    if (aliases.has(k) || DATED.test(d.id) || !FIRST_PARTY.has(d.id.slice(0, d.id.indexOf('/')))) continue;
    const snaps = [...drafts.values()].filter((x) => x !== d && x.id.toLowerCase().startsWith(`${k}-`) && DATED.test(x.id) && x.id.length - k.length <= 12);
    if (!snaps.length || snaps.some((x) => !x.available)) continue;
    const days = [...new Set(snaps.map((x) => x.available!.on))].sort();
    const targets: AliasTarget[] = [];
    for (const day of days) {
      const newest = snaps.filter((x) => x.available!.on <= day).sort((a, b) => (a.available!.on < b.available!.on ? 1 : -1))[0]!;
      if (targets[targets.length - 1]?.to === newest.id) continue;
      targets.push({ from: day, to: newest.id, date: 'inferred', source: newest.available!.source, notes: 'an undated name taken to point at its newest dated snapshot from that snapshot\'s launch' });
    }
    drafts.delete(k);
    handLifeTo(d, targets, drafts);
    aliases.set(k, { id: d.id, names: [...d.aliases], targets });
    report.notes.push(`${d.id}: a moving alias of ${targets.map((t) => `${t.to} from ${t.from}`).join(', ')} (inferred from launches)`);
  }

  // an alias id that is also a model (LiteLLM's `gpt-4o`): the moving alias replaces the model
  for (const [k, a] of aliases) {
    const d = drafts.get(k);
    if (d) {
      drafts.delete(k);
      handLifeTo(d, a.targets, drafts);
      for (const n of d.aliases) if (n.toLowerCase() !== k) a.names.push(n);
    }
    a.targets = a.targets.filter((t) => {
      if (drafts.has(t.to.toLowerCase())) return true;
      report.curatedUnused.push({ id: a.id, event: 'alias', why: `target ${t.to} is not a model` });
      return false;
    });
  }

  // 5. the previous release: every id and alias still resolves; its rates on its own date kept
  const prevDay = input.previous.version;
  for (const pm of input.previous.models) {
    const names = [pm.id, ...pm.aliases];
    const k = pm.id.toLowerCase();
    // a name the previous release gave this model that the lists price as a model of its own
    // (gpt-5.6, mistral-large-2512): at the same price on that day, the curated rates are kept for it too
    const provider0 = pm.id.slice(0, pm.id.indexOf('/'));
    for (const n of pm.aliases) {
      const x = drafts.get(n.toLowerCase()) ?? drafts.get(`${provider0}/${n}`.toLowerCase());
      if (!x || x.id.toLowerCase() === k) continue;
      const at = [...x.prices].reverse().find((p) => p.from <= prevDay);
      if (at && sameHeadline(at, ratesOf(pm))) keepPrevious(x, { ...pm, aliases: [] }, prevDay, input.previous, report);
    }
    const own = drafts.get(k);
    const snapshotIds = names.map((n) => n.toLowerCase()).filter((n) => drafts.has(n) || drafts.has(`${pm.id.slice(0, pm.id.indexOf('/'))}/${n}`.toLowerCase()));
    // names that are models of their own now (gemini-1.5-pro-002) stay theirs
    const ownNames = pm.aliases.filter((n) => !drafts.has(n.toLowerCase()) && !drafts.has(`${provider0}/${n}`.toLowerCase()));
    if (own || aliases.has(k)) {
      if (own) keepPrevious(own, { ...pm, aliases: ownNames }, prevDay, input.previous, report);
      else {
        // the previous model is a moving alias now: its rates on that day are its target's
        const a = aliases.get(k)!;
        const t = [...a.targets].reverse().find((x) => x.from <= prevDay);
        const target = t ? drafts.get(t.to.toLowerCase()) : undefined;
        if (target) keepPrevious(target, { ...pm, aliases: [] }, prevDay, input.previous, report);
        for (const n of pm.aliases) if (!drafts.has(n.toLowerCase()) && !a.names.includes(n)) a.names.push(n);
        a.name ??= pm.name;
      }
      continue;
    }
    // the previous id names several snapshots (claude-3-5-sonnet: 20240620 and 20241022): a moving
    // alias pointing at the newest one available on each day
    const provider = pm.id.slice(0, pm.id.indexOf('/'));
    const targets = [...new Set(pm.aliases.map((a) => drafts.get(a.toLowerCase()) ?? drafts.get(`${provider}/${a}`.toLowerCase())).filter((x): x is Draft => Boolean(x)))];
    if (targets.length >= 1 && !(targets.length === 1 && snapshotIds.length === 0)) {
      const sorted = targets.sort((a, b) => (a.prices[0]!.from < b.prices[0]!.from ? -1 : 1));
      const a: MovingAlias = {
        id: pm.id,
        ...(pm.name ? { name: pm.name } : {}),
        names: pm.aliases.filter((n) => !drafts.has(n.toLowerCase()) && !drafts.has(`${provider}/${n}`.toLowerCase())),
        targets: sorted.map((t) => ({ from: t.prices[0]!.from, to: t.id, date: 'inferred' as const, source: t.prices[0]!.source, notes: `taken to point at the newest of its snapshots from that one's first day (${prevDay} release named ${sorted.map((x) => x.id).join(', ')})` })),
      };
      // keep date order strict
      a.targets = a.targets.filter((t, i, all) => i === 0 || t.from > all[i - 1]!.from);
      aliases.set(k, a);
      // its rates on the previous release's day are the snapshot's it points at then
      const then = [...a.targets].reverse().find((x) => x.from <= prevDay);
      const target = then ? drafts.get(then.to.toLowerCase()) : undefined;
      if (target) keepPrevious(target, { ...pm, aliases: [] }, prevDay, input.previous, report);
      continue;
    }
    // a model of its own (other providers, listings with their own prices)
    const key = [pm.id.slice(pm.id.indexOf('/') + 1), ...pm.aliases].find((n) => input.litellm.models[n] || input.litellm.models[`${provider}/${n}`]);
    const history = key ? (input.litellm.models[key] ?? input.litellm.models[`${provider}/${key}`]) : undefined;
    const d: Draft = { id: pm.id, kind: pm.kind, aliases: new Set(pm.aliases), prices: [], notes: [] };
    if (history) {
      d.prices = litellmEntries(history, L);
      dropTransient(pm.id, d.prices, report);
    }
    if (!d.prices.length) d.prices.push({ ...ratesOf(pm), from: sourceDay(input.previous, pm.source) ?? prevDay, date: 'listed', source: pm.source, origin: 'previous' });
    keepPrevious(d, pm, prevDay, input.previous, report);
    drafts.set(k, d);
  }

  // names: each name once: first-party models' names first, then moving aliases, then the
  // listings elsewhere (a Vertex `gemini-2.5-pro` is Google's own gemini-2.5-pro's name)
  const claimed = new Map<string, string>();
  for (const d of drafts.values()) claimed.set(d.id.toLowerCase(), d.id);
  for (const a of aliases.values()) claimed.set(a.id.toLowerCase(), a.id);
  const claimNames = (d: Draft) => {
    const keep: string[] = [];
    for (const n of d.aliases) {
      const nk = n.toLowerCase();
      if (claimed.has(nk)) continue;
      claimed.set(nk, d.id);
      keep.push(n);
    }
    d.aliases = new Set(keep);
  };
  const ordered = [...drafts.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const d of ordered) if (rankOf(d.id) === 0) claimNames(d);
  for (const a of aliases.values()) {
    const bare = a.id.slice(a.id.indexOf('/') + 1);
    if (FIRST_PARTY.has(a.id.slice(0, a.id.indexOf('/'))) && !a.names.some((n) => n.toLowerCase() === bare.toLowerCase())) a.names.push(bare);
    a.names = a.names.filter((n) => {
      const nk = n.toLowerCase();
      if (claimed.has(nk) && claimed.get(nk) !== a.id) return false;
      claimed.set(nk, a.id);
      return true;
    });
  }
  for (const d of ordered) if (rankOf(d.id) !== 0) claimNames(d);

  // lint-clean by construction: a long-context rate below its base rate is a list's placeholder
  // (0 for a free experimental model), dropped; a chat model of a provider that sells batch
  // without a known batch rate gets batch: null (sold, price unknown: a batch request is unpriced)
  const BATCH = new Set(['openai', 'anthropic', 'google', 'mistral']);
  for (const d of drafts.values()) {
    for (const p of d.prices) {
      if (d.kind === 'chat' && BATCH.has(d.id.slice(0, d.id.indexOf('/'))) && p.batch === undefined) p.batch = null;
      for (const why of sanitize(p)) report.notes.push(`${d.id} (${p.from}): ${why}`);
    }
    // a chat model's output rate a later listing lost is carried forward
    d.prices.forEach((p, i) => {
      if (d.kind !== 'chat' || p.output !== undefined) return;
      const prev = d.prices[i - 1];
      p.output = prev?.output ?? null;
      if (prev?.output != null) p.notes = [p.notes, 'output carried from the entry before (the list lost it)'].filter(Boolean).join('; ');
    });
  }

  // jumps over 10x between successive entries
  for (const d of drafts.values()) {
    for (let i = 1; i < d.prices.length; i++) {
      for (const f of ['input', 'output'] as const) {
        const x = d.prices[i - 1]![f];
        const y = d.prices[i]![f];
        if (typeof x === 'number' && typeof y === 'number' && x > 0 && y > 0 && (y / x > 10 || x / y > 10)) report.jumps.push({ id: d.id, from: d.prices[i]!.from, field: f, before: String(x), after: String(y) });
      }
    }
  }

  const sources: HistoryCatalogFile['sources'] = { ...input.previous.sources };
  sources[L] = { url: input.litellm.source.url, as_of: input.litellm.source.as_of, secondary: true, note: input.litellm.source.note };
  sources[G] = { url: input.genai.source.url, as_of: input.genai.source.as_of, secondary: true, note: input.genai.source.note };
  for (const [key, s] of Object.entries(curatedSources)) {
    sources[key] = { url: s.url, as_of: s.as_of, ...(s.secondary ? { secondary: true } : {}), ...(s.quote || s.note || s.notes ? { note: [s.quote ? `"${s.quote}"` : '', s.note ?? '', s.notes ?? ''].filter(Boolean).join(' ') } : {}) };
  }

  const models: HistoryModel[] = [...drafts.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).map((d) => toModel(d));
  const aliasList = [...aliases.values()].filter((a) => a.targets.length).sort((a, b) => (a.id < b.id ? -1 : 1));
  report.models = models.length;
  report.aliases = aliasList.length;
  const catalog: HistoryCatalogFile = {
    schema: 'costopt.catalog/v2',
    catalog: input.catalogId,
    version: input.version,
    published: input.published,
    currency: 'USD',
    description: input.description,
    sources,
    models,
    aliases: aliasList,
    instances: input.previous.instances,
    serverless: input.previous.serverless,
    throughput: input.previous.throughput,
  };
  return { catalog, report };
}

/** A key's changes as price entries: the last state of each day, repeats of the same rates merged. */
function litellmEntries(changes: LiteLLMChange[], source: string): Draft['prices'] {
  const entries: Draft['prices'] = [];
  for (const c of changes) {
    if (c.removed || !c.per_1m) continue;
    const rates = litellmRates(c.per_1m, c.mode);
    const prev = entries[entries.length - 1];
    if (prev && prev.from === c.from) entries.pop();
    const before = entries[entries.length - 1];
    if (before && sameRates(before, rates)) continue;
    entries.push({ ...rates, from: c.from, date: 'listed', source, origin: 'litellm' });
  }
  return entries;
}

/**
 * The lint rules applied to one entry from a list: a long-context rate below its base rate (a
 * list's placeholder, 0 for a free experimental model), a cache read above input, a 1-hour
 * write below the 5-minute one are dropped as unknown; a batch rate above standard makes batch
 * unknown (null). Returns what was dropped.
 */
export function sanitize(p: Pick<PriceEntry, 'input' | 'output' | 'cache_read' | 'cache_write' | 'cache_write_1h' | 'batch' | 'long_context'>): string[] {
  const dropped: string[] = [];
  p.long_context = (p.long_context ?? []).map((t) => {
    const out: LongContextTier = { prompt_tokens_over: t.prompt_tokens_over };
    for (const [f, v] of Object.entries(t)) {
      if (f === 'prompt_tokens_over') continue;
      const base = (p as Record<string, unknown>)[f];
      if (typeof v === 'number' && typeof base === 'number' && v < base) {
        dropped.push(`long-context ${f} ${v} below the base ${base}`);
        continue;
      }
      (out as Record<string, unknown>)[f] = v;
    }
    return out;
  }).filter((t) => Object.keys(t).length > 1);
  const drop = (f: 'cache_read' | 'cache_write_1h', why: string) => {
    if (!(f in p)) return;
    dropped.push(`${why}; ${f} dropped (unknown)`);
    delete (p as Record<string, unknown>)[f];
  };
  if (typeof p.cache_read === 'number' && typeof p.input === 'number' && p.cache_read > p.input) drop('cache_read', `cache_read ${p.cache_read} above input ${p.input}`);
  if (typeof p.cache_write_1h === 'number' && typeof p.cache_write === 'number' && p.cache_write_1h < p.cache_write) drop('cache_write_1h', `cache_write_1h ${p.cache_write_1h} below the 5-minute write ${p.cache_write}`);
  // no provider charges more than 2x input for a cache write: above 3x is a list's mistake (LiteLLM's $6 1-hour write for Claude Haiku)
  if (typeof p.cache_write_1h === 'number' && typeof p.input === 'number' && p.input > 0 && p.cache_write_1h > 3 * p.input) drop('cache_write_1h', `cache_write_1h ${p.cache_write_1h} above 3x input ${p.input}`);
  if (p.batch && ((typeof p.batch.input === 'number' && typeof p.input === 'number' && p.batch.input > p.input) || (typeof p.batch.output === 'number' && typeof p.output === 'number' && p.batch.output > p.output))) {
    dropped.push('batch above the standard rate; batch: null (unknown)');
    p.batch = null;
  }
  return dropped;
}

const far = (a: number | null | undefined, b: number | null | undefined) => typeof a === 'number' && typeof b === 'number' && a > 0 && b > 0 && (a / b > 5 || b / a > 5);

/**
 * Mistakes of the list, judged on runs of entries with the same input and output (a price, however
 * many listings show it): a price that lasted under TRANSIENT_DAYS and was replaced by the price
 * before it; one more than 5x away from the prices on both sides of it (from the next, for a first
 * price) that lasted under twice that (gemini-2.0-flash-001 at $150/$600 for a day, Sonnet 4.5 on
 * Bedrock `us.` at $33 for five days, gemini-2.5-pro-preview-03-25's $1 output for a week); a first
 * price that lasted under TRANSIENT_DAYS and whose correction then held for 30 days or more
 * (gpt-5-chat at $5/$20 for a day). Dropped, and reported.
 */
function dropTransient(id: string, entries: Draft['prices'], report: BuildReport): void {
  for (let pass = 0; pass < entries.length; pass++) {
    const runs: { start: number; end: number }[] = [];
    for (let i = 0; i < entries.length;) {
      let j = i + 1;
      while (j < entries.length && sameHeadline(entries[j]!, entries[i]!)) j++;
      runs.push({ start: i, end: j });
      i = j;
    }
    let dropped = false;
    for (let r = 0; r + 1 < runs.length && !dropped; r++) {
      const b = entries[runs[r]!.start]!;
      const c = entries[runs[r + 1]!.start]!;
      const a = r > 0 ? entries[runs[r - 1]!.start]! : undefined;
      const lasted = daysBetween(b.from, c.from);
      const back = a !== undefined && sameHeadline(a, c) && lasted < TRANSIENT_DAYS;
      const after = runs[r + 2] ? entries[runs[r + 2]!.start]!.from : undefined;
      // the price that replaced it held (30 days or more): the list corrected itself
      const held = after === undefined || daysBetween(c.from, after) >= 30;
      const wild = lasted < 2 * TRANSIENT_DAYS && (far(b.input, c.input) || far(b.output, c.output)) && (a !== undefined ? far(b.input, a.input) || far(b.output, a.output) : held);
      const firstFixed = a === undefined && lasted < TRANSIENT_DAYS && held;
      if (!back && !wild && !firstFixed) continue;
      report.transient.push({ id, from: b.from, until: c.from, detail: `input ${b.input}, output ${b.output ?? '-'}; then ${c.input}, ${c.output ?? '-'}` });
      entries.splice(runs[r]!.start, runs[r]!.end - runs[r]!.start);
      dropped = true;
    }
    if (!dropped) break;
  }
  // a listing identical to the one before it (left by a dropped price between them) is no change
  for (let i = entries.length - 1; i > 0; i--) if (sameRates(entries[i - 1]!, entries[i]!)) entries.splice(i, 1);
}

/** A model that became a moving alias hands its deprecation and retirement to the snapshots it points at. */
function handLifeTo(d: Draft, targets: readonly { to: string }[], drafts: Map<string, Draft>): void {
  for (const t of targets) {
    const x = drafts.get(t.to.toLowerCase());
    if (!x) continue;
    if (d.retired && !x.retired) x.retired = { ...d.retired, notes: [`retired as ${d.id}`, d.retired.notes].filter(Boolean).join('; ') };
    if (d.deprecated && !x.deprecated) x.deprecated = { ...d.deprecated, notes: [`deprecated as ${d.id}`, d.deprecated.notes].filter(Boolean).join('; ') };
  }
}

function rankOf(id: string): number {
  const p = id.slice(0, id.indexOf('/'));
  return FIRST_PARTY.has(p) ? 0 : 1;
}

function insertCurated(d: Draft, e: Draft['prices'][number]): void {
  // listed entries with the same headline rates from this day on (until a different price) are the
  // same change seen later: dropped (their extra fields, e.g. a cache rate, are kept when the curated set lacks them)
  const later = d.prices.filter((p) => p.from >= e.from).sort((a, b) => (a.from < b.from ? -1 : 1));
  for (const p of later) {
    if (p.origin !== 'litellm') break;
    if (!sameHeadline(p, e)) break;
    if (daysBetween(e.from, p.from) > 120) break;
    for (const k of RATE_KEYS) if (e[k] === undefined && p[k] !== undefined) (e as Record<string, unknown>)[k] = p[k];
    d.prices.splice(d.prices.indexOf(p), 1);
  }
  const same = d.prices.findIndex((p) => p.from === e.from);
  if (same >= 0) d.prices.splice(same, 1, e);
  else d.prices.push(e);
  d.prices.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

function ratesOf(m: ModelEntry): Rates {
  const r = { input: m.input, long_context: m.long_context } as Rates;
  for (const k of ['output', 'cache_read', 'cache_write', 'cache_write_1h', 'cache_storage_per_hour', 'batch', 'flex', 'priority'] as const) if (m[k] !== undefined) (r as Record<string, unknown>)[k] = m[k];
  return r;
}

function sourceDay(c: CatalogFile, ref: SourceRef): string | undefined {
  return typeof ref === 'string' ? c.sources[ref]?.as_of : ref.as_of;
}

/** The previous release's rates are the ones in force on its date: merge or add, and report. */
function keepPrevious(d: Draft, pm: ModelEntry, prevDay: string, prev: CatalogFile, report: BuildReport): void {
  d.name ??= pm.name;
  if (pm.context_window !== undefined) d.context_window = pm.context_window;
  d.kind = pm.kind;
  for (const a of pm.aliases) d.aliases.add(a);
  let idx = -1;
  for (let i = 0; i < d.prices.length; i++) if (d.prices[i]!.from <= prevDay) idx = i;
  const want = ratesOf(pm);
  const extra = { field_sources: pm.field_sources, derived: pm.derived };
  if (idx < 0) {
    d.prices.unshift({ ...want, from: sourceDay(prev, pm.source) ?? prevDay, date: 'listed', source: pm.source, origin: 'previous', ...clean2(extra) });
    return;
  }
  const cur = d.prices[idx]!;
  if (sameRates(cur, want)) return;
  for (const k of RATE_KEYS) {
    const a = JSON.stringify(cur[k] ?? null);
    const b = JSON.stringify(want[k] ?? null);
    if (a !== b) report.previousDiffers.push({ id: d.id, field: k, history: a, previous: b });
  }
  if (sameHeadline(cur, want)) {
    // the same price, with the previous release's curated extras (derived cache writes, batch by
    // rule, priority tiers): from the day its source shows them, not taken back to an older entry
    const known = sourceDay(prev, pm.source) ?? prevDay;
    const notes = [cur.notes, pm.notes].filter(Boolean).join(' ');
    if (known > cur.from) {
      d.prices.splice(idx + 1, 0, { ...want, from: known, date: 'listed', source: pm.source, origin: 'previous', ...clean2(extra), notes: [`rates as curated by the ${prevDay} release (its source, as of ${known})`, pm.notes].filter(Boolean).join('. ') });
      return;
    }
    d.prices[idx] = { ...want, from: cur.from, date: cur.date, source: pm.source, origin: 'previous' as const, ...clean2(extra), ...(notes ? { notes } : {}) };
    return;
  }
  // a different price: the previous release's, from its source's date (after the history's entry)
  const day = sourceDay(prev, pm.source) ?? prevDay;
  const from = day > cur.from ? day : prevDay;
  d.prices.splice(idx + 1, 0, { ...want, from, date: 'listed', source: pm.source, origin: 'previous', ...clean2(extra), notes: [`the ${prevDay} release's price (curated), which the price histories list otherwise`, pm.notes].filter(Boolean).join('. ') });
  d.prices.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  // entries after prevDay are kept (later changes)
  d.prices = d.prices.filter((p, i, all) => i === 0 || p.from !== all[i - 1]!.from);
}

function clean2<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && !(typeof v === 'object' && Object.keys(v as object).length === 0))) as Partial<T>;
}

function toModel(d: Draft): HistoryModel {
  const order = ['from', 'date', 'source', 'input', 'output', 'cache_read', 'cache_write', 'cache_write_1h', 'cache_storage_per_hour', 'batch', 'flex', 'priority', 'long_context', 'field_sources', 'derived', 'notes'] as const;
  const prices = d.prices.map((p) => {
    const e: Record<string, unknown> = {};
    for (const k of order) {
      const v = (p as Record<string, unknown>)[k];
      if (v === undefined || (k === 'long_context' && Array.isArray(v) && !v.length)) continue;
      e[k] = v;
    }
    return e as unknown as PriceEntry;
  });
  const m: HistoryModel = { id: d.id, kind: d.kind, aliases: [...d.aliases].sort(), prices };
  if (d.name) m.name = d.name;
  if (d.context_window !== undefined) m.context_window = d.context_window;
  if (d.available) m.available = d.available;
  if (d.deprecated) m.deprecated = d.deprecated;
  if (d.retired) m.retired = d.retired;
  if (d.notes.length) m.notes = d.notes.join(' ');
  return m;
}
