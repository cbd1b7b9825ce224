import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalogFile } from '../../src/io/catalog-file.js';
import { estimateLoaded, loadScenarioFile, loadScenarioText } from '../../src/io/scenario.js';

import { estimateScenario } from '../../src/core/estimate/calc.js';
import { laneSteps } from '../../src/core/uncertainty/vector-estimate.js';
import { simulateScenario } from '../../src/core/uncertainty/simulate.js';
import { normalQuantile } from '../../src/core/uncertainty/special.js';
import { ROOT, SEED_CATALOG } from '../helpers/cli.js';

const catalog = loadCatalogFile(SEED_CATALOG);

async function load(yaml: string) {
  const l = await loadScenarioText(yaml, 's.yaml');
  return l;
}

/** Simulate a scenario text with the seed test catalog. */
async function simulate(yaml: string, draws: number, seed = 1, quantiles?: number[]) {
  const l = await load(yaml);
  const point = estimateScenario({ scenario: l.scenario, catalog, name: 's' });
  expect(point.issues).toEqual([]);
  const r = simulateScenario({ scenario: l.scenario, catalog, uncertainty: l.uncertainty, options: { draws, seed, ...(quantiles ? { quantiles } : {}) } });
  expect(r.issues).toEqual([]);
  return { sim: r.simulation!, point: point.estimate };
}

describe('the array-wise calculator is the scalar calculator', () => {
  const files = [
    ...readdirSync(join(ROOT, 'scenarios')).map((f) => join(ROOT, 'scenarios', f)),
    ...readdirSync(join(ROOT, 'test', 'cases')).filter((d) => d.startsWith('estimate-')).map((d) => join(ROOT, 'test', 'cases', d, 'scenario.yaml')),
  ].filter((f) => f.endsWith('.yaml'));
  it.each(files)('every step of %s, bit for bit, when no input varies', async (file) => {
    const l = await loadScenarioFile(file);
    const est = await estimateLoaded(l);
    // the same catalog the estimate used: price with the scalar calculator again on it for the lanes
    const cat = est.catalog.version === catalog.meta.version && est.catalog.hash === catalog.meta.hash ? catalog : await catalogOf(l.scenario.catalog, file);
    const lanes = laneSteps(l.scenario, cat, 3, () => undefined);
    expect(lanes.issues).toEqual([]);
    expect(lanes.steps.map((s) => s.strategy)).toEqual(est.steps.map((s) => s.strategy));
    lanes.steps.forEach((s, i) => {
      for (const d of s.daily) expect(d * l.scenario.days_per_month).toBe(est.steps[i]?.monthly);
    });
  });
});

async function catalogOf(spec: string | undefined, file: string) {
  const { resolveCatalog, looksLikePath } = await import('../../src/io/catalog.js');
  const { dirname, resolve } = await import('node:path');
  if (spec && spec !== 'latest' && !/^\d{4}-\d{2}-\d{2}$/.test(spec) && (looksLikePath(spec) || /\.ya?ml$/.test(spec))) return resolveCatalog({ catalog: resolve(dirname(file), spec) });
  return resolveCatalog(spec ? { catalog: spec } : {});
}

/**
 * Closed forms at N = 100,000 draws. Tolerances are 4 standard errors of the estimator:
 * - a sample quantile at probability q has SE sqrt(q (1 - q) / N) / f(x_q), f the density there;
 * - a sample mean has SE sd / sqrt(N).
 * (4 SE: a correct implementation fails a given check with probability 6e-5; the seed is fixed,
 * so the test is deterministic, and a wrong quantile or mean is off by far more.)
 */
const N = 100_000;
const z90 = normalQuantile(0.9);

