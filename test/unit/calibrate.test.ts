import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { calibrateFiles } from '../../src/io/calibrate.js';
import { loadScenarioText } from '../../src/io/scenario.js';
import { varianceFiles } from '../../src/io/variance.js';
import type { Estimate } from '../../src/core/calibrate/calibrate.js';
import { percentShares } from '../../src/core/calibrate/scenario-text.js';
import { generateRequestLog, type GenWorkload } from '../helpers/usage-generator.js';
import { FIXTURES } from '../helpers/cli.js';

/**
 * calibrate on request logs generated (seeded) from known workloads: an exact log gives back
 * each input exactly; a noisy one (weekday profile, trend, random model and token draws) gives
 * intervals that hold each true input.
 */
const CATALOG = join(FIXTURES, 'variance', 'prices.yaml');
const dir = mkdtempSync(join(tmpdir(), 'costopt-calibrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TRUTH: GenWorkload = {
  from: '2026-01-01', days: 59, requestsPerDay: 1000, mode: 'exact', seed: 20261206,
  mix: [{ model: 'test/large', share: 0.2 }, { model: 'test/small', share: 0.3 }, { model: 'test/mini', share: 0.5 }],
  inputTokens: 1000, outputTokens: 200, spread: 300, prefix: { tokens: 600, hitRate: 0.75 },
};
let n = 0;
function log(w: Partial<GenWorkload>): string {
  const f = join(dir, `usage-${++n}.csv`);
  writeFileSync(f, generateRequestLog({ ...TRUTH, ...w }));
  return f;
}
const holds = (e: Estimate, truth: number) => expect([e.low <= truth, truth <= e.high, e.low, e.high]).toEqual([true, true, e.low, e.high]);

describe('calibrate recovers the workload a log was generated from', () => {
  it('exact log: every input back exactly, the budget of the last full month', async () => {
    const { report } = await calibrateFiles([log({})], { cwd: dir, catalog: CATALOG });
    const c = report.calibration;
    expect(c.period).toEqual({ from: '2026-01-01', to: '2026-02-28', days: 59 });
    expect(c.requestsPerDay).toEqual({ value: 1000, low: 1000, high: 1000, n: 59 });
    expect(c.inputTokens.value).toBeCloseTo(1000, 9);
    expect(c.outputTokens.value).toBeCloseTo(200, 9);
    expect(c.models.map((m) => [m.model, m.sharePercent.value])).toEqual([['test/mini', 50], ['test/small', 30], ['test/large', 20]]);
    for (const m of c.models) {
      expect(m.inputTokens.value).toBeCloseTo(1000, 9);
      expect(m.outputTokens.value).toBeCloseTo(200, 9);
      holds(m.inputTokens, 1000);
      // tokens drawn 0..300 either side of the mean: the middle of the distribution is near it
      expect(Math.abs(m.distribution.input.p50 - 1000)).toBeLessThan(60);
      expect(m.distribution.input.p10).toBeLessThan(m.distribution.input.p90);
    }
    expect(c.promptCache?.hitRatePercent.value).toBe(75);
    expect(c.promptCache?.prefixTokens).toEqual({ value: 600, low: 600, high: 600, n: 44250 });
    // February 2026 (28 days) x $1.0395 a day, worked out by hand in variance.test.ts
    expect(c.budget).toEqual({ month: '2026-02', days: 28, monthly: 29.106, lowerBound: false });
    expect(c.weekday?.every((w) => w.multiplier === 1)).toBe(true);
    expect(c.trendPercentPer30Days?.value).toBe(0);
  });

  it('noisy log (weekday profile, +3% a month trend, random models and tokens): each true input within its 99% interval', async () => {
    const weekday = [1.1, 1.15, 1.15, 1.1, 1.0, 0.75, 0.75];
    const { report } = await calibrateFiles([log({ mode: 'noisy', days: 56, weekday, trendPerDay: 0.001, seed: 7 })], { cwd: dir, catalog: CATALOG });
    const c = report.calibration;
    holds(c.requestsPerDay, 1000);
    holds(c.trendPercentPer30Days!, 3);
    holds(c.inputTokens, 1000);
    holds(c.outputTokens, 200);
    for (const t of TRUTH.mix) {
      const m = c.models.find((x) => x.model === t.model)!;
      holds(m.sharePercent, t.share * 100);
      holds(m.inputTokens, 1000);
      holds(m.outputTokens, 200);
    }
    holds(c.promptCache!.hitRatePercent, 75);
    holds(c.promptCache!.prefixTokens, 600);
    // the profile is recovered to within a few percent (8 of each weekday)
    c.weekday!.forEach((w, i) => expect(Math.abs(w.multiplier - weekday[i]!)).toBeLessThan(0.06));
  });

  it('writes a commented scenario that loads, and variance of it against the same usage is 0 in every part', async () => {
    const usage = log({});
    const out = join(dir, 'calibrated.yaml');
    const { report, yaml } = await calibrateFiles([usage], { cwd: dir, catalog: CATALOG, out, name: 'observed' });
    expect(report.written).toBe(out);
    expect(readFileSync(out, 'utf8')).toBe(yaml);
    expect(yaml).toContain('# mean requests per day over 2026-01-01..2026-02-28 (59 days); exact over 59');
    expect(yaml).toContain('- { model: "test/large", share: 20% }');
    const loaded = await loadScenarioText(yaml, out);
    expect(loaded.scenario.workload).toEqual({ requests_per_day: 1000, input_tokens: 1000, output_tokens: 200 });
    expect(loaded.scenario.strategies.prompt_cache).toEqual({ prefix_tokens: 600, hit_rate: 0.75 });
    expect(loaded.scenario.budget).toEqual({ monthly: 29.11 });
    const v = await varianceFiles(out, [usage], { cwd: dir, catalog: CATALOG });
    expect(v.variance.parts.every((p) => p.amount === 0)).toBe(true);
    expect(v.variance.planned).toBe(v.variance.actual);
    // 31 days of January and 28 of February at $1.0395 a day
    expect(v.variance.actual).toBe(61.3305);
  });

  it('--out refuses to replace a file without --force, and writes nothing when the usage is bad', async () => {
    const out = join(dir, 'kept.yaml');
    writeFileSync(out, 'mine\n');
    await expect(calibrateFiles([log({})], { cwd: dir, catalog: CATALOG, out })).rejects.toThrow(/file exists; not overwritten/);
    expect(readFileSync(out, 'utf8')).toBe('mine\n');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'timestamp,model,input_tokens,output_tokens\n2026-01-01T00:00:00Z,test/large,100,10\n2026-01-01T00:00:01Z,test/large,ten,10\n');
    const fresh = join(dir, 'fresh.yaml');
    await expect(calibrateFiles([bad], { cwd: dir, catalog: CATALOG, out: fresh })).rejects.toThrow(/bad\.csv:3:1/);
    expect(existsSync(fresh)).toBe(false);
  });

  it('--against: the scenario field by field, an assumption outside its interval flagged', async () => {
    const plan = join(dir, 'plan.yaml');
    // the scenario's catalog: prices the usage when --catalog is not given (as variance does)
    writeFileSync(plan, `version: 1
catalog: ${JSON.stringify(CATALOG)}
workload: { requests_per_day: 1200, input_tokens: 1000, output_tokens: 200 }
baseline: { model: test/large }
strategies:
  routing: { mix: [ { model: test/large, share: 20% }, { model: test/small, share: 30% }, { model: test/mini, share: 50% } ] }
  prompt_cache: { prefix_tokens: 600, hit_rate: 75% }
budget: { monthly: 25 }
`);
    const { report } = await calibrateFiles([log({})], { cwd: dir, against: plan });
    expect(report.calibration.unpricedRequests).toBe(0);
    const f = Object.fromEntries(report.comparison!.fields.map((x) => [x.field, x.status]));
    expect(f).toEqual({
      'workload.requests_per_day': 'outside',
      'workload.input_tokens': 'within',
      'workload.output_tokens': 'within',
      'strategies.routing.mix[test/large].share': 'within',
      'strategies.routing.mix[test/small].share': 'within',
      'strategies.routing.mix[test/mini].share': 'within',
      'strategies.prompt_cache.hit_rate': 'within',
      'strategies.prompt_cache.prefix_tokens': 'within',
      'budget.monthly': 'outside',
    });
    expect(report.comparison!.outside).toBe(2);
  });

  it('a short log: no weekday profile, no budget (no full calendar month), each said in the file', async () => {
    const { report, yaml } = await calibrateFiles([log({ from: '2026-01-10', days: 5 })], { cwd: dir, catalog: CATALOG });
    const c = report.calibration;
    expect(c.weekday).toBeNull();
    expect(c.budget).toBeNull();
    expect(c.notes).toEqual([
      'only 5 day(s) of usage: no weekday profile, and requests per day may not be typical',
      'the usage covers no calendar month from its first to its last day: no budget inferred',
    ]);
    expect(yaml).toContain('# budget: the usage covers no full calendar month');
    await loadScenarioText(yaml, 'short.yaml');
  });

  it('--out into a folder that does not exist, or onto a folder, is exit 2 naming it', async () => {
    await expect(calibrateFiles([log({ days: 2 })], { cwd: dir, catalog: CATALOG, out: 'no/such/dir/x.yaml' })).rejects.toThrow(/no\/such\/dir\/x\.yaml.*no folder/);
    await expect(calibrateFiles([log({ days: 2 })], { cwd: dir, catalog: CATALOG, out: '.', force: true })).rejects.toThrow(/is a folder/);
  });

  it('shares are written to sum to exactly 100%', () => {
    expect(percentShares([1 / 3, 1 / 3, 1 / 3])).toEqual(['33.34%', '33.33%', '33.33%']);
    expect(percentShares([0.2, 0.3, 0.5])).toEqual(['20%', '30%', '50%']);
  });
});
