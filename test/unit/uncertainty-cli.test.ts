import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { json, runCli } from '../helpers/cli.js';
import type { ScenarioEstimate } from '../../src/core/estimate/types.js';

// The CLI in-process (same code path as the binary) on small hand-made fixtures.
const DIR = join('test', 'fixtures', 'uncertainty');
const LINEAR = join(DIR, 'linear-traffic.yaml');
type Out = { scenarios: ScenarioEstimate[] };

describe('estimate with distributions', () => {
  it('plain estimate prices the medians and says so', async () => {
    const r = await runCli(['estimate', LINEAR, '--format', 'json']);
    const s = json<Out>(r).scenarios[0]!;
    // median of uniform 800k..1.2M = 1M requests/day x $0.003 x 30 = $90,000
    expect(s.plan.monthly).toBe(90_000);
    expect(s.assumptions.join('\n')).toMatch(/uncertain inputs at their medians .*workload\.requests_per_day = 1000000/);
  });
  it('--simulate N --seed S: JSON per scenario and step; same seed, same output', async () => {
    const args = ['estimate', LINEAR, '--simulate', '20000', '--seed', '9', '--format', 'json'];
    const a = await runCli(args);
    const b = await runCli(args);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const sim = json<Out>(a).scenarios[0]!.simulation!;
    expect(sim.draws).toBe(20_000);
    expect(sim.seed).toBe(9);
    expect(Object.keys(sim.monthly).sort()).toEqual(['mean', 'p10', 'p50', 'p90']);
    // P(monthly > 100,000) = P(R > 1,111,111) = (1.2M - 1.111M) / 0.4M = 0.2222; SE sqrt(p(1-p)/N) = 0.0029; 4 SE
    expect(Math.abs((sim.budgetBreachProbability ?? NaN) - 2 / 9)).toBeLessThan(4 * Math.sqrt(((2 / 9) * (7 / 9)) / 20_000));
    expect(sim.steps.map((s) => s.strategy)).toEqual(['baseline']);
  });
  it('--quantiles 5,50,95 reports those keys', async () => {
    const sim = json<Out>(await runCli(['estimate', LINEAR, '--simulate', '1000', '--quantiles', '5,50,95', '--format', 'json'])).scenarios[0]!.simulation!;
    expect(Object.keys(sim.monthly).sort()).toEqual(['mean', 'p5', 'p50', 'p95']);
  });
  it('the table shows the quantiles and a histogram with the budget line', async () => {
    const r = await runCli(['estimate', LINEAR, '--simulate', '2000']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Simulation: 2,000 draws, seed 1/);
    expect(r.stdout).toMatch(/│ step \(per month\)\s+│\s+mean │\s+P10 │\s+P50 │\s+P90 │ saves │/);
    expect(r.stdout).toMatch(/┼ budget \$100,000\.00\/month: \d+(\.\d)?% of draws over/);
  });
  it('a confidence budget holds P90 to the limit: over here (P90 = $104,400 > $100,000), exit 1 with --fail-on budget', async () => {
    const r = await runCli(['estimate', LINEAR, '--format', 'json', '--fail-on', 'budget']);
    expect(r.code).toBe(1);
    const b = json<Out>(r).scenarios[0]!.budget;
    expect(b.status).toBe('over');
    expect(b.confidence).toBe(0.9);
    // P90 of 10,000 draws: SE = sqrt(0.09 / 10,000) x $36,000 = $108; 4 SE
    expect(Math.abs((b.monthlyAtConfidence ?? NaN) - 104_400)).toBeLessThan(4 * 108);
  });
  it('bad distributions and flags are exit 2 at file:line:col', async () => {
    const r = await runCli(['estimate', join(DIR, 'bad-distributions.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad-distributions.yaml:3:28 error workload.requests_per_day.p10: p10 ("1.5M") is above p90 ("800k")');
    expect(r.stderr).toMatch(/bad-distributions\.yaml:9:49 error strategies\.cache\.exact\.hit_rate\.beta\.sd: sd 50% is too large/);
    expect(r.stderr).toMatch(/bad-distributions\.yaml:11:17 error correlations\[0\]\.between\[0\]: "workload\.input_tokens" is not an uncertain input/);
    // 1M draws x (1 input + 32) lanes is over the 32M bound: refused before anything is allocated
    const big = await runCli(['estimate', LINEAR, '--simulate', '1000000']);
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/linear-traffic\.yaml:1:1 error 1,000,000 draws of 1 uncertain inputs is too much to hold in memory: at most 969,696 draws/);
    for (const flags of [['--simulate', '0'], ['--simulate', 'x'], ['--simulate', '10', '--seed', '-1'], ['--simulate', '10', '--quantiles', '0,50'], ['--seed', '3']]) {
      const f = await runCli(['estimate', LINEAR, ...flags]);
      expect(f.code, flags.join(' ')).toBe(2);
    }
  });
});

describe('costopt sensitivity', () => {
  it('low/high at P10/P90 of the distribution, costs by hand', async () => {
    const r = await runCli(['sensitivity', LINEAR, '--format', 'json']);
    expect(r.code).toBe(0);
    const j = json<{ command: string; monthly: number; inputs: { path: string; low: number; high: number; costLow: number; costHigh: number; swing: number }[] }>(r);
    expect(j.command).toBe('sensitivity');
    expect(j.monthly).toBe(90_000);
    // P10 of uniform 800k..1.2M = 840k -> 840,000 x 0.003 x 30 = $75,600; P90 1.16M -> $104,400
    expect(j.inputs).toHaveLength(1);
    const i = j.inputs[0]!;
    expect(i.path).toBe('workload.requests_per_day');
    expect(i.low).toBeCloseTo(840_000, 6);
    expect(i.high).toBeCloseTo(1_160_000, 6);
    expect(i.costLow).toBeCloseTo(75_600, 6);
    expect(i.costHigh).toBeCloseTo(104_400, 6);
    expect(i.swing).toBeCloseTo(28_800, 6);
  });
  it('--all moves every number by 20%, ranked by swing; the tornado is drawn', async () => {
    const r = await runCli(['sensitivity', LINEAR, '--all'], { env: { COLUMNS: '160' } });
    expect(r.code).toBe(0);
    // requests: $28,800 swing; cost_per_request 0.003 -/+20%: 1M x 0.0006 x 2 x 30 = $36,000 swing, first
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('│ ') && !l.includes('input'));
    expect(lines[0]).toMatch(/^│ baseline\.cost_per_request .*\$36,000\.00 .*█│█/);
    expect(lines[1]).toMatch(/^│ workload\.requests_per_day .*\$28,800\.00/);
  });
  it('--simulate adds the share of variance; one input explains all of it', async () => {
    const j = json<{ inputs: { varianceShare: number }[] }>(await runCli(['sensitivity', LINEAR, '--simulate', '2000', '--format', 'json']));
    expect(j.inputs[0]?.varianceShare).toBe(1);
  });
  it('a scenario without distributions needs --all (exit 2)', async () => {
    const r = await runCli(['sensitivity', join('test', 'cases', 'estimate-routing', 'scenario.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no uncertain inputs .*--all/);
  });
});

describe('diff of simulated results', () => {
  it('diff --simulate compares the monthly quantiles and the budget odds of both sides', async () => {
    const r = await runCli(['diff', LINEAR, join(DIR, 'linear-traffic-wider.yaml'), '--simulate', '20000', '--format', 'json']);
    expect(r.code).toBe(0);
    const sim = json<{ scenarios: { simulation: { monthly: Record<string, { old: number; new: number }>; budgetBreachProbability: { old: number; new: number } } }[] }>(r).scenarios[0]!.simulation;
    // P90: 1.16M -> 1.34M requests/day x $0.09 a month each: $104,400 -> $120,600; SE of a P90 = sqrt(0.09 / 20,000) x range
    expect(Math.abs(sim.monthly.p90!.old - 104_400)).toBeLessThan(4 * Math.sqrt(0.09 / 20_000) * 36_000);
    expect(Math.abs(sim.monthly.p90!.new - 120_600)).toBeLessThan(4 * Math.sqrt(0.09 / 20_000) * 54_000);
    // over $100,000 when R > 1.111M: 2/9 of 800k..1.2M, (1.4M - 1.111M) / 0.6M = 13/27 of 800k..1.4M
    expect(Math.abs(sim.budgetBreachProbability.new - 13 / 27)).toBeLessThan(4 * Math.sqrt(((13 / 27) * (14 / 27)) / 20_000));
  });
  it('saved results of estimate --simulate diff the same way', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'costopt-sim-'));
    const save = async (f: string, name: string) => {
      const out = await runCli(['estimate', f, '--simulate', '2000', '--format', 'json']);
      writeFileSync(join(dir, name), out.stdout);
      return join(dir, name);
    };
    const r = await runCli(['diff', await save(LINEAR, 'a.json'), await save(join(DIR, 'linear-traffic-wider.yaml'), 'b.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/simulated monthly: mean \$[\d,.]+ -> \$[\d,.]+ [\s\S]*P90/);
  });
});
