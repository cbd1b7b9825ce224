import { cellValue, type Block, type Doc } from './document.js';
import { OVERFLOW } from './format.js';

/**
 * CSV of the document's tables (and of key/value blocks that have an id). One table: plain CSV. Several: blocks separated by an empty
 * line, each with its own header row, preceded by a `# <table id>` line, itself one cell.
 *
 * Formula injection: every text cell (headers, ids, labels, names from input) that starts with
 * = + - @ tab or CR is prefixed with ' so a spreadsheet does not run it as a formula. A number
 * is written as a number, never prefixed: -12.5 in a cost column is a credit, not a formula,
 * and the cell holds no text a spreadsheet could evaluate. A non-finite number (an overflow)
 * is written as the text "overflow", never as a blank that reads as no value.
 */
export function renderCsv(doc: Doc): string {
  const tables = collect(doc.blocks);
  if (tables.length === 1) return tableCsv(tables[0]!);
  // the id may hold a name from input (`steps:<scenario name>`): one line, one escaped cell
  return tables.map((t) => `${field(`# ${t.id.replace(/\n/g, '\\n')}`)}\n${tableCsv(t)}`).join('\n');
}

type TableBlock = Extract<Block, { kind: 'table' }>;

function collect(blocks: Block[]): TableBlock[] {
  return blocks.flatMap((b): TableBlock[] => {
    if (b.kind === 'table') return [b];
    if (b.kind === 'details') return collect(b.blocks);
    // key/value blocks that carry figures (a forecast) have an id: written as item,value rows
    if (b.kind === 'kv' && b.id) return [{ kind: 'table', id: b.id, columns: [{ header: 'item' }, { header: 'value' }], rows: b.pairs.map(([k, v]) => [k, v]) }];
    return [];
  });
}

function tableCsv(t: TableBlock): string {
  const lines = [t.columns.map((c) => field(c.key ?? c.header)).join(',')];
  const rows = t.footer ? [...t.rows, t.footer] : t.rows;
  for (const r of rows) lines.push(t.columns.map((_, i) => field(cellValue(r[i] ?? null))).join(','));
  return lines.join('\n') + '\n';
}

export function field(v: string | number | null): string {
  if (v === null) return '';
  // 15 significant digits: every digit a double holds for sure, without the float noise of sums (8942.999999999998)
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return String(Number(v.toPrecision(15)));
    if (Number.isNaN(v)) return '';
    return field(v > 0 ? OVERFLOW : `-${OVERFLOW}`);
  }
  let s = v;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  if (/[",\n\r]/.test(s)) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}
