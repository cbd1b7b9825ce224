import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FIXTURES, runCli } from '../helpers/cli.js';

/** A user's QA pass over `costopt analyze`: each test here failed before its fix. */
const F = (name: string) => join(FIXTURES, 'billing', name);

describe('costopt analyze: QA fixes', () => {
  it('a long bill keeps each daily-trend sparkline on one line of an 80-column table (one mark per few days)', async () => {
    // 120 days: $1/day for 60 days, then $9/day. At most 31 marks: ceil(120 / 31) = 4 days a mark
    // -> 30 marks, the first 15 the low level and the last 15 the high one.
    const r = await runCli(['analyze', F('focus-120-days-1-then-9-a-day.csv')], { env: { COLUMNS: '80' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Daily trend, 2025-01-01 to 2025-04-30 \(120 days, one mark per 4 days; multi-day\ncharges spread\)/);
    const spark = '▁'.repeat(15) + '█'.repeat(15);
    const lines = r.stdout.split('\n');
    const total = lines.find((l) => l.startsWith('│ total'));
    expect(total).toContain(` ${spark} `);
    expect(total).toMatch(/\$1\.00 │ +\$9\.00 │$/);
    // the service row too: its name may wrap, its sparkline may not
    const rds = lines.find((l) => l.includes(spark) && !l.startsWith('│ total'));
    expect(rds).toMatch(/^│ Amazon /);
    // no line of the table is a sparkline's continuation
    const trend = lines.slice(lines.findIndex((l) => l.startsWith('Daily trend')));
    expect(trend.length).toBeGreaterThan(2);
    expect(trend.filter((l) => /[▁█]/.test(l))).toHaveLength(2);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80);
    // a month or less keeps one mark a day
    const month = await runCli(['analyze', F('focus-30-days-compute-spike-on-jan-25.csv')], { env: { COLUMNS: '80' } });
    expect(month.stdout).toMatch(/Daily trend, 2025-01-01 to 2025-01-31 \(31 days; multi-day charges spread\)/);
  });
});
