import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvParser, parseCsv } from '../../src/core/billing/csv.js';
import { parseDate } from '../../src/core/billing/dates.js';
import { spreadAmount } from '../../src/core/billing/aggregate.js';
import { parseTags, creditAmounts } from '../../src/core/billing/map-row.js';
import { normalizeHeader } from '../../src/core/billing/mapping.js';

describe('CSV push-parser', () => {
  it('strips the BOM, mixes CRLF/LF/CR, keeps quoted newlines, escapes and line numbers', () => {
    const rows = parseCsv('\ufeffa,b\r\n1,"x\r\ny"\r\n\r\n3,4\n5,"q"""\n\n6,x"y\r7,"a"b\n');
    expect(rows).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['1', 'x\r\ny'], line: 2 },
      { fields: ['3', '4'], line: 5 },
      { fields: ['5', 'q"'], line: 6 },
      { fields: ['6', 'x"y'], line: 8 },
      { fields: ['7', 'ab'], line: 9 },
    ]);
  });

  it('keeps empty fields and a last line without newline', () => {
    expect(parseCsv('a,,c\n,,\n"",x')).toEqual([
      { fields: ['a', '', 'c'], line: 1 },
      { fields: ['', '', ''], line: 2 },
      { fields: ['', 'x'], line: 3 },
    ]);
  });

  it('gives the same records however the text is split into chunks (property)', () => {
    const field = fc.oneof(fc.constantFrom('', 'a', 'x y', '1.5', 'NULL'), fc.string({ maxLength: 6 }).map((s) => `"${s.replace(/"/g, '""')}"`), fc.constantFrom('"line\nbreak"', '"crlf\r\nin"', '"q""q"'));
    const record = fc.array(field, { minLength: 1, maxLength: 4 }).map((fs) => fs.join(','));
    const doc = fc.tuple(fc.array(record, { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n'));
    fc.assert(
      fc.property(doc, fc.array(fc.nat(200), { maxLength: 8 }), ([recs, eol], cuts) => {
        const text = recs.join(eol) + eol;
        const whole = parseCsv(text);
        const out: { fields: string[]; line: number }[] = [];
        const p = new CsvParser((fields, line) => out.push({ fields, line }));
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        let prev = 0;
        for (const c of points) {
          p.push(text.slice(prev, c));
          prev = c;
        }
        p.push(text.slice(prev));
        p.end();
        expect(out).toEqual(whole);
      }),
    );
  });
});

describe('dates', () => {
  const iso = (s: string, f: 'iso' | 'mdy' | 'dmy' | 'unix_s' = 'iso') => {
    const d = parseDate(s, f);
    return d && new Date(d.ms).toISOString();
  };
  it('accepts the variants of the real samples', () => {
    expect(iso('2024-09-01 00:00:00')).toBe('2024-09-01T00:00:00.000Z');
    expect(iso('2023-11-01T00:00:00.000Z')).toBe('2023-11-01T00:00:00.000Z');
    expect(iso('2023-11-13T10:00Z')).toBe('2023-11-13T10:00:00.000Z');
    expect(iso('2020-11-09 23:00:00+00:00')).toBe('2020-11-09T23:00:00.000Z');
    expect(iso('2020-11-09 23:00:00+02:00')).toBe('2020-11-09T21:00:00.000Z');
    expect(iso('2025-01-01 23:59:59 UTC')).toBe('2025-01-01T23:59:59.000Z');
    expect(iso('2021-02-02')).toBe('2021-02-02T00:00:00.000Z');
    expect(iso('09/21/2023', 'mdy')).toBe('2023-09-21T00:00:00.000Z');
    expect(iso('9/2/2023', 'mdy')).toBe('2023-09-02T00:00:00.000Z');
    expect(iso('5/1/25', 'mdy')).toBe('2025-05-01T00:00:00.000Z');
    expect(iso('13/02/2025', 'dmy')).toBe('2025-02-13T00:00:00.000Z');
    expect(iso('01.09.2024', 'dmy')).toBe('2024-09-01T00:00:00.000Z');
    expect(iso('1.9.2024 14:30', 'dmy')).toBe('2024-09-01T14:30:00.000Z');
    expect(iso('09-21-2023', 'mdy')).toBe('2023-09-21T00:00:00.000Z');
    expect(iso('1736121600', 'unix_s')).toBe('2025-01-06T00:00:00.000Z');
  });
  it('rejects impossible dates and US dates where the format is ISO', () => {
    expect(iso('2023-02-29')).toBeUndefined();
    expect(iso('2023-13-01')).toBeUndefined();
    expect(iso('09/21/2023')).toBeUndefined();
    expect(iso('13/21/2023', 'mdy')).toBeUndefined();
    expect(iso('31.02.2024', 'dmy')).toBeUndefined();
    expect(iso('01.09.2024')).toBeUndefined();
    expect(iso('yesterday', 'mdy')).toBeUndefined();
    expect(parseDate('2021-02-02', 'iso')?.dateOnly).toBe(true);
  });
});

describe('spreading multi-day charges', () => {
  it('splits by time covered and keeps the exact total', () => {
    // $10 over three days: 3.333333333333 + 3.333333333333 + the rest
    const parts = spreadAmount(10n * 10n ** 12n, Date.UTC(2025, 1, 10), Date.UTC(2025, 1, 13));
    expect(parts.map((p) => p.day)).toEqual(['2025-02-10', '2025-02-11', '2025-02-12']);
    expect(parts.map((p) => p.amount)).toEqual([3333333333333n, 3333333333333n, 3333333333334n]);
  });
  it('sums exactly for any amount and span (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), fc.integer({ min: 0, max: 400 * 86_400_000 }), fc.integer({ min: 1, max: 90 * 86_400_000 }), (amount, start, len) => {
        const parts = spreadAmount(amount, start, start + len);
        expect(parts.reduce((s, p) => s + p.amount, 0n)).toBe(amount);
        expect(new Set(parts.map((p) => p.day)).size).toBe(parts.length);
      }),
    );
  });
});

describe('cells of odd columns', () => {
  it('reads tags in JSON, Azure (no braces) and GCP list styles', () => {
    expect(parseTags('{"team":"ml"}', 'json')).toEqual({ team: 'ml' });
    expect(parseTags('"env": "prod","tier": "web"', 'azure')).toEqual({ env: 'prod', tier: 'web' });
    expect(parseTags("[{'key': 'env', 'value': 'prod'}]", 'python_list')).toEqual({ env: 'prod' });
    expect(parseTags('[]', 'python_list')).toBeNull();
  });
  it('reads the amounts of a GCP credits list', () => {
    expect(creditAmounts("[{'name': 'x', 'amount': -5e-06, 'full_name': None}, {'name': 'y', 'amount': -1.5}]")).toEqual(['-5e-06', '-1.5']);
    expect(creditAmounts('[]')).toEqual([]);
    expect(creditAmounts('garbage')).toBeUndefined();
  });
  it('normalizes Azure portal headers and BOMs', () => {
    expect(normalizeHeader('PreTaxCost (PreTaxCost)')).toBe('PreTaxCost');
    expect(normalizeHeader('Kategorie der Verbrauchseinheit (MeterCategory)')).toBe('MeterCategory');
    expect(normalizeHeader('\ufeffBillingAccountId ')).toBe('BillingAccountId');
  });
});
