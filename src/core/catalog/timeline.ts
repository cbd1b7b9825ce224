import type { Catalog, CatalogMeta } from './catalog.js';
import { resolveSource } from './catalog.js';
import type { HistoryCatalogFile, HistoryModel, MovingAlias, PriceEntry } from './history-schema.js';
import type { ModelEntry, Source, SourceRef } from './schema.js';
import type { PathIssue } from '../schema-issues.js';
import { formatPath } from '../errors.js';

/**
 * Prices through time (SPEC §2.1). A release with history resolves, for any day, to the plain
 * catalog of the prices in force that day: a model is in it from its launch (or its first known
 * price) until the day before its retirement, at the last price entry dated on or before the day;
 * a moving alias is in it as the snapshot it pointed at that day. Everything else (estimates,
 * request-log pricing, pricing show and diff) works on that plain catalog.
 */
export interface HistoryCatalog extends HistoryCatalogFile {
  meta: CatalogMeta;
}

/** The price entry of `m` in force on `day`, or why there is none. */
export function priceOn(m: HistoryModel, day: string): { ok: true; entry: PriceEntry; index: number } | { ok: false; reason: string } {
  if (m.retired && day >= m.retired.on) return { ok: false, reason: `was retired on ${m.retired.on}` };
  const first = m.prices[0]!;
  if (day < first.from) {
    if (m.available) return { ok: false, reason: `was launched on ${m.available.on}` };
    return { ok: false, reason: `has no price known before ${first.from} (first ${first.date === 'listed' ? 'listed' : 'priced'} then; its launch date is not in the catalog)` };
  }
  let index = 0;
  for (let i = 1; i < m.prices.length; i++) if (m.prices[i]!.from <= day) index = i;
  return { ok: true, entry: m.prices[index]!, index };
}

/** The snapshot an alias pointed at on `day` (undefined before its first target). */
export function aliasTargetOn(a: MovingAlias, day: string): MovingAlias['targets'][number] | undefined {
  let hit: MovingAlias['targets'][number] | undefined;
  for (const t of a.targets) if (t.from <= day) hit = t;
  return hit;
}

/** A model's rates on one price entry, as the plain catalog's model entry. */
export function modelEntryFor(m: HistoryModel, p: PriceEntry): ModelEntry {
  const e: ModelEntry = { id: m.id, kind: m.kind, aliases: [...m.aliases], input: p.input, long_context: p.long_context.map((t) => ({ ...t })), source: p.source };
  if (m.name !== undefined) e.name = m.name;
  if (m.context_window !== undefined) e.context_window = m.context_window;
  if (m.max_output_tokens !== undefined) e.max_output_tokens = m.max_output_tokens;
  for (const k of ['output', 'cache_read', 'cache_write', 'cache_write_1h', 'cache_storage_per_hour'] as const) if (p[k] !== undefined) e[k] = p[k];
  for (const k of ['batch', 'flex', 'priority'] as const) if (p[k] !== undefined) e[k] = p[k] === null ? null : { ...p[k] };
  if (m.available) e.released = m.available.on;
  if (m.deprecated) e.deprecated = m.deprecated.on;
  if (p.field_sources) e.field_sources = { ...p.field_sources };
  if (p.derived) e.derived = { ...p.derived };
  const notes = [p.notes, m.notes].filter(Boolean).join(' ');
  if (notes) e.notes = notes;
  return e;
}

const byIdCache = new WeakMap<HistoryCatalogFile, Map<string, HistoryModel>>();
function modelsById(h: HistoryCatalogFile): Map<string, HistoryModel> {
  let m = byIdCache.get(h);
  if (!m) {
    m = new Map(h.models.map((x) => [x.id.toLowerCase(), x]));
    byIdCache.set(h, m);
  }
  return m;
}

/**
 * The plain catalog of the prices in force on `day`. Models and aliases not callable that day
 * are left out and listed in `unavailable` (lower-cased name -> why, e.g. "openai/x launched
 * 2024-07-18"), so a lookup can say so.
 */
