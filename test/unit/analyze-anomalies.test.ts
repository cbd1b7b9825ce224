import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FIXTURES, json, runCli } from '../helpers/cli.js';
import { analyzePaths } from '../../src/io/billing/analyze.js';
import { detectorInput } from '../../src/core/billing/series.js';
import { CellAccumulator } from '../../src/core/billing/aggregate.js';
import type { CanonicalRecord } from '../../src/core/billing/record.js';

/**
 * Wiring analyze to the anomaly detector (issue 7): series keys and parents, usage only,
 * non-usage lines apart. Fixture: 30 days of Compute at 100/day (400 on 25 Jan) and Storage at
 * 20/day, plus 50 of tax for all of January.
 */
const SPIKE = join(FIXTURES, 'billing', 'focus-30-days-compute-spike-on-jan-25.csv');

const rec = (p: Partial<CanonicalRecord>): CanonicalRecord => ({
  start: Date.UTC(2025, 0, 1), end: Date.UTC(2025, 0, 2), provider: null, account: 'a1', service: 'Compute', sku: 'vm', model: null, region: null, resource: null, tags: null,
  chargeKind: 'usage', billed: 10n ** 12n, effective: 10n ** 12n, list: null, currency: 'USD', quantity: 2, unit: 'Hours', description: null, tokens: null,
  user: null, project: null, requestId: null, requests: 0, unpriced: false, file: 'x.csv', line: 2, ...p,
});

describe('analyze -> anomaly detector', () => {
  it('builds total, service, service/sku, account and model series with parents; non-usage apart', () => {
    const acc = new CellAccumulator();
    acc.add(rec({}));
    acc.add(rec({ start: Date.UTC(2025, 0, 3), end: Date.UTC(2025, 0, 4), model: 'gpt-4o' }));
    acc.add(rec({ chargeKind: 'tax', sku: null }));
    acc.add(rec({ start: Date.UTC(2025, 0, 1), end: Date.UTC(2025, 1, 1), service: 'Support', sku: null })); // a month-long usage fee
    acc.add(rec({ currency: 'EUR' }));
    const input = detectorInput(acc.result(), 'USD');
    expect(input.days).toEqual(['2025-01-01', '2025-01-02', '2025-01-03']);
    const byKey = Object.fromEntries(input.series.map((s) => [s.key, s]));
    expect(Object.keys(byKey).sort()).toEqual(['account:a1', 'model:gpt-4o', 'service:Compute', 'service:Compute/sku:vm', 'total']);
    expect(byKey['total']!.cost).toEqual([1, 0, 1]);
    expect(byKey['service:Compute/sku:vm']).toMatchObject({ parent: 'service:Compute', quantity: [2, 0, 2], unit: 'Hours' });
    expect(byKey['service:Compute']!.parent).toBe('total');
    expect(input.nonUsage.map((e) => [e.date, e.kind, e.series, e.amount])).toEqual([
      ['2025-01-01', 'tax', 'service:Compute', 1],
      ['2025-01-01', 'recurring', 'service:Support', 1],
    ]);
  });

  it('flags the 25 January compute spike, not the month-long tax', async () => {
    const r = await analyzePaths([SPIKE]);
    expect(r.totals).toMatchObject({ usage: 3900, tax: 50, net: 3950 }); // 29 x 100 + 400 + 30 x 20; tax 50
    expect(r.anomalies.length).toBeGreaterThan(0);
    for (const a of r.anomalies) expect(a.date).toBe('2025-01-25');
    expect(r.anomalies.some((a) => a.series.includes('Compute') && a.impact === 300)).toBe(true);
    expect(r.nonUsage).toEqual([expect.objectContaining({ date: '2025-01-01', kind: 'tax', amount: 50 })]);
  });

  it('--min-impact above the spike silences it; --fail-on anomaly exits 1 when one is found', async () => {
    const quiet = await runCli(['analyze', SPIKE, '--min-impact', '500', '--fail-on', 'anomaly', '--format', 'json']);
    expect(quiet.code).toBe(0);
    expect(json<{ anomalies: unknown[] }>(quiet).anomalies).toEqual([]);
    const loud = await runCli(['analyze', SPIKE, '--fail-on', 'anomaly']);
    expect(loud.code).toBe(1);
    expect(loud.stdout).toMatch(/Anomalies/);
    expect(loud.stderr).toMatch(/--fail-on met: \d+ anomal/);
  });
});
