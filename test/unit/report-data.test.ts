import { describe, expect, it } from 'vitest';
import { ReportAccumulator, reportFromCells, type CurrencyAggregates } from '../../src/core/billing/report-data.js';
import type { CanonicalRecord } from '../../src/core/billing/record.js';

/**
 * The report's aggregates (what both engines hand over instead of cells): top-N per dimension
 * with the rest summed, and the anomaly series chosen by materiality. Amounts below are in
 * whole dollars (1e12 units) and worked out by hand from the records.
 */
const $ = (d: number) => BigInt(Math.round(d * 100)) * 10n ** 10n;
const day = (d: number) => Date.UTC(2025, 0, d);

const rec = (p: Partial<CanonicalRecord>): CanonicalRecord => ({
  start: day(1), end: day(2), provider: null, account: 'acc-1', service: 'A', sku: 'a1', model: null, region: 'r1', resource: null, tags: null,
  chargeKind: 'usage', billed: $(1), effective: $(1), list: null, currency: 'USD', quantity: 1, unit: 'Hours', description: null, tokens: null,
  user: null, project: null, requestId: null, requests: 0, unpriced: false, file: 'x.csv', line: 2, ...p,
});

/**
 * Services: A = 30 (SKU a1, day 1) + 20 (SKU a2, day 2) = 50; B = 30 (day 1); C = 15 (day 2);
 * no service: 5 (day 1); tax 7 on A (day 1, not usage); a month-long usage fee of 31 on D
 * (multi-day: spread in the daily views, never in a usage series). Accounts: acc-1 holds
 * A/a1, B and the unnamed line (30 + 30 + 5 = 65), acc-2 holds A/a2 and C (20 + 15 = 35).
 */
function bill(): CanonicalRecord[] {
  return [
    rec({ billed: $(30), effective: $(27), quantity: 3 }),
    rec({ start: day(2), end: day(3), sku: 'a2', billed: $(20), effective: $(20), account: 'acc-2', unit: 'GB', quantity: 4 }),
    rec({ service: 'B', sku: 'b1', billed: $(30), effective: $(30), list: $(33) }),
    rec({ start: day(2), end: day(3), service: 'C', sku: 'c1', billed: $(15), effective: $(15), account: 'acc-2', region: 'r2' }),
    rec({ service: null, sku: null, billed: $(5), effective: $(5), region: null }),
    rec({ chargeKind: 'tax', sku: null, billed: $(7), effective: $(7), unit: null, quantity: null }),
    rec({ start: day(1), end: Date.UTC(2025, 1, 1), service: 'D', sku: 'd1', billed: $(31), effective: $(31) }),
  ];
}

function aggregates(o: { topN: number; maxPerDimension: number; maxSkusPerService: number }, basis: 'billed' | 'effective' | 'list' = 'billed'): CurrencyAggregates {
  const acc = new ReportAccumulator(basis);
  for (const r of bill()) acc.add(r);
  const [usd, ...rest] = acc.result(o);
  expect(rest).toEqual([]);
  return usd!;
}

