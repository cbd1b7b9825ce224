import { ownValue } from '../safe-keys.js';
import { nonFinitePaths } from '../finite.js';
import type { Catalog } from '../catalog/catalog.js';
import { catalogRef, lookupModel } from '../catalog/catalog.js';
import type { PathIssue } from '../schema-issues.js';
import { promptedPrefix, promptedTokens, type Scenario, type StrategyName } from '../scenario/schema.js';
import { resolveHandler, type Handler, type Slice } from './handlers.js';
import { priceState, type PlanState } from './price.js';
import { budgetStatus } from './budget.js';
import type { CostTriple, EstimateStep, ScenarioEstimate } from './types.js';

export interface EstimateInput {
  scenario: Scenario;
  catalog: Catalog;
  /** display name (scenario.name, else the file's base name) */
  name: string;
  file?: string;
}

export interface EstimateResult {
  /** deployments are filled in by the caller (they have their own calculator) */
  estimate: ScenarioEstimate;
  /** problems at scenario paths (unknown model ids, missing prices); the estimate is not usable when non-empty */
  issues: PathIssue[];
}

const STEP_LABEL: Record<StrategyName | 'baseline', string> = {
  baseline: 'baseline',
  prompt: 'prompt optimisation',
  cache: 'response caching',
  routing: 'routing',
  batch: 'batch API',
  prompt_cache: 'provider prompt caching',
};

const pct = (n: number) => `${Number((n * 100).toFixed(4))}%`;

/**
 * The catalog ids of `strategies.batch.models` (null: every model is batched); an unknown id is an
 * issue at its path, naming the catalog as every other model reference does. Shared with variance.
 */
export function resolveBatchModels(models: readonly string[] | undefined, catalog: Catalog, issues: PathIssue[]): Set<string> | null {
  if (!models) return null;
  const ids = new Set<string>();
  models.forEach((id, i) => {
    const hit = lookupModel(catalog, id);
    if (!hit.ok) issues.push({ path: ['strategies', 'batch', 'models', i], message: `${hit.message} (catalog ${catalog.meta.id} ${catalog.meta.version})` });
    else ids.add(hit.entry.id);
  });
  return ids;
}

/**
 * Price a scenario: the baseline, then each strategy stacked in the fixed order (SPEC §3),
 * each step priced from scratch on the plan so far. Pure: the catalog is passed in.
 */
