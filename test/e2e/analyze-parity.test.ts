import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, ROOT, SEED_CATALOG, SHARED } from '../helpers/cli.js';
import type { Aggregates } from '../../src/core/billing/aggregate.js';
import { canonicalAggregates, type CurrencyAggregates, type ReportOptions } from '../../src/core/billing/report-data.js';
import { aggregateInputs, analyzePaths, loadCatalogVersions } from '../../src/io/billing/analyze.js';
import { expandInputs } from '../../src/io/billing/inputs.js';
import { prepareInputs, type PreparedInput } from '../../src/io/billing/prepare.js';
import { createDuckdbEngine } from '../../src/io/billing/duckdb/engine.js';
import { loadDuckDB } from '../../src/io/billing/duckdb/load.js';

/**
 * The JS engine (the reference) and the DuckDB engine give identical aggregates on every
 * billing fixture and every real sample: the same report aggregates (report-data.ts: money to
 * the 1e-12 unit, quantities to 1e-9 relative), row counts, file summaries, warnings and first
 * problems; and the same report (`analyzePaths`, anomalies included). The aggregates are
 * compared twice: as the report uses them (top 10, 25 series per dimension) and with limits so
 * large that every name of every dimension and every series is listed, so nothing the top-N
 * hides can differ. Inputs the SQL engine does not take (request logs priced from the catalog)
 * are routed to the JS engine by `aggregateInputs` (their cells join DuckDB's); the test says
 * which ones those are.
 */
const BILLING_FIXTURES = join(FIXTURES, 'billing');
const SAMPLES = join(SHARED, 'data', 'billing');
const isBill = (f: string) => /\.(csv|csv\.gz)$/i.test(f);

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)])).sort();
}

/** Fixtures that need a mapping file, and the fixture that is not a bill on purpose. */
const MAPPED: Record<string, string> = { 'acme-usage-cents-negative-dmy.csv': 'acme-mapping.yaml', 'acme-usage-cents-german-dotted-dates.csv': 'acme-mapping.yaml' };
const NOT_A_BILL = new Set(['unrecognised-header.csv']);
/** catalog-priced request logs: the SQL engine hands them to the JS engine */
const JS_ONLY = new Set(['request-log-cache-tiers-dates.csv', 'request-log-2024-06-to-2026-11.csv']);

/** Money as exact strings; quantities (float sums whose order differs) compared apart. */
function comparable(report: readonly CurrencyAggregates[]): unknown {
  const out = canonicalAggregates(report).map((a) => ({ ...a, series: a.series.map((s) => ({ ...s, points: s.points.map((p) => ({ ...p, quantity: 0 })) })) }));
  return JSON.parse(JSON.stringify(out, (_, v: unknown) => (typeof v === 'bigint' ? `${v}` : v)));
}
const quantities = (report: readonly CurrencyAggregates[]) => report.flatMap((a) => a.series.flatMap((s) => s.points.map((p) => p.quantity)));

function expectSameAggregates(js: Aggregates, duck: Aggregates): void {
  expect(duck.rows).toEqual(js.rows);
  expect(comparable(duck.report)).toEqual(comparable(js.report));
  const qa = quantities(js.report);
  const qb = quantities(duck.report);
  expect(qb.length).toBe(qa.length);
  qa.forEach((q, i) => expect(Math.abs(q - qb[i]!)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(q))));
  expect(duck.files).toEqual(js.files);
  expect(duck.warnings).toEqual(js.warnings);
  expect(duck.problems).toEqual(js.problems);
}

/** every name and series listed */
const EVERYTHING: Partial<ReportOptions> = { topN: 100_000, maxPerDimension: 100_000, maxSkusPerService: 100_000 };

async function both(paths: string[], mapFile?: string): Promise<{ js: Aggregates; duck: Aggregates; inputs: PreparedInput[] }> {
  const inputs = await prepareInputs(expandInputs(paths, ROOT), { mapFile });
  const catalogs = inputs.some((i) => i.format.mapping.pricing === 'catalog') ? (await loadCatalogVersions({ catalog: SEED_CATALOG }, ROOT)).source : undefined;
  const js = await aggregateInputs(inputs, { engine: 'js' }, catalogs);
  const duck = await aggregateInputs(inputs, { engine: 'duckdb' }, catalogs);
  // the finest grain: nothing left in "other" or outside the chosen series
  for (const basis of ['billed', 'list'] as const) {
    const jsAll = await aggregateInputs(inputs, { engine: 'js', basis, report: EVERYTHING }, catalogs);
    const duckAll = await aggregateInputs(inputs, { engine: 'duckdb', basis, report: EVERYTHING }, catalogs);
    expect(comparable(duckAll.report)).toEqual(comparable(jsAll.report));
  }
  return { js, duck, inputs };
}

/** The whole report, anomalies included, from both engines. */
async function expectSameReport(paths: string[], mapFile?: string): Promise<void> {
  const opts = { cwd: ROOT, mapFile, catalog: { catalog: SEED_CATALOG } };
  const { engine: e1, ...js } = await analyzePaths(paths, { ...opts, engine: 'js' });
  const { engine: e2, ...duck } = await analyzePaths(paths, { ...opts, engine: 'duckdb' });
  expect([e1, e2]).toEqual(['js', 'duckdb']);
  expect(duck).toEqual(js);
}

