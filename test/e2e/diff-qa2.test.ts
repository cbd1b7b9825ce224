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

  it('a file cut short is invalid JSON at its end (line 6, just after its last character: not on a line past the end)', async () => {
    const r = await runCli(['diff', saved, `${Q}/truncated.json`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${Q}/truncated.json:6:4 error invalid JSON:`);
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

describe('diff of several scenarios at 80 columns', () => {
  // many-base.json -> many-head.json, hand-made, one catalog (every change is assumptions):
  //   customer-support-assistant-eu  $123,456.78 -> $130,000.01  +$6,543.23
  //   document-batch-summariser      $98,765.43  -> $90,000.00   -$8,765.43
  //   new-onboarding-copilot (added)             -> $4,321.09    +$4,321.09
  //   retired-faq-bot (removed)      $1,234.50   ->              -$1,234.50
  //   total $223,456.71 -> $224,321.10: +$864.39
  const args = ['diff', `${Q}/many-base.json`, `${Q}/many-head.json`];

  it('fits 80 columns without breaking a name or a figure: columns are hidden first, and said so', async () => {
    const r = await runCli(args, { env: { COLUMNS: '80' } });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    const row = (name: string, ...figures: string[]) => new RegExp(`^│ ${name.replace(/[()]/g, '\\$&')} +│ +${figures.map((f) => f.replace(/[$+]/g, '\\$&')).join(' +│ +')} +│$`, 'm');
    expect(r.stdout).toMatch(row('customer-support-assistant-eu', '+$6,543.23', '$0.00', '+$6,543.23'));
    expect(r.stdout).toMatch(row('document-batch-summariser', '-$8,765.43', '$0.00', '-$8,765.43'));
    expect(r.stdout).toMatch(row('new-onboarding-copilot (added)', '+$4,321.09', '$0.00', '+$4,321.09'));
    expect(r.stdout).toMatch(row('retired-faq-bot (removed)', '-$1,234.50', '$0.00', '-$1,234.50'));
    expect(r.stdout).toMatch(row('total', '+$864.39', '$0.00', '+$864.39'));
    expect(r.stdout).toContain('(change %, old / month, new / month hidden to fit 80 columns');
    // the step tables of each scenario: no header or step name broken either
    expect(r.stdout).toMatch(/│ step +│ old \/ month │ new \/ month │ +change │ prices │ assumptions │/);
    // 'plan (total)' may wrap at its space; the figures beside it stay whole
    expect(r.stdout).toMatch(/│ plan(?: \(total\))? +│ +\$123,456\.78 │ +\$130,000\.01 │ +\+\$6,543\.23 │/);
    expect(r.stdout).not.toMatch(/│ (scenar|baseli|assumption|price) +│/);
  });

  it('a wide terminal shows every column', async () => {
    const r = await runCli(args, { env: { COLUMNS: '160' } });
    expect(r.stdout).toMatch(/│ scenario +│ old \/ month │ new \/ month │ +change │ change % │ prices │ assumptions │/);
    expect(r.stdout).not.toContain('hidden to fit');
  });
});
