import type { Block, Cell, Doc, Tone } from '../document.js';
import { money2, num, pct, signedMoney, signedPct } from '../format.js';
import type { Effect, VarianceReport } from '../../core/variance/variance.js';

const EPS = 0.005;
const tone = (n: number): Tone | undefined => (Math.abs(n) < EPS ? undefined : n > 0 ? 'bad' : 'good');
const cents = (n: number): Cell => ({ value: n, display: money2(n) });
const delta = (n: number): { value: number; display: string; tone?: Tone | undefined } => ({ value: n, display: Math.abs(n) < EPS ? '$0.00' : signedMoney(Number(n.toFixed(2))), tone: tone(n) });

export const EFFECT_LABEL: Record<Effect, string> = {
  volume: 'volume (requests)',
  mix: 'mix (share per model)',
  input_tokens: 'input tokens per request',
  output_tokens: 'output tokens per request',
  caching: 'prompt caching (cache reads/writes)',
  batch: 'batch share',
  price: 'price (plan-date rates -> rates in force)',
};

const vs = (a: number, b: number, f: (x: number) => string) => (a === b ? f(a) : `${f(a)} -> ${f(b)}`);

/** Planned vs actual for a period: the effects, the same per model, and the drivers behind them. */
export function varianceDoc(r: VarianceReport): Doc {
  const v = r.variance;
  const blocks: Block[] = [];
  blocks.push({ kind: 'heading', text: `Plan vs actual: ${r.scenario.name}, ${r.period.from} to ${r.period.to} (${r.period.days} days)` });
  const diffPct = v.planned > 0 ? ` (${signedPct((v.difference / v.planned) * 100)})` : '';
  blocks.push({
    kind: 'kv',
    id: 'summary',
    pairs: [
      ['planned', cents(v.planned)],
      ['actual', cents(v.actual)],
      ['difference', { value: v.difference, display: `${delta(v.difference).display}${diffPct}`, tone: tone(v.difference) }],
      ['plan prices', `${r.planPrices.catalog.id} ${r.planPrices.catalog.version}, in force on ${r.planPrices.asOf}`],
      ['actual prices', r.actualPrices ? `${r.actualPrices.catalog.id} ${r.actualPrices.catalog.version}, ${r.actualPrices.dates === 'fixed' ? 'one price list for every row' : 'each request at the rates in force on its date'}` : 'as the usage export states them'],
      ['usage', `${num(r.usage.requests, 0)} requests in ${r.usage.files.map((f) => f.file).join(', ')}`],
    ],
  });
  blocks.push({
    kind: 'table',
    id: 'effects',
    title: 'Where the difference comes from (each effect with the ones above it at actual, the ones below at plan)',
    columns: [{ header: 'effect' }, { header: 'amount', align: 'right' }, { header: 'of difference', align: 'right', hideOrder: 1 }],
    rows: v.parts.map((p) => [{ value: p.effect, display: EFFECT_LABEL[p.effect] }, delta(p.amount), { value: v.difference ? (p.amount / v.difference) * 100 : null, display: Math.abs(v.difference) < EPS ? '' : pct((p.amount / v.difference) * 100, 1) }]),
    footer: ['total difference', delta(v.difference), ''],
  });
  const short: Record<Effect, string> = { volume: 'volume', mix: 'mix', input_tokens: 'input', output_tokens: 'output', caching: 'caching', batch: 'batch', price: 'price' };
  blocks.push({
    kind: 'table',
    id: 'models',
    title: 'Per model',
    columns: [
      { header: 'model' },
      { header: 'planned', align: 'right', hideOrder: 8 },
      { header: 'actual', align: 'right', hideOrder: 9 },
      { header: 'difference', align: 'right' },
      ...v.parts.map((p, i) => ({ header: short[p.effect], align: 'right' as const, hideOrder: 7 - i })),
    ],
    rows: v.models.map((m) => [m.model, cents(m.planned), cents(m.actual), delta(m.difference), ...m.parts.map((p) => delta(p.amount))]),
    footer: ['total', cents(v.planned), cents(v.actual), delta(v.difference), ...v.parts.map((p) => delta(p.amount))],
  });
  const tok = (x: number) => num(x, 1);
  blocks.push({
    kind: 'table',
    id: 'drivers',
    title: 'Assumed -> seen, per model',
    columns: [
      { header: 'model' },
      { header: 'requests', align: 'right' },
      { header: 'share', align: 'right' },
      { header: 'input tokens', align: 'right', hideOrder: 3 },
      { header: 'output tokens', align: 'right', hideOrder: 4 },
      { header: 'cache read / write', align: 'right', hideOrder: 1 },
      { header: 'batch', align: 'right', hideOrder: 2 },
    ],
    rows: r.drivers.map((d) => [
      d.inPlan ? d.model : `${d.model} (not in the plan)`,
      vs(d.planned.requests, d.actual.requests, (x) => num(x, 0)),
      vs(d.planned.sharePercent, d.actual.sharePercent, (x) => pct(x, 2)),
      vs(d.planned.inputTokens, d.actual.inputTokens, tok),
      vs(d.planned.outputTokens, d.actual.outputTokens, tok),
      vs(d.planned.cacheReadTokens, d.actual.cacheReadTokens, tok) + ' / ' + vs(d.planned.cacheWriteTokens, d.actual.cacheWriteTokens, tok),
      vs(d.planned.batchPercent, d.actual.batchPercent, (x) => pct(x, 2)),
    ]),
  });
  blocks.push({
    kind: 'list',
    title: 'Method',
    items: [
      `effects in order: ${r.order.join(', ')}; each switches one factor from plan to actual, so they add up exactly to the difference (amounts exact in --format json; tables round to cents)`,
      `planned = requests_per_day x ${r.period.days} days, the scenario's shares, tokens, caching and batch, at the plan's rates`,
      'usage records do not say which requests went through a batch API: the actual batch share is 0, and batch-priced usage shows in price',
    ],
  });
  if (r.notes.length) blocks.push({ kind: 'list', title: 'Notes', items: r.notes });
  return { blocks };
}
