import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadReleaseFile, releaseAt, type Release } from '../../src/io/catalog-file.js';
import { CatalogTimeline } from '../../src/core/billing/price.js';
import { historyOf, snapshotAt, changeDays, epochOf } from '../../src/core/catalog/timeline.js';
import { lintHistory } from '../../src/core/catalog/lint.js';
import { ROOT } from '../helpers/cli.js';
import type { TokenCounts } from '../../src/core/billing/record.js';

// The hand-made release test/fixtures/catalogs/history/history-test.yaml: figures from its rates.
const FIX = join(ROOT, 'test', 'fixtures', 'catalogs', 'history');
const release = loadReleaseFile(join(FIX, 'history-test.yaml')) as Extract<Release, { kind: 'history' }>;
const t = (input: number, output: number): TokenCounts => ({ input, output, cacheRead: 0, cacheWrite: 0, cacheWrite1h: 0, reasoning: 0 });
function usd(model: string, day: string, tok: TokenCounts): number | string {
  const tl = new CatalogTimeline({ at: (d: string) => releaseAt(release, d) });
  const p = tl.price({ model, at: Date.parse(`${day}T12:00:00Z`), tokens: tok });
  return p.ok ? Number(p.cost) / 1e12 : p.reason;
}

describe('timeline of a release with history', () => {
  it('a moving alias is priced as the snapshot it pointed at that day', () => {
    expect(usd('alpha', '2024-04-30', t(1_000_000, 0))).toMatch(/test\/alpha first pointed at a model on 2024-05-01/);
    // 2024-06-01: alpha-2024-05-01 at 4 / 12: 1M x 4 + 1M x 12 = 16
    expect(usd('alpha', '2024-06-01', t(1_000_000, 1_000_000))).toBe(16);
    // 2024-10-01: its price cut to 2 / 8 = 10; above 100k prompt tokens 4 / 12 = 16
    expect(usd('alpha', '2024-10-01', t(1_000_000, 1_000_000))).toBe(16);
    expect(usd('alpha', '2024-10-01', t(100_000, 1_000_000))).toBe(8.2);
    // from 2024-11-01 the alias points at alpha-2024-09-01 at 1 / 4 = 5
    expect(usd('test/alpha', '2024-11-01', t(1_000_000, 1_000_000))).toBe(5);
  });

  it('a deprecated model is still priced; a retired one is not, from its retirement day', () => {
    // 2025-06-15: deprecated (2025-06-01), price 2 / 8: 100k x 2 + 100k x 8 = 1.0
    expect(usd('alpha-2024-05-01', '2025-06-15', t(100_000, 100_000))).toBe(1);
    expect(usd('alpha-2024-05-01', '2025-06-30', t(100_000, 100_000))).toBe(1);
    expect(usd('alpha-2024-05-01', '2025-07-01', t(100_000, 100_000))).toBe('alpha-2024-05-01 is not available on 2025-07-01: test/alpha-2024-05-01 was retired on 2025-07-01');
  });

  it('a model known only from a price list is not priced before it was listed', () => {
    expect(usd('test/listed-only', '2025-01-31', t(1_000, 0))).toMatch(/has no price known before 2025-02-01 \(first listed then; its launch date is not in the catalog\)/);
    expect(usd('test/listed-only', '2025-02-01', t(1_000_000, 1_000_000))).toBe(0.5);
  });

  it('snapshots are shared between change days and equal to a fresh one', () => {
    const days = changeDays(release.history);
    expect(days).toEqual(['2024-05-01', '2024-09-01', '2024-10-01', '2024-11-01', '2025-02-01', '2025-07-01']);
    expect(epochOf(days, '2024-10-15')).toBe('2024-10-01');
    expect(epochOf(days, '2024-04-01')).toBe('0000-00-00');
    const a = snapshotAt(release.history, '2024-10-15');
    const b = snapshotAt(release.history, '2024-10-01');
    expect(a.models.map((m) => [m.id, m.input])).toEqual(b.models.map((m) => [m.id, m.input]));
    expect(a.meta.asOf).toBe('2024-10-15');
  });

  it('pricing history: the alias moves with the target\'s price change in between, oldest first', () => {
    const h = historyOf(release.history, 'alpha')!;
    expect(h.kind).toBe('alias');
    expect(h.events.map((e) => [e.date, e.event, e.model])).toEqual([
      ['2024-05-01', 'alias', 'test/alpha-2024-05-01'],
      ['2024-10-01', 'price', 'test/alpha-2024-05-01'],
      ['2024-11-01', 'alias', 'test/alpha-2024-09-01'],
    ]);
    expect(h.events[1]!.change).toBe('input 4 -> 2; output 12 -> 8; cache_read - -> 0.5; long_context>100000.input - -> 4; long_context>100000.output - -> 12');
    const m = historyOf(release.history, 'alpha-2024-05-01')!;
    expect(m.events.map((e) => e.event)).toEqual(['launch', 'price', 'deprecated', 'retired']);
    expect(m.pointedAtBy).toEqual([{ alias: 'test/alpha', from: '2024-05-01', until: '2024-11-01' }]);
    expect(m.available).toEqual({ from: '2024-05-01', fromKnown: true, until: '2025-07-01' });
  });

  it('lint checks every price entry', () => {
    // every entry of the fixture keeps the rules (no batch rule for the test/ provider)
    expect(lintHistory(release.history)).toEqual([]);
  });

  it('a bad release: launch not on the first price, entries out of order, an alias to nothing (file:line:col)', () => {
    expect(() => loadReleaseFile(join(FIX, 'bad-order.yaml'))).toThrow(/bad-order\.yaml:10:22 error models\[0\]\.available\.on: the launch day 2024-02-01 must be the first price's day \(2024-03-01\)/);
    expect(() => loadReleaseFile(join(FIX, 'bad-order.yaml'))).toThrow(/bad-order\.yaml:13:17 error models\[0\]\.prices\[1\]\.from: price entries must be in date order: 2024-03-01 is not after 2024-03-01/);
    expect(() => loadReleaseFile(join(FIX, 'bad-order.yaml'))).toThrow(/bad-order\.yaml:17:33 error aliases\[0\]\.targets\[0\]\.to: unknown model "test\/nothing"/);
  });
});