describe('Monte Carlo against closed forms (N = 100,000)', () => {
  it('monthly cost linear in a uniform input: P10/P50/P90 at 10/50/90% of the cost range', async () => {
    // flat $0.003/request, 800k..1.2M requests/day, 30 days: $72,000..$108,000 a month, range $36,000
    const { sim } = await simulate(`version: 1
workload: { requests_per_day: { range: [800k, 1.2M] }, input_tokens: 500, output_tokens: 200 }
baseline: { cost_per_request: 0.003 }
`, N);
    const range = 36_000;
    const se = (q: number) => Math.sqrt((q * (1 - q)) / N) * range; // density of a uniform: 1 / range
    expect(Math.abs((sim.monthly.p10 ?? NaN) - 75_600)).toBeLessThan(4 * se(0.1)); // 4 SE = $136.6
    expect(Math.abs((sim.monthly.p50 ?? NaN) - 90_000)).toBeLessThan(4 * se(0.5)); // 4 SE = $227.7
    expect(Math.abs((sim.monthly.p90 ?? NaN) - 104_400)).toBeLessThan(4 * se(0.9));
    expect(Math.abs(sim.monthly.mean - 90_000)).toBeLessThan(4 * (range / Math.sqrt(12 * N))); // 4 SE = $131.5
  });

  it('a cost that is the product of two independent lognormals is lognormal with the summed log-parameters', async () => {
    // requests: p10 800k, p90 1.5M; cost per request: p10 $0.002, p90 $0.004
    const { sim } = await simulate(`version: 1
workload: { requests_per_day: { p10: 800k, p90: 1.5M }, input_tokens: 500, output_tokens: 200 }
baseline: { cost_per_request: { p10: 0.002, p90: 0.004 } }
`, N, 7, [0.1, 0.5, 0.9]);
    // ln(monthly) = ln R + ln c + ln 30 ~ Normal(mu, sigma^2)
    const muR = (Math.log(800_000) + Math.log(1_500_000)) / 2;
    const sR = Math.log(1_500_000 / 800_000) / (2 * z90); // 0.24525
    const muC = (Math.log(0.002) + Math.log(0.004)) / 2;
    const sC = Math.log(2) / (2 * z90); // 0.27043
    const mu = muR + muC + Math.log(30);
    const sigma = Math.hypot(sR, sC); // 0.36508
    expect(sigma).toBeCloseTo(0.36508, 4);
    // median exp(mu) = 30 x sqrt(800k x 1.5M) x sqrt(0.002 x 0.004) = $92,951.6
    expect(Math.exp(mu)).toBeCloseTo(92_951.6, 0);
    const phi = (z: number) => Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
    // on the log scale: SE of a quantile of Normal(mu, sigma) = sigma sqrt(q(1-q)/N) / phi(z_q)
    const seLog = (q: number, z: number) => (sigma * Math.sqrt((q * (1 - q)) / N)) / phi(z);
    expect(Math.abs(Math.log(sim.monthly.p10 ?? NaN) - (mu - z90 * sigma))).toBeLessThan(4 * seLog(0.1, z90));
    expect(Math.abs(Math.log(sim.monthly.p50 ?? NaN) - mu)).toBeLessThan(4 * seLog(0.5, 0));
    expect(Math.abs(Math.log(sim.monthly.p90 ?? NaN) - (mu + z90 * sigma))).toBeLessThan(4 * seLog(0.9, z90));
    // mean exp(mu + sigma^2/2); SE = sd / sqrt(N), sd = mean sqrt(exp(sigma^2) - 1)
    const m = Math.exp(mu + (sigma * sigma) / 2);
    expect(Math.abs(sim.monthly.mean - m)).toBeLessThan((4 * m * Math.sqrt(Math.exp(sigma * sigma) - 1)) / Math.sqrt(N));
  });

  it('a beta hit rate gives the mean cost in closed form', async () => {
    // flat $0.003/request, 1M/day; exact cache hits (beta mean 30%, sd 10%) at $0.0001/hit:
    // daily = 1M x ((1 - h) x 0.003 + h x 0.0001) = 3000 - 2900 h; mean monthly = 30 x (3000 - 870) = $63,900
    const { sim } = await simulate(`version: 1
workload: { requests_per_day: 1M, input_tokens: 500, output_tokens: 200 }
baseline: { cost_per_request: 0.003 }
strategies:
  cache: { exact: { hit_rate: { beta: { mean: 30%, sd: 10% } }, cost_per_hit: 0.0001 } }
`, N, 11);
    // sd of monthly = 30 x 2900 x 0.10 = $8,700; SE of the mean = 8700 / sqrt(N) = $27.5
    expect(Math.abs(sim.monthly.mean - 63_900)).toBeLessThan(4 * (8_700 / Math.sqrt(N)));
    // the baseline does not depend on the hit rate: it is the point value in every draw
    expect(sim.steps[0]?.monthly.p10).toBe(90_000);
    expect(sim.steps[1]?.saves).toBe(1);
  });
});

