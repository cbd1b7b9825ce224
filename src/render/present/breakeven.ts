import type { Block, Cell, Doc } from '../document.js';
import { compact, compactCell, money, money2, money2Cell, moneyCell, num, pct, rate } from '../format.js';
import type { BreakevenResult } from '../../core/breakeven/calc.js';
import type { Provenance } from '../../core/breakeven/resolve.js';
import type { SizingResult } from '../../core/sizing/fit.js';
import { catalogLine } from './pricing.js';

/** What `costopt breakeven --format json` prints (SPEC §6 keys: selfHosted, api, breakEven). */
export interface BreakevenOutput {
  catalog?: { id: string; version: string; hash: string; overrides?: { description: string }[] };
  inputs?: Provenance & { utilizationPercent: number; daysPerMonth: number; opsMonthly: number; tokensPerRequest: number | null };
  selfHosted: BreakevenResult['selfHosted'] | null;
  api: BreakevenResult['api'] | null;
  breakEven: BreakevenResult['breakEven'] | null;
  hoursPerMonth?: number;
  table?: BreakevenResult['table'];
  curve?: BreakevenResult['curve'];
  perMillionCurve?: BreakevenResult['perMillionCurve'];
  sizing?: SizingResult;
  notes: string[];
  /** the equivalent command line, after interactive prompts */
  commandLine?: string;
}

export function breakevenDoc(r: BreakevenOutput, opts: { width?: number } = {}): Doc {
  const blocks: Block[] = [];
  if (r.selfHosted && r.api && r.breakEven && r.inputs) blocks.push(...comparisonBlocks(r, opts.width ?? 100));
  if (r.sizing) blocks.push(...sizingBlocks(r.sizing));
  const notes = [...r.notes];
  if (r.catalog) notes.push(catalogLine(r.catalog));
  if (notes.length) blocks.push({ kind: 'list', title: 'Notes', items: notes });
  if (r.commandLine) blocks.push({ kind: 'text', text: 'Equivalent command (no prompts next time):', tone: 'muted' }, { kind: 'pre', text: r.commandLine });
  return { blocks };
}

