import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SparkSQL, TrinoSQL } from 'dt-sql-parser';
import { Parser, init } from '@guanmingchiu/sqlparser-ts';
import { FIXTURES, runCli } from '../helpers/cli.js';

/**
 * `--emit-sql trino|spark|bigquery`: no warehouse runs here, so each emitted query is checked
 * by a real parser of its dialect: dt-sql-parser's Trino and Spark SQL grammars (ANTLR4, from
 * the projects' own grammars) and the BigQuery dialect of datafusion's sqlparser-rs (WASM
 * build, @guanmingchiu/sqlparser-ts). DuckDB's query is run for real (analyze-emit-sql.test.ts).
 * Each parser is first shown to reject a broken query, so a parser that accepts anything
 * cannot pass the test.
 */
const B = join(FIXTURES, 'billing');

async function emitted(dialect: string, args: string[]): Promise<string> {
  const r = await runCli(['analyze', ...args, '--emit-sql', dialect]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

/** the statement without its trailing `;` (the ANTLR grammars take one statement) */
const statement = (sql: string) => sql.trim().replace(/;$/, '');

const CASES: { name: string; args: string[] }[] = [
  { name: 'FOCUS (credits, tax over a month)', args: [join(B, 'focus-1.2-usage-credit-tax-month.csv'), '--table', 'billing.focus'] },
  { name: 'AWS CUR (line item types, effective cost rules)', args: [join(B, 'aws-cur-legacy-tax-month-ri-fee-credit.csv'), '--table', 'cur'] },
  { name: 'GCP (credits list column)', args: [join(B, 'gcp-bq-credits-python-list.csv'), '--table', 'gcp_export'] },
  { name: 'Azure EA (US dates, actual/amortized)', args: [join(B, 'azure-ea-bom-crlf-us-dates.csv'), '--table', 'azure'] },
  { name: 'a --map mapping (cents, sign, D/M/Y dates, cases)', args: [join(B, 'acme-usage-cents-negative-dmy.csv'), '--map', join(B, 'acme-mapping.yaml'), '--table', 'acme'] },
  { name: 'OpenAI (unix times, split model)', args: [join(B, 'openai-costs-unix-times-lowercase-usd-crlf.csv'), '--table', 'openai'] },
];

describe('--emit-sql queries parse in their own dialect', () => {
  beforeAll(async () => {
    await init();
  });

  it('each parser rejects a broken query (the checks below can fail)', () => {
    const broken = 'SELECT a, FROM t WHERE GROUP BY';
    expect(new TrinoSQL().validate(broken).length).toBeGreaterThan(0);
    expect(new SparkSQL().validate(broken).length).toBeGreaterThan(0);
    expect(() => Parser.parse(broken, 'bigquery')).toThrow();
    // what the first version of these queries held: a reserved word as a column name (Trino),
    // DuckDB's integer division `//` (Trino, Spark, BigQuery)
    expect(new TrinoSQL().validate('SELECT skip FROM (SELECT false AS skip) AS t').length).toBeGreaterThan(0);
    expect(new TrinoSQL().validate('SELECT pk // 8 FROM t').length).toBeGreaterThan(0);
    expect(() => Parser.parse('SELECT pk // 8 FROM t', 'bigquery')).toThrow();
  });

  for (const c of CASES) {
    it(`trino: ${c.name}`, async () => {
      const sql = await emitted('trino', c.args);
      expect(new TrinoSQL().validate(statement(sql))).toEqual([]);
    });
    it(`spark: ${c.name}`, async () => {
      const sql = await emitted('spark', c.args);
      expect(new SparkSQL().validate(statement(sql))).toEqual([]);
    }, 240_000); // the ANTLR Spark grammar takes up to 18 s on a long query on a loaded 2-core machine
    it(`bigquery: ${c.name}`, async () => {
      const sql = await emitted('bigquery', c.args);
      const ast = Parser.parse(sql, 'bigquery');
      expect(ast).toHaveLength(1);
    });
  }
});
