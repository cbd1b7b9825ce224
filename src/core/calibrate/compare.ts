import type { Catalog } from '../catalog/catalog.js';
import { lookupModel } from '../catalog/catalog.js';
import { promptedPrefix, promptedTokens, type Scenario } from '../scenario/schema.js';
import type { Calibration, Estimate } from './calibrate.js';

/**
 * An existing scenario against what the usage says, field by field: the assumed value, the value
 * seen with its 99% interval, and whether the assumption lies inside it. Token counts are
 * compared after the scenario's prompt step (what its model calls carry), as the usage shows them.
 */
export interface ComparedField {
  /** scenario path, e.g. workload.requests_per_day, strategies.routing.mix[openai/gpt-4o].share */
  field: string;
  /** shares and hit rates are percents (0-100) on both sides */
  unit: 'requests/day' | 'tokens' | 'percent' | 'USD';
  /** null: the scenario does not set it */
  assumed: number | null;
  /** null: the usage cannot show it */
  seen: number | null;
  low: number | null;
  high: number | null;
  status: 'within' | 'outside' | 'not in scenario' | 'not in usage';
  note?: string;
}

export interface Comparison {
  /** the scenario as given */
  scenario: string;
  fields: ComparedField[];
  outside: number;
}

function unitOf(name: string): ComparedField['unit'] {
  if (/share|hit_rate/.test(name)) return 'percent';
  if (name === 'budget.monthly') return 'USD';
  return name === 'workload.requests_per_day' ? 'requests/day' : 'tokens';
}

function field(name: string, assumed: number | null, e: Estimate | null, note?: string): ComparedField {
  const unit = unitOf(name);
  if (!e) return { field: name, unit, assumed, seen: null, low: null, high: null, status: 'not in usage', ...(note ? { note } : {}) };
  if (assumed === null) return { field: name, unit, assumed, seen: e.value, low: e.low, high: e.high, status: 'not in scenario', ...(note ? { note } : {}) };
  // float noise of the scenario's percent text (20% = 0.2) is not a difference
  const tol = 1e-9 * Math.max(1, Math.abs(assumed));
  const within = assumed >= e.low - tol && assumed <= e.high + tol;
  return { field: name, unit, assumed, seen: e.value, low: e.low, high: e.high, status: within ? 'within' : 'outside', ...(note ? { note } : {}) };
}

/** `catalog` maps the scenario's model names to the ids the usage was summed under. */
export function compareWithScenario(c: Calibration, s: Scenario, name: string, catalog: Catalog | undefined): Comparison {
  const out: ComparedField[] = [];
  out.push(field('workload.requests_per_day', s.workload.requests_per_day, c.requestsPerDay, `mean over ${c.period.days} days`));
  const t = promptedTokens(s.workload, s.strategies.prompt);
  const after = s.strategies.prompt ? ' (after strategies.prompt)' : '';
  out.push(field('workload.input_tokens', t.input, c.inputTokens, `mean per request${after}`));
  out.push(field('workload.output_tokens', t.output, c.outputTokens, `mean per request${after}`));
  const idOf = (m: string) => {
    const hit = catalog ? lookupModel(catalog, m) : undefined;
    return hit?.ok ? hit.entry.id : m;
  };
  const mix = s.strategies.routing?.mix ?? (s.strategies.routing ? [] : [{ ...s.baseline, share: 1 }]);
  const assumed = new Map<string, number>();
  for (const m of mix) if (m.model !== undefined) assumed.set(idOf(m.model), (assumed.get(idOf(m.model)) ?? 0) + m.share);
  const seen = new Map(c.models.map((m) => [m.model, m]));
  const where = s.strategies.routing?.mix ? 'strategies.routing.mix' : 'baseline';
  for (const [id, share] of assumed) {
    const m = seen.get(id);
    out.push(field(`${where}[${id}].share`, share * 100, m ? m.sharePercent : { value: 0, low: 0, high: 0, n: c.requests }, m ? undefined : 'no request to this model'));
  }
  for (const m of c.models) if (!assumed.has(m.model)) out.push(field(`${where}[${m.model}].share`, 0, m.sharePercent, 'the scenario does not route to this model'));
  const pc = s.strategies.prompt_cache;
  if (pc || c.promptCache) {
    out.push(field('strategies.prompt_cache.hit_rate', pc ? pc.hit_rate * 100 : null, c.promptCache?.hitRatePercent ?? { value: 0, low: 0, high: 0, n: c.requests }));
    const prefix = pc ? promptedPrefix(pc.prefix_tokens, s.workload, s.strategies.prompt) : null;
    out.push(field('strategies.prompt_cache.prefix_tokens', prefix, c.promptCache?.prefixTokens ?? null, c.promptCache ? 'mean cache-read tokens of the requests that read the cache' : 'no request read a cached prefix'));
  }
  if (s.strategies.batch) out.push(field('strategies.batch.share', s.strategies.batch.share * 100, null, c.batch.note));
  if (s.budget?.monthly !== undefined || c.budget) {
    const b = c.budget;
    const limit = s.budget?.monthly ?? null;
    if (b && limit !== null) {
      // a budget is a limit, not an estimate: within when the month cost no more than it
      out.push({ field: 'budget.monthly', unit: 'USD', assumed: limit, seen: b.monthly, low: null, high: null, status: b.monthly <= limit ? 'within' : 'outside', note: `cost of ${b.month}${b.monthly <= limit ? '' : ', over the budget'}` });
    } else out.push(field('budget.monthly', limit, b ? { value: b.monthly, low: b.monthly, high: b.monthly, n: 1 } : null, b ? `cost of ${b.month}` : 'no full calendar month in the usage'));
  }
  if (s.strategies.cache) out.push(field('strategies.cache', null, null, 'a response cache answers without a model call: usage logs cannot show it'));
  return { scenario: name, fields: out, outside: out.filter((f) => f.status === 'outside').length };
}
