import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT } from '../helpers/cli.js';

/**
 * The README is short and the reference is in docs/ (issue #20): every relative link in
 * README.md and docs/*.md points to a file that exists and, with a `#anchor`, to a heading of
 * that page (GitHub's slugs); every docs page can be reached from the README by following links;
 * and the README stays under 300 lines.
 */
const DOCS = join(ROOT, 'docs');
const pages = [join(ROOT, 'README.md'), ...readdirSync(DOCS).filter((f) => f.endsWith('.md')).sort().map((f) => join(DOCS, f))];

/** The text outside fenced code blocks, with inline code spans' backticks kept (headings use them). */
function prose(md: string): string[] {
  const out: string[] = [];
  let fence = false;
  for (const line of md.split('\n')) {
    if (/^\s*```/.test(line)) { fence = !fence; continue; }
    if (!fence) out.push(line);
  }
  return out;
}

/** GitHub's heading anchors (github-slugger): lower case, punctuation but `-` and `_` dropped, spaces to `-`, repeats numbered. */
export function slugs(md: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of prose(md)) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const text = m[1]!.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]+>/g, '');
    const base = text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

/** Relative link targets of a page (images included), outside code: [target, line]. */
function links(md: string): { target: string; line: number }[] {
  const out: { target: string; line: number }[] = [];
  let fence = false;
  md.split('\n').forEach((line, i) => {
    if (/^\s*```/.test(line)) { fence = !fence; return; }
    if (fence) return;
    const text = line.replace(/`[^`]*`/g, (c) => (c.includes('](') ? '' : c));
    for (const m of text.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = m[1]!;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
      out.push({ target, line: i + 1 });
    }
  });
  return out;
}

describe('README and docs/: links and length', () => {
  it('the slugs follow GitHub', () => {
    expect([...slugs('## `costopt validate`\n# Uncertainty: distributions, `--simulate` and `sensitivity`\n## Use in CI\n## Use in CI\n```\n# not a heading\n```')])
      .toEqual(['costopt-validate', 'uncertainty-distributions---simulate-and-sensitivity', 'use-in-ci', 'use-in-ci-1']);
  });

  it('every relative link points to a file that exists, and every #anchor to a heading of it', () => {
    const broken: string[] = [];
    for (const page of pages) {
      const md = readFileSync(page, 'utf8');
      for (const { target, line } of links(md)) {
        const [path, anchor] = target.split('#') as [string, string | undefined];
        const file = path ? resolve(dirname(page), decodeURIComponent(path)) : page;
        const at = `${relative(ROOT, page)}:${line} ${target}`;
        if (!existsSync(file)) { broken.push(`${at}: no such file`); continue; }
        if (anchor !== undefined) {
          if (!file.endsWith('.md')) { broken.push(`${at}: an anchor on a file that is not Markdown`); continue; }
          if (!slugs(readFileSync(file, 'utf8')).has(anchor)) broken.push(`${at}: no heading with that anchor`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('every docs page is reached from the README by following links', () => {
    const reached = new Set<string>();
    const queue = [join(ROOT, 'README.md')];
    while (queue.length) {
      const page = queue.shift()!;
      if (reached.has(page)) continue;
      reached.add(page);
      for (const { target } of links(readFileSync(page, 'utf8'))) {
        const path = target.split('#')[0]!;
        if (!path.endsWith('.md')) continue;
        const file = resolve(dirname(page), decodeURIComponent(path));
        if (file.startsWith(DOCS) && existsSync(file)) queue.push(file);
      }
    }
    expect(pages.filter((p) => !reached.has(p)).map((p) => relative(ROOT, p))).toEqual([]);
  });

  it('the README links every docs page itself, and stays under 300 lines', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const linked = new Set(links(readme).map(({ target }) => target.split('#')[0]!));
    const missing = pages.slice(1).map((p) => relative(ROOT, p)).filter((p) => !linked.has(p));
    expect(missing).toEqual([]);
    expect(readme.split('\n').length).toBeLessThan(300);
  });

  it('each docs page starts with its title, a one-line description and a link back to the README', () => {
    for (const page of pages.slice(1)) {
      const [title, blank, description, blank2, back] = readFileSync(page, 'utf8').split('\n');
      expect([relative(ROOT, page), /^# \S/.test(title!), blank, description!.length > 0 && !description!.startsWith('#'), blank2, back!.includes('](../README.md)')])
        .toEqual([relative(ROOT, page), true, '', true, '', true]);
    }
  });
});
