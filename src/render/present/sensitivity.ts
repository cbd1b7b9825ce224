import type { Block, Cell, Doc } from '../document.js';
import { money2, money2Cell, pct } from '../format.js';
import type { Sensitivity, SensitivityInput } from '../../core/uncertainty/sensitivity.js';
import { catalogLine } from './pricing.js';

/** Half the width of a tornado bar: the cost below the median setting goes left, above goes right. */
const HALF = 10;

export interface SensitivityResult extends Sensitivity {
  catalog: { id: string; version: string; hash: string };
}

const isShareName = (p: string) => /(share|hit_rate|_reduction|handles)$/.test(p) || /task_mix\./.test(p);

function value(i: SensitivityInput, x: number): string {
  if (isShareName(i.path)) return `${Number((x * 100).toPrecision(4))}%`;
  const a = Math.abs(x);
  if (a >= 1e9) return `${Number((x / 1e9).toPrecision(4))}B`;
  if (a >= 1e6) return `${Number((x / 1e6).toPrecision(4))}M`;
  if (a >= 1e4) return `${Number((x / 1e3).toPrecision(4))}k`;
  return String(Number(x.toPrecision(4)));
}

/** One tornado bar: left of the axis the cost below the median setting, right of it the cost above. */
export function tornadoBar(i: SensitivityInput, base: number, scale: number): string {
  const lo = Math.min(i.costLow, i.costHigh) - base;
  const hi = Math.max(i.costLow, i.costHigh) - base;
  const cells = (d: number) => (scale > 0 ? Math.min(HALF, Math.round((Math.abs(d) / scale) * HALF)) : 0);
  const left = lo < 0 ? cells(lo) : 0;
  const right = hi > 0 ? cells(hi) : 0;
  return `${' '.repeat(HALF - left)}${'█'.repeat(left)}│${'█'.repeat(right)}${' '.repeat(HALF - right)}`;
}

/** `costopt sensitivity`: the inputs ranked by how far they move the monthly cost (a tornado chart). */
export function sensitivityDoc(r: SensitivityResult): Doc {
  const scale = Math.max(0, ...r.inputs.map((i) => Math.max(Math.abs(i.costLow - r.monthly), Math.abs(i.costHigh - r.monthly))));
  const withShare = r.inputs.some((i) => i.varianceShare !== undefined);
  const rows: Cell[][] = r.inputs.map((i) => [
    i.path,
    { value: i.low, display: value(i, i.low) },
    { value: i.high, display: value(i, i.high) },
    money2Cell(i.costLow),
    money2Cell(i.costHigh),
    money2Cell(i.swing, 'strong'),
    { value: null, display: tornadoBar(i, r.monthly, scale) },
    ...(withShare ? [{ value: i.varianceShare ?? null, display: i.varianceShare === null || i.varianceShare === undefined ? '' : pct(i.varianceShare * 100, 1) }] : []),
  ]);
  const blocks: Block[] = [
    { kind: 'heading', text: `${r.name}${r.file ? `  ·  ${r.file}` : ''}: sensitivity of the monthly cost` },
    { kind: 'text', text: `Plan at the medians: ${money2(r.monthly)}/month  ·  ${catalogLine(r.catalog)}`, tone: 'muted' },
    {
      kind: 'table',
      id: `sensitivity:${r.name}`,
      columns: [
        { header: 'input' },
        { header: 'low', align: 'right', key: 'low' },
        { header: 'high', align: 'right', key: 'high' },
        { header: 'cost at low', align: 'right', key: 'cost_low', hideOrder: 2 },
        { header: 'cost at high', align: 'right', key: 'cost_high', hideOrder: 1 },
        { header: 'swing', align: 'right', key: 'swing' },
        { header: '- cost + (tornado)', align: 'left', key: 'tornado', noWrap: true, hideOrder: 3 },
        ...(withShare ? [{ header: 'variance', align: 'right' as const, key: 'variance_share' }] : []),
      ],
      rows,
    },
  ];
  const notes = [
    'each input at its low and high value with every other input at its median; distributions move from their P10 to their P90',
    `tornado: bars left of the axis cost less than the plan at the medians (${money2(r.monthly)}/month), bars right of it more; the longest bar is the largest change`,
  ];
  if (r.inputs.some((i) => i.source === 'plus-minus-20')) notes.push('--all: a number without a distribution moves by -20% and +20% (a share stays within 0-100%; routing and task shares are renormalised to sum to 100%)');
  if (r.simulation) notes.push(`variance: the share of the variance of the monthly cost each distribution explains (squared rank correlation with the cost over ${r.simulation.draws.toLocaleString('en-US')} draws, seed ${r.simulation.seed}, normalised to 100%)`);
  blocks.push({ kind: 'list', title: 'How to read it', items: notes, tone: 'muted' });
  return { blocks };
}
