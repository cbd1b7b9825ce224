import type { Block, Cell, Doc } from '../document.js';
import { money, money2, num, pct, signedMoney, signedPct } from '../format.js';
import type { BudgetUnit, CheckReport, CheckRow } from '../../core/check/types.js';

/** A budget value or limit in its unit: $/month to the cent, $/request with its digits, percent, count. */
export function budgetValue(v: number | null, unit: BudgetUnit, signed = false, currency = 'USD'): string {
  if (v === null) return 'n/a';
  switch (unit) {
    case 'usd_per_month':
      return money2(v, currency);
    case 'usd_per_request':
      return money(v);
    case 'percent':
      return signed ? signedPct(v) : pct(v);
    case 'count':
      return num(v, 0);
  }
}

const WHAT: Record<CheckRow['budget'], string> = {
  max_monthly: 'plan per month',
  max_cost_per_request: 'plan per request',
  max_increase_percent: 'monthly increase',
  'budget.monthly': 'plan per month',
  'budget.max_cost_per_request': 'plan per request',
  max_forecast: 'month-end forecast',
  'fail_on.anomaly': 'anomalies',
  'fail_on.unpriced': 'unpriced rows',
};

/** One sentence for a row: what was measured, against which limit set where. Annotations use it. */
export function rowMessage(r: CheckRow): string {
  const what = WHAT[r.budget];
  const limit = budgetValue(r.limit, r.unit, false, r.currency);
  if (r.status === 'skipped') return `${r.scenario}: ${r.budget} not checked: ${r.note ?? 'no value'}`;
  if (r.budget === 'fail_on.anomaly' || r.budget === 'fail_on.unpriced') {
    if (r.status !== 'over') return `${r.scenario}: no ${what}`;
    const n = r.value ?? 0;
    const noun = r.budget === 'fail_on.anomaly' ? (n === 1 ? 'anomaly' : 'anomalies') : n === 1 ? 'unpriced row' : 'unpriced rows';
    const list = (r.anomalies ?? []).slice(0, 5).map((a) => `${a.date} ${a.series} ${signedMoney(a.impact, r.currency)}${a.impactPercent === undefined ? '' : ` (${signedPct(a.impactPercent)})`}`);
    const more = (r.anomalies?.length ?? 0) > 5 ? `, and ${(r.anomalies?.length ?? 0) - 5} more` : '';
    return `${r.scenario}: ${num(n, 0)} ${noun}${list.length ? `: ${list.join('; ')}${more}` : ''} (fail_on set at ${r.limitSource})`;
  }
  let value = budgetValue(r.value, r.unit, r.unit === 'percent', r.currency);
  if (r.budget === 'max_increase_percent') {
    const from = r.baseMonthly !== undefined && r.baseMonthly !== null && r.headMonthly !== undefined ? ` (${money2(r.baseMonthly)} -> ${money2(r.headMonthly)} per month against ${r.baseSource ?? 'the base'})` : '';
    if (r.value === null) value = `an increase from $0${from}`;
    else value = `${value}${from}`;
  }
  if (r.confidence !== undefined) value = `${value} (simulated P${Number((r.confidence * 100).toPrecision(6))})`;
  const verb = r.status === 'over' ? 'is over' : 'is within';
  const by = r.status === 'over' && r.value !== null ? `, by ${r.unit === 'percent' ? `${num(r.value - r.limit, 2)} points` : budgetValue(r.value - r.limit, r.unit, false, r.currency)}` : '';
  return `${r.scenario}: ${what} ${value} ${verb} ${r.budget} ${limit}${by} (limit set at ${r.limitSource})`;
}

export interface CheckDocOptions {
  /** markdown for a PR comment: status marks that read at a glance */
  markdown?: boolean;
}

function statusCell(r: CheckRow, md: boolean): Cell {
  switch (r.status) {
    case 'within':
      return { value: 'within', display: md ? '✅ within' : 'within', tone: 'good' };
    case 'over':
      return { value: 'over', display: md ? '❌ over' : 'OVER', tone: 'bad' };
    case 'skipped':
      return { value: 'skipped', display: md ? '⚠️ skipped' : 'skipped', tone: 'warn' };
  }
}

