import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { apiMonthlyAt, breakEvenTokensPerHour, computeBreakeven, perMillionCurve, selfHostedMonthlyAt, unitCapacityPerHour, type BreakevenInput } from '../../src/core/breakeven/calc.js';
import { normaliseModel, parseFlags, pickThroughputRow, resolveBreakeven, type BreakevenFlags } from '../../src/core/breakeven/resolve.js';
import { fitGpus, memoryNeed } from '../../src/core/sizing/fit.js';
import { InputError } from '../../src/core/errors.js';
import { parseWith } from '../../src/io/validate.js';
import { loadYamlFile } from '../../src/io/yaml.js';
import { catalogSchema } from '../../src/core/catalog/schema.js';
import { SEED_CATALOG } from '../helpers/cli.js';

const seed = parseWith(catalogSchema, loadYamlFile(SEED_CATALOG));

/** SPEC §3.2: $1.50/h, 3,000 tokens/s, API $0.60/1M. */
const spec: BreakevenInput = { unitHourly: 1.5, gpusPerUnit: 1, minUnits: 1, unitTokensPerSecond: 3000, utilization: 1, opsMonthly: 0, apiPerMillion: 0.6, daysPerMonth: 30 };

function resolve(f: BreakevenFlags) {
  const { parsed, diagnostics } = parseFlags(f);
  if (diagnostics.length) throw new InputError(diagnostics);
  return resolveBreakeven(f, parsed, seed);
}

function inputErrorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('self-hosted vs API (SPEC §3.2 example, worked by hand)', () => {
  const r = computeBreakeven(spec);
  test('capacity: 3,000 tokens/s x 3,600 s = 10.8M tokens/hour', () => {
    expect(r.selfHosted.capacityTokensPerHour).toBe(10_800_000);
  });
  test('cost per 1M at full load: $1.50 / 10.8 = $0.1389', () => {
    expect(r.selfHosted.perMillionTokens).toBeCloseTo(0.138889, 6);
    expect(Number(r.selfHosted.perMillionTokens.toFixed(4))).toBe(0.1389);
  });
  test('break-even: $1.50/h / $0.60 per 1M = 2.5M tokens/hour = 60M/day = 1.8B per 720-hour month', () => {
    expect(r.breakEven.tokensPerHour).toBeCloseTo(2_500_000, 6);
    expect(r.breakEven.tokensPerDay).toBeCloseTo(60_000_000, 4);
    expect(r.breakEven.tokensPerMonth).toBeCloseTo(1_800_000_000, 2);
    expect(r.hoursPerMonth).toBe(720);
    expect(r.breakEven.gpus).toBe(1);
    expect(r.breakEven.requestsPerDay).toBeNull();
  });
  test('fleet: one always-on GPU costs $1.50 x 720 = $1,080 per month', () => {
    expect(r.selfHosted.monthly).toBeCloseTo(1080, 9);
    expect(r.api.perMillionTokens).toBe(0.6);
  });
  test('the table steps the GPU count past 10.8M tokens/hour and names the winner', () => {
    const at = (v: number) => r.table.find((row) => Math.abs(row.tokensPerHour - v) < 1e-3)!;
    expect(at(2_500_000).breakEven).toBe(true);
    expect(at(2_500_000).winner).toBe('tie');
    expect(at(1_250_000).winner).toBe('api');
    expect(at(1_250_000).apiMonthly).toBeCloseTo(540, 6); // 1.25M x 720 h x $0.60/1M
    expect(at(5_000_000).winner).toBe('self-hosted');
    expect(at(10_800_000).gpus).toBe(1);
    expect(at(16_200_000).gpus).toBe(2);
    expect(at(16_200_000).selfHostedMonthly).toBeCloseTo(2160, 6);
    expect(at(32_400_000).gpus).toBe(3);
  });
  test('requests/day when tokens per request are known: 60M / 700 = 85,714.29', () => {
    expect(computeBreakeven({ ...spec, tokensPerRequest: 700 }).breakEven.requestsPerDay).toBeCloseTo(85_714.2857, 3);
  });
});

