import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { FIXTURES } from '../helpers/cli.js';
import { cleanDecimal, perTokenToPerMillion, type ImportOptions, type WrittenModel } from '../../src/core/catalog/import-common.js';
import { convertLiteLLM } from '../../src/core/catalog/import-litellm.js';
import { convertGenaiPrices } from '../../src/core/catalog/import-genai.js';
import { lintCatalog } from '../../src/core/catalog/lint.js';
import { validateCatalog } from '../../src/core/catalog/catalog.js';
import { InputError } from '../../src/core/errors.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, 'pricing-import', name), 'utf8'));
const opts = (extra: Partial<ImportOptions> = {}): ImportOptions => ({ version: '2026-08-01', source: { key: 'test-src', url: 'https://example.test/prices.json', as_of: '2026-07-24' }, ...extra });
const byId = (models: WrittenModel[], id: string): WrittenModel => {
  const m = models.find((x) => x.id === id);
  if (!m) throw new Error(`no model ${id} in ${models.map((x) => x.id).join(', ')}`);
  return m;
};
const reasons = (skipped: { reason: string }[]) => skipped.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s.reason]: (acc[s.reason] ?? 0) + 1 }), {});

describe('cleanDecimal: floats to clean decimal strings', () => {
  it('removes float representation noise (values worked by hand)', () => {
    expect(perTokenToPerMillion(2.9999900000000002e-6)).toBe('2.99999'); // LiteLLM databricks-claude-3-7-sonnet
    expect(perTokenToPerMillion(1.5000020000000002e-5)).toBe('15.00002');
    expect(perTokenToPerMillion(1.25e-7)).toBe('0.125'); // 1.25e-7 * 1e6 in floats is 0.12499999999999999
    expect(perTokenToPerMillion(2.5e-6)).toBe('2.5');
    expect(perTokenToPerMillion(1e-5)).toBe('10');
    expect(perTokenToPerMillion(0.0006)).toBe('600');
    expect(perTokenToPerMillion(1.2e-10)).toBe('0.00012');
    expect(perTokenToPerMillion(0)).toBe('0');
    expect(cleanDecimal(0.30000000000000004)).toBe('0.3');
    expect(cleanDecimal(3.4375)).toBe('3.4375');
    expect(cleanDecimal(123456)).toBe('123456');
    expect(cleanDecimal(1.5e21)).toBe('1500000000000000000000');
  });

  it('property: a per-1M price with up to 6 decimals survives the per-token float round trip exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 0, max: 6 }), (units, scale) => {
        // the decimal units / 10^scale per 1M tokens, written as exact text
        const digits = String(units).padStart(scale + 1, '0');
        let text = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
        if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
        const perToken = units / 10 ** (scale + 6); // what LiteLLM stores
        expect(perTokenToPerMillion(perToken)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('convertLiteLLM (test/fixtures/pricing-import/litellm-small.json)', () => {
  const res = convertLiteLLM(fixture('litellm-small.json'), opts());
  const models = res.catalog.models;

  it('counts every entry: 25 read, 15 written, 10 skipped by reason', () => {
    expect(res.entries).toBe(25);
    expect(models).toHaveLength(15);
    expect(reasons(res.skipped)).toEqual({ 'not-a-model': 2, 'unsupported-mode': 2, 'no-input-price': 2, 'zero-price': 1, 'invalid-id': 1, 'duplicate-id': 2 });
    expect(res.skipped.find((s) => s.reason === 'zero-price')?.key).toBe('ollama/llama3');
    expect(res.skipped.find((s) => s.key === 'gpt-per-character')?.detail).toContain('character');
    expect(res.skipped.find((s) => s.key === 'dall-e-3')?.detail).toBe('mode image_generation');
  });

  it('writes a catalog that passes the schema, the structural checks and lint', () => {
    expect(validateCatalog(res.parsed)).toEqual([]);
    expect(lintCatalog(res.parsed)).toEqual([]);
    expect(res.catalog.sources['test-src']).toMatchObject({ url: 'https://example.test/prices.json', as_of: '2026-07-24', secondary: true });
    expect(res.catalog.version).toBe('2026-08-01');
    expect(res.catalog.published).toBe('2026-08-01');
    expect(models.every((m) => m.source === 'test-src')).toBe(true);
    expect(models.map((m) => m.id)).toEqual([...models.map((m) => m.id)].sort());
  });

  it('converts per-token floats to per-1M decimals with batch and priority tiers (gpt-4o: 2.5e-6 -> "2.5")', () => {
    expect(byId(models, 'openai/gpt-4o')).toEqual({
      id: 'openai/gpt-4o', kind: 'chat', aliases: ['gpt-4o'], context_window: 128000, max_output_tokens: 16384,
      input: '2.5', output: '10', cache_read: '1.25',
      batch: { input: '1.25', output: '5' },
      priority: { input: '4.25', output: '17', cache_read: '2.125' },
      source: 'test-src',
    });
    expect(byId(models, 'databricks/databricks-claude-3-7-sonnet')).toMatchObject({ input: '2.99999', output: '15.00002' });
    expect(res.notImported.input_dbu_cost_per_token).toBe(1);
  });

  it('maps cache writes (5 min, 1 h) and _above_200k_tokens keys to a long-context tier', () => {
    expect(byId(models, 'anthropic/claude-sonnet-4-5')).toMatchObject({
      input: '3', output: '15', cache_read: '0.3', cache_write: '3.75', cache_write_1h: '6',
      batch: { input: '1.5', output: '7.5' },
      long_context: [{ prompt_tokens_over: 200000, input: '6', output: '22.5', cache_read: '0.6', cache_write: '7.5', cache_write_1h: '12' }],
    });
  });

  it('per-field thresholds become cumulative tiers; *_priority long-context keys are reported as not imported', () => {
    expect(byId(models, 'google/gemini-test')).toMatchObject({
      aliases: ['gemini/gemini-test'], input: '1', output: '4', batch: null,
      long_context: [{ prompt_tokens_over: 128000, input: '2' }, { prompt_tokens_over: 200000, input: '2', output: '6' }],
    });
    expect(res.notImported.output_cost_per_token_above_200k_tokens_priority).toBe(1);
  });

  it('reads tiered_pricing ranges (dashscope) as base + long-context tier', () => {
    const q = byId(models, 'dashscope/qwen-flash');
    expect(q).toMatchObject({ input: '0.05', output: '0.4', cache_read: '0.01', long_context: [{ prompt_tokens_over: 256000, input: '0.25', output: '2', cache_read: '0.05' }] });
    expect('batch' in q).toBe(false); // dashscope sells no batch: omitted, not null
  });

  it('embeddings have no output; responses-mode models are chat', () => {
    const e = byId(models, 'openai/text-embedding-3-small');
    expect(e).toMatchObject({ kind: 'embedding', input: '0.02', batch: { input: '0.01' } });
    expect('output' in e).toBe(false);
    expect(byId(models, 'openai/o1-pro')).toMatchObject({ kind: 'chat', input: '150', output: '600', batch: { input: '75', output: '300' } });
  });

  it('batch providers without a batch price get batch: null (unknown)', () => {
    expect(byId(models, 'anthropic/claude-3-haiku-20240307').batch).toBeNull();
    expect(byId(models, 'mistral/codestral-latest').batch).toBeNull();
  });

  it('drops contradicting or implausible rates to null with a note, and reports each', () => {
    const haiku = byId(models, 'anthropic/claude-3-haiku-20240307');
    expect(haiku).toMatchObject({ input: '0.25', output: '1.25', cache_read: '0.03', cache_write: '0.3', cache_write_1h: null });
    expect(haiku.notes).toContain('24x input');
    expect(byId(models, 'openai/gpt-wrong-cache').cache_read).toBeNull();
    expect(byId(models, 'openai/gpt-batch-above').batch).toEqual({ input: null, output: '1' });
    expect(byId(models, 'google/gemini-lc-below').long_context).toEqual([{ prompt_tokens_over: 200000, input: null }]);
    expect(res.fixes.map((f) => `${f.id} ${f.field} ${f.rule}`).sort()).toEqual([
      'anthropic/claude-3-haiku-20240307 cache_write_1h cache-write-implausible',
      'google/gemini-lc-below long_context[0].input long-context-below-base',
      'openai/gpt-batch-above batch.input batch-above-standard',
      'openai/gpt-wrong-cache cache_read cache-read-above-input',
    ]);
  });

  it('normalises provider prefixes; nested paths become --; the source key stays as an alias', () => {
    expect(byId(models, 'openrouter/anthropic--claude-3.5-sonnet').aliases).toEqual(['openrouter/anthropic/claude-3.5-sonnet']);
    expect(byId(models, 'fireworks/llama-v3p1-8b-instruct').aliases).toEqual(['fireworks_ai/accounts/fireworks/models/llama-v3p1-8b-instruct']);
    expect(res.skipped.find((s) => s.reason === 'invalid-id')?.key).toBe('bedrock/*/1-month-commitment/cohere.command-text-v14');
  });

  it('duplicate ids: the first is kept; an identical duplicate becomes an alias', () => {
    expect(byId(models, 'mistral/codestral-latest').aliases).toEqual(['codestral/codestral-latest']);
    const ds = byId(models, 'deepseek/deepseek-reasoner');
    expect(ds).toMatchObject({ input: '0.28', output: '0.42', cache_read: '0.028', aliases: ['deepseek-reasoner'] });
    const dups = res.skipped.filter((s) => s.reason === 'duplicate-id');
    expect(dups.map((d) => d.key).sort()).toEqual(['codestral/codestral-latest', 'deepseek/deepseek-reasoner']);
    expect(dups.find((d) => d.key === 'deepseek/deepseek-reasoner')?.detail).toContain('prices differ');
  });

  it('--provider keeps only the named providers (catalog or LiteLLM spelling)', () => {
    const r = convertLiteLLM(fixture('litellm-small.json'), opts({ providers: ['anthropic', 'gemini'] }));
    expect(r.catalog.models.map((m) => m.id)).toEqual(['anthropic/claude-3-haiku-20240307', 'anthropic/claude-sonnet-4-5', 'google/gemini-lc-below', 'google/gemini-test']);
    expect(reasons(r.skipped)['provider-filter']).toBe(13);
  });

  it('rejects a file that is not a LiteLLM object, with a hint', () => {
    expect(() => convertLiteLLM([], opts())).toThrow(InputError);
    try {
      convertLiteLLM([{ id: 'openai', models: [] }], opts());
      expect.unreachable();
    } catch (e) {
      expect(e instanceof InputError && e.diagnostics[0]?.hint).toContain('genai-prices');
    }
  });
});

describe('convertGenaiPrices (test/fixtures/pricing-import/genai-small.json)', () => {
  const res = convertGenaiPrices(fixture('genai-small.json'), opts());
  const models = res.catalog.models;

  it('counts: 13 read, 8 written, 5 skipped by reason; lints clean', () => {
    expect(res.entries).toBe(13);
    expect(models).toHaveLength(8);
    expect(reasons(res.skipped)).toEqual({ 'no-input-price': 2, 'zero-price': 1, malformed: 1, 'invalid-id': 1 });
    expect(res.skipped.find((s) => s.reason === 'zero-price')?.key).toBe('openai/gpt-zero');
    expect(res.skipped.find((s) => s.key === 'openai/gpt-free')?.detail).toContain('empty price set');
    expect(res.skipped.find((s) => s.key === 'openai/gpt-voice')?.detail).toContain('input_audio_mtok');
    expect(validateCatalog(res.parsed)).toEqual([]);
    expect(lintCatalog(res.parsed)).toEqual([]);
  });

  it('price history: takes the set in force on the version date by default', () => {
    expect(byId(models, 'anthropic/claude-tiered-then-flat')).toMatchObject({
      name: 'Claude Tiered Then Flat', context_window: 1000000, input: '3', output: '15', cache_read: '0.3', cache_write: '3.75', cache_write_1h: '6', batch: null,
    });
    expect(byId(models, 'anthropic/claude-tiered-then-flat').long_context).toBeUndefined();
    expect(byId(models, 'anthropic/claude-tiered-then-flat').notes).toContain('since 2026-03-13');
    const intro = byId(models, 'anthropic/claude-intro-price');
    expect(intro).toMatchObject({ input: '2', output: '10' });
    expect(intro.notes).toContain('change from 2026-09-01 (input 3 / output 15)');
    expect(res.notImported.web_searches_kcount).toBe(1);
  });

  it('--as-of picks an earlier or later price set', () => {
    const early = convertGenaiPrices(fixture('genai-small.json'), opts({ asOf: '2026-01-01' })).catalog.models;
    expect(byId(early, 'anthropic/claude-tiered-then-flat')).toMatchObject({ input: '3', output: '15', cache_read: '0.3', long_context: [{ prompt_tokens_over: 200000, input: '6', output: '22.5' }] });
    const late = convertGenaiPrices(fixture('genai-small.json'), opts({ asOf: '2026-09-01' })).catalog.models;
    expect(byId(late, 'anthropic/claude-intro-price')).toMatchObject({ input: '3', output: '15' });
  });

  it('time-of-day prices: the window covering most of the day is the list price, the other is noted', () => {
    const d = byId(models, 'deepseek/deepseek-chat');
    expect(d).toMatchObject({ input: '0.27', output: '1.1', cache_read: '0.07' });
    expect(d.notes).toContain('00:30-16:30 UTC');
    expect(d.notes).toContain('input 0.135 / output 0.55');
  });

  it('tiers per field become cumulative long-context tiers', () => {
    expect(byId(models, 'google/gemini-multi-tier')).toMatchObject({
      input: '1', output: '4', batch: null,
      long_context: [{ prompt_tokens_over: 128000, input: '2' }, { prompt_tokens_over: 200000, input: '3', output: '6' }],
    });
  });

  it('embeddings, float noise, provider renames and aliases', () => {
    const e = byId(models, 'openai/text-embedding-3-small');
    expect(e).toMatchObject({ kind: 'embedding', input: '0.02' });
    expect('output' in e || 'batch' in e).toBe(false);
    expect(byId(models, 'openai/gpt-noisy')).toMatchObject({ input: '0.3', output: '1.2', batch: null });
    expect(byId(models, 'openrouter/anthropic--claude-3.5-sonnet').aliases).toEqual(['openrouter/anthropic/claude-3.5-sonnet']);
    const grok = byId(models, 'xai/grok-test');
    expect(grok.aliases).toEqual(['x-ai/grok-test']);
    expect(grok.cache_read).toBeNull(); // 0.5 above input 0.2: not trusted
    expect(res.fixes).toEqual([expect.objectContaining({ id: 'xai/grok-test', field: 'cache_read', rule: 'cache-read-above-input' })]);
  });

  it('rejects a file that is not a genai-prices array, with a hint for LiteLLM files', () => {
    try {
      convertGenaiPrices(fixture('litellm-small.json'), opts());
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect(e instanceof InputError && e.diagnostics[0]?.hint).toContain('litellm');
    }
    expect(() => convertGenaiPrices([{ id: 'openai' }], opts())).toThrow(/\[0\]: expected a provider/);
  });
});
