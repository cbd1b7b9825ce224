import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

// Rough edges the first QA pass over `diff` reported without fixing (issue: diff/check QA 2).
const Q = 'test/fixtures/check-qa2';
const saved = 'test/fixtures/check/breaches/base.json';

describe('diff: a malformed saved JSON result', () => {
  it('a trailing comma is invalid JSON (not YAML), at file:line:col, exit 2, nothing on stdout', async () => {
    // line 5 is `    { "name": "routing-bot", }`: the } after the comma is column 30
    const r = await runCli(['diff', `${Q}/malformed.json`, saved]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${Q}/malformed.json:5:30 error invalid JSON: Expected double-quoted property name`);
    expect(r.stderr).not.toContain('YAML');
  });

  it('a file cut short is invalid JSON at its end (line 7, col 1 after the last newline)', async () => {
    const r = await runCli(['diff', saved, `${Q}/truncated.json`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${Q}/truncated.json:7:1 error invalid JSON:`);
    expect(r.stderr).not.toContain('YAML');
  });
});

describe('diff: a scenario name used twice on one side', () => {
  it('is exit 2 naming both places and the name (it paired the first and called the second "added")', async () => {
    const r = await runCli(['diff', saved, `${Q}/dup-head.json`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${Q}/dup-head.json:13:15 error name: scenario name "routing-bot" is used twice in the head: here and at ${Q}/dup-head.json:6:15`);
    expect(r.stderr).toContain('hint: give each scenario its own `name:`');
  });

  it('one scenario on each side is still a pair whatever the names', async () => {
    const r = await runCli(['diff', saved, saved, '--format', 'json']);
    expect(r.code).toBe(0);
  });
});
