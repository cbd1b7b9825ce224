import type { Catalog, Section } from './catalog.js';
import { catalogRef, lookup, resolveSource } from './catalog.js';
import type { SourceRef } from './schema.js';
import { camelKeys } from '../case.js';
import { InputError } from '../errors.js';

export interface ShowResult {
  catalog: ReturnType<typeof catalogRef>;
  section: Section;
  /** the entry, camelCase; rates in USD (models: per 1M tokens; instances: per hour) */
  entry: Record<string, unknown>;
  /** source of each rate field (by field name; `*` for the entry's default) */
  sources: Record<string, { url: string; asOf: string; secondary?: boolean; note?: string; key?: string }>;
}

/** One model, instance, serverless platform or throughput row with every rate and its source. */
export function showEntry(cat: Catalog, id: string): ShowResult {
  const hit = lookup(cat, id);
  if (!hit.ok) throw new InputError({ severity: 'error', path: 'id', message: hit.message });
  const e = hit.entry;
  const sources: ShowResult['sources'] = {};
  const named = (ref: SourceRef) => {
    const s = resolveSource(cat, ref);
    return s ? { url: s.url, asOf: s.as_of, ...(s.secondary ? { secondary: true } : {}), ...(s.note ? { note: s.note } : {}), ...(typeof ref === 'string' ? { key: ref } : {}) } : undefined;
  };
  const main = named(e.source);
  if (main) sources['*'] = main;
  for (const [f, ref] of Object.entries(e.field_sources ?? {})) {
    const s = named(ref);
    if (s) sources[f] = s;
  }
  return { catalog: catalogRef(cat), section: hit.section, entry: camelKeys(e) as Record<string, unknown>, sources };
}
