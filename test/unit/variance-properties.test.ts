import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveCatalog } from '../../src/io/catalog.js';
import { scenarioSchema } from '../../src/core/scenario/schema.js';
import { planOf } from '../../src/core/variance/plan.js';
import { computeVariance, EFFECTS } from '../../src/core/variance/variance.js';
import { UsageAccumulator } from '../../src/core/usage/summary.js';
import type { CanonicalRecord } from '../../src/core/billing/record.js';
import { FIXTURES } from '../helpers/cli.js';
import { parseScaled } from '../../src/core/decimal.js';

/**
 * Whatever the plan and the usage, the effects add up exactly (in 1e-12 USD units) to actual -
 * planned, per model and in total, and the model rows add up to the total; a usage that is the
 * plan at plan prices has every effect 0 but price.
 */
const MODELS = ['test/large', 'test/small', 'test/mini', 'test/alt'];
const units = (x: string) => parseScaled(x)!;

function record(model: string, day: number, input: number, output: number, read: number, write: number, cost: bigint): CanonicalRecord {
  const start = Date.UTC(2026, 1, 1 + day, 12);
  return {
    start, end: start, provider: 'test', account: null, service: null, sku: null, model, region: null, resource: null, tags: null, chargeKind: 'usage',
    billed: cost, effective: cost, list: null, currency: 'USD', quantity: null, unit: null, description: null,
    tokens: { input, output, cacheRead: read, cacheWrite: write, cacheWrite1h: 0, reasoning: 0 }, user: null, project: null, requestId: null, requests: 1, unpriced: false, file: 'x.csv', line: 2,
  };
}

describe('variance decomposition properties', () => {
  it('the parts add up exactly to the difference, per model and in total', async () => {
    const catalog = await resolveCatalog({ catalog: join(FIXTURES, 'variance', 'prices.yaml'), asOf: '2026-02-01' });
    const planArb = fc.record({
      rpd: fc.integer({ min: 1, max: 1_000_000 }),
      input: fc.integer({ min: 100, max: 5000 }),
      output: fc.integer({ min: 0, max: 2000 }),
      split: fc.integer({ min: 1, max: 99 }),
      models: fc.uniqueArray(fc.constantFrom(...MODELS), { minLength: 2, maxLength: 2 }),
      batch: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
      hit: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
    });
    const rowsArb = fc.array(fc.record({
      model: fc.constantFrom(...MODELS), day: fc.integer({ min: 0, max: 9 }), input: fc.integer({ min: 0, max: 9000 }),
      output: fc.integer({ min: 0, max: 3000 }), read: fc.integer({ min: 0, max: 50 }), cost: fc.bigInt({ min: 0n, max: 10n ** 12n }),
    }), { minLength: 1, maxLength: 60 });
    fc.assert(fc.property(planArb, rowsArb, (p, rows) => {
      const s = scenarioSchema.parse({
        workload: { requests_per_day: p.rpd, input_tokens: p.input, output_tokens: p.output },
        baseline: { model: p.models[0] },
        strategies: {
          routing: { mix: [{ model: p.models[0], share: `${p.split}%` }, { model: p.models[1], share: `${100 - p.split}%` }] },
          ...(p.batch !== undefined ? { batch: { share: `${p.batch}%` } } : {}),
          ...(p.hit !== undefined ? { prompt_cache: { prefix_tokens: Math.min(50, p.input), hit_rate: `${p.hit}%` } } : {}),
        },
      });
      const { plan } = planOf(s, catalog);
      expect(plan).toBeDefined();
      const acc = new UsageAccumulator();
      for (const r of rows) acc.add(record(r.model, r.day, r.input, r.output, Math.min(r.read, r.input), 0, r.cost), r.model);
      const usage = acc.result();
      const out = computeVariance({ plan: plan!, usage, period: { from: usage.firstDay!, to: usage.lastDay!, days: 10 }, entryFor: (m) => { const hit = catalog.models.find((x) => x.id === m); return hit ? { entry: hit } : undefined; } });
      const v = out.result!.variance;
      expect(v.parts.map((x) => x.effect)).toEqual([...EFFECTS]);
      // exact decimals (JSON numbers hold ~15 significant digits; these hold every 1e-12 digit)
      const sum = (xs: { exact: string }[]) => xs.reduce((a, x) => a + units(x.exact), 0n);
      expect(sum(v.parts)).toBe(units(v.exact.actual) - units(v.exact.planned));
      expect(units(v.exact.difference)).toBe(units(v.exact.actual) - units(v.exact.planned));
      for (const m of v.models) expect(sum(m.parts)).toBe(units(m.exact.actual) - units(m.exact.planned));
      expect(v.models.reduce((a, m) => a + units(m.exact.planned), 0n)).toBe(units(v.exact.planned));
      expect(v.models.reduce((a, m) => a + units(m.exact.actual), 0n)).toBe(units(v.exact.actual));
      // the actual total is what the usage was priced at, exactly
      expect(units(v.exact.actual)).toBe(usage.cost);
      // and the numbers agree with the exact figures to the cent
      expect(Math.round(v.difference * 100)).toBe(Math.round(Number(v.exact.difference) * 100));
    }), { numRuns: 150 });
  });
});
