import type { Block, Cell, Chart, Column, Doc } from './document.js';

/**
 * The one output sanitiser. Text that comes from input (a scenario name, an unknown key, a
 * mapping label, a model id, a file name, a service name from a bill) may hold control
 * characters and escape sequences; written raw they would drive the terminal (move the cursor,
 * rewrite a line with CR, change the title, hide text) or a CI log. They are shown visibly
 * escaped instead: ESC as `\x1b`, CR as `\r`, TAB as `\t`, C1 CSI as `\u009b`.
 *
 * Escaped: every C0 control but LF, DEL, every C1 control, and the Unicode controls that
 * reorder or break lines unseen (bidi embeddings, overrides and isolates, the line and
 * paragraph separators). LF stays: it is the line break of our own layouts (multi-line cells,
 * hints), and alone it cannot start an escape sequence.
 *
 * Renderers apply this to the data they print, before they add their own styling (colour
 * codes), so costopt's colours still work and an input's never do.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const HAS_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function escapeChar(c: string): string {
  if (c === '\t') return '\\t';
  if (c === '\r') return '\\r';
  const code = c.charCodeAt(0);
  if (code <= 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `s` with every unsafe control character written as a visible escape (see above). */
export function visible(s: string): string {
  return HAS_UNSAFE.test(s) ? s.replace(UNSAFE, escapeChar) : s;
}

/**
 * `visible`, and a line feed written `\n` too: for one-line labels (a cell, a key, a heading,
 * a title, a list item, an id), where a line break from input would start a line of its own
 * (a fake heading, a `::error::` workflow command in a CI log).
 */
export function visibleLine(s: string): string {
  const v = visible(s);
  return v.includes('\n') ? v.replace(/\n/g, '\\n') : v;
}

/**
 * GitHub Actions reads a log line that starts with `::` as a workflow command (an annotation,
 * add-mask, stop-commands). costopt's table, markdown and csv output and its messages never
 * start a line so; when text from input would, its first colon is written `\x3a`.
 * (`check --format github` writes its commands on purpose and does not pass through here.)
 */
export function noWorkflowCommands(text: string): string {
  return text.includes('::') ? text.replace(/^([ \t]*)::/gm, '$1\\x3a:') : text;
}

/** True when `s` holds a character `visible` would escape (LF aside). */
export function hasUnsafeControl(s: string): boolean {
  return HAS_UNSAFE.test(s);
}

/**
 * For JSON text: the characters JSON.stringify leaves raw (DEL, C1, the Unicode line and bidi
 * controls; C0 it escapes itself) as \uXXXX escapes. They can only stand inside JSON strings,
 * so the parsed value is the same.
 */
const JSON_RAW = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
export function jsonVisible(text: string): string {
  return text.replace(JSON_RAW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const visibleCell = (c: Cell): Cell => {
  if (c === null || typeof c === 'number') return c;
  if (typeof c === 'string') return visibleLine(c);
  return { ...c, value: typeof c.value === 'string' ? visibleLine(c.value) : c.value, display: visibleLine(c.display) };
};

const visibleColumn = (c: Column): Column => ({ ...c, header: visibleLine(c.header), ...(c.key !== undefined ? { key: visibleLine(c.key) } : {}) });

function visibleBlock(b: Block): Block {
  switch (b.kind) {
    case 'heading':
      return { ...b, text: visibleLine(b.text) };
    // paragraphs and preformatted text keep their own line breaks
    case 'text':
    case 'pre':
      return { ...b, text: visible(b.text) };
    case 'list':
      return { ...b, ...(b.title !== undefined ? { title: visibleLine(b.title) } : {}), items: b.items.map(visibleLine) };
    case 'kv':
      return { ...b, ...(b.title !== undefined ? { title: visibleLine(b.title) } : {}), ...(b.id !== undefined ? { id: visibleLine(b.id) } : {}), pairs: b.pairs.map(([k, v]): [string, Cell] => [visibleLine(k), visibleCell(v)]) };
    case 'details':
      return { ...b, summary: visibleLine(b.summary), blocks: b.blocks.map(visibleBlock) };
    case 'chart':
      return { ...b, id: visibleLine(b.id), title: visibleLine(b.title), alt: visible(b.alt), chart: visibleChart(b.chart) };
    case 'table':
      return {
        ...b,
        id: visibleLine(b.id),
        ...(b.title !== undefined ? { title: visibleLine(b.title) } : {}),
        columns: b.columns.map(visibleColumn),
        rows: b.rows.map((r) => r.map(visibleCell)),
        ...(b.footer ? { footer: b.footer.map(visibleCell) } : {}),
      };
  }
}

function visibleChart(chart: Chart): Chart {
  const v = (x: { label: string; value: number }) => ({ ...x, label: visibleLine(x.label) });
  // the currency is from input (a bill's currency column) and is written into every axis label
  const c = { ...chart, currency: visibleLine(chart.currency) } as Chart;
  switch (c.type) {
    case 'waterfall':
      return { ...c, start: v(c.start), end: v(c.end), changes: c.changes.map(v) };
    case 'stacked':
      return {
        ...c,
        x: c.x.map(visibleLine),
        series: c.series.map((s) => ({ ...s, name: visibleLine(s.name) })),
        ...(c.marks ? { marks: c.marks.map((m) => ({ x: visibleLine(m.x), series: visibleLine(m.series), label: visibleLine(m.label) })) } : {}),
        ...(c.limit ? { limit: { ...c.limit, label: visibleLine(c.limit.label) } } : {}),
      };
    case 'bars':
      return { ...c, bars: c.bars.map((b) => ({ ...v(b), ...(b.note !== undefined ? { note: visibleLine(b.note) } : {}) })) };
    case 'grouped':
      return { ...c, series: c.series.map(visibleLine), groups: c.groups.map((g) => ({ ...g, label: visibleLine(g.label) })) };
    case 'lines':
      return {
        ...c,
        xLabel: visibleLine(c.xLabel),
        yLabel: visibleLine(c.yLabel),
        series: c.series.map((s) => ({ ...s, name: visibleLine(s.name) })),
        ...(c.marks ? { marks: c.marks.map((m) => ({ ...m, label: visibleLine(m.label) })) } : {}),
        ...(c.limit ? { limit: { ...c.limit, label: visibleLine(c.limit.label) } } : {}),
      };
  }
}

/** The document with every text in it passed through `visible`: what table, markdown and csv print. */
export function visibleDoc(doc: Doc): Doc {
  return { ...doc, blocks: doc.blocks.map(visibleBlock) };
}
