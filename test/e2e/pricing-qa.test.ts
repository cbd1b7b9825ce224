import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

// Found by the QA pass over `costopt pricing` (a user's first runs, 80-column terminal).
describe('pricing list at 80 columns', () => {
  it('never breaks a date or a header across lines; the hash is hidden and said so', async () => {
    const r = await runCli(['pricing', 'list'], { env: { COLUMNS: '80' } });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    expect(r.stdout).toMatch(/│ 2024-06-01 +│ 2024-06-01 │/);
    expect(r.stdout).toMatch(/│ 2026-11-01 +│ 2026-11-01 │/);
    for (const h of ['published', 'instances', 'serverless', 'throughput']) expect(r.stdout).toContain(` ${h} `);
    expect(r.stdout).toContain('sha256 hidden to fit 80 columns');
  });

  it('shows every column, the hash included, at 120 columns', async () => {
    const r = await runCli(['pricing', 'list'], { env: { COLUMNS: '120' } });
    expect(r.stdout).toMatch(/│ sha256 +│/);
    expect(r.stdout).toMatch(/2026-11-01 \(latest\)/);
  });
});
