import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, SEED_CATALOG, json, runBuilt, runCli } from '../helpers/cli.js';
import { gitIn } from '../helpers/git.js';

// Leftovers of the QA passes over estimate/breakeven/init and check/diff: each test failed on
// the code before its fix.

// 1. A scenario read at a git ref names its catalog by a relative path: it resolves from the
// scenario's own folder (not the working directory) and the catalog is read at the ref too.
// A temporary repository, the commands run from its scenarios/ subfolder:
//   at tag `base`: catalogs/mine.yaml = the seed prices (gpt-4o $2.50 in / $10 out per 1M)
//                  scenarios/bot.yaml   (bot, catalog: ../catalogs/mine.yaml)
//                  scenarios/loose.yaml (loose, catalog: ../catalogs/untracked.yaml, never committed)
//   on the branch: catalogs/mine.yaml has gpt-4o at $5.00 in; the scenarios are unchanged.
// A request is 500 in + 200 out, 1M a day, 30 days:
//   seed prices: 500 x 2.5e-6 + 200 x 10e-6 = $0.00325 -> $97,500 a month
//   $5.00 in:    500 x 5e-6   + 200 x 10e-6 = $0.0045  -> $135,000 a month (+38.46%)
describe('diff/check --base-ref: a relative catalog: in the scenario', () => {
  let dir: string;
  const git = (...args: string[]) => gitIn(dir, ...args);
  const seed = readFileSync(SEED_CATALOG, 'utf8');
  const dearer = seed.replace('  - id: openai/gpt-4o\n    aliases: [gpt-4o]\n    input: "2.50"', '  - id: openai/gpt-4o\n    aliases: [gpt-4o]\n    input: "5.00"');
  const bot = (name: string, catalog: string) => `version: 1\nname: ${name}\ncatalog: ${catalog}\nworkload: { requests_per_day: 1M, input_tokens: 500, output_tokens: 200 }\nbaseline: { model: openai/gpt-4o }\n`;

  beforeAll(() => {
    expect(dearer).not.toBe(seed);
    dir = mkdtempSync(join(tmpdir(), 'costopt-refcat-'));
    git('init', '-q', '-b', 'main');
    mkdirSync(join(dir, 'scenarios'));
    mkdirSync(join(dir, 'catalogs'));
    writeFileSync(join(dir, 'catalogs', 'mine.yaml'), seed);
    writeFileSync(join(dir, 'scenarios', 'bot.yaml'), bot('bot', '../catalogs/mine.yaml'));
    writeFileSync(join(dir, 'scenarios', 'loose.yaml'), bot('loose', '../catalogs/untracked.yaml'));
    writeFileSync(join(dir, 'costopt.yaml'), 'version: 1\nscenarios:\n  - path: scenarios/bot.yaml\n    max_increase_percent: 10\n');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    git('tag', 'base');
    writeFileSync(join(dir, 'catalogs', 'mine.yaml'), dearer);
    git('commit', '-q', '-am', 'dearer');
    writeFileSync(join(dir, 'catalogs', 'untracked.yaml'), dearer);
  });

  interface DiffOut { oldMonthly: number; newMonthly: number; changeMonthly: number; priceChange: number; scenarios: { name: string; base: { source: string } | null }[] }

  it('diff from a subfolder: the base is priced with the catalog as it was at the ref', () => {
    const r = runBuilt(['diff', '--base-ref', 'base', 'bot.yaml', '--format', 'json'], { cwd: join(dir, 'scenarios') });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const o = json<DiffOut>(r);
    expect([o.oldMonthly, o.newMonthly, o.changeMonthly]).toEqual([97500, 135000, 37500]);
    // the workload is the same: the whole change is the price (head priced with both catalogs)
    expect(o.priceChange).toBe(37500);
    expect(o.scenarios[0]?.base?.source).toBe('base:scenarios/bot.yaml');
  });

  it('check from a subfolder: the increase is measured against the catalog at the ref', () => {
    const r = runBuilt(['check', '--base-ref', 'base', '--config', '../costopt.yaml', '--format', 'json'], { cwd: join(dir, 'scenarios') });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const o = json<{ results: { scenario: string; budget: string; value: number; status: string; baseMonthly: number; headMonthly: number }[] }>(r);
    const row = o.results.find((x) => x.budget === 'max_increase_percent');
    expect(row).toMatchObject({ scenario: 'bot', status: 'over', baseMonthly: 97500, headMonthly: 135000 });
    // 37,500 / 97,500 = 38.4615...%
    expect(row?.value).toBeCloseTo(38.4615, 3);
  });

  it('a catalog that did not exist at the ref (never committed) is read from the working tree', () => {
    const r = runBuilt(['diff', '--base-ref', 'base', 'loose.yaml', '--format', 'json'], { cwd: join(dir, 'scenarios') });
    expect(r.code).toBe(0);
    const o = json<DiffOut>(r);
    expect([o.oldMonthly, o.newMonthly, o.changeMonthly]).toEqual([135000, 135000, 0]);
  });
});