describe('utilization, ops and capacity steps (hand-worked)', () => {
  test('50% utilization halves usable capacity and doubles the cost per 1M, not the break-even', () => {
    const r = computeBreakeven({ ...spec, utilization: 0.5 });
    expect(r.selfHosted.capacityTokensPerHour).toBe(5_400_000);
    expect(r.selfHosted.perMillionTokens).toBeCloseTo(0.277778, 6);
    expect(r.breakEven.tokensPerHour).toBeCloseTo(2_500_000, 6);
  });
  test('ops $1,080/month doubles the fixed cost: break-even 5M tokens/hour', () => {
    const r = computeBreakeven({ ...spec, opsMonthly: 1080 });
    expect(r.breakEven.tokensPerHour).toBeCloseTo(5_000_000, 6);
    expect(r.selfHosted.monthly).toBeCloseTo(2160, 9);
    expect(r.selfHosted.perMillionTokensGpuOnly).toBeCloseTo(0.138889, 6);
  });
  test('ops $10,000/month: the break-even needs 3 GPUs (30.65M tokens/hour)', () => {
    // per hour: ops 10000/720 = 13.8889; per GPU margin 10.8M x 0.6/1M - 1.5 = 4.98;
    // n = ceil(13.8889 / 4.98) = 3; break-even = (3 x 1.5 + 13.8889) / 0.6e-6 = 30,648,148
    const r = computeBreakeven({ ...spec, opsMonthly: 10_000 });
    expect(r.breakEven.gpus).toBe(3);
    expect(r.breakEven.tokensPerHour).toBeCloseTo((3 * 1.5 + 10_000 / 720) / 0.6e-6, 3);
    expect(selfHostedMonthlyAt({ ...spec, opsMonthly: 10_000 }, r.breakEven.tokensPerHour!)).toBeCloseTo(13_240, 6);
  });
  test('past the break-even the API wins again just after GPU steps (80% load, $500 ops, API $0.2786)', () => {
    // C = 3000 x 3600 x 0.8 = 8.64M/h; p = 195/700 per 1M; o = 500/720 per hour
    const i: BreakevenInput = { ...spec, utilization: 0.8, opsMonthly: 500, apiPerMillion: 195 / 700 };
    const p = 195 / 700 / 1e6;
    const o = 500 / 720;
    const r = computeBreakeven(i);
    expect(r.breakEven.tokensPerHour).toBeCloseTo((1.5 + o) / p, 3); // 7.88M
    expect(r.breakEven.apiCheaperRanges.map((x) => [x.fromTokensPerHour, x.toTokensPerHour, x.gpus])).toEqual([
      [8_640_000, expect.closeTo((3 + o) / p, 3), 2], // 8.64M-13.26M: a second GPU costs more than the API
      [17_280_000, expect.closeTo((4.5 + o) / p, 3), 3], // 17.28M-18.65M
    ]);
    expect(r.breakEven.selfHostedCheaperAbove).toBeCloseTo((4.5 + o) / p, 3);
    expect(computeBreakeven(spec).breakEven.selfHostedCheaperAbove).toBeCloseTo(2_500_000, 6);
    expect(computeBreakeven(spec).breakEven.apiCheaperRanges).toEqual([]);
  });
  test('an API cheaper than full-load self-hosting never breaks even', () => {
    const r = computeBreakeven({ ...spec, apiPerMillion: 0.1 });
    expect(r.breakEven.tokensPerHour).toBeNull();
    expect(r.breakEven.reason).toContain('cheaper than self-hosting even at full load');
    expect(r.table.every((row) => row.winner === 'api')).toBe(true);
  });
  test('the never-breaks-even reason shows rounded prices and the load they are at', () => {
    // 1.5 / (3,000 x 3,600 x 50% / 1M) = $0.2778 per 1M at the 50% ceiling; the API is 1/7 = $0.142857...
    const r = computeBreakeven({ ...spec, utilization: 0.5, apiPerMillion: 1 / 7 });
    expect(r.breakEven.reason).toBe('the API ($0.1429/1M) is cheaper than self-hosting even at 50% load (the utilization ceiling) ($0.2778/1M for the GPUs alone)');
  });
  test('--gpus 2 starts with two GPUs: $2,160/month, 21.6M tokens/hour, break-even 5M', () => {
    const r = computeBreakeven({ ...spec, minUnits: 2 });
    expect(r.selfHosted.capacityTokensPerHour).toBe(21_600_000);
    expect(r.breakEven.tokensPerHour).toBeCloseTo(5_000_000, 6);
  });
});

