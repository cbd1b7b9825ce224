import { lookupModel, type Catalog } from '../catalog/catalog.js';
import type { ModelEntry } from '../catalog/schema.js';
import { resolveBatchModels } from '../estimate/calc.js';
import { callRates } from '../estimate/rates.js';
import type { PathIssue } from '../schema-issues.js';
import { promptedPrefix, promptedTokens, type Scenario } from '../scenario/schema.js';
import { add, fromNumber, ZERO, ONE, sub, mul, type Q } from './rational.js';

/**
 * A scenario as variance reads it: per-request profiles of the model calls it plans, and the
 * rates it assumes (the catalog in force on the plan's date). Only what request-level usage can
 * show is compared: a baseline model or a routing mix of models, the prompt step (tokens), batch
 * and provider prompt caching. Response caches, cascades, rules and flat or human handlers leave
 * no request in a usage log, so they are reported as not comparable (exit 2), never guessed.
 */
export interface RateVector {
  input: Q;
  output: Q;
  cacheRead: Q;
  cacheWrite: Q;
  cacheWrite1h: Q;
  batchInput: Q;
  batchOutput: Q;
}

/** Means per request of one model's calls (cache tokens are per request of the non-batched calls). */
export interface Profile {
  share: Q;
  input: Q;
  output: Q;
  cacheRead: Q;
  cacheWrite: Q;
  cacheWrite1h: Q;
  batch: Q;
}

export interface PlanModel {
  model: string;
  profile: Profile;
  rates: RateVector;
}

export interface Plan {
  requestsPerDay: Q;
  models: PlanModel[];
  /** the profile of a model the plan does not call (share 0): same tokens, caching and batch rule */
  profileFor(entry: ModelEntry): Profile;
  /** the plan's rates of a model; `missing` says which rate the catalog lacks */
  ratesFor(entry: ModelEntry): { rates: RateVector; missing?: string };
  notes: string[];
}

const q = (n: number | null | undefined): Q | null => (typeof n === 'number' ? fromNumber(n) : null);

export function planOf(s: Scenario, catalog: Catalog): { plan?: Plan; issues: PathIssue[] } {
  const issues: PathIssue[] = [];
  const notes: string[] = [];
  const st = s.strategies;
  if (st.cache) issues.push({ path: ['strategies', 'cache'], atKey: true, message: 'variance compares model calls in usage logs; a response cache answers without a model call, so the log cannot show it (compare a scenario without strategies.cache)' });
  if (st.routing?.cascade || st.routing?.rules) issues.push({ path: ['strategies', 'routing', st.routing.cascade ? 'cascade' : 'rules'], atKey: true, message: 'variance reads a routing mix (shares per model); a cascade or rules cannot be compared with usage yet' });
  const mix = st.routing?.mix ?? [{ ...s.baseline, share: 1 }];
  const mixPath: PropertyKey[] = st.routing?.mix ? ['strategies', 'routing', 'mix'] : ['baseline'];
  const entries: { entry: ModelEntry; share: number }[] = [];
  mix.forEach((h, i) => {
    const path = st.routing?.mix ? [...mixPath, i] : mixPath;
    if (h.model === undefined) {
      issues.push({ path, message: 'variance compares model calls: a flat or human handler leaves no request in a usage log' });
      return;
    }
    const hit = lookupModel(catalog, h.model);
    if (!hit.ok) issues.push({ path: [...path, 'model'], message: `${hit.message} (catalog ${catalog.meta.id} ${catalog.meta.version})` });
    else entries.push({ entry: hit.entry, share: h.share });
  });
  const batchModels = resolveBatchModels(st.batch?.models, catalog, issues);
  const tokens = promptedTokens(s.workload, st.prompt);
  const I = fromNumber(tokens.input);
  const O = fromNumber(tokens.output);
  const pc = st.prompt_cache;
  const prefix = pc ? fromNumber(promptedPrefix(pc.prefix_tokens, s.workload, st.prompt)) : ZERO;
  const hit = pc ? fromNumber(pc.hit_rate) : ZERO;

  const ratesFor = (m: ModelEntry): { rates: RateVector; missing?: string } => {
    const std = callRates(m, tokens.input, 'standard');
    const bat = callRates(m, tokens.input, 'batch');
    if ('unavailable' in std) throw new Error('internal: standard rates are always available');
    const input = q(std.input);
    const output = q(std.output);
    const inp = input ?? ZERO;
    const b = 'unavailable' in bat ? null : bat;
    return {
      rates: {
        input: inp,
        output: output ?? ZERO,
        // a missing cache rate bills those tokens at the input rate, as estimate does
        cacheRead: q(std.cacheRead) ?? inp,
        cacheWrite: q(std.cacheWrite) ?? inp,
        cacheWrite1h: q(std.cacheWrite1h) ?? inp,
        batchInput: q(b?.input) ?? inp,
        batchOutput: q(b?.output) ?? output ?? ZERO,
      },
      ...(!input || !output ? { missing: `${m.id} has no ${input ? 'output' : 'input'} price in catalog ${catalog.meta.version} (unpriced is an error, not $0)` } : {}),
    };
  };
  const batchShareFor = (m: ModelEntry): Q => {
    if (!st.batch || (batchModels && !batchModels.has(m.id))) return ZERO;
    return fromNumber(st.batch.share);
  };
  // a model the plan does not call is batched by the plan's rule only when it has batch prices
  const plannedBatchFor = (m: ModelEntry): Q => (m.batch ? batchShareFor(m) : ZERO);
  const profileFor = (m: ModelEntry): Profile => {
    const cached = pc && m.cache_read != null;
    const read = cached ? mul(hit, prefix) : ZERO;
    const write = cached ? mul(sub(ONE, hit), prefix) : ZERO;
    const oneHour = pc?.ttl === '1h';
    return { share: ZERO, input: I, output: O, cacheRead: read, cacheWrite: oneHour ? ZERO : write, cacheWrite1h: oneHour ? write : ZERO, batch: plannedBatchFor(m) };
  };
  const models: PlanModel[] = [];
  for (const { entry, share } of entries) {
    if (st.batch && batchShareFor(entry).n > 0n && !entry.batch) {
      issues.push({ path: ['strategies', 'batch'], atKey: true, message: `batch: ${entry.id} has no batch price in catalog ${catalog.meta.version}; batch only models that have batch prices (batch.models), or remove batch` });
    }
    if (pc && entry.cache_read == null) notes.push(`${entry.id} has no cache_read price: the plan bills its prompt prefix at the input rate (no prompt caching)`);
    const have = models.find((x) => x.model === entry.id);
    if (have) {
      have.profile = { ...have.profile, share: add(have.profile.share, fromNumber(share)) };
      continue;
    }
    const r = ratesFor(entry);
    if (r.missing) issues.push({ path: mixPath, message: r.missing });
    models.push({ model: entry.id, profile: { ...profileFor(entry), share: fromNumber(share) }, rates: r.rates });
  }
  if (issues.length) return { issues };
  return { plan: { requestsPerDay: fromNumber(s.workload.requests_per_day), models, profileFor, ratesFor, notes }, issues };
}
