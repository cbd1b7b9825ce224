import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, ROOT, SEED_CATALOG, SHARED } from '../helpers/cli.js';
import { canonicalCells, type AggregateCell, type Aggregates } from '../../src/core/billing/aggregate.js';
import { aggregateInputs, loadCatalogVersions } from '../../src/io/billing/analyze.js';
import { expandInputs } from '../../src/io/billing/inputs.js';
import { prepareInputs, type PreparedInput } from '../../src/io/billing/prepare.js';
import { createDuckdbEngine } from '../../src/io/billing/duckdb/engine.js';
import { loadDuckDB } from '../../src/io/billing/duckdb/load.js';

/**
 * The JS engine (the reference) and the DuckDB engine give identical aggregates on every
 * billing fixture and every real sample: the same cells (money to the 1e-12 unit, quantities
 * to 1e-9 relative), row counts, file summaries, warnings and first problems. Inputs the SQL
 * engine does not take (request logs priced from the catalog) are routed to the JS engine by
 * `aggregateInputs`; the test says which ones those are.
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

function comparable(cells: readonly AggregateCell[]) {
  return canonicalCells(cells).map((c) => ({ ...c, billed: String(c.billed), effective: String(c.effective), list: String(c.list), quantity: 0 }));
}

function expectSameAggregates(js: Aggregates, duck: Aggregates): void {
  expect(duck.rows).toEqual(js.rows);
  expect(comparable(duck.cells)).toEqual(comparable(js.cells));
  const qa = canonicalCells(js.cells).map((c) => c.quantity);
  const qb = canonicalCells(duck.cells).map((c) => c.quantity);
  qa.forEach((q, i) => expect(Math.abs(q - qb[i]!)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(q))));
  expect(duck.files).toEqual(js.files);
  expect(duck.warnings).toEqual(js.warnings);
  expect(duck.problems).toEqual(js.problems);
}

async function both(paths: string[], mapFile?: string): Promise<{ js: Aggregates; duck: Aggregates; inputs: PreparedInput[] }> {
  const inputs = await prepareInputs(expandInputs(paths, ROOT), { mapFile });
  const catalogs = inputs.some((i) => i.format.mapping.pricing === 'catalog') ? (await loadCatalogVersions({ catalog: SEED_CATALOG }, ROOT)).source : undefined;
  const js = await aggregateInputs(inputs, { engine: 'js' }, catalogs);
  const duck = await aggregateInputs(inputs, { engine: 'duckdb' }, catalogs);
  return { js, duck, inputs };
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
      expect(js.cells.length).toBeGreaterThan(0);
      expectSameAggregates(js, duck);
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
      expect(js.cells.length).toBeGreaterThan(0);
      expectSameAggregates(js, duck);
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
  });
});