describe('cost per 1M tokens against volume (the HTML chart, hand-worked)', () => {
  test('SPEC §3.2: falls while the GPU fills, jumps up at each added GPU, drawn from 625k to 32.4M tokens/hour', () => {
    // break-even 2.5M; the table runs from 0.25 x 2.5M = 625k to 3 x 10.8M = 32.4M tokens/hour;
    // one GPU serves up to 10.8M (3,000 x 3,600), so 1, 2 then 3 GPUs, 24 points each
    const c = computeBreakeven(spec).perMillionCurve;
    expect(c.apiPerMillion).toBe(0.6);
    expect(c.tokensPerHour).toHaveLength(72);
    expect(c.tokensPerHour[0]).toBe(625_000);
    expect(c.tokensPerHour[71]).toBe(32_400_000);
    const at = (v: number) => c.tokensPerHour.flatMap((x, k) => (Math.abs(x - v) < 1e-6 ? [c.selfHostedPerMillion[k]!] : []));
    // $1.50/h over 625k tokens/hour = $2.40 per 1M; $1.50 / 10.8M = $0.138889
    expect(at(625_000)).toEqual([expect.closeTo(2.4, 9)]);
    // at 10.8M: one full GPU $1.50/10.8M, then two GPUs $3.00/10.8M = $0.277778 (the jump, one volume twice)
    expect(at(10_800_000)).toEqual([expect.closeTo(1.5 / 10.8, 9), expect.closeTo(3 / 10.8, 9)]);
    expect(at(21_600_000)).toEqual([expect.closeTo(3 / 21.6, 9), expect.closeTo(4.5 / 21.6, 9)]);
    expect(at(32_400_000)).toEqual([expect.closeTo(4.5 / 32.4, 9)]);
    // where the self-hosted line meets the API's $0.60: 2.5M tokens/hour, the break-even
    const k = c.tokensPerHour.findIndex((x, j) => c.selfHostedPerMillion[j]! <= 0.6);
    expect(c.tokensPerHour[k - 1]!).toBeLessThan(2_500_000);
    expect(c.tokensPerHour[k]!).toBeGreaterThanOrEqual(2_500_000);
  });
  test('every point but the second of a step is the monthly cost over the month\'s tokens; volumes ascend', () => {
    const i: BreakevenInput = { ...spec, utilization: 0.8, opsMonthly: 500, apiPerMillion: 195 / 700 };
    const c = computeBreakeven(i).perMillionCurve;
    for (let k = 0; k < c.tokensPerHour.length; k++) {
      const v = c.tokensPerHour[k]!;
      if (k > 0) expect(v).toBeGreaterThanOrEqual(c.tokensPerHour[k - 1]!);
      if (k > 0 && v === c.tokensPerHour[k - 1]) continue;
      expect(c.selfHostedPerMillion[k]).toBeCloseTo(selfHostedMonthlyAt(i, v) / ((v * 720) / 1e6), 9);
    }
  });
  test('--gpus 2: the starting fleet serves every volume up to 21.6M, so no step before it', () => {
    const c = perMillionCurve({ ...spec, minUnits: 2 }, 1_000_000, 30_000_000, 40);
    // units 2 then 3: 20 points each; $3.00/h over 1M tokens/hour = $3.00 per 1M
    expect(c.tokensPerHour).toHaveLength(40);
    expect(c.selfHostedPerMillion[0]).toBeCloseTo(3, 9);
    expect(c.tokensPerHour[19]).toBeCloseTo(21_600_000, 6);
    expect(c.tokensPerHour[20]).toBeCloseTo(21_600_000, 6);
    expect(c.selfHostedPerMillion[20]).toBeCloseTo(4.5 / 21.6, 9);
  });
  test('no range, no points', () => {
    expect(perMillionCurve(spec, 0, 1e6).tokensPerHour).toEqual([]);
    expect(perMillionCurve(spec, 2e6, 1e6).tokensPerHour).toEqual([]);
  });
});

