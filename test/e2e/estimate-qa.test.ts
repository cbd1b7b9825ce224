import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { json, runBuilt, runCli, SEED_CATALOG } from '../helpers/cli.js';

/**
 * QA pass over estimate / validate / init / breakeven (as a user planning a workload).
 * Each test failed on the code before its fix; the figures are worked out by hand from the
 * seed test catalog (gpt-4o $2.50 / $10.00 per 1M tokens).
 */

describe('estimate --breakdown: token quantities read as token counts', () => {
  it('500M tokens a day, not "500 1M tokens"', async () => {
    // 1M requests/day x 500 input tokens = 500M input tokens a day; x 200 output = 200M
    const r = await runCli(['estimate', 'scenarios/support-bot.yaml', '--catalog', SEED_CATALOG, '--breakdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\d 1M tokens/);
    expect(r.stdout).toMatch(/│ input tokens +│ +500M tokens │ +\$2\.50 per 1M tokens │/);
    expect(r.stdout).toMatch(/│ output tokens +│ +200M tokens │ +\$10\.00 per 1M tokens │/);
    // routing, 10% of the 500k routed requests on gpt-4o at 350 input tokens: 17.5M tokens
    expect(r.stdout).toMatch(/│ +17\.5M tokens │ +\$2\.50 per 1M tokens │ +\$43\.75 │/);
  });

  it('the JSON keeps quantities in the line\'s unit (1M tokens) for spreadsheets', async () => {
    const r = await runCli(['estimate', 'scenarios/support-bot.yaml', '--catalog', SEED_CATALOG, '--format', 'json']);
    const line = json<{ scenarios: { steps: { lines: { quantity: number; unit: string }[] }[] }[] }>(r).scenarios[0]!.steps[0]!.lines[0]!;
    expect(line).toMatchObject({ quantity: 500, unit: '1M tokens' });
  });
});

describe('breakeven: the never-breaks-even reason writes prices as money', () => {
  it('"the API ($0.10/1M)", not "$0.1/1M"', async () => {
    // $1.50/h over 3,000 tokens/s x 3,600 = 10.8M tokens/hour: $0.1389/1M at full load, above the API's $0.10
    const r = await runCli(['breakeven', '--gpu-hourly', '1.50', '--throughput', '3000', '--api-price', '0.10', '--catalog', SEED_CATALOG]);
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('never: the API ($0.10/1M) is cheaper than self-hosting even at full load ($0.1389/1M for the GPUs alone)');
    const j = json<{ breakEven: { reason: string; tokensPerHour: null } }>(await runCli(['breakeven', '--gpu-hourly', '1.50', '--throughput', '3000', '--api-price', '0.1', '--format', 'json', '--catalog', SEED_CATALOG]));
    expect(j.breakEven.tokensPerHour).toBeNull();
    expect(j.breakEven.reason).toContain('($0.10/1M)');
  });
});

describe('estimate: the deployment options table', () => {
  it('at 80 columns, option names and kinds are whole (it broke "autoscal" / "ed" and "serverle" / "ss")', () => {
    const r = runBuilt(['estimate', 'scenarios/deployment-options.yaml'], { env: { COLUMNS: '80' } });
    expect(r.code).toBe(0);
    const table = r.stdout.slice(r.stdout.indexOf('Deployment options'), r.stdout.indexOf('Deployment notes'));
    for (const l of table.split('\n')) expect([...l].length).toBeLessThanOrEqual(80);
    expect(table).toMatch(/│ cpu-autoscaled +│ autoscaled +│/);
    expect(table).toMatch(/│ lambda +│ serverless +│/);
    expect(table).toMatch(/│ cpu-spot \* +│ spot +│/);
    // seed 003 figures stay: c5.2xlarge always-on 720 h x $0.34 = $244.80; Lambda $125.00 + $30.00
    expect(table).toContain('$244.80');
    expect(table).toContain('$155.00');
    expect(table).toMatch(/hidden to fit 80 columns/);
  });

  it('CSV: the option column holds the bare name (it wrote "cpu-spot *"), headers are keys', () => {
    const r = runBuilt(['estimate', 'scenarios/deployment-options.yaml', '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('option,kind,runs_on,instances_peak_avg,instance_hours,monthly,per_million_requests\n');
    // spot c5.2xlarge: 90% of 720 h at $0.34 x 30% = $66.096, + 5% interruption overhead on those
    // hours ($3.3048), + 10% of hours on demand (72 h x $0.34 = $24.48) = $93.8808
    expect(r.stdout).toMatch(/^cpu-spot,spot,aws\/c5\.2xlarge,1\/1,720,93\.8808,/m);
    expect(r.stdout).not.toContain(' *,');
  });
});

describe('validate: a cycle in vars names the loop', () => {
  it('"a -> b -> a", without the var that led into it (it said "through c -> a -> b")', async () => {
    const r = await runCli(['validate', 'test/fixtures/estimate-qa/vars-cycle.yaml', '--catalog', SEED_CATALOG]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('test/fixtures/estimate-qa/vars-cycle.yaml:2:25 error vars.a: vars.a refers to itself (a -> b -> a)');
    expect(r.stderr).toContain('test/fixtures/estimate-qa/vars-cycle.yaml:2:51 error vars.d: vars.d refers to itself (d -> d)');
    expect(r.stderr).toContain('2 errors');
  });
});

describe('init: batch with a model that has no batch price', () => {
  const base = ['--requests-per-day', '1M', '--input-tokens', '500', '--output-tokens', '200', '--model', 'openai/gpt-4o', '--catalog', SEED_CATALOG];
  it('batches only the priced models (it was exit 2 after every wizard question, nothing written)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'costopt-init-qa-'));
    const r = runBuilt(['init', 'x.yaml', ...base, '--route-to', 'test/no-batch', '--route-share', '60%', '--strategies', 'routing,batch', '--batch-share', '30%', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: batch limited to openai/gpt-4o: test/no-batch has no batch price');
    expect(readFileSync(join(dir, 'x.yaml'), 'utf8')).toMatch(/^ {4}models: \[openai\/gpt-4o\]/m);
    // routing: 600k x (500 x $1 + 200 x $2)/1M = $540/day on test/no-batch, 400k x $0.00325 = $1,300 on gpt-4o;
    // batch: 30% of the gpt-4o calls at half price saves $195/day: $1,645/day = $49,350/month
    const j = json<{ baseline: { monthly: number }; plan: { monthly: number } }>(r);
    expect(j.baseline.monthly).toBeCloseTo(97500, 6);
    expect(j.plan.monthly).toBeCloseTo(49350, 6);
    const est = runBuilt(['estimate', join(dir, 'x.yaml'), '--catalog', SEED_CATALOG, '--format', 'json']);
    expect(est.code).toBe(0);
  });
  it('none to batch: batch is left as a commented example, with a warning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'costopt-init-qa-'));
    const r = runBuilt(['init', 'y.yaml', ...base.slice(0, -4), '--model', 'test/no-batch', '--catalog', SEED_CATALOG, '--strategies', 'batch', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: batch left out: test/no-batch has no batch price');
    expect(readFileSync(join(dir, 'y.yaml'), 'utf8')).toMatch(/^ {2}# batch: \{ share: 30% \}/m);
    // 1M x (500 x $1 + 200 x $2)/1M = $900/day = $27,000/month, nothing saved
    expect(json<{ plan: { monthly: number } }>(r).plan.monthly).toBeCloseTo(27000, 6);
  });
});

describe('estimate with several files: the side-by-side table', () => {
  it('keeps scenario names whole by hiding the catalog (then plan/request) column first', () => {
    // it printed 'deployment-' / 'options' and 'grading-' / 'pipeline' over two lines at 120 columns
    const wide = runBuilt(['estimate', 'scenarios/deployment-options.yaml', 'scenarios/grading-pipeline.yaml', 'scenarios/support-bot.yaml']);
    expect(wide.code).toBe(0);
    expect(wide.stdout).toMatch(/│ deployment-options +│ +5M │/);
    expect(wide.stdout).toMatch(/│ grading-pipeline +│ +15k │ \$1,140,000\.00 │/);
    expect(wide.stdout).toContain('(catalog hidden to fit 120 columns');
    const narrow = runBuilt(['estimate', 'scenarios/deployment-options.yaml', 'scenarios/grading-pipeline.yaml'], { env: { COLUMNS: '100' } });
    expect(narrow.stdout).toMatch(/│ deployment-options +│/);
    // markdown keeps every column
    const md = runBuilt(['estimate', 'scenarios/deployment-options.yaml', 'scenarios/grading-pipeline.yaml', '--format', 'markdown']);
    expect(md.stdout).toContain('| scenario | catalog | req/day | baseline/mo | plan/mo | saved/mo | saved | plan/request | budget |');
  });
});

describe('breakeven on a multi-GPU instance: the notes read as English', () => {
  it('"--gpus 2 rounded up to 1 x 4-GPU instance (4 GPUs)", "on 1 GPU = ... per GPU, x 4 per instance"', async () => {
    const r = await runCli(['breakeven', '--catalog', SEED_CATALOG, '--gpu', 'test/4xa10g', '--model', 'llama-3.1-8b', '--api-price', '4.75', '--gpus', '2']);
    expect(r.code).toBe(0);
    const text = r.stdout.replace(/\s+/g, ' ');
    expect(text).toContain('--gpus 2 rounded up to 1 x 4-GPU instance (4 GPUs)');
    expect(text).toContain('3000 tokens/s on 1 GPU = 3000 per GPU, x 4 per instance');
    expect(text).not.toContain('GPU(s)');
    // one $5.00/h instance against $4.75 per 1M tokens: 5 / 4.75 = 1.0526M tokens/hour, x 720 = 757.9M a month
    expect(text).toContain('break-even 1.05M tokens/hour = 25.26M/day = 757.9M/month');
  });
});

describe('init --format csv', () => {
  it('writes the first estimate as item,value rows (it printed nothing)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'costopt-init-qa-'));
    const r = runBuilt(['init', 'z.yaml', '--requests-per-day', '1M', '--input-tokens', '500', '--output-tokens', '200', '--model', 'openai/gpt-4o', '--strategies', 'none', '--catalog', SEED_CATALOG, '--format', 'csv'], { cwd: dir });
    expect(r.code).toBe(0);
    // 1M x (500 x $2.50 + 200 x $10.00)/1M = $3,250/day = $97,500/month; no strategy, so the plan is the baseline
    expect(r.stdout).toMatch(/^item,value\nbaseline,97500\nplan,97500\ncatalog,/);
  });
});

describe('estimate: a model the scenario\'s shipped catalog version does not have', () => {
  // shipped versions are immutable (hashes pinned): gpt-4o-mini is in 2026-11-01, not in 2024-06-01
  it('says which version has it and how to use it; batch.models is reported once', async () => {
    const r = await runCli(['validate', 'test/fixtures/estimate-qa/mini-2024.yaml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const hint = '  hint: openai/gpt-4o-mini is in catalog version 2026-11-01, 2026-12-01: use --as-of 2026-12-01 (or catalog: 2026-12-01 in the scenario)';
    expect(r.stderr).toBe([
      'test/fixtures/estimate-qa/mini-2024.yaml:9:18 error strategies.routing.mix[0].model: unknown model "openai/gpt-4o-mini" (catalog costopt-public 2024-06-01)',
      hint,
      'test/fixtures/estimate-qa/mini-2024.yaml:11:33 error strategies.batch.models[0]: unknown model "openai/gpt-4o-mini" (catalog costopt-public 2024-06-01)',
      hint,
      '2 errors',
      '',
    ].join('\n'));
  });
  it('a misspelt id keeps its did-you-mean and gets no version hint', async () => {
    const r = await runCli(['estimate', 'test/fixtures/estimate-qa/mini-2024.yaml', '--as-of', '2026-11-01', '--set', 'baseline.model=openai/gpt-4o-mni']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error baseline.model: unknown model "openai/gpt-4o-mni"; did you mean "openai/gpt-4o-mini"');
    expect(r.stderr).not.toContain('hint:');
  });
});

describe('estimate --fail-on budget', () => {
  it('says on stderr which scenarios are over and by what (it exited 1 with nothing on stderr)', async () => {
    // routing plan of seed 002 (SPEC §7): $21,405/month, $0.0007135 per request; limits $20,000 and $0.0005
    const r = await runCli(['estimate', 'test/cases/estimate-routing/scenario.yaml', '--fail-on', 'budget', '--set', 'budget.monthly=20000', '--set', 'budget.max_cost_per_request=0.0005', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(json<{ scenarios: { budget: { status: string } }[] }>(r).scenarios[0]!.budget.status).toBe('over');
    expect(r.stderr).toBe('--fail-on budget: 1 of 1 scenario over budget: seed-002-routing ($21,405.00/month against $20,000.00; $0.0007135/request against $0.0005)\n');
    const quiet = await runCli(['estimate', 'test/cases/estimate-routing/scenario.yaml', '--fail-on', 'budget', '--set', 'budget.monthly=20000', '--quiet']);
    expect({ code: quiet.code, stderr: quiet.stderr }).toEqual({ code: 1, stderr: '' });
    // exactly at the limit is within: exit 0, nothing said
    const at = await runCli(['estimate', 'test/cases/estimate-routing/scenario.yaml', '--fail-on', 'budget', '--set', 'budget.monthly=21405']);
    expect({ code: at.code, stderr: at.stderr }).toEqual({ code: 0, stderr: '' });
  });
  it('a near miss of the condition gets did you mean', async () => {
    const r = await runCli(['estimate', 'scenarios/support-bot.yaml', '--fail-on', 'budgets']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error --fail-on: expected budget, got "budgets"; did you mean "budget"?');
  });
});
