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
