import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEED_CATALOG, json, runBuilt } from '../helpers/cli.js';
import { gitIn } from '../helpers/git.js';

// diff/check --base-ref over a glob: a scenario that exists at the base ref but was deleted
// on the branch is listed as removed (it was not listed at all). A temporary repository:
//   at tag `base`: scenarios/keep.yaml (keep, 1M/day), scenarios/old.yaml (old-bot, 100k/day),
//                  extra/x.yaml (extra-bot, 100k/day)
//   on the branch: old.yaml and the whole extra/ folder deleted, scenarios/new.yaml (new-bot, 200k/day) added
// Each request is 500 in + 200 out on gpt-4o at the seed prices ($2.50 / $10 per 1M tokens):
// 500 x 2.5e-6 + 200 x 10e-6 = $0.00325; a month is 30 days:
//   keep     1M   x 30 x 0.00325 = $97,500
//   old-bot  100k x 30 x 0.00325 = $9,750    (removed: change -$9,750)
//   extra-bot                      $9,750    (removed: change -$9,750)
//   new-bot  200k x 30 x 0.00325 = $19,500   (added)
const bot = (name: string, rpd: string) => `version: 1
name: ${name}
catalog: ${JSON.stringify(SEED_CATALOG)}
workload: { requests_per_day: ${rpd}, input_tokens: 500, output_tokens: 200 }
baseline: { model: openai/gpt-4o }
`;

interface DiffOut {
  oldMonthly: number; newMonthly: number | null; changeMonthly: number;
  summary: { changed: number; unchanged: number; added: number; removed: number };
  scenarios: { name: string; status: string; oldMonthly: number | null; newMonthly: number | null; changeMonthly: number; base: { source: string } | null }[];
}

let dir: string;
const git = (...args: string[]) => gitIn(dir, ...args);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'costopt-removed-'));
  git('init', '-q', '-b', 'main');
  mkdirSync(join(dir, 'scenarios'));
  mkdirSync(join(dir, 'extra'));
  writeFileSync(join(dir, 'scenarios', 'keep.yaml'), bot('keep', '1M'));
  writeFileSync(join(dir, 'scenarios', 'old.yaml'), bot('old-bot', '100k'));
  writeFileSync(join(dir, 'extra', 'x.yaml'), bot('extra-bot', '100k'));
  writeFileSync(join(dir, 'costopt.yaml'), 'version: 1\nscenarios:\n  - path: [scenarios/*.yaml, extra/*.yaml]\n    max_increase_percent: 10\n');
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  git('tag', 'base');
  git('rm', '-q', '-r', 'scenarios/old.yaml', 'extra');
  rmSync(join(dir, 'extra'), { recursive: true, force: true });
  writeFileSync(join(dir, 'scenarios', 'new.yaml'), bot('new-bot', '200k'));
  git('add', '.');
  git('commit', '-q', '-m', 'branch');
});

describe('diff --base-ref with a quoted glob', () => {
  it('lists a scenario deleted on the branch as removed, at its base cost, in the totals', () => {
    const r = runBuilt(['diff', '--base-ref', 'base', 'scenarios/*.yaml', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const o = json<DiffOut>(r);
    const by = Object.fromEntries(o.scenarios.map((s) => [s.name, s]));
    expect(by['old-bot']).toMatchObject({ status: 'removed', oldMonthly: 9750, newMonthly: null, changeMonthly: -9750, base: { source: 'base:scenarios/old.yaml' } });
    expect(by['new-bot']).toMatchObject({ status: 'added', oldMonthly: null, newMonthly: 19500, changeMonthly: 19500 });
    expect(by['keep']).toMatchObject({ status: 'unchanged', oldMonthly: 97500, newMonthly: 97500, changeMonthly: 0 });
    expect(o.summary).toEqual({ changed: 0, unchanged: 1, added: 1, removed: 1 });
    // 97,500 + 9,750 = 107,250 -> 97,500 + 19,500 = 117,000: +9,750
    expect([o.oldMonthly, o.newMonthly, o.changeMonthly]).toEqual([107250, 117000, 9750]);
  });

  it('the table says removed with the change -$9,750.00', () => {
    const r = runBuilt(['diff', '--base-ref', 'base', 'scenarios/*.yaml'], { cwd: dir });
    expect(r.stdout).toMatch(/│ old-bot \(removed\) +│ +\$9,750\.00 │ +n\/a │ +-\$9,750\.00 │ +removed │/);
    expect(r.stdout).toMatch(/│ new-bot \(added\) +│ +n\/a │ +\$19,500\.00 │ +\+\$19,500\.00 │ +new │/);
  });

  it('a folder deleted whole on the branch: its scenarios are removed (git runs from the nearest folder that exists)', () => {
    const o = json<DiffOut>(runBuilt(['diff', '--base-ref', 'base', 'extra/*.yaml', '--format', 'json'], { cwd: dir }));
    expect(o.scenarios.map((s) => [s.name, s.status, s.oldMonthly, s.changeMonthly])).toEqual([['extra-bot', 'removed', 9750, -9750]]);
  });

  it('a deleted file named as a plain path is removed too', () => {
    const o = json<DiffOut>(runBuilt(['diff', '--base-ref', 'base', 'scenarios/old.yaml', '--format', 'json'], { cwd: dir }));
    expect(o.scenarios.map((s) => [s.name, s.status])).toEqual([['old-bot', 'removed']]);
    expect(o.changeMonthly).toBe(-9750);
  });

  it('a glob that matches nothing on either side is exit 2', () => {
    const r = runBuilt(['diff', '--base-ref', 'base', 'nothing/*.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('no scenario file matches "nothing/*.yaml", in the working tree or at base');
  });
});

describe('check --base-ref: a config glob matched a file at the ref that the branch deleted', () => {
  interface CheckOut {
    status: string;
    summary: { budgets: number; within: number; over: number; skipped: number };
    results: { scenario: string; budget: string; value: number | null; status: string; baseMonthly?: number; headMonthly?: number; baseSource?: string; removed?: boolean }[];
    scenarios: { name: string; status?: string; baseMonthly?: number; planMonthly: number }[];
  }
  it('is listed as removed: its increase is -100% (within), counted in the summary', () => {
    const r = runBuilt(['check', '--base-ref', 'base', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const o = json<CheckOut>(r);
    const old = o.results.find((x) => x.scenario === 'old-bot');
    expect(old).toMatchObject({ budget: 'max_increase_percent', value: -100, status: 'within', baseMonthly: 9750, headMonthly: 0, baseSource: 'base:scenarios/old.yaml', removed: true });
    expect(o.results.find((x) => x.scenario === 'extra-bot')).toMatchObject({ value: -100, status: 'within', baseMonthly: 9750, removed: true });
    // keep 0% within, new-bot skipped (no base), old-bot and extra-bot -100% within
    expect(o.summary).toEqual({ budgets: 4, within: 3, over: 0, skipped: 1 });
    expect(o.scenarios.find((s) => s.name === 'old-bot')).toMatchObject({ status: 'removed', baseMonthly: 9750, planMonthly: 0 });
  });

  it('the tables say removed', () => {
    const r = runBuilt(['check', '--base-ref', 'base'], { cwd: dir });
    expect(r.stdout).toMatch(/│ old-bot \(removed\) +│ max_increase_percent │ +-100% │ +10% │ within +│/);
    expect(r.stdout).toMatch(/│ old-bot \(removed\) +│ seed-test 2025-01-01 │ +n\/a │ +n\/a │ \$9,750\.00 \(-\$9,750\.00\) │/);
  });
});
