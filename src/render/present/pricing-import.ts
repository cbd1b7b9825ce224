import type { Block, Doc } from '../document.js';
import { formatNumber } from '../format.js';
import type { PricingImportResult } from '../../core/catalog/import-common.js';

const short = (hash: string) => hash.replace(/^sha256:/, '').slice(0, 12);
const n = (x: number) => formatNumber(x, 0, 0);

export function importDoc(r: PricingImportResult): Doc {
  const where = r.output === '-' ? 'stdout' : r.output;
  const blocks: Block[] = [
    { kind: 'heading', text: `Imported ${n(r.counts.models)} models from ${r.input.file} (${r.format}) -> ${where}` },
    {
      kind: 'kv',
      pairs: [
        ['catalog', `${r.catalog.id} ${r.catalog.version} (sha256 ${short(r.catalog.hash)})`],
        ['input file sha256', short(r.input.sha256)],
        ['source', `${r.source.url} (as of ${r.source.asOf}, second-hand)`],
        ...(r.pricesAsOf ? [['prices in force on', r.pricesAsOf] as [string, string]] : []),
        ['entries read', n(r.counts.entries)],
        ['models written', `${n(r.counts.models)} (${n(r.counts.chat)} chat, ${n(r.counts.embedding)} embedding)`],
        ['skipped', n(r.counts.skipped)],
        ['rates set to null', n(r.counts.ratesSetToNull)],
        ['lint', r.lint.violations ? `${r.lint.violations} violations` : 'clean'],
      ],
    },
  ];
  if (r.skipped.length) {
    blocks.push({
      kind: 'table',
      id: 'skipped',
      title: 'Skipped entries by reason',
      columns: [{ header: 'reason' }, { header: 'count', align: 'right' }, { header: 'examples' }],
      rows: r.skipped.map((s) => [s.reason, s.count, s.examples.map((e) => `${e.key} (${e.detail})`).join('; ')]),
    });
  }
  if (r.repairs.length) {
    blocks.push({
      kind: 'table',
      id: 'repairs',
      title: 'Rates set to null (contradict a catalog rule or implausible)',
      columns: [{ header: 'rule' }, { header: 'count', align: 'right' }, { header: 'examples' }],
      rows: r.repairs.map((f) => [f.rule, f.count, f.examples.map((e) => `${e.id} ${e.field} ${e.detail}`).join('; ')]),
    });
  }
  if (r.notImported.length) {
    const top = r.notImported.slice(0, 8).map((x) => `${x.field} (${x.count})`);
    const more = r.notImported.length > 8 ? `, and ${r.notImported.length - 8} more` : '';
    blocks.push({ kind: 'text', text: `Rates the catalog format does not hold (not imported): ${top.join(', ')}${more}.`, tone: 'muted' });
  }
  return { blocks };
}