describe('properties', () => {
  const input = fc.record({
    unitHourly: fc.double({ min: 0.05, max: 100, noNaN: true }),
    gpusPerUnit: fc.integer({ min: 1, max: 8 }),
    minUnits: fc.integer({ min: 1, max: 4 }),
    unitTokensPerSecond: fc.double({ min: 10, max: 100_000, noNaN: true }),
    utilization: fc.double({ min: 0.01, max: 1, noNaN: true }),
    opsMonthly: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 50_000, noNaN: true })),
    apiPerMillion: fc.double({ min: 0.01, max: 100, noNaN: true }),
    daysPerMonth: fc.integer({ min: 28, max: 31 }),
  });

  test('more volume never makes self-hosting dearer per token below capacity', () => {
    fc.assert(
      fc.property(input, fc.double({ min: 0.001, max: 1, noNaN: true }), fc.double({ min: 0.001, max: 1, noNaN: true }), (i, a, b) => {
        const cap = unitCapacityPerHour(i) * i.minUnits;
        const [lo, hi] = a < b ? [a * cap, b * cap] : [b * cap, a * cap];
        const perToken = (v: number) => selfHostedMonthlyAt(i, v) / v;
        return perToken(hi) <= perToken(lo) * (1 + 1e-12);
      }),
    );
  });

  test('at the break-even volume both sides cost the same; just below it the API is cheaper', () => {
    fc.assert(
      fc.property(input, (i) => {
        const be = breakEvenTokensPerHour(i);
        if (!be) {
          // never: the API is cheaper per token than a fully used GPU
          return i.apiPerMillion / 1e6 * unitCapacityPerHour(i) <= i.unitHourly + (i.opsMonthly ? 1e-9 * i.unitHourly + i.opsMonthly : 0);
        }
        const s = selfHostedMonthlyAt(i, be.tokensPerHour);
        const a = apiMonthlyAt(i, be.tokensPerHour);
        const below = be.tokensPerHour * (1 - 1e-6);
        return Math.abs(s - a) <= 1e-9 * Math.max(s, a) && apiMonthlyAt(i, below) <= selfHostedMonthlyAt(i, below);
      }),
    );
  });
});

describe('properties (cheaper for good)', () => {
  test('above selfHostedCheaperAbove self-hosting is never dearer than the API', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        fc.double({ min: 100, max: 10_000, noNaN: true }),
        fc.double({ min: 0.1, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 20_000, noNaN: true }),
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        fc.double({ min: 1, max: 20, noNaN: true }),
        (unitHourly, tps, utilization, opsMonthly, apiPerMillion, f) => {
          const i: BreakevenInput = { ...spec, unitHourly, unitTokensPerSecond: tps, utilization, opsMonthly, apiPerMillion };
          const r = computeBreakeven(i);
          const good = r.breakEven.selfHostedCheaperAbove;
          // only inputs where self-hosting wins above some volume say anything here
          fc.pre(good !== null);
          const v = good * f;
          return selfHostedMonthlyAt(i, v) <= apiMonthlyAt(i, v) * (1 + 1e-9);
        },
      ),
    );
  });
});

describe('flags and catalog lookups', () => {
  test('--api-model blends input and output by tokens per request: (500 x 0.15 + 200 x 0.60) / 700', () => {
    const r = resolve({ apiModel: 'openai/gpt-4o-mini', inputTokens: '500', outputTokens: '200', gpuHourly: '1.50', throughput: '3000' });
    expect(r.input.apiPerMillion).toBeCloseTo(195 / 700, 12);
    expect(r.input.tokensPerRequest).toBe(700);
  });
  test('--input-share 70% blends 0.7 x 0.15 + 0.3 x 0.60 = 0.285', () => {
    const r = resolve({ apiModel: 'gpt-4o-mini', inputShare: '70%', gpuHourly: '1.50', throughput: '3000' });
    expect(r.input.apiPerMillion).toBeCloseTo(0.285, 12);
  });
  test('--gpu with --model finds the A10G benchmark row (3,000 tokens/s) and says which', () => {
    const r = resolve({ gpu: 'test/gpu-1.50', model: 'llama-3.1-8b', apiPrice: '0.60' });
    expect(r.input.unitHourly).toBe(1.5);
    expect(r.input.unitTokensPerSecond).toBe(3000);
    expect(r.provenance.throughput).toMatchObject({ source: 'catalog', row: { id: 'llama-3.1-8b@a10g/vllm/fp16/max', gpu: 'A10G' } });
    const be = computeBreakeven(r.input);
    expect(be.breakEven.tokensPerHour).toBeCloseTo(2_500_000, 6);
  });
  test('a 4-GPU instance serves 4 x 3,000 tokens/s for $5.00/h: break-even 8.33M tokens/hour', () => {
    const r = resolve({ gpu: 'test/4xa10g', model: 'meta-llama/Llama-3.1-8B-Instruct', apiPrice: '0.60' });
    expect(r.input.gpusPerUnit).toBe(4);
    expect(r.input.unitTokensPerSecond).toBe(12_000);
    const be = computeBreakeven(r.input);
    expect(be.selfHosted.perMillionTokens).toBeCloseTo(5 / 43.2, 9);
    expect(be.breakEven.tokensPerHour).toBeCloseTo(5 / 0.6e-6, 3);
  });
  test('several rows: the most conservative is used unless --throughput-row names one', () => {
    const r = resolve({ gpu: 'test/a100-80gb', model: 'llama-3.1-8b', apiPrice: '0.60' });
    expect(r.input.unitTokensPerSecond).toBe(2000);
    const t = r.provenance.throughput;
    expect(t.source === 'catalog' && t.alternatives.join()).toContain('llama-3.1-8b@a100-80gb/vllm/fp16/fast');
    const fast = resolve({ gpu: 'test/a100-80gb', model: 'llama-3.1-8b', throughputRow: 'llama-3.1-8b@a100-80gb/vllm/fp16/fast', apiPrice: '0.60' });
    expect(fast.input.unitTokensPerSecond).toBe(5000);
  });
  test('a model measured on 2 GPUs starts the fleet at 2 GPUs', () => {
    const r = resolve({ gpu: 'test/a100-80gb', model: 'llama-3.1-70b', apiPrice: '3.00' });
    expect(r.input.minUnits).toBe(2);
    expect(r.input.unitTokensPerSecond).toBe(600);
    const be = computeBreakeven(r.input);
    expect(be.selfHosted.hourly).toBe(6);
    expect(be.selfHosted.capacityTokensPerHour).toBe(2 * 600 * 3600);
  });
  test('--gpu-hourly with --model takes the GPU from the only rows there are, with a note', () => {
    const r = resolve({ gpuHourly: '1.50', model: 'llama-3.1-70b', apiPrice: '3' });
    expect(r.notes.join()).toContain('taken from the only throughput rows');
  });
  test('model names compare without provider, meta- and -instruct', () => {
    expect(normaliseModel('meta-llama/Llama-3.1-8B-Instruct')).toBe('llama-3.1-8b');
    expect(normaliseModel('meta-llama/Meta-Llama-3-8B-Instruct')).toBe('llama-3-8b');
    expect(normaliseModel('mistralai/Mistral-7B-Instruct-v0.3')).toBe('mistral-7b');
  });
});