export function snapshotAt(h: HistoryCatalog, day: string): Catalog {
  const models: ModelEntry[] = [];
  const unavailable: Record<string, string> = Object.create(null) as Record<string, string>;
  const resolved = new Map<string, ModelEntry>();
  for (const m of h.models) {
    const p = priceOn(m, day);
    if (p.ok) {
      const e = modelEntryFor(m, p.entry);
      models.push(e);
      resolved.set(m.id.toLowerCase(), e);
    } else {
      for (const n of [m.id, ...m.aliases]) unavailable[n.toLowerCase()] = `${m.id} ${p.reason}`;
    }
  }
  const byId = modelsById(h);
  for (const a of h.aliases) {
    const t = aliasTargetOn(a, day);
    const entry = t ? resolved.get(t.to.toLowerCase()) : undefined;
    if (!t || !entry) {
      const target = t ? byId.get(t.to.toLowerCase()) : undefined;
      const gone = target ? priceOn(target, day) : undefined;
      const why = !t
        ? `${a.id} first pointed at a model on ${a.targets[0]!.from} (${a.targets[0]!.to})`
        : `${a.id} pointed at ${t.to} then, which ${gone && !gone.ok ? gone.reason : 'is not in the catalog'}`;
      for (const n of [a.id, ...a.names]) unavailable[n.toLowerCase()] = why;
      continue;
    }
    const e: ModelEntry = { ...entry, id: a.id, aliases: [...a.names], name: a.name ?? a.id.slice(a.id.indexOf('/') + 1), notes: `alias of ${t.to} on ${day} (since ${t.from})${entry.notes ? `. ${entry.notes}` : ''}` };
    models.push(e);
  }
  return {
    schema: 'costopt.catalog/v1',
    catalog: h.catalog,
    version: h.version,
    published: h.published,
    currency: h.currency,
    ...(h.description !== undefined ? { description: h.description } : {}),
    sources: h.sources,
    models,
    instances: h.instances,
    serverless: h.serverless,
    throughput: h.throughput,
    meta: { ...h.meta, asOf: day, history: true },
    overrides: [],
    unavailable,
  };
}

/**
 * Structural problems of a release with history (exit 2 on load): ids and names used twice,
 * price entries out of order, a launch that is not the first price's day, a retirement before
 * the first price, alias targets that do not exist or are out of order, unknown sources.
 */
export function validateHistory(h: HistoryCatalogFile): PathIssue[] {
  const issues: PathIssue[] = [];
  const seen = new Map<string, string>();
  const claim = (name: string, path: PropertyKey[]) => {
    const k = name.toLowerCase();
    const prev = seen.get(k);
    if (prev) issues.push({ path, message: `"${name}" is used twice (already by ${prev})` });
    else seen.set(k, formatPath(path));
  };
  const src = (ref: SourceRef, path: PropertyKey[]) => {
    if (typeof ref === 'string' && !h.sources[ref]) issues.push({ path, message: `unknown source "${ref}" (define it under sources:)` });
  };
  h.models.forEach((m, i) => {
    claim(m.id, ['models', i, 'id']);
    m.aliases.forEach((a, j) => claim(a, ['models', i, 'aliases', j]));
    m.prices.forEach((p, j) => {
      src(p.source, ['models', i, 'prices', j, 'source']);
      for (const [f, ref] of Object.entries(p.field_sources ?? {})) src(ref, ['models', i, 'prices', j, 'field_sources', f]);
      const prev = m.prices[j - 1];
      if (prev && p.from <= prev.from) issues.push({ path: ['models', i, 'prices', j, 'from'], message: `price entries must be in date order: ${p.from} is not after ${prev.from}` });
      let last = 0;
      p.long_context.forEach((t, k) => {
        if (t.prompt_tokens_over <= last) issues.push({ path: ['models', i, 'prices', j, 'long_context', k, 'prompt_tokens_over'], message: `overlapping long-context tiers: thresholds must increase strictly (${t.prompt_tokens_over} after ${last})` });
        last = Math.max(last, t.prompt_tokens_over);
      });
    });
    for (const ev of ['available', 'deprecated', 'retired'] as const) if (m[ev]) src(m[ev].source, ['models', i, ev, 'source']);
    const first = m.prices[0]!.from;
    if (m.available && m.available.on !== first) issues.push({ path: ['models', i, 'available', 'on'], message: `the launch day ${m.available.on} must be the first price's day (${first})` });
    if (m.retired && m.deprecated && m.deprecated.on > m.retired.on) issues.push({ path: ['models', i, 'deprecated', 'on'], message: `deprecated on ${m.deprecated.on}, after its retirement (${m.retired.on})` });
  });
  const ids = modelsById(h);
  h.aliases.forEach((a, i) => {
    claim(a.id, ['aliases', i, 'id']);
    a.names.forEach((n, j) => claim(n, ['aliases', i, 'names', j]));
    a.targets.forEach((t, j) => {
      src(t.source, ['aliases', i, 'targets', j, 'source']);
      if (!ids.has(t.to.toLowerCase())) issues.push({ path: ['aliases', i, 'targets', j, 'to'], message: `unknown model "${t.to}" (an alias points at a model id of this release)` });
      const prev = a.targets[j - 1];
      if (prev && t.from <= prev.from) issues.push({ path: ['aliases', i, 'targets', j, 'from'], message: `alias targets must be in date order: ${t.from} is not after ${prev.from}` });
    });
  });
  for (const s of ['instances', 'serverless', 'throughput'] as const) {
    h[s].forEach((e, i) => {
      claim(e.id, [s, i, 'id']);
      src(e.source, [s, i, 'source']);
    });
  }
  return issues;
}

