import { formatPath } from '../errors.js';
import type { Catalog } from '../catalog/catalog.js';
import { lookupModel } from '../catalog/catalog.js';
import type { ModelEntry } from '../catalog/schema.js';
import type { PathIssue } from '../schema-issues.js';
import { ownValue } from '../safe-keys.js';
import type { HandlerSpec, Scenario } from '../scenario/schema.js';
import { callRates, type CallRates, type RateMode } from '../estimate/rates.js';

/**
 * The estimate calculator of core/estimate (calc.ts + price.ts) applied array-wise: every
 * number that can vary is a Float64Array over lanes (draws, or the low/high settings of a
 * sensitivity run), and each cost line is one pass over the lanes. The arithmetic is the
 * scalar calculator's, operation for operation and in the same order, so a lane whose inputs
 * equal the point estimate's gives the point estimate's numbers bit for bit (tested).
 * Labels, notes and the catalog checks stay with the scalar calculator, which always runs first.
 */

export type Lanes = Float64Array;

/** Values of the scenario's numbers per lane: an array for a varying number, else undefined. */
export type LaneValues = (name: string) => Lanes | undefined;

export interface LaneStep {
  strategy: string;
  /** USD per day, per lane */
  daily: Lanes;
}

const M = 1e6;

class Ctx {
  constructor(
    readonly n: number,
    readonly values: LaneValues,
  ) {}
  /** the number at `path` per lane: the varying array, else the scenario's own value broadcast */
  at(path: readonly PropertyKey[], scalar: number): Lanes {
    const v = this.values(formatPath(path));
    return v ?? new Float64Array(this.n).fill(scalar);
  }
  varies(path: readonly PropertyKey[]): boolean {
    return this.values(formatPath(path)) !== undefined;
  }
  zeros(): Lanes {
    return new Float64Array(this.n);
  }
}

type VHandler =
  | { kind: 'model'; model: ModelEntry }
  | { kind: 'flat'; costPerRequest: Lanes }
  | { kind: 'human'; costPerItem: Lanes };

interface VSlice {
  handler: VHandler;
  share: Lanes;
  path: PropertyKey[];
}

interface VState {
  R: Lanes;
  input: Lanes;
  output: Lanes;
  cache?: { exact?: VLayer | undefined; semantic?: VLayer | undefined };
  slices: VSlice[];
  batch?: { share: Lanes; models: ReadonlySet<string> | null; path: PropertyKey[] };
  promptCache?: { prefix: Lanes; hit: Lanes; ttl: '5m' | '1h'; path: PropertyKey[] };
}

interface VLayer {
  hit: Lanes;
  costPerHit?: Lanes | undefined;
  costPerLookup?: Lanes | undefined;
}

/**
 * Daily cost per lane after each step (baseline first), for a scenario the scalar calculator
 * has already priced without issues (so every model resolves). Issues here are only those a
 * lane can meet and the point estimate cannot: a long-context tier without a price.
 */
