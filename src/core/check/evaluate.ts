import { formatPosition, type SourcePosition } from '../errors.js';
import { quantileKey } from '../uncertainty/simulate.js';
import type { BillSubject, CheckBillInfo, CheckReport, CheckRow, CheckScenarioInfo, CheckSummary, RemovedScenario, RowStatus, ScenarioSubject } from './types.js';

/**
 * A value is over its limit only when it exceeds it beyond float noise: a plan computed as
 * 21405.000000000004 against a limit of 21405 is at the limit, and at the limit is within.
 */
export function isOver(value: number, limit: number): boolean {
  if (Number.isNaN(value)) return false;
  return value > limit + Math.max(Math.abs(limit), 1) * 1e-9;
}

/** Monthly increase in percent from `base` to `head`; Infinity from $0 to more than $0. */
export function increasePercent(base: number, head: number): number {
  if (base === 0) return head > 0 ? Infinity : head < 0 ? -Infinity : 0;
  return ((head - base) / Math.abs(base)) * 100;
}

const pos = (p: SourcePosition | undefined): Pick<CheckRow, 'file' | 'line' | 'col'> => (p?.file ? { file: p.file, line: p.line, col: p.col } : {});
const status = (value: number, limit: number): RowStatus => (isOver(value, limit) ? 'over' : 'within');

export function scenarioRows(s: ScenarioSubject): CheckRow[] {
  const e = s.estimate;
  const rows: CheckRow[] = [];
  const common = { scenario: e.name, kind: 'scenario' as const };
  for (const l of s.limits) {
    const limitSource = formatPosition(l.at) || 'config';
    switch (l.budget) {
      case 'max_monthly': {
        if (l.confidence !== undefined) {
          const v = e.simulation?.monthly[quantileKey(l.confidence)];
          if (v === undefined) {
            rows.push({ ...common, budget: l.budget, value: null, limit: l.limit, unit: 'usd_per_month', status: 'skipped', ...pos(s.at), limitSource, confidence: l.confidence, note: `no simulated P${Number((l.confidence * 100).toPrecision(6))} in this result (a saved result without that quantile)` });
            break;
          }
          rows.push({ ...common, budget: l.budget, value: v, limit: l.limit, unit: 'usd_per_month', status: status(v, l.limit), ...pos(s.at), limitSource, confidence: l.confidence });
          break;
        }
        rows.push({ ...common, budget: l.budget, value: e.plan.monthly, limit: l.limit, unit: 'usd_per_month', status: status(e.plan.monthly, l.limit), ...pos(s.at), limitSource });
        break;
      }
      case 'max_cost_per_request':
        rows.push({ ...common, budget: l.budget, value: e.plan.perRequest, limit: l.limit, unit: 'usd_per_request', status: status(e.plan.perRequest, l.limit), ...pos(s.at), limitSource });
        break;
      case 'max_increase_percent': {
        const base = s.base;
        if (!base || base.kind === 'missing') {
          rows.push({ ...common, budget: l.budget, value: null, limit: l.limit, unit: 'percent', status: 'skipped', ...pos(s.at), limitSource, note: base?.reason ?? 'no base to compare with: pass --base <file> or --base-ref <ref>' });
          break;
        }
        const b = base.estimate.plan.monthly;
        const inc = increasePercent(b, e.plan.monthly);
        rows.push({
          ...common, budget: l.budget, value: Number.isFinite(inc) ? inc : null, limit: l.limit, unit: 'percent',
          status: inc === Infinity || isOver(inc, l.limit) ? 'over' : 'within', ...pos(s.at), limitSource, baseMonthly: b, headMonthly: e.plan.monthly, baseSource: base.source,
          ...(inc === Infinity ? { note: 'the base costs $0 per month' } : {}),
        });
        break;
      }
    }
  }
  // the scenario's own budget (SPEC §3 `budget:`) counts too
  const own = e.budget;
  if (own.limitMonthly !== null && own.limitMonthly !== undefined) {
    const at = s.budgetAt.monthly ?? s.at;
    // a budget with a confidence holds the simulated quantile (P90 > limit fails), not the point estimate
    const withConf = own.confidence !== undefined && own.monthlyAtConfidence !== undefined;
    const v = withConf ? (own.monthlyAtConfidence ?? e.plan.monthly) : e.plan.monthly;
    rows.push({ ...common, budget: 'budget.monthly', value: v, limit: own.limitMonthly, unit: 'usd_per_month', status: status(v, own.limitMonthly), ...pos(at), limitSource: formatPosition(at) || 'scenario budget', ...(withConf ? { confidence: own.confidence } : {}) });
  }
  if (own.maxCostPerRequest !== null && own.maxCostPerRequest !== undefined) {
    const at = s.budgetAt.maxCostPerRequest ?? s.at;
    rows.push({ ...common, budget: 'budget.max_cost_per_request', value: e.plan.perRequest, limit: own.maxCostPerRequest, unit: 'usd_per_request', status: status(e.plan.perRequest, own.maxCostPerRequest), ...pos(at), limitSource: formatPosition(at) || 'scenario budget' });
  }
  return rows;
}

