import type { DeploymentSummary } from '../deployment/calc.js';
import type { Simulation } from '../uncertainty/simulate.js';

/**
 * The estimate result model (SPEC §6). `costopt estimate --format json` prints
 * { schemaVersion, command: 'estimate', scenarios: ScenarioEstimate[] }; `check` and `diff`
 * consume the same model (also from saved JSON files). Amounts are USD numbers; percents 0-100.
 */
export interface CostTriple {
  daily: number;
  monthly: number;
  perRequest: number;
}

export interface CostLine {
  /** e.g. "openai/gpt-4o input tokens" */
  label: string;
  /** handler or component the line belongs to */
  handler?: string;
  quantity: number;
  unit: string;
  unitPrice: number;
  /** USD per day */
  daily: number;
  monthly: number;
}

export interface EstimateStep {
  /** baseline | prompt | cache | routing | batch | prompt_cache | plan */
  strategy: string;
  label: string;
  daily: number;
  monthly: number;
  yearly: number;
  perRequest: number;
  /** saved against the step before, per month */
  savedMonthly: number;
  /** saved against the baseline, per month (cumulative) */
  savedVsBaselineMonthly: number;
  savedVsBaselinePercent: number;
  lines: CostLine[];
  notes: string[];
}

export interface DeploymentEstimate {
  name: string;
  kind: 'always_on' | 'autoscaled' | 'spot' | 'reserved' | 'serverless';
  monthly: number;
  cheapest: boolean;
  [extra: string]: unknown;
}

export interface BudgetStatus {
  status: 'within' | 'over' | 'none';
  limitMonthly: number | null;
  maxCostPerRequest: number | null;
  /** limit - value (negative when over), per month */
  gapMonthly: number | null;
  /** the limits passed: 'monthly', 'max_cost_per_request' (optional: saved results may predate it) */
  breaches?: string[];
  /** budget.confidence (0-1): the monthly limit holds the simulated cost at this quantile, not the point estimate */
  confidence?: number;
  /** the simulated monthly cost at that quantile (what the monthly limit was compared with) */
  monthlyAtConfidence?: number;
  [extra: string]: unknown;
}

export interface ScenarioEstimate {
  name: string;
  file?: string;
  catalog: { id: string; version: string; hash: string; overrides?: { target: string; description: string; source?: string }[] };
  daysPerMonth: number;
  requestsPerDay: number;
  baseline: CostTriple;
  plan: CostTriple;
  savings: { monthly: number; percent: number };
  steps: EstimateStep[];
  deployments: DeploymentEstimate[];
  /** notes of the deployment calculator (traffic shape, break-even vs serverless...) */
  deploymentNotes?: string[];
  /** traffic and break-even summary of the deployment options */
  deploymentSummary?: DeploymentSummary;
  budget: BudgetStatus;
  assumptions: string[];
  warnings: string[];
  /** Monte Carlo over the scenario's distributions (estimate --simulate, and every scenario with a confidence budget) */
  simulation?: Simulation;
}

export interface EstimateOutput {
  scenarios: ScenarioEstimate[];
}
