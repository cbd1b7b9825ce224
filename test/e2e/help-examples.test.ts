import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runBuilt } from '../helpers/cli.js';

/**
 * The examples printed by `--help` are commands people paste. Every one that names only files
 * of this repository (and no git ref) must run: exit 0 (or 1 for a gate), nothing on stderr.
 * Forms with placeholder files (old.yaml, bill.csv) are left out.
 */
const COMMANDS = ['', 'estimate', 'validate', 'init', 'breakeven', 'check', 'diff', 'pricing'];

function examples(): string[] {
  const lines = new Set<string>();
  for (const c of COMMANDS) {
    const help = runBuilt([...(c ? [c] : []), '--help']).stdout;
    for (const l of help.split('\n')) if (l.startsWith('  costopt ')) lines.add(l.trim().split(/\s{2,}/)[0]!);
  }
  return [...lines];
}

describe('--help examples', () => {
  const all = examples();
  const runnable = all.filter((l) => {
    const args = l.split(/\s+/).slice(1);
    if (args.includes('--base-ref')) return false;
    return args.filter((a) => /\.(ya?ml|json|csv)$/.test(a)).every((f) => existsSync(join(ROOT, f)));
  });
  it('there are examples to run', () => {
    expect(runnable.length).toBeGreaterThanOrEqual(5);
  });
  it.each(runnable)('%s', (line) => {
    const r = runBuilt(line.split(/\s+/).slice(1));
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  });
});
