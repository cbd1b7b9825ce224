import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { SHARED } from '../helpers/cli.js';
import { analyzePaths, aggregateInputs } from '../../src/io/billing/analyze.js';
import { expandInputs } from '../../src/io/billing/inputs.js';
import { prepareInputs } from '../../src/io/billing/prepare.js';

/**
 * Every real sample in shared/data/billing imports with its format detected, and its totals
 * equal an INDEPENDENT sum of its cost column: the file is read here with csv-parse (not the
 * importer's parser) and the column summed as exact decimals by `decimalSum` below (not
 * src/core/decimal.ts). The same sums were computed by hand with python3 (csv.DictReader +
 * decimal.Decimal); they are written as `python` for each file.
 */
const BILLING = join(SHARED, 'data', 'billing');

/** Exact sum of decimal strings (plain or 1e-6 notation), as a decimal string with 30 fraction digits. */
function decimalSum(values: string[], scaleDown = 0): string {
  const FRAC = 30;
  let sum = 0n;
  for (const raw of values) {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(raw.trim());
    if (!m) throw new Error(`not a number: ${raw}`);
    const digits = BigInt(`${m[2] || '0'}${m[3] ?? ''}` || '0');
    const exp = Number(m[4] ?? 0) - (m[3]?.length ?? 0) - scaleDown + FRAC;
    const v = exp >= 0 ? digits * 10n ** BigInt(exp) : digits / 10n ** BigInt(-exp);
    sum += m[1] === '-' ? -v : v;
  }
  const neg = sum < 0n;
  const abs = neg ? -sum : sum;
  const s = abs.toString().padStart(FRAC + 1, '0');
  return `${neg ? '-' : ''}${s.slice(0, -FRAC)}.${s.slice(-FRAC)}`;
}
/** Round a decimal string to cents, half away from zero, as a number. */
function cents(dec: string): number {
  const neg = dec.startsWith('-');
  const [i, f = ''] = dec.replace('-', '').split('.');
  let c = BigInt(i! + f.padEnd(2, '0').slice(0, 2));
  if (Number(f[2] ?? '0') >= 5) c += 1n;
  return (neg ? -1 : 1) * Number(c) / 100;
}

