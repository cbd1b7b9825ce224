import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FIXTURES } from '../helpers/cli.js';
import { analyzePaths } from '../../src/io/billing/analyze.js';
import { isInputError } from '../../src/core/errors.js';

/**
 * One hand-made fixture per quirk of each usage source (test/fixtures/usage/), priced with the
 * test catalog usage-samples.yaml (USD per 1M tokens: claude-sonnet-4 3 / 15, cache read 0.30,
 * 5-min write 3.75, 1-h write 6; claude-opus-4 15 / 75, 5-min write 18.75; claude-haiku-4-5 1 / 5;
 * gpt-4o 2.50 / 10, cache read 1.25; gpt-4o-mini 0.15 / 0.60, cache read 0.075; gpt-4.1 2 / 8,
 * cache read 0.50; gpt-5-mini 0.25 / 2, cache read 0.025; gpt-5.x-codex 1.75 / 14, cache read
 * 0.175). Expected figures are worked out by hand in the comments.
 */
const DIR = join(FIXTURES, 'usage');
const CATALOG = join(FIXTURES, 'catalogs', 'usage-samples.yaml');
const analyze = (file: string, extra: Parameters<typeof analyzePaths>[1] = {}) => analyzePaths([join(DIR, file)], { catalog: { catalog: CATALOG }, noAnomalies: true, ...extra });
const close = (a: number | undefined, b: number) => expect(a).toBeCloseTo(b, 12);