function comparisonBlocks(r: BreakevenOutput, width: number): Block[] {
  const s = r.selfHosted!;
  const a = r.api!;
  const be = r.breakEven!;
  const inp = r.inputs!;
  const hours = r.hoursPerMonth ?? 720;
  const gpuText = inp.gpu.source === 'instance'
    ? `${inp.gpu.instance} at ${rate(inp.gpu.hourly)}/h (${inp.gpu.gpuModel ? `${inp.gpu.gpusPerInstance} x ${inp.gpu.gpuModel}` : 'no GPU'})`
    : `${rate(s.unitHourly)}/h per GPU${inp.gpu.gpuModel ? ` (${inp.gpu.gpuModel})` : ''}`;
  const thrText = inp.throughput.source === 'catalog'
    ? `${num(s.unitTokensPerSecond / s.gpusPerUnit, 2)} tokens/s per GPU, from benchmark row ${inp.throughput.row.id}`
    : `${num(s.unitTokensPerSecond / s.gpusPerUnit, 2)} tokens/s per GPU`;
  const apiText = inp.api.source === 'model'
    ? `${inp.api.model}: ${money(inp.api.input)} in / ${money(inp.api.output)} out, ${pct(inp.api.inputShare * 100, 1)} of tokens input = ${money(a.perMillionTokens)} per 1M tokens`
    : `${money(a.perMillionTokens)} per 1M tokens`;
  const pairs: [string, Cell][] = [
    ['GPU', gpuText],
    ['throughput', { value: s.unitTokensPerSecond / s.gpusPerUnit, display: thrText }],
    ['fleet', `${s.gpus} GPU${s.gpus === 1 ? '' : 's'}, always on: ${rate(s.hourly)}/h, ${money2(s.monthly)}/month${s.opsMonthly ? ` incl. ${money2(s.opsMonthly)} ops` : ''} (${hours}-hour month)`],
    ['utilization', { value: s.utilizationPercent, display: `${pct(s.utilizationPercent, 2)} (highest sustained load)` }],
    ['usable capacity', { value: s.capacityTokensPerHour, display: `${compact(s.capacityTokensPerHour)} tokens/hour` }],
    ['self-hosted per 1M tokens', { value: s.perMillionTokens, display: `${money(s.perMillionTokens)} at ${pct(s.utilizationPercent, 2)} load${s.opsMonthly ? ` (GPUs alone ${money(s.perMillionTokensGpuOnly)})` : ''}`, tone: 'strong' }],
    ['API', { value: a.perMillionTokens, display: apiText }],
  ];
  if (be.tokensPerHour !== null) {
    pairs.push(['break-even', { value: be.tokensPerHour, display: `${compact(be.tokensPerHour)} tokens/hour = ${compact(be.tokensPerDay)}/day = ${compact(be.tokensPerMonth)}/month`, tone: 'strong' }]);
    const forGood = cheaperForGoodAbove(be) !== null;
    pairs.push(['at break-even', `${be.gpus} GPU${be.gpus === 1 ? '' : 's'} at ${pct(be.loadPercent, 1)} of usable capacity; below it the API is cheaper${forGood ? '' : ', above it self-hosting'}`]);
    if (forGood) pairs.push(['self-hosted cheaper for good', { value: be.selfHostedCheaperAbove, display: `above ${compact(be.selfHostedCheaperAbove)} tokens/hour (the API wins again just past some GPU steps; see notes)`, tone: 'strong' }]);
    if (be.requestsPerDay !== null) pairs.push(['requests/day', { value: be.requestsPerDay, display: `${compact(be.requestsPerDay)} (at ${num(inp.tokensPerRequest, 0)} tokens/request)` }]);
  } else {
    const never = `never: ${be.reason ?? ''}`;
    pairs.push(['break-even', { value: never, display: never, tone: 'bad' }]);
  }
  // an id, so --format csv writes these figures as item,value rows before the volume table (it
  // wrote the table alone); a figure's value is its number: per 1M tokens in USD, tokens/hour, percent
  const blocks: Block[] = [{ kind: 'kv', id: 'breakeven', title: 'Self-hosted GPU vs API', pairs }];
  const chart = perMillionChart(r);
  if (chart) blocks.push(chart);
  if (r.table?.length) {
    blocks.push({
      kind: 'table',
      id: 'volumes',
      title: 'Monthly cost by volume',
      columns: [
        { header: 'tokens/hour', align: 'right', key: 'tokens_per_hour' },
        { header: 'tokens/month', align: 'right', key: 'tokens_per_month' },
        { header: 'GPUs', align: 'right', key: 'gpus' },
        { header: 'self-hosted', align: 'right', key: 'self_hosted_monthly' },
        { header: 'API', align: 'right', key: 'api_monthly' },
        { header: 'self-hosted /1M', align: 'right', key: 'self_hosted_per_million' },
        { header: 'cheaper', key: 'winner' },
      ],
      rows: r.table.map((row) => [
        compactCell(row.tokensPerHour),
        compactCell(row.tokensPerMonth),
        row.gpus,
        money2Cell(row.selfHostedMonthly, row.winner === 'self-hosted' ? 'good' : undefined),
        money2Cell(row.apiMonthly, row.winner === 'api' ? 'good' : undefined),
        moneyCell(row.selfHostedPerMillionTokens),
        row.breakEven ? `${row.winner} (break-even)` : row.cheaperForGood ? `${row.winner} (from here on)` : row.winner,
      ]),
      highlightRows: r.table.flatMap((row, i) => (row.breakEven || row.cheaperForGood ? [i] : [])),
    });
  }
  if (r.curve) blocks.push({ kind: 'pre', textChart: true, text: costChart(r.curve, be.tokensPerHour, Math.max(40, Math.min(72, width - 16))) });
  return blocks;
}

