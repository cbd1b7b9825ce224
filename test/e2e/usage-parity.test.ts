import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, ROOT, SHARED } from '../helpers/cli.js';
import { analyzePaths } from '../../src/io/billing/analyze.js';
import { loadDuckDB } from '../../src/io/billing/duckdb/load.js';

/**
 * Usage records kept as JSON or JSONL give the same report whichever engine is asked for. The
 * DuckDB engine hands them to the JS reader (records are flattened and priced per row from the
 * catalog at each row's date, which the SQL engine does not do for CSV request logs either) and
 * says so in one note; everything else, reconciliation included, is identical. With a CSV bill
 * beside them, DuckDB reads the CSV and the JSON cells join its own.
 */
const CATALOG = join(FIXTURES, 'catalogs', 'usage-samples.yaml');
const USAGE_FIXTURES = join(FIXTURES, 'usage');
const SAMPLES = join(SHARED, 'data', 'usage');
const isUsage = (f: string) => /\.(json|jsonl)$/i.test(f);
const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? (e.name === 'bad' ? [] : walk(join(dir, e.name))) : [join(dir, e.name)])).sort();
/** samples that are exit 2 on purpose (no span time, no timestamps): see usage-samples.test.ts */
const UNDATED = /openinference_otel_genai_.*attrs|test-transcript/;
const NOTE = /JSON\/JSONL input\(s\) read by the JS engine, not DuckDB/;

async function expectSame(paths: string[]): Promise<void> {
  const opts = { cwd: ROOT, catalog: { catalog: CATALOG } };
  const { engine: e1, ...js } = await analyzePaths(paths, { ...opts, engine: 'js' });
  const { engine: e2, warnings, ...duck } = await analyzePaths(paths, { ...opts, engine: 'duckdb' });
  expect(e1).toBe('js');
  // the run is named after the engine asked for, as for CSV request logs it hands to JS
  expect(e2).toBe('duckdb');
  expect(warnings.filter((w) => NOTE.test(w))).toHaveLength(1);
  // a DuckDB run lists the files it read itself first (as with CSV request logs beside bills)
  const order = <T extends { format: string; files: { file: string }[] }>(r: T): T => ({ ...r, format: r.format.split(', ').sort().join(', '), files: [...r.files].sort((a, b) => (a.file < b.file ? -1 : 1)) });
  expect(order({ ...duck, warnings: warnings.filter((w) => !NOTE.test(w)).sort() })).toEqual(order({ ...js, warnings: [...js.warnings].sort() }));
}

describe('usage records: JS and DuckDB runs agree', () => {
  it('DuckDB loads here (the runs below must not pass by DuckDB being absent)', async () => {
    expect((await loadDuckDB()).reason).toBeUndefined();
  });
  const files = [...walk(USAGE_FIXTURES), ...walk(SAMPLES).filter((f) => !UNDATED.test(f))].filter(isUsage);
  it('covers every usage fixture and dated sample', () => {
    expect(files.length).toBeGreaterThanOrEqual(9 + 13);
  });
  for (const f of files) it(`${f.slice(ROOT.length - 'wt-17a'.length)}`, async () => expectSame([f]));

  it('a usage log beside a CSV bill: DuckDB reads the CSV, the usage cells join its own', async () => {
    await expectSame([join(USAGE_FIXTURES, 'litellm-spend-logs-cache-in-metadata-priced-at-zero.json'), join(FIXTURES, 'billing', 'focus-1.2-usage-credit-tax-month.csv')]);
  });
});
