import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FIXTURES, SHARED, runCli } from '../helpers/cli.js';

/** A user's QA pass over `costopt analyze`: each test here failed before its fix. */
const F = (name: string) => join(FIXTURES, 'billing', name);

describe('costopt analyze: QA fixes', () => {
  it('a long bill keeps each daily-trend sparkline on one line of an 80-column table (one mark per few days)', async () => {
    // 120 days: $1/day for 60 days, then $9/day. At most 31 marks: ceil(120 / 31) = 4 days a mark
    // -> 30 marks, the first 15 the low level and the last 15 the high one.
    // run beside the file, so that the 'files' line (a path is never broken) does not grow with
    // the folder the repository was cloned into
    const r = await runCli(['analyze', 'focus-120-days-1-then-9-a-day.csv'], { cwd: join(FIXTURES, 'billing'), env: { COLUMNS: '80' } });
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

describe('costopt analyze --format csv', () => {
  it('carries the forecast (and its budget, status and crossing date), not only the tables', async () => {
    // month to date 17.70 + 29 days x (11.25 run rate + 0.10 spread tax) = 346.85; crosses 100 on 03-10
    // (hand-worked in analyze.test.ts for the same fixture)
    const r = await runCli(['analyze', F('focus-1.2-usage-credit-tax-month.csv'), '--budget', '100', '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      ['# forecast-USD', 'item,value', 'month,2025-03', 'data through,2025-03-02', 'month to date,17.7', 'run rate (usage/day),11.25', 'month-end forecast,346.85', 'budget,100', 'status,over', 'crosses budget on,2025-03-10', ''].join('\n'),
    );
  });

  it('carries the request count and cost per request of a request log', async () => {
    const r = await runCli(['analyze', F('request-log-cache-tiers-dates.csv'), '--catalog', join(FIXTURES, 'catalogs', 'billing-versions'), '--format', 'csv']);
    expect(r.code).toBe(0);
    // r1-r5 (r4 twice counts once; r6 and r8 are unreadable: cache reads over input, reasoning over output)
    expect(r.stdout).toMatch(/# unit-costs-USD\nitem,value\nrequests,5\ncost per request,0\.\d+\n/);
  });
});

describe('costopt analyze: conflicting flags', () => {
  it('--map with --format-hint is exit 2 naming both flags (the hint was silently ignored)', async () => {
    const r = await runCli(['analyze', F('acme-usage-cents-negative-dmy.csv'), '--map', F('acme-mapping.yaml'), '--format-hint', 'focus']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/error --format-hint: cannot be used with --map \(the mapping file names the format\)/);
  });

  it('--table without --emit-sql is exit 2 (it was silently ignored)', async () => {
    const r = await runCli(['analyze', F('focus-1.2-usage-credit-tax-month.csv'), '--table', 'billing.export']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/error --table: only used with --emit-sql/);
  });
});

describe('costopt analyze --help', () => {
  it('lists every format --format-hint accepts', async () => {
    const { FORMATS } = await import('../../src/core/billing/formats/index.js');
    const r = await runCli(['analyze', '--help']);
    expect(r.code).toBe(0);
    const listed = /skip detection: (\S+)/.exec(r.stdout.replace(/\s+/g, ' '))?.[1]?.split('|');
    expect(listed?.sort()).toEqual(FORMATS.map((f) => f.id).sort());
  });
});

describe('costopt analyze: files that are not CSV text', () => {
  it('a binary file is exit 2 at file:1:1 saying so, without echoing its bytes', async () => {
    const r = await runCli(['analyze', F('bad/binary-not-csv.csv')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/binary-not-csv\.csv:1:1 error binary data, not CSV text/);
    expect(r.stderr).not.toMatch(/PNG|\uFFFD/);
  });

  it('a UTF-16 export (Excel "Unicode text", PowerShell) is exit 2 with how to convert it', async () => {
    const r = await runCli(['analyze', F('bad/focus-utf16le.csv')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/focus-utf16le\.csv:1:1 error UTF-16 text, not UTF-8: costopt reads UTF-8 CSV/);
    expect(r.stderr).toMatch(/hint: save the export as "CSV UTF-8"/);
  });
});

describe('costopt analyze --budget with several currencies', () => {
  it('applies to the top-level currency only, never to an amount in another currency', async () => {
    // USD: month to date 15.50, run rate (10 + 5.50) / 2 = 7.75, 29 days left: 15.50 + 224.75 = 240.25;
    // crosses 100 when 15.50 + 7.75 k > 100, k = 11 -> 2025-01-13.
    // EUR: 6 + 29 x 3.50 = 107.50 EUR, which is no reason to call a 100 USD budget exceeded.
    const r = await runCli(['analyze', F('focus-mixed-currencies-usd-eur.csv'), '--budget', '100', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { forecast: unknown; currencies: { currency: string; forecast: unknown }[] };
    expect(j.forecast).toMatchObject({ monthEnd: 240.25, budget: 100, status: 'over', crossingDate: '2025-01-13' });
    expect(j.currencies.map((c) => c.currency)).toEqual(['USD', 'EUR']);
    expect(j.currencies[1]!.forecast).toMatchObject({ monthEnd: 107.5, budget: null, status: 'none', crossingDate: null });
    expect(r.stderr).toMatch(/--budget 100 applies to USD \(the top-level currency\); EUR has no budget/);
  });
});

describe('costopt analyze: anomaly section on a short bill', () => {
  it('does not claim "no anomalies passed the thresholds" when no day could be scored', async () => {
    // 2 days of usage: the detector needs more history and scores nothing
    const r = await runCli(['analyze', F('focus-mixed-currencies-usd-eur.csv')]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/No usage anomalies passed the thresholds/);
    expect(r.stdout).toMatch(/Not checked: too little history \(see the notes below\)\./);
    expect(r.stdout).toMatch(/too little history: 2 days of usage/);
    // a bill long enough to score still says so
    const long = await runCli(['analyze', F('focus-120-days-1-then-9-a-day.csv')]);
    expect(long.stdout).not.toMatch(/Not checked/);
  });

  it('states a budget overrun as an amount, without a plus sign', async () => {
    const r = await runCli(['analyze', F('focus-1.2-usage-credit-tax-month.csv'), '--budget', '100']);
    // 346.85 - 100 = 246.85
    expect(r.stdout).toMatch(/status\s+over by \$246\.85\n/);
  });
});

describe('costopt analyze: forecast of a bill with month-long lines only (a monthly invoice)', () => {
  it('forecasts the month instead of silently skipping --budget and --fail-on forecast', async () => {
    // 310 + 31 = 341 over the 31 days of May: 11 a day. The month is covered: month end 341.
    // Budget 300: cumulative 11 k > 300 first at k = 28 -> 2025-05-28.
    const r = await runCli(['analyze', F('focus-monthly-usage-lines-only.csv'), '--budget', '300', '--fail-on', 'forecast', '--format', 'json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as { forecast: unknown };
    expect(j.forecast).toMatchObject({ month: '2025-05', asOf: '2025-05-31', monthToDate: 341, runRate: 11, monthEnd: 341, budget: 300, status: 'over', crossingDate: '2025-05-28' });
    expect(r.stderr).toMatch(/--fail-on met: month-end forecast over budget/);
  });
});

describe('costopt analyze --emit-sql with analysis flags', () => {
  it('is exit 2 naming the flag the query cannot honour (each was silently ignored)', async () => {
    for (const extra of [['--budget', '5'], ['--fail-on', 'anomaly'], ['--top', '3'], ['--strict'], ['--engine', 'js'], ['--basis', 'list'], ['--format', 'json']]) {
      const r = await runCli(['analyze', '--emit-sql', 'duckdb', '--format-hint', 'focus', ...extra]);
      expect(r.code, extra.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`error ${extra[0]}: not used with --emit-sql`);
    }
    const ok = await runCli(['analyze', '--emit-sql', 'duckdb', '--format-hint', 'focus', '--table', 'billing.focus']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^-- costopt daily aggregate of FOCUS/);
  });
});

describe('costopt analyze: unreadable-date message', () => {
  it('names ISO first for a FOCUS file, without nested parentheses', async () => {
    const r = await runCli(['analyze', F('bad/focus-every-row-unreadable.csv')]);
    expect(r.stderr).toContain('focus-every-row-unreadable.csv:3:1 error ChargePeriodStart: expected a date (ISO such as 2025-01-31T00:00:00Z, or M/D/YYYY), got "yesterday"');
  });
});

describe('costopt analyze: a semicolon- or tab-separated export', () => {
  it('is exit 2 saying the separator, not "unrecognised export" or "did you mean <the whole header>"', async () => {
    for (const extra of [[], ['--map', F('acme-mapping.yaml')]]) {
      const r = await runCli(['analyze', F('bad/semicolon-separated.csv'), ...extra]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/semicolon-separated\.csv:1:1 error the header is one column holding 3 ";": a semicolon-separated file; costopt reads comma-separated CSV/);
      expect(r.stderr).not.toMatch(/did you mean|unrecognised/);
    }
  });
});

describe('costopt analyze --format csv: the daily figures', () => {
  it('a spreadsheet gets one row a day (cost, usage, cost of each top service), not only sparkline glyphs', async () => {
    // 03-01: compute 10 + 3.10/31 of tax = 10.10, usage 10; 03-02: 10 + 2.50 - 5 credit + 0.10 = 7.60,
    // usage 12.50; 03-03 on: the tax's 0.10 a day only. Per service, all charges (as the sparklines):
    // Compute 10.10, 10 - 5 + 0.10 = 5.10, 0.10; Storage 0, 2.50, 0
    const r = await runCli(['analyze', F('focus-1.2-usage-credit-tax-month.csv'), '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(['# daily-USD', 'date,cost,usage,cost Compute,cost Storage', '2025-03-01,10.1,10,10.1,0', '2025-03-02,7.6,12.5,5.1,2.5', '2025-03-03,0.1,0,0.1,0', ''].join('\n'));
    const daily = r.stdout.slice(r.stdout.indexOf('# daily-USD')).split('\n\n')[0]!.split('\n');
    expect(daily.slice(2).map((l) => l.slice(0, 10))).toEqual(Array.from({ length: 31 }, (_, i) => `2025-03-${String(i + 1).padStart(2, '0')}`));
    // table and markdown do not print it (they have the sparklines)
    const t = await runCli(['analyze', F('focus-1.2-usage-credit-tax-month.csv')]);
    expect(t.stdout).not.toMatch(/2025-03-03 .*0\.10/);
    const md = await runCli(['analyze', F('focus-1.2-usage-credit-tax-month.csv'), '--format', 'markdown']);
    expect(md.stdout).not.toMatch(/\| date \| cost \| usage/);
    expect(t.stdout).not.toMatch(/│ date +│ cost +│ usage/);
  });
});

describe('costopt analyze: the anomaly table on a terminal', () => {
  it('never breaks a date or the sparkline around the event across lines', async () => {
    for (const columns of ['100', '120', '160']) {
      const r = await runCli(['analyze', F('focus-30-days-compute-spike-on-jan-25.csv')], { env: { COLUMNS: columns } });
      expect(r.code).toBe(0);
      const section = r.stdout.slice(r.stdout.indexOf('Anomalies'), r.stdout.indexOf('Non-usage events'));
      // the 18 days of context around the 01-25 spike: 14 before at $100, the $400 day, 3 after
      expect(section, `COLUMNS=${columns}`).toContain('▁'.repeat(14) + '█' + '▁'.repeat(3));
      expect(section).toContain('2025-01-25');
      for (const l of section.split('\n')) expect([...l].length).toBeLessThanOrEqual(Number(columns));
    }
  });
});

describe('costopt analyze: dates in the files and non-usage tables', () => {
  it('are never broken across lines on an 80-column terminal', async () => {
    // the real AWS samples: long file names and a Files table of 7 columns
    const r = await runCli(['analyze', join(SHARED, 'data', 'billing', 'aws')], { env: { COLUMNS: '80' } });
    expect(r.code).toBe(0);
    // each file's from and to whole on its first line (they were cut: "2019-11-" then "26")
    const files = r.stdout.slice(r.stdout.indexOf('Files'), r.stdout.indexOf('└'));
    expect(files.match(/│ \d{4}-\d\d-\d\d │ \d{4}-\d\d-\d\d │\n/g)).toHaveLength(3);
    expect(files).toMatch(/│ 2023-11-01 │ 2023-11-30 │\n/);
    for (const l of r.stdout.split('\n')) expect([...l].length).toBeLessThanOrEqual(80);
  });
});

describe('costopt analyze <folder>', () => {
  it('skips hidden files (macOS ._ metadata beside each file of an unzipped export)', async () => {
    const r = await runCli(['analyze', F('bad/folder-with-macos-metadata'), '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { files: { file: string }[]; totals: { net: number } };
    expect(j.files.map((f) => f.file)).toEqual(['test/fixtures/billing/bad/folder-with-macos-metadata/march.csv']);
    expect(j.totals.net).toBe(20.6);
  });
});

describe('costopt analyze --catalog / --as-of on a cost export', () => {
  it('warns that they price request logs only (they were silently ignored)', async () => {
    const r = await runCli(['analyze', F('focus-1.2-usage-credit-tax-month.csv'), '--as-of', '2025-01-01', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: --catalog, --as-of and --pricing-overrides only price request logs; these exports carry their own costs/);
    const quiet = await runCli(['analyze', F('focus-1.2-usage-credit-tax-month.csv'), '--format', 'json']);
    expect(quiet.stderr).toBe('');
  });
});
