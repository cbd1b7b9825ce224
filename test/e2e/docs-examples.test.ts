import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runBuilt } from '../helpers/cli.js';

/**
 * Every example in README.md and docs/*.md written as a terminal session (a code block whose
 * first line is `$ costopt ...`) shows what the built CLI prints: each line shown is a line of
 * the output, in order; `...` stands for lines left out. The command runs from the repository
 * root on the shipped catalog, as a reader would run it (`init`, which writes a file, runs in a
 * fresh folder). When the catalog or a report changes, the pages are updated with it.
 */
const pages = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];

function examples(page: string): { command: string; lines: string[] }[] {
  const md = readFileSync(join(ROOT, page), 'utf8');
  return [...md.matchAll(/^```\n\$ (costopt [^\n]*)\n([\s\S]*?)^```$/gm)].map((m) => ({
    command: m[1]!,
    lines: m[2]!.split('\n').filter((l) => l !== '' && l.trim() !== '...'),
  }));
}

describe('README and docs: every terminal example is what the command prints', () => {
  it('the README has an example for every command of the tour', () => {
    const commands = examples('README.md').map((e) => e.command.split(' ')[1]);
    expect(new Set(commands)).toEqual(new Set(['estimate', 'sensitivity', 'validate', 'schema', 'init', 'breakeven', 'pricing', 'analyze', 'check', 'diff', 'calibrate', 'variance']));
  });
  for (const page of pages) {
    for (const { command, lines } of examples(page)) {
      it(`${page}: ${command}`, () => {
        const args = command.split(' ').slice(1);
        const cwd = args[0] === 'init' ? mkdtempSync(join(tmpdir(), 'costopt-docs-')) : ROOT;
        const r = runBuilt(args, { cwd });
        expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
        const out = r.stdout.split('\n');
        let at = 0;
        for (const want of lines) {
          const i = out.indexOf(want, at);
          expect([want, i >= 0]).toEqual([want, true]);
          at = i + 1;
        }
      });
    }
  }
});