describe('usage formats: one fixture per quirk', () => {
  it('Claude Code: one response logged per content block counts once (message.id + requestId, as ccusage); a sidechain replay of a counted message is dropped; 1-hour writes at their rate', async () => {
    const r = await analyze('claude-code-repeated-blocks-sidechain-replay-1h-writes.jsonl');
    expect(r.format).toBe('claude-code');
    expect(r.files[0]!.label).toBe('Claude Code log');
    // 7 assistant lines; dropped: line 3 (msg-1/req-1 again), line 6 (msg-3 without request id again),
    // line 7 (a sidechain copy of msg-1 under another request id)
    expect(r.rows).toEqual({ read: 7, skipped: 0, duplicates: 3 });
    // sonnet: 1,000 x 3 + 5,000 reads x 0.30 + 1,000 5-min x 3.75 + 2,000 1-h x 6 + 200 x 15 = 23,250 -> 0.02325
    // opus: 10 x 15 + 400 5-min x 18.75 + 100 x 75 = 15,150 -> 0.01515
    // haiku msg-3: 100 x 1 + 10 x 5 = 150; haiku msg-4 (a sidechain's own response, counted): 200 x 1 + 20 x 5 = 300
    close(r.totals.usage, 0.03885);
    // only line 2 reports a cost (0.0123 vs 0.02325 computed)
    expect(r.reconciliation!.rows).toBe(1);
    close(r.reconciliation!.reported, 0.0123);
    close(r.reconciliation!.computed, 0.02325);
    const notes = r.warnings.join('\n');
    expect(notes).toMatch(/2 request\(s\) with a request_id seen before were counted once/);
    expect(notes).toMatch(/1 sidechain replay\(s\) of a message already counted were dropped/);
    expect(notes).toMatch(/1 record\(s\) without usage of their own/);
  });

  it('Codex: the model comes from the last turn_context; the turn delta is read, never the running total', async () => {
    const r = await analyze('codex-model-from-turn-context-cumulative-totals.jsonl');
    expect(r.format).toBe('codex');
    expect(r.rows.read).toBe(2);
    // gpt-5.2-codex: 600 uncached x 1.75 + 400 cached x 0.175 + 200 out (150 reasoning inside) x 14 = 3,920 -> 0.00392
    // gpt-5.3-codex: 2,000 x 1.75 + 100 x 14 = 4,900 -> 0.0049 (the running total 3,000 in would add turn 1 again)
    close(r.totals.usage, 0.00882);
    expect(r.unitCosts.models.map((m) => [m.name, m.cost])).toEqual([['gpt-5.3-codex', 0.0049], ['gpt-5.2-codex', 0.00392]]);
  });

  it('Codex: lines with only the running total count its increase over the previous one', async () => {
    const r = await analyze('codex-running-totals-only.jsonl');
    expect(r.rows.read).toBe(2);
    // turn 1: 1,000 x 1.75 + 100 x 14 = 3,150; turn 2 (3,000 - 1,000 in, 1,000 of them cached; 300 - 100 out):
    // 1,000 x 1.75 + 1,000 x 0.175 + 200 x 14 = 4,725 -> 7,875 / 1e6
    close(r.totals.usage, 0.007875);
  });

  it('OTel OTLP JSON: int attributes as strings, startTimeUnixNano, cache reads inside input_tokens, the agent span left out', async () => {
    const r = await analyze('otel-otlp-int-strings-cache-read-parent-span.json');
    expect(r.format).toBe('otel');
    expect(r.rows.read).toBe(1);
    // 4,000 uncached x 2.50 + 6,000 reads x 1.25 + 500 out (200 reasoning inside) x 10 = 22,500 -> 0.0225
    close(r.totals.usage, 0.0225);
    expect(r.period).toEqual({ from: '2026-01-01', to: '2026-01-01' });
    expect(r.top.services.map((s) => s.name)).toEqual(['chat-api']);
    expect(r.warnings.join('\n')).toMatch(/1 record\(s\) without usage of their own/);
  });

  it('OTel JSONL: deprecated prompt/completion names and OpenInference llm.token_count.* (cache read inside prompt)', async () => {
    const r = await analyze('otel-spans-deprecated-and-openinference-names.jsonl');
    expect(r.format).toBe('otel');
    // 1,000 x 0.15 + 100 x 0.60 = 210; 1,000 uncached x 0.15 + 1,000 reads x 0.075 + 50 x 0.60 = 255 -> 465 / 1e6
    close(r.totals.usage, 0.000465);
  });

  it('LiteLLM: cached tokens only in metadata.usage_object; spend that leaves cache out is named "cache tokens priced at $0"', async () => {
    const r = await analyze('litellm-spend-logs-cache-in-metadata-priced-at-zero.json');
    expect(r.format).toBe('litellm');
    // a: 2,000 x 2.50 + 8,000 reads x 1.25 + 1,000 x 10 = 25,000; b: 2,000 x 2.50 + 2,000 x 1.25 + 500 x 10 = 12,500
    close(r.totals.usage, 0.0375);
    const rec = r.reconciliation!;
    close(rec.reported, 0.025);
    close(rec.difference, -0.0125);
    expect(rec.differencePercent).toBe(-33.33);
    expect(rec.models[0]!.kind).toBe('cache-free');
    expect(rec.byModelDay).toEqual([{ model: 'gpt-4o', day: '2026-03-02', rows: 2, reported: 0.025, computed: 0.0375, difference: -0.0125, differencePercent: -33.33 }]);
    // the row that differs most first: a (-0.01) before b (-0.0025)
    expect(rec.topRows.map((t) => [t.line, t.at, t.difference])).toEqual([[1, '$[0]', -0.01], [1, '$[1]', -0.0025]]);
  });

  it('LiteLLM on the Anthropic route: cache writes and reads are inside prompt_tokens, writes split 5-minute / 1-hour', async () => {
    const r = await analyze('litellm-anthropic-route-cache-in-prompt-tokens-5m-1h.json');
    // 9,000 prompt = 1,000 uncached + 5,000 reads + 1,000 5-min + 2,000 1-h writes:
    // 1,000 x 3 + 5,000 x 0.30 + 1,000 x 3.75 + 2,000 x 6 + 200 x 15 = 23,250 -> 0.02325 (LiteLLM's spend: the same)
    close(r.totals.usage, 0.02325);
    expect(r.reconciliation!.models[0]!.kind).toBe('agrees');
  });

  it('--cost-source reported puts the reported cost in the totals; computed shows no reconciliation', async () => {
    const rep = await analyze('litellm-spend-logs-cache-in-metadata-priced-at-zero.json', { costSource: 'reported' });
    close(rep.totals.usage, 0.025);
    expect(rep.reconciliation).toBeUndefined();
    expect(rep.costSource).toBe('reported');
    const comp = await analyze('litellm-spend-logs-cache-in-metadata-priced-at-zero.json', { costSource: 'computed' });
    close(comp.totals.usage, 0.0375);
    expect(comp.reconciliation).toBeUndefined();
  });

  it('Langfuse: its own keys are added (input_cache_read, output_reasoning), OpenInference keys are inside; cache priced as input is named', async () => {
    const r = await analyze('langfuse-own-keys-added-openinference-keys-inside.json');
    expect(r.format).toBe('langfuse');
    expect(r.rows.read).toBe(2);
    // o1 gpt-5-mini: input 1,000 + 3,000 reads = 4,000 prompt; output 100 + 400 reasoning = 500
    //   1,000 x 0.25 + 3,000 x 0.025 + 500 x 2 = 1,325 -> 0.001325 (Langfuse: the same)
    // o2 gpt-4.1: input 2,000 of which 1,000 cached; output 300 with 100 reasoning inside
    //   1,000 x 2 + 1,000 x 0.50 + 300 x 8 = 4,900 -> 0.0049 (Langfuse: 2,000 x 2 + 300 x 8 = 0.0064)
    close(r.totals.usage, 0.006225);
    const byModel = Object.fromEntries(r.reconciliation!.models.map((m) => [m.model, m.kind]));
    expect(byModel).toEqual({ 'gpt-5-mini-2025-08-07': 'agrees', 'gpt-4.1-2025-04-14': 'cache-as-input' });
  });

  it('Helicone (documented schema, no real sample): prompt_tokens uncached, cache reads and writes on top; a uniform 20% gap is named', async () => {
    const r = await analyze('helicone-export-cache-on-top-uniform-discount.json');
    expect(r.format).toBe('helicone');
    // h-1: 1,000 x 3 + 4,000 x 0.30 + 2,000 x 3.75 + 500 x 15 = 19,200 -> 0.0192 (reported 0.01536 = 80%)
    // h-2: 3,000 x 3 + 200 x 15 = 12,000 -> 0.012 (reported 0.0096 = 80%)
    close(r.totals.usage, 0.0312);
    const m = r.reconciliation!.models[0]!;
    expect(m.kind).toBe('uniform-ratio');
    expect(m.finding).toMatch(/uniform 20% below the catalog/);
  });

  it('OpenAI usage API page grouped by model: cached inside input, audio reported as unpriced tokens, the empty bucket adds nothing', async () => {
    const r = await analyze('openai-usage-page-grouped-by-model-audio.json');
    expect(r.format).toBe('openai-usage');
    expect(r.rows.read).toBe(2);
    // gpt-4o-mini: 60,000 x 0.15 + 40,000 x 0.075 + 5,000 x 0.60 = 15,000; gpt-4o: 20,000 x 2.50 + 1,000 x 10 = 60,000
    close(r.totals.usage, 0.075);
    expect(r.period.from).toBe('2025-01-12');
    expect(r.warnings.join('\n')).toMatch(/300 token\(s\) have no rate/);
  });

  it('Anthropic usage API: uncached input, 5-minute and 1-hour writes and reads each at their rate', async () => {
    const r = await analyze('anthropic-usage-report-5m-and-1h-writes.json');
    expect(r.format).toBe('anthropic-usage');
    // 1,000 x 3 + 2,000 x 3.75 + 1,000 x 6 + 10,000 x 0.30 + 500 x 15 = 27,000 -> 0.027
    close(r.totals.usage, 0.027);
  });
});

