import Table from 'cli-table3';
import { Chalk, type ChalkInstance } from 'chalk';
import { cellText, cellTone, type Block, type Cell, type Column, type Doc, type Tone } from './document.js';
import stringWidth from './string-width.js';

export interface TableOptions {
  color: boolean;
  /** terminal width (COLUMNS); tables wider than this wrap their widest columns */
  width: number;
}

/** People's format: headings, key/value blocks and boxed tables, colour optional. */
export function renderTable(doc: Doc, opts: TableOptions): string {
  const chalk = new Chalk({ level: opts.color ? 1 : 0 });
  const out: string[] = [];
  for (const b of doc.blocks) out.push(renderBlock(b, opts, chalk));
  return out.filter((s) => s !== '').join('\n\n') + '\n';
}

function tone(chalk: ChalkInstance, t: Tone | undefined, s: string): string {
  switch (t) {
    case 'good': return chalk.green(s);
    case 'bad': return chalk.red(s);
    case 'warn': return chalk.yellow(s);
    case 'muted': return chalk.dim(s);
    case 'strong': return chalk.bold(s);
    case undefined: return s;
  }
}

function renderBlock(b: Block, opts: TableOptions, chalk: ChalkInstance): string {
  switch (b.kind) {
    case 'heading':
      return chalk.bold(b.level === 1 || b.level === undefined ? b.text : b.text);
    case 'text':
      return tone(chalk, b.tone, wrap(b.text, opts.width));
    case 'pre':
      return b.text;
    case 'list':
      return [b.title ? chalk.bold(b.title) : '', ...b.items.map((i) => tone(chalk, b.tone, wrap(`- ${i}`, opts.width, '  ')))].filter(Boolean).join('\n');
    case 'kv': {
      const w = Math.max(0, ...b.pairs.map(([k]) => k.length));
      // a long value wraps under itself, at spaces, to the terminal width
      const pad = ' '.repeat(w + 2);
      const fit = (t: string) => (opts.width - w - 2 >= 20 ? wrap(t, opts.width - w - 2).replace(/\n/g, `\n${pad}`) : t);
      const lines = b.pairs.map(([k, v]) => `${chalk.dim(k.padEnd(w))}  ${tone(chalk, cellTone(v), fit(cellText(v)))}`);
      return [b.title ? chalk.bold(b.title) : '', ...lines].filter(Boolean).join('\n');
    }
    case 'details':
      return [chalk.bold(b.summary), ...b.blocks.map((x) => renderBlock(x, opts, chalk))].filter(Boolean).join('\n\n');
    case 'table':
      return b.csvOnly ? '' : renderGrid(b, opts, chalk);
    case 'chart':
      return '';
  }
}

