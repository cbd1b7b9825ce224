import { ownValue } from '../safe-keys.js';
import * as z from 'zod';
import { nonNegative, positive, share, usd } from '../fields.js';
import { overrideEntry } from '../catalog/overrides.js';
import { deploymentSchema } from '../deployment/schema.js';
import { correlationsSchema } from '../uncertainty/extract.js';

/**
 * The scenario file (SPEC §3). One schema with defaults; the types are inferred from it.
 * Key names are a public interface: add fields, never rename. Checks that need the catalog
 * (model ids, batch prices) live in ./references.ts.
 */

const SUM_TOLERANCE = 1e-9;
const pctText = (n: number) => `${Number((n * 100).toFixed(6))}%`;

/** People: cost per item = hourly_rate x minutes_per_item / 60. */
export const humanSchema = z.strictObject({
  hourly_rate: usd,
  minutes_per_item: positive,
});

/** Who answers a request: a catalog model, a flat cost per request, or people. */
const handlerFields = {
  /** catalog model id, e.g. openai/gpt-4o */
  model: z.string().min(1, 'expected a model id "provider/model"').optional(),
  /** flat USD per request (a rules engine at 0, a third-party API, ...) */
  cost_per_request: usd.optional(),
  human: humanSchema.optional(),
  /** label for flat and human handlers in reports */
  name: z.string().min(1).optional(),
};
const HANDLER_KINDS = ['model', 'cost_per_request', 'human'] as const;

function exactlyOneHandler(h: { model?: string | undefined; cost_per_request?: number | undefined; human?: unknown }, ctx: z.RefinementCtx): void {
  const given = HANDLER_KINDS.filter((k) => h[k] !== undefined);
  if (given.length !== 1) {
    ctx.addIssue({
      code: 'custom',
      message: given.length ? `give one of model, cost_per_request or human, not ${given.join(' and ')}` : 'give one of model, cost_per_request or human',
    });
  }
}

export const handlerSchema = z.strictObject(handlerFields).superRefine(exactlyOneHandler);
export type HandlerSpec = z.output<typeof handlerSchema>;

export const mixEntrySchema = z.strictObject({ ...handlerFields, share }).superRefine(exactlyOneHandler);
export const cascadeTierSchema = z
  .strictObject({
    ...handlerFields,
    /** share of ALL routed requests finally answered at this tier; the last tier takes the rest */
    handles: share.optional(),
  })
  .superRefine(exactlyOneHandler);

const mixSchema = z
  .array(mixEntrySchema)
  .min(1, 'expected at least one handler')
  .superRefine((mix, ctx) => {
    const sum = mix.reduce((a, m) => a + m.share, 0);
    if (Math.abs(sum - 1) > SUM_TOLERANCE) ctx.addIssue({ code: 'custom', message: `shares must sum to 100%, got ${pctText(sum)}` });
  });

const cascadeSchema = z
  .array(cascadeTierSchema)
  .min(2, 'a cascade needs at least two tiers (cheapest first)')
  .superRefine((tiers, ctx) => {
    const last = tiers.length - 1;
    tiers.forEach((t, i) => {
      if (i < last && t.handles === undefined) ctx.addIssue({ code: 'custom', path: [i], message: 'every tier but the last needs handles: (the share of routed requests answered there)' });
    });
    const sum = tiers.reduce((a, t) => a + (t.handles ?? 0), 0);
    if (sum > 1 + SUM_TOLERANCE) {
      ctx.addIssue({ code: 'custom', message: `cascade shares sum to ${pctText(sum)}, over 100%` });
    } else if (tiers[last]?.handles !== undefined && Math.abs(sum - 1) > SUM_TOLERANCE) {
      ctx.addIssue({ code: 'custom', path: [last, 'handles'], message: `cascade shares sum to ${pctText(sum)}; the last tier takes the rest: omit its handles or make them sum to 100%` });
    }
  });

/** task type -> handler; `default` answers task types without their own rule */
const rulesSchema = z.record(z.string().min(1), handlerSchema);

export const routingSchema = z
  .strictObject({ mix: mixSchema.optional(), cascade: cascadeSchema.optional(), rules: rulesSchema.optional() })
  .superRefine((r, ctx) => {
    const given = (['mix', 'cascade', 'rules'] as const).filter((k) => r[k] !== undefined);
    if (given.length !== 1) ctx.addIssue({ code: 'custom', message: given.length ? `give one of mix, cascade or rules, not ${given.join(' and ')}` : 'give one of mix, cascade or rules' });
  });
export type RoutingSpec = z.output<typeof routingSchema>;

