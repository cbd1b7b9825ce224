import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { parseDate } from '../../src/core/billing/dates.js';
import { parseScaled } from '../../src/core/decimal.js';
import { DIALECTS } from '../../src/core/billing/sql/dialect.js';
import { assumedHeader, emitDailySql } from '../../src/core/billing/sql/emit.js';
import { unsupportedReason } from '../../src/core/billing/sql/compile.js';
import { formatById } from '../../src/core/billing/formats/index.js';

/**
 * The SQL primitives the DuckDB engine compiles mappings with behave as the JS parsers do:
 * dates (every format, fast path and full grammar), decimal money (rounding, what is refused)
 * and trimming. Generated inputs mix valid and invalid shapes.
 */
let db: DuckDBInstance;
let con: DuckDBConnection;
beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:');
  con = await db.connect();
});
afterAll(() => {
  con.closeSync();
  db.closeSync();
});
const d = DIALECTS.duckdb;

async function sqlDates(values: string[], format: 'iso' | 'mdy' | 'dmy' | 'unix_s' | 'unix_ms'): Promise<({ ms: number; dateOnly: boolean } | undefined)[]> {
  const e = d.date('x', format);
  const list = values.map((v) => `(${d.str(v)})`).join(', ');
  const r = await con.runAndReadAll(`SELECT ${e.ms} AS ms, ${e.dateOnly} AS o FROM (VALUES ${list}) AS t(x)`);
  return r.getRows().map(([ms, o]) => (ms === null ? undefined : { ms: Number(ms), dateOnly: o === true }));
}

const two = (n: number) => String(n).padStart(2, '0');
const dateText = fc.oneof(
  fc.record({ y: fc.integer({ min: 1999, max: 2031 }), mo: fc.integer({ min: 0, max: 13 }), d: fc.integer({ min: 0, max: 32 }), h: fc.integer({ min: 0, max: 25 }), mi: fc.integer({ min: 0, max: 60 }), s: fc.integer({ min: 0, max: 61 }),
    sep: fc.constantFrom('T', ' '), frac: fc.constantFrom('', '.5', '.123', '.123456789'), z: fc.constantFrom('', 'Z', '+00:00', '-05:30', '+0100', ' UTC', 'z'), time: fc.boolean() })
    .map((p) => `${p.y}-${two(p.mo)}-${two(p.d)}${p.time ? `${p.sep}${two(p.h)}:${two(p.mi)}:${two(p.s)}${p.frac}` : ''}${p.z}`),
  fc.record({ a: fc.integer({ min: 0, max: 13 }), b: fc.integer({ min: 0, max: 32 }), y: fc.constantFrom('2024', '24', '2023', '1900'), pad: fc.boolean(), time: fc.constantFrom('', ' 11:30', ' 12:00:00 AM', ' 1:05 PM'), sep: fc.constantFrom('/', '.', '-') })
    .map((p) => `${p.pad ? two(p.a) : p.a}${p.sep}${p.pad ? two(p.b) : p.b}${p.sep}${p.y}${p.time}`),
  fc.constantFrom('1700000000', '1700000000.5', '-12', 'garbage', '', '2024-9-1', '2024-09-01T10:00', '2023-11-13T10:00Z'),
);

describe('SQL dates = dates.ts', () => {
  for (const format of ['iso', 'mdy', 'dmy', 'unix_s', 'unix_ms'] as const) {
    it(`${format}: generated texts parse to the same instant (or fail alike)`, async () => {
      const samples = fc.sample(dateText, { numRuns: 400, seed: 42 });
      const got = await sqlDates(samples, format);
      samples.forEach((s, i) => {
        const js = parseDate(s, format);
        expect({ s, v: got[i] && { ms: got[i]!.ms, ...(format.startsWith('unix') ? {} : { dateOnly: got[i]!.dateOnly }) } }).toEqual({ s, v: js && { ms: js.ms, ...(format.startsWith('unix') ? {} : { dateOnly: js.dateOnly }) } });
      });
    });
  }
});

describe('SQL money = decimal.ts parseScaled', () => {
  it('same units for decimal texts, the same refusals', async () => {
    const texts = ['1.5', '-0.0000008', '1e-6', '1E+3', '.5', '5.', '+3', '1.0000000000005', '-1.0000000000005', '999999.9999999999995', '12345678901234.123', '1_000', '1,000', 'abc', '1.2.3', '0x1F', 'inf', '-0'];
    const r = await con.runAndReadAll(`SELECT ${d.decimal('x', 12)} AS v FROM (VALUES ${texts.map((t) => `(${d.str(t)})`).join(', ')}) AS t(x)`);
    const got = r.getRows().map(([v]) => (v === null ? undefined : (v as { value: bigint }).value));
    expect(got).toEqual(texts.map((t) => parseScaled(t)));
  });

  it('trims what JS String.prototype.trim trims, and nothing else', async () => {
    const texts = [' a ', '\ta\n', '\u00a0a\u3000', '\ufeffa', 'a b', '', '  ', 'x\u200bx'];
    const r = await con.runAndReadAll(`SELECT ${d.trim('x')} AS v FROM (VALUES ${texts.map((t) => `(${d.str(t)})`).join(', ')}) AS t(x)`);
    expect(r.getRows().map(([v]) => v)).toEqual(texts.map((t) => t.trim()));
  });
});

describe('emitted SQL', () => {
  it('request logs and token mappings are left to the JS engine, with the reason', () => {
    const rl = formatById('request-log')!;
    expect(unsupportedReason(rl.mapping, assumedHeader(rl.mapping))).toMatch(/catalog/);
    expect(unsupportedReason(formatById('focus')!.mapping, ['BilledCost', 'ChargePeriodStart'])).toBeUndefined();
  });

  it('every built-in cost format compiles for every warehouse, reading only its own columns', () => {
    for (const id of ['focus', 'aws-cur', 'aws-cur2', 'azure', 'gcp', 'oci', 'openai', 'anthropic', 'anthropic-console', 'costopt-daily']) {
      const f = formatById(id)!;
      for (const dialect of ['duckdb', 'trino', 'bigquery', 'spark'] as const) {
        const sql = emitDailySql({ mapping: f.mapping, label: f.mapping.label, header: assumedHeader(f.mapping), assumedHeader: true, dialect, table: 'bill' });
        expect(sql).toContain('-- output: date, charge_start');
        expect(sql).toMatch(/UNION ALL/);
      }
    }
  });
});
