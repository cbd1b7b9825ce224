import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { FIXTURES, json, runCli } from '../helpers/cli.js';

/**
 * `--emit-sql`: the daily aggregation query a warehouse runs, and its output read back. The
 * round trip is run here with DuckDB: the emitted duckdb query over a fixture loaded as a
 * table of text columns (as a CSV lands in a warehouse), its result written as CSV, that CSV
 * analyzed, and the totals and daily series compared with analyzing the fixture itself.
 */
const B = join(FIXTURES, 'billing');
const dir = mkdtempSync(join(tmpdir(), 'costopt-emit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Report {
  format: string;
  totals: Record<string, number>;
  daily: { date: string; cost: number; usage: number }[];
  top: { services: { name: string; cost: number }[] };
  currencies: { currency: string; totals: Record<string, number> }[];
}

async function roundTrip(fixture: string, extra: string[] = []): Promise<{ original: Report; back: Report; sql: string }> {
  const file = join(B, fixture);
  const emitted = await runCli(['analyze', file, '--emit-sql', 'duckdb', '--table', 'bill', ...extra]);
  expect(emitted.code, emitted.stderr).toBe(0);
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run(`CREATE TABLE bill AS SELECT * FROM read_csv('${file}', all_varchar = true, header = true)`);
  const out = join(dir, `${fixture.replace(/\W/g, '_')}.daily.csv`);
  await con.run(`COPY (${emitted.stdout.trim().replace(/;$/, '')}) TO '${out}' (HEADER, DELIMITER ',')`);
  con.closeSync();
  db.closeSync();
  const original = json<Report>(await runCli(['analyze', file, '--format', 'json', '--engine', 'js', ...extra]));
  const back = json<Report>(await runCli(['analyze', out, '--format', 'json']));
  return { original, back, sql: emitted.stdout };
}

describe('analyze --emit-sql', () => {
  for (const f of ['focus-1.2-usage-credit-tax-month.csv', 'aws-cur-legacy-tax-month-ri-fee-credit.csv', 'gcp-bq-credits-python-list.csv', 'focus-mixed-currencies-usd-eur.csv', 'focus-monthly-fee-spread.csv']) {
    it(`round trip through DuckDB: ${f}`, async () => {
      const { original, back } = await roundTrip(f);
      expect(back.format).toBe('costopt-daily');
      expect(back.totals).toEqual(original.totals);
      expect(back.daily).toEqual(original.daily);
      expect(back.top.services).toEqual(original.top.services);
      expect(back.currencies.map((c) => [c.currency, c.totals])).toEqual(original.currencies.map((c) => [c.currency, c.totals]));
    });
  }

  it('round trip of a --map mapping (cents, negative sign, D/M/Y dates)', async () => {
    const { original, back } = await roundTrip('acme-usage-cents-negative-dmy.csv', ['--map', join(B, 'acme-mapping.yaml')]);
    expect(back.totals).toEqual(original.totals);
    expect(back.daily).toEqual(original.daily);
  });

  it('prints a query for each warehouse, reading the table named, with the daily-aggregate columns', async () => {
    for (const [dialect, table, quoted] of [['duckdb', 'bill', '"bill"'], ['trino', 'hive.billing.focus', '"hive"."billing"."focus"'], ['bigquery', 'billing.export', '`billing`.`export`'], ['spark', 'focus', '`focus`']] as const) {
      const r = await runCli(['analyze', join(B, 'focus-1.2-usage-credit-tax-month.csv'), '--emit-sql', dialect, '--table', table]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`FROM ${quoted}`);
      expect(r.stdout).toContain('-- output: date, charge_start, charge_end, currency, charge_kind');
      expect(r.stdout.trimEnd().endsWith(';')).toBe(true);
    }
  });

  it('a format named without a sample binds to its own column names', async () => {
    const r = await runCli(['analyze', '--emit-sql', 'bigquery', '--format-hint', 'gcp', '--table', 'ds.gcp_billing_export_v1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('`usage_start_time`');
    expect(r.stdout).toContain('columns assumed from the format');
  });

  it('bad uses are exit 2', async () => {
    const f = join(B, 'focus-1.2-usage-credit-tax-month.csv');
    const bad = await runCli(['analyze', f, '--emit-sql', 'oracle']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--emit-sql.*expected duckdb, trino, bigquery, spark/);
    const none = await runCli(['analyze', '--emit-sql', 'duckdb']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/needs a sample bill file, --format-hint/);
    const table = await runCli(['analyze', f, '--emit-sql', 'duckdb', '--table', 'x; drop table y']);
    expect(table.code).toBe(2);
    expect(table.stderr).toMatch(/--table/);
    const logs = await runCli(['analyze', '--emit-sql', 'duckdb', '--format-hint', 'request-log']);
    expect(logs.code).toBe(2);
    expect(logs.stderr).toMatch(/cannot be aggregated in SQL: request logs are priced/);
  });
});
