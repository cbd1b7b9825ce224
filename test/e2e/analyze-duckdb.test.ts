import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, json, runBuilt, runCli } from '../helpers/cli.js';

/**
 * The DuckDB engine through the CLI: Parquet bills (FOCUS and AWS CUR 2.0 exports, generated
 * from the CSV fixtures beside them with DuckDB: typed timestamps, DECIMAL and DOUBLE costs)
 * give the same report as their CSV originals; engine choice and the fallback when DuckDB
 * cannot load (COSTOPT_NO_DUCKDB=1 stands in for a missing native binding).
 */
const B = join(FIXTURES, 'billing');
const P = join(B, 'parquet');

interface Report {
  format: string;
  engine: string;
  files: { label: string; rows: number }[];
  totals: Record<string, number>;
  daily: { date: string; cost: number; usage: number }[];
  warnings: string[];
}

describe('analyze --engine duckdb and Parquet', () => {
  it('a FOCUS Parquet export reads as its CSV does (format from the schema, same totals and daily series)', () => {
    const pq = runBuilt(['analyze', join(P, 'focus-1.2-usage-credit-tax-month.parquet'), '--format', 'json']);
    const csv = runBuilt(['analyze', join(B, 'focus-1.2-usage-credit-tax-month.csv'), '--format', 'json', '--engine', 'js']);
    expect(pq.code, pq.stderr).toBe(0);
    const a = json<Report>(pq);
    const b = json<Report>(csv);
    expect(a.engine).toBe('duckdb');
    expect(a.format).toBe('focus');
    expect(a.files[0]!.label).toBe('FOCUS 1.2');
    expect(a.totals).toEqual(b.totals);
    expect(a.daily).toEqual(b.daily);
  });

  it('an AWS CUR 2.0 Parquet export (DOUBLE costs, TIMESTAMP times) reads as its CSV does', async () => {
    const a = json<Report>(await runCli(['analyze', join(P, 'aws-cur2-snake-case.parquet'), '--format', 'json']));
    const b = json<Report>(await runCli(['analyze', join(B, 'aws-cur2-snake-case-gzipped.csv.gz'), '--format', 'json', '--engine', 'js']));
    expect(a.format).toBe('aws-cur2');
    expect(a.engine).toBe('duckdb');
    expect(a.files[0]!.rows).toBe(b.files[0]!.rows);
    expect(a.totals).toEqual(b.totals);
    expect(a.daily).toEqual(b.daily);
  });

  it('a folder picks up .parquet files too', async () => {
    const r = await runCli(['analyze', P, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(json<Report>(r).files.map((f) => f.label).sort()).toEqual(['AWS CUR (Athena snake_case)', 'FOCUS 1.2'].sort());
  });

  it('--engine duckdb on CSV reports engine duckdb; auto keeps small CSVs on the JS engine', async () => {
    const f = join(B, 'focus-mixed-currencies-usd-eur.csv');
    const d = json<Report>(await runCli(['analyze', f, '--engine', 'duckdb', '--format', 'json']));
    const a = json<Report>(await runCli(['analyze', f, '--format', 'json']));
    expect(d.engine).toBe('duckdb');
    expect(a.engine).toBe('js');
    expect(d.totals).toEqual(a.totals);
  });

  it('Parquet with --engine js is exit 2, with the reason', async () => {
    const r = await runCli(['analyze', join(P, 'aws-cur2-snake-case.parquet'), '--engine', 'js']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--engine.*Parquet input is read by the DuckDB engine only/);
  });

  it('when DuckDB cannot load: auto still runs (JS); --engine duckdb and Parquet are exit 2 with the reason', () => {
    const env = { COSTOPT_NO_DUCKDB: '1' };
    const f = join(B, 'focus-mixed-currencies-usd-eur.csv');
    const auto = runBuilt(['analyze', f, '--format', 'json', '--engine', 'auto'], { env });
    expect(auto.code, auto.stderr).toBe(0);
    expect(json<Report>(auto).engine).toBe('js');
    const forced = runBuilt(['analyze', f, '--engine', 'duckdb'], { env });
    expect(forced.code).toBe(2);
    expect(forced.stderr).toMatch(/DuckDB engine is not available \(disabled by COSTOPT_NO_DUCKDB=1\)/);
    const pq = runBuilt(['analyze', join(P, 'aws-cur2-snake-case.parquet')], { env });
    expect(pq.code).toBe(2);
    expect(pq.stderr).toMatch(/Parquet input is read by the DuckDB engine, which is not available/);
  });

  it('a file DuckDB refuses (not UTF-8) is read by the JS engine, with a warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'costopt-latin1-'));
    try {
      const f = join(dir, 'focus-latin1.csv');
      writeFileSync(f, Buffer.concat([Buffer.from('BilledCost,ChargePeriodStart,BillingCurrency,ServiceName\n1.50,2024-09-01,USD,caf'), Buffer.from([0xe9]), Buffer.from('\n2.25,2024-09-02,USD,ok\n')]));
      const r = await runCli(['analyze', f, '--engine', 'duckdb', '--format', 'json']);
      expect(r.code, r.stderr).toBe(0);
      const j = json<Report>(r);
      expect(j.totals.net).toBe(3.75);
      expect(j.warnings.some((w) => /read with the JS engine \(DuckDB: .*CSV Error/.test(w))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a quote left open mid-file does not swallow the rows after it: DuckDB hands the file to the JS parser', async () => {
    // line 4 ends `"VM hours,"{""team"":""ml""}"`: DuckDB's strict read refuses it, and its lenient
    // read would run the last quote on to the end of the file, taking the storage, credit and tax
    // rows into one field (3 rows, net 30.00). By hand: 10 + 10 + 10 + 2.50 - 5.00 + 3.10 = 30.60
    // over 6 rows, as the JS parser reads it (line 4 one field short: its description runs on)
    const f = join(B, 'bad', 'focus-stray-quote-opens-a-field-on-line-4.csv');
    for (const engine of ['duckdb', 'js']) {
      const r = await runCli(['analyze', f, '--engine', engine, '--format', 'json']);
      expect(r.code, r.stderr).toBe(0);
      const j = json<Report & { rows: { read: number } }>(r);
      expect(j.rows.read).toBe(6);
      expect(j.totals.net).toBe(30.6);
      if (engine === 'duckdb') expect(j.warnings.some((w) => /read with the JS engine \(DuckDB: .*CSV Error on Line: 4.*a quote left open/.test(w))).toBe(true);
    }
  });

  it('an unknown --engine is exit 2', async () => {
    const r = await runCli(['analyze', join(B, 'focus-mixed-currencies-usd-eur.csv'), '--engine', 'polars']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--engine.*expected js, duckdb or auto/);
  });
});

describe('analyze --engine duckdb progress', () => {
  it('passes on the query\'s own progress while one large file is read, ending at the full size', async () => {
    const { generateFocus } = await import('../../scripts/lib/gen-focus.mjs');
    const { createDuckdbEngine } = await import('../../src/io/billing/duckdb/engine.js');
    const { expandInputs } = await import('../../src/io/billing/inputs.js');
    const { prepareInputs } = await import('../../src/io/billing/prepare.js');
    const { DEFAULT_REPORT_OPTIONS } = await import('../../src/core/billing/report-data.js');
    const dir = mkdtempSync(join(tmpdir(), 'costopt-progress-'));
    try {
      const file = join(dir, 'focus.csv');
      const info = generateFocus(file, 24);
      const inputs = await prepareInputs(expandInputs([file], dir), {});
      const seen: [number, number][] = [];
      const agg = await createDuckdbEngine({ progressEveryMs: 5 }).aggregate(inputs, { catalogs: undefined, dedupAcrossFiles: false, onProgress: (read, total) => seen.push([read, total]), report: DEFAULT_REPORT_OPTIONS });
      expect(agg.rows.read).toBe(info.rows);
      const total = info.bytes;
      expect(seen.every(([, t]) => t === total)).toBe(true);
      // before this, the bar stood still at 0% until the whole file was done
      expect(seen.some(([r]) => r > 0 && r < total)).toBe(true);
      expect(seen.map(([r]) => r)).toEqual([...seen.map(([r]) => r)].sort((a, b) => a - b));
      expect(seen[seen.length - 1]![0]).toBe(total);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