function column(file: string, name: string): string[] {
  const buf = readFileSync(join(BILLING, file));
  const text = (file.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8').replace(/\r\n/g, '\n');
  const rows = parse(text, { bom: true, columns: true, relax_column_count: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.map((r) => r[name] ?? '').filter((v) => v !== '' && v !== 'NULL');
}

const SAMPLES: { file: string; format: string; label: RegExp; column: string; currency: string; rows: number; python: string; scaleDown?: number }[] = [
  { file: 'focus/focus_sample_1000.csv', format: 'focus', label: /^FOCUS 1\.0$/, column: 'BilledCost', currency: 'USD', rows: 1000, python: '20.52022672899' },
  { file: 'focus/focus_spec_ai_drawdown_via_prepayment.csv', format: 'focus', label: /^FOCUS 1\.3$/, column: 'BilledCost', currency: 'USD', rows: 3, python: '500000.00' },
  { file: 'focus/focus_spec_ai_multi_model_invoice_via_csp_marketplace.csv', format: 'focus', label: /^FOCUS 1\.3$/, column: 'BilledCost', currency: 'USD', rows: 8, python: '2037.36' },
  { file: 'focus/focus_spec_saas_spend_agreement_b2.csv', format: 'focus', label: /^FOCUS 1\.1$/, column: 'BilledCost', currency: 'USD', rows: 14, python: '1200' },
  { file: 'aws/cur_legacy_sample_focus_converters.csv', format: 'aws-cur', label: /legacy/, column: 'lineItem/UnblendedCost', currency: 'USD', rows: 1281, python: '1.68230869740' },
  { file: 'aws/koku_cur_legacy_nok_2023-06.csv', format: 'aws-cur', label: /legacy/, column: 'lineItem/UnblendedCost', currency: 'NOK', rows: 3, python: '30' },
  { file: 'aws/aws_wal_workshop_cur_athena_2019-11-26.csv.gz', format: 'aws-cur2', label: /Athena/, column: 'line_item_unblended_cost', currency: 'USD', rows: 7850, python: '89.17063287800' },
  { file: 'azure/EA_ActualCost_Small.csv', format: 'azure', label: /Azure EA .*\(actual\)/, column: 'Cost', currency: 'USD', rows: 11, python: '8.5450077867419368' },
  { file: 'azure/EA_AmortizedCost_Small.csv', format: 'azure', label: /Azure EA .*\(amortized\)/, column: 'Cost', currency: 'USD', rows: 28, python: '16.29693213663664462748541900' },
  { file: 'azure/ea_export_sample_focus_converters.csv', format: 'azure', label: /Azure EA/, column: 'CostInBillingCurrency', currency: 'CAD', rows: 27, python: '1.26136926505726' },
  { file: 'azure/koku_mca_cost_details_camel_2023-08.csv', format: 'azure', label: /Azure MCA/, column: 'costInBillingCurrency', currency: 'USD', rows: 4, python: '0.000026241200000000000000' },
  { file: 'azure/opencost_cost_export_lowercase_2021-02.csv', format: 'azure', label: /Azure/, column: 'costinbillingcurrency', currency: 'USD', rows: 87, python: '16.39350621222439100000000000' },
  { file: 'azure/opencost_payg_german_headers_2021-02.csv', format: 'azure', label: /pay-as-you-go/, column: 'PreTaxCost (PreTaxCost)', currency: 'USD', rows: 1, python: '0.075' },
  { file: 'gcp/koku_bq_standard_export_2020-11.csv', format: 'gcp', label: /GCP/, column: 'cost', currency: 'USD', rows: 25, python: '0.000032' },
  { file: 'oci/oci_cost_report_sample_focus_converters.csv', format: 'oci', label: /OCI/, column: 'cost/myCost', currency: 'USD', rows: 506, python: '2.523589325400648027' },
  { file: 'openai/fivetran_openai_costs_seed.csv', format: 'openai', label: /OpenAI/, column: 'amount_value', currency: 'USD', rows: 593, python: '31.821481' },
  // amounts are cents: the independent sum divides by 100 (scaleDown 2)
  { file: 'anthropic/fivetran_claude_cost_report_seed.csv', format: 'anthropic', label: /Anthropic/, column: 'amount', currency: 'USD', rows: 13, python: '0.371400', scaleDown: 2 },
];

describe('real billing samples', () => {
  it.each(SAMPLES)('$file: format detected, totals equal an independent sum of $column', async (s) => {
    const independent = decimalSum(column(s.file, s.column), s.scaleDown);
    expect(Number(independent)).toBeCloseTo(Number(s.python), 12);

    const r = await analyzePaths([join(BILLING, s.file)], { noAnomalies: true });
    expect(r.format).toBe(s.format);
    expect(r.files[0]!.label).toMatch(s.label);
    expect(r.currency).toBe(s.currency);
    expect(r.currencies).toHaveLength(1);
    expect(r.rows).toEqual({ read: s.rows, skipped: 0, duplicates: 0 });
    // GCP: `cost` is gross; its credits are summed apart (next test)
    const gross = s.format === 'gcp' ? r.totals.net - r.totals.credits : r.totals.net;
    // exact amounts (SPEC §2.1): the total is the decimal sum, not rounded to the cent
    expect(gross).toBeCloseTo(Number(independent), 10);

    // exactly, not only to the cent: the engine's exact billed sums per kind against the independent decimal
    const inputs = await prepareInputs(expandInputs([join(BILLING, s.file)], process.cwd()), {});
    const agg = await aggregateInputs(inputs, {}, undefined);
    const exact = agg.report.flatMap((a) => a.byKind).filter((k) => k.kind !== 'credit' || s.format !== 'gcp').reduce((t, k) => t + k.cost, 0n);
    // importer keeps 12 decimals (rounded half away per row); compare at 1e-9 of the unit
    expect(Math.abs(Number(exact) / 1e12 - Number(independent))).toBeLessThan(1e-9);
  });

  it('GCP credits: the list column amounts (summed here with a regex) are the credits, and net is cost + credits', async () => {
    const text = readFileSync(join(BILLING, 'gcp/koku_bq_standard_export_2020-11.csv'), 'utf8');
    const amounts = [...text.matchAll(/'amount': (-?[\d.e-]+)/g)].map((m) => m[1]!);
    const credits = decimalSum(amounts);
    expect(Number(credits)).toBeCloseTo(-0.000032, 12); // python: -0.000032
    const inputs = await prepareInputs(expandInputs([join(BILLING, 'gcp/koku_bq_standard_export_2020-11.csv')], process.cwd()), {});
    const agg = await aggregateInputs(inputs, {}, undefined);
    const byKind = agg.report.flatMap((a) => a.byKind);
    const c = byKind.filter((x) => x.kind === 'credit').reduce((t, x) => t + x.cost, 0n);
    expect(c).toBe(-32_000_000n); // -0.000032 in 1e-12 units
    expect(byKind.reduce((t, x) => t + x.cost, 0n)).toBe(0n);
  });

  it('AWS legacy sample: the month-long tax lines are tax (not usage), spread over all of November', async () => {
    const text = readFileSync(join(BILLING, 'aws/cur_legacy_sample_focus_converters.csv'), 'utf8');
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    const tax = rows.filter((x) => x['lineItem/LineItemType'] === 'Tax');
    // python3: 12 Tax rows, all 2023-11-01T00:00:00.000Z..2023-12-01T00:00:00.000Z, sum 0.08
    expect(tax.length).toBeGreaterThan(0);
    const r = await analyzePaths([join(BILLING, 'aws/cur_legacy_sample_focus_converters.csv')], { noAnomalies: true });
    expect(r.totals.tax).toBeCloseTo(cents(decimalSum(tax.map((x) => x['lineItem/UnblendedCost']!))), 10);
    expect(r.daily[0]!.date).toBe('2023-11-01');
    expect(r.daily[r.daily.length - 1]!.date).toBe('2023-11-30');
  });

  it('Azure EA actual + amortized samples together are refused, not double-counted', async () => {
    await expect(analyzePaths([join(BILLING, 'azure/EA_ActualCost_Small.csv'), join(BILLING, 'azure/EA_AmortizedCost_Small.csv')], { noAnomalies: true })).rejects.toThrow(/double-counts/);
  });
});
