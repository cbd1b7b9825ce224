import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, SEED_CATALOG, json, runBuilt } from '../helpers/cli.js';
import { gitIn } from '../helpers/git.js';

/**
 * `costopt check` end to end, through the built CLI. Figures are seed 002's (SPEC §7) with the
 * seed test catalog: routing-bot $713.50/day = $21,405/month = $0.0007135 per request;
 * cache-bot $1,590/day = $47,700/month = $0.00159 per request.
 */
const CHECK = join(FIXTURES, 'check');
const cfg = (name: string) => join('test', 'fixtures', 'check', name);

interface Row { scenario: string; budget: string; value: number | null; limit: number; status: string; file?: string; line?: number; col?: number }
interface Out { status: string; summary: Record<string, number>; results: Row[]; warnings: string[] }
const row = (o: Out, scenario: string, budget: string) => o.results.find((r) => r.scenario === scenario && r.budget === budget);

describe('check: within budget', () => {
  it('exits 0 and every row is within (at the limit counts as within)', () => {
    const r = runBuilt(['check', '--config', cfg('within/costopt.yaml'), '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const o = json<Out & { command: string; schemaVersion: number }>(r);
    expect(o).toMatchObject({ schemaVersion: 1, command: 'check', status: 'pass', summary: { budgets: 5, within: 5, over: 0, skipped: 0 } });
    expect(o.results.map((x) => [x.scenario, x.budget, x.limit, x.status])).toEqual([
      ['routing-bot', 'max_monthly', 50000, 'within'],
      ['routing-bot', 'max_cost_per_request', 0.01, 'within'],
      ['routing-bot', 'max_increase_percent', 15, 'within'],
      ['routing-bot', 'budget.monthly', 21405, 'within'],
      ['routing-bot', 'budget.max_cost_per_request', 0.001, 'within'],
    ]);
    expect(row(o, 'routing-bot', 'max_monthly')?.value).toBeCloseTo(21405, 6);
    expect(row(o, 'routing-bot', 'max_cost_per_request')?.value).toBeCloseTo(0.0007135, 12);
    // base.json: $19,264.50 -> $21,405 = +2,140.50 / 19,264.50 = +11.111%
    expect(row(o, 'routing-bot', 'max_increase_percent')?.value).toBeCloseTo(11.1111, 3);
  });
  it('echoes the catalog id, version and content hash of each scenario in JSON', () => {
    const o = json<{ scenarios: { name: string; catalog: unknown }[] }>(runBuilt(['check', '--config', cfg('within/costopt.yaml'), '--format', 'json']));
    expect(o.scenarios.map((s) => [s.name, s.catalog])).toEqual([['routing-bot', { id: 'seed-test', version: '2025-01-01', hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) }]]);
  });
  it('reads costopt.yaml from the working directory by default', () => {
    const r = runBuilt(['check'], { cwd: join(CHECK, 'within') });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('costopt check passed: 5 of 5 budgets within limits');
  });
});

describe('check: each kind of breach', () => {
  let o: Out;
  let code: number;
  beforeAll(() => {
    const r = runBuilt(['check', '--config', cfg('breaches/costopt.yaml'), '--format', 'json']);
    code = r.code;
    o = json<Out>(r);
  });
  it('exits 1 with status fail', () => {
    expect(code).toBe(1);
    expect(o.status).toBe('fail');
    expect(o.summary).toEqual({ budgets: 8, within: 3, over: 5, skipped: 0 });
  });
  it.each([
    // scenario, budget, value, limit, status
    ['cache-bot', 'max_monthly', 47700, 40000, 'over'],
    ['cache-bot', 'max_cost_per_request', 0.00159, 0.001, 'over'],
    ['cache-bot', 'budget.monthly', 47700, 45000, 'over'],
    ['routing-bot', 'max_monthly', 21405, 40000, 'within'],
    ['routing-bot', 'max_cost_per_request', 0.0007135, 0.001, 'within'],
    ['routing-bot', 'max_increase_percent', 11.1111, 10, 'over'],
    ['routing-bot', 'budget.monthly', 21405, 25000, 'within'],
    ['routing-bot', 'budget.max_cost_per_request', 0.0007135, 0.0007, 'over'],
  ] as const)('%s %s: %f against %f is %s', (scenario, budget, value, limit, status) => {
    const x = row(o, scenario, budget);
    expect(x).toBeDefined();
    expect(x?.value).toBeCloseTo(value, value < 1 ? 10 : 3);
    expect(x?.limit).toBe(limit);
    expect(x?.status).toBe(status);
  });
  it('points each row at the scenario file: the name line, or the line of its own budget', () => {
    expect(row(o, 'cache-bot', 'max_monthly')).toMatchObject({ file: 'test/fixtures/check/breaches/scenarios/caching.yaml', line: 4, col: 7 });
    expect(row(o, 'cache-bot', 'budget.monthly')).toMatchObject({ file: 'test/fixtures/check/breaches/scenarios/caching.yaml', line: 13, col: 12 });
    expect(row(o, 'routing-bot', 'budget.max_cost_per_request')).toMatchObject({ file: 'test/fixtures/check/breaches/scenarios/routing.yaml', line: 16, col: 25 });
  });
  it('github annotations: one ::error per breach, at file and line', () => {
    const r = runBuilt(['check', '--config', cfg('breaches/costopt.yaml'), '--format', 'github']);
    expect(r.code).toBe(1);
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error '));
    expect(errors).toHaveLength(5);
    expect(errors[2]).toMatch(/^::error file=test\/fixtures\/check\/breaches\/scenarios\/caching\.yaml,line=13,col=12,title=costopt%3A budget\.monthly exceeded::cache-bot: /);
  });
});

describe('check: bad input exits 2 with file:line:col', () => {
  it.each([
    ['unknown-key.yaml', /^test\/fixtures\/check\/bad\/unknown-key\.yaml:4:5 error scenarios\[0\]\.max_montly: unknown key "max_montly"; did you mean "max_monthly"\?/m],
    ['bad-values.yaml', /^test\/fixtures\/check\/bad\/bad-values\.yaml:4:18 error scenarios\[0\]\.max_monthly: expected a number/m],
    ['bad-values.yaml', /^test\/fixtures\/check\/bad\/bad-values\.yaml:5:27 error scenarios\[0\]\.max_increase_percent: expected a percentage >= 0, got "-5%"/m],
    ['bad-values.yaml', /^test\/fixtures\/check\/bad\/bad-values\.yaml:8:14 error bills\[0\]\.fail_on: /m],
    ['no-match.yaml', /^test\/fixtures\/check\/bad\/no-match\.yaml:4:46 error scenarios\[1\]\.path\[1\]: no scenario file matches "nowhere\/\*\.yaml"/m],
    ['no-match.yaml', /^test\/fixtures\/check\/bad\/no-match\.yaml:5:11 error scenarios\[2\]\.path: scenario file not found: "scenarios\/gone\.yaml"/m],
    ['malformed.yaml', /^test\/fixtures\/check\/bad\/malformed\.yaml:5:1 error invalid YAML: /m],
    ['no-version.yaml', /^test\/fixtures\/check\/bad\/no-version\.yaml:1:1 error version: expected version: 1/m],
    ['empty-lists.yaml', /^test\/fixtures\/check\/bad\/empty-lists\.yaml:1:1 error nothing to check/m],
    // a scenario the config names is itself checked: its own file:line:col
    ['bad-scenario.yaml', /^test\/fixtures\/check\/bad\/scenarios\/unknown-model\.yaml:5:20 error baseline\.model: unknown model "openai\/gpt-4o-mnii"; did you mean "openai\/gpt-4o-mini"\?/m],
  ])('%s: %s', (file, message) => {
    const r = runBuilt(['check', '--config', cfg(`bad/${file}`)]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });
  it('a missing costopt.yaml is a clear error that shows a minimal one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'costopt-check-'));
    const r = runBuilt(['check'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^costopt\.yaml error no such file: costopt check reads its budgets from costopt\.yaml/);
    expect(r.stderr).toContain('    version: 1\n    scenarios:\n      - path: scenarios/*.yaml\n        max_monthly: 50000\n');
  });
  it('--base and --base-ref together', () => {
    const r = runBuilt(['check', '--config', cfg('within/costopt.yaml'), '--base', 'x.json', '--base-ref', 'HEAD']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--base: give --base or --base-ref, not both/);
  });
  it('a base that is not a saved estimate result', () => {
    const r = runBuilt(['check', '--config', cfg('within/costopt.yaml'), '--base', cfg('breaches/costopt.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^test\/fixtures\/check\/breaches\/costopt\.yaml:\d+:\d+ error /m);
  });
  it('--format github is check\'s own', () => {
    const r = runBuilt(['diff', cfg('within/scenarios/routing.yaml'), cfg('within/scenarios/routing.yaml'), '--format', 'github']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--format: expected one of table, json, markdown, csv, html, got "github"/);
  });
});

describe('check: --base with another scenario file', () => {
  it('matches the base by scenario name', () => {
    // base: the routing scenario at 900k requests/day = $19,264.50; head $21,405: +11.11% > 10%
    const dir = mkdtempSync(join(tmpdir(), 'costopt-check-'));
    mkdirSync(join(dir, 'scenarios'));
    writeFileSync(join(dir, 'scenarios', 'bot.yaml'), scenario('1M'));
    writeFileSync(join(dir, 'old-bot.yaml'), scenario('900k'));
    writeFileSync(join(dir, 'costopt.yaml'), `version: 1\ncatalog: ${JSON.stringify(SEED_CATALOG)}\nscenarios:\n  - path: scenarios/*.yaml\n    max_increase_percent: 10\n`);
    const r = runBuilt(['check', '--base', 'old-bot.yaml', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const x = json<Out>(r).results[0];
    expect(x).toMatchObject({ scenario: 'bot', budget: 'max_increase_percent', status: 'over', baseMonthly: 19264.5, baseSource: 'old-bot.yaml' });
    expect(x?.value).toBeCloseTo(11.1111, 3);
  });
});

/** Seed 002 routing at `rpd` requests/day; no catalog: key (costopt.yaml's catalog: applies). */
function scenario(rpd: string): string {
  return `version: 1
name: bot
workload: { requests_per_day: ${rpd}, input_tokens: 500, output_tokens: 200 }
baseline: { model: openai/gpt-4o }
strategies:
  routing:
    mix:
      - { model: openai/gpt-3.5-turbo, share: 60% }
      - { model: openai/gpt-4o-mini, share: 30% }
      - { model: openai/gpt-4o, share: 10% }
`;
}

describe('check --base-ref against a temporary git repository', () => {
  let dir: string;
  const git = (...args: string[]) => gitIn(dir, ...args);
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'costopt-gitref-'));
    git('init', '-q', '-b', 'main');
    mkdirSync(join(dir, 'scenarios'));
    writeFileSync(join(dir, 'costopt.yaml'), `version: 1\ncatalog: ${JSON.stringify(SEED_CATALOG)}\nscenarios:\n  - path: scenarios/*.yaml\n    max_monthly: 50000\n    max_increase_percent: 10\n`);
    writeFileSync(join(dir, 'scenarios', 'bot.yaml'), scenario('900k'));
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    git('tag', 'base');
    // the change under review: 900k -> 1M requests/day, and a new scenario
    writeFileSync(join(dir, 'scenarios', 'bot.yaml'), scenario('1M'));
    writeFileSync(join(dir, 'scenarios', 'new.yaml'), scenario('1M').replace('name: bot', 'name: new-bot'));
  });
  it('reads the base at the ref without a checkout: +11.11% is over 10%', () => {
    const r = runBuilt(['check', '--base-ref', 'base', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const o = json<Out & { base: unknown }>(r);
    expect(o.base).toEqual({ kind: 'ref', ref: 'base' });
    const inc = row(o, 'bot', 'max_increase_percent');
    expect(inc).toMatchObject({ status: 'over', baseMonthly: 19264.5, baseSource: 'base:scenarios/bot.yaml', file: 'scenarios/bot.yaml', line: 2, col: 7 });
    expect(inc?.value).toBeCloseTo(11.1111, 3);
    // a scenario that did not exist at the ref has no base: skipped, not a breach
    expect(row(o, 'new-bot', 'max_increase_percent')).toMatchObject({ status: 'skipped', value: null });
    expect(o.warnings.join('\n')).toContain('new-bot: max_increase_percent skipped: new scenario: base:scenarios/new.yaml does not exist');
    // the working tree is untouched
    expect(git('status', '--porcelain')).toContain(' M scenarios/bot.yaml');
  });
  it('works from a sub-directory with --config', () => {
    const r = runBuilt(['check', '--config', '../costopt.yaml', '--base-ref', 'base', '--format', 'json'], { cwd: join(dir, 'scenarios') });
    expect(r.code).toBe(1);
    expect(row(json<Out>(r), 'bot', 'max_increase_percent')?.status).toBe('over');
  });
  it('the same change within a 15% limit passes', () => {
    writeFileSync(join(dir, 'c15.yaml'), `version: 1\ncatalog: ${JSON.stringify(SEED_CATALOG)}\nscenarios:\n  - path: scenarios/bot.yaml\n    max_increase_percent: 15\n`);
    const r = runBuilt(['check', '--config', 'c15.yaml', '--base-ref', 'base'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('costopt check passed: 1 of 1 budgets within limits (base: base)');
  });
  it('an unknown ref is bad input', () => {
    const r = runBuilt(['check', '--base-ref', 'no-such-branch'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error --base-ref: unknown git ref "no-such-branch"/);
  });
  it('outside a git repository is bad input', () => {
    const out = mkdtempSync(join(tmpdir(), 'costopt-nogit-'));
    mkdirSync(join(out, 'scenarios'));
    writeFileSync(join(out, 'scenarios', 'bot.yaml'), scenario('1M'));
    writeFileSync(join(out, 'costopt.yaml'), `version: 1\ncatalog: ${JSON.stringify(SEED_CATALOG)}\nscenarios:\n  - path: scenarios/*.yaml\n    max_increase_percent: 10\n`);
    const r = runBuilt(['check', '--base-ref', 'main'], { cwd: out, env: { GIT_CEILING_DIRECTORIES: tmpdir() } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--base-ref: .* is not inside a git repository/);
  });
});

describe('check without a base', () => {
  it('skips max_increase_percent with a warning and does not fail', () => {
    const dir = mkdtempSync(join(tmpdir(), 'costopt-check-'));
    mkdirSync(join(dir, 'scenarios'));
    writeFileSync(join(dir, 'scenarios', 'bot.yaml'), scenario('1M'));
    writeFileSync(join(dir, 'costopt.yaml'), `version: 1\ncatalog: ${JSON.stringify(SEED_CATALOG)}\nscenarios:\n  - path: scenarios/*.yaml\n    max_increase_percent: 10\n`);
    const r = runBuilt(['check', '--format', 'github'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      '::warning file=scenarios/bot.yaml,line=2,col=7,title=costopt%3A max_increase_percent not checked::bot: max_increase_percent not checked: no base to compare with: pass --base <file> or --base-ref <ref>\n' +
        'costopt check passed: 0 of 1 budgets within limits, 1 skipped\n',
    );
  });
});

describe('check: bills', () => {
  it('the config form of the issue works as written (scenarios and bills, paths relative to the config)', () => {
    // routing-bot $21,405 <= 50,000 and $0.0007135 <= 0.01; the bill: 20 days at $100 = $2,000
    // to date + 11 days x $100 run rate = $3,100 forecast <= 20,000; no anomaly
    const r = runBuilt(['check', '--config', cfg('issue-form/costopt.yaml'), '--format', 'json']);
    expect(r.code).toBe(0);
    const o = json<Out>(r);
    expect(o.results.map((x) => [x.scenario, x.budget, x.value, x.limit, x.status])).toEqual([
      ['routing-bot', 'max_monthly', expect.closeTo(21405, 6), 50000, 'within'],
      ['routing-bot', 'max_cost_per_request', expect.closeTo(0.0007135, 12), 0.01, 'within'],
      ['billing/*.csv', 'max_forecast', 3100, 20000, 'within'],
      ['billing/*.csv', 'fail_on.anomaly', 0, 0, 'within'],
    ]);
  });
  it('max_forecast and fail_on: anomaly breaches', () => {
    const r = runBuilt(['check', '--config', cfg('bills/costopt.yaml'), '--format', 'json']);
    expect(r.code).toBe(1);
    const o = json<Out>(r);
    expect(o.results.map((x) => [x.scenario, x.budget, x.value, x.limit, x.status])).toEqual([
      ['steady-*.csv', 'max_forecast', 3100, 3000, 'over'],
      // 19 x $100 + $1,000 = $2,900 to date + 11 x (6 x 100 + 1,000) / 7 = $5,414.29
      ['spike-1000-on-jan-18.csv', 'max_forecast', expect.closeTo(5414.29, 2), 6000, 'within'],
      ['spike-1000-on-jan-18.csv', 'fail_on.anomaly', 1, 0, 'over'],
      ['spike-1000-on-jan-18.csv', 'fail_on.unpriced', 0, 0, 'within'],
    ]);
    expect(o.results[2]).toMatchObject({ kind: 'bill', file: 'test/fixtures/check/bills/costopt.yaml', line: 8, col: 11, anomalies: [{ date: '2025-01-18', series: 'service:Compute', impact: 900 }] });
  });
  it('a bill that cannot be read is bad input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'costopt-bills-'));
    writeFileSync(join(dir, 'costopt.yaml'), 'version: 1\nbills:\n  - path: "*.csv"\n    max_forecast: 1\n');
    writeFileSync(join(dir, 'odd.csv'), 'a,b,c\n1,2,3\n');
    const r = runBuilt(['check'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^odd\.csv:1:1 error unrecognised billing export/m);
  });
});
