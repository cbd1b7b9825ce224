import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runBuilt } from '../helpers/cli.js';

/**
 * The README's quick start and docs/estimate.md print what `costopt estimate
 * scenarios/support-bot.yaml` shows. This is a check of the documentation, so it runs on the
 * shipped catalog as a reader would: when the catalog changes (its hash printed in the header
 * line), both must be updated with it. The README printed sha256 12ad8b754113 after the
 * catalog audit had made it 6baa9325ab36.
 */
describe('README and docs/estimate.md: the estimate example is what the command prints', () => {
  let ran: ReturnType<typeof runBuilt> | undefined;
  for (const page of ['README.md', 'docs/estimate.md']) {
    it(`${page}: costopt estimate scenarios/support-bot.yaml`, () => {
      const text = readFileSync(join(ROOT, page), 'utf8');
      const start = text.indexOf('```\nsupport-bot  ·  scenarios/support-bot.yaml');
      expect(start).toBeGreaterThan(0);
      const block = text.slice(start + 4, text.indexOf('```', start + 4));
      const r = (ran ??= runBuilt(['estimate', 'scenarios/support-bot.yaml']));
      expect(r.code).toBe(0);
      // the page shows the head of the output: the header lines and the steps table
      expect(r.stdout.slice(0, block.length)).toBe(block);
    });
  }
});
