import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runBuilt } from '../helpers/cli.js';

/**
 * The README prints what `costopt estimate scenarios/support-bot.yaml` shows. This is a check of
 * the documentation, so it runs on the shipped catalog as a reader would: when the catalog changes
 * (its hash printed in the header line), the README must be updated with it. It printed
 * sha256 12ad8b754113 after the catalog audit had made it 6baa9325ab36.
 */
describe('README: the estimate example is what the command prints', () => {
  it('costopt estimate scenarios/support-bot.yaml', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('```\nsupport-bot  ·  scenarios/support-bot.yaml');
    expect(start).toBeGreaterThan(0);
    const block = readme.slice(start + 4, readme.indexOf('```', start + 4));
    const r = runBuilt(['estimate', 'scenarios/support-bot.yaml']);
    expect(r.code).toBe(0);
    // the README shows the head of the output: the header lines and the steps table
    expect(r.stdout.slice(0, block.length)).toBe(block);
  });
});
