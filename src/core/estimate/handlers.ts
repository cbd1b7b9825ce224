import type { Catalog } from '../catalog/catalog.js';
import { lookupModel } from '../catalog/catalog.js';
import type { ModelEntry } from '../catalog/schema.js';
import type { PathIssue } from '../schema-issues.js';
import type { HandlerSpec } from '../scenario/schema.js';

/** Who answers a request, resolved against the catalog. */
export type Handler =
  | { kind: 'model'; label: string; model: ModelEntry }
  | { kind: 'flat'; label: string; costPerRequest: number }
  | { kind: 'human'; label: string; costPerItem: number; hourlyRate: number; minutesPerItem: number };

const usd = (n: number) => `$${Number(n.toPrecision(10))}`;

/** Resolve a handler spec; an unknown or unpriced model is an issue at `path`.model. */
export function resolveHandler(spec: HandlerSpec, catalog: Catalog, path: PropertyKey[], issues: PathIssue[]): Handler | undefined {
  if (spec.model !== undefined) {
    const hit = lookupModel(catalog, spec.model);
    if (!hit.ok) {
      issues.push({ path: [...path, 'model'], message: `${hit.message} (catalog ${catalog.meta.id} ${catalog.meta.version})` });
      return undefined;
    }
    return { kind: 'model', label: hit.entry.id, model: hit.entry };
  }
  if (spec.cost_per_request !== undefined) {
    return { kind: 'flat', label: spec.name ?? `flat ${usd(spec.cost_per_request)}/request`, costPerRequest: spec.cost_per_request };
  }
  if (spec.human) {
    const h = spec.human;
    return {
      kind: 'human',
      label: spec.name ?? `people (${usd(h.hourly_rate)}/h, ${Number(h.minutes_per_item.toPrecision(10))} min/item)`,
      costPerItem: (h.hourly_rate * h.minutes_per_item) / 60,
      hourlyRate: h.hourly_rate,
      minutesPerItem: h.minutes_per_item,
    };
  }
  return undefined;
}

/** A share of the requests that reach the routing layer, answered (or attempted) by one handler. */
export interface Slice {
  handler: Handler;
  /** share of the routed requests that pay for this handler (a cascade tier: those that reach it) */
  share: number;
  /** share finally answered here (cascade), for reports */
  answers?: number;
  /** task type (rules) or tier number (cascade), for reports */
  role?: string;
  /** where the handler is defined, for issues */
  path: PropertyKey[];
}
