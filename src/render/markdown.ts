import { cellText, type Block, type Doc } from './document.js';

/** GitHub-flavoured markdown, for PR comments and step summaries. */
export function renderMarkdown(doc: Doc): string {
  return doc.blocks.map((b) => renderBlock(b)).filter(Boolean).join('\n\n') + '\n';
}

// a literal * in a cell ("cpu-spot *", the cheapest marker) would otherwise pair with the ** of a bold row
const esc = (s: string) => s.replace(/\*/g, '\\*').replace(/\|/g, '\\|').replace(/\n/g, '<br>');

function renderBlock(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `${'#'.repeat((b.level ?? 1) + 1)} ${b.text}`;
    case 'text':
      return b.text;
    case 'pre':
      return '```\n' + b.text + '\n```';
    case 'list':
      return [b.title ? `**${b.title}**\n` : '', ...b.items.map((i) => `- ${i}`)].filter(Boolean).join('\n');
    case 'kv':
      return [b.title ? `**${b.title}**\n` : '', '| | |', '|---|---|', ...b.pairs.map(([k, v]) => `| ${esc(k)} | ${esc(cellText(v))} |`)].filter(Boolean).join('\n');
    case 'details':
      return `<details><summary>${b.summary.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</summary>\n\n${b.blocks.map(renderBlock).filter(Boolean).join('\n\n')}\n\n</details>`;
    case 'chart':
      return '';
    case 'table': {
      if (b.csvOnly) return '';
      const head = `| ${b.columns.map((c) => esc(c.header)).join(' | ')} |`;
      const sep = `|${b.columns.map((c) => (c.align === 'right' ? '---:' : c.align === 'center' ? ':---:' : '---')).join('|')}|`;
      const hl = new Set(b.highlightRows ?? []);
      const rows = b.rows.map((r, ri) => `| ${b.columns.map((_, i) => { const t = esc(cellText(r[i] ?? null)); return hl.has(ri) && t ? `**${t}**` : t; }).join(' | ')} |`);
      if (b.footer) rows.push(`| ${b.columns.map((_, i) => { const t = esc(cellText(b.footer?.[i] ?? null)); return t ? `**${t}**` : ''; }).join(' | ')} |`);
      return [b.title ? `**${b.title}**\n` : '', head, sep, ...rows].filter(Boolean).join('\n');
    }
  }
}
