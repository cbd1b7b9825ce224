import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadCatalogFile } from '../../src/io/catalog-file.js';
import { scenarioSchema, type ScenarioInput } from '../../src/core/scenario/schema.js';
import { estimateScenario } from '../../src/core/estimate/calc.js';
import { SEED_CATALOG } from '../helpers/cli.js';

// Properties of the calculator (HOUSE_STYLE): priced with the seed test catalog.
const catalog = loadCatalogFile(SEED_CATALOG);
const MODELS = ['openai/gpt-4o', 'openai/gpt-4o-mini', 'openai/gpt-3.5-turbo', 'anthropic/claude-3-5-sonnet'];

function plan(input: ScenarioInput) {
  const r = estimateScenario({ scenario: scenarioSchema.parse(input), catalog, name: 't' });
  expect(r.issues).toEqual([]);
  return r.estimate;
}

const model = fc.constantFrom(...MODELS);
const tokens = fc.integer({ min: 0, max: 20_000 });
/** at least one input token: a model call with no tokens at all is a scenario error */
const inTokens = fc.integer({ min: 1, max: 20_000 });
const rate = fc.integer({ min: 0, max: 100 }).map((p) => p / 100);
/** integer weights -> shares that sum to exactly 100% in percent steps */
const shares = (n: number) =>
  fc.array(fc.integer({ min: 1, max: 100 }), { minLength: n, maxLength: n }).map((w) => {
    const total = w.reduce((a, b) => a + b, 0);
    const pcts = w.map((x) => Math.floor((x / total) * 100));
    pcts[0]! += 100 - pcts.reduce((a, b) => a + b, 0);
    return pcts.map((p) => `${p}%`);
  });

/** A random scenario with any combination of strategies. */
const scenario = fc.record({
  input: inTokens,
  output: tokens,
  baseline: model,
  prompt: fc.option(rate, { nil: undefined }),
  exact: fc.option(fc.record({ hit: fc.integer({ min: 0, max: 50 }), cost: fc.double({ min: 0, max: 0.001, noNaN: true }) }), { nil: undefined }),
  mix: fc.option(fc.tuple(fc.uniqueArray(model, { minLength: 1, maxLength: 4 })).chain(([ms]) => shares(ms.length).map((s) => ms.map((m, i) => ({ model: m, share: s[i]! })))), { nil: undefined }),
  batch: fc.option(rate, { nil: undefined }),
  prefix: fc.option(fc.record({ share: rate, hit: rate }), { nil: undefined }),
});
type Gen = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function toInput(g: Gen, requestsPerDay: number): ScenarioInput {
  return {
    workload: { requests_per_day: requestsPerDay, input_tokens: g.input, output_tokens: g.output },
    baseline: { model: g.baseline },
    strategies: {
      ...(g.prompt !== undefined ? { prompt: { input_token_reduction: g.prompt } } : {}),
      ...(g.exact ? { cache: { exact: { hit_rate: `${g.exact.hit}%`, cost_per_hit: g.exact.cost } } } : {}),
      ...(g.mix ? { routing: { mix: g.mix } } : {}),
      ...(g.batch !== undefined ? { batch: { share: g.batch } } : {}),
      ...(g.prefix && g.input > 0 ? { prompt_cache: { prefix_tokens: Math.max(1, Math.floor(g.input * g.prefix.share)), hit_rate: g.prefix.hit } } : {}),
    },
  };
}