export function laneSteps(s: Scenario, catalog: Catalog, n: number, values: LaneValues): { steps: LaneStep[]; issues: PathIssue[] } {
  const c = new Ctx(n, values);
  const issues: PathIssue[] = [];
  const w = s.workload;
  const st = s.strategies;
  const baseline = vHandler(s.baseline, ['baseline'], catalog, c);
  if (!baseline) return { steps: [], issues };
  const steps: LaneStep[] = [];
  let state: VState = {
    R: c.at(['workload', 'requests_per_day'], w.requests_per_day),
    input: c.at(['workload', 'input_tokens'], w.input_tokens),
    output: c.at(['workload', 'output_tokens'], w.output_tokens),
    slices: [{ handler: baseline, share: new Float64Array(n).fill(1), path: ['baseline'] }],
  };
  const push = (strategy: string) => steps.push({ strategy, daily: priceLanes(state, c, issues) });
  push('baseline');
  if (st.prompt) {
    const t = promptedLanes(c, s);
    state = { ...state, input: t.input, output: t.output };
    push('prompt');
  }
  if (st.cache) {
    const layer = (name: 'exact' | 'semantic'): VLayer | undefined => {
      const l = st.cache?.[name];
      if (!l) return undefined;
      const p = ['strategies', 'cache', name];
      return {
        hit: c.at([...p, 'hit_rate'], l.hit_rate),
        costPerHit: l.cost_per_hit !== undefined ? c.at([...p, 'cost_per_hit'], l.cost_per_hit) : undefined,
        costPerLookup: l.cost_per_lookup !== undefined ? c.at([...p, 'cost_per_lookup'], l.cost_per_lookup) : undefined,
      };
    };
    state = { ...state, cache: { exact: layer('exact'), semantic: layer('semantic') } };
    push('cache');
  }
  if (st.routing) {
    const routed = routingLanes(s, catalog, c);
    if (routed) {
      state = { ...state, slices: routed };
      push('routing');
    }
  }
  if (st.batch) {
    let models: Set<string> | null = null;
    if (st.batch.models) {
      models = new Set();
      for (const id of st.batch.models) {
        const hit = lookupModel(catalog, id);
        if (hit.ok) models.add(hit.entry.id);
      }
    }
    state = { ...state, batch: { share: c.at(['strategies', 'batch', 'share'], st.batch.share), models, path: ['strategies', 'batch'] } };
    push('batch');
  }
  if (st.prompt_cache) {
    const pc = st.prompt_cache;
    const prefix = promptedPrefixLanes(c, s, c.at(['strategies', 'prompt_cache', 'prefix_tokens'], pc.prefix_tokens));
    state = { ...state, promptCache: { prefix, hit: c.at(['strategies', 'prompt_cache', 'hit_rate'], pc.hit_rate), ttl: pc.ttl ?? '5m', path: ['strategies', 'prompt_cache'] } };
    push('prompt_cache');
  }
  return { steps, issues: dedupe(issues) };
}

function vHandler(spec: HandlerSpec, path: PropertyKey[], catalog: Catalog, c: Ctx): VHandler | undefined {
  if (spec.model !== undefined) {
    const hit = lookupModel(catalog, spec.model);
    return hit.ok ? { kind: 'model', model: hit.entry } : undefined;
  }
  if (spec.cost_per_request !== undefined) return { kind: 'flat', costPerRequest: c.at([...path, 'cost_per_request'], spec.cost_per_request) };
  if (spec.human) {
    const rate = c.at([...path, 'human', 'hourly_rate'], spec.human.hourly_rate);
    const minutes = c.at([...path, 'human', 'minutes_per_item'], spec.human.minutes_per_item);
    const per = c.zeros();
    for (let j = 0; j < c.n; j++) per[j] = ((rate[j] ?? 0) * (minutes[j] ?? 0)) / 60;
    return { kind: 'human', costPerItem: per };
  }
  return undefined;
}

/** promptedTokens (scenario/schema.ts), array-wise. */
function promptedLanes(c: Ctx, s: Scenario): { input: Lanes; output: Lanes } {
  const p = s.strategies.prompt;
  const w = s.workload;
  const input = c.at(['workload', 'input_tokens'], w.input_tokens).slice();
  const output = c.at(['workload', 'output_tokens'], w.output_tokens).slice();
  const pp = ['strategies', 'prompt'];
  const from = p?.system_prompt ? c.at([...pp, 'system_prompt', 'from'], p.system_prompt.from) : undefined;
  const to = p?.system_prompt ? c.at([...pp, 'system_prompt', 'to'], p.system_prompt.to) : undefined;
  const itr = p?.input_token_reduction !== undefined ? c.at([...pp, 'input_token_reduction'], p.input_token_reduction) : undefined;
  const mot = p?.max_output_tokens !== undefined ? c.at([...pp, 'max_output_tokens'], p.max_output_tokens) : undefined;
  const otr = p?.output_token_reduction !== undefined ? c.at([...pp, 'output_token_reduction'], p.output_token_reduction) : undefined;
  for (let j = 0; j < c.n; j++) {
    let i = input[j] ?? 0;
    let o = output[j] ?? 0;
    if (from && to) i = i - (from[j] ?? 0) + (to[j] ?? 0);
    if (itr) i *= 1 - (itr[j] ?? 0);
    if (mot) o = Math.min(o, mot[j] ?? 0);
    if (otr) o *= 1 - (otr[j] ?? 0);
    input[j] = Math.max(0, i);
    output[j] = Math.max(0, o);
  }
  return { input, output };
}