export function estimateScenario(input: EstimateInput): EstimateResult {
  const { scenario: s, catalog } = input;
  const issues: PathIssue[] = [];
  const warnings: string[] = [];
  const assumptions: string[] = [];
  const R = s.workload.requests_per_day;
  const days = s.days_per_month;

  const baseline = resolveHandler(s.baseline, catalog, ['baseline'], issues);
  const st = s.strategies;
  let routed: Slice[] | undefined;
  if (st.routing) routed = resolveRouting(s, catalog, issues);
  const batchModels = resolveBatchModels(st.batch?.models, catalog, issues);

  const modelAnswers = baseline?.kind === 'model' || (routed ?? []).some((x) => x.handler.kind === 'model');
  if (modelAnswers && s.workload.input_tokens + s.workload.output_tokens === 0) {
    issues.push({ path: ['workload', 'input_tokens'], message: 'a model answers these requests, but input_tokens and output_tokens are both 0: nothing to price' });
  }

  const steps: EstimateStep[] = [];
  if (baseline) {
    let state: PlanState = {
      requestsPerDay: R,
      daysPerMonth: days,
      tokens: { input: s.workload.input_tokens, output: s.workload.output_tokens },
      slices: [{ handler: baseline, share: 1, path: ['baseline'] }],
    };
    const push = (strategy: StrategyName | 'baseline', label: string, notes: string[]) => {
      const p = priceState(state);
      issues.push(...p.issues);
      warnings.push(...p.warnings);
      const prev = steps[steps.length - 1];
      const base = steps[0];
      const monthly = p.daily * days;
      steps.push({
        strategy,
        label,
        daily: p.daily,
        monthly,
        yearly: monthly * 12,
        perRequest: p.daily / R,
        savedMonthly: prev ? prev.monthly - monthly : 0,
        savedVsBaselineMonthly: base ? base.monthly - monthly : 0,
        savedVsBaselinePercent: base && base.monthly > 0 ? ((base.monthly - monthly) / base.monthly) * 100 : 0,
        lines: p.lines,
        notes: [...notes, ...p.notes],
      });
    };
    push('baseline', `baseline: all traffic on ${baseline.label}`, [`${fmtCount(R)} requests/day, ${fmtTokens(state.tokens.input)} input + ${fmtTokens(state.tokens.output)} output tokens each`]);

    if (st.prompt) {
      const t = promptedTokens(s.workload, st.prompt);
      state = { ...state, tokens: t };
      const what: string[] = [];
      if (st.prompt.system_prompt) what.push(`system prompt ${st.prompt.system_prompt.from} -> ${st.prompt.system_prompt.to} tokens`);
      if (st.prompt.input_token_reduction !== undefined) what.push(`${pct(st.prompt.input_token_reduction)} fewer input tokens`);
      if (st.prompt.max_output_tokens !== undefined) what.push(`output capped at ${st.prompt.max_output_tokens} tokens`);
      if (st.prompt.output_token_reduction !== undefined) what.push(`${pct(st.prompt.output_token_reduction)} fewer output tokens`);
      const notes = [`${fmtTokens(t.input)} input + ${fmtTokens(t.output)} output tokens per request`];
      if (baseline.kind !== 'model' && !routed) notes.push('the baseline is not priced per token, so fewer tokens change nothing until a model answers');
      push('prompt', `${STEP_LABEL.prompt}: ${what.join(', ')}`, notes);
    }
    if (st.cache) {
      state = { ...state, cache: st.cache };
      const what: string[] = [];
      if (st.cache.exact) what.push(`${pct(st.cache.exact.hit_rate)} exact hits`);
      if (st.cache.semantic) what.push(`${pct(st.cache.semantic.hit_rate)} semantic hits`);
      const miss = 1 - (st.cache.exact?.hit_rate ?? 0) - (st.cache.semantic?.hit_rate ?? 0);
      push('cache', `${STEP_LABEL.cache}: ${what.join(' + ')}`, [`${pct(Math.max(0, miss))} of requests reach a model (${fmtCount(R * Math.max(0, miss))}/day)`]);
    }
    if (st.routing && routed) {
      state = { ...state, slices: routed };
      const kind = st.routing.mix ? 'mix' : st.routing.cascade ? 'cascade' : 'rules';
      const desc = routed.map((r) => `${r.role ? `${r.role}: ` : ''}${r.handler.label} ${pct(kind === 'cascade' ? (r.answers ?? 0) : r.share)}`).join(', ');
      const notes = kind === 'cascade' ? [`cascade: a request that escalates has paid for every tier it passed through (${routed.map((r) => `${r.handler.label} paid by ${pct(r.share)}`).join(', ')})`] : [];
      push('routing', `${STEP_LABEL.routing} (${kind}): ${desc}`, notes);
    }
    if (st.batch) {
      state = { ...state, batch: { share: st.batch.share, models: batchModels, path: ['strategies', 'batch'] } };
      const called = new Set(state.slices.flatMap((x) => (x.handler.kind === 'model' ? [x.handler.model.id] : [])));
      for (const id of batchModels ?? []) if (!called.has(id)) warnings.push(`batch.models lists ${id}, which the plan does not call`);
      if (!called.size) warnings.push('batch: the plan makes no model calls, so the batch API changes nothing');
      push('batch', `${STEP_LABEL.batch}: ${pct(st.batch.share)} of model calls${batchModels ? ` to ${[...batchModels].join(', ')}` : ''} at batch rates`, []);
    }
    if (st.prompt_cache) {
      const pc = st.prompt_cache;
      const prefix = promptedPrefix(pc.prefix_tokens, s.workload, st.prompt);
      state = { ...state, promptCache: { prefixTokens: prefix, hitRate: pc.hit_rate, ttl: pc.ttl ?? '5m', path: ['strategies', 'prompt_cache'] } };
      const notes = st.batch ? ['batched calls keep their batch rates and are not prompt-cached'] : [];
      if (prefix !== pc.prefix_tokens) notes.push(`the ${fmtTokens(pc.prefix_tokens)}-token prefix is ${fmtTokens(prefix)} tokens after the prompt step`);
      push('prompt_cache', `${STEP_LABEL.prompt_cache}: ${fmtTokens(prefix)}-token prefix, ${pct(pc.hit_rate)} hits`, notes);
    }
  }

  assumptions.push(`month = ${days} days, year = 12 months`);
  assumptions.push('token counts are means per request; a long-context tier is chosen from the mean prompt length');
  if (st.cache) assumptions.push('cache hit rates are shares of all requests; cache hits cost only what the cache charges');
  if (st.routing?.cascade) assumptions.push('every cascade tier sees the full request (same input and output tokens)');
  if (st.batch && st.prompt_cache) assumptions.push('batched calls are billed at batch rates and not prompt-cached');

  const zero: CostTriple = { daily: 0, monthly: 0, perRequest: 0 };
  const first = steps[0];
  const last = steps[steps.length - 1];
  const triple = (x: EstimateStep | undefined): CostTriple => (x ? { daily: x.daily, monthly: x.monthly, perRequest: x.perRequest } : zero);
  const baseTriple = triple(first);
  const plan = triple(last);
  const savedMonthly = baseTriple.monthly - plan.monthly;
  const estimate: ScenarioEstimate = {
    name: input.name,
    ...(input.file !== undefined ? { file: input.file } : {}),
    catalog: catalogRef(catalog),
    daysPerMonth: days,
    requestsPerDay: R,
    baseline: baseTriple,
    plan,
    savings: { monthly: savedMonthly, percent: baseTriple.monthly > 0 ? (savedMonthly / baseTriple.monthly) * 100 : 0 },
    steps,
    deployments: [],
    budget: budgetStatus(s.budget, plan),
    assumptions,
    warnings: [...new Set(warnings)],
  };
  if (!issues.length) {
    // numbers each fine on their own (1e300 requests a day, 1e300 tokens) whose product is not
    const over = nonFinitePaths(estimate);
    if (over.length) issues.push({ path: ['workload', 'requests_per_day'], message: `the estimate overflows: ${over.join(', ')} would not be a finite number (requests_per_day ${R} x tokens per request x price exceeds 1.8e308)` });
  }
  return { estimate, issues: dedupe(issues) };
}