describe('estimate properties', () => {
  it('more traffic never costs less (every step)', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 }), (g, r, extra) => {
        const a = plan(toInput(g, r));
        const b = plan(toInput(g, r + extra));
        a.steps.forEach((st, i) => expect(b.steps[i]!.daily).toBeGreaterThanOrEqual(st.daily * (1 - 1e-12)));
      }),
      { numRuns: 300 },
    );
  });

  it('a mix costs between its cheapest and its dearest handler', () => {
    fc.assert(
      fc.property(fc.uniqueArray(model, { minLength: 2, maxLength: 4 }).chain((ms) => shares(ms.length).map((s) => ms.map((m, i) => ({ model: m, share: s[i]! })))), inTokens, tokens, (mix, i, o) => {
        const w = { requests_per_day: 1000, input_tokens: i, output_tokens: o };
        const alone = mix.map((m) => plan({ workload: w, baseline: { model: m.model } }).plan.daily);
        const mixed = plan({ workload: w, baseline: { model: 'openai/gpt-4o' }, strategies: { routing: { mix } } }).plan.daily;
        expect(mixed).toBeGreaterThanOrEqual(Math.min(...alone) * (1 - 1e-12));
        expect(mixed).toBeLessThanOrEqual(Math.max(...alone) * (1 + 1e-12));
      }),
      { numRuns: 300 },
    );
  });

  it('a cascade never costs less than the same shares answered by a mix (escalations pay every tier)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(model, { minLength: 2, maxLength: 4 }).chain((ms) => shares(ms.length).map((s) => ms.map((m, i) => ({ model: m, share: s[i]! })))), inTokens, tokens, (tiers, i, o) => {
        const w = { requests_per_day: 1000, input_tokens: i, output_tokens: o };
        const cascade = tiers.map((t, k) => (k === tiers.length - 1 ? { model: t.model } : { model: t.model, handles: t.share }));
        const c = plan({ workload: w, baseline: { model: 'openai/gpt-4o' }, strategies: { routing: { cascade } } }).plan.daily;
        const m = plan({ workload: w, baseline: { model: 'openai/gpt-4o' }, strategies: { routing: { mix: tiers } } }).plan.daily;
        expect(c).toBeGreaterThanOrEqual(m * (1 - 1e-12));
      }),
      { numRuns: 200 },
    );
  });

  it('a higher hit rate never costs more when a hit is cheaper than a call', () => {
    fc.assert(
      fc.property(model, inTokens, tokens, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 1, noNaN: true }), (m, i, o, h1, h2, f) => {
        const w = { requests_per_day: 1000, input_tokens: i, output_tokens: o };
        const perCall = plan({ workload: w, baseline: { model: m } }).plan.perRequest;
        const costPerHit = perCall * f; // cheaper than (or equal to) a call
        const at = (h: number) => plan({ workload: w, baseline: { model: m }, strategies: { cache: { semantic: { hit_rate: `${h}%`, cost_per_hit: costPerHit } } } }).plan.daily;
        const [lo, hi] = h1 <= h2 ? [h1, h2] : [h2, h1];
        expect(at(hi)).toBeLessThanOrEqual(at(lo) * (1 + 1e-12) + 1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it('independent savings stack multiplicatively', () => {
    // input-only requests: fewer tokens, cache hits at no cost and routing each scale the cost by a factor
    fc.assert(
      fc.property(rate, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 10_000 }), (r, h, cheapPct, i) => {
        const w = { requests_per_day: 1000, input_tokens: i, output_tokens: 0 };
        const b = 'openai/gpt-4o';
        const mix = [{ model: 'openai/gpt-3.5-turbo', share: `${cheapPct}%` }, { model: b, share: `${100 - cheapPct}%` }];
        const baseline = plan({ workload: w, baseline: { model: b } }).plan.daily;
        const p = plan({ workload: w, baseline: { model: b }, strategies: { prompt: { input_token_reduction: r } } }).plan.daily / baseline;
        const c = plan({ workload: w, baseline: { model: b }, strategies: { cache: { exact: { hit_rate: `${h}%`, cost_per_hit: 0 } } } }).plan.daily / baseline;
        const q = plan({ workload: w, baseline: { model: b }, strategies: { routing: { mix } } }).plan.daily / baseline;
        const all = plan({ workload: w, baseline: { model: b }, strategies: { prompt: { input_token_reduction: r }, cache: { exact: { hit_rate: `${h}%`, cost_per_hit: 0 } }, routing: { mix } } });
        expect(all.plan.daily / baseline).toBeCloseTo(p * c * q, 10);
        expect(all.savings.percent).toBeCloseTo((1 - p * c * q) * 100, 8);
      }),
      { numRuns: 300 },
    );
  });

  it('each step saves what its row says: savedMonthly is the difference of consecutive steps, and they add up', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 5_000_000 }), (g, r) => {
        const e = plan(toInput(g, r));
        const total = e.steps.slice(1).reduce((a, s) => a + s.savedMonthly, 0);
        expect(total).toBeCloseTo(e.savings.monthly, 6);
        expect(e.steps[e.steps.length - 1]!.monthly).toBeCloseTo(e.plan.monthly, 9);
        for (const s of e.steps) expect(s.lines.reduce((a, l) => a + l.daily, 0)).toBeCloseTo(s.daily, 9);
      }),
      { numRuns: 200 },
    );
  });
});
