import type { Block, Cell, Doc } from '../document.js';
import { money2, num, pct } from '../format.js';
import type { CalibrateReport, Estimate } from '../../core/calibrate/calibrate.js';
import type { ComparedField } from '../../core/calibrate/compare.js';

const iv = (e: Estimate, f: (x: number) => string): string => (e.low === e.high ? 'exact' : `${f(e.low)} .. ${f(e.high)}`);
const tok = (x: number) => num(x, 1);
const share = (x: number) => pct(x, 2);

/** What calibrate inferred (or, with --against, the scenario against the usage), for people. */
export function calibrateDoc(r: CalibrateReport): Doc {
  const c = r.calibration;
  const p = c.period;
  const blocks: Block[] = [];
  blocks.push({ kind: 'heading', text: `Calibrated from ${num(c.requests, 0)} requests, ${p.from} to ${p.to} (${p.days} days)` });
  if (r.comparison) {
    const cmp = r.comparison;
    const fmt = (f: ComparedField, x: number | null) => (x === null ? '' : f.unit === 'percent' ? share(x) : f.unit === 'USD' ? money2(x) : num(x, 2));
    blocks.push({
      kind: 'table',
      id: 'comparison',
      title: `${cmp.scenario} against the usage (99% intervals): ${cmp.outside} assumption${cmp.outside === 1 ? '' : 's'} outside`,
      columns: [{ header: 'field' }, { header: 'scenario', align: 'right' }, { header: 'usage', align: 'right' }, { header: '99% interval', align: 'right', hideOrder: 2 }, { header: 'status' }, { header: 'note', hideOrder: 1 }],
      rows: cmp.fields.map((f): Cell[] => [
        f.field,
        f.assumed === null ? 'not set' : fmt(f, f.assumed),
        f.seen === null ? 'n/a' : fmt(f, f.seen),
        f.low === null || f.high === null ? '' : f.low === f.high ? 'exact' : `${fmt(f, f.low)} .. ${fmt(f, f.high)}`,
        { value: f.status, display: f.status, tone: f.status === 'outside' ? 'bad' : f.status === 'within' ? 'good' : 'muted' },
        f.note ?? '',
      ]),
    });
  }
  const rows: Cell[][] = [
    ['workload.requests_per_day', num(c.requestsPerDay.value, 2), iv(c.requestsPerDay, (x) => num(x, 1)), `mean over ${p.days} days`],
    ['workload.input_tokens', tok(c.inputTokens.value), iv(c.inputTokens, tok), 'mean per request, all models'],
    ['workload.output_tokens', tok(c.outputTokens.value), iv(c.outputTokens, tok), 'mean per request, all models'],
  ];
  if (c.trendPercentPer30Days) rows.push(['trend (% per 30 days)', num(c.trendPercentPer30Days.value, 2), iv(c.trendPercentPer30Days, (x) => num(x, 2)), 'least-squares slope of daily requests']);
  for (const m of c.models) {
    rows.push([`mix: ${m.model}`, share(m.sharePercent.value), iv(m.sharePercent, share), `${num(m.requests, 0)} requests`]);
    rows.push([`  input tokens`, tok(m.inputTokens.value), iv(m.inputTokens, tok), `p10 ${m.distribution.input.p10}, p50 ${m.distribution.input.p50}, p90 ${m.distribution.input.p90}`]);
    rows.push([`  output tokens`, tok(m.outputTokens.value), iv(m.outputTokens, tok), `p10 ${m.distribution.output.p10}, p50 ${m.distribution.output.p50}, p90 ${m.distribution.output.p90}`]);
  }
  if (c.promptCache) {
    rows.push(['prompt_cache.hit_rate', share(c.promptCache.hitRatePercent.value), iv(c.promptCache.hitRatePercent, share), 'requests that read a cached prefix']);
    rows.push(['prompt_cache.prefix_tokens', tok(c.promptCache.prefixTokens.value), iv(c.promptCache.prefixTokens, tok), `cache reads are ${pct(c.promptCache.cacheReadSharePercent, 2)} of input tokens`]);
  }
  rows.push(['batch.share', 'n/a', '', c.batch.note]);
  rows.push(['budget.monthly', c.budget ? money2(c.budget.monthly) : 'n/a', '', c.budget ? `cost of ${c.budget.month}, ${r.usage.pricedWith}` : 'no full calendar month in the usage']);
  blocks.push({ kind: 'table', id: 'calibration', title: 'What the usage says (99% confidence intervals)', columns: [{ header: 'value' }, { header: 'seen', align: 'right' }, { header: '99% interval', align: 'right', hideOrder: 2 }, { header: 'from', hideOrder: 1 }], rows });
  if (c.weekday) blocks.push({ kind: 'kv', title: 'Weekday profile (x the mean requests per day)', pairs: c.weekday.map((w) => [w.day, `${num(w.multiplier, 2)} (${w.days} days)`]) });
  const after: string[] = [...c.notes];
  if (r.written) after.push(`scenario written to ${r.written}`);
  else if (!r.comparison) after.push('--out scenario.yaml writes these as a commented scenario (--out - prints it)');
  if (after.length) blocks.push({ kind: 'list', items: after });
  return { blocks };
}
