import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadReleaseFile, releaseAt, type Release } from '../../src/io/catalog-file.js';
import { CatalogTimeline, findModel, priceTokens, whyUnpriced } from '../../src/core/billing/price.js';
import type { HistoryCatalog } from '../../src/core/catalog/timeline.js';
import { historyOf } from '../../src/core/catalog/timeline.js';
import { ROOT } from '../helpers/cli.js';
import type { TokenCounts } from '../../src/core/billing/record.js';

/**
 * The shipped release with price history (2026-12-01), one test per kind of event. Every
 * expected figure is worked by hand from the source the release cites for it (named in each
 * test), as tokens x USD per 1M tokens / 1M; the code under test only looks the rates up.
 */
const release = loadReleaseFile(join(ROOT, 'pricing', '2026-12-01.yaml'), 'shipped') as Extract<Release, { kind: 'history' }>;
const history: HistoryCatalog = release.history;
const tokens = (input: number, output: number, more: Partial<TokenCounts> = {}): TokenCounts => ({ input, output, cacheRead: 0, cacheWrite: 0, cacheWrite1h: 0, reasoning: 0, ...more });

/** USD of one request of `model` on `day`, or the reason it is unpriced. */
function cost(model: string, day: string, t: TokenCounts): number | string {
  const tl = new CatalogTimeline({ at: (d: string) => releaseAt(release, d) });
  const [y, m, dd] = day.split('-').map(Number) as [number, number, number];
  const p = tl.price({ model, at: Date.UTC(y, m - 1, dd, 12), tokens: t });
  return p.ok ? Number(p.cost) / 1e12 : p.reason;
}

