import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEED_CATALOG, runCli } from '../helpers/cli.js';

// Found by the QA pass over `costopt check` (a user wiring it into CI).
describe('check --help', () => {
  it('lists github among the --format values', async () => {
    const r = await runCli(['check', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--format <format> +output format: table\|json\|markdown\|csv\|html\|github/);
  });

  it('other commands keep their own --format list', async () => {
    const r = await runCli(['diff', '--help']);
    expect(r.stdout).toMatch(/output format: table\|json\|markdown\|csv\|html\n/);
  });
});

describe('check config: a misspelt fail_on value', () => {
  it('lists the values, quotes what was written and suggests the nearest (exit 2 at file:line:col)', async () => {
    const r = await runCli(['check', '--config', 'test/fixtures/check/bad/bad-values.yaml', '--format', 'markdown']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('test/fixtures/check/bad/bad-values.yaml:8:14 error bills[0].fail_on: expected one of "anomaly", "unpriced", got "anomalies"; did you mean "anomaly"?');
    expect(r.stderr).not.toContain('Invalid option');
  });

  it('the same inside a list of fail_on values', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'costopt-check-qa-'));
    writeFileSync(join(dir, 'costopt.yaml'), 'version: 1\nbills:\n  - path: bill.csv\n    fail_on: [anomaly, unpricd]\n');
    const r = await runCli(['check'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('costopt.yaml:4:24 error bills[0].fail_on[1]: expected one of "anomaly", "unpriced", got "unpricd"; did you mean "unpriced"?');
  });
});

describe('check config with an empty list', () => {
  it('points at the empty `scenarios:` list, not at 1:1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'costopt-check-qa-'));
    writeFileSync(join(dir, 'costopt.yaml'), '# budgets\nversion: 1\nscenarios: []\n');
    const r = await runCli(['check'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('costopt.yaml:3:12 error nothing to check: the `scenarios:` list is empty');
  });
});

describe('check --base-ref outside a git repository', () => {
  it('says so once, not once per scenario', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'costopt-check-qa-nogit-'));
    const scen = 'version: 1\nname: NAME\nworkload: { requests_per_day: 1000, input_tokens: 100, output_tokens: 10 }\nbaseline: { model: openai/gpt-4o }\n';
    mkdirSync(join(dir, 'scenarios'));
    for (const n of ['a', 'b', 'c']) writeFileSync(join(dir, 'scenarios', `${n}.yaml`), scen.replace('NAME', n));
    writeFileSync(join(dir, 'costopt.yaml'), `version: 1\ncatalog: ${SEED_CATALOG}\nscenarios:\n  - path: scenarios/*.yaml\n    max_increase_percent: 10\n`);
    const r = await runCli(['check', '--base-ref', 'main'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.match(/is not inside a git repository/g)).toHaveLength(1);
  });
});