/** The volume above which self-hosting stays cheaper, when GPU steps let the API win again past the break-even; else null. */
function cheaperForGoodAbove(be: NonNullable<BreakevenOutput['breakEven']>): number | null {
  const above = be.selfHostedCheaperAbove;
  return be.tokensPerHour !== null && above !== null && above > be.tokensPerHour * (1 + 1e-9) ? above : null;
}

/**
 * The HTML report's chart: cost per 1M tokens against volume, self-hosted falling as its GPUs
 * fill and stepping up as GPUs are added, the API flat, the break-even marked where they cross.
 */
function perMillionChart(r: BreakevenOutput): Block | null {
  const c = r.perMillionCurve;
  const be = r.breakEven!;
  if (!c || c.tokensPerHour.length < 2) return null;
  const xs = c.tokensPerHour;
  const ys = c.selfHostedPerMillion;
  const from = xs[0]!;
  const to = xs[xs.length - 1]!;
  const forGood = cheaperForGoodAbove(be);
  const marks: { x: number; label: string }[] = [];
  if (be.tokensPerHour !== null) marks.push({ x: be.tokensPerHour, label: `break-even ${compact(be.tokensPerHour)}/h` });
  if (forGood !== null) marks.push({ x: forGood, label: `cheaper for good above ${compact(forGood)}/h` });
  const crossing = be.tokensPerHour === null
    ? `They do not cross: ${be.reason ?? 'the API is cheaper at every volume'}.`
    : `They cross at ${compact(be.tokensPerHour)} tokens/hour (the break-even); above it self-hosting is cheaper${forGood !== null ? ` except just past some GPU steps, and for good above ${compact(forGood)} tokens/hour` : ''}.`;
  return {
    kind: 'chart',
    id: 'per-million-chart',
    title: 'Cost per 1M tokens by volume',
    alt: `Self-hosted cost per 1M tokens from ${money(ys[0]!)} at ${compact(from)} tokens/hour to ${money(ys[ys.length - 1]!)} at ${compact(to)} tokens/hour, lowest ${money(Math.min(...ys))}, stepping up each time a GPU is added; the API at ${money(c.apiPerMillion)} per 1M tokens at every volume. ${crossing} The exact figures are in the table below.`,
    chart: {
      type: 'lines',
      currency: 'USD',
      x: 'count',
      xLabel: 'tokens/hour (input + output)',
      yLabel: 'USD per 1M tokens',
      series: [
        { name: 'self-hosted (GPUs + ops)', color: 'base', points: xs.map((x, k) => [x, ys[k]!]) },
        { name: 'API', color: 'accent', points: [[from, c.apiPerMillion], [to, c.apiPerMillion]] },
      ],
      marks,
    },
  };
}

/**
 * An ASCII chart of both monthly cost curves against tokens/hour: S = self-hosted (steps as
 * GPUs are added), A = API (a straight line), * = both in one cell, ^ marks the break-even.
 */