/** One dated event of a model's or alias' history, for `pricing history`. */
export interface HistoryEvent {
  date: string;
  /** launch | price | deprecated | retired | alias */
  event: 'launch' | 'price' | 'deprecated' | 'retired' | 'alias';
  dateKind: string;
  /** the model the event is about (the alias' target for alias events) */
  model: string;
  /** what changed, for people: `input 5.00 -> 2.50; output 15.00 -> 10.00` */
  change: string;
  /** the rates in force from this date (price and launch events) */
  rates?: Record<string, number | null>;
  source: { key?: string; url: string; asOf: string; secondary?: boolean } | null;
  notes?: string;
}

export interface ModelHistory {
  catalog: { id: string; version: string; hash: string };
  id: string;
  kind: 'model' | 'alias';
  name?: string;
  /** for a model: its other names; for an alias: the names it answers to */
  aliases: string[];
  /** moving aliases that pointed at this model, with since when */
  pointedAtBy: { alias: string; from: string; until: string | null }[];
  /** launch..retirement, as far as known */
  available: { from: string; fromKnown: boolean; until: string | null };
  events: HistoryEvent[];
}

const RATE_KEYS = ['input', 'output', 'cache_read', 'cache_write', 'cache_write_1h', 'cache_storage_per_hour'] as const;

/** The rates of a price entry flattened (`batch.input`, `long_context>200000.output`). */
export function flatRates(p: PriceEntry): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const k of RATE_KEYS) if (p[k] !== undefined) out[k] = p[k];
  for (const tier of ['batch', 'flex', 'priority'] as const) {
    const t = p[tier];
    if (t) for (const [k, v] of Object.entries(t)) if (v !== undefined) out[`${tier}.${k}`] = v;
  }
  for (const t of p.long_context) for (const [k, v] of Object.entries(t)) if (k !== 'prompt_tokens_over' && v !== undefined) out[`long_context>${t.prompt_tokens_over}.${k}`] = v;
  return out;
}

function describeChange(prev: Record<string, number | null> | undefined, next: Record<string, number | null>): string {
  const fmt = (v: number | null | undefined) => (v === undefined ? '-' : v === null ? 'unknown' : String(v));
  if (!prev) return Object.entries(next).map(([k, v]) => `${k} ${fmt(v)}`).join('; ');
  const keys = [...new Set([...Object.keys(prev), ...Object.keys(next)])];
  const parts = keys.filter((k) => prev[k] !== next[k]).map((k) => `${k} ${fmt(prev[k])} -> ${fmt(next[k])}`);
  return parts.length ? parts.join('; ') : 'no rate changed (new source or notes)';
}

function sourceInfo(h: HistoryCatalogFile, ref: SourceRef): HistoryEvent['source'] {
  const s: Source | undefined = resolveSource(h as unknown as Catalog, ref);
  if (!s) return null;
  return { ...(typeof ref === 'string' ? { key: ref } : {}), url: s.url, asOf: s.as_of, ...(s.secondary ? { secondary: true } : {}) };
}

