import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import fc from 'fast-check';
import { FIXTURES } from '../helpers/cli.js';
import { analyzePaths } from '../../src/io/billing/analyze.js';
import { priceTokens, findModel, CatalogTimeline } from '../../src/core/billing/price.js';
import { loadCatalogFile } from '../../src/io/catalog-file.js';
import type { TokenCounts } from '../../src/core/billing/record.js';

/**
 * SPEC §4.1, one rule per test, on the test catalogs in test/fixtures/catalogs/billing-versions
 * (2025-01-01: test/chat-a input 2.00, output 8.00, cache read 0.50, 5-min write 2.50, 1-h write
 * 4.00, over 100k prompt tokens input 4.00 / output 12.00 / cache read 1.00; 2025-03-01: all halved).
 */
const DIR = join(FIXTURES, 'catalogs', 'billing-versions');
const v1 = loadCatalogFile(join(DIR, '2025-01-01.yaml'));
const v2 = loadCatalogFile(join(DIR, '2025-03-01.yaml'));
const chatA = findModel(v1, 'test/chat-a')!;
const t = (p: Partial<TokenCounts>): TokenCounts => ({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0, cacheWrite1h: 0, reasoning: 0, ...p });
const usd = (r: ReturnType<typeof priceTokens>) => (r.ok ? Number(r.cost) / 1e12 : r.reason);

describe('pricing request logs (SPEC §4.1)', () => {
  it('input counts all prompt tokens: cache parts are taken out of it, not added', () => {
    // uncached 10k x 2.00 + reads 60k x 0.50 + 5-min writes 20k x 2.50 + 1-h writes 10k x 4.00 + out 5k x 8.00
    // = 0.02 + 0.03 + 0.05 + 0.04 + 0.04 = 0.18
    expect(usd(priceTokens(chatA, t({ input: 100_000, cacheRead: 60_000, cacheWrite: 20_000, cacheWrite1h: 10_000, output: 5_000 })))).toBeCloseTo(0.18, 12);
  });

  it('5-minute and 1-hour cache writes are priced at their own rates', () => {
    // 10k 5-min writes x 2.50 = 0.025; 10k 1-h writes x 4.00 = 0.04
    expect(usd(priceTokens(chatA, t({ input: 10_000, cacheWrite: 10_000 })))).toBeCloseTo(0.025, 12);
    expect(usd(priceTokens(chatA, t({ input: 10_000, cacheWrite1h: 10_000 })))).toBeCloseTo(0.04, 12);
  });

  it('reasoning tokens are part of output, not added to it', () => {
    expect(priceTokens(chatA, t({ input: 1000, output: 1000, reasoning: 800 }))).toEqual(priceTokens(chatA, t({ input: 1000, output: 1000 })));
  });

  it('the long-context tier is decided per request from its prompt tokens (cache included)', () => {
    // 100,000 prompt tokens: not over the 100k threshold -> base: 100k x 2.00 = 0.20
    expect(usd(priceTokens(chatA, t({ input: 100_000 })))).toBeCloseTo(0.2, 12);
    // 200k prompt, 100k of them cache reads: tier rates 100k x 4.00 + 100k x 1.00 + out 10k x 12.00 = 0.62
    expect(usd(priceTokens(chatA, t({ input: 200_000, cacheRead: 100_000, output: 10_000 })))).toBeCloseTo(0.62, 12);
  });

  it('a needed rate the model lacks makes the request unpriced, never $0', () => {
    const noCache = findModel(v1, 'test/no-cache')!;
    expect(priceTokens(noCache, t({ input: 1000, cacheRead: 500 }))).toEqual({ ok: false, reason: 'test/no-cache has no cache_read price' });
  });

  it('each request uses the catalog version in force on its own date', () => {
    const tl = new CatalogTimeline([v2, v1]);
    const tokens = t({ input: 50_000, output: 10_000 });
    const feb = tl.price({ model: 'test/chat-a', at: Date.UTC(2025, 1, 28, 23, 59), tokens });
    const mar = tl.price({ model: 'test/chat-a', at: Date.UTC(2025, 2, 1), tokens });
    // 50k x 2.00 + 10k x 8.00 = 0.18 in February; halved (0.09) from 1 March
    expect(feb.ok && Number(feb.cost) / 1e12).toBeCloseTo(0.18, 12);
    expect(mar.ok && Number(mar.cost) / 1e12).toBeCloseTo(0.09, 12);
  });

  it('a provider-less name finds its entry; an undeclared dated snapshot is not another model', () => {
    // resolution is exact (id or declared alias): dropping a date suffix priced gpt-3.5-turbo-1106
    // as gpt-3.5-turbo, at half its real rate
    expect(findModel(v1, 'chat-a-20250101')).toBeUndefined();
    expect(findModel(v1, 'CHAT-A')?.id).toBe('test/chat-a');
    expect(findModel(v1, 'chat-b')).toBeUndefined();
  });

  it('more tokens never cost less (property)', () => {
    const tok = fc.record({ input: fc.nat(300_000), output: fc.nat(50_000) });
    fc.assert(
      fc.property(tok, fc.nat(10_000), fc.nat(10_000), (a, dIn, dOut) => {
        const lo = priceTokens(chatA, t(a));
        const hi = priceTokens(chatA, t({ input: a.input + dIn, output: a.output + dOut }));
        if (!lo.ok || !hi.ok) throw new Error('unpriced');
        // crossing the long-context threshold only raises rates
        expect(hi.cost >= lo.cost).toBe(true);
      }),
    );
  });

  it('the request-log fixture: every rule at once, by the built-in format', async () => {
    const r = await analyzePaths([join(FIXTURES, 'billing', 'request-log-cache-tiers-dates.csv')], { catalog: { catalog: DIR }, noAnomalies: true });
    expect(r.format).toBe('request-log');
    // r1 0.18 + r2 0.18 + r3 0.62 (Feb, v1) + r4 0.09 (March, v2) = 1.07; r5 unpriced;
    // r6 (cache > input) and r8 (reasoning > output) bad; the second r4 dropped as a duplicate
    expect(r.totals.net).toBe(1.07);
    expect(r.rows).toEqual({ read: 8, skipped: 2, duplicates: 1 });
    expect(r.problems.map((p) => [p.line, p.column])).toEqual([[7, 'input_tokens'], [9, 'reasoning_tokens']]);
    expect(r.problems[0]!.message).toMatch(/exceed input_tokens 100/);
    expect(r.unpriced).toEqual({ rows: 1, tokens: 2000, models: ['test/unknown-model'] });
    expect(r.lowerBound).toBe(true);
    expect(r.warnings.join('\n')).toMatch(/1 request\(s\) with a request_id seen before were counted once/);
    // 5 requests, 4 priced: 1.07 / 4
    expect(r.unitCosts.requests).toBe(5);
    expect(r.unitCosts.costPerRequest).toBeCloseTo(0.2675, 10);
    // alice r1 + r2 = 0.36; bob r3 + r4 = 0.71
    expect(r.unitCosts.users.map((u) => [u.name, u.cost, u.requests])).toEqual([['bob', 0.71, 2], ['alice', 0.36, 2]]);
  });
});