export function costChart(curve: BreakevenResult['curve'], breakEven: number | null, width = 61, height = 12): string {
  const xs = curve.tokensPerHour;
  if (xs.length < 2) return '';
  const maxX = xs[xs.length - 1]!;
  const maxY = Math.max(...curve.selfHostedMonthly, ...curve.apiMonthly);
  if (!(maxX > 0) || !(maxY > 0)) return '';
  const valueAt = (series: number[], x: number) => {
    // nearest sample at or below x (the curves are sampled densely enough)
    const k = Math.min(xs.length - 1, Math.max(0, Math.floor((x / maxX) * (xs.length - 1) + 1e-9)));
    return series[k]!;
  };
  const grid: string[][] = Array.from({ length: height }, () => Array.from({ length: width }, () => ' '));
  const rowOf = (y: number) => Math.min(height - 1, Math.max(0, height - 1 - Math.round((y / maxY) * (height - 1))));
  for (let c = 0; c < width; c++) {
    const x = (maxX * c) / (width - 1);
    const rs = rowOf(valueAt(curve.selfHostedMonthly, x));
    const ra = rowOf(valueAt(curve.apiMonthly, x));
    grid[rs]![c] = 'S';
    grid[ra]![c] = ra === rs ? '*' : 'A';
  }
  const labels = grid.map((_, i) => (i === 0 ? money2(maxY) : i === height - 1 ? '$0' : i === Math.floor((height - 1) / 2) ? money2(maxY * (1 - i / (height - 1))) : ''));
  const lw = Math.max(...labels.map((l) => l.length));
  const lines = grid.map((row, i) => `${labels[i]!.padStart(lw)} |${row.join('').trimEnd()}`);
  lines.push(`${' '.repeat(lw)} +${'-'.repeat(width)}`);
  if (breakEven !== null && breakEven <= maxX) {
    const c = Math.round((breakEven / maxX) * (width - 1));
    lines.push(`${' '.repeat(lw)}  ${' '.repeat(c)}^ break-even ${compact(breakEven)}/h`);
  }
  const right = `${compact(maxX)} tokens/hour`;
  lines.push(`${' '.repeat(lw)}  0${' '.repeat(Math.max(1, width - 1 - right.length))}${right}`);
  lines.push(`${' '.repeat(lw)}  monthly cost: S self-hosted (GPUs + ops)  A API  * both`);
  return lines.join('\n');
}

function sizingBlocks(z: SizingResult): Block[] {
  const n = z.need;
  const blocks: Block[] = [
    {
      kind: 'kv',
      title: 'Right-sizing',
      pairs: [
        ['model', `${num(n.paramsBillions, 3)}B parameters at ${n.precision} (${n.bytesPerParam} bytes each)`],
        ['memory needed', `${num(n.weightsGb, 2)} GB weights + ${pct(n.overhead * 100, 1)} for KV cache and activations = ${num(n.neededGb, 2)} GB`],
      ],
    },
  ];
  if (z.fits.length) {
    blocks.push({
      kind: 'table',
      id: 'gpus-that-fit',
      title: 'GPUs that fit, cheapest first',
      columns: [{ header: 'instance' }, { header: 'GPU' }, { header: 'memory', align: 'right', key: 'memory_gb' }, { header: 'hourly', align: 'right' }, { header: 'idle memory', align: 'right', key: 'idle_gb' }, { header: 'idle %', align: 'right', key: 'idle_percent' }],
      rows: z.fits.map((f) => [
        f.instance,
        `${f.gpuCount > 1 ? `${f.gpuCount} x ` : ''}${f.gpuModel}${f.accelerator ? ' (accelerator)' : ''}${f.split ? ', split' : ''}`,
        { value: f.totalMemoryGb, display: `${num(f.totalMemoryGb, 1)} GB` },
        moneyCell(f.hourly),
        { value: f.idleGb, display: `${num(f.idleGb, 1)} GB` },
        { value: f.idlePercent, display: pct(f.idlePercent, 1) },
      ]),
    });
  } else {
    blocks.push({ kind: 'text', text: `No GPU instance in the catalog holds ${num(n.neededGb, 2)} GB; try a lower precision.`, tone: 'warn' });
  }
  const extra: string[] = [];
  if (z.fits.some((f) => f.split)) extra.push('"split": the weights do not fit one GPU of the instance and are spread across its GPUs (tensor parallel)');
  if (z.tooSmall) extra.push(`${z.tooSmall} GPU instance${z.tooSmall === 1 ? '' : 's'} in the catalog too small`);
  if (z.unpriced.length) extra.push(`fit but have no on-demand price: ${z.unpriced.join(', ')}`);
  if (extra.length) blocks.push({ kind: 'list', items: extra, tone: 'muted' });
  return blocks;
}