// 2. JSON carries no float noise. scenarios/support-bot.yaml at the seed prices, per day (the
// derivation of test/e2e/diff.test.ts): routing 0.6 x 400 + 0.3 x 142.5 + 0.1 x 2,375 = $520.25/M
// x 0.5M = $260.125, + $90 of cache hits; batch 260.125 x 0.8 + 90 = $298.10; prompt cache saves
// $1.701 + $9.45: $286.949 a day, $0.000286949 a request (1M a day). Summed in doubles that
// was written 286.94899999999996 and 0.00028694899999999994.
describe('estimate --format json: no float noise', () => {
  it('writes plan.daily 286.949 and perRequest 0.000286949', async () => {
    const r = await runCli(['estimate', 'scenarios/support-bot.yaml', '--catalog', SEED_CATALOG, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"daily": 286.949,');
    expect(r.stdout).toContain('"perRequest": 0.000286949');
    // no number anywhere has more than 15 significant digits
    const long = [...r.stdout.matchAll(/-?\d+\.\d+(e-?\d+)?/g)].map((m) => m[0]).filter((n) => n.replace(/e.*$/, '').replace(/[-.]/g, '').replace(/^0+/, '').length > 15);
    expect(long).toEqual([]);
  });
});

// 3. Every field message says what was expected and what was written.
describe('field messages say "got <value>"', () => {
  it('a range, a type and a literal: each with the value written, exit 2 at file:line:col', async () => {
    const file = join(FIXTURES, 'leftovers-qa', 'got-values.yaml');
    const r = await runCli(['validate', file, '--catalog', SEED_CATALOG]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:1:10 error version: expected version: 1, got 2`);
    expect(r.stderr).toContain(`${file}:5:18 error workload.output_tokens: expected a number >= 0, got -5`);
    expect(r.stderr).toContain(`${file}:7:13 error strategies: expected a map (key: value), got "none"`);
    expect(r.stderr).toContain(`${file}:8:20 error budget.monthly: expected a number >= 0, got "-1k"`);
    expect(r.stderr).not.toMatch(/received/);
  });
});

// 4. breakeven --format csv carries the break-even figures, then the volume table. By hand:
// one GPU at $1.50/h, 3,000 tokens/s at 100% = 10.8M tokens/hour, so self-hosting costs
// 1.50 / 10.8 = $0.138888888888889 per 1M tokens; the API $0.60 per 1M; break-even where
// 1.50/h = 0.60 x tokens/1M: 2.5M tokens/hour (23.1% of capacity).
describe('breakeven --format csv', () => {
  it('writes the figures as item,value rows before the volume table', async () => {
    const r = await runCli(['breakeven', '--gpu-hourly', '1.50', '--throughput', '3000', '--api-price', '0.6', '--format', 'csv']);
    expect(r.code).toBe(0);
    const [figures, volumes] = r.stdout.split('\n\n');
    expect(figures!.split('\n').slice(0, 2)).toEqual(['# breakeven', 'item,value']);
    for (const row of ['throughput,3000', 'utilization,100', 'usable capacity,10800000', 'self-hosted per 1M tokens,0.138888888888889', 'API,0.6', 'break-even,2500000']) {
      expect(figures!.split('\n')).toContain(row);
    }
    expect(figures).toContain('at break-even,"1 GPU at 23.1% of usable capacity;');
    expect(volumes!.split('\n').slice(0, 3)).toEqual(['# volumes', 'tokens_per_hour,tokens_per_month,gpus,self_hosted_monthly,api_monthly,self_hosted_per_million,winner', '625000,450000000,1,1080,270,2.4,api']);
    expect(volumes).toContain('2500000,1800000000,1,1080,1080,0.6,tie (break-even)');
  });

  it('never breaks even: the reason is the break-even row', async () => {
    const r = await runCli(['breakeven', '--gpu-hourly', '1.50', '--throughput', '3000', '--api-price', '0.10', '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\nbreak-even,never: the API ($0.10/1M) is cheaper than self-hosting even at full load');
    expect(r.stdout).toContain('\n# volumes\n');
  });
});

// 5. The same file named twice is estimated and shown once, with a warning naming it.
describe('estimate: the same file given twice', () => {
  it('a.yaml a.yaml: one scenario, a warning on stderr', async () => {
    const r = await runCli(['estimate', 'scenarios/support-bot.yaml', 'scenarios/support-bot.yaml', '--catalog', SEED_CATALOG, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(json<{ scenarios: { name: string }[] }>(r).scenarios.map((s) => s.name)).toEqual(['support-bot']);
    expect(r.stderr).toBe('warning: scenarios/support-bot.yaml is given twice: shown once\n');
  });

  it('a path written two ways (as a glob expands it and as ./path), among other files: each file once, in the order given', async () => {
    const r = await runCli(['estimate', 'test/cases/estimate-routing/scenario.yaml', 'scenarios/support-bot.yaml', './scenarios/support-bot.yaml', 'test/cases/estimate-routing/scenario.yaml', '--catalog', SEED_CATALOG, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(json<{ scenarios: { name: string }[] }>(r).scenarios.map((s) => s.name)).toEqual(['seed-002-routing', 'support-bot']);
    expect(r.stderr).toBe('warning: test/cases/estimate-routing/scenario.yaml is given twice: shown once\nwarning: scenarios/support-bot.yaml is given twice (also as ./scenarios/support-bot.yaml): shown once\n');
  });

  it('--quiet silences the warning', async () => {
    const r = await runCli(['estimate', 'scenarios/support-bot.yaml', 'scenarios/support-bot.yaml', '--catalog', SEED_CATALOG, '--format', 'json', '--quiet']);
    expect(r.stderr).toBe('');
    expect(json<{ scenarios: unknown[] }>(r).scenarios).toHaveLength(1);
  });
});

// 6. A deployment block's catalog references are reported with its schema errors, in one run.
describe('deployment: reference errors come with the schema errors', () => {
  it('unknown instance and platform ids and an out-of-range memory_mb, beside a schema error, exit 2 at file:line:col', async () => {
    const file = join(FIXTURES, 'leftovers-qa', 'deployment-refs.yaml');
    const r = await runCli(['estimate', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual([
      `${file}:8:78 error deployment.options[0].throughput_rps: expected a number > 0, got 0`,
      `${file}:9:45 error deployment.options[1].instance: unknown instance "aws/m7.xlarge"; did you mean "aws/m7i.xlarge" or "aws/c5.2xlarge"?`,
      `${file}:10:69 error deployment.options[2].memory_mb: aws/lambda allows 128 to 10240 MB, got 65536`,
      expect.stringMatching(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:11:46 error deployment\\.options\\[3\\]\\.platform: unknown serverless platform "aws/lambdaa"`)),
      expect.stringMatching(/:12:24 error deployment\.options\[4\]\.kind: unknown kind "alwayson"; did you mean "always_on"\?/),
      expect.stringMatching(/:12:44 error deployment\.options\[4\]\.instance: unknown instance "gcp\/nope"/),
      '6 errors',
    ]);
  });
});
