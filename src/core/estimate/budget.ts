import type { BudgetSpec } from '../scenario/schema.js';
import type { BudgetStatus, CostTriple } from './types.js';

/** Float noise must not turn an exact hit of the limit into "over". */
const over = (value: number, limit: number) => value > limit * (1 + 1e-9) + 1e-12;

/**
 * A scenario's `budget:` against its plan: `over` when the monthly cost or the cost per request
 * passes its limit. Gaps are limit - value (negative when over).
 */
export function budgetStatus(b: BudgetSpec | undefined, plan: CostTriple): BudgetStatus {
  if (!b) return { status: 'none', limitMonthly: null, maxCostPerRequest: null, gapMonthly: null, gapPerRequest: null, breaches: [] };
  const breaches: string[] = [];
  if (b.monthly !== undefined && over(plan.monthly, b.monthly)) breaches.push('monthly');
  if (b.max_cost_per_request !== undefined && over(plan.perRequest, b.max_cost_per_request)) breaches.push('max_cost_per_request');
  return {
    status: breaches.length ? 'over' : 'within',
    limitMonthly: b.monthly ?? null,
    maxCostPerRequest: b.max_cost_per_request ?? null,
    gapMonthly: b.monthly !== undefined ? b.monthly - plan.monthly : null,
    gapPerRequest: b.max_cost_per_request !== undefined ? b.max_cost_per_request - plan.perRequest : null,
    breaches,
  };
}

/**
 * A budget with a confidence (budget: { monthly: 25000, confidence: 90% }): the monthly limit
 * holds the simulated monthly cost at that quantile (P90 > 25,000 is over); the per-request
 * limit keeps holding the point estimate.
 */
export function withConfidence(b: BudgetStatus, monthlyAtConfidence: number, confidence: number): BudgetStatus {
  if (b.limitMonthly === null) return b;
  const breaches = (b.breaches ?? []).filter((x) => x !== 'monthly');
  if (over(monthlyAtConfidence, b.limitMonthly)) breaches.unshift('monthly');
  return { ...b, status: breaches.length ? 'over' : 'within', gapMonthly: b.limitMonthly - monthlyAtConfidence, breaches, confidence, monthlyAtConfidence };
}
