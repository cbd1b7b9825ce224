import { ownValue } from '../safe-keys.js';
import type { CatalogFile, InstanceEntry, ModelEntry, ServerlessEntry, Source, SourceRef, ThroughputEntry } from './schema.js';
import type { PathIssue } from '../schema-issues.js';
import { didYouMean } from '../suggest.js';

export interface CatalogMeta {
  id: string;
  version: string;
  published: string;
  /** sha256 of the catalog file's bytes, `sha256:<hex>` */
  hash: string;
  /** where it came from: a shipped version, or a user file */
  origin: 'shipped' | 'file';
  path?: string;
  /** a release with price history, resolved at this day (SPEC §2.1) */
  asOf?: string;
  history?: boolean;
}

export interface AppliedOverride {
  target: string;
  description: string;
  source?: string;
}

/** A loaded catalog: the file's content plus its identity and any overrides applied on top. */
export interface Catalog extends CatalogFile {
  meta: CatalogMeta;
  overrides: AppliedOverride[];
  /** for a release with history resolved at a day: lower-cased names not callable that day -> why */
  unavailable?: Record<string, string>;
}

/** What every command's JSON echoes. */
export function catalogRef(c: Catalog): { id: string; version: string; hash: string; asOf?: string; overrides?: AppliedOverride[] } {
  return { id: c.meta.id, version: c.meta.version, hash: c.meta.hash, ...(c.meta.asOf !== undefined ? { asOf: c.meta.asOf } : {}), ...(c.overrides.length ? { overrides: c.overrides } : {}) };
}

export type Section = 'models' | 'instances' | 'serverless' | 'throughput';
export type EntryOf<S extends Section> = S extends 'models' ? ModelEntry : S extends 'instances' ? InstanceEntry : S extends 'serverless' ? ServerlessEntry : ThroughputEntry;

const indexCache = new WeakMap<CatalogFile, Map<string, { section: Section; index: number }>>();

/** Exact id or declared alias, case-insensitive on the whole id; never substring matching. */
function idIndex(c: CatalogFile): Map<string, { section: Section; index: number }> {
  let idx = indexCache.get(c);
  if (idx) return idx;
  idx = new Map();
  const put = (key: string, section: Section, index: number) => {
    const k = key.toLowerCase();
    if (!idx!.has(k)) idx!.set(k, { section, index });
  };
  c.models.forEach((m, i) => { put(m.id, 'models', i); });
  c.instances.forEach((m, i) => put(m.id, 'instances', i));
  c.serverless.forEach((m, i) => put(m.id, 'serverless', i));
  c.throughput.forEach((m, i) => put(m.id, 'throughput', i));
  c.models.forEach((m, i) => m.aliases.forEach((a) => put(a, 'models', i)));
  indexCache.set(c, idx);
  return idx;
}

export type Lookup<T> = { ok: true; entry: T; section: Section } | { ok: false; message: string };

type Dated = CatalogFile & { unavailable?: Record<string, string>; meta?: { asOf?: string } };

/** "not available on D: openai/x was launched on ..." for a name a release knows but not on the day it is resolved at. */
export function notAvailable(c: Dated, id: string, day = c.meta?.asOf): string | undefined {
  const why = c.unavailable?.[id.toLowerCase()];
  return why ? `${id} is not available on ${day ?? 'that day'}: ${why}` : undefined;
}

export function lookup(c: Dated, id: string): Lookup<ModelEntry | InstanceEntry | ServerlessEntry | ThroughputEntry> {
  const hit = idIndex(c).get(id.toLowerCase());
  if (hit) return { ok: true, entry: c[hit.section][hit.index]!, section: hit.section };
  const away = notAvailable(c, id);
  if (away) return { ok: false, message: away };
  return { ok: false, message: unknownIdMessage('id', id, allIds(c), aliasResolver(c)) };
}