describe('bad flags: exit 2 naming the flag', () => {
  const flagsOf = (e: InputError) => e.diagnostics.map((d) => d.path);
  test.each([
    [{ utilization: '0' }, '--utilization', 'above 0% and at most 100%'],
    [{ utilization: '120%' }, '--utilization', 'above 0% and at most 100%'],
    [{ utilization: '-5%' }, '--utilization', 'above 0% and at most 100%'],
    [{ throughput: '0' }, '--throughput', 'tokens per second > 0'],
    [{ gpuHourly: 'abc' }, '--gpu-hourly', 'expected a number'],
    [{ gpus: '1.5' }, '--gpus', 'whole number'],
    [{ apiPrice: '-1' }, '--api-price', '>= 0'],
    [{ precision: 'int3' }, '--precision', 'expected one of'],
    [{ inputShare: '150%' }, '--input-share', 'between 0% and 100%'],
    [{ apiPrice: '1', apiModel: 'openai/gpt-4o' }, '--api-price', 'not both'],
    [{ throughput: '1', model: 'x' }, '--throughput', 'not both'],
  ] as [BreakevenFlags, string, string][])('%o', (f, flag, text) => {
    const { diagnostics } = parseFlags(f);
    expect(diagnostics.map((d) => d.path)).toContain(flag);
    expect(diagnostics.find((d) => d.path === flag)!.message).toContain(text);
  });
  test('an unknown instance: --gpu with did you mean', () => {
    const e = inputErrorOf(() => resolve({ gpu: 'aws/g4dn.xlarg', throughput: '3000', apiPrice: '0.6' }));
    expect(flagsOf(e)).toEqual(['--gpu']);
    expect(e.message).toContain('did you mean "aws/g4dn.xlarge"');
  });
  test('an unknown API model: --api-model with did you mean', () => {
    const e = inputErrorOf(() => resolve({ apiModel: 'openai/gpt4o-mini', inputShare: '50%', gpuHourly: '1', throughput: '3000' }));
    expect(flagsOf(e)).toEqual(['--api-model']);
    expect(e.message).toContain('did you mean');
  });
  test('a GPU without a throughput row for the model says which rows exist', () => {
    const e = inputErrorOf(() => resolve({ gpu: 'aws/g4dn.xlarge', model: 'llama-3.1-8b', apiPrice: '0.6' }));
    expect(flagsOf(e)).toEqual(['--model']);
    expect(e.message).toContain('no throughput row for llama-3.1-8b on T4');
    expect(e.message).toContain('llama-3.1-8b@a10g/vllm/fp16/max (A10G');
    expect(e.message).toContain('llama-3.1-8b@a100-80gb/vllm/fp16/c16');
  });
  test('a model with no rows at all lists the models that have rows', () => {
    const e = inputErrorOf(() => resolve({ gpu: 'test/gpu-1.50', model: 'qwen-2.5-7b', apiPrice: '0.6' }));
    expect(e.message).toContain('no throughput rows for "qwen-2.5-7b"');
    expect(e.message).toContain('meta-llama/Llama-3.1-8B-Instruct');
  });
  test('--api-model without a token mix', () => {
    const e = inputErrorOf(() => resolve({ apiModel: 'openai/gpt-4o', gpuHourly: '1', throughput: '1' }));
    expect(flagsOf(e)).toEqual(['--api-model']);
    expect(e.message).toContain('--input-tokens N --output-tokens N');
  });
  test('--model on an instance without a GPU asks for --throughput', () => {
    const e = inputErrorOf(() => resolve({ gpu: 'aws/c5.2xlarge', model: 'llama-3.1-8b', apiPrice: '0.6' }));
    expect(flagsOf(e)).toEqual(['--model']);
    expect(e.message).toContain('aws/c5.2xlarge has no GPU');
  });
  test('an instance without a price is unknown, not $0', () => {
    const e = inputErrorOf(() => resolve({ gpu: 'test/no-price-gpu', throughput: '1000', apiPrice: '1' }));
    expect(e.message).toContain('no on-demand price');
  });
});

