import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

/**
 * Issue #15, hangs: a bill's service name of thousands of characters made the table renderer
 * quadratic (cli-table3 measures a whole cell again for every line it draws): 5.5 s for 4,000
 * ASCII characters, 68 s with accents and symbols outside the BMP. A table cell now shows 200
 * characters and says how many more there are; markdown and csv show them all.
 */
let dir = '';
const ascii = 'x'.repeat(4000);
const symbols = '\u{1d19a}é'.repeat(2000); // 6,000 UTF-16 units
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'costopt-long-'));
  const rows = [
    'BilledCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ServiceName,SkuId',
    `10.00,USD,2025-05-01T00:00:00Z,2025-05-02T00:00:00Z,Usage,${ascii},sku-a`,
    `5.00,USD,2025-05-02T00:00:00Z,2025-05-03T00:00:00Z,Usage,${symbols},sku-b`,
  ];
  writeFileSync(join(dir, 'long-service-names.csv'), rows.join('\n') + '\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('table cells of thousands of characters', () => {
  it('draw in well under a second each, cut at 200 characters with the count of the rest', async () => {
    const t0 = performance.now();
    const r = await runCli(['analyze', join(dir, 'long-service-names.csv'), '--engine', 'js']);
    const ms = performance.now() - t0;
    expect(r.code).toBe(0);
    expect(ms).toBeLessThan(3000);
    // 4,000 - 200 = 3,800; 6,000 - 200 = 5,800 (200 UTF-16 units: 66 pairs and 68 accents, no pair split)
    expect(r.stdout).toContain('… (3800 more characters; --format markdown, csv or json shows them)');
    expect(r.stdout).toContain('… (5800 more characters; --format markdown, csv or json shows');
    // markdown shows every character
    const md = await runCli(['analyze', join(dir, 'long-service-names.csv'), '--engine', 'js', '--format', 'markdown']);
    expect(md.stdout).toContain(ascii);
    expect(md.stdout).toContain(symbols);
  });
});
