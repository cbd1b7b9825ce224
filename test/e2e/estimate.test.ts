import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, ROOT, SEED_CATALOG, json, runBuilt } from '../helpers/cli.js';
import type { ScenarioEstimate } from '../../src/core/estimate/types.js';

// The built CLI, as a user runs it (npm test builds first).
const bad = (name: string) => join('test', 'fixtures', 'scenarios', 'bad', name);
const SCENARIOS = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => join('scenarios', f));
type Out = { schemaVersion: number; command: string; scenarios: ScenarioEstimate[] };

describe('bundled examples', () => {
  it.each(SCENARIOS)('%s runs, within its budget (if it has one)', (file) => {
    const r = runBuilt(['estimate', file, '--fail-on', 'budget']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/│ plan\s+│/);
    const j = json<Out>(runBuilt(['estimate', file, '--format', 'json']));
    const s = j.scenarios[0]!;
    expect(s.budget.status).not.toBe('over');
    expect(s.plan.monthly).toBeLessThanOrEqual(s.baseline.monthly);
  });

  it('scenarios/ holds the support bot, a RAG assistant, batch documents and the grading pipeline', () => {
    expect(SCENARIOS.map((f) => f.replace('scenarios/', '')).sort()).toEqual(expect.arrayContaining(['support-bot.yaml', 'rag-assistant.yaml', 'batch-documents.yaml', 'grading-pipeline.yaml']));
  });
});

