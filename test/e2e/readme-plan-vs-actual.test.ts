import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runBuilt } from '../helpers/cli.js';

/** docs/plan-vs-actual.md's calibrate and variance examples (moved there from the README) are what the built CLI prints (on the test catalog and fixtures). */
function example(command: string): string[] {
  const readme = readFileSync(join(ROOT, 'docs', 'plan-vs-actual.md'), 'utf8');
  const start = readme.indexOf(`\`\`\`\n$ ${command}\n`);
  expect(start).toBeGreaterThan(0);
  const body = readme.slice(start + 4 + command.length + 3, readme.indexOf('```', start + 4));
  return body.split('\n').filter((l) => l !== '');
}

describe('docs/plan-vs-actual.md: plan vs actual examples', () => {
  for (const command of [
    'costopt calibrate test/fixtures/variance/usage-2026-03.csv.gz --catalog test/fixtures/variance/prices.yaml --out -',
    'costopt variance test/fixtures/variance/plan.yaml test/fixtures/variance/usage-2026-03.csv.gz --as-of 2026-02-15',
  ]) {
    it(command, () => {
      const r = runBuilt(command.split(' ').slice(1));
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      // every line the page shows, in order ("..." stands for lines left out)
      const lines = r.stdout.split('\n');
      let at = 0;
      for (const want of example(command)) {
        if (want.trim() === '...') continue;
        const i = lines.indexOf(want, at);
        expect([want, i >= 0]).toEqual([want, true]);
        at = i + 1;
      }
    });
  }
});