describe('right-sizing', () => {
  test('8B at fp16: 16 GB weights + 20% = 19.2 GB; T4 16 GB is too small, A10G 24 GB fits with 4.8 GB idle', () => {
    const r = fitGpus(seed, memoryNeed(8, 'fp16'));
    expect(r.need.weightsGb).toBe(16);
    expect(r.need.neededGb).toBeCloseTo(19.2, 9);
    expect(r.fits.map((f) => f.instance)).not.toContain('aws/g4dn.xlarge');
    const a10g = r.fits.find((f) => f.instance === 'test/gpu-1.50')!;
    expect(a10g.idleGb).toBeCloseTo(4.8, 9);
    expect(a10g.idlePercent).toBeCloseTo(20, 9);
    // cheapest first
    expect(r.fits.map((f) => f.hourly)).toEqual([...r.fits.map((f) => f.hourly)].sort((a, b) => a - b));
    expect(r.unpriced).toContain('test/no-price-gpu');
  });
  test('8B at int4: 4 GB + 20% = 4.8 GB fits the $0.526 T4, cheapest', () => {
    const r = fitGpus(seed, memoryNeed(8, 'int4'));
    expect(r.fits[0]!.instance).toBe('aws/g4dn.xlarge');
    expect(r.fits[0]!.idleGb).toBeCloseTo(11.2, 9);
  });
  test('70B at fp16 (168 GB) fits nothing; at int8 (84 GB) only pooled multi-GPU memory, cheapest first', () => {
    const r = fitGpus(seed, memoryNeed(70, 'fp16'));
    expect(r.need.neededGb).toBeCloseTo(168, 9);
    expect(r.fits).toEqual([]);
    const int8 = fitGpus(seed, memoryNeed(70, 'int8')); // 84 GB
    // 4 x A10G = 96 GB at $5.00/h, then 2 x A100-80GB = 160 GB at $6.00/h
    expect(int8.fits.map((f) => f.instance)).toEqual(['test/4xa10g', 'test/2xa100-80gb']);
    expect(int8.fits.every((f) => f.split)).toBe(true);
    expect(int8.fits[0]!.idleGb).toBeCloseTo(12, 9);
  });
  test('seed 002: a model needing 15 GB leaves the 16 GB T4 6.25% idle', () => {
    const r = fitGpus(seed, memoryNeed(7.5, 'fp16', 0));
    expect(r.fits.find((f) => f.instance === 'aws/g4dn.xlarge')!.idlePercent).toBeCloseTo(6.25, 9);
  });
});

describe('throughput row picking', () => {
  test('several GPUs for the model without a GPU given asks for one', () => {
    const r = pickThroughputRow(seed, 'llama-3.1-8b', undefined, undefined, undefined);
    expect('error' in r && r.flag).toBe('--gpu-model');
  });
});