/** promptedPrefix (scenario/schema.ts), array-wise. */
function promptedPrefixLanes(c: Ctx, s: Scenario, prefixTokens: Lanes): Lanes {
  const p = s.strategies.prompt;
  const pp = ['strategies', 'prompt'];
  const from = p?.system_prompt ? c.at([...pp, 'system_prompt', 'from'], p.system_prompt.from) : undefined;
  const to = p?.system_prompt ? c.at([...pp, 'system_prompt', 'to'], p.system_prompt.to) : undefined;
  const itr = p?.input_token_reduction !== undefined ? c.at([...pp, 'input_token_reduction'], p.input_token_reduction) : undefined;
  const prompted = promptedLanes(c, s).input;
  const out = c.zeros();
  for (let j = 0; j < c.n; j++) {
    let x = prefixTokens[j] ?? 0;
    if (from && to) x = x - (from[j] ?? 0) + (to[j] ?? 0);
    if (itr) x *= 1 - (itr[j] ?? 0);
    out[j] = Math.max(0, Math.min(x, prompted[j] ?? 0));
  }
  return out;
}

/**
 * resolveRouting (calc.ts), array-wise. Shares given as distributions are renormalised per
 * lane to sum to 100% (a mix or task mix is a split of the traffic; only its proportions vary).
 */
function routingLanes(s: Scenario, catalog: Catalog, c: Ctx): VSlice[] | undefined {
  const r = s.strategies.routing;
  if (!r) return undefined;
  const base: PropertyKey[] = ['strategies', 'routing'];
  const out: VSlice[] = [];
  if (r.mix) {
    // copies: renormalising must not change the inputs' own draws
    const shares = r.mix.map((m, i) => c.at([...base, 'mix', i, 'share'], m.share).slice());
    if (r.mix.some((_, i) => c.varies([...base, 'mix', i, 'share']))) normalise(shares, c.n);
    for (const [i, m] of r.mix.entries()) {
      const path = [...base, 'mix', i];
      const h = vHandler(m, path, catalog, c);
      if (!h) return undefined;
      out.push({ handler: h, share: shares[i] ?? c.zeros(), path });
    }
  } else if (r.cascade) {
    const reach = new Float64Array(c.n).fill(1);
    const last = r.cascade.length - 1;
    for (const [i, t] of r.cascade.entries()) {
      const path = [...base, 'cascade', i];
      const handles = i === last ? undefined : c.at([...path, 'handles'], t.handles ?? 0);
      const share = c.zeros();
      for (let j = 0; j < c.n; j++) {
        const answers = handles ? (handles[j] ?? 0) : Math.max(0, reach[j] ?? 0);
        share[j] = Math.max(0, reach[j] ?? 0);
        reach[j] = (reach[j] ?? 0) - answers;
      }
      const h = vHandler(t, path, catalog, c);
      if (!h) return undefined;
      out.push({ handler: h, share, path });
    }
  } else if (r.rules) {
    const mix = s.workload.task_mix ?? {};
    const tasks = Object.entries(mix);
    const shares = tasks.map(([task, v]) => c.at(['workload', 'task_mix', task], v).slice());
    if (tasks.some(([task]) => c.varies(['workload', 'task_mix', task]))) normalise(shares, c.n);
    for (const [k, [task]] of tasks.entries()) {
      const key = ownValue(r.rules, task) ? task : 'default';
      const spec = ownValue(r.rules, key);
      if (!spec) continue;
      const path = [...base, 'rules', key];
      const h = vHandler(spec, path, catalog, c);
      if (!h) return undefined;
      out.push({ handler: h, share: shares[k] ?? c.zeros(), path });
    }
  }
  return out;
}

function normalise(shares: Lanes[], n: number): void {
  for (let j = 0; j < n; j++) {
    let sum = 0;
    for (const s of shares) sum += s[j] ?? 0;
    if (sum > 0 && Math.abs(sum - 1) > 1e-12) for (const s of shares) s[j] = (s[j] ?? 0) / sum;
  }
}

