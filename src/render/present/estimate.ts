import type { Block, Cell, Doc } from '../document.js';
import { compact, money, money2, money2Cell, moneyCell, pct, pctCell, rate } from '../format.js';
import type { EstimateOutput, EstimateStep, ScenarioEstimate } from '../../core/estimate/types.js';
import { catalogLine } from './pricing.js';
import { deploymentBlocks } from './deployment.js';
import { simulationBlocks } from './simulation.js';
import { stepName as stepLabel } from './steps.js';

export interface EstimateDocOptions {
  /** add the cost lines of every step */
  breakdown: boolean;
}

/**
 * `costopt estimate` for people: per scenario, the steps table (baseline, each strategy, plan),
 * the saving and the budget; several scenarios also get a side-by-side table first.
 * Takes the result model as JSON has it, so saved results render the same.
 */
export function estimateDoc(r: EstimateOutput, o: EstimateDocOptions): Doc {
  const blocks: Block[] = [];
  if (r.scenarios.length > 1) blocks.push(...compareBlocks(r.scenarios));
  for (const s of r.scenarios) blocks.push(...scenarioBlocks(s, o));
  return { blocks };
}

function compareBlocks(list: ScenarioEstimate[]): Block[] {
  return [
    { kind: 'heading', text: `${list.length} scenarios side by side` },
    {
      kind: 'table',
      id: 'scenarios',
      columns: [
        { header: 'scenario' },
        // hidden before scenario names are broken over two lines ('deployment-' / 'options' at 120 columns)
        { header: 'catalog', hideOrder: 1 },
        { header: 'req/day', align: 'right', key: 'requests_per_day' },
        { header: 'baseline/mo', align: 'right', key: 'baseline_monthly' },
        { header: 'plan/mo', align: 'right', key: 'plan_monthly' },
        { header: 'saved/mo', align: 'right', key: 'saved_monthly' },
        { header: 'saved', align: 'right', key: 'saved_percent' },
        { header: 'plan/request', align: 'right', key: 'plan_per_request', hideOrder: 2 },
        { header: 'budget' },
      ],
      rows: list.map((s) => [
        s.name,
        s.catalog.version,
        { value: s.requestsPerDay, display: compact(s.requestsPerDay) },
        money2Cell(s.baseline.monthly),
        money2Cell(s.plan.monthly, 'strong'),
        money2Cell(s.savings.monthly, s.savings.monthly > 0 ? 'good' : s.savings.monthly < 0 ? 'bad' : undefined),
        pctCell(s.savings.percent, undefined, 2),
        moneyCell(s.plan.perRequest),
        budgetCell(s),
      ]),
    },
  ];
}

function budgetCell(s: ScenarioEstimate): Cell {
  const b = s.budget;
  if (b.status === 'none') return { value: 'none', display: 'none', tone: 'muted' };
  return { value: b.status, display: b.status === 'over' ? 'OVER' : 'within', tone: b.status === 'over' ? 'bad' : 'good' };
}

const stepName = (st: EstimateStep, i: number) => stepLabel(st.strategy, i);

