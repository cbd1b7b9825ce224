import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadCatalogFile } from '../../src/io/catalog-file.js';
import { scenarioSchema, type ScenarioInput } from '../../src/core/scenario/schema.js';
import { estimateScenario } from '../../src/core/estimate/calc.js';
import type { Catalog } from '../../src/core/catalog/catalog.js';
import type { ModelEntry, TierRates } from '../../src/core/catalog/schema.js';
import { diffCatalogs } from '../../src/core/catalog/diff.js';
import { diffReport, diffScenario } from '../../src/core/diff/diff.js';
import { detectAnomalies, DEFAULT_DETECTOR_OPTIONS } from '../../src/core/anomaly/detect.js';
import type { DailySeries } from '../../src/core/anomaly/types.js';
import { dayList, weekly } from '../helpers/anomaly-bills.js';
import { SEED_CATALOG } from '../helpers/cli.js';

/**
 * Issue #15, missing properties: estimate cost is linear in requests and days and monotone in
 * tokens and prices; diff(a, a) is zero; the anomaly detector flags the same days when every
 * cost is scaled by k, and nothing on a flat bill. Fixed seeds: a failure is replayable.
 */
const catalog = loadCatalogFile(SEED_CATALOG);
const MODELS = ['openai/gpt-4o', 'openai/gpt-4o-mini', 'openai/gpt-3.5-turbo', 'anthropic/claude-3-5-sonnet'];

function estimate(input: ScenarioInput, c: Catalog = catalog) {
  const r = estimateScenario({ scenario: scenarioSchema.parse(input), catalog: c, name: 't' });
  expect(r.issues).toEqual([]);
  return r.estimate;
}

const model = fc.constantFrom(...MODELS);
const rate = fc.integer({ min: 0, max: 100 }).map((p) => p / 100);
/** a scenario's shape: its model, tokens and strategies (traffic and days come apart) */
const shape = fc.record({
  input: fc.integer({ min: 1, max: 20_000 }),
  output: fc.integer({ min: 0, max: 20_000 }),
  baseline: model,
  prompt: fc.option(rate, { nil: undefined }),
  cheap: fc.option(fc.record({ model, share: fc.integer({ min: 0, max: 100 }) }), { nil: undefined }),
  batch: fc.option(rate, { nil: undefined }),
  cache: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
});
type Shape = typeof shape extends fc.Arbitrary<infer T> ? T : never;

function scenario(g: Shape, requestsPerDay: number, days = 30, tokens: { input?: number; output?: number } = {}): ScenarioInput {
  const mix = g.cheap && g.cheap.model !== g.baseline ? [{ model: g.cheap.model, share: `${g.cheap.share}%` }, { model: g.baseline, share: `${100 - g.cheap.share}%` }] : undefined;
  return {
    days_per_month: days,
    workload: { requests_per_day: requestsPerDay, input_tokens: tokens.input ?? g.input, output_tokens: tokens.output ?? g.output },
    baseline: { model: g.baseline },
    strategies: {
      ...(g.prompt !== undefined ? { prompt: { input_token_reduction: g.prompt } } : {}),
      ...(g.cache !== undefined ? { cache: { exact: { hit_rate: `${g.cache}%`, cost_per_hit: 0.0001 } } } : {}),
      ...(mix ? { routing: { mix } } : {}),
      ...(g.batch !== undefined ? { batch: { share: g.batch } } : {}),
    },
  };
}

const SEED = 15;