describe('report aggregates (the JS reference of the engine-side report)', () => {
  it('top N per dimension, the rest summed with its count; a line without a name is (none)', () => {
    const a = aggregates({ topN: 2, maxPerDimension: 25, maxSkusPerService: 10 });
    // services: A 50 + tax 7 = 57, D 31, B 30, C 15, (none) 5
    expect(a.top.services).toEqual({ head: [{ name: 'A', cost: $(57) }, { name: 'D', cost: $(31) }], rest: { count: 3, cost: $(50) } });
    // regions: r1 = 30 + 20 + 30 + 7 + 31 = 118, r2 = 15, (none) = 5
    expect(a.top.regions).toEqual({ head: [{ name: 'r1', cost: $(118) }, { name: 'r2', cost: $(15) }], rest: { count: 1, cost: $(5) } });
    expect(a.top.models).toBeNull();
    expect(a.records).toBe(7);
    // rows without a list cost: all but B's
    expect(a.listMissing).toBe(6);
    expect(a.byKind.sort((x, y) => (x.kind < y.kind ? -1 : 1))).toEqual([{ kind: 'tax', cost: $(7), rows: 1 }, { kind: 'usage', cost: $(131), rows: 6 }]);
  });

  it('the basis is chosen in the engine: effective costs rank and sum, list falls back to billed', () => {
    const eff = aggregates({ topN: 1, maxPerDimension: 25, maxSkusPerService: 10 }, 'effective');
    // A: 27 + 20 + 7 = 54
    expect(eff.top.services!.head).toEqual([{ name: 'A', cost: $(54) }]);
    const list = aggregates({ topN: 1, maxPerDimension: 25, maxSkusPerService: 10 }, 'list');
    // the biggest is still A (57, no list costs); B's list cost is 33
    expect(list.top.services).toEqual({ head: [{ name: 'A', cost: $(57) }], rest: { count: 4, cost: $(31 + 33 + 15 + 5) } });
  });

  it('anomaly series chosen by usage: total, top services, their top SKUs, accounts; single-day priced usage only', () => {
    const a = aggregates({ topN: 10, maxPerDimension: 2, maxSkusPerService: 1 });
    // single-day usage by service: A 50, B 30, C 15 (D is multi-day, the tax is not usage)
    expect(a.series.map((s) => s.key)).toEqual(['total', 'service:A', 'service:B', 'service:A/sku:a1', 'service:B/sku:b1', 'account:acc-1', 'account:acc-2']);
    expect(a.usageDays).toEqual({ first: '2025-01-01', last: '2025-01-02' });
    const byKey = Object.fromEntries(a.series.map((s) => [s.key, s]));
    // total: day 1 = 30 + 30 + 5, day 2 = 20 + 15
    expect(byKey['total']!.points.map((p) => [p.day, p.cost])).toEqual([['2025-01-01', $(65)], ['2025-01-02', $(35)]]);
    // A's SKUs bill in Hours and GB: no single unit, so no quantity split; a1 alone is in Hours
    expect(byKey['service:A']!.unit).toBeNull();
    expect(byKey['service:A/sku:a1']).toMatchObject({ parent: 'service:A', unit: 'Hours', points: [{ day: '2025-01-01', cost: $(30), quantity: 3 }] });
    expect(byKey['account:acc-1']!.points.map((p) => p.cost)).toEqual([$(65)]);
  });

  it('the daily cells keep multi-day charges with their span, for the trend and the non-usage events', () => {
    const a = aggregates({ topN: 10, maxPerDimension: 25, maxSkusPerService: 10 });
    const fee = a.daily.filter((d) => d.span !== null);
    expect(fee).toEqual([{ day: '2025-01-01', span: [day(1), Date.UTC(2025, 1, 1)], chargeKind: 'usage', service: 'D', cost: $(31) }]);
    // per day, kind and service: day 1 usage A, B, (none); tax A; the fee; day 2 usage A, C
    expect(a.daily).toHaveLength(7);
  });

  it('cells and records give the same aggregates (a record is a cell of one row)', () => {
    const o = { basis: 'billed' as const, topN: 3, maxPerDimension: 5, maxSkusPerService: 5 };
    const cells = new ReportAccumulator('billed');
    // the same records as cells, two of them merged into one cell of two rows
    const [first, ...others] = bill();
    cells.addCell({ ...first!, ...{ day: '2025-01-01', span: null, rows: 2, requests: 0, billed: $(60), effective: $(54), list: $(60), listMissing: 2, quantity: 6, tokens: { input: 0, output: 0 } } });
    const halfFirst = new ReportAccumulator('billed');
    halfFirst.add(first!);
    halfFirst.add(first!);
    for (const r of others) halfFirst.add(r);
    for (const r of others) cells.add(r);
    expect(cells.result(o)).toEqual(halfFirst.result(o));
    expect(reportFromCells([], o)).toEqual([]);
  });
});
