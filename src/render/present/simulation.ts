import type { Block, Cell } from '../document.js';
import { money, money2, money2Cell, num, pct } from '../format.js';
import type { ScenarioEstimate } from '../../core/estimate/types.js';
import { stepName } from './steps.js';
import { quantileKey, type Simulation, type Summary } from '../../core/uncertainty/simulate.js';

const qLabel = (q: number) => quantileKey(q).toUpperCase();
const prob = (p: number | null) => (p === null ? '' : pct(p * 100, 1));

/** The Monte Carlo of one scenario: quantiles per step, budget odds, a histogram with the budget line. */
export function simulationBlocks(s: ScenarioEstimate): Block[] {
  const sim = s.simulation;
  if (!sim) return [];
  const qs = sim.quantiles;
  const cells = (x: Summary): Cell[] => [money2Cell(x.mean), ...qs.map((q) => money2Cell(x[quantileKey(q)] ?? NaN))];
  const rows: Cell[][] = sim.steps.map((st, i) => [stepName(st.strategy, i), ...cells(st.monthly), { value: st.saves, display: prob(st.saves) }]);
  const blocks: Block[] = [
    { kind: 'heading', text: `Simulation: ${num(sim.draws, 0)} draws, seed ${sim.seed}`, level: 2 },
    {
      kind: 'table',
      id: `simulation:${s.name}`,
      columns: [
        { header: 'step (per month)' },
        { header: 'mean', align: 'right', key: 'mean' },
        ...qs.map((q) => ({ header: qLabel(q), align: 'right' as const, key: quantileKey(q) })),
        { header: 'saves', align: 'right', key: 'saves_probability' },
      ],
      rows,
      footer: ['plan', ...cells(sim.monthly), ''],
    },
  ];
  const lines: string[] = [`Per request: mean ${money(sim.perRequest.mean)}, ${qs.map((q) => `${qLabel(q)} ${money(sim.perRequest[quantileKey(q)] ?? NaN)}`).join(', ')}.`];
  if (sim.budgetBreachProbability !== null) lines.push(`Probability the plan breaks its budget: ${pct(sim.budgetBreachProbability * 100, 1)}.`);
  const c = sim.confidenceBudget;
  if (c) lines.push(`Budget at ${pct(c.confidence * 100, 0)} confidence: P${num(c.confidence * 100, 2)} ${money2(c.monthlyAtConfidence)}/month against ${money2(c.limitMonthly)}: ${c.status === 'over' ? 'OVER' : 'within'}.`);
  blocks.push({ kind: 'text', text: lines.join(' '), tone: c?.status === 'over' ? 'bad' : undefined });
  blocks.push({ kind: 'pre', text: histogramText(sim, s.budget.limitMonthly) });
  const inputs = sim.inputs.map((i) => `${i.name}: ${i.distribution}`);
  const corr = sim.correlations.map((x) => `${x.between[0]} ~ ${x.between[1]}: rank ${x.rank}`);
  if (inputs.length) blocks.push({ kind: 'list', title: 'Uncertain inputs', items: [...inputs, ...corr.map((x) => `correlated: ${x}`)], tone: 'muted' });
  else blocks.push({ kind: 'text', text: 'The scenario has no distributions: every draw is the point estimate.', tone: 'muted' });
  return blocks;
}

/** Monthly cost of the plan as horizontal bars, one per bin, with the budget drawn where it falls. */
export function histogramText(sim: Simulation, budget: number | null): string {
  const { from, to, counts } = sim.histogram;
  const max = Math.max(1, ...counts);
  const width = 40;
  const bins = counts.length;
  const step = (to - from) / bins;
  const label = (k: number) => `${money2(from + k * step)} - ${money2(from + (k + 1) * step)}`;
  const labels = counts.map((_, k) => label(k));
  const pad = Math.max(...labels.map((l) => l.length));
  const out: string[] = [`Monthly cost of the plan, ${num(sim.draws, 0)} draws (P0.5 to P99.5; the tails in the end bins)`];
  let budgetShown = budget === null;
  const budgetLine = () => `${'─'.repeat(pad)} ┼ budget ${money2(budget)}/month${sim.budgetBreachProbability !== null ? `: ${pct(sim.budgetBreachProbability * 100, 1)} of draws over` : ''}`;
  if (budget !== null && budget < from) {
    out.push(budgetLine());
    budgetShown = true;
  }
  counts.forEach((n, k) => {
    if (!budgetShown && budget !== null && budget < from + k * step) {
      out.push(budgetLine());
      budgetShown = true;
    }
    const bar = '█'.repeat(Math.round((n / max) * width));
    out.push(`${(labels[k] ?? '').padStart(pad)} │${bar} ${n}`);
  });
  if (!budgetShown) out.push(budgetLine());
  return out.join('\n');
}