function scenarioBlocks(s: ScenarioEstimate, o: EstimateDocOptions): Block[] {
  const blocks: Block[] = [];
  blocks.push({ kind: 'heading', text: `${s.name}${s.file ? `  ·  ${s.file}` : ''}` });
  blocks.push({
    kind: 'text',
    text: `${compact(s.requestsPerDay)} requests/day, ${s.daysPerMonth}-day month  ·  ${catalogLine(s.catalog)}`,
    tone: 'muted',
  });
  const rows: Cell[][] = s.steps.map((st, i) => [
    stepName(st, i),
    moneyCell(st.perRequest),
    money2Cell(st.daily),
    money2Cell(st.monthly),
    money2Cell(st.yearly),
    i === 0 ? { value: null, display: '' } : savedCell(st.savedMonthly),
    i === 0 ? { value: null, display: '' } : pctCell(st.savedVsBaselinePercent, undefined, 2),
  ]);
  const last = s.steps[s.steps.length - 1];
  blocks.push({
    kind: 'table',
    id: `steps:${s.name}`,
    columns: [
      { header: 'step' },
      { header: 'per request', align: 'right', key: 'per_request' },
      { header: 'per day', align: 'right', key: 'daily', hideOrder: 2 },
      { header: 'per month', align: 'right', key: 'monthly' },
      { header: 'per year', align: 'right', key: 'yearly', hideOrder: 1 },
      { header: 'saved / month', align: 'right', key: 'saved_monthly', hideOrder: 3 },
      { header: 'vs baseline', align: 'right', key: 'saved_vs_baseline_percent' },
    ],
    rows,
    footer: last
      ? ['plan', moneyCell(s.plan.perRequest), money2Cell(s.plan.daily), money2Cell(s.plan.monthly), money2Cell(s.plan.monthly * 12), savedCell(s.savings.monthly), pctCell(s.savings.percent, undefined, 2)]
      : undefined,
  });
  if (last && s.steps.length > 1) {
    // baseline, each step's change of the monthly cost, plan (the HTML report draws it; the table above has the figures)
    const changes = s.steps.slice(1).map((st, i) => ({ label: stepName(st, i + 1), value: st.monthly - s.steps[i]!.monthly }));
    blocks.push({
      kind: 'chart',
      id: `waterfall:${s.name}`,
      title: `${s.name}: from baseline to plan, per month`,
      alt: `Monthly cost of ${s.name}: baseline ${money2(s.baseline.monthly)}, ${changes.map((c) => `${c.label} ${c.value <= 0 ? 'saves' : 'adds'} ${money2(Math.abs(c.value))}`).join(', ')}; plan ${money2(s.plan.monthly)}.`,
      chart: { type: 'waterfall', currency: 'USD', start: { label: 'baseline', value: s.baseline.monthly }, changes, end: { label: 'plan', value: s.plan.monthly } },
    });
  }
  blocks.push({
    kind: 'list',
    title: 'Steps',
    // no "1." here: markdown would read "- 1. x" as a nested ordered list
    items: s.steps.map((st) => `${st.label}${st.notes.length ? ` (${st.notes.join('; ')})` : ''}`),
  });
  const saved = s.savings.monthly;
  blocks.push({
    kind: 'text',
    text: saved >= 0
      ? `Plan: ${money2(s.plan.monthly)}/month against ${money2(s.baseline.monthly)}/month on the baseline: saves ${money2(saved)}/month (${pct(s.savings.percent, 2)}), ${money2(saved * 12)}/year.`
      : `Plan: ${money2(s.plan.monthly)}/month against ${money2(s.baseline.monthly)}/month on the baseline: costs ${money2(-saved)}/month more (${pct(-s.savings.percent, 2)}).`,
    tone: 'strong',
  });
  const b = s.budget;
  if (b.status !== 'none') {
    const parts: string[] = [];
    if (b.limitMonthly !== null && b.gapMonthly !== null && b.monthlyAtConfidence !== undefined && b.confidence !== undefined) {
      const p = `P${Number((b.confidence * 100).toPrecision(6))}`;
      parts.push(b.gapMonthly >= 0 ? `${money2(b.limitMonthly)}/month limit at ${p} (${money2(b.monthlyAtConfidence)}), ${money2(b.gapMonthly)} to spare` : `${money2(b.limitMonthly)}/month limit at ${p} (${money2(b.monthlyAtConfidence)}), over by ${money2(-b.gapMonthly)}`);
    } else if (b.limitMonthly !== null && b.gapMonthly !== null) {
      parts.push(b.gapMonthly >= 0 ? `${money2(b.limitMonthly)}/month limit, ${money2(b.gapMonthly)} to spare` : `${money2(b.limitMonthly)}/month limit, over by ${money2(-b.gapMonthly)}`);
    }
    if (b.maxCostPerRequest !== null) {
      const over = s.plan.perRequest > b.maxCostPerRequest * (1 + 1e-9);
      parts.push(`${money(s.plan.perRequest)} per request against a ${money(b.maxCostPerRequest)} limit${over ? ' (over)' : ''}`);
    }
    blocks.push({ kind: 'text', text: `Budget: ${b.status === 'over' ? 'OVER' : 'within'}: ${parts.join('; ')}.`, tone: b.status === 'over' ? 'bad' : 'good' });
  }
  blocks.push(...simulationBlocks(s));
  if (o.breakdown) {
    for (const [i, st] of s.steps.entries()) blocks.push(breakdownBlock(s, st, i));
  }
  blocks.push(...deploymentBlocks(s.deployments, s.deploymentNotes ?? []));
  if (s.warnings.length) blocks.push({ kind: 'list', title: 'Warnings', items: s.warnings, tone: 'warn' });
  if (s.assumptions.length) blocks.push({ kind: 'list', title: 'Assumptions', items: s.assumptions, tone: 'muted' });
  return blocks;
}

