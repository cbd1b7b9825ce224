import * as z from 'zod';
import type { AppliedOverride, Catalog } from './catalog.js';
import { lookup } from './catalog.js';
import { parseShare } from '../units.js';
import type { PathIssue } from '../schema-issues.js';

const share = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const n = parseShare(v);
  if (n === undefined || n < 0 || n > 1) {
    ctx.addIssue({ code: 'custom', message: `expected a discount between 0% and 100%, got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return n;
});
const price = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n) || n < 0 || (typeof v === 'string' && !/^\d+(\.\d+)?$/.test(v.trim()))) {
    ctx.addIssue({ code: 'custom', message: `expected a non-negative price, got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return n;
});

export const overrideEntry = z
  .strictObject({
    id: z.string().optional(),
    provider: z.string().optional(),
    discount: share.optional(),
    input: price.optional(),
    output: price.optional(),
    cache_read: price.optional(),
    cache_write: price.optional(),
    cache_write_1h: price.optional(),
    on_demand_hourly: price.optional(),
    spot_hourly: price.optional(),
    reserved_1y_hourly: price.optional(),
    reserved_3y_hourly: price.optional(),
    per_gb_second: price.optional(),
    per_million_requests: price.optional(),
    /** more names for a model (a deployment name, a gateway's spelling): priced exactly as the model */
    aliases: z.array(z.string().min(1)).optional(),
    note: z.string().optional(),
  })
  .refine((o) => (o.id ? 1 : 0) + (o.provider ? 1 : 0) === 1, { message: 'an override names exactly one of id or provider' });
export type OverrideEntry = z.infer<typeof overrideEntry>;

export const overridesFile = z.strictObject({
  source: z.string().optional(),
  overrides: z.array(overrideEntry),
});
export type OverridesFile = z.infer<typeof overridesFile>;

const EXPLICIT = ['input', 'output', 'cache_read', 'cache_write', 'cache_write_1h', 'on_demand_hourly', 'spot_hourly', 'reserved_1y_hourly', 'reserved_3y_hourly', 'per_gb_second', 'per_million_requests'] as const;
const MODEL_DISCOUNTED = ['input', 'output', 'cache_read', 'cache_write', 'cache_write_1h', 'cache_storage_per_hour'] as const;
const INSTANCE_DISCOUNTED = ['on_demand_hourly', 'spot_hourly', 'reserved_1y_hourly', 'reserved_3y_hourly'] as const;
const SERVERLESS_DISCOUNTED = ['per_gb_second', 'per_million_requests', 'per_vcpu_second', 'per_gpu_second'] as const;

const round = (n: number) => Number(n.toPrecision(12));
type Rec = Record<string, unknown>;

function discountObj(o: Rec, fields: readonly string[], factor: number, skip: Set<string>): void {
  for (const f of fields) {
    const v = o[f];
    if (typeof v === 'number' && !skip.has(f)) {
      o[f] = round(v * factor);
    }
  }
}

/**
 * Negotiated rates or discounts on top of a catalog. Returns a new catalog (the input is not
 * changed) whose `overrides` say what was applied; unknown ids are issues at their path.
 */
export function applyOverrides(cat: Catalog, file: OverridesFile, pathPrefix: PropertyKey[] = ['overrides'], opts: { skipUnavailable?: boolean } = {}): { catalog: Catalog; issues: PathIssue[] } {
  const next: Catalog = structuredClone(cat);
  const issues: PathIssue[] = [];
  const applied: AppliedOverride[] = [];
  let renamed = false;
  file.overrides.forEach((o, i) => {
    const targets: { section: 'models' | 'instances' | 'serverless'; entry: Rec }[] = [];
    if (o.id) {
      const hit = lookup(next, o.id);
      // a release with history read at a day the model was not callable: nothing to override that day
      if (!hit.ok && opts.skipUnavailable && next.unavailable?.[o.id.toLowerCase()]) return;
      if (!hit.ok) {
        issues.push({ path: [...pathPrefix, i, 'id'], message: hit.message });
        return;
      }
      if (hit.section === 'throughput') {
        issues.push({ path: [...pathPrefix, i, 'id'], message: `"${o.id}" is a throughput row; overrides apply to prices` });
        return;
      }
      targets.push({ section: hit.section, entry: hit.entry as unknown as Rec });
    } else if (o.provider) {
      const p = o.provider.toLowerCase();
      for (const section of ['models', 'instances', 'serverless'] as const) {
        for (const e of next[section]) if (e.id.toLowerCase().startsWith(`${p}/`)) targets.push({ section, entry: e as unknown as Rec });
      }
      if (!targets.length) {
        issues.push({ path: [...pathPrefix, i, 'provider'], message: `no catalog entry has provider "${o.provider}"` });
        return;
      }
    }
    if (o.aliases?.length) {
      const t = targets[0];
      if (!o.id || !t || t.section !== 'models') {
        issues.push({ path: [...pathPrefix, i, 'aliases'], message: 'aliases name one model: give its id' });
        return;
      }
      const taken = o.aliases.map((a, j) => ({ a, j, hit: lookup(next, a) })).filter((x) => x.hit.ok && x.hit.entry !== (t.entry as unknown));
      for (const x of taken) issues.push({ path: [...pathPrefix, i, 'aliases', x.j], message: `"${x.a}" already names ${(x.hit as { entry: { id: string } }).entry.id}` });
      if (taken.length) return;
      const model = t.entry as unknown as { aliases: string[] };
      model.aliases = [...model.aliases, ...o.aliases.filter((a) => !model.aliases.some((b) => b.toLowerCase() === a.toLowerCase()))];
      renamed = true;
    }
    const explicit = new Set<string>();
    for (const t of targets) {
      for (const f of EXPLICIT) {
        const v = o[f];
        if (v === undefined) continue;
        if (!(f in t.entry) && o.id) {
          issues.push({ path: [...pathPrefix, i, f], message: `${f} does not apply to ${t.section === 'models' ? 'a model' : t.section === 'instances' ? 'an instance' : 'a serverless platform'}` });
          continue;
        }
        t.entry[f] = v;
        explicit.add(f);
      }
      if (o.discount !== undefined && o.discount > 0) {
        const factor = 1 - o.discount;
        const list = t.section === 'models' ? MODEL_DISCOUNTED : t.section === 'instances' ? INSTANCE_DISCOUNTED : SERVERLESS_DISCOUNTED;
        discountObj(t.entry, list, factor, explicit);
        if (t.section === 'models') {
          for (const tier of ['batch', 'flex', 'priority'] as const) {
            const tr = t.entry[tier];
            if (tr && typeof tr === 'object') discountObj(tr as Rec, MODEL_DISCOUNTED, factor, new Set());
          }
          const lc = t.entry.long_context;
          if (Array.isArray(lc)) lc.forEach((tier) => discountObj(tier as Rec, MODEL_DISCOUNTED, factor, new Set()));
        }
      }
    }
    const what = o.id ?? `provider ${o.provider} (${targets.length} entries)`;
    const parts: string[] = [];
    if (o.discount) parts.push(`${round(o.discount * 100)}% off`);
    for (const f of EXPLICIT) if (o[f] !== undefined) parts.push(`${f} = ${o[f]}`);
    if (o.aliases?.length) parts.push(`also named ${o.aliases.join(', ')}`);
    applied.push({ target: what, description: `${what}: ${parts.join(', ') || 'no change'}`, source: o.note ?? file.source });
  });
  next.overrides = [...cat.overrides, ...applied];
  // new names: a fresh object, so the id index built while applying (without them) is not reused
  return { catalog: renamed ? { ...next } : next, issues };
}