describe('simulation properties', () => {
  const text = (lo: number, hi: number, hit: [number, number, number]) => `version: 1
workload: { requests_per_day: { range: [${lo}, ${hi}] }, input_tokens: { p10: 300, p90: 900 }, output_tokens: 200 }
baseline: { model: openai/gpt-4o }
strategies:
  cache: { exact: { hit_rate: { triangular: [${hit[0]}%, ${hit[1]}%, ${hit[2]}%] }, cost_per_hit: 0.0001 } }
  routing: { mix: [{ model: openai/gpt-4o-mini, share: 70% }, { model: openai/gpt-4o, share: 30% }] }
budget: { monthly: 20000 }
`;
  it('P10 <= P50 <= P90 in every step and for every seed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5_000_000 }), fc.integer({ min: 0, max: 5_000_000 }), fc.integer({ min: 0, max: 2 ** 31 }), fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 3, maxLength: 3 }), async (lo, extra, seed, h) => {
        const hit = [...h].sort((a, b) => a - b) as [number, number, number];
        const { sim } = await simulate(text(lo, lo + extra, hit), 2_000, seed);
        for (const s of [sim.monthly, sim.perRequest, ...sim.steps.map((x) => x.monthly)]) {
          expect(s.p10).toBeLessThanOrEqual(s.p50 ?? NaN);
          expect(s.p50).toBeLessThanOrEqual(s.p90 ?? NaN);
        }
      }),
      { numRuns: 25 },
    );
  });
  it('a degenerate distribution (range: [x, x]) gives the point estimate exactly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 50_000_000 }), fc.integer({ min: 0, max: 60 }), async (r, hit) => {
        const { sim, point } = await simulate(`version: 1
workload: { requests_per_day: { range: [${r}, ${r}] }, input_tokens: { triangular: [420, 420, 420] }, output_tokens: { normal: { mean: 200, sd: 0 } } }
baseline: { model: openai/gpt-4o }
strategies:
  prompt: { input_token_reduction: { range: [20%, 20%] } }
  cache: { exact: { hit_rate: { range: [${hit}%, ${hit}%] }, cost_per_hit: 0.0001 } }
  routing: { mix: [{ model: openai/gpt-4o-mini, share: { range: [70%, 70%] } }, { model: openai/gpt-4o, share: 30% }] }
  batch: { share: { beta: { mean: 40%, sd: 0 } } }
  prompt_cache: { prefix_tokens: { p10: 300, p90: 300 }, hit_rate: 90% }
`, 500);
        for (const k of ['mean', 'p10', 'p50', 'p90']) expect(sim.monthly[k]).toBe(point.plan.monthly);
        for (const k of ['mean', 'p10', 'p50', 'p90']) expect(sim.perRequest[k]).toBe(point.plan.perRequest);
        sim.steps.forEach((s, i) => expect(s.monthly.p50).toBe(point.steps[i]?.monthly));
      }),
      { numRuns: 20 },
    );
  });
  it('the same seed gives identical JSON; another seed does not', async () => {
    const t = text(800_000, 1_500_000, [10, 30, 50]);
    const a = JSON.stringify((await simulate(t, 5_000, 123)).sim);
    const b = JSON.stringify((await simulate(t, 5_000, 123)).sim);
    const c = JSON.stringify((await simulate(t, 5_000, 124)).sim);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });
  it('rank correlations are applied (Iman-Conover) without changing the inputs distributions', async () => {
    const { drawInputs } = await import('../../src/core/uncertainty/simulate.js');
    const { spearman, sorted } = await import('../../src/core/uncertainty/stats.js');
    const l = await load(`version: 1
vars: { a: { range: [0, 1] }, b: { p10: 1, p90: 10 } }
workload: { requests_per_day: 1M, input_tokens: 500, output_tokens: 200 }
baseline: { cost_per_request: 0.003 }
correlations: [{ between: [a, b], rank: -0.6 }]
`);
    const n = 20_000;
    const d = drawInputs(l.uncertainty, n, 5);
    const a = d.get('vars.a')!;
    const b = d.get('vars.b')!;
    // SE of a Spearman coefficient ~ (1 - rho^2) / sqrt(N - 1) = 0.0045; 4 SE
    expect(Math.abs(spearman(a, b) - -0.6)).toBeLessThan((4 * (1 - 0.36)) / Math.sqrt(n - 1));
    // uniform 0..1 still: its P10 within 4 SE of 0.1 (SE = sqrt(0.09 / n))
    expect(Math.abs((sorted(a)[Math.round(0.1 * (n - 1))] ?? NaN) - 0.1)).toBeLessThan(4 * Math.sqrt(0.09 / n));
  });
});