export function summaryLine(r: CheckReport): string {
  const s = r.summary;
  const skipped = s.skipped ? `, ${s.skipped} skipped` : '';
  if (r.status === 'fail') return `costopt check failed: ${s.over} of ${s.budgets} budgets over${skipped}`;
  return `costopt check passed: ${s.within} of ${s.budgets} budgets within limits${skipped}`;
}

export function checkDoc(r: CheckReport, o: CheckDocOptions = {}): Doc {
  const md = Boolean(o.markdown);
  const blocks: Block[] = [];
  const head = summaryLine(r);
  const base = r.base?.kind === 'ref' ? ` (base: ${r.base.ref})` : r.base?.kind === 'files' ? ` (base: ${r.base.files.join(', ')})` : '';
  blocks.push(md ? { kind: 'text', text: `${r.status === 'fail' ? '❌' : '✅'} **${head}**${base}` } : { kind: 'text', text: `${head}${base}`, tone: r.status === 'fail' ? 'bad' : 'good' });
  blocks.push({
    kind: 'table',
    id: 'budgets',
    columns: [{ header: 'scenario' }, { header: 'budget' }, { header: 'value', align: 'right' }, { header: 'limit', align: 'right' }, { header: 'status' }],
    rows: r.results.map((x) => [
      x.removed ? `${x.scenario} (removed)` : x.scenario,
      x.confidence !== undefined ? { value: x.budget, display: `${x.budget} at P${Number((x.confidence * 100).toPrecision(6))}` } : x.budget,
      { value: x.value, display: budgetValue(x.value, x.unit, x.unit === 'percent', x.currency) },
      { value: x.limit, display: budgetValue(x.limit, x.unit, false, x.currency) },
      statusCell(x, md),
    ]),
    highlightRows: r.results.flatMap((x, i) => (x.status === 'over' ? [i] : [])),
  });

  const details: Block[] = [];
  const notable = r.results.filter((x) => x.status !== 'within');
  if (notable.length) details.push({ kind: 'list', title: 'Findings', items: notable.map((x) => `${x.file ? `${md ? '`' : ''}${where(x)}${md ? '`' : ''} ` : ''}${rowMessage(x)}`) });
  if (r.scenarios.length) {
    details.push({
      kind: 'table',
      id: 'scenarios',
      title: 'Scenarios',
      columns: [{ header: 'scenario' }, { header: 'catalog' }, { header: 'plan / month', align: 'right' }, { header: 'plan / request', align: 'right' }, { header: 'base plan / month', align: 'right' }],
      rows: r.scenarios.map((s) => [
        s.status === 'removed' ? `${s.name} (removed)` : s.name,
        `${s.catalog.id} ${s.catalog.version}`,
        s.status === 'removed' ? { value: null, display: 'n/a' } : { value: s.planMonthly, display: money2(s.planMonthly) },
        s.status === 'removed' ? { value: null, display: 'n/a' } : { value: s.planPerRequest, display: money(s.planPerRequest) },
        s.baseMonthly === undefined || s.baseMonthly === null ? '' : { value: s.baseMonthly, display: `${money2(s.baseMonthly)} (${signedMoney(s.planMonthly - s.baseMonthly)})` },
      ]),
    });
  }
  if (r.bills.length) {
    details.push({
      kind: 'table',
      id: 'bills',
      title: 'Bills',
      columns: [{ header: 'bills' }, { header: 'files', align: 'right' }, { header: 'month-end forecast', align: 'right' }, { header: 'anomalies', align: 'right' }, { header: 'unpriced rows', align: 'right' }],
      rows: r.bills.map((b) => [b.label, b.files.length, { value: b.forecastMonthEnd, display: money2(b.forecastMonthEnd, b.currency) }, b.anomalies, b.unpricedRows]),
    });
  }
  const warnings = r.warnings.filter((w) => !notable.some((x) => x.status === 'skipped' && w.endsWith(x.note ?? '\0')));
  if (warnings.length) details.push({ kind: 'list', title: 'Warnings', items: warnings, tone: 'warn' });
  if (details.length) blocks.push({ kind: 'details', summary: 'Details', blocks: details });
  return { blocks };
}

export function where(r: Pick<CheckRow, 'file' | 'line' | 'col'>): string {
  if (!r.file) return '';
  return r.line ? `${r.file}:${r.line}:${r.col ?? 1}` : r.file;
}
