import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli } from '../helpers/cli.js';

/**
 * Golden cases: every folder test/cases/<name>/ holding a `cmd.json`
 * ({ "args": [...], "exit": 0 }) and `expected.stdout` (and optionally `expected.stderr`).
 * Paths in args are relative to the repository root; output is colourless at 120 columns.
 * Refresh with UPDATE_GOLDEN=1 npx vitest run test/e2e/golden.test.ts, then review the diff.
 */
const CASES = join(ROOT, 'test', 'cases');
const cases = existsSync(CASES) ? readdirSync(CASES).filter((d) => existsSync(join(CASES, d, 'cmd.json'))).sort() : [];

describe('golden cases', () => {
  it.each(cases)('%s', async (name) => {
    const dir = join(CASES, name);
    const cmd = JSON.parse(readFileSync(join(dir, 'cmd.json'), 'utf8')) as { args: string[]; exit?: number; env?: Record<string, string> };
    const r = await runCli(cmd.args, { env: cmd.env });
    const update = process.env.UPDATE_GOLDEN === '1';
    for (const stream of ['stdout', 'stderr'] as const) {
      const file = join(dir, `expected.${stream}`);
      if (update && (stream === 'stdout' || r[stream])) writeFileSync(file, r[stream]);
      if (existsSync(file)) expect(r[stream]).toBe(readFileSync(file, 'utf8'));
    }
    expect(r.code).toBe(cmd.exit ?? 0);
  });
});
