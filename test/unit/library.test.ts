import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FIXTURES, ROOT } from '../helpers/cli.js';

describe('the library API (dist/index.js, as a package user imports it)', () => {
  it('estimates a scenario and resolves a catalog', async () => {
    const lib = (await import(join(ROOT, 'dist', 'index.js'))) as typeof import('../../src/index.js');
    const [est] = await lib.estimateFiles([join(ROOT, 'scenarios', 'support-bot.yaml')], { catalog: join(FIXTURES, 'catalogs', 'seed-prices.yaml') });
    // SPEC §7: the reference scenario's baseline is all traffic on gpt-4o: 1M x (500 x 2.50 + 200 x 10) / 1M = $3,250/day
    expect(est?.baseline.daily).toBeCloseTo(3250, 6);
    expect(est?.baseline.monthly).toBeCloseTo(97500, 6);
    const cat = await lib.resolveCatalog({ catalog: '2024-06-01' });
    expect(cat.meta.version).toBe('2024-06-01');
    // break-even of SPEC §3.2: $1.50/h, 3,000 tokens/s, API $0.60/1M -> $1.50 / ($0.60 / 1M) = 2.5M tokens/hour
    const be = lib.breakEvenTokensPerHour({ unitHourly: 1.5, gpusPerUnit: 1, minUnits: 1, unitTokensPerSecond: 3000, utilization: 1, opsMonthly: 0, apiPerMillion: 0.6, daysPerMonth: 30 });
    expect(be?.tokensPerHour).toBeCloseTo(2_500_000, 3);
  });
});