describe('a cost column of any log (--map with reported_cost)', () => {
  it('stale per-token prices are fitted from the rows; cache left out is named', async () => {
    const r = await analyze('gateway-log-cost-column-stale-price-cache-free.csv', { mapFile: join(DIR, 'gateway-log-mapping.yaml') });
    expect(r.format).toBe('gateway');
    // gpt-4o: 10,000 x 2.50 + 1,000 x 10 = 0.035 and 20,000 x 2.50 + 5,000 x 10 = 0.1;
    //   reported at $5 / $15 (gpt-4o's launch price): 0.065 and 0.175
    // gpt-4o-mini: 50,000 uncached x 0.15 + 50,000 reads x 0.075 + 10,000 x 0.60 = 0.01725;
    //   reported 0.0135 = the same without the cache reads
    close(r.totals.usage, 0.15225);
    const byModel = Object.fromEntries(r.reconciliation!.models.map((m) => [m.model, m]));
    expect(byModel['gpt-4o']!.kind).toBe('other-prices');
    expect(byModel['gpt-4o']!.finding).toContain('fit $5 per 1M input and $15 per 1M output tokens (the catalog: $2.5 / $10)');
    expect(byModel['gpt-4o-mini']!.kind).toBe('cache-free');
    close(r.reconciliation!.reported, 0.2535);
    expect(r.reconciliation!.byModelDay.map((g) => [g.model, g.day, g.difference])).toEqual([['gpt-4o', '2026-02-01', 0.105], ['gpt-4o-mini', '2026-02-02', -0.00375]]);
  });

  it('a long-context tier the source does not apply, and a source reporting $0, are named', async () => {
    // test catalog billing-versions/2025-01-01: test/chat-a 2 / 8, above 100k prompt tokens 4 / 12; test/no-cache 1 / 2
    const r = await analyzePaths([join(DIR, 'gateway-log-tier-ignored-and-zero-cost.csv')], { mapFile: join(DIR, 'gateway-log-mapping.yaml'), catalog: { catalog: join(FIXTURES, 'catalogs', 'billing-versions', '2025-01-01.yaml') }, noAnomalies: true });
    // chat-a: 200,000 x 4 + 10,000 x 12 = 0.92 (reported at base rates: 200,000 x 2 + 10,000 x 8 = 0.48);
    //   50,000 x 2 + 1,000 x 8 = 0.108 (reported the same); no-cache: 1,000 x 1 + 100 x 2 = 0.0012 (reported 0)
    close(r.totals.usage, 1.0292);
    const byModel = Object.fromEntries(r.reconciliation!.models.map((m) => [m.model, m.kind]));
    expect(byModel).toEqual({ 'test/chat-a': 'tier-ignored', 'test/no-cache': 'reported-zero' });
  });

  it('reported_cost needs pricing: catalog (a cost export\'s cost column is the cost)', async () => {
    const { mappingFileSchema } = await import('../../src/core/billing/mapping.js');
    const bad = mappingFileSchema.safeParse({ format: 'x', columns: { start: 'd', billed: 'c', reported_cost: 'r' } });
    expect(bad.success).toBe(false);
  });
});

