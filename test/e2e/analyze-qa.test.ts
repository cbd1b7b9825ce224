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

describe('costopt analyze: a bill with nothing to analyze is bad input', () => {
  it('a header-only file is exit 2 at file:2:1, nothing on stdout', async () => {
    const r = await runCli(['analyze', F('bad/focus-header-only.csv')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/focus-header-only\.csv:2:1 error no data rows: the file holds only its header/);
  });

  it('a header-only file beside a real one is a warning, and the other is analyzed', async () => {
    const r = await runCli(['analyze', F('bad/focus-header-only.csv'), F('focus-1.2-usage-credit-tax-month.csv'), '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: .*focus-header-only\.csv: no data rows: the file holds only its header/);
    expect((JSON.parse(r.stdout) as { totals: { net: number } }).totals.net).toBe(20.6);
  });

  it('a file whose every row is unreadable is exit 2 with each row at file:line:1, nothing on stdout', async () => {
    const r = await runCli(['analyze', F('bad/focus-every-row-unreadable.csv')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/focus-every-row-unreadable\.csv:2:1 error BilledCost: expected a number, got "ten"/);
    expect(r.stderr).toMatch(/focus-every-row-unreadable\.csv:3:1 error ChargePeriodStart: expected a date/);
    expect(r.stderr).toMatch(/error no row could be read: 2 of 2 rows are unreadable/);
  });
});