/** The dated events of one model (by id or alias) or moving alias, oldest first. */
export function historyOf(h: HistoryCatalog, name: string): ModelHistory | undefined {
  const key = name.trim().toLowerCase();
  const model = h.models.find((m) => m.id.toLowerCase() === key || m.aliases.some((a) => a.toLowerCase() === key));
  const catalog = { id: h.meta.id, version: h.meta.version, hash: h.meta.hash };
  if (model) {
    const pointedAtBy = h.aliases.flatMap((a) => a.targets.map((t, j) => ({ t, next: a.targets[j + 1], a })).filter((x) => x.t.to === model.id).map((x) => ({ alias: x.a.id, from: x.t.from, until: x.next?.from ?? null })));
    return { catalog, id: model.id, kind: 'model', ...(model.name ? { name: model.name } : {}), aliases: model.aliases, pointedAtBy, available: availability(model), events: modelEvents(h, model) };
  }
  const alias = h.aliases.find((a) => a.id.toLowerCase() === key || a.names.some((n) => n.toLowerCase() === key));
  if (!alias) return undefined;
  const events: HistoryEvent[] = [];
  const byId = modelsById(h);
  alias.targets.forEach((t, j) => {
    const until = alias.targets[j + 1]?.from;
    events.push({ date: t.from, event: 'alias', dateKind: t.date, model: t.to, change: `${alias.id} -> ${t.to}`, source: sourceInfo(h, t.source), ...(t.notes ? { notes: t.notes } : {}) });
    const target = byId.get(t.to.toLowerCase());
    if (!target) return;
    // the target's events while the alias pointed at it (its price then, and changes)
    const inRange = modelEvents(h, target).filter((e) => e.date > t.from && (until === undefined || e.date < until));
    const p = priceOn(target, t.from);
    if (p.ok) events[events.length - 1]!.rates = flatRates(p.entry);
    events.push(...inRange);
  });
  const first = alias.targets[0]!;
  const lastTarget = byId.get(alias.targets[alias.targets.length - 1]!.to.toLowerCase());
  return {
    catalog, id: alias.id, kind: 'alias', ...(alias.name ? { name: alias.name } : {}), aliases: alias.names, pointedAtBy: [],
    available: { from: first.from, fromKnown: true, until: lastTarget?.retired?.on ?? null },
    events,
  };
}

function availability(m: HistoryModel): ModelHistory['available'] {
  return { from: m.available?.on ?? m.prices[0]!.from, fromKnown: Boolean(m.available) || m.prices[0]!.date !== 'listed', until: m.retired?.on ?? null };
}

function modelEvents(h: HistoryCatalogFile, m: HistoryModel): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  let prev: Record<string, number | null> | undefined;
  m.prices.forEach((p, j) => {
    const rates = flatRates(p);
    const launch = j === 0 && m.available !== undefined;
    events.push({
      date: p.from,
      event: launch ? 'launch' : 'price',
      dateKind: launch ? m.available!.date : p.date,
      model: m.id,
      change: j === 0 ? `${launch ? 'launched at' : 'first known price:'} ${describeChange(undefined, rates)}` : describeChange(prev, rates),
      rates,
      source: sourceInfo(h, launch ? m.available!.source : p.source),
      ...(p.notes ? { notes: p.notes } : {}),
    });
    prev = rates;
  });
  if (m.deprecated) events.push({ date: m.deprecated.on, event: 'deprecated', dateKind: m.deprecated.date, model: m.id, change: 'deprecated (still callable)', source: sourceInfo(h, m.deprecated.source), ...(m.deprecated.notes ? { notes: m.deprecated.notes } : {}) });
  if (m.retired) events.push({ date: m.retired.on, event: 'retired', dateKind: m.retired.date, model: m.id, change: 'retired: requests fail from this day', source: sourceInfo(h, m.retired.source), ...(m.retired.notes ? { notes: m.retired.notes } : {}) });
  return events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** Every day on which some price, alias or availability of the release changes (sorted). */
export function changeDays(h: HistoryCatalogFile): string[] {
  const days = new Set<string>();
  for (const m of h.models) {
    for (const p of m.prices) days.add(p.from);
    if (m.retired) days.add(m.retired.on);
  }
  for (const a of h.aliases) for (const t of a.targets) days.add(t.from);
  return [...days].sort();
}

/** The newest change day on or before `day` (the key under which snapshots can be shared). */
export function epochOf(days: readonly string[], day: string): string {
  let lo = 0;
  let hi = days.length - 1;
  let hit = '0000-00-00';
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid]! <= day) {
      hit = days[mid]!;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return hit;
}