describe('cost API responses (JSON)', () => {
  it('OpenAI costs API page: amount.value in dollars, model from line_item, each bucket a day', async () => {
    const r = await analyze('openai-costs-api-page-line-items.json');
    expect(r.format).toBe('openai-costs-api');
    // 0.06 + 0.1234 + 0.5 on 2024-11-01, 1.25 on 2024-11-02
    close(r.totals.usage, 1.9334);
    expect(r.daily.map((d) => [d.date, d.cost])).toEqual([['2024-11-01', 0.6834], ['2024-11-02', 1.25]]);
    // "Image models" has no comma: no model, shown as (none) as for the CSV export
    expect(r.top.models.map((m) => [m.name, m.cost])).toEqual([['gpt-4o-2024-08-06', 1.4334], ['(none)', 0.5]]);
  });

  it('Anthropic cost report API: amount in cents as a decimal string, ending_at exclusive', async () => {
    const r = await analyze('anthropic-cost-report-api-cents-exclusive-end.json');
    expect(r.format).toBe('anthropic-cost-api');
    // 123.45 + 50 cents = $1.7345, all on 2025-08-01 (the bucket ends at the next day's 00:00)
    close(r.totals.usage, 1.7345);
    expect(r.period).toEqual({ from: '2025-08-01', to: '2025-08-01' });
  });
});

describe('usage formats: bad input', () => {
  it('a broken JSONL line is a bad row at file:line:col, the others are read; a __proto__ key is refused; --strict makes it exit 2', async () => {
    const r = await analyze('bad/claude-code-broken-line-2.jsonl');
    expect(r.rows).toEqual({ read: 4, skipped: 2, duplicates: 0 });
    // line 2 stops after its 80th character (the object is never closed); line 3's "__proto__" key starts at column 77
    expect(r.problems.map((p) => [p.line, p.column])).toEqual([[2, 'col 81'], [3, 'col 77']]);
    expect(r.problems[1]!.message).toMatch(/__proto__/);
    // lines 1 and 4: 2 x (100 x 1 + 10 x 5) = 300 -> 0.0003
    close(r.totals.usage, 0.0003);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const e = await analyze('bad/claude-code-broken-line-2.jsonl', { strict: true }).catch((x: unknown) => x);
    expect(isInputError(e)).toBe(true);
    expect(String(e)).toMatch(/claude-code-broken-line-2\.jsonl:2:1/);
  });

  it('an invalid JSON document is exit 2 at its line and column, nothing read', async () => {
    const e = await analyze('bad/otel-invalid-json-line-2.json').catch((x: unknown) => x);
    expect(isInputError(e)).toBe(true);
    expect(String(e)).toMatch(/otel-invalid-json-line-2\.json:2:\d+ error invalid JSON/);
  });
});