function savedCell(n: number): Cell {
  const tone = n > 1e-9 ? 'good' : n < -1e-9 ? 'bad' : undefined;
  return { value: n, display: Math.abs(n) < 0.005 ? '$0.00' : money2(n), tone };
}

/**
 * A line's daily quantity as people count it: 500 of the unit "1M tokens" is "500M tokens"
 * (it read "500 1M tokens"); other units are pluralised ("300k hits").
 */
function quantityText(q: number, unit: string): string {
  const perMillion = /^1M (.+)$/.exec(unit);
  if (perMillion) return `${compact(q * 1e6)} ${perMillion[1]}`;
  return `${compact(q)} ${unit.endsWith('s') || q === 1 ? unit : `${unit}s`}`;
}

function breakdownBlock(s: ScenarioEstimate, st: EstimateStep, i: number): Block {
  const rows: Cell[][] = st.lines.map((l) => [
    l.handler ?? '',
    l.label,
    { value: l.quantity, display: quantityText(l.quantity, l.unit) },
    { value: l.unitPrice, display: `${rate(l.unitPrice)} per ${l.unit}` },
    money2Cell(l.daily),
    money2Cell(l.monthly),
  ]);
  return {
    kind: 'table',
    id: `lines:${s.name}:${st.strategy}`,
    title: `${stepName(st, i)}: cost lines per day`,
    columns: [
      { header: 'handler' },
      { header: 'line' },
      { header: 'quantity / day', align: 'right', key: 'quantity_per_day' },
      { header: 'unit price', align: 'right', key: 'unit_price' },
      { header: 'per day', align: 'right', key: 'daily' },
      { header: 'per month', align: 'right', key: 'monthly' },
    ],
    rows,
    footer: ['total', '', '', '', money2Cell(st.daily), money2Cell(st.monthly)],
  };
}

export interface ValidateResult {
  valid: boolean;
  files: { file: string; name: string; catalog: { version: string }; warnings: string[] }[];
}

/** `costopt validate`: one row per valid file (problems go to stderr, exit 2). */
export function validateDoc(r: ValidateResult): Doc {
  const blocks: Block[] = [
    {
      kind: 'table',
      id: 'validate',
      columns: [{ header: 'file' }, { header: 'scenario' }, { header: 'catalog' }, { header: 'result' }],
      rows: r.files.map((f) => [f.file, f.name, f.catalog.version, { value: 'ok', display: f.warnings.length ? `ok (${f.warnings.length} warning${f.warnings.length > 1 ? 's' : ''})` : 'ok', tone: 'good' }]),
    },
  ];
  const warnings = r.files.flatMap((f) => f.warnings.map((w) => `${f.file}: ${w}`));
  if (warnings.length) blocks.push({ kind: 'list', title: 'Warnings', items: warnings, tone: 'warn' });
  return { blocks };
}

export interface InitResult {
  file: string;
  name: string;
  catalog: { id: string; version: string; hash: string };
  baseline: { monthly: number };
  plan: { monthly: number };
  savings: { monthly: number; percent: number };
}

/** `costopt init`: what was written and a first estimate of it. */
/** A file name as it must be typed in a shell: quoted when it has spaces or other special characters. */
function shellWord(s: string): string {
  return /^[\w./@%+=:,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function initDoc(r: InitResult): Doc {
  return {
    blocks: [
      { kind: 'text', text: `Wrote ${r.file} (scenario ${r.name}).`, tone: 'good' },
      {
        kind: 'kv',
        // an id, so --format csv writes these rows (it printed nothing)
        id: 'init',
        pairs: [
          ['baseline', { value: r.baseline.monthly, display: `${money2(r.baseline.monthly)}/month` }],
          ['plan', { value: r.plan.monthly, display: `${money2(r.plan.monthly)}/month (saves ${money2(r.savings.monthly)}, ${pct(r.savings.percent, 2)})` }],
          ['catalog', catalogLine(r.catalog).replace(/^catalog /, '')],
        ],
      },
      { kind: 'text', text: `Next: costopt estimate ${shellWord(r.file)} --breakdown   (edit the file to refine the assumptions)`, tone: 'muted' },
    ],
  };
}