/** priceState (price.ts), array-wise: the daily total per lane, the lines summed in the same order. */
function priceLanes(s: VState, c: Ctx, issues: PathIssue[]): Lanes {
  const n = c.n;
  const daily = c.zeros();
  const R = s.R;
  const reaching = R.slice();
  const addLine = (q: number, price: number, j: number) => {
    if (q === 0) return;
    daily[j] = (daily[j] ?? 0) + q * price;
  };
  if (s.cache) {
    for (const layer of [s.cache.exact, s.cache.semantic]) {
      if (!layer) continue;
      for (let j = 0; j < n; j++) {
        const r = R[j] ?? 0;
        const hit = layer.hit[j] ?? 0;
        if (layer.costPerLookup) addLine(reaching[j] ?? 0, layer.costPerLookup[j] ?? 0, j);
        if (layer.costPerHit) addLine(r * hit, layer.costPerHit[j] ?? 0, j);
        reaching[j] = (reaching[j] ?? 0) - r * hit;
      }
    }
    for (let j = 0; j < n; j++) reaching[j] = Math.max(0, reaching[j] ?? 0);
  }
  for (const slice of s.slices) {
    const calls = c.zeros();
    for (let j = 0; j < n; j++) calls[j] = (reaching[j] ?? 0) * (slice.share[j] ?? 0);
    const h = slice.handler;
    switch (h.kind) {
      case 'flat':
        for (let j = 0; j < n; j++) addLine(calls[j] ?? 0, h.costPerRequest[j] ?? 0, j);
        continue;
      case 'human':
        for (let j = 0; j < n; j++) addLine(calls[j] ?? 0, h.costPerItem[j] ?? 0, j);
        continue;
      case 'model':
        priceModel(h.model, slice, calls, s, addLine, issues, n);
    }
  }
  return daily;
}

function priceModel(m: ModelEntry, slice: VSlice, calls: Lanes, s: VState, addLine: (q: number, p: number, j: number) => void, issues: PathIssue[], n: number): void {
  const batchedShare = s.batch && (s.batch.models === null || s.batch.models.has(m.id)) ? s.batch.share : undefined;
  const rates = new RatesByTier(m);
  const pc = s.promptCache;
  for (let j = 0; j < n; j++) {
    const I = s.input[j] ?? 0;
    const O = s.output[j] ?? 0;
    const batched = batchedShare ? (batchedShare[j] ?? 0) : 0;
    const cj = calls[j] ?? 0;
    const realtime = cj * (1 - batched);
    const inBatch = cj * batched;
    const std = rates.get(I, 'standard');
    if ('unavailable' in std) return;
    if ((I > 0 && std.input === null) || (O > 0 && std.output === null)) {
      issues.push({ path: [...slice.path, 'model'], message: `${m.id} has no ${std.input === null ? 'input' : 'output'} price${std.tierOver !== undefined ? ` at prompts over ${std.tierOver} tokens` : ''} in this catalog, and some draws reach it (unpriced is an error, not $0)` });
      return;
    }
    if (realtime > 0) {
      if (pc && std.cacheRead !== null) {
        const P = Math.min(pc.prefix[j] ?? 0, I);
        const writeRate = pc.ttl === '1h' ? std.cacheWrite1h : std.cacheWrite;
        let write = writeRate;
        if (write === null) {
          if (pc.ttl === '1h') return; // the scalar calculator reports it
          write = std.input ?? 0;
        }
        const hit = pc.hit[j] ?? 0;
        addLine((realtime * (I - P)) / M, std.input ?? 0, j);
        addLine((realtime * hit * P) / M, std.cacheRead, j);
        addLine((realtime * (1 - hit) * P) / M, write, j);
      } else {
        addLine((realtime * I) / M, std.input ?? 0, j);
      }
      addLine((realtime * O) / M, std.output ?? 0, j);
    }
    if (inBatch > 0 && s.batch) {
      const b = rates.get(I, 'batch');
      if ('unavailable' in b) return; // the scalar calculator reports it
      addLine((inBatch * I) / M, b.input ?? 0, j);
      addLine((inBatch * O) / M, b.output ?? 0, j);
    }
  }
}

/** callRates per long-context tier, computed once per tier rather than once per lane. */
class RatesByTier {
  private readonly cache: (CallRates | { unavailable: string } | undefined)[] = [];
  private readonly thresholds: number[];
  constructor(private readonly m: ModelEntry) {
    this.thresholds = [...new Set(m.long_context.map((t) => t.prompt_tokens_over))].sort((a, b) => a - b);
  }
  get(promptTokens: number, mode: RateMode): CallRates | { unavailable: string } {
    let tier = -1;
    for (let i = 0; i < this.thresholds.length; i++) if (promptTokens > (this.thresholds[i] ?? Infinity)) tier = i;
    const key = 2 * (tier + 1) + (mode === 'batch' ? 1 : 0);
    let r = this.cache[key];
    if (!r) {
      r = callRates(this.m, promptTokens, mode);
      this.cache[key] = r;
    }
    return r;
  }
}

function dedupe(issues: PathIssue[]): PathIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${formatPath(i.path)}|${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
