import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rng, streamFor } from '../../src/core/uncertainty/rng.js';
import { betaCdf, betaQuantile, normalQuantile } from '../../src/core/uncertainty/special.js';
import { median, parseDistribution, quantile, type Distribution } from '../../src/core/uncertainty/distributions.js';
import { extractUncertainty } from '../../src/core/uncertainty/extract.js';
import { cholesky } from '../../src/core/uncertainty/correlate.js';

describe('seeded PRNG (xoshiro128** seeded by splitmix32)', () => {
  it('gives the same stream for the same seed and a different one for another seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 5 }, () => a.nextU32());
    expect(Array.from({ length: 5 }, () => b.nextU32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.nextU32())).not.toEqual(xs);
  });
  it('draws uniforms strictly inside (0, 1) with mean 1/2 and variance 1/12 within Monte Carlo error', () => {
    const r = streamFor(7, 'x');
    const n = 100_000;
    let s = 0;
    let s2 = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      if (!(u > 0 && u < 1)) outside++;
      s += u;
      s2 += u * u;
    }
    expect(outside).toBe(0);
    const mean = s / n;
    // SE of the mean of U(0,1): sqrt(1/12 / n) = 0.000913; 4 SE
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    // SE of the mean of U^2 (var 4/45): sqrt(4/45/n) = 0.000943; variance = E[U^2] - mean^2
    expect(Math.abs(s2 / n - 1 / 3)).toBeLessThan(4 * Math.sqrt(4 / 45 / n));
  });
});

describe('inverse CDFs', () => {
  it('normal quantile (Wichura AS 241) at known points', () => {
    // tabulated standard normal quantiles
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.9)).toBeCloseTo(1.2815515655446004, 14);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167814, 13);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 11);
  });
  it('beta: the CDF at the quantile is the probability; Beta(1,1) is uniform; Beta(2,2) has a closed form', () => {
    for (const [a, b] of [[2, 5], [0.5, 0.5], [30, 70], [1.3, 8]] as const) {
      for (const p of [0.01, 0.1, 0.5, 0.9, 0.99]) expect(betaCdf(betaQuantile(p, a, b), a, b)).toBeCloseTo(p, 10);
    }
    expect(betaQuantile(0.37, 1, 1)).toBeCloseTo(0.37, 12);
    // Beta(2,2): F(x) = 3x^2 - 2x^3; F(0.25) = 0.1875 - 0.03125 = 0.15625
    expect(betaCdf(0.25, 2, 2)).toBeCloseTo(0.15625, 12);
  });
  it('a beta with a tiny sd (a + b over 1e6) is drawn as a normal, quickly', () => {
    const d = parseDistribution({ beta: { mean: '40%', sd: '0.0001%' } }, ['x'], 'share').dist!;
    // sd 1e-6: P90 = 0.4 + 1.2816e-6
    expect(quantile(d, 0.9)).toBeCloseTo(0.4 + 1.2815515655446004e-6, 12);
    expect(median(d)).toBeCloseTo(0.4, 12);
  });
  it('lognormal through p10/p90 returns p10 and p90 at 10% and 90%, and their geometric mean at 50%', () => {
    const d = parseDistribution({ p10: '800k', p90: '1.5M' }, ['x'], 'nonNegative').dist!;
    expect(quantile(d, 0.1)).toBeCloseTo(800_000, 6);
    expect(quantile(d, 0.9)).toBeCloseTo(1_500_000, 6);
    // sqrt(800k x 1.5M) = sqrt(1.2e12) = 1,095,445.115...
    expect(median(d)).toBeCloseTo(1_095_445.115, 2);
  });
  it('triangular [0, 0, 1]: median 1 - sqrt(1/2); [0, 1, 1]: sqrt(1/2)', () => {
    expect(median(parseDistribution({ triangular: [0, 0, 1] }, ['x'], 'nonNegative').dist!)).toBeCloseTo(1 - Math.SQRT1_2, 14);
    expect(median(parseDistribution({ triangular: [0, 1, 1] }, ['x'], 'nonNegative').dist!)).toBeCloseTo(Math.SQRT1_2, 14);
  });
  it('every distribution: quantiles never decrease in u (fast-check)', () => {
    const dist = fc.oneof(
      fc.tuple(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true })).map(([a, b]): Distribution => ({ kind: 'uniform', min: Math.min(a, b), max: Math.max(a, b) })),
      fc.tuple(fc.double({ min: 1, max: 1e6, noNaN: true }), fc.double({ min: 1, max: 10, noNaN: true })).map(([a, k]) => parseDistribution({ p10: a, p90: a * k }, ['x'], 'nonNegative').dist!),
      fc.tuple(fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.double({ min: 0.01, max: 0.9, noNaN: true })).map(([m, f]) => parseDistribution({ beta: { mean: m, sd: f * Math.sqrt(m * (1 - m)) } }, ['x'], 'share').dist!),
    );
    fc.assert(
      fc.property(dist, fc.double({ min: 1e-9, max: 1 - 1e-9, noNaN: true }), fc.double({ min: 1e-9, max: 1 - 1e-9, noNaN: true }), (d, u1, u2) => {
        const [a, b] = u1 <= u2 ? [u1, u2] : [u2, u1];
        expect(quantile(d, a)).toBeLessThanOrEqual(quantile(d, b) * (1 + 1e-12) + 1e-12);
      }),
      { numRuns: 300 },
    );
  });
});

