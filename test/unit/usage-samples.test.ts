import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, SHARED } from '../helpers/cli.js';
import { analyzePaths } from '../../src/io/billing/analyze.js';
import { isInputError } from '../../src/core/errors.js';

/**
 * The real usage samples in ../shared/data/usage (README there: origin and quirks), each read by
 * its detected format and priced with the test catalog test/fixtures/catalogs/usage-samples.yaml.
 * Every expected total is an independent sum over the sample written here: the records picked,
 * the token convention applied and the rates multiplied by this file's own code, not by costopt's.
 */
const U = join(SHARED, 'data', 'usage');
const CATALOG = join(FIXTURES, 'catalogs', 'usage-samples.yaml');
const analyze = (paths: string[], extra: Parameters<typeof analyzePaths>[1] = {}) => analyzePaths(paths, { catalog: { catalog: CATALOG }, noAnomalies: true, ...extra });

/** USD per 1M tokens, as in the test catalog: [input, output, cache read, 5-min write, 1-h write] */
const RATES: Record<string, [number, number, number, number?, number?]> = {
  'claude-sonnet-4-20250514': [3, 15, 0.3, 3.75, 6],
  'claude-opus-4-20250514': [15, 75, 1.5, 18.75, 30],
  'claude-haiku-4-5-20251001': [1, 5, 0.1, 1.25, 2],
  'claude-3-sonnet-20240229': [3, 15, 0.3, 3.75],
  'claude-sonnet-4-5-20250929': [3, 15, 0.3, 3.75, 6],
  'gpt-5.2-codex': [1.75, 14, 0.175],
  'gpt-5.3-codex': [1.75, 14, 0.175],
  'gpt-4o': [2.5, 10, 1.25],
  'gpt-4o-mini-2024-07-18': [0.15, 0.6, 0.075],
  'gpt-4o-mini': [0.15, 0.6, 0.075],
  'gpt-4.1-2025-04-14': [2, 8, 0.5],
  'gpt-5-mini-2025-08-07': [0.25, 2, 0.025],
  'gemini-2.5-flash': [0.3, 2.5, 0.075],
};
/** cost of uncached input, output, cache reads, 5-min and 1-h writes at the model's rates */
function cost(model: string, t: { uncached: number | undefined; output: number | undefined; read?: number | undefined; write5m?: number | undefined; write1h?: number | undefined }): number {
  const r = RATES[model.replace(/^.*\/models\//, '')];
  if (!r) throw new Error(`no test rate for ${model}`);
  // a rate the model lacks only matters when tokens need it
  const part = (n: number | undefined, rate: number | undefined) => (n ? n * (rate ?? NaN) : 0);
  return (part(t.uncached, r[0]) + part(t.output, r[1]) + part(t.read, r[2]) + part(t.write5m, r[3]) + part(t.write1h, r[4])) / 1e6;
}
/** the fields of a coding-agent log line these sums read */
interface Line {
  type?: string;
  costUSD: number;
  requestId?: string;
  message?: { id?: string; model: string; usage?: { input_tokens: number; output_tokens: number; cache_read_input_tokens?: number; cache_creation_input_tokens?: number; speed?: string } };
  payload?: { info?: { model: string; last_token_usage?: Record<string, number> } };
}
const lines = (file: string): Line[] =>
  readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Line);
const close = (a: number, b: number) => expect(a).toBeCloseTo(b, 11);

describe('real usage samples: detected, totals equal an independent sum', () => {
  it('Claude Code logs (ccusage fixtures): Anthropic convention, cache on top of input; fast mode unpriced; costUSD is the reported cost', async () => {
    const files = ['ccusage_claude_code_session-alpha.jsonl', 'ccusage_claude_code_session-beta.jsonl'].map((f) => join(U, 'coding-agents', f));
    let computed = 0;
    let reported = 0;
    let n = 0;
    let fast = 0;
    for (const f of files) {
      for (const l of lines(f)) {
        const m = l.message;
        const u = m?.usage;
        if (!m || !u) continue;
        n++;
        // fast mode has premium rates the test catalog lacks: unpriced, and its reported cost is left out of the reconciliation
        if (u.speed === 'fast') {
          fast++;
          continue;
        }
        // input_tokens excludes the cache: it is the uncached part as it stands
        computed += cost(m.model, { uncached: u.input_tokens, output: u.output_tokens, read: u.cache_read_input_tokens, write5m: u.cache_creation_input_tokens });
        reported += l.costUSD;
      }
    }
    const r = await analyze(files);
    expect(r.format).toBe('claude-code');
    expect(r.rows).toEqual({ read: n, skipped: 0, duplicates: 0 });
    expect(fast).toBe(1);
    expect(r.unpriced.rows).toBe(fast);
    expect(r.unpriced.models).toEqual(['claude-opus-4-20250514-fast']);
    close(r.totals.usage, computed);
    close(r.reconciliation!.reported, reported);
    close(r.reconciliation!.computed, computed);
    expect(r.reconciliation!.reportedOnly).toBe(fast);
    // 0.12 + 0.56 + 0.03 + 0.04 (0.34 is the fast row's): the fixtures' costUSD are not real prices
    close(reported, 0.75);
  });

  it('--cost-source reported: the fast-mode row is counted at its costUSD, and is no longer unpriced', async () => {
    const files = ['ccusage_claude_code_session-alpha.jsonl', 'ccusage_claude_code_session-beta.jsonl'].map((f) => join(U, 'coding-agents', f));
    const reported = files.flatMap(lines).reduce((s, l) => s + (l.message?.usage ? l.costUSD : 0), 0);
    const r = await analyze(files, { costSource: 'reported' });
    // 0.12 + 0.34 + 0.56 + 0.03 + 0.04
    close(reported, 1.09);
    close(r.totals.usage, reported);
    expect(r.unpriced.rows).toBe(0);
    expect(r.unpricedModels).toEqual([]);
    expect(r.warnings.join('\n')).not.toMatch(/unpriced/);
  });

  it('Claude Code log with the full envelope (claude-code-log): user and summary lines left out, no cost reported', async () => {
    const f = join(U, 'coding-agents', 'claude-code-log_representative_messages.jsonl');
    const seen = new Set<string>();
    let computed = 0;
    let rows = 0;
    let dup = 0;
    for (const l of lines(f)) {
      const m = l.message;
      const u = m?.usage;
      if (!m || !u) continue;
      const key = `${m.id}:${l.requestId}`;
      if (seen.has(key)) {
        dup++;
        continue;
      }
      seen.add(key);
      rows++;
      computed += cost(m.model, { uncached: u.input_tokens, output: u.output_tokens, read: u.cache_read_input_tokens, write5m: u.cache_creation_input_tokens });
    }
    const r = await analyze([f]);
    expect(r.format).toBe('claude-code');
    expect(r.rows.read - r.rows.duplicates).toBe(rows);
    expect(r.rows.duplicates).toBe(dup);
    close(r.totals.usage, computed);
    expect(r.reconciliation).toBeUndefined();
    expect(r.warnings.join('\n')).toMatch(/record\(s\) without usage of their own/);
  });

  it('the ccusage test transcript has no timestamps: every row unreadable, exit 2 naming file:line', async () => {
    const f = join(U, 'coding-agents', 'ccusage_claude_code_test-transcript.jsonl');
    const e = await analyze([f]).catch((x: unknown) => x);
    expect(isInputError(e)).toBe(true);
    expect(String(e)).toMatch(/test-transcript\.jsonl:2:1.*no date/);
    expect(String(e)).toMatch(/no row could be read: 2 of 2/);
  });

  it('Codex log: the turn delta (last_token_usage), cached inside input, reasoning inside output', async () => {
    const f = join(U, 'coding-agents', 'ccusage_codex_session-alpha.jsonl');
    let computed = 0;
    let rows = 0;
    for (const l of lines(f)) {
      const info = l.payload?.info;
      const u = info?.last_token_usage;
      if (l.type !== 'event_msg' || !info || !u) continue;
      rows++;
      computed += cost(info.model, { uncached: u.input_tokens! - u.cached_input_tokens!, output: u.output_tokens, read: u.cached_input_tokens });
    }
    const r = await analyze([f]);
    expect(r.format).toBe('codex');
    expect(r.rows.read).toBe(rows);
    close(r.totals.usage, computed);
    // (750 x 1.75 + 125 x 14 + 250 x 0.175 + 2,000 x 1.75 + 300 x 14 + 500 x 0.175) / 1e6
    close(computed, 0.01089375);
  });

  it('LiteLLM spend-log row: tokens from metadata.usage_object, spend reconciled', async () => {
    const f = join(U, 'litellm', 'litellm_spend_logs_row_gcs_pubsub_test.json');
    const row = JSON.parse(readFileSync(f, 'utf8')) as { model: string; spend: number; metadata: string };
    const usage = (JSON.parse(row.metadata) as { usage_object: { prompt_tokens: number; completion_tokens: number } }).usage_object;
    const computed = cost(row.model, { uncached: usage.prompt_tokens, output: usage.completion_tokens });
    const r = await analyze([f]);
    expect(r.format).toBe('litellm');
    close(r.totals.usage, computed);
    close(r.reconciliation!.reported, row.spend);
    expect(r.reconciliation!.models[0]!.kind).toBe('agrees');
  });

  it('OTel spans (Vercel AI SDK): only spans with gen_ai usage count, parents and embeddings left out', async () => {
    const f = join(U, 'otel', 'openinference_vercel_ai_sdk_v6_spans.json');
    const spans = JSON.parse(readFileSync(f, 'utf8')) as { attributes: Record<string, number | string | undefined> }[];
    let computed = 0;
    let rows = 0;
    for (const s of spans) {
      const a = s.attributes;
      if (a['gen_ai.usage.input_tokens'] === undefined) continue;
      rows++;
      computed += cost(String(a['gen_ai.response.model']), { uncached: Number(a['gen_ai.usage.input_tokens']), output: Number(a['gen_ai.usage.output_tokens']) });
    }
    const r = await analyze([f]);
    expect(r.format).toBe('otel');
    expect(rows).toBe(4);
    expect(r.rows.read).toBe(rows);
    close(r.totals.usage, computed);
    expect(r.warnings.join('\n')).toMatch(/6 record\(s\) without usage/);
  });

  it('OTel attribute maps without a span time cannot be dated: exit 2', async () => {
    for (const name of ['openinference_otel_genai_client_span_attrs.json', 'openinference_otel_genai_deprecated_client_span_attrs.json']) {
      const e = await analyze([join(U, 'otel', name)]).catch((x: unknown) => x);
      expect(isInputError(e)).toBe(true);
      expect(String(e)).toMatch(/no date/);
    }
  });

  it('OpenAI usage API buckets: not grouped by model, so unpriced (never $0), audio tokens reported apart', async () => {
    const f = join(U, 'openai', 'openai_cookbook_usage_completions_buckets_1d.json');
    const buckets = JSON.parse(readFileSync(f, 'utf8')) as { results: Record<string, number>[] }[];
    const results = buckets.flatMap((b) => b.results);
    const tokens = results.reduce((s, x) => s + x.input_tokens! + x.output_tokens!, 0);
    const audio = results.reduce((s, x) => s + x.input_audio_tokens! + x.output_audio_tokens!, 0);
    const r = await analyze([f]);
    expect(r.format).toBe('openai-usage');
    expect(r.rows.read).toBe(results.length);
    expect(r.unpriced.rows).toBe(results.length);
    expect(r.unpriced.tokens).toBe(tokens);
    expect(r.totals.usage).toBe(0);
    expect(r.lowerBound).toBe(true);
    expect(r.warnings.join('\n')).toContain(`${audio} token(s) have no rate`);
  });

  it('Langfuse traces: per-key conventions, totalCost reconciled; the vertex trace is a custom $1/M price', async () => {
    const dir = join(U, 'langfuse');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => join(dir, f));
    let computed = 0;
    let reported = 0;
    let rows = 0;
    for (const f of files) {
      const doc = JSON.parse(readFileSync(f, 'utf8')) as { observations: { type: string; model: string; totalCost: number; usageDetails: Record<string, number> }[] };
      for (const o of doc.observations) {
        if (o.type !== 'GENERATION') continue;
        const u = o.usageDetails;
        rows++;
        // Langfuse's own keys are disjoint parts (added); OpenInference's are inside input/output
        const read = (u.input_cache_read ?? 0) + (u['prompt_details.cache_read'] ?? 0);
        const input = u.input! + (u.input_cache_read ?? 0);
        const output = u.output! + (u.output_reasoning ?? 0);
        computed += cost(o.model, { uncached: input - read, output, read });
        reported += o.totalCost;
      }
    }
    const r = await analyze(files);
    expect(r.format).toBe('langfuse');
    expect(r.rows.read).toBe(rows);
    close(r.totals.usage, computed);
    close(r.reconciliation!.reported, reported);
    const vertex = r.reconciliation!.models.find((m) => m.model.includes('vertex'))!;
    // 5 in + 845 out at $1/M = $0.00085 (Langfuse) vs 5 x 0.30 + 845 x 2.50 = $0.002114
    close(vertex.reported, 0.00085);
    close(vertex.computed, 0.002114);
    expect(vertex.finding).toContain('$1 per 1M input+output tokens');
    // the other six agree (within 1%)
    expect(r.reconciliation!.models.filter((m) => m !== vertex).every((m) => m.kind === 'agrees')).toBe(true);
    // vertex: total 2,023 vs 850 in parts -> 1,173 tokens no rate prices
    expect(r.warnings.join('\n')).toContain('1173 token(s) have no rate');
  });
});
