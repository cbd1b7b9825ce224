import * as z from 'zod';
import type { ScenarioEstimate } from '../estimate/types.js';

/**
 * A saved `costopt estimate --format json` result, read back as a base for `check` and `diff`.
 * Only the keys those commands use are required; the rest of the estimate model is kept.
 */
const KINDS = ['always_on', 'autoscaled', 'spot', 'reserved', 'serverless'] as const;

const triple = z.object({ daily: z.number(), monthly: z.number(), perRequest: z.number() });

const step = z.looseObject({
  strategy: z.string(),
  label: z.string().optional(),
  daily: z.number().optional(),
  monthly: z.number(),
  yearly: z.number().optional(),
  perRequest: z.number().optional(),
  savedMonthly: z.number().optional(),
});

const scenario = z.looseObject({
  name: z.string(),
  file: z.string().optional(),
  catalog: z.looseObject({ id: z.string(), version: z.string(), hash: z.string() }),
  daysPerMonth: z.number().optional(),
  requestsPerDay: z.number().optional(),
  baseline: triple,
  plan: triple,
  savings: z.object({ monthly: z.number(), percent: z.number().nullable() }).optional(),
  steps: z.array(step),
  deployments: z.array(z.looseObject({ name: z.string(), kind: z.enum(KINDS), monthly: z.number(), cheapest: z.boolean() })).optional(),
  budget: z
    .looseObject({ status: z.enum(['within', 'over', 'none']), limitMonthly: z.number().nullable(), maxCostPerRequest: z.number().nullable().optional(), gapMonthly: z.number().nullable().optional() })
    .optional(),
  assumptions: z.array(z.string()).optional(),
  warnings: z.array(z.string()).optional(),
});

export const savedEstimateSchema = z.looseObject({
  schemaVersion: z.literal(1, { message: 'expected schemaVersion: 1 (a saved `costopt estimate --format json` result)' }),
  command: z.literal('estimate', { message: 'expected command: "estimate" (save a base with `costopt estimate --format json > base.json`)' }),
  scenarios: z.array(scenario).min(1, 'expected at least one scenario'),
});

export type SavedScenario = z.output<typeof scenario>;

/** Fill the optional parts so the rest of the code sees one ScenarioEstimate shape. */
export function toScenarioEstimate(s: SavedScenario): ScenarioEstimate {
  const days = s.daysPerMonth ?? 30;
  return {
    ...s,
    daysPerMonth: days,
    requestsPerDay: s.requestsPerDay ?? 0,
    savings: { monthly: s.savings?.monthly ?? s.baseline.monthly - s.plan.monthly, percent: s.savings?.percent ?? 0 },
    steps: s.steps.map((st) => ({
      strategy: st.strategy,
      label: st.label ?? st.strategy,
      daily: st.daily ?? st.monthly / days,
      monthly: st.monthly,
      yearly: st.yearly ?? st.monthly * 12,
      perRequest: st.perRequest ?? 0,
      savedMonthly: st.savedMonthly ?? 0,
      savedVsBaselineMonthly: 0,
      savedVsBaselinePercent: 0,
      lines: [],
      notes: [],
    })),
    deployments: s.deployments ?? [],
    budget: {
      // the rest of a saved budget (confidence, monthlyAtConfidence, breaches) is kept
      ...s.budget,
      status: s.budget?.status ?? 'none',
      limitMonthly: s.budget?.limitMonthly ?? null,
      maxCostPerRequest: s.budget?.maxCostPerRequest ?? null,
      gapMonthly: s.budget?.gapMonthly ?? null,
    },
    assumptions: s.assumptions ?? [],
    warnings: s.warnings ?? [],
  };
}

