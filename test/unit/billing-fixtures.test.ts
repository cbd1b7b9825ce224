import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FIXTURES } from '../helpers/cli.js';
import { analyzePaths } from '../../src/io/billing/analyze.js';
import { isInputError } from '../../src/core/errors.js';

/** Hand-made fixtures, one behaviour each; every expected figure is worked out in the comment above it. */
const F = (name: string) => join(FIXTURES, 'billing', name);
const run = (files: string[], o: Parameters<typeof analyzePaths>[1] = {}) => analyzePaths(files.map(F), { noAnomalies: true, ...o });

describe('analyze fixtures', () => {
  it('FOCUS 1.2: usage, a credit and month-long tax kept apart; tax spread over its 31 days', async () => {
    const r = await run(['focus-1.2-usage-credit-tax-month.csv']);
    expect(r.files[0]!.label).toBe('FOCUS 1.2');
    // usage 10 + 10 + 2.50; credit -5; tax 3.10; net 20.60
    expect(r.totals).toEqual({ usage: 22.5, credits: -5, purchase: 0, tax: 3.1, adjustment: 0, net: 20.6 });
    // tax 3.10 / 31 days = 0.10 a day: 03-01 10 + 0.10; 03-02 10 + 2.50 - 5 + 0.10; then 0.10 to 03-31
    expect(r.daily).toHaveLength(31);
    expect(r.daily[0]).toEqual({ date: '2025-03-01', cost: 10.1, usage: 10 });
    expect(r.daily[1]).toEqual({ date: '2025-03-02', cost: 7.6, usage: 12.5 });
    expect(r.daily[30]).toEqual({ date: '2025-03-31', cost: 0.1, usage: 0 });
    // top services: Compute 10 + 10 - 5 + 3.10 = 18.10 (87.86% of 20.60), Storage 2.50
    expect(r.top.services.map((s) => [s.name, s.cost])).toEqual([['Compute', 18.1], ['Storage', 2.5]]);
    expect(r.top.regions[0]).toMatchObject({ name: 'us-east-1', cost: 15 });
  });

  it('--basis effective and list read their own columns', async () => {
    // effective: 8 + 8 + 2.50 - 5 + 3.10 = 16.60; list: 12 + 12 + 2.50 + 0 + 3.10 = 29.60
    expect((await run(['focus-1.2-usage-credit-tax-month.csv'], { basis: 'effective' })).totals.net).toBe(16.6);
    expect((await run(['focus-1.2-usage-credit-tax-month.csv'], { basis: 'list' })).totals.net).toBe(29.6);
  });

  it('NULL and empty strings are nulls; dates without T/Z read as UTC', async () => {
    const r = await run(['focus-1.0-null-strings-space-dates.csv']);
    expect(r.totals.net).toBe(2); // 1.25 + 0.50 + 0.25
    expect(r.period).toEqual({ from: '2024-09-01', to: '2024-09-02' });
    expect(r.top.regions.map((x) => x.name)).toEqual(['(none)', 'eastus']);
    // ListCost NULL on one row: list basis uses its billed cost and says so
    const l = await run(['focus-1.0-null-strings-space-dates.csv'], { basis: 'list' });
    expect(l.totals.net).toBe(2);
    expect(l.warnings.join('\n')).toMatch(/1 row\(s\) have no list cost/);
  });

  it('bad rows are counted and shown with file:line and why, never dropped silently', async () => {
    const r = await run(['focus-bad-rows.csv']);
    expect(r.rows).toEqual({ read: 7, skipped: 5, duplicates: 0 });
    expect(r.totals.net).toBe(3); // rows 2 and 6: 1.00 + 2.00
    expect(r.problems.map((p) => [p.line, p.column ?? null])).toEqual([[3, 'ChargePeriodStart'], [4, 'BilledCost'], [5, 'BilledCost'], [7, null], [8, 'ChargePeriodEnd']]);
    expect(r.problems[0]!.message).toMatch(/expected a date .*"yesterday"/);
    expect(r.problems[3]!.message).toMatch(/7 fields, but the header has 6/);
  });

  it('--strict turns bad rows into exit-2 diagnostics at file:line', async () => {
    const e = await run(['focus-bad-rows.csv'], { strict: true }).catch((x: unknown) => x);
    expect(isInputError(e)).toBe(true);
    expect(String(e)).toMatch(/focus-bad-rows\.csv:3:1 error ChargePeriodStart: expected a date/);
  });

  it('CRLF and quoted newlines: the row after a two-line record is reported at its own line', async () => {
    const r = await run(['focus-quoted-newlines-crlf.csv']);
    expect(r.totals.net).toBe(6.6); // 1.10 + 2.20 + 3.30
    expect(r.problems.map((p) => p.line)).toEqual([5]);
  });

  it('mixed currencies are never summed: one report per currency', async () => {
    const r = await run(['focus-mixed-currencies-usd-eur.csv']);
    // USD 10 + 5 + 0.50 = 15.50 (3 rows, primary); EUR 7 - 1 = 6.00
    expect(r.currency).toBe('USD');
    expect(r.totals.net).toBe(15.5);
    expect(r.currencies.map((c) => [c.currency, c.totals.net, c.totals.credits])).toEqual([['USD', 15.5, 0], ['EUR', 6, -1]]);
    expect(r.warnings.join('\n')).toMatch(/2 currencies \(USD, EUR\)/);
  });

  it('a monthly fee is spread over its days for trends and is not a usage-series event', async () => {
    const r = await run(['focus-monthly-fee-spread.csv']);
    // 28.00 over February (28 days) = 1.00 a day, plus 5.00 of compute on the 1st..3rd
    expect(r.totals.net).toBe(43);
    expect(r.daily).toHaveLength(28);
    expect(r.daily.slice(0, 4).map((d) => d.cost)).toEqual([6, 6, 6, 1]);
    const withDetector = await analyzePaths([F('focus-monthly-fee-spread.csv')]);
    expect(withDetector.nonUsage).toEqual([expect.objectContaining({ date: '2025-02-01', kind: 'recurring', series: 'service:Support', amount: 28 })]);
  });

  it('overlapping exports: rows repeated across files count once, with a warning', async () => {
    const r = await run(['overlap-jan-1-to-3.csv', 'overlap-jan-2-to-4.csv']);
    expect(r.rows).toEqual({ read: 6, skipped: 0, duplicates: 2 });
    expect(r.totals.net).toBe(10); // 1 + 2 + 3 + 4
    expect(r.warnings.join('\n')).toMatch(/2 row\(s\) repeated across overlapping files were counted once/);
  });

  it('AWS CUR legacy: line item types become charge kinds; effective cost follows SP/RI rules', async () => {
    const r = await run(['aws-cur-legacy-tax-month-ri-fee-credit.csv']);
    // usage 1.00 + 0.90 + 0.00; credits: SP negation -0.90 and credit -2.00; RI fee 30; tax 3
    expect(r.totals).toEqual({ usage: 1.9, credits: -2.9, purchase: 30, tax: 3, adjustment: 0, net: 32 });
    // effective: usage 1.00 + SP 0.60 + RI 0.40 = 2.00; negation 0, credit -2; fee 30; tax 3 = 33
    const e = await run(['aws-cur-legacy-tax-month-ri-fee-credit.csv'], { basis: 'effective' });
    expect(e.totals).toEqual({ usage: 2, credits: -2, purchase: 30, tax: 3, adjustment: 0, net: 33 });
  });

  it('AWS CUR 2.0 snake_case, gzipped (detected from the bytes)', async () => {
    const r = await run(['aws-cur2-snake-case-gzipped.csv.gz']);
    expect(r.format).toBe('aws-cur2');
    expect(r.totals.net).toBe(2); // 0.50 + 0.25 + 1.25
    expect(r.top.services[0]).toMatchObject({ name: 'AWS Lambda', cost: 1.25 });
  });

  it('Azure EA: BOM, CRLF, MM/DD/YYYY and a refund', async () => {
    const r = await run(['azure-ea-bom-crlf-us-dates.csv']);
    expect(r.files[0]!.label).toBe('Azure EA cost details');
    expect(r.period).toEqual({ from: '2023-09-01', to: '2023-09-03' });
    expect(r.totals).toMatchObject({ usage: 3.75, credits: -0.75, net: 3 }); // 1.50 + 2.25, refund -0.75
  });

  it('Azure actual vs amortized are told apart; both for the same period is refused', async () => {
    const a = await run(['azure-ea-actual-sept-2023.csv']);
    expect(a.files[0]!.variant).toBe('actual');
    expect(a.totals).toMatchObject({ usage: 1, purchase: 3.25, net: 4.25 });
    const m = await run(['azure-ea-amortized-sept-2023.csv']);
    expect(m.files[0]!.variant).toBe('amortized');
    expect(m.totals.net).toBe(1.49);
    const e = await run(['azure-ea-actual-sept-2023.csv', 'azure-ea-amortized-sept-2023.csv']).catch((x: unknown) => x);
    expect(isInputError(e)).toBe(true);
    expect(String(e)).toMatch(/azure-ea-amortized-sept-2023\.csv error Azure amortized export overlaps the actual-cost export .*double-counts/);
  });

  it('Azure MCA: camelCase columns, mixed CRLF/LF', async () => {
    const r = await run(['azure-mca-camel-mixed-crlf-lf.csv']);
    expect(r.files[0]!.label).toBe('Azure MCA cost details');
    expect([r.currency, r.totals.net, r.rows.read]).toEqual(['EUR', 6, 3]);
  });

  it('GCP: credits in a Python-style list become credit lines', async () => {
    const r = await run(['gcp-bq-credits-python-list.csv']);
    // cost 10 + 2 (+ tax 1.20); credits -4.0 - 1.5
    expect(r.totals).toEqual({ usage: 12, credits: -5.5, purchase: 0, tax: 1.2, adjustment: 0, net: 7.7 });
  });

  it('OCI: corrections are adjustments', async () => {
    const r = await run(['oci-cost-report-correction.csv']);
    expect(r.totals).toMatchObject({ usage: 0.75, adjustment: -0.1, net: 0.65 });
  });

  it('OpenAI costs: Unix times, lower-case usd, model from line_item', async () => {
    const r = await run(['openai-costs-unix-times-lowercase-usd-crlf.csv']);
    expect([r.currency, r.totals.net, r.period.from, r.period.to]).toEqual(['USD', 8.3, '2025-01-06', '2025-01-07']);
    // gpt-4o 1.25 + 5.00; "Batch API" has no model
    expect(r.top.models.map((m) => [m.name, m.cost])).toEqual([['gpt-4o', 6.25], ['(none)', 2], ['gpt-4o-mini', 0.05]]);
  });

  it('Anthropic cost report: amounts are cents', async () => {
    const r = await run(['anthropic-cost-report-amount-in-cents.csv']);
    expect(r.totals.net).toBe(3.74); // (123.45 + 250.00 + 0.55) / 100
    expect(r.period).toEqual({ from: '2025-01-01', to: '2025-01-02' });
  });

  it('--map: a mapping file with cents, negative sign convention, D/M/Y dates and charge kinds', async () => {
    const r = await run(['acme-usage-cents-negative-dmy.csv'], { mapFile: F('acme-mapping.yaml') });
    // -1250 and -250 cents written negative = charges 12.50 + 2.50; +500 "Gutschrift" = credit -5.00
    expect([r.format, r.currency, r.totals.usage, r.totals.credits, r.totals.net]).toEqual(['acme', 'EUR', 15, -5, 10]);
    expect(r.period).toEqual({ from: '2025-02-13', to: '2025-02-14' });
  });

  it('--map errors are located at file:line:col with did-you-mean', async () => {
    const e = await run(['acme-usage-cents-negative-dmy.csv'], { mapFile: F('acme-mapping-typo.yaml') }).catch((x: unknown) => x);
    expect(isInputError(e)).toBe(true);
    expect(String(e)).toMatch(/acme-mapping-typo\.yaml:2:1 error/);
    expect(String(e)).toMatch(/columns/);
    expect(String(e)).toMatch(/acme-mapping-typo\.yaml:4:\d+ error cost\.scale: expected a power of ten/);
  });

  it('an unknown header is exit 2 naming the file and the way out', async () => {
    const e = await run(['unrecognised-header.csv']).catch((x: unknown) => x);
    expect(String(e)).toMatch(/unrecognised-header\.csv:1:1 error unrecognised billing export .*\n\s+hint: pass --format-hint/);
  });

  it('--format-hint forces a format; an unknown hint gets did-you-mean', async () => {
    const r = await run(['focus-bad-rows.csv'], { formatHint: 'focus' });
    expect(r.format).toBe('focus');
    await expect(run(['focus-bad-rows.csv'], { formatHint: 'foucs' })).rejects.toThrow(/did you mean "focus"/);
    // forcing a format whose columns are missing names them
    await expect(run(['focus-bad-rows.csv'], { formatHint: 'gcp' })).rejects.toThrow(/focus-bad-rows\.csv:1:1 error start: GCP billing export: no column "usage_start_time"/);
  });

  it('folders and globs expand to their .csv and .csv.gz files', async () => {
    const r = await analyzePaths(['test/fixtures/billing/overlap-*.csv'], { noAnomalies: true });
    expect(r.files.map((f) => f.file)).toEqual(['test/fixtures/billing/overlap-jan-1-to-3.csv', 'test/fixtures/billing/overlap-jan-2-to-4.csv']);
  });
});