describe('distributions in a scenario: parsed, checked, medians in place', () => {
  const scenario = (workload: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    version: 1,
    workload: { requests_per_day: '1M', input_tokens: 500, output_tokens: 200, ...workload },
    baseline: { model: 'openai/gpt-4o' },
    ...extra,
  });
  const messages = (data: unknown) => extractUncertainty(data).issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`);

  it('replaces each distribution by its median and lists it with its number syntax read', () => {
    const r = extractUncertainty(scenario({ requests_per_day: { range: ['800k', '1.2M'] } }, { strategies: { cache: { exact: { hit_rate: { triangular: ['10%', '30%', '50%'] } } } } }));
    expect(r.issues).toEqual([]);
    expect(r.uncertainty.inputs.map((i) => [i.name, i.kind, i.median])).toEqual([
      ['workload.requests_per_day', 'nonNegative', 1_000_000],
      ['strategies.cache.exact.hit_rate', 'share', 0.3],
    ]);
    expect((r.data as { workload: { requests_per_day: number } }).workload.requests_per_day).toBe(1_000_000);
  });
  it('refuses impossible distributions, each at its own sub-field', () => {
    expect(messages(scenario({ requests_per_day: { p10: '1.5M', p90: '800k' } }))).toEqual(['workload.requests_per_day.p10: p10 ("1.5M") is above p90 ("800k")']);
    expect(messages(scenario({}, { strategies: { cache: { exact: { hit_rate: { beta: { mean: '30%', sd: '50%' } } } } } }))[0]).toMatch(/^strategies\.cache\.exact\.hit_rate\.beta\.sd: sd 50% is too large for a beta with mean 30%/);
    expect(messages(scenario({}, { strategies: { cache: { exact: { hit_rate: { range: ['-10%', '20%'] } } } } }))[0]).toMatch(/hit_rate\.range: this share can leave 0-100%/);
    expect(messages(scenario({}, { strategies: { cache: { exact: { hit_rate: { p10: '10%', p90: '20%' } } } } }))[0]).toMatch(/a share can leave 0-100%/);
    expect(messages(scenario({}, { strategies: { cache: { exact: { hit_rate: { normal: { mean: '30%', sd: '5%' } } } } } }))[0]).toMatch(/this share can leave 0-100%; use \{ beta/);
    expect(messages(scenario({ input_tokens: { normal: { mean: 100, sd: 50 } } }))[0]).toMatch(/cannot be negative/);
    expect(messages(scenario({ input_tokens: { beta: { mean: 0.3, sd: 0.1 } } }))[0]).toMatch(/a beta is for shares/);
    expect(messages(scenario({ input_tokens: { p10: 100 } }))[0]).toMatch(/give both p10 and p90/);
    expect(messages(scenario({ input_tokens: { range: [1, 2], normal: { mean: 1, sd: 0 } } }))[0]).toMatch(/give one distribution/);
    expect(messages(scenario({ input_tokens: { range: ['=2*3', 10] } }))[0]).toMatch(/not "=expressions"/);
    expect(messages(scenario({ input_tokens: { triangular: [1, 5, 3] } }))[0]).toMatch(/min <= mode <= max/);
  });
  it('a routing mix of betas whose means sum to 100% prices medians scaled to sum to 100%', () => {
    const r = extractUncertainty(scenario({}, { strategies: { routing: { mix: [
      { model: 'a/b', share: { beta: { mean: '60%', sd: '10%' } } },
      { model: 'a/c', share: { beta: { mean: '30%', sd: '10%' } } },
      { model: 'a/d', share: '10%' },
    ] } } }));
    expect(r.issues).toEqual([]);
    const mix = (r.data as { strategies: { routing: { mix: { share: number }[] } } }).strategies.routing.mix.map((m) => m.share);
    // a beta's median is not its mean (60% -> ~60.7%, 30% -> ~28.9%): scaled, they sum to 100%
    expect(mix.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const [m0, m1] = r.uncertainty.inputs.map((i) => i.median);
    expect(mix[0]).toBeCloseTo(m0! / (m0! + m1! + 0.1), 12);
    expect(mix[2]).toBeCloseTo(0.1 / (m0! + m1! + 0.1), 12);
  });
  it('task names that happen to be distribution keys are task names', () => {
    const r = extractUncertainty(scenario({ task_mix: { normal: '100%' } }));
    expect(r.issues).toEqual([]);
    expect(r.uncertainty.inputs).toEqual([]);
  });
  it('correlations: names resolved (a var by its name), a non-PSD matrix refused', () => {
    const three = { vars: { a: { range: [1, 2] }, b: { range: [1, 2] }, c: { range: [1, 2] } } };
    const ok = extractUncertainty({ ...scenario({}), ...three, correlations: [{ between: ['a', 'vars.b'], rank: 0.5 }] });
    expect(ok.issues).toEqual([]);
    expect(ok.uncertainty.correlations).toEqual([{ a: 0, b: 1, rank: 0.5 }]);
    // a~b 0.9, b~c 0.9, a~c -0.9 is impossible: det < 0
    const bad = extractUncertainty({ ...scenario({}), ...three, correlations: [{ between: ['a', 'b'], rank: 0.9 }, { between: ['b', 'c'], rank: 0.9 }, { between: ['a', 'c'], rank: -0.9 }] });
    expect(bad.issues.map((i) => i.message)).toEqual([expect.stringMatching(/not positive semi-definite/)]);
    const unknown = extractUncertainty({ ...scenario({}), ...three, correlations: [{ between: ['vars.aa', 'b'], rank: 0.5 }] });
    expect(unknown.issues[0]?.path).toEqual(['correlations', 0, 'between', 0]);
  });
  it('Cholesky accepts a singular PSD matrix (rank 1) and refuses an indefinite one', () => {
    expect(cholesky(Float64Array.from([1, 1, 1, 1]), 2)).toBeDefined();
    expect(cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toBeUndefined();
  });
});
