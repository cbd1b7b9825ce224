import Table from 'cli-table3';
import { Chalk, type ChalkInstance } from 'chalk';
import { cellText, cellTone, type Block, type Cell, type Doc, type Tone } from './document.js';

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
      const lines = b.pairs.map(([k, v]) => `${chalk.dim(k.padEnd(w))}  ${tone(chalk, cellTone(v), cellText(v))}`);
      return [b.title ? chalk.bold(b.title) : '', ...lines].filter(Boolean).join('\n');
    }
    case 'details':
      return [chalk.bold(b.summary), ...b.blocks.map((x) => renderBlock(x, opts, chalk))].join('\n\n');
    case 'table':
      return renderGrid(b, opts, chalk);
  }
}

function renderGrid(b: Extract<Block, { kind: 'table' }>, opts: TableOptions, chalk: ChalkInstance): string {
  const rows: Cell[][] = b.footer ? [...b.rows, b.footer] : b.rows;
  const natural = b.columns.map((c, i) => Math.max(visibleLen(c.header), ...rows.map((r) => visibleLen(cellText(r[i] ?? null)))) + 2);
  const total = natural.reduce((a, x) => a + x, 0) + b.columns.length + 1;
  let colWidths: number[] | undefined;
  if (total > opts.width && opts.width > 20) {
    colWidths = [...natural];
    let excess = total - opts.width;
    while (excess > 0) {
      const widest = colWidths.indexOf(Math.max(...colWidths));
      if ((colWidths[widest] ?? 0) <= 8) break;
      colWidths[widest] = (colWidths[widest] ?? 0) - 1;
      excess--;
    }
  }
  const table = new Table({
    head: b.columns.map((c) => chalk.bold(c.header)),
    colAligns: b.columns.map((c) => c.align ?? 'left'),
    style: { head: [], border: [], compact: true },
    wordWrap: colWidths !== undefined,
    ...(colWidths ? { colWidths } : {}),
  });
  const hl = new Set(b.highlightRows ?? []);
  rows.forEach((r, ri) => {
    const isFooter = b.footer !== undefined && ri === rows.length - 1;
    table.push(
      b.columns.map((_, i) => {
        const c = r[i] ?? null;
        let s = tone(chalk, cellTone(c), cellText(c));
        if (isFooter || hl.has(ri)) s = chalk.bold(s);
        return s;
      }),
    );
  });
  return [b.title ? chalk.bold(b.title) : '', table.toString()].filter(Boolean).join('\n');
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
function visibleLen(s: string): number {
  return Math.max(...s.replace(ANSI, '').split('\n').map((l) => [...l].length));
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