/**
 * A scenario deleted on the branch: only max_increase_percent applies (-100%, within: the
 * cost went away); it has no plan left to hold to max_monthly or max_cost_per_request.
 */
export function removedRows(s: RemovedScenario): CheckRow[] {
  const b = s.base.plan.monthly;
  return s.limits.filter((l) => l.budget === 'max_increase_percent').map((l): CheckRow => {
    const inc = increasePercent(b, 0);
    return {
      scenario: s.base.name, kind: 'scenario', budget: l.budget, value: inc, limit: l.limit, unit: 'percent', status: status(inc, l.limit),
      limitSource: formatPosition(l.at) || 'config', baseMonthly: b, headMonthly: 0, baseSource: s.source, note: `removed on the branch (${s.source})`, removed: true,
    };
  });
}

export function billRows(b: BillSubject): CheckRow[] {
  const rows: CheckRow[] = [];
  const currency = b.analysis.currency && b.analysis.currency !== 'USD' ? { currency: b.analysis.currency } : {};
  const common = { scenario: b.label, kind: 'bill' as const, ...pos(b.at) };
  for (const l of b.limits) {
    const limitSource = formatPosition(l.at) || 'config';
    switch (l.budget) {
      case 'max_forecast': {
        const v = b.analysis.forecast.monthEnd;
        rows.push(v === null
          ? { ...common, budget: l.budget, value: null, limit: l.limit, unit: 'usd_per_month', ...currency, status: 'skipped', limitSource, note: 'no forecast: no usage in the bill' }
          : { ...common, budget: l.budget, value: v, limit: l.limit, unit: 'usd_per_month', ...currency, status: status(v, l.limit), limitSource });
        break;
      }
      case 'fail_on.anomaly': {
        const n = b.analysis.anomalies.length;
        rows.push({ ...common, budget: l.budget, value: n, limit: 0, unit: 'count', status: n > 0 ? 'over' : 'within', limitSource, ...(n ? { anomalies: b.analysis.anomalies } : {}) });
        break;
      }
      case 'fail_on.unpriced': {
        const n = b.analysis.unpriced?.rows ?? 0;
        rows.push({ ...common, budget: l.budget, value: n, limit: 0, unit: 'count', status: n > 0 ? 'over' : 'within', limitSource });
        break;
      }
    }
  }
  return rows;
}

export function summarize(rows: readonly CheckRow[]): CheckSummary {
  return {
    budgets: rows.length,
    within: rows.filter((r) => r.status === 'within').length,
    over: rows.filter((r) => r.status === 'over').length,
    skipped: rows.filter((r) => r.status === 'skipped').length,
  };
}

export interface CheckInput {
  config?: string;
  base: CheckReport['base'];
  scenarios: ScenarioSubject[];
  bills: BillSubject[];
  warnings?: string[];
  /** with --base-ref: scenario files matched at the ref but deleted on the branch */
  removed?: RemovedScenario[];
}

/** The gate: every budget of every scenario and bill, and the verdict (fail on any breach). */
export function evaluateCheck(input: CheckInput): CheckReport {
  const removed = input.removed ?? [];
  const results = [...input.scenarios.flatMap(scenarioRows), ...removed.flatMap(removedRows), ...input.bills.flatMap(billRows)];
  const summary = summarize(results);
  const scenarios: CheckScenarioInfo[] = input.scenarios.map((s) => ({
    name: s.estimate.name,
    file: s.file,
    catalog: s.estimate.catalog,
    baselineMonthly: s.estimate.baseline.monthly,
    planMonthly: s.estimate.plan.monthly,
    planPerRequest: s.estimate.plan.perRequest,
    ...(s.base?.kind === 'found' ? { baseMonthly: s.base.estimate.plan.monthly, baseSource: s.base.source } : {}),
    warnings: s.estimate.warnings,
  }));
  for (const s of removed) {
    scenarios.push({ name: s.base.name, file: s.source, catalog: s.base.catalog, baselineMonthly: 0, planMonthly: 0, planPerRequest: 0, baseMonthly: s.base.plan.monthly, baseSource: s.source, status: 'removed', warnings: [] });
  }
  const bills: CheckBillInfo[] = input.bills.map((b) => ({
    label: b.label,
    currency: b.analysis.currency ?? 'USD',
    files: b.files,
    forecastMonthEnd: b.analysis.forecast.monthEnd,
    forecastBudget: b.analysis.forecast.budget ?? null,
    anomalies: b.analysis.anomalies.length,
    unpricedRows: b.analysis.unpriced?.rows ?? 0,
  }));
  const warnings = [...(input.warnings ?? [])];
  for (const r of results) if (r.status === 'skipped' && r.note) warnings.push(`${r.scenario}: ${r.budget} skipped: ${r.note}`);
  return {
    status: summary.over > 0 ? 'fail' : 'pass',
    ...(input.config ? { config: input.config } : {}),
    base: input.base,
    summary,
    results,
    scenarios,
    bills,
    warnings,
  };
}
