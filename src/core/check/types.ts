import type { SourcePosition } from '../errors.js';
import type { ScenarioEstimate } from '../estimate/types.js';

/**
 * The budget gate's model. `check --format json` prints
 * { schemaVersion, command: 'check', status, summary, results[], scenarios[], bills[], warnings[] }
 * where `results[].{scenario,budget,value,limit,status}` and `status` are guaranteed (SPEC §6).
 */

/** Config budgets (costopt.yaml) and the scenario's own `budget:` keys, named as written. */
export type BudgetName =
  | 'max_monthly'
  | 'max_cost_per_request'
  | 'max_increase_percent'
  | 'budget.monthly'
  | 'budget.max_cost_per_request'
  | 'max_forecast'
  | 'fail_on.anomaly'
  | 'fail_on.unpriced';

export type BudgetUnit = 'usd_per_month' | 'usd_per_request' | 'percent' | 'count';

/** within: at or under the limit; over: a breach (exit 1); skipped: could not be evaluated (no base). */
export type RowStatus = 'within' | 'over' | 'skipped';

export interface CheckRow {
  /** scenario name; for bills, the config's path text */
  scenario: string;
  kind: 'scenario' | 'bill';
  budget: BudgetName;
  /** null when it could not be computed (skipped, or an increase from $0) */
  value: number | null;
  limit: number;
  unit: BudgetUnit;
  /** bills: amounts are in the bill's currency (scenarios are USD) */
  currency?: string;
  status: RowStatus;
  /** where a reviewer should look: the scenario file and the line of the budget or of the scenario */
  file?: string;
  line?: number;
  col?: number;
  /** where the limit is set: `costopt.yaml:4:18`, or the scenario file's budget line */
  limitSource: string;
  /** max_increase_percent: the base plan per month and where it came from */
  baseMonthly?: number | null;
  headMonthly?: number;
  baseSource?: string;
  /** fail_on.anomaly: the anomalies found */
  anomalies?: { date: string; series: string; impact: number; impactPercent?: number }[];
  /** why a row was skipped; for a removed scenario, that it was removed */
  note?: string;
  /** a monthly budget with a confidence (0-1): value is the simulated monthly cost at that quantile */
  confidence?: number;
  /** the scenario was deleted on the branch (--base-ref): only its increase (-100%) is checked */
  removed?: true;
}

export interface CheckSummary {
  budgets: number;
  within: number;
  over: number;
  skipped: number;
}

export interface CheckScenarioInfo {
  name: string;
  file?: string;
  /** the catalog the scenario was priced with, as every command's JSON echoes it */
  catalog: { id: string; version: string; hash: string; overrides?: { target: string; description: string; source?: string }[] };
  baselineMonthly: number;
  planMonthly: number;
  planPerRequest: number;
  baseMonthly?: number | null;
  baseSource?: string;
  /** removed: in the base (--base-ref) but deleted on the branch; its plan figures are then 0 */
  status?: 'removed';
  warnings: string[];
}

export interface CheckBillInfo {
  label: string;
  currency: string;
  files: string[];
  forecastMonthEnd: number | null;
  forecastBudget: number | null;
  anomalies: number;
  unpricedRows: number;
}

export interface CheckReport {
  status: 'pass' | 'fail';
  config?: string;
  base: { kind: 'ref'; ref: string } | { kind: 'files'; files: string[] } | { kind: 'config' } | null;
  summary: CheckSummary;
  results: CheckRow[];
  scenarios: CheckScenarioInfo[];
  bills: CheckBillInfo[];
  warnings: string[];
}

/** One limit from costopt.yaml, with where it was written. */
export interface ConfigLimit<B extends BudgetName = BudgetName> {
  budget: B;
  limit: number;
  at: SourcePosition;
  /** max_monthly with a confidence (0-1): the simulated monthly cost at that quantile is held to the limit */
  confidence?: number;
}

/** What the base of a scenario is, once looked up. */
export type BaseLookup =
  | { kind: 'found'; estimate: ScenarioEstimate; source: string }
  | { kind: 'missing'; reason: string };

/** A scenario with everything its budgets need: pure data, no files. */
export interface ScenarioSubject {
  estimate: ScenarioEstimate;
  /** display path of the scenario file */
  file?: string;
  /** where breaches of config budgets point: the scenario file (its `name:` line) */
  at: SourcePosition;
  /** positions of the scenario's own budget keys */
  budgetAt: { monthly?: SourcePosition; maxCostPerRequest?: SourcePosition };
  limits: ConfigLimit<'max_monthly' | 'max_cost_per_request' | 'max_increase_percent'>[];
  base?: BaseLookup;
}

/** A scenario file matched at the base ref but deleted on the branch: listed, its increase -100%. */
export interface RemovedScenario {
  /** the scenario as it was at the base ref */
  base: ScenarioEstimate;
  /** `origin/main:scenarios/old.yaml` */
  source: string;
  limits: ScenarioSubject['limits'];
}

/** The parts of an analyze result the gate reads (SPEC §6 analyze keys). */
export interface BillAnalysis {
  forecast: { monthEnd: number | null; budget?: number | null; status?: string };
  anomalies: { date: string; series: string; impact: number; impactPercent?: number }[];
  unpriced?: { rows: number };
  currency?: string;
}

export interface BillSubject {
  label: string;
  files: string[];
  analysis: BillAnalysis;
  /** the bills entry in the config: bills have no line a reviewer could fix, the config does */
  at: SourcePosition;
  limits: ConfigLimit<'max_forecast' | 'fail_on.anomaly' | 'fail_on.unpriced'>[];
}
