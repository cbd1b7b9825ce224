import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

// Rough edges the first QA pass over `check` reported without fixing (issue: diff/check QA 2).
const Q = 'test/fixtures/check-qa2';

describe('check --base with a malformed saved JSON result', () => {
  it('is invalid JSON at file:line:col, exit 2, nothing on stdout', async () => {
    const r = await runCli(['check', '--config', 'test/fixtures/check/breaches/costopt.yaml', '--base', `${Q}/malformed.json`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${Q}/malformed.json:5:30 error invalid JSON: Expected double-quoted property name`);
    expect(r.stderr).not.toContain('YAML');
  });
});

describe('check: two scenario files with one name, against a base matched by name', () => {
  const D = `${Q}/dup-names`;
  const msg = `${D}/scenarios/routing.yaml:4:7 error name: scenario name "routing-bot" is used twice in the scenarios checked against one base: here and at ${D}/scenarios/routing-copy.yaml:4:7`;

  it("the entry's base: is exit 2 naming both files and the name", async () => {
    const r = await runCli(['check', '--config', `${D}/costopt.yaml`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(msg);
    expect(r.stderr).toContain('the base (test/fixtures/check/breaches/base.json) is matched to scenarios by name');
  });

  it('--base is exit 2 too', async () => {
    const r = await runCli(['check', '--config', `${D}/costopt.yaml`, '--base', 'test/fixtures/check/breaches/base.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(msg);
  });

  it('a base with the name twice is exit 2 naming both entries', async () => {
    const r = await runCli(['check', '--config', 'test/fixtures/check/breaches/costopt.yaml', '--base', `${Q}/dup-head.json`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${Q}/dup-head.json:13:15 error name: scenario name "routing-bot" is used twice in the base: here and at ${Q}/dup-head.json:6:15`);
  });

  it('the same --base file given twice is read once (not a repeat)', async () => {
    const b = 'test/fixtures/check/breaches/base.json';
    const r = await runCli(['check', '--config', 'test/fixtures/check/breaches/costopt.yaml', '--base', b, '--base', b]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('used twice');
  });
});
