import type { ModelFinding, Reconciliation } from '../../core/billing/reconcile.js';
import type { Block, Cell } from '../document.js';
import { money } from '../format.js';

/** The reconciliation of reported vs computed costs (`--cost-source both`) -> blocks of the analyze document. */
const usd = (n: number): Cell => ({ value: n, display: money(n, 'USD') });
const signed = (n: number): Cell => ({ value: n, display: `${n > 0 ? '+' : n < 0 ? '-' : ''}${money(Math.abs(n), 'USD')}`, tone: n === 0 ? undefined : 'warn' });
const percent = (p: number | null): Cell => ({ value: p, display: p === null ? 'n/a' : `${p > 0 ? '+' : ''}${p}%` });

/** Short names of the findings (the full sentence is in the Gaps list, and in JSON). */
const KIND: Record<ModelFinding['kind'], string> = {
  agrees: 'agrees',
  'cache-free': 'cache at $0 in the source',
  'cache-as-input': 'cache at the input rate in the source',
  'tier-ignored': 'long-context tier not applied',
  'uniform-ratio': 'uniform ratio',
  'other-prices': 'other per-token prices',
  'reported-zero': 'source reports $0',
  unexplained: 'unexplained',
};

export function reconciliationBlocks(r: Reconciliation): Block[] {
  const blocks: Block[] = [];
  blocks.push({
    kind: 'kv',
    id: 'reconciliation',
    title: 'Reported vs computed cost (the source\'s own figure vs the catalog at each row\'s date; totals use computed, --cost-source reported uses the other)',
    pairs: [
      ['rows with both', r.rows],
      ['reported', usd(r.reported)],
      ['computed', usd(r.computed)],
      ['difference (reported - computed)', signed(r.difference)],
      ['difference %', percent(r.differencePercent)],
      ...(r.reportedOnly ? [['reported but unpriced rows', r.reportedOnly] satisfies [string, Cell]] : []),
      ...(r.computedOnly ? [['priced rows without a reported cost', r.computedOnly] satisfies [string, Cell]] : []),
    ],
  });
  blocks.push({
    kind: 'table',
    id: 'reconciliation-models',
    title: 'By model: what the gap looks like',
    columns: [{ header: 'model' }, { header: 'rows', align: 'right' }, { header: 'reported', align: 'right' }, { header: 'computed', align: 'right' }, { header: 'difference', align: 'right' }, { header: '%', align: 'right' }, { header: 'finding' }],
    rows: r.models.map((m) => [m.model, m.rows, usd(m.reported), usd(m.computed), signed(m.difference), percent(m.differencePercent), KIND[m.kind]]),
  });
  const gaps = r.models.filter((m) => m.kind !== 'agrees');
  if (gaps.length) blocks.push({ kind: 'list', title: 'Gaps', tone: 'warn', items: gaps.map((m) => `${m.model}: ${m.finding}`) });
  blocks.push({
    kind: 'table',
    id: 'reconciliation-days',
    title: 'By model and day',
    columns: [{ header: 'model' }, { header: 'day', noWrap: true }, { header: 'rows', align: 'right' }, { header: 'reported', align: 'right' }, { header: 'computed', align: 'right' }, { header: 'difference', align: 'right' }, { header: '%', align: 'right' }],
    rows: r.byModelDay.map((g) => [g.model, g.day, g.rows, usd(g.reported), usd(g.computed), signed(g.difference), percent(g.differencePercent)]),
  });
  const differing = r.topRows.filter((t) => t.difference !== 0);
  if (differing.length) {
    blocks.push({
      kind: 'table',
      id: 'reconciliation-rows',
      title: 'Rows that differ most',
      columns: [{ header: 'row' }, { header: 'model' }, { header: 'day', noWrap: true }, { header: 'reported', align: 'right' }, { header: 'computed', align: 'right' }, { header: 'difference', align: 'right' }],
      rows: differing.map((t) => [`${t.file}:${t.line}${t.at ? ` ${t.at}` : ''}`, t.model, t.day, usd(t.reported), usd(t.computed), signed(t.difference)]),
    });
  }
  return blocks;
}
