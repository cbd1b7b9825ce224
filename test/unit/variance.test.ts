import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { varianceFiles, type VarianceResult } from '../../src/io/variance.js';
import { generateRequestLog, type GenWorkload, planYaml } from '../helpers/usage-generator.js';
import { FIXTURES } from '../helpers/cli.js';

/**
 * variance on request logs generated (seeded) from a known workload. Expected figures are
 * worked out by hand from the scenario's numbers and the test catalog's rates
 * (test/fixtures/variance/prices.yaml), never copied from program output.
 *
 * Per call, with 1000 input tokens of which a 600-token prefix is read on 75% of calls and
 * written on 25% (450 read + 150 written on average, 400 uncached), and 200 output tokens:
 *   test/large  400 x 2.50 + 450 x 0.25 + 150 x 3.00 + 200 x 10.00 = 3562.5 per 1M -> x 200 calls
 *   test/small  400 x 0.50 + 450 x 0.05 + 150 x 0.60 + 200 x 1.50  =  612.5       -> x 300 calls
 *   test/mini   400 x 0.20 + 450 x 0.02 + 150 x 0.25 + 200 x 0.80  =  286.5       -> x 500 calls
 * A day: (712500 + 183750 + 143250) / 1e6 = $1.0395; 28 days: $29.106.
 */
