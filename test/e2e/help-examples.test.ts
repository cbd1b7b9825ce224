import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli } from '../helpers/cli.js';

/** `costopt --help` ends with examples: the bundled files they name exist (one named a scenario that never shipped). */
describe('costopt --help examples', () => {
  it('name only bundled files that exist', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    const files = [...r.stdout.matchAll(/\b((?:scenarios|test\/fixtures)\/[\w./-]+\.(?:ya?ml|csv))\b/g)].map((m) => m[1]!);
    expect(files.length).toBeGreaterThanOrEqual(2);
    expect(files.filter((f) => !existsSync(join(ROOT, f)))).toEqual([]);
  });
});