function resolveRouting(s: Scenario, catalog: Catalog, issues: PathIssue[]): Slice[] | undefined {
  const r = s.strategies.routing;
  if (!r) return undefined;
  const base: PropertyKey[] = ['strategies', 'routing'];
  const out: Slice[] = [];
  let ok = true;
  const resolve = (spec: Parameters<typeof resolveHandler>[0], path: PropertyKey[]): Handler | undefined => {
    const h = resolveHandler(spec, catalog, path, issues);
    if (!h) ok = false;
    return h;
  };
  if (r.mix) {
    r.mix.forEach((m, i) => {
      const path = [...base, 'mix', i];
      const h = resolve(m, path);
      if (h) out.push({ handler: h, share: m.share, path });
    });
  } else if (r.cascade) {
    let reach = 1;
    const last = r.cascade.length - 1;
    r.cascade.forEach((t, i) => {
      const path = [...base, 'cascade', i];
      const answers = i === last ? Math.max(0, reach) : (t.handles ?? 0);
      const h = resolve(t, path);
      if (h) out.push({ handler: h, share: Math.max(0, reach), answers, role: `tier ${i + 1}`, path });
      reach -= answers;
    });
  } else if (r.rules) {
    const mix = s.workload.task_mix ?? {};
    for (const [task, shareOfTask] of Object.entries(mix)) {
      const key = ownValue(r.rules, task) ? task : 'default';
      const spec = ownValue(r.rules, key);
      if (!spec) continue;
      const path = [...base, 'rules', key];
      const h = resolve(spec, path);
      if (h) out.push({ handler: h, share: shareOfTask, role: task, path });
    }
  }
  return ok ? out : undefined;
}

function dedupe(issues: PathIssue[]): PathIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.path.map(String).join('.')}|${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function fmtCount(n: number): string {
  const units: [number, string][] = [[1e9, 'B'], [1e6, 'M'], [1e3, 'k']];
  for (const [v, u] of units) if (Math.abs(n) >= v) return `${Number((n / v).toPrecision(4))}${u}`;
  return String(Number(n.toPrecision(6)));
}

function fmtTokens(n: number): string {
  return String(Number(n.toPrecision(6)));
}