const CATALOG = join(FIXTURES, 'variance', 'prices.yaml');
const dir = mkdtempSync(join(tmpdir(), 'costopt-variance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PLAN = planYaml(CATALOG);
const BASE: GenWorkload = {
  from: '2026-02-01', days: 28, requestsPerDay: 1000, mode: 'exact', seed: 17,
  mix: [{ model: 'test/large', share: 0.2 }, { model: 'test/small', share: 0.3 }, { model: 'test/mini', share: 0.5 }],
  inputTokens: 1000, outputTokens: 200, spread: 300, prefix: { tokens: 600, hitRate: 0.75 },
};

let n = 0;
async function run(w: Partial<GenWorkload>, opts: { plan?: string; asOf?: string } = {}): Promise<VarianceResult> {
  const id = ++n;
  const scenario = join(dir, `plan-${id}.yaml`);
  const log = join(dir, `usage-${id}.csv`);
  writeFileSync(scenario, opts.plan ?? PLAN);
  writeFileSync(log, generateRequestLog({ ...BASE, ...w }));
  return varianceFiles(scenario, [log], { cwd: dir, asOf: opts.asOf });
}

const part = (r: VarianceResult, effect: string) => r.variance.parts.find((p) => p.effect === effect)!.amount;
const EFFECTS = ['volume', 'mix', 'input_tokens', 'output_tokens', 'caching', 'batch', 'price'];
function onlyIn(r: VarianceResult, effect: string, amount: number): void {
  expect(r.variance.parts.map((p) => p.effect)).toEqual(EFFECTS);
  for (const e of EFFECTS) expect([e, part(r, e)]).toEqual([e, e === effect ? amount : 0]);
  expect(r.variance.difference).toBe(amount);
}

describe('variance of a plan against usage generated from it', () => {
  it('is 0 in every part when the usage is the plan', async () => {
    const r = await run({});
    expect(r.period).toEqual({ from: '2026-02-01', to: '2026-02-28', days: 28 });
    expect(r.variance.planned).toBe(29.106);
    expect(r.variance.actual).toBe(29.106);
    onlyIn(r, 'none', 0);
    expect(r.planPrices.asOf).toBe('2026-02-01');
  });

  it('traffic +20%: the whole difference is volume, 20% of the plan', async () => {
    const r = await run({ requestsPerDay: 1200 });
    // 29.106 x 0.2
    onlyIn(r, 'volume', 5.8212);
    expect(r.variance.actual).toBe(34.9272);
  });

  it('a model swapped (test/mini -> test/alt at the same share): the whole difference is mix', async () => {
    const r = await run({ mix: [{ model: 'test/large', share: 0.2 }, { model: 'test/small', share: 0.3 }, { model: 'test/alt', share: 0.5 }] });
    // test/alt per call: 400 x 1.00 + 450 x 0.10 + 150 x 1.25 + 200 x 4.00 = 1432.5 per 1M
    // (1432.5 - 286.5) x 500 calls x 28 days / 1e6
    onlyIn(r, 'mix', 16.044);
    const mini = r.variance.models.find((m) => m.model === 'test/mini')!;
    const alt = r.variance.models.find((m) => m.model === 'test/alt')!;
    expect(mini.parts.find((p) => p.effect === 'mix')!.amount).toBe(-4.011); // 286.5 x 14000 / 1e6
    expect(alt.parts.find((p) => p.effect === 'mix')!.amount).toBe(20.055); // 1432.5 x 14000 / 1e6
    expect(alt.planned).toBe(0);
  });

  it('longer answers (200 -> 260 output tokens): the whole difference is output_tokens', async () => {
    const r = await run({ outputTokens: 260 });
    // 60 more tokens x (200 x 10.00 + 300 x 1.50 + 500 x 0.80) per 1M per day, x 28 days
    onlyIn(r, 'output_tokens', 4.788);
  });

  it('longer prompts (1000 -> 1100 input tokens, same cached prefix): the whole difference is input_tokens', async () => {
    const r = await run({ inputTokens: 1100 });
    // 100 more uncached tokens x (200 x 2.50 + 300 x 0.50 + 500 x 0.20) per 1M per day, x 28
    onlyIn(r, 'input_tokens', 2.1);
  });

  it('a price change (test/large cut on 2026-03-01, plan priced on 2026-02-15): the whole difference is price', async () => {
    const r = await run({ from: '2026-03-01' }, { asOf: '2026-02-15' });
    // test/large per call after the cut: 400 x 2.00 + 450 x 0.20 + 150 x 2.50 + 200 x 8.00 = 2865
    // (2865 - 3562.5) x 200 calls x 28 days / 1e6
    onlyIn(r, 'price', -3.906);
  });

  it('a lower cache hit rate (75% -> 50%): the whole difference is caching', async () => {
    const r = await run({ prefix: { tokens: 600, hitRate: 0.5 } });
    // 150 tokens per call move from a read to a write: 150 x (cache_write - cache_read)
    // large 150 x 2.75 x 200 + small 150 x 0.55 x 300 + mini 150 x 0.23 x 500, per 1M per day, x 28
    onlyIn(r, 'caching', 3.486); // (82500 + 24750 + 17250) / 1e6 x 28
  });

  it('a planned batch share the usage does not show: the whole difference is batch', async () => {
    const plan = PLAN.replace('  prompt_cache:', '  batch: { share: 50%, models: [test/large] }\n  prompt_cache:');
    const r = await run({}, { plan });
    // planned test/large: half its calls at batch rates, uncached: 1000 x 1.25 + 200 x 5.00 = 2250 per 1M
    // the usage has none batched: 0.5 x (3562.5 - 2250) x 200 calls x 28 days / 1e6
    onlyIn(r, 'batch', 3.675);
    expect(r.variance.planned).toBe(29.106 - 3.675);
  });

  /** A mapping for a spend log (ts, model, prompt, completion, spend) whose costs are in `currency`. */
  const spendMap = (name: string, currency: string) => {
    const map = join(dir, name);
    writeFileSync(map, `format: spend-log\nlabel: spend log\ncolumns: { start: ts, model: model, billed: spend }\ntokens: { input: prompt, output: completion }\ndates: { format: iso }\ncurrency: ${currency}\n`);
    return map;
  };
  /** A plan of 2 requests a day, 1000 in / 200 out, all on test/large. */
  const largePlan = (name: string) => {
    const scenario = join(dir, name);
    writeFileSync(scenario, `version: 1\ncatalog: ${JSON.stringify(CATALOG)}\nworkload: { requests_per_day: 2, input_tokens: 1000, output_tokens: 200 }\nbaseline: { model: test/large }\n`);
    return scenario;
  };

  it('usage that states its own costs (a --map export, bare model names): names meet the plan\'s ids, the stated cost is the actual', async () => {
    const map = spendMap('spend-map.yaml', 'USD');
    const spend = join(dir, 'spend.csv');
    // 1000 in + 200 out on test/large at plan rates: 1000 x 2.50 + 200 x 10.00 = 4500 per 1M = $0.0045; the export says $0.005
    writeFileSync(spend, 'ts,model,prompt,completion,spend\n2026-02-01T01:00:00Z,large,1000,200,0.005\n2026-02-01T02:00:00Z,large,1000,200,0.005\n');
    const scenario = largePlan('one-model.yaml');
    const r = await varianceFiles(scenario, [spend], { cwd: dir, mapFile: map });
    expect(r.variance.models.map((m) => m.model)).toEqual(['test/large']);
    expect(r.variance.planned).toBe(0.009);
    // 2 x (0.005 - 0.0045)
    onlyIn(r, 'price', 0.001);
  });

  it('usage in another currency is exit 2 at its row, never summed with USD prices', async () => {
    const map = spendMap('eur-map.yaml', 'EUR');
    const spend = join(dir, 'spend-eur.csv');
    writeFileSync(spend, 'ts,model,prompt,completion,spend\n2026-02-01T01:00:00Z,large,1000,200,0.005\n');
    const scenario = largePlan('eur-plan.yaml');
    await expect(varianceFiles(scenario, [spend], { cwd: dir, mapFile: map })).rejects.toThrow(/spend-eur\.csv:2:1 .*usage in EUR/);
  });

  it('several changes at once: the parts add up exactly to the difference, per model and in total', async () => {
    const r = await run({ requestsPerDay: 1200, outputTokens: 230, from: '2026-03-01', mix: [{ model: 'test/large', share: 0.25 }, { model: 'test/small', share: 0.25 }, { model: 'test/alt', share: 0.5 }] }, { asOf: '2026-02-15' });
    const cents = (x: number) => Math.round(x * 1e12);
    expect(r.variance.parts.reduce((s, p) => s + cents(p.amount), 0)).toBe(cents(r.variance.actual) - cents(r.variance.planned));
    for (const m of r.variance.models) expect(m.parts.reduce((s, p) => s + cents(p.amount), 0)).toBe(cents(m.actual) - cents(m.planned));
    expect(r.variance.models.reduce((s, m) => s + cents(m.difference), 0)).toBe(cents(r.variance.difference));
    for (const e of ['volume', 'mix', 'output_tokens', 'price']) expect(part(r, e)).not.toBe(0);
  });
});
