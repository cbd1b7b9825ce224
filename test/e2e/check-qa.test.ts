import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

// Found by the QA pass over `costopt check` (a user wiring it into CI).
describe('check --help', () => {
  it('lists github among the --format values', async () => {
    const r = await runCli(['check', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--format <format> +output format: table\|json\|markdown\|csv\|github/);
  });

  it('other commands keep their own --format list', async () => {
    const r = await runCli(['diff', '--help']);
    expect(r.stdout).toMatch(/output format: table\|json\|markdown\|csv\n/);
  });
});