function renderGrid(full: Extract<Block, { kind: 'table' }>, opts: TableOptions, chalk: ChalkInstance): string {
  const fullRows: Cell[][] = full.footer ? [...full.rows, full.footer] : full.rows;
  // a narrow terminal first hides the columns marked as optional (lowest hideOrder first)
  let keep = full.columns.map((_, i) => i);
  const hidden: string[] = [];
  const textsFor = (idx: number[]) => fullRows.map((r) => idx.map((i) => bounded(cellText(r[i] ?? null))));
  const droppable = full.columns.map((c, i) => ({ c, i })).filter((x) => x.c.hideOrder !== undefined).sort((a, b) => (a.c.hideOrder ?? 0) - (b.c.hideOrder ?? 0));
  for (const d of droppable) {
    // hide before breaking words apart
    if (fitColumns(keep.map((i) => full.columns[i]!), textsFor(keep), opts.width, false) !== 'stack') break;
    keep = keep.filter((i) => i !== d.i);
    hidden.push(d.c.header);
  }
  const b = { ...full, columns: keep.map((i) => full.columns[i]!) };
  const rows: Cell[][] = fullRows.map((r) => keep.map((i) => r[i] ?? null));
  const texts = rows.map((r) => b.columns.map((_, i) => bounded(cellText(r[i] ?? null))));
  const fit = fitColumns(b.columns, texts, opts.width);
  const note = hidden.length ? '\n' + chalk.dim(wrap(`(${hidden.join(', ')} hidden to fit ${opts.width} columns; a wider terminal or --format markdown shows ${hidden.length === 1 ? 'it' : 'them'})`, opts.width)) : '';
  const hl = new Set(b.highlightRows ?? []);
  const strong = (ri: number) => (b.footer !== undefined && ri === rows.length - 1) || hl.has(ri);
  const styled = (ri: number, i: number, text: string) => {
    const s = tone(chalk, cellTone(rows[ri]![i] ?? null), text);
    return strong(ri) ? chalk.bold(s) : s;
  };
  if (fit === 'stack') return stacked(b, texts, opts, chalk, styled) + note;
  // cells are wrapped here, before cli-table3 sees them, so that nothing is ever cut off with "…"
  const cell = (text: string, i: number) => (fit ? wrapCell(text, (fit[i] ?? 3) - 2) : text);
  const table = new Table({
    head: b.columns.map((c, i) => chalk.bold(cell(c.header, i))),
    colAligns: b.columns.map((c) => c.align ?? 'left'),
    style: { head: [], border: [], compact: true },
    ...(fit ? { colWidths: fit } : {}),
  });
  // one table row per line of a wrapped row (the table is compact, so this draws the same): cli-table3
  // re-measures a whole multi-line cell for every line it draws, which made a long name cubic
  texts.forEach((r, ri) => {
    const cells = b.columns.map((_, i) => cell(r[i] ?? '', i).split('\n'));
    const height = Math.max(1, ...cells.map((c) => c.length));
    for (let line = 0; line < height; line++) table.push(cells.map((c, i) => styled(ri, i, c[line] ?? '')));
  });
  return [b.title ? chalk.bold(wrap(b.title, opts.width)) : '', table.toString()].filter(Boolean).join('\n') + note;
}

/**
 * The most characters a table cell shows. cli-table3 measures a whole cell again for every line
 * it draws (quadratic in the cell's length: a 4,000-character service name from a bill took
 * 5 s to draw, 68 s with accents), and no one reads a cell that long in a terminal: the rest is
 * cut, and the cell says how much. Markdown, csv and json show every character.
 */
export const MAX_TABLE_CELL = 200;

function bounded(text: string): string {
  if (text.length <= MAX_TABLE_CELL) return text;
  // never split a surrogate pair
  const cut = /[\ud800-\udbff]/.test(text[MAX_TABLE_CELL - 1] ?? '') ? MAX_TABLE_CELL - 1 : MAX_TABLE_CELL;
  return `${text.slice(0, cut)}… (${text.length - cut} more characters; --format markdown, csv or json shows them)`;
}

/**
 * Column widths (padding included) that fit the terminal; undefined when the table fits as it
 * is; 'stack' when it cannot fit without breaking numbers. Narrowing, widest column first:
 * 1. wrap at spaces (headers and text keep every word whole);
 * 2. break long words of text columns (down to 8 wide) and of the headers of number columns.
 * Numbers are never cut ("$97,500…") nor broken across lines ("$0.00" + "325" reads as $0.00):
 * past that point each row is printed as a block of "header  value" lines instead.
 */
