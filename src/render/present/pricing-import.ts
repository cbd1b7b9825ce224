import type { Block, Doc } from '../document.js';
import { formatNumber } from '../format.js';
import type { PricingImportResult } from '../../core/catalog/import-common.js';
import type { RefreshReport } from '../../core/catalog/release-refresh.js';

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

/** `pricing import release`: the candidate release and its discrepancy report. */
export function importReleaseDoc(r: { base: { version: string; hash: string }; inputs: { litellm: { file: string; asOf: string }; genaiPrices: { file: string; asOf: string } }; output: string; catalog: { version: string; hash: string }; lint: { violations: number }; report: RefreshReport }): Doc {
  const rep = r.report;
  const blocks: Block[] = [
    { kind: 'heading', text: `Candidate release ${r.catalog.version} from ${r.base.version} -> ${r.output === '-' ? 'stdout' : r.output}` },
    {
      kind: 'kv',
      pairs: [
        ['refreshes', `${r.base.version} (sha256 ${short(r.base.hash)})`],
        ['LiteLLM', `${r.inputs.litellm.file} (as of ${r.inputs.litellm.asOf})`],
        ['genai-prices', `${r.inputs.genaiPrices.file} (as of ${r.inputs.genaiPrices.asOf})`],
        ['price changes applied', n(rep.applied.length)],
        ['held back for review', n(rep.heldBack.length)],
        ['new models', n(rep.added.length)],
        ['no longer listed', n(rep.vanished.length)],
        ['sources disagree', n(rep.disagree.length)],
        ['only in LiteLLM / only in genai-prices', `${n(rep.litellmOnly.length)} / ${n(rep.genaiOnly.length)}`],
        ['lint', r.lint.violations ? `${r.lint.violations} violations` : 'clean'],
      ],
    },
  ];
  const table = (id: string, title: string, headers: string[], rows: (string | number | null)[][]) => {
    if (rows.length) blocks.push({ kind: 'table', id, title, columns: headers.map((h) => ({ header: h })), rows });
  };
  table('applied', 'Price changes applied (dated the day the LiteLLM file shows them: date listed)', ['model', 'from', 'change'], rep.applied.map((a) => [a.id, a.from, a.change]));
  table('held-back', 'Held back: check against the provider, then add them by hand', ['model', 'change', 'why'], rep.heldBack.map((h) => [h.id, h.change, h.why]));
  table('added', 'New models (first price listed that day; launch date unknown)', ['model', 'LiteLLM key', 'input', 'output'], rep.added.map((a) => [a.id, a.key, a.input, a.output]));
  table('vanished', 'No longer in the LiteLLM file (a retirement? check the provider\'s deprecations page)', ['model'], rep.vanished.map((v) => [v.id]));
  table('disagree', 'LiteLLM and genai-prices disagree (beyond 0.5%)', ['model', 'field', 'LiteLLM', 'genai-prices'], rep.disagree.map((d) => [d.id, d.field, d.litellm, d.genai]));
  if (rep.genaiOnly.length) blocks.push({ kind: 'list', title: 'Only in genai-prices (no LiteLLM key in scope matches)', items: rep.genaiOnly.slice(0, 50).concat(rep.genaiOnly.length > 50 ? [`... and ${rep.genaiOnly.length - 50} more (--format json lists all)`] : []) });
  return { blocks };
}