export function lookupIn<S extends Section>(c: Dated, section: S, id: string): Lookup<EntryOf<S>> {
  const hit = idIndex(c).get(id.toLowerCase());
  if (hit && hit.section === section) return { ok: true, entry: c[section][hit.index] as EntryOf<S>, section };
  const away = section === 'models' ? notAvailable(c, id) : undefined;
  if (away) return { ok: false, message: away };
  const what = section === 'models' ? 'model' : section === 'instances' ? 'instance' : section === 'serverless' ? 'serverless platform' : 'throughput row';
  const candidates = section === 'models' ? c.models.flatMap((m) => [m.id, ...m.aliases]) : c[section].map((e) => e.id);
  let msg = unknownIdMessage(what, id, candidates, aliasResolver(c));
  if (hit) msg += ` ("${id}" is a${hit.section === 'instances' ? 'n instance' : hit.section === 'models' ? ' model' : ` ${hit.section} entry`}, not a ${what})`;
  return { ok: false, message: msg };
}

export const lookupModel = (c: CatalogFile, id: string) => lookupIn(c, 'models', id);
export const lookupInstance = (c: CatalogFile, id: string) => lookupIn(c, 'instances', id);
export const lookupServerless = (c: CatalogFile, id: string) => lookupIn(c, 'serverless', id);

function allIds(c: CatalogFile): string[] {
  return [...c.models.flatMap((m) => [m.id, ...m.aliases]), ...c.instances.map((e) => e.id), ...c.serverless.map((e) => e.id), ...c.throughput.map((e) => e.id)];
}

function aliasResolver(c: CatalogFile): (candidate: string) => string {
  return (candidate) => {
    const hit = idIndex(c).get(candidate.toLowerCase());
    return hit ? c[hit.section][hit.index]!.id : candidate;
  };
}

function unknownIdMessage(what: string, id: string, candidates: string[], canonical: (c: string) => string): string {
  const hint = didYouMean(id, candidates, canonical);
  return `unknown ${what} "${id}"${hint ? `; ${hint}` : ''}`;
}

export function resolveSource(c: CatalogFile, ref: SourceRef): Source | undefined {
  return typeof ref === 'string' ? ownValue(c.sources, ref) : ref;
}

/**
 * Structural problems that make a catalog unusable (exit 2 on load): duplicate ids or aliases,
 * references to sources that do not exist, overlapping long-context tiers.
 */
export function validateCatalog(c: CatalogFile): PathIssue[] {
  const issues: PathIssue[] = [];
  const seen = new Map<string, string>();
  const claim = (key: string, path: PropertyKey[], what: string) => {
    const k = key.toLowerCase();
    const prev = seen.get(k);
    if (prev) issues.push({ path, message: `duplicate ${what} "${key}" (already used by ${prev})` });
    else seen.set(k, formatRef(path));
  };
  const sections: Section[] = ['models', 'instances', 'serverless', 'throughput'];
  for (const s of sections) {
    (c[s] as Array<ModelEntry | InstanceEntry | ServerlessEntry | ThroughputEntry>).forEach((e, i) => {
      claim(e.id, [s, i, 'id'], 'id');
      checkSource(c, e.source, [s, i, 'source'], issues);
      for (const [field, ref] of Object.entries(e.field_sources ?? {})) checkSource(c, ref, [s, i, 'field_sources', field], issues);
    });
  }
  c.models.forEach((m, i) => {
    m.aliases.forEach((a, j) => claim(a, ['models', i, 'aliases', j], 'alias'));
    let prev = 0;
    m.long_context.forEach((t, j) => {
      if (t.prompt_tokens_over <= prev) {
        issues.push({ path: ['models', i, 'long_context', j, 'prompt_tokens_over'], message: `overlapping long-context tiers: thresholds must increase strictly (${t.prompt_tokens_over} after ${prev})` });
      }
      prev = Math.max(prev, t.prompt_tokens_over);
    });
  });
  return issues;
}

function checkSource(c: CatalogFile, ref: SourceRef, path: PropertyKey[], issues: PathIssue[]) {
  if (typeof ref === 'string' && !ownValue(c.sources, ref)) {
    const hint = didYouMean(ref, Object.keys(c.sources));
    issues.push({ path, message: `unknown source "${ref}"${hint ? `; ${hint}` : ''} (define it under sources:)` });
  }
}

function formatRef(path: PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
}

export function catalogCounts(c: CatalogFile): { models: number; instances: number; serverless: number; throughput: number } {
  return { models: c.models.length, instances: c.instances.length, serverless: c.serverless.length, throughput: c.throughput.length };
}