describe('price history: one test per kind of event (release 2026-12-01)', () => {
  it('is a release with history', () => {
    expect(release.kind).toBe('history');
    expect(history.schema).toBe('costopt.catalog/v2');
  });

  it('a launch: gpt-4o-mini-2024-07-18 is priced from 2024-07-18, not the day before', () => {
    // OpenAI changelog "Jul 18 Released GPT-4o mini"; $0.15 / $0.60 per 1M (launch price)
    expect(cost('openai/gpt-4o-mini-2024-07-18', '2024-07-17', tokens(1_000_000, 1_000_000))).toMatch(/not available on 2024-07-17: .*launched on 2024-07-18/);
    // 1M x 0.15 + 1M x 0.60 = 0.75
    expect(cost('openai/gpt-4o-mini-2024-07-18', '2024-07-18', tokens(1_000_000, 1_000_000))).toBeCloseTo(0.75, 12);
    // the alias too, and prompt caching from 2024-10-01 ($0.075 cached input, OpenAI prompt-caching post)
    expect(cost('gpt-4o-mini', '2024-07-18', tokens(1_000_000, 0))).toBeCloseTo(0.15, 12);
    expect(cost('gpt-4o-mini', '2024-09-30', tokens(1_000_000, 0, { cacheRead: 500_000 }))).toMatch(/no cache_read price/);
    // 500k uncached x 0.15 + 500k cached x 0.075 = 0.075 + 0.0375 = 0.1125
    expect(cost('gpt-4o-mini', '2024-10-01', tokens(1_000_000, 0, { cacheRead: 500_000 }))).toBeCloseTo(0.1125, 12);
  });

  it('a price cut: o3 from $10/$40 to $2/$8 on 2025-06-10', () => {
    // OpenAI changelog, Jun 10 2025: "Prices for the o3 model have also been reduced for all API requests"
    // 10k x 10 + 1k x 40 = 0.1 + 0.04 = 0.14; then 10k x 2 + 1k x 8 = 0.02 + 0.008 = 0.028
    expect(cost('openai/o3', '2025-06-09', tokens(10_000, 1_000))).toBeCloseTo(0.14, 12);
    expect(cost('openai/o3', '2025-06-10', tokens(10_000, 1_000))).toBeCloseTo(0.028, 12);
    expect(cost('o3-2025-04-16', '2025-06-10', tokens(10_000, 1_000))).toBeCloseTo(0.028, 12);
  });

  it('an alias moving to a new snapshot: gpt-4o points at gpt-4o-2024-08-06 from 2024-10-02', () => {
    // OpenAI models page (quoted in SDK comments): "Points to gpt-4o-2024-05-13 until October 2, 2024,
    // after will point to gpt-4o-2024-08-06"; $5/$15 and $2.50/$10 (the two snapshots' prices)
    // 10k x 5 + 1k x 15 = 0.065; 10k x 2.5 + 1k x 10 = 0.035
    expect(cost('gpt-4o', '2024-10-01', tokens(10_000, 1_000))).toBeCloseTo(0.065, 12);
    expect(cost('openai/gpt-4o', '2024-10-02', tokens(10_000, 1_000))).toBeCloseTo(0.035, 12);
    // a -latest name: claude-3-5-sonnet-latest pointed at the newest snapshot from its launch
    // (Anthropic, 2024-10-22: the upgraded Claude 3.5 Sonnet at the same $3/$15)
    expect(historyOf(history, 'claude-3-5-sonnet-latest')!.events.filter((e) => e.event === 'alias').map((e) => [e.date, e.model])).toEqual([
      ['2024-06-20', 'anthropic/claude-3-5-sonnet-20240620'],
      ['2024-10-22', 'anthropic/claude-3-5-sonnet-20241022'],
    ]);
    expect(cost('claude-3-5-sonnet-latest', '2024-11-01', tokens(10_000, 1_000))).toBeCloseTo(0.045, 12);
    const h = historyOf(history, 'gpt-4o')!;
    expect(h.kind).toBe('alias');
    expect(h.events.filter((e) => e.event === 'alias').map((e) => [e.date, e.model])).toEqual([
      ['2024-05-13', 'openai/gpt-4o-2024-05-13'],
      ['2024-10-02', 'openai/gpt-4o-2024-08-06'],
    ]);
  });

  it('a dated snapshot keeps its own price: gpt-4o-2024-05-13 stays at $5/$15 after the alias moved', () => {
    // OpenAI, 2024-05-13: "$5 per million input, $15 per million output"; 2024-08-06: the new snapshot at $2.50/$10
    expect(cost('gpt-4o-2024-05-13', '2025-03-15', tokens(10_000, 1_000))).toBeCloseTo(0.065, 12);
    expect(cost('gpt-4o-2024-08-06', '2024-09-01', tokens(10_000, 1_000))).toBeCloseTo(0.035, 12);
    // a date suffix is never dropped: gpt-3.5-turbo-1106 is its own model at $1/$2 (10k x 1 + 1k x 2 = 0.012), not gpt-3.5-turbo's $0.50/$1.50
    expect(cost('gpt-3.5-turbo-1106', '2025-03-15', tokens(10_000, 1_000))).toBeCloseTo(0.012, 12);
  });

  it('a long-context tier on a past date: gemini-1.5-pro-002 above 128k tokens before the October 2024 cut', () => {
    // pre-cut Gemini 1.5 Pro: $3.50/$10.50 up to 128k, $7/$21 above (bigbullcloud, second-hand, cited by the release)
    // 200k x 7 + 1k x 21 = 1.4 + 0.021 = 1.421; 100k x 3.5 + 1k x 10.5 = 0.35 + 0.0105 = 0.3605
    expect(cost('gemini-1.5-pro-002', '2024-09-25', tokens(200_000, 1_000))).toBeCloseTo(1.421, 12);
    expect(cost('gemini-1.5-pro-002', '2024-09-25', tokens(100_000, 1_000))).toBeCloseTo(0.3605, 12);
    // Google, 2024-09-24: 64% / 52% off "effective October 1st, 2024, on prompts less than 128K": $1.25 / $5
    // 100k x 1.25 + 1k x 5 = 0.125 + 0.005 = 0.13
    expect(cost('gemini-1.5-pro-002', '2024-10-01', tokens(100_000, 1_000))).toBeCloseTo(0.13, 12);
    // the cut's new rate above 128k is not in the sources for that day: unpriced, never the old rate or $0
    expect(cost('gemini-1.5-pro-002', '2024-10-01', tokens(200_000, 1_000))).toMatch(/has no input price/);
  });

  it('a retirement: claude-3-5-sonnet-20241022 is priced until 2025-10-27, not from 2025-10-28', () => {
    // Anthropic model deprecations: "Claude Sonnet 3.5 (Retired October 28, 2025)"; $3/$15
    // 10k x 3 + 1k x 15 = 0.03 + 0.015 = 0.045
    expect(cost('claude-3-5-sonnet-20241022', '2025-10-27', tokens(10_000, 1_000))).toBeCloseTo(0.045, 12);
    expect(cost('claude-3-5-sonnet-20241022', '2025-10-28', tokens(10_000, 1_000))).toMatch(/not available on 2025-10-28: .*retired on 2025-10-28/);
  });

  it('a Bedrock model id, with its region prefix and as an inference-profile ARN', () => {
    // LiteLLM lists Bedrock us.anthropic.claude-3-5-sonnet-20241022-v2:0 at $3/$15 from 2025-02-06
    // 10k x 3 + 1k x 15 = 0.045
    expect(cost('us.anthropic.claude-3-5-sonnet-20241022-v2:0', '2025-03-15', tokens(10_000, 1_000))).toBeCloseTo(0.045, 12);
    expect(cost('arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0', '2025-03-15', tokens(10_000, 1_000))).toBeCloseTo(0.045, 12);
    expect(cost('bedrock/us.anthropic.claude-3-5-sonnet-20241022-v2:0', '2025-03-15', tokens(10_000, 1_000))).toBeCloseTo(0.045, 12);
  });

  it('a Vertex name: a publisher path and LiteLLM\'s vertex_ai/ spelling', () => {
    // LiteLLM's Vertex gemini-2.5-pro from 2025-06-20: $1.25/$10 up to 200k; 10k x 1.25 + 1k x 10 = 0.0125 + 0.01 = 0.0225
    expect(cost('projects/p/locations/us-central1/publishers/google/models/gemini-2.5-pro', '2025-07-01', tokens(10_000, 1_000))).toBeCloseTo(0.0225, 12);
    expect(cost('vertex_ai/gemini-2.5-pro', '2025-07-01', tokens(10_000, 1_000))).toBeCloseTo(0.0225, 12);
    // 300k prompt: above 200k, $2.50/$15: 300k x 2.5 + 1k x 15 = 0.75 + 0.015 = 0.765
    expect(cost('vertex_ai/gemini-2.5-pro', '2025-07-01', tokens(300_000, 1_000))).toBeCloseTo(0.765, 12);
    // Anthropic on Vertex: vertex_ai/claude-3-5-sonnet-v2@20241022 at $3/$15
    expect(cost('vertex_ai/claude-3-5-sonnet-v2@20241022', '2025-03-15', tokens(10_000, 1_000))).toBeCloseTo(0.045, 12);
  });

  it('found by review: retirements reach the snapshots of a moving alias; a list\'s 0/0 or implausible rate is unknown; a listing elsewhere never takes a first-party name', () => {
    // OpenAI deprecations page: o1-preview retired 2025-07-28, o1-mini 2025-10-27 (the names are moving aliases now)
    expect(cost('o1-preview', '2025-09-01', tokens(1_000_000, 0))).toMatch(/retired on 2025-07-28/);
    expect(cost('o1-mini-2024-09-12', '2025-12-01', tokens(1_000_000, 0))).toMatch(/retired on 2025-10-27/);
    // LiteLLM's $6 1-hour cache write for claude-3-haiku (24x input; Anthropic: 2x) is unknown, so unpriced, not $6
    expect(cost('claude-3-haiku-20240307', '2025-10-15', tokens(1_000_000, 0, { cacheWrite1h: 1_000_000 }))).toMatch(/no cache_write_1h price/);
    // a list's first price corrected within days is its mistake: gpt-5-chat listed at $5/$20 for a day
    // (then $1.25/$10, OpenAI's GPT-5 price), gemini-2.5-pro-preview-03-25 with a $1 output for a week
    expect(cost('gpt-5-chat', '2025-08-07', tokens(1_000_000, 0))).toMatch(/no price known before 2025-08-08/);
    expect(cost('gpt-5-chat', '2025-08-08', tokens(1_000_000, 0))).toBeCloseTo(1.25, 12);
    expect(cost('gemini-2.5-pro-preview-03-25', '2025-04-12', tokens(0, 1_000_000))).toBeCloseTo(10, 12);
    // a Vertex listing does not answer to Mistral's own name
    const m = findModel(releaseAt(release, '2025-06-15'), 'mistral-small-2503');
    expect(m?.id ?? 'unpriced').not.toMatch(/^vertex\//);
  });

  it('resolution is exact or nothing: a near miss is unpriced with the closest ids', () => {
    const tl = new CatalogTimeline({ at: (d: string) => releaseAt(release, d) });
    const p = tl.price({ model: 'gpt-4oo', at: Date.UTC(2025, 2, 15), tokens: tokens(10_000, 1_000) });
    expect(p.ok).toBe(false);
    expect(tl.unpriced()[0]).toMatchObject({ model: 'gpt-4oo', why: 'unknown', rows: 1 });
    expect(tl.unpriced()[0]!.closest).toContain('openai/gpt-4o');
    // provider/alias is the model of that provider (mistral-large-2512 launched in December 2025)
    expect(findModel(releaseAt(release, '2026-03-15'), 'mistral/mistral-large-2512')?.id).toBe('mistral/mistral-large-2512');
  });

  it('every name of release 2026-11-01 has the same rates on that day in 2026-12-01, unless it had been retired by then', async () => {
    const { loadCatalogFile } = await import('../../src/io/catalog-file.js');
    const old = loadCatalogFile(join(ROOT, 'pricing', '2026-11-01.yaml'), 'shipped');
    const day = releaseAt(release, '2026-11-01');
    const headline = (m: { input: number | null; output?: number | null | undefined; cache_read?: number | null | undefined; long_context: unknown[] }) => [m.input, m.output ?? null, m.cache_read ?? null, JSON.stringify(m.long_context)];
    const changed: string[] = [];
    const retired = new Set<string>();
    for (const m of old.models) {
      for (const name of [m.id, ...m.aliases]) {
        const now = findModel(day, name);
        if (!now) {
          // the 2026-11-01 release did not know these retirements (OpenAI's deprecations page: retired
          // 2026-10-23; Anthropic's: Claude Sonnet 3.5 2025-10-28, Haiku 3.5 and Sonnet 3.7 2026-02-19,
          // Haiku 3 2026-04-20; Google: the Gemini 1.5 line 2025-09-24)
          const why = whyUnpriced(day, name, '2026-11-01');
          const on = why.kind === 'unavailable' ? /(?:was retired on|retired on) (\d{4}-\d{2}-\d{2})/.exec(why.reason)?.[1] : undefined;
          if (on && on <= '2026-11-01') retired.add(`${m.id} (${on})`);
          else changed.push(`${name}: not found`);
        } else if (JSON.stringify(headline(now)) !== JSON.stringify(headline(m))) changed.push(`${name}: ${JSON.stringify(headline(m))} -> ${JSON.stringify(headline(now))}`);
      }
    }
    expect(changed).toEqual([]);
    expect([...retired].sort()).toEqual([
      'anthropic/claude-3-5-haiku (2026-02-19)',
      'anthropic/claude-3-5-sonnet (2025-10-28)',
      'anthropic/claude-3-7-sonnet (2026-02-19)',
      'anthropic/claude-3-haiku (2026-04-20)',
      // names of these models that are dated snapshots now (gemini-1.5-pro-002, gpt-3.5-turbo-0125, gpt-4-0613)
      'google/gemini-1.5-flash (2025-09-24)',
      'google/gemini-1.5-flash-8b (2025-09-24)',
      'google/gemini-1.5-pro (2025-09-24)',
      'openai/gpt-3.5-turbo (2026-10-23)',
      'openai/gpt-4 (2026-10-23)',
      'openai/gpt-4-turbo (2026-10-23)',
      'openai/gpt-4.1-nano (2026-10-23)',
      'openai/gpt-4o-2024-05-13 (2026-10-23)',
      'openai/o1 (2026-10-23)',
      'openai/o4-mini (2026-10-23)',
    ]);
  });

  it('priceTokens is the same arithmetic: cache reads and writes at their own rates', () => {
    const m = findModel(releaseAt(release, '2025-03-15'), 'claude-3-5-sonnet-20241022')!;
    // $3 input, $0.30 cache read, $3.75 5-minute write, $15 output (Anthropic pricing)
    // uncached 10k - 6k - 2k = 2k x 3 = 0.006; 6k x 0.3 = 0.0018; 2k x 3.75 = 0.0075; 1k x 15 = 0.015; sum 0.0303
    const p = priceTokens(m, tokens(10_000, 1_000, { cacheRead: 6_000, cacheWrite: 2_000 }));
    expect(p.ok && Number(p.cost) / 1e12).toBeCloseTo(0.0303, 12);
  });
});