describe('estimate: linear in requests and days', () => {
  it('k times the requests costs exactly k times as much, every step (k a power of two: no rounding)', () => {
    fc.assert(
      fc.property(shape, fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 10 }), (g, r, e) => {
        const k = 2 ** e;
        const a = estimate(scenario(g, r));
        const b = estimate(scenario(g, r * k));
        a.steps.forEach((s, i) => {
          expect(b.steps[i]!.daily).toBe(s.daily * k);
          expect(b.steps[i]!.monthly).toBe(s.monthly * k);
        });
        // per request nothing changes
        expect(b.plan.perRequest).toBe(a.plan.perRequest);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('any factor k: k times the requests costs k times as much, to 1e-12', () => {
    fc.assert(
      fc.property(shape, fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 2, max: 1000 }), (g, r, k) => {
        const a = estimate(scenario(g, r));
        const b = estimate(scenario(g, r * k));
        a.steps.forEach((s, i) => expect(Math.abs(b.steps[i]!.monthly - s.monthly * k)).toBeLessThanOrEqual(1e-12 * s.monthly * k));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('a month of d days costs d days: monthly = daily x d, and the daily cost does not depend on d', () => {
    fc.assert(
      fc.property(shape, fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 31 }), fc.integer({ min: 1, max: 31 }), (g, r, d1, d2) => {
        const a = estimate(scenario(g, r, d1));
        const b = estimate(scenario(g, r, d2));
        a.steps.forEach((s, i) => {
          expect(b.steps[i]!.daily).toBe(s.daily);
          expect(Math.abs(s.monthly - s.daily * d1)).toBeLessThanOrEqual(1e-12 * s.monthly);
          expect(Math.abs(b.steps[i]!.monthly * d1 - s.monthly * d2)).toBeLessThanOrEqual(1e-12 * s.monthly * d2);
        });
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe('estimate: monotone in tokens and prices', () => {
  it('more input or output tokens never cost less, every step', () => {
    fc.assert(
      fc.property(shape, fc.integer({ min: 0, max: 50_000 }), fc.integer({ min: 0, max: 50_000 }), (g, moreIn, moreOut) => {
        const a = estimate(scenario(g, 100_000));
        const b = estimate(scenario(g, 100_000, 30, { input: g.input + moreIn, output: g.output + moreOut }));
        a.steps.forEach((s, i) => expect(b.steps[i]!.daily).toBeGreaterThanOrEqual(s.daily * (1 - 1e-12)));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  /** The catalog with every rate of one model multiplied by f. */
  function dearer(id: string, f: number): Catalog {
    const mul = <V>(v: V): V | number => (typeof v === 'number' ? v * f : v);
    const scale = <T extends TierRates>(o: T): T => ({ ...o, input: mul(o.input), output: mul(o.output), cache_read: mul(o.cache_read), cache_write: mul(o.cache_write), cache_write_1h: mul(o.cache_write_1h) });
    const models = catalog.models.map((m): ModelEntry =>
      m.id !== id
        ? m
        : {
            ...scale(m),
            ...(m.batch ? { batch: scale(m.batch) } : {}),
            ...(m.flex ? { flex: scale(m.flex) } : {}),
            ...(m.priority ? { priority: scale(m.priority) } : {}),
            long_context: m.long_context.map(scale),
          },
    );
    return { ...catalog, models };
  }

  it('a dearer model never makes any step cheaper', () => {
    // the copy is dearer: gpt-4o at twice its rates, 1,000 requests of 500 + 200 tokens:
    // 1000 x (500 x 2.50 + 200 x 10.00) / 1M = $3.25 a day, then $6.50
    const w = { requests_per_day: 1000, input_tokens: 500, output_tokens: 200 };
    expect(estimate({ workload: w, baseline: { model: 'openai/gpt-4o' } }).plan.daily).toBeCloseTo(3.25, 12);
    expect(estimate({ workload: w, baseline: { model: 'openai/gpt-4o' } }, dearer('openai/gpt-4o', 2)).plan.daily).toBeCloseTo(6.5, 12);
    fc.assert(
      fc.property(shape, model, fc.double({ min: 1, max: 10, noNaN: true }), (g, id, f) => {
        const a = estimate(scenario(g, 100_000));
        const b = estimate(scenario(g, 100_000), dearer(id, f));
        a.steps.forEach((s, i) => expect(b.steps[i]!.daily).toBeGreaterThanOrEqual(s.daily * (1 - 1e-12)));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('diff(a, a) is zero', () => {
  it('an estimate against itself: no change, all of it nothing, every step', () => {
    fc.assert(
      fc.property(shape, fc.integer({ min: 1, max: 10_000_000 }), (g, r) => {
        const e = estimate(scenario(g, r));
        const d = diffScenario({ base: { estimate: e, source: 'a.yaml' }, head: { estimate: e, source: 'a.yaml' } });
        expect(d.status).toBe('unchanged');
        expect([d.changeMonthly, d.priceChange, d.assumptionChange]).toEqual([0, 0, 0]);
        expect(d.changePercent === 0 || d.changePercent === null).toBe(true);
        expect(d.perRequest.change).toBe(0);
        for (const s of d.steps) expect([s.changeMonthly, s.priceChange, s.assumptionChange, s.absentIn]).toEqual([0, 0, 0, undefined]);
        const report = diffReport([{ base: { estimate: e, source: 'a.yaml' }, head: { estimate: e, source: 'a.yaml' } }]);
        expect(report.changeMonthly).toBe(0);
        expect(report.summary).toEqual({ changed: 0, unchanged: 1, added: 0, removed: 0 });
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('a catalog against itself (or a dearer copy against itself) has no rate change', () => {
    fc.assert(
      fc.property(model, fc.double({ min: 1, max: 10, noNaN: true }), (id, f) => {
        expect(diffCatalogs(catalog, catalog)).toEqual([]);
        const c = { ...catalog, models: catalog.models.map((m) => (m.id === id ? { ...m, input: typeof m.input === 'number' ? m.input * f : m.input } : m)) };
        expect(diffCatalogs(c, c)).toEqual([]);
      }),
      { seed: SEED, numRuns: 50 },
    );
  });
});

describe('anomaly detector', () => {
  const detect = (series: DailySeries[], minImpact = DEFAULT_DETECTOR_OPTIONS.minImpact) =>
    detectAnomalies({ days: dayList(series[0]!.cost.length), currency: 'USD', series, nonUsage: [], lastDayComplete: true }, { ...DEFAULT_DETECTOR_OPTIONS, minImpact });
  const flagged = (series: DailySeries[], minImpact?: number) =>
    detect(series, minImpact).anomalies.map((a) => `${a.date} ${a.series} ${a.kind}`);

  /** a weekly bill of two services with spikes (day, factor) on service A */
  const bill = fc.record({
    days: fc.integer({ min: 28, max: 120 }),
    spikes: fc.array(fc.record({ at: fc.integer({ min: 0, max: 119 }), factor: fc.double({ min: 0.2, max: 6, noNaN: true }) }), { maxLength: 4 }),
  });
  function series(b: { days: number; spikes: { at: number; factor: number }[] }, k = 1): DailySeries[] {
    const a = weekly(b.days);
    for (const s of b.spikes) if (s.at < b.days) a[s.at]! *= s.factor;
    const m = weekly(b.days, 200, 200);
    const A = a.map((v) => v * k);
    const M = m.map((v) => v * k);
    return [
      { key: 'total', cost: A.map((v, i) => v + M[i]!) },
      { key: 'service:A', parent: 'total', cost: A },
      { key: 'service:M', parent: 'total', cost: M },
    ];
  }

  it('flags the same days when every cost (and the $ floor) is scaled by k', () => {
    // not a vacuous comparison of empty lists: a fivefold day on A is flagged at any scale
    const spiked = { days: 70, spikes: [{ at: 50, factor: 5 }] };
    expect(flagged(series(spiked))).toContain('2024-02-20 service:A spike');
    expect(flagged(series(spiked, 1000), DEFAULT_DETECTOR_OPTIONS.minImpact * 1000)).toEqual(flagged(series(spiked)));
    fc.assert(
      fc.property(bill, fc.double({ min: 1e-3, max: 1e6, noNaN: true }), (b, k) => {
        const min = DEFAULT_DETECTOR_OPTIONS.minImpact;
        expect(flagged(series(b, k), min * k)).toEqual(flagged(series(b), min));
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('flags nothing on a flat bill, at any level and length', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1e7, noNaN: true }), fc.integer({ min: 2, max: 400 }), fc.integer({ min: 1, max: 5 }), (level, n, services) => {
        const parts = Array.from({ length: services }, (_, i) => ({ key: `service:S${i}`, parent: 'total', cost: Array.from({ length: n }, () => level) }));
        const s: DailySeries[] = [{ key: 'total', cost: Array.from({ length: n }, () => level * services) }, ...parts];
        expect(flagged(s)).toEqual([]);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});
