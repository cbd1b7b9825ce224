import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli } from '../helpers/cli.js';
import { MIN_GOLDEN_CASES, goldenMode } from '../helpers/golden.js';

/**
 * Golden cases: every folder test/cases/<name>/ holding a `cmd.json`
 * ({ "args": [...], "exit": 0 }), `expected.stdout` and `expected.stderr` (both required: an
 * empty file pins an empty stream). Paths in args are relative to the repository root; output
 * is colourless at 120 columns. Refresh with UPDATE_GOLDEN=1 npx vitest run
 * test/e2e/golden.test.ts, then review the diff; refused when CI is set.
 */
const CASES = join(ROOT, 'test', 'cases');
const cases = existsSync(CASES) ? readdirSync(CASES).filter((d) => existsSync(join(CASES, d, 'cmd.json'))).sort() : [];
const mode = goldenMode(process.env);

describe('golden cases', () => {
  it(`there are at least ${MIN_GOLDEN_CASES}`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(MIN_GOLDEN_CASES);
  });

  it.each(cases)('%s', async (name) => {
    const dir = join(CASES, name);
    const cmd = JSON.parse(readFileSync(join(dir, 'cmd.json'), 'utf8')) as { args: string[]; exit?: number; env?: Record<string, string> };
    const r = await runCli(cmd.args, { env: cmd.env });
    for (const stream of ['stdout', 'stderr'] as const) {
      const file = join(dir, `expected.${stream}`);
      if (mode === 'update') writeFileSync(file, r[stream]);
      expect(existsSync(file), `${name}/expected.${stream} is missing: every case pins both streams`).toBe(true);
      expect(r[stream]).toBe(readFileSync(file, 'utf8'));
    }
    expect(r.code).toBe(cmd.exit ?? 0);
  });
});

describe('refreshing golden files', () => {
  it('UPDATE_GOLDEN is refused under CI', () => {
    expect(() => goldenMode({ UPDATE_GOLDEN: '1', CI: 'true' })).toThrow(/refused under CI/);
    expect(() => goldenMode({ UPDATE_GOLDEN: '1', CI: '1' })).toThrow(/refused under CI/);
    expect(goldenMode({ UPDATE_GOLDEN: '1' })).toBe('update');
    expect(goldenMode({ UPDATE_GOLDEN: '1', CI: 'false' })).toBe('update');
    expect(goldenMode({ CI: 'true' })).toBe('compare');
    expect(goldenMode({})).toBe('compare');
  });
});