describe('costopt estimate', () => {
  it('JSON has the SPEC §6 keys', () => {
    const j = json<Out>(runBuilt(['estimate', 'scenarios/support-bot.yaml', '--catalog', SEED_CATALOG, '--format', 'json']));
    expect(j.schemaVersion).toEqual(expect.any(Number));
    expect(j.command).toBe('estimate');
    const s = j.scenarios[0]!;
    expect(s.name).toBe('support-bot');
    expect(s.catalog.version).toBe('2025-01-01');
    for (const k of ['daily', 'monthly', 'perRequest'] as const) {
      expect(s.baseline[k]).toEqual(expect.any(Number));
      expect(s.plan[k]).toEqual(expect.any(Number));
    }
    expect(s.baseline.monthly).toBeCloseTo(97500, 6);
    expect(s.savings).toEqual({ monthly: expect.any(Number), percent: expect.any(Number) });
    expect(s.steps.map((x) => x.strategy)).toEqual(['baseline', 'prompt', 'cache', 'routing', 'batch', 'prompt_cache']);
    for (const st of s.steps) expect(st).toMatchObject({ strategy: expect.any(String), monthly: expect.any(Number), savedMonthly: expect.any(Number) });
    expect(s.deployments).toEqual([]);
    expect(s.budget).toMatchObject({ status: 'within', limitMonthly: 25000 });
  });

  it('--set overrides a field from the command line', () => {
    const j = json<Out>(runBuilt(['estimate', 'scenarios/support-bot.yaml', '--catalog', SEED_CATALOG, '--set', 'workload.requests_per_day=2M', '--format', 'json']));
    // twice the traffic, twice the baseline: 2 x $3,250/day
    expect(j.scenarios[0]!.baseline.daily).toBeCloseTo(6500, 6);
    expect(j.scenarios[0]!.requestsPerDay).toBe(2_000_000);
  });

  it('several files: a side-by-side table, then one table per scenario', () => {
    const r = runBuilt(['estimate', 'test/cases/estimate-routing/scenario.yaml', 'test/cases/estimate-caching/scenario.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 scenarios side by side');
    expect(r.stdout).toMatch(/seed-002-routing\s+│ 2025-01-01\s+│\s+1M\s+│\s+\$97,500\.00\s+│\s+\$21,405\.00\s+│\s+\$76,095\.00\s+│\s+78\.05%/);
    expect(r.stdout).toMatch(/seed-002-caching\s+│ 2025-01-01\s+│\s+1M\s+│\s+\$90,000\.00\s+│\s+\$47,700\.00\s+│\s+\$42,300\.00\s+│\s+47%/);
  });

  it('--breakdown adds the cost lines per handler', () => {
    const r = runBuilt(['estimate', 'test/cases/estimate-routing/scenario.yaml', '--breakdown']);
    expect(r.stdout).toContain('cost lines per day');
    // 600k requests x 500 tokens = 300M input tokens on gpt-3.5-turbo at $0.50 = $150/day
    expect(r.stdout).toMatch(/openai\/gpt-3\.5-turbo\s+│ input tokens\s+│\s+300M tokens\s+│\s+\$0\.50 per 1M tokens\s+│\s+\$150\.00\s+│\s+\$4,500\.00/);
  });

  it('markdown and csv', () => {
    const md = runBuilt(['estimate', 'test/cases/estimate-routing/scenario.yaml', '--format', 'markdown']);
    expect(md.stdout).toContain('| step | per request | per day | per month | per year | saved / month | vs baseline |');
    expect(md.stdout).toContain('| **plan** | **$0.0007135** | **$713.50** | **$21,405.00** |');
    const csv = runBuilt(['estimate', 'test/cases/estimate-routing/scenario.yaml', '--format', 'csv']);
    expect(csv.stdout).toContain('step,per_request,daily,monthly,yearly,saved_monthly,saved_vs_baseline_percent');
    expect(csv.stdout).toMatch(/^baseline,0\.00325,3250,97500,1170000,,$/m);
  });

  it('a budget: over the limit is shown; exit 0 unless --fail-on budget', () => {
    const args = ['estimate', 'test/cases/estimate-routing/scenario.yaml', '--set', 'budget.monthly=20000'];
    const r = runBuilt(args);
    expect(r.code).toBe(0);
    // $21,405 against $20,000: over by $1,405
    expect(r.stdout).toContain('Budget: OVER: $20,000.00/month limit, over by $1,405.00.');
    const j = json<Out>(runBuilt([...args, '--format', 'json']));
    expect(j.scenarios[0]!.budget).toMatchObject({ status: 'over', limitMonthly: 20000 });
    expect(j.scenarios[0]!.budget.gapMonthly).toBeCloseTo(-1405, 6);
    expect(runBuilt([...args, '--fail-on', 'budget']).code).toBe(1);
    expect(runBuilt(['estimate', 'test/cases/estimate-routing/scenario.yaml', '--set', 'budget.max_cost_per_request=0.0007', '--fail-on', 'budget']).code).toBe(1);
    expect(runBuilt(['estimate', 'test/cases/estimate-routing/scenario.yaml', '--set', 'budget.monthly=21405', '--fail-on', 'budget']).code).toBe(0);
    const none = json<Out>(runBuilt(['estimate', 'test/cases/estimate-routing/scenario.yaml', '--format', 'json']));
    expect(none.scenarios[0]!.budget).toMatchObject({ status: 'none', limitMonthly: null });
  });

  it('bad flags: exit 2', () => {
    expect(runBuilt(['estimate', 'scenarios/support-bot.yaml', '--fail-on', 'anomaly']).stderr).toContain('error --fail-on: expected budget, got "anomaly"');
    expect(runBuilt(['estimate', 'scenarios/support-bot.yaml', '--set', 'oops']).code).toBe(2);
    const missing = runBuilt(['estimate', 'nope.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yaml error cannot read file: no such file');
  });
});

describe('bad inputs: exit 2 with file:line:col', () => {
  const cases: [string, string[]][] = [
    ['unknown-key.yaml', [
      ':5:3 error workload.request_per_day: unknown key "request_per_day"; did you mean "requests_per_day"?',
      ':10:3 error strategies.cahce: unknown key "cahce"; did you mean "cache"?',
    ]],
    ['mix-shares-not-100.yaml', [':9:7 error strategies.routing.mix: shares must sum to 100%, got 95%']],
    ['no-tokens.yaml', [':6:17 error workload.input_tokens: a model answers these requests, but input_tokens and output_tokens are both 0: nothing to price']],
    ['hit-rate-over-100.yaml', [
      ':8:24 error strategies.cache.exact.hit_rate: expected a share between 0% and 100%, got "120%"',
      ':10:12 error strategies.batch.share: expected a share between 0% and 100%, got "-10%"',
    ]],
    ['zero-traffic.yaml', [':5:21 error workload.requests_per_day: expected a number > 0', ':6:17 error workload.input_tokens: expected a number >= 0']],
    ['unknown-model.yaml', [
      ':5:20 error baseline.model: unknown model "openai/gpt4o"; did you mean "openai/gpt-4o"? (catalog seed-test 2025-01-01)',
      ':10:18 error strategies.routing.mix[1].model: unknown model "openai/gpt-4o-mni"; did you mean "openai/gpt-4o-mini"? (catalog seed-test 2025-01-01)',
    ]],
    ['cascade-over-100.yaml', [':9:7 error strategies.routing.cascade: cascade shares sum to 110%, over 100%']],
    ['batch-no-batch-price.yaml', [':7:3 error strategies.batch: batch: test/no-batch has no batch price in this catalog']],
    ['expression-errors.yaml', [
      ':6:13 error vars.per_user: expression "=users * requests": unknown variable "requests"',
      ':8:21 error workload.requests_per_day: expression "=userz * 20": unknown variable "userz"; did you mean "users"?',
      ':9:17 error workload.input_tokens: expression "=import({}, {})": function "import" is not allowed',
      ':10:18 error workload.output_tokens: expression "=evaluate(\\"2+2\\")": function "evaluate" is not allowed',
    ]],
    ['many-problems.yaml', [
      ':11:51 error strategies.cache.exact.cost_per_lokup: unknown key "cost_per_lokup"; did you mean "cost_per_lookup"?',
      ':14:18 error strategies.routing.mix[0].model: unknown model "openai/gpt-35-turbo"; did you mean "openai/gpt-3.5-turbo"?',
      ':15:45 error strategies.routing.mix[1].share: expected a share (0.3 or "30%"), got "sixty"',
      ':17:12 error budget.monthly: expected a number >= 0',
    ]],
  ];
  it.each(cases)('%s', (name, expected) => {
    const file = bad(name);
    for (const cmd of ['estimate', 'validate']) {
      const r = runBuilt([cmd, file]);
      expect(r.code, `${cmd} ${name}`).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n').filter((l) => !/^\d+ errors$/.test(l) && !l.startsWith('  hint:'));
      expect(lines).toHaveLength(expected.length);
      expected.forEach((e, i) => expect(lines[i]).toContain(`${file}${e}`));
    }
  });

  it('every bad fixture has a case', () => {
    const all = readdirSync(join(FIXTURES, 'scenarios', 'bad')).sort();
    expect(all).toEqual(cases.map(([n]) => n).sort());
  });

  it('problems across several files are all reported in one run', () => {
    const r = runBuilt(['estimate', bad('unknown-model.yaml'), 'scenarios/support-bot.yaml', bad('zero-traffic.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${bad('unknown-model.yaml')}:5:20`);
    expect(r.stderr).toContain(`${bad('zero-traffic.yaml')}:5:21`);
    expect(r.stderr).toMatch(/^4 errors$/m);
  });
});

describe('deployment options in a scenario (wired to the deployment calculator)', () => {
  it('seed 003: one row per option with its monthly cost, the cheapest marked (SPEC §7)', () => {
    const file = 'test/fixtures/scenarios/seed-003-deployment.yaml';
    const j = json<Out>(runBuilt(['estimate', file, '--format', 'json']));
    const d = j.scenarios[0]!.deployments;
    // 720 h x $0.526 = $378.72; 720 h x $0.34 = $244.80; Lambda 5M x 30 x 1 GB x 0.05 s x $0.0000166667 + 150M x $0.20/1M = $125 + $30;
    // spot at 70% off: 720 x $0.102 = $73.44
    expect(d.map((x) => [x.name, x.kind, Number(x.monthly.toFixed(2)), x.cheapest])).toEqual([
      ['gpu-always-on', 'always_on', 378.72, false],
      ['cpu-always-on', 'always_on', 244.8, false],
      ['lambda', 'serverless', 155, false],
      ['spot', 'spot', 73.44, true],
    ]);
    const t = runBuilt(['estimate', file]);
    expect(t.stdout).toMatch(/Deployment options \(\* = cheapest/);
    expect(t.stdout).toMatch(/spot \*\s+│ spot/);
  });
  it('an unknown instance in a deployment option: exit 2 at its file:line:col', () => {
    const file = 'test/fixtures/scenarios/bad-deployment/unknown-instance.yaml';
    const r = runBuilt(['estimate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:8:47 error deployment.options[0].instance: unknown instance "aws/c5.2xlarg"; did you mean "aws/c5.2xlarge"?`);
  });
});