const cacheLayerSchema = z
  .strictObject({
    /** share of ALL requests answered by this layer */
    hit_rate: share,
    /** USD per hit (serving a cached answer) */
    cost_per_hit: usd.optional(),
    /** USD per lookup, paid by every request that reaches the layer (embedding + vector search) */
    cost_per_lookup: usd.optional(),
  });
export type CacheLayerSpec = z.output<typeof cacheLayerSchema>;

export const cacheSchema = z
  .strictObject({ exact: cacheLayerSchema.optional(), semantic: cacheLayerSchema.optional() })
  .superRefine((c, ctx) => {
    if (!c.exact && !c.semantic) ctx.addIssue({ code: 'custom', message: 'give an exact and/or a semantic layer' });
    const sum = (c.exact?.hit_rate ?? 0) + (c.semantic?.hit_rate ?? 0);
    if (sum > 1 + SUM_TOLERANCE) ctx.addIssue({ code: 'custom', path: ['semantic', 'hit_rate'], message: `exact and semantic hit rates are shares of all requests and sum to ${pctText(sum)}, over 100%` });
  });

export const promptSchema = z
  .strictObject({
    /** share of input tokens removed (applied after system_prompt) */
    input_token_reduction: share.optional(),
    /** a system prompt of `from` tokens rewritten to `to` tokens */
    system_prompt: z.strictObject({ from: nonNegative, to: nonNegative }).optional(),
    /** cap on the mean output tokens per request */
    max_output_tokens: positive.optional(),
    /** share of output tokens removed (concise answers) */
    output_token_reduction: share.optional(),
  })
  .superRefine((p, ctx) => {
    if (Object.values(p).every((v) => v === undefined)) ctx.addIssue({ code: 'custom', message: 'give input_token_reduction, system_prompt, max_output_tokens or output_token_reduction' });
  });
export type PromptSpec = z.output<typeof promptSchema>;

export const batchSchema = z.strictObject({
  /** share of model calls sent through a batch API */
  share,
  /** only these models are batched (default: every model the plan calls) */
  models: z.array(z.string().min(1)).min(1).optional(),
});
export type BatchSpec = z.output<typeof batchSchema>;

export const promptCacheSchema = z.strictObject({
  /** tokens of a prefix shared by every request (part of the input tokens) */
  prefix_tokens: positive,
  /** share of calls that find the prefix cached (read); the rest write it */
  hit_rate: share,
  /** write price to use: 5m (cache_write, default) or 1h (cache_write_1h) */
  ttl: z.enum(['5m', '1h']).optional(),
});
export type PromptCacheSpec = z.output<typeof promptCacheSchema>;

export const strategiesSchema = z.strictObject({
  prompt: promptSchema.optional(),
  cache: cacheSchema.optional(),
  routing: routingSchema.optional(),
  batch: batchSchema.optional(),
  prompt_cache: promptCacheSchema.optional(),
});
export type StrategiesSpec = z.output<typeof strategiesSchema>;

/** Fixed stacking order (SPEC §3). */
export const STRATEGY_ORDER = ['prompt', 'cache', 'routing', 'batch', 'prompt_cache'] as const;
export type StrategyName = (typeof STRATEGY_ORDER)[number];

const taskMixSchema = z
  .record(z.string().min(1), share)
  .superRefine((m, ctx) => {
    const sum = Object.values(m).reduce((a, x) => a + x, 0);
    if (Math.abs(sum - 1) > SUM_TOLERANCE) ctx.addIssue({ code: 'custom', message: `task shares must sum to 100%, got ${pctText(sum)}` });
  });

export const workloadSchema = z.strictObject({
  requests_per_day: positive,
  /** mean input (prompt) tokens per request, all of them: system prompt, context, question */
  input_tokens: nonNegative,
  /** mean output tokens per request */
  output_tokens: nonNegative,
  /** shares by task type, for routing.rules */
  task_mix: taskMixSchema.optional(),
});
export type WorkloadSpec = z.output<typeof workloadSchema>;

export const budgetSchema = z
  .strictObject({
    monthly: usd.optional(),
    max_cost_per_request: usd.optional(),
    /** with distributions: the monthly quantile held to the limit (90%: fail when P90 > monthly) */
    confidence: share.refine((n) => n > 0 && n < 1, { message: 'expected a confidence between 0% and 100% (e.g. 90%)' }).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.monthly === undefined && b.max_cost_per_request === undefined) ctx.addIssue({ code: 'custom', message: 'give monthly and/or max_cost_per_request' });
    if (b.confidence !== undefined && b.monthly === undefined) ctx.addIssue({ code: 'custom', path: ['confidence'], message: 'confidence applies to budget.monthly: give monthly too' });
  });
