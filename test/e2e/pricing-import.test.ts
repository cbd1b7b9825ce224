import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { FIXTURES, ROOT, SHARED, json, runBuilt } from '../helpers/cli.js';

const LITELLM = join(SHARED, 'data', 'pricing', 'litellm_model_prices.json');
const GENAI = join(SHARED, 'data', 'pricing', 'genai_prices_v2_data.json');
const FIX = join(FIXTURES, 'pricing-import');
// a fixed import date for the header (2026-08-02T00:00:00Z)
const ENV = { SOURCE_DATE_EPOCH: String(Date.UTC(2026, 7, 2) / 1000) };
const fileSha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

interface ImportJson {
  output: string;
  catalog: { id: string; version: string; hash: string };
  source: { url: string; asOf: string; secondary: boolean };
  pricesAsOf: string | null;
  counts: { entries: number; models: number; chat: number; embedding: number; skipped: number };
  skipped: { reason: string; count: number; examples: { key: string }[] }[];
  repairs: { rule: string; count: number; examples: { id: string; field: string }[] }[];
  lint: { violations: number };
  skippedEntries: { key: string; reason: string }[];
}
interface ShowJson {
  entry: { input: number; output: number; cacheRead?: number; batch?: unknown; longContext?: { promptTokensOver: number; input?: number; output?: number }[]; notes?: string };
  catalog: { id: string; version: string };
}
const count = (j: ImportJson, reason: string) => j.skipped.find((s) => s.reason === reason)?.count ?? 0;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'costopt-import-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pricing import litellm (the real LiteLLM file)', () => {
  it('writes ./<version>.yaml that lints clean, with gpt-4o at $2.50 / $10.00', () => {
    const r = runBuilt(['pricing', 'import', 'litellm', LITELLM, '--version', '2026-08-01', '--format', 'json'], { cwd: dir, env: ENV });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = json<ImportJson>(r);
    const out = join(dir, '2026-08-01.yaml');
    expect(j.output).toBe(out);
    expect(existsSync(out)).toBe(true);
    // counts worked out independently over the JSON (python): 2,984 top-level keys, of which
    // 10 are not models (sample_spec, fallback_generalizations, 8 without provider/mode),
    // 480 are neither chat/responses nor embedding, 129 have no per-token input price, 81 more
    // price input and output at 0
    expect(j.counts.entries).toBe(2984);
    expect(count(j, 'not-a-model')).toBe(10);
    expect(count(j, 'unsupported-mode')).toBe(480);
    expect(count(j, 'no-input-price')).toBe(129);
    expect(count(j, 'zero-price')).toBe(81);
    expect(j.counts.models + count(j, 'duplicate-id') + count(j, 'invalid-id') + count(j, 'lint')).toBe(2984 - 10 - 480 - 129 - 81);
    expect(count(j, 'lint')).toBe(0);
    expect(j.counts.skipped + j.counts.models).toBe(j.counts.entries);
    expect(j.counts.models).toBeGreaterThan(2000);
    // the known wrong entries of research/llm-pricing.md §1 are not copied
    const nulls = j.repairs.flatMap((f) => f.examples.map((e) => `${e.id} ${e.field}`));
    expect(nulls).toContain('anthropic/claude-3-haiku-20240307 cache_write_1h');
    expect(j.source).toMatchObject({ url: 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', asOf: '2026-07-24', secondary: true });
    expect(j.pricesAsOf).toBeNull();
    expect(j.lint.violations).toBe(0);

    const text = readFileSync(out, 'utf8');
    expect(text.split('\n').slice(0, 2).join('\n')).toMatch(new RegExp(`^# Imported by costopt \\S+ \`pricing import litellm\` on 2026-08-02\\.\\n# Origin file: litellm_model_prices\\.json \\(sha256 ${fileSha(LITELLM)}\\)$`));
    expect(j.catalog.hash).toBe(`sha256:${createHash('sha256').update(text).digest('hex')}`);
    expect(text).not.toMatch(/: "?\d+(\.\d+)?e[-+]?\d+/i); // no float notation in any rate

    const lint = runBuilt(['pricing', 'lint', out]);
    expect(lint.code).toBe(0);
    expect(lint.stdout).toContain('clean (version 2026-08-01)');

    // LiteLLM "gpt-4o": input_cost_per_token 2.5e-06, output_cost_per_token 1e-05 (checked by hand)
    const show = json<ShowJson>(runBuilt(['pricing', 'show', 'openai/gpt-4o', '--catalog', out, '--format', 'json']));
    expect(show.catalog).toMatchObject({ id: 'litellm-import', version: '2026-08-01' });
    expect(show.entry).toMatchObject({ input: 2.5, output: 10, cacheRead: 1.25, batch: { input: 1.25, output: 5 } });
    const table = runBuilt(['pricing', 'show', 'gpt-4o', '--catalog', out]);
    expect(table.stdout).toMatch(/input\s+│\s+\$2\.50/);
    expect(table.stdout).toMatch(/output\s+│\s+\$10\.00/);
    expect(table.stdout).toContain('litellm-2026-07-24 (2026-07-24, second-hand)');
    // claude-sonnet-4-5: 3e-06 / 1.5e-05, above 200k: 6e-06 / 2.25e-05
    const sonnet = json<ShowJson>(runBuilt(['pricing', 'show', 'anthropic/claude-sonnet-4-5', '--catalog', out, '--format', 'json']));
    expect(sonnet.entry).toMatchObject({ input: 3, output: 15, longContext: [{ promptTokensOver: 200000, input: 6, output: 22.5 }] });
  }, 30_000);

  it('refuses to overwrite without --force; --force overwrites', () => {
    const out = join(dir, 'mine.yaml');
    writeFileSync(out, 'keep me\n');
    const r = runBuilt(['pricing', 'import', 'litellm', LITELLM, '--version', '2026-08-01', '--out', out, '--provider', 'openai']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${out} error already exists; pass --force`);
    expect(readFileSync(out, 'utf8')).toBe('keep me\n');
    const f = runBuilt(['pricing', 'import', 'litellm', LITELLM, '--version', '2026-08-01', '--out', out, '--provider', 'openai', '--force', '--format', 'json']);
    expect(f.code).toBe(0);
    const cat = parse(readFileSync(out, 'utf8')) as { models: { id: string }[] };
    expect(cat.models.length).toBeGreaterThan(50);
    expect(cat.models.every((m) => m.id.startsWith('openai/'))).toBe(true);
  }, 20_000);
});

describe('pricing import genai-prices (the real genai-prices file)', () => {
  it('writes a catalog that lints clean, with the prices in force on the version date', () => {
    const out = join(dir, 'genai.yaml');
    const r = runBuilt(['pricing', 'import', 'genai-prices', GENAI, '--version', '2026-11-01', '--out', out, '--format', 'json'], { env: ENV });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = json<ImportJson>(r);
    // 36 providers with 1,466 models in the file (counted independently)
    expect(j.counts.entries).toBe(1466);
    expect(j.counts.skipped + j.counts.models).toBe(1466);
    expect(j.counts.models).toBeGreaterThan(1200);
    expect(j.pricesAsOf).toBe('2026-11-01');
    expect(j.source).toMatchObject({ url: 'https://github.com/pydantic/genai-prices/blob/47df840a5ab10bbcffb8e5ac01b9899032245d1b/prices/new_data/v2/data.json', asOf: '2026-08-21' });
    expect(readFileSync(out, 'utf8')).toContain(`# Origin file: genai_prices_v2_data.json (sha256 ${fileSha(GENAI)})`);

    const lint = runBuilt(['pricing', 'lint', out]);
    expect(lint.code).toBe(0);

    // openai gpt-4o: input_mtok 2.5, output_mtok 10 (checked by hand)
    const show = json<ShowJson>(runBuilt(['pricing', 'show', 'openai/gpt-4o', '--catalog', out, '--format', 'json']));
    expect(show.entry).toMatchObject({ input: 2.5, output: 10, cacheRead: 1.25, batch: null });
    // claude-sonnet-5: 2/10 until 2026-08-31, 3/15 from 2026-09-01
    const sonnet = json<ShowJson>(runBuilt(['pricing', 'show', 'anthropic/claude-sonnet-5', '--catalog', out, '--format', 'json']));
    expect(sonnet.entry).toMatchObject({ input: 3, output: 15 });
    // gemini-2.5-pro: base 1.25/10, tier from 200,000 tokens 2.5/15
    const gem = json<ShowJson>(runBuilt(['pricing', 'show', 'google/gemini-2.5-pro', '--catalog', out, '--format', 'json']));
    expect(gem.entry).toMatchObject({ input: 1.25, output: 10, longContext: [{ promptTokensOver: 200000, input: 2.5, output: 15 }] });
  }, 30_000);

  it('--as-of picks the earlier price from the history', () => {
    const out = join(dir, 'genai-aug.yaml');
    const r = runBuilt(['pricing', 'import', 'genai-prices', GENAI, '--version', '2026-11-01', '--as-of', '2026-08-01', '--out', out, '--provider', 'anthropic', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(json<ImportJson>(r).pricesAsOf).toBe('2026-08-01');
    const sonnet = json<ShowJson>(runBuilt(['pricing', 'show', 'anthropic/claude-sonnet-5', '--catalog', out, '--format', 'json']));
    expect(sonnet.entry).toMatchObject({ input: 2, output: 10 });
    expect(sonnet.entry.notes).toContain('change from 2026-09-01');
  }, 20_000);
});

describe('pricing import: output and report', () => {
  it('--out - prints the catalog on stdout and the report on stderr', () => {
    const r = runBuilt(['pricing', 'import', 'litellm', join(FIX, 'litellm-small.json'), '--version', '2026-08-01', '--out', '-'], { env: ENV });
    expect(r.code).toBe(0);
    const cat = parse(r.stdout) as { version: string; sources: Record<string, { as_of: string; secondary: boolean }>; models: { id: string }[] };
    expect(cat.version).toBe('2026-08-01');
    expect(cat.models).toHaveLength(15);
    // as_of from litellm-small.meta.json beside the file
    expect(cat.sources['litellm-2026-07-24']).toMatchObject({ as_of: '2026-07-24', secondary: true });
    expect(r.stderr).toContain('Imported 15 models');
    expect(r.stderr).toMatch(/unsupported-mode\s+│\s+2/);
    expect(r.stderr).toMatch(/duplicate-id\s+│\s+2/);
  });

  it('markdown report lists skips by reason', () => {
    const r = runBuilt(['pricing', 'import', 'litellm', join(FIX, 'litellm-small.json'), '--version', '2026-08-01', '--out', join(dir, 'small.yaml'), '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\| no-input-price \| 2 \|/);
    expect(r.stdout).toMatch(/\| cache-write-implausible \| 1 \|/);
  });

  it('without a .meta.json the source date is the file date, with a warning', () => {
    const r = runBuilt(['pricing', 'import', 'genai-prices', join(FIX, 'genai-small.json'), '--version', '2026-08-01', '--out', join(dir, 'small-genai.yaml'), '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('no .meta.json with a date beside');
    expect(json<ImportJson>(r).source.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('by default never writes into the shipped pricing/ folder', () => {
    const target = join(ROOT, 'pricing', '1999-01-01.yaml');
    try {
      const r = runBuilt(['pricing', 'import', 'litellm', join(FIX, 'litellm-small.json'), '--version', '1999-01-01'], { cwd: join(ROOT, 'pricing') });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('refusing to write into costopt\'s shipped pricing/ folder');
      expect(existsSync(target)).toBe(false);
    } finally {
      rmSync(target, { force: true });
    }
  });

  it('--version of the program still prints the version', () => {
    const r = runBuilt(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('pricing import: bad input exits 2 naming the file', () => {
  const small = join(FIX, 'litellm-small.json');
  it('invalid JSON: file:line:col', () => {
    const f = join(FIX, 'invalid-trailing-comma.json');
    const r = runBuilt(['pricing', 'import', 'litellm', f, '--version', '2026-08-01', '--out', '-']);
    expect(r.code).toBe(2);
    // the stray "}" after the trailing comma: line 4, column 3
    expect(r.stderr).toContain(`${f}:4:3 error invalid JSON: Expected double-quoted property name`);
    expect(r.stdout).toBe('');
  });
  it('a file that does not exist', () => {
    const r = runBuilt(['pricing', 'import', 'litellm', join(dir, 'nope.json'), '--version', '2026-08-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'nope.json')} error cannot read file: no such file`);
  });
  it('the wrong format for the file, with a hint', () => {
    const r = runBuilt(['pricing', 'import', 'genai-prices', small, '--version', '2026-08-01', '--out', '-']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${small} error expected a JSON array of providers`);
    expect(r.stderr).toContain('use `costopt pricing import litellm <file>`');
  });
  it('an unknown format, with did you mean', () => {
    const r = runBuilt(['pricing', 'import', 'litelm', small, '--version', '2026-08-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('expected litellm or genai-prices, got "litelm"; did you mean "litellm"?');
  });
  it('a missing or bad --version', () => {
    const missing = runBuilt(['pricing', 'import', 'litellm', small]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--version: missing --version <YYYY-MM-DD>');
    const bad = runBuilt(['pricing', 'import', 'litellm', small, '--version', '2026-13-01']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--version: expected a date YYYY-MM-DD, got "2026-13-01"');
  });
  it('a bad --as-of', () => {
    const r = runBuilt(['pricing', 'import', 'genai-prices', join(FIX, 'genai-small.json'), '--version', '2026-08-01', '--as-of', 'yesterday']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--as-of: expected a date YYYY-MM-DD, got "yesterday"');
  });
  it('a provider that is not in the file, with did you mean', () => {
    const r = runBuilt(['pricing', 'import', 'litellm', small, '--version', '2026-08-01', '--provider', 'antropic', '--out', '-']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--provider: no model of provider "antropic"');
    expect(r.stderr).toContain('did you mean "anthropic"');
  });
  it('an output directory that does not exist', () => {
    const out = join(dir, 'no', 'such', 'dir', 'x.yaml');
    const r = runBuilt(['pricing', 'import', 'litellm', small, '--version', '2026-08-01', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${out} error cannot write: the directory does not exist`);
  });
});