describe('JS and DuckDB engines agree', () => {
  it('DuckDB loads here (the parity below must not pass by falling back to JS)', async () => {
    const { mod, reason } = await loadDuckDB();
    expect(reason).toBeUndefined();
    expect(mod).toBeDefined();
  });

  const fixtures = readdirSync(BILLING_FIXTURES).filter(isBill).filter((f) => !NOT_A_BILL.has(f)).sort();
  it('covers every billing fixture', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
  });

  for (const f of fixtures) {
    it(`fixture ${f}`, async () => {
      const map = MAPPED[f];
      const { js, duck, inputs } = await both([join(BILLING_FIXTURES, f)], map && join(BILLING_FIXTURES, map));
      const sql = createDuckdbEngine();
      expect(inputs.every((i) => sql.supports(i))).toBe(!JS_ONLY.has(f));
      expect(js.engine).toBe('js');
      expect(duck.engine).toBe('duckdb');
      expect(js.report.length).toBeGreaterThan(0);
      expectSameAggregates(js, duck);
      await expectSameReport([join(BILLING_FIXTURES, f)], map && join(BILLING_FIXTURES, map));
    });
  }

  const samples = walk(SAMPLES).filter(isBill);
  it('covers every real sample', () => {
    expect(samples.length).toBeGreaterThanOrEqual(17);
  });
  for (const f of samples) {
    it(`sample ${f.slice(SAMPLES.length + 1)}`, async () => {
      const { js, duck, inputs } = await both([f]);
      expect(inputs.every((i) => createDuckdbEngine().supports(i))).toBe(true);
      expect(js.report.length).toBeGreaterThan(0);
      expectSameAggregates(js, duck);
      await expectSameReport([f]);
    });
  }

  it('overlapping exports: the same rows are dropped as duplicates', async () => {
    const { js, duck } = await both([join(BILLING_FIXTURES, 'overlap-jan-1-to-3.csv'), join(BILLING_FIXTURES, 'overlap-jan-2-to-4.csv')]);
    expect(js.rows.duplicates).toBeGreaterThan(0);
    expectSameAggregates(js, duck);
  });

  it('every fixture at once (cross-file de-duplication over mixed formats)', async () => {
    const all = fixtures.filter((f) => !MAPPED[f] && !JS_ONLY.has(f)).map((f) => join(BILLING_FIXTURES, f));
    const { js, duck } = await both(all);
    expectSameAggregates(js, duck);
  }, 240_000); // six reads of every fixture: 31 s on the shared 2-core machine at load 13

  it('a request log beside cost exports: its cells (read in JS) join DuckDB\'s before the report is reduced', async () => {
    const paths = [join(BILLING_FIXTURES, 'request-log-cache-tiers-dates.csv'), join(BILLING_FIXTURES, 'focus-1.2-usage-credit-tax-month.csv'), join(BILLING_FIXTURES, 'openai-costs-unix-times-lowercase-usd-crlf.csv')];
    const { js, duck } = await both(paths);
    expect(js.report.some((a) => a.unpriced.rows > 0)).toBe(true);
    // the DuckDB run lists its own files first and the request log's after
    expect(comparable(duck.report)).toEqual(comparable(js.report));
    expect(duck.rows).toEqual(js.rows);
    expect(quantities(duck.report).length).toBe(quantities(js.report).length);
  });
});

describe('the date window, in both engines', () => {
  // run on 2026-12-06: a bill row may carry 2000-01-01 up to 2027-12-06 (a year and a day after)
  const nowMs = Date.UTC(2026, 11, 6, 12);
  const file = join(BILLING_FIXTURES, 'focus-dates-outside-window.csv');
  for (const engine of ['js', 'duckdb'] as const) {
    it(`${engine}: rows dated before 2000, or ending more than a year after the run, are unreadable rows with their line`, async () => {
      const inputs = await prepareInputs(expandInputs([file], ROOT), {});
      const agg = await aggregateInputs(inputs, { engine, nowMs }, undefined);
      expect(agg.engine).toBe(engine);
      // lines 3 (1999-12-31), 4 (2099), 5 (ends 2200) and 6 (starts 2027-12-07, the day after the last allowed) are out
      expect(agg.rows).toEqual({ read: 6, skipped: 4, duplicates: 0 });
      expect(agg.problems.map((p) => [p.line, p.column])).toEqual([[3, 'ChargePeriodStart'], [4, 'ChargePeriodStart'], [5, 'ChargePeriodEnd'], [6, 'ChargePeriodStart']]);
      expect(agg.problems[0]!.message).toMatch(/a date before 2000-01-01/);
      expect(agg.problems[2]!.message).toMatch(/more than a year after the run date/);
      // what is left: 1.25 + 32.00
      const usd = agg.report.find((a) => a.currency === 'USD')!;
      expect(usd.byKind.reduce((s, k) => s + k.cost, 0n)).toBe(33_250_000_000_000n);
    });
  }
});