function fitColumns(columns: Column[], texts: string[][], width: number, breakWords = true): number[] | undefined | 'stack' {
  const lines = (i: number, withHeader: boolean) => [...(withHeader ? [columns[i]!.header] : []), ...texts.map((r) => r[i] ?? '')].flatMap((t) => t.split('\n'));
  const natural = columns.map((_, i) => Math.max(1, ...lines(i, true).map(stringWidth)) + 2);
  const borders = columns.length + 1;
  const total = (w: number[]) => w.reduce((a, x) => a + x, 0) + borders;
  if (total(natural) <= width || width <= 20) return undefined;
  const longestWord = (ls: string[]) => Math.max(1, ...ls.flatMap((l) => l.split(/\s+/)).map(stringWidth)) + 2;
  const wordFloor = columns.map((c, i) => (c.noWrap ? natural[i]! : longestWord(lines(i, true))));
  const breakFloor = columns.map((c, i) => (c.noWrap ? natural[i]! : c.align === 'right' ? Math.max(3, longestWord(lines(i, false))) : Math.min(wordFloor[i]!, 8)));
  const w = [...natural];
  for (const floor of breakWords ? [wordFloor, breakFloor] : [wordFloor]) {
    while (total(w) > width) {
      let widest = -1;
      w.forEach((x, i) => {
        if (x > floor[i]! && (widest < 0 || x > w[widest]!)) widest = i;
      });
      if (widest < 0) break;
      w[widest]! -= 1;
    }
  }
  return total(w) <= width ? w : 'stack';
}

/** A table too wide for the terminal: one block per row, its first cell as the title. */
function stacked(b: Extract<Block, { kind: 'table' }>, texts: string[][], opts: TableOptions, chalk: ChalkInstance, styled: (ri: number, i: number, text: string) => string): string {
  const labels = b.columns.map((c) => c.header.replace(/\s*\n\s*/g, ' '));
  const w = Math.max(0, ...labels.slice(1).map(stringWidth));
  const blocks = texts.map((r, ri) => {
    // a figure as the first cell (a volume, an amount) keeps its header: "tokens/hour 625k"
    const title = b.columns[0]?.align === 'right' ? `${labels[0]} ${r[0] ?? ''}` : r[0] || labels[0]!;
    const out = [chalk.bold(styled(ri, 0, title))];
    for (let i = 1; i < r.length; i++) {
      if (!r[i]) continue;
      const indent = ' '.repeat(2 + w + 2);
      const value = wrapCell(r[i]!, Math.max(10, opts.width - indent.length)).split('\n').join(`\n${indent}`);
      out.push(`  ${chalk.dim(labels[i]!.padEnd(w))}  ${styled(ri, i, value)}`);
    }
    return out.join('\n');
  });
  return [b.title ? chalk.bold(wrap(b.title, opts.width)) : '', blocks.join('\n')].filter(Boolean).join('\n');
}

/** Text wrapped at spaces into lines of at most `width` columns; a longer word is broken, never cut. */
function wrapCell(text: string, width: number): string {
  const max = Math.max(1, width);
  const out: string[] = [];
  for (const para of text.split('\n')) {
    const indent = /^\s*/.exec(para)![0];
    let line = stringWidth(indent) < max ? indent : '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      const sep = line.trim() ? ' ' : '';
      if (stringWidth(line + sep + word) <= max) {
        line += sep + word;
        continue;
      }
      if (line.trim()) out.push(line);
      line = '';
      let rest = word;
      while (stringWidth(rest) > max) {
        let head = '';
        for (const ch of rest) {
          if (stringWidth(head + ch) > max) break;
          head += ch;
        }
        // break after a - / _ . when there is one ("deployment-" + "options"), else where the line is full
        const soft = Math.max(head.lastIndexOf('-'), head.lastIndexOf('/'), head.lastIndexOf('_'), head.lastIndexOf('.'));
        if (soft > 0) head = head.slice(0, soft + 1);
        out.push(head);
        rest = rest.slice(head.length);
      }
      line = rest;
    }
    out.push(line);
  }
  return out.join('\n');
}


function wrap(text: string, width: number, indent = ''): string {
  if (width <= 20) return text;
  return text
    .split('\n')
    .map((line) => {
      if (line.length <= width) return line;
      const words = line.split(' ');
      const lines: string[] = [];
      let cur = '';
      for (const w of words) {
        if (cur && cur.length + 1 + w.length > width) {
          lines.push(cur);
          cur = indent + w;
        } else cur = cur ? `${cur} ${w}` : w;
      }
      if (cur) lines.push(cur);
      return lines.join('\n');
    })
    .join('\n');
}