export type BudgetSpec = z.output<typeof budgetSchema>;

/** Scenario-level pricing overrides: a file (relative to the scenario), a list, or { source, overrides }. */
export const scenarioOverridesSchema = z.union([
  z.string().min(1),
  z.array(overrideEntry),
  z.strictObject({ source: z.string().optional(), overrides: z.array(overrideEntry) }),
]);

const varValue = z.union([z.number(), z.string()]);

export const scenarioSchema = z
  .strictObject({
    version: z.literal(1, { message: 'expected version: 1' }).default(1),
    name: z.string().min(1).optional(),
    description: z.string().optional(),
    /** catalog version (YYYY-MM-DD, latest) or a catalog file relative to the scenario */
    catalog: z.union([z.string().min(1), z.date()]).transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v)).optional(),
    days_per_month: positive.default(30),
    /** numbers that "=expressions" may use; evaluated before validation */
    vars: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a variable name (letters, digits, _)'), varValue).optional(),
    pricing_overrides: scenarioOverridesSchema.optional(),
    workload: workloadSchema,
    baseline: handlerSchema,
    strategies: strategiesSchema.default({}),
    deployment: deploymentSchema.optional(),
    budget: budgetSchema.optional(),
    /** rank correlations between inputs given as distributions (checked in core/uncertainty) */
    correlations: correlationsSchema.optional(),
  })
  .superRefine((s, ctx) => {
    const w = s.workload;
    const p = s.strategies.prompt;
    if (p?.system_prompt && p.system_prompt.from > w.input_tokens) {
      ctx.addIssue({ code: 'custom', path: ['strategies', 'prompt', 'system_prompt', 'from'], message: `the system prompt (${p.system_prompt.from} tokens) cannot be longer than workload.input_tokens (${w.input_tokens})` });
    }
    const pc = s.strategies.prompt_cache;
    if (pc && pc.prefix_tokens > w.input_tokens) {
      ctx.addIssue({ code: 'custom', path: ['strategies', 'prompt_cache', 'prefix_tokens'], message: `the cached prefix (${pc.prefix_tokens} tokens) cannot be longer than workload.input_tokens (${w.input_tokens})` });
    }
    const rules = s.strategies.routing?.rules;
    if (rules) {
      if (!w.task_mix) {
        ctx.addIssue({ code: 'custom', path: ['strategies', 'routing', 'rules'], message: 'routing.rules needs workload.task_mix (shares by task type)' });
      } else {
        const tasks = Object.keys(w.task_mix);
        for (const k of Object.keys(rules)) {
          if (k !== 'default' && !tasks.includes(k)) {
            ctx.addIssue({ code: 'custom', path: ['strategies', 'routing', 'rules', k], message: `task type "${k}" is not in workload.task_mix (${tasks.join(', ')})` });
          }
        }
        if (!ownValue(rules, 'default')) {
          for (const t of tasks) {
            if (!ownValue(rules, t)) ctx.addIssue({ code: 'custom', path: ['strategies', 'routing', 'rules'], message: `no handler for task type "${t}" (add it, or a default: handler)` });
          }
        }
      }
    }
  });

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;

/** Tokens per request after the prompt step. */
export function promptedTokens(w: { input_tokens: number; output_tokens: number }, p: PromptSpec | undefined): { input: number; output: number } {
  let input = w.input_tokens;
  let output = w.output_tokens;
  if (p?.system_prompt) input = input - p.system_prompt.from + p.system_prompt.to;
  if (p?.input_token_reduction !== undefined) input *= 1 - p.input_token_reduction;
  if (p?.max_output_tokens !== undefined) output = Math.min(output, p.max_output_tokens);
  if (p?.output_token_reduction !== undefined) output *= 1 - p.output_token_reduction;
  return { input: Math.max(0, input), output: Math.max(0, output) };
}

/**
 * The cached prefix after the prompt step. `prefix_tokens` is measured on the workload's prompt;
 * a system prompt rewrite changes it by (to - from) (the system prompt is part of the prefix) and
 * input_token_reduction shrinks it like the rest of the prompt. Never more than the prompt.
 */
export function promptedPrefix(prefixTokens: number, w: { input_tokens: number; output_tokens: number }, p: PromptSpec | undefined): number {
  let prefix = prefixTokens;
  if (p?.system_prompt) prefix = prefix - p.system_prompt.from + p.system_prompt.to;
  if (p?.input_token_reduction !== undefined) prefix *= 1 - p.input_token_reduction;
  return Math.max(0, Math.min(prefix, promptedTokens(w, p).input));
}
