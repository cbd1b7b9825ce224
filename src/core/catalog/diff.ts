import type { CatalogFile } from './schema.js';
import type { Section } from './catalog.js';

export interface RateChange {
  section: Section;
  id: string;
  /** dotted rate field (`input`, `batch.output`, `long_context>200000.input`); `*` for a whole entry */
  field: string;
  kind: 'changed' | 'added' | 'removed';
  old: number | null;
  new: number | null;
  /** percent change, 0-100 scale; null when not defined (from or to null/0) */
  changePercent: number | null;
}

const MODEL_RATES = ['input', 'output', 'cache_read', 'cache_write', 'cache_write_1h', 'cache_storage_per_hour'] as const;
const TIER_RATES = ['input', 'output', 'cache_read', 'cache_write', 'cache_write_1h'] as const;

/** All rates of an entry flattened to dotted fields. Undefined = not sold; null = unknown. */
export function flattenRates(section: Section, e: Record<string, unknown>): Map<string, number | null> {
  const out = new Map<string, number | null>();
  const put = (k: string, v: unknown) => {
    if (v === undefined) return;
    out.set(k, typeof v === 'number' ? v : null);
  };
  if (section === 'models') {
    for (const f of MODEL_RATES) put(f, e[f]);
    for (const tier of ['batch', 'flex', 'priority']) {
      const t = e[tier];
      if (t && typeof t === 'object') for (const f of TIER_RATES) put(`${tier}.${f}`, (t as Record<string, unknown>)[f]);
    }
    const lc = e.long_context;
    if (Array.isArray(lc)) for (const t of lc as Record<string, unknown>[]) for (const f of TIER_RATES) put(`long_context>${String(t.prompt_tokens_over)}.${f}`, t[f]);
  } else if (section === 'instances') {
    for (const f of ['on_demand_hourly', 'spot_hourly', 'reserved_1y_hourly', 'reserved_3y_hourly']) put(f, e[f]);
  } else if (section === 'serverless') {
    for (const f of ['per_gb_second', 'per_million_requests', 'per_vcpu_second', 'per_gpu_second']) put(f, e[f]);
  } else {
    for (const f of ['tokens_per_second', 'output_tokens_per_second']) put(f, e[f]);
  }
  return out;
}

function pctChange(a: number | null, b: number | null): number | null {
  if (a === null || b === null || a === 0) return null;
  return Number((((b - a) / a) * 100).toFixed(6));
}

/** Every rate changed, added or removed between two catalogs, by section then id then field. */
export function diffCatalogs(a: CatalogFile, b: CatalogFile): RateChange[] {
  const out: RateChange[] = [];
  for (const section of ['models', 'instances', 'serverless', 'throughput'] as const) {
    const left = new Map<string, Record<string, unknown>>(a[section].map((e) => [e.id, e as unknown as Record<string, unknown>]));
    const right = new Map<string, Record<string, unknown>>(b[section].map((e) => [e.id, e as unknown as Record<string, unknown>]));
    const ids = [...new Set([...left.keys(), ...right.keys()])].sort();
    for (const id of ids) {
      const l = left.get(id);
      const r = right.get(id);
      if (!l && r) {
        out.push({ section, id, field: '*', kind: 'added', old: null, new: headline(section, r), changePercent: null });
        continue;
      }
      if (l && !r) {
        out.push({ section, id, field: '*', kind: 'removed', old: headline(section, l), new: null, changePercent: null });
        continue;
      }
      if (!l || !r) continue;
      const fl = flattenRates(section, l);
      const fr = flattenRates(section, r);
      for (const field of [...new Set([...fl.keys(), ...fr.keys()])]) {
        const has1 = fl.has(field);
        const has2 = fr.has(field);
        const o = fl.get(field) ?? null;
        const n = fr.get(field) ?? null;
        if (has1 && has2) {
          if (o !== n) out.push({ section, id, field, kind: 'changed', old: o, new: n, changePercent: pctChange(o, n) });
        } else if (has2) out.push({ section, id, field, kind: 'added', old: null, new: n, changePercent: null });
        else out.push({ section, id, field, kind: 'removed', old: o, new: null, changePercent: null });
      }
    }
  }
  return out;
}

function headline(section: Section, e: Record<string, unknown>): number | null {
  const v = section === 'models' ? e.input : section === 'instances' ? e.on_demand_hourly : section === 'serverless' ? (e.per_gb_second ?? e.per_gpu_second) : e.tokens_per_second;
  return typeof v === 'number' ? v : null;
}
