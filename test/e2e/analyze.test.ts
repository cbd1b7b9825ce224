import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, FIXTURES, json, runBuilt } from '../helpers/cli.js';

/** `costopt analyze` end to end: the built CLI on the hand-made fixtures, exit codes and stderr included. */
const F = (name: string) => join(FIXTURES, 'billing', name);
const CATALOGS = join(FIXTURES, 'catalogs', 'billing-versions');

interface AnalyzeJson {
  schemaVersion: number;
  command: string;
  format: string;
  currency: string;
  rows: { read: number; skipped: number };
  totals: { usage: number; credits: number; net: number };
  daily: { date: string; cost: number }[];
  anomalies: unknown[];
  forecast: { monthEnd: number; budget: number | null; status: string; crossingDate: string | null; cumulative: { date: string; cost: number; projected: boolean }[] };
  unpriced: { rows: number; tokens: number; models: string[] };
  currencies: { currency: string; totals: { net: number } }[];
}

describe('costopt analyze (built CLI)', () => {
  beforeAll(() => {
    if (!existsSync(BIN) || !existsSync(join(BIN, '..', '..', 'dist'))) throw new Error('run `npm run build` first');
  });

  it('prints the report as a table, naming the format it detected', () => {
    const r = runBuilt(['analyze', F('focus-1.2-usage-credit-tax-month.csv')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/format\s+FOCUS 1\.2/);
    expect(r.stdout).toMatch(/Totals, 2025-03-01 to 2025-03-31 \(billed cost\)/);
    expect(r.stdout).toMatch(/net\s+│\s+\$20\.60/);
    expect(r.stdout).toMatch(/Non-usage events/);
  });

  it('JSON carries the analyze keys of SPEC §6; forecast against --budget with its crossing date', () => {
    const r = runBuilt(['analyze', F('focus-1.2-usage-credit-tax-month.csv'), '--budget', '100', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = json<AnalyzeJson>(r);
    expect([j.schemaVersion, j.command, j.format, j.currency]).toEqual([1, 'analyze', 'focus', 'USD']);
    expect(j.rows).toMatchObject({ read: 5, skipped: 0 });
    expect(j.totals).toMatchObject({ usage: 22.5, credits: -5, net: 20.6 });
    expect(j.daily[0]).toMatchObject({ date: '2025-03-01', cost: 10.1 });
    expect(Array.isArray(j.anomalies)).toBe(true);
    // month to date (03-01, 03-02) 10.10 + 7.60 = 17.70; usage run rate (10 + 12.50) / 2 = 11.25;
    // 29 days left: 29 x 11.25 + 29 x 0.10 of spread tax = 329.15; month end 346.85.
    // cumulative: 17.70, then +11.35 a day: 97.15 on 03-09, 108.50 on 03-10 -> crosses 100 on 2025-03-10
    expect(j.forecast).toMatchObject({ monthEnd: 346.85, budget: 100, status: 'over', crossingDate: '2025-03-10' });
    // the path the HTML chart draws: actual through 03-02, then projected +11.35 a day
    const path = j.forecast.cumulative;
    expect(path).toHaveLength(31);
    expect(path.slice(0, 3)).toEqual([{ date: '2025-03-01', cost: 10.1, projected: false }, { date: '2025-03-02', cost: 17.7, projected: false }, { date: '2025-03-03', cost: 29.05, projected: true }]);
    expect(path.find((p) => p.date === '2025-03-09')?.cost).toBeCloseTo(97.15, 9);
    expect(path.find((p) => p.date === '2025-03-10')?.cost).toBeCloseTo(108.5, 9);
    expect(path[30]).toEqual({ date: '2025-03-31', cost: 346.85, projected: true });
    expect(j.unpriced).toEqual({ rows: 0, tokens: 0, models: [] });
  });

  it('--fail-on forecast exits 1 when the month-end forecast is over --budget, 0 when within', () => {
    const over = runBuilt(['analyze', F('focus-1.2-usage-credit-tax-month.csv'), '--budget', '100', '--fail-on', 'forecast', '--format', 'json']);
    expect(over.code).toBe(1);
    expect(over.stderr).toMatch(/--fail-on met: month-end forecast over budget/);
    const within = runBuilt(['analyze', F('focus-1.2-usage-credit-tax-month.csv'), '--budget', '400', '--fail-on', 'forecast,anomaly']);
    expect(within.code).toBe(0);
  });

  it('request logs: priced per date from a catalog folder; --fail-on unpriced exits 1', () => {
    const r = runBuilt(['analyze', F('request-log-cache-tiers-dates.csv'), '--catalog', CATALOGS, '--fail-on', 'unpriced', '--format', 'json']);
    expect(r.code).toBe(1);
    const j = json<AnalyzeJson>(r);
    expect(j.totals.net).toBe(1.07);
    expect(j.unpriced).toEqual({ rows: 1, tokens: 2000, models: ['test/unknown-model'] });
    expect(r.stderr).toMatch(/request-log-cache-tiers-dates\.csv:7:1 input_tokens: cache tokens/);
    expect(r.stderr).toMatch(/totals are a lower bound/);
  });

  it('bad rows: warned with file:line; --strict makes them exit 2', () => {
    const lax = runBuilt(['analyze', F('focus-bad-rows.csv'), '--format', 'json']);
    expect(lax.code).toBe(0);
    expect(json<AnalyzeJson>(lax).rows).toMatchObject({ read: 7, skipped: 5 });
    expect(lax.stderr).toMatch(/focus-bad-rows\.csv:4:1 BilledCost: expected a number, got "abc"/);
    const strict = runBuilt(['analyze', F('focus-bad-rows.csv'), '--strict']);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/focus-bad-rows\.csv:3:1 error ChargePeriodStart: expected a date/);
    expect(strict.stdout).toBe('');
  });

  it('Azure actual + amortized for the same month is refused with exit 2', () => {
    const r = runBuilt(['analyze', F('azure-ea-actual-sept-2023.csv'), F('azure-ea-amortized-sept-2023.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/double-counts commitment costs/);
  });

  it('gzip, BOM/CRLF, mixed currencies and credits through the CLI', () => {
    expect(json<AnalyzeJson>(runBuilt(['analyze', F('aws-cur2-snake-case-gzipped.csv.gz'), '--format', 'json'])).totals.net).toBe(2);
    expect(json<AnalyzeJson>(runBuilt(['analyze', F('azure-ea-bom-crlf-us-dates.csv'), '--format', 'json'])).totals).toMatchObject({ credits: -0.75, net: 3 });
    const mixed = runBuilt(['analyze', F('focus-mixed-currencies-usd-eur.csv'), '--format', 'json']);
    expect(json<AnalyzeJson>(mixed).currencies.map((c) => [c.currency, c.totals.net])).toEqual([['USD', 15.5], ['EUR', 6]]);
    expect(mixed.stderr).toMatch(/never summed/);
    expect(json<AnalyzeJson>(runBuilt(['analyze', F('gcp-bq-credits-python-list.csv'), '--format', 'json'])).totals).toMatchObject({ usage: 12, credits: -5.5, net: 7.7 });
  });

  it('several files: overlapping rows dropped with a warning', () => {
    const r = runBuilt(['analyze', F('overlap-jan-1-to-3.csv'), F('overlap-jan-2-to-4.csv'), '--format', 'json']);
    expect(json<AnalyzeJson>(r).totals.net).toBe(10);
    expect(r.stderr).toMatch(/2 row\(s\) repeated across overlapping files were counted once/);
  });

  it('--map reads a custom export; a bad mapping file is exit 2 at file:line:col', () => {
    const ok = runBuilt(['analyze', F('acme-usage-cents-negative-dmy.csv'), '--map', F('acme-mapping.yaml'), '--format', 'json']);
    expect(ok.code).toBe(0);
    expect(json<AnalyzeJson>(ok)).toMatchObject({ format: 'acme', currency: 'EUR', totals: { usage: 15, credits: -5, net: 10 } });
    // the same lines with German dates (13.02.2025): day 13 of February, as with slashes
    const dotted = runBuilt(['analyze', F('acme-usage-cents-german-dotted-dates.csv'), '--map', F('acme-mapping.yaml'), '--format', 'json']);
    expect(dotted.code, dotted.stderr).toBe(0);
    expect(json<AnalyzeJson>(dotted)).toMatchObject({ totals: { usage: 15, credits: -5, net: 10 }, period: { from: '2025-02-13', to: '2025-02-14' } });
    const bad = runBuilt(['analyze', F('acme-usage-cents-negative-dmy.csv'), '--map', F('acme-mapping-typo.yaml')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/acme-mapping-typo\.yaml:2:1 error/);
  });

  it('bad flags and unknown exports are exit 2', () => {
    expect(runBuilt(['analyze', F('unrecognised-header.csv')])).toMatchObject({ code: 2, stderr: expect.stringMatching(/unrecognised-header\.csv:1:1 error unrecognised billing export/) });
    expect(runBuilt(['analyze', F('focus-bad-rows.csv'), '--fail-on', 'everything'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--fail-on: expected anomaly, forecast, unpriced/) });
    expect(runBuilt(['analyze', F('focus-bad-rows.csv'), '--basis', 'amortized'])).toMatchObject({ code: 2 });
    expect(runBuilt(['analyze', F('focus-bad-rows.csv'), '--fail-on', 'forecast'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/needs --budget/) });
    expect(runBuilt(['analyze', F('no-such-file.csv')])).toMatchObject({ code: 2, stderr: expect.stringMatching(/no-such-file\.csv error cannot read file/) });
  });

  it('markdown and csv render the same report', () => {
    const md = runBuilt(['analyze', F('openai-costs-unix-times-lowercase-usd-crlf.csv'), '--format', 'markdown']);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^#+ Bill analysis/m);
    expect(md.stdout).toMatch(/\| gpt-4o \| \$6\.25 \|/);
    const csv = runBuilt(['analyze', F('openai-costs-unix-times-lowercase-usd-crlf.csv'), '--format', 'csv']);
    expect(csv.code).toBe(0);
    expect(csv.stdout).toMatch(/gpt-4o,6\.25/);
  });
});
