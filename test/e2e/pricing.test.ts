import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, SEED_CATALOG, json, runBuilt, runCli } from '../helpers/cli.js';

const bad = (name: string) => join(FIXTURES, 'bad-catalogs', name);

describe('pricing show (shipped catalogs)', () => {
  it('prints gpt-4o at $2.50 / $10.00 per 1M tokens with its source', async () => {
    const r = await runCli(['pricing', 'show', 'openai/gpt-4o']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/input\s+│\s+\$2\.50/);
    expect(r.stdout).toMatch(/output\s+│\s+\$10\.00/);
    expect(r.stdout).toMatch(/source/);
    const j = json<{ entry: { input: number; output: number }; catalog: { version: string; hash: string } }>(await runCli(['pricing', 'show', 'openai/gpt-4o', '--format', 'json']));
    expect(j.entry.input).toBe(2.5);
    expect(j.entry.output).toBe(10);
    // the newest release, at its publication day
    expect(j.catalog.version).toBe('2026-12-01');
    expect(j.catalog.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('prints the June 2024 price with --as-of 2024-06-01: the newest release, at that day', async () => {
    const j = json<{ entry: { input: number; output: number }; catalog: { version: string; asOf: string } }>(await runCli(['pricing', 'show', 'openai/gpt-4o', '--as-of', '2024-06-01', '--format', 'json']));
    expect(j.catalog.version).toBe('2026-12-01');
    expect(j.catalog.asOf).toBe('2024-06-01');
    // gpt-4o pointed at gpt-4o-2024-05-13 then: $5 / $15 (OpenAI, 2024-05-13 announcement)
    expect(j.entry.input).toBe(5);
    expect(j.entry.output).toBe(15);
    // from 2024-10-02 it points at gpt-4o-2024-08-06: $2.50 / $10
    const mid = json<{ entry: { input: number; output: number }; catalog: { version: string; asOf: string } }>(await runCli(['pricing', 'show', 'openai/gpt-4o', '--as-of', '2025-03-01', '--format', 'json']));
    expect(mid.catalog).toMatchObject({ version: '2026-12-01', asOf: '2025-03-01' });
    expect([mid.entry.input, mid.entry.output]).toEqual([2.5, 10]);
  });

  it('gives onDemandHourly for instances', async () => {
    const j = json<{ section: string; entry: { onDemandHourly: number } }>(await runCli(['pricing', 'show', 'aws/g4dn.xlarge', '--format', 'json']));
    expect(j.section).toBe('instances');
    expect(j.entry.onDemandHourly).toBe(0.526);
  });

  it('shows a serverless platform\'s memory range, free tier and cold start as text, not JSON', async () => {
    const r = await runCli(['pricing', 'show', 'aws/lambda', '--catalog', SEED_CATALOG]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^memory MB +128 to 10,240$/m);
    expect(r.stdout).toMatch(/^free tier +1,000,000 requests, 400,000 GB-seconds per month$/m);
    expect(r.stdout).toMatch(/^cold start ms +typical 250$/m);
    expect(r.stdout).not.toContain('{');
  });

  it('unknown id: exit 2 with did you mean', async () => {
    const r = await runCli(['pricing', 'show', 'openai/gpt4o']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean "openai/gpt-4o"');
    expect(r.stdout).toBe('');
  });

  it('a version that does not exist: exit 2', async () => {
    const r = await runCli(['pricing', 'show', 'openai/gpt-4o', '--catalog', '2019-01-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown catalog version "2019-01-01"; shipped versions: .*2024-06-01.*2026-11-01/);
    const before = await runCli(['pricing', 'show', 'openai/gpt-4o', '--as-of', '2020-01-01']);
    expect(before.code).toBe(2);
    expect(before.stderr).toContain('openai/gpt-4o is not available on 2020-01-01: openai/gpt-4o first pointed at a model on 2024-05-13');
  });
});

describe('pricing list', () => {
  it('lists versions with dates and counts', async () => {
    const j = json<{ versions: { version: string; published: string; counts: Record<string, number> }[] }>(await runCli(['pricing', 'list', '--format', 'json']));
    const versions = j.versions.map((v) => v.version);
    expect(versions).toContain('2024-06-01');
    expect(versions).toContain('2026-11-01');
    const cur = j.versions.find((v) => v.version === '2026-11-01')!;
    expect(cur.counts.models).toBeGreaterThanOrEqual(60);
    expect(cur.counts.instances).toBeGreaterThanOrEqual(25);
    expect(cur.counts.throughput).toBeGreaterThanOrEqual(8);
    expect(cur.counts.serverless).toBeGreaterThanOrEqual(5);
  });
});

describe('pricing diff', () => {
  it('lists the real changes between 2024-06-01 and 2026-11-01', async () => {
    const j = json<{ changes: { id: string; field: string; kind: string; old: number; new: number; changePercent: number }[] }>(await runCli(['pricing', 'diff', '2024-06-01', '2026-11-01', '--format', 'json']));
    const gpt4oInput = j.changes.find((c) => c.id === 'openai/gpt-4o' && c.field === 'input');
    expect(gpt4oInput).toMatchObject({ kind: 'changed', old: 5, new: 2.5, changePercent: -50 });
    expect(j.changes.some((c) => c.id === 'openai/gpt-4o-mini' && c.kind === 'added')).toBe(true);
  });
  it('compares two catalog files', async () => {
    const r = await runCli(['pricing', 'diff', SEED_CATALOG, SEED_CATALOG, '--format', 'json']);
    expect(json<{ changes: unknown[] }>(r).changes).toEqual([]);
  });
});

describe('pricing lint', () => {
  it('is clean on every shipped version', async () => {
    const r = await runCli(['pricing', 'lint']);
    expect(r.stdout).not.toContain('error');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2026-11-01.yaml: clean');
    expect(r.stdout).toContain('2024-06-01.yaml: clean');
  });
  it('exits 1 listing each violation with file:line', async () => {
    const r = await runCli(['pricing', 'lint', bad('lint-violations.yaml')]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n').filter((l) => l.includes(' error ['));
    expect(lines.map((l) => /\[([\w-]+)\]/.exec(l)?.[1])).toEqual(['batch-missing', 'cache-read-above-input', 'cache-write-1h-below-5m', 'long-context-below-base', 'spot-above-on-demand']);
    expect(lines[0]).toMatch(/lint-violations\.yaml:9:9 error/);
  });
  it('JSON echoes each linted catalog\'s id, version and content hash', async () => {
    const j = json<{ files: { catalog: unknown }[] }>(await runCli(['pricing', 'lint', SEED_CATALOG, '--format', 'json']));
    expect(j.files.map((f) => f.catalog)).toEqual([{ id: 'seed-test', version: '2025-01-01', hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) }]);
  });
});

describe('bad catalogs: precise messages and exit 2', () => {
  const cases: [string, RegExp][] = [
    ['malformed-yaml.yaml', /malformed-yaml\.yaml:11:1 error invalid YAML/],
    ['rate-not-a-number.yaml', /rate-not-a-number\.yaml:10:12 error models\[0\]\.input: expected a price as a decimal number/],
    ['negative-price.yaml', /negative-price\.yaml:11:13 error models\[0\]\.output: a price cannot be negative/],
    ['duplicate-id.yaml', /duplicate-id\.yaml:14:15 error models\[1\]\.aliases\[0\]: duplicate alias "test\/x"/],
    ['overlapping-tiers.yaml', /overlapping-tiers\.yaml:14:31 error .*overlapping long-context tiers/],
    ['unknown-key.yaml', /unknown-key\.yaml:11:5 error models\[0\]\.outptu: unknown key "outptu"; did you mean "output"\?/],
    ['unknown-source.yaml', /unknown-source\.yaml:12:13 error models\[0\]\.source: unknown source "openai-pricnig"/],
    ['empty.yaml', /empty\.yaml:1:1 error the file is empty\n$/],
  ];
  it('has a test for every bad fixture', () => {
    const files = readdirSync(join(FIXTURES, 'bad-catalogs')).filter((f) => f !== 'lint-violations.yaml');
    expect(files.sort()).toEqual(cases.map(([f]) => f).sort());
  });
  it.each(cases)('%s', async (file, expected) => {
    const r = await runCli(['pricing', 'show', 'test/x', '--catalog', bad(file)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(expected);
    expect(r.stdout).toBe('');
  });
});

describe('pricing overrides', () => {
  it('applies negotiated rates and says so', async () => {
    const j = json<{ entry: { input: number; output: number }; catalog: { overrides: { description: string }[] } }>(
      await runCli(['pricing', 'show', 'openai/gpt-4o', '--catalog', SEED_CATALOG, '--pricing-overrides', join(FIXTURES, 'overrides-gpt4o.yaml'), '--format', 'json']),
    );
    expect(j.entry.input).toBe(2); // 2.50 less 20%
    expect(j.entry.output).toBe(8);
    expect(j.catalog.overrides.map((o) => o.description)).toContain('openai/gpt-4o: 20% off');
    const t = await runCli(['pricing', 'show', 'aws/c5.2xlarge', '--catalog', SEED_CATALOG, '--pricing-overrides', join(FIXTURES, 'overrides-gpt4o.yaml')]);
    expect(t.stdout).toContain('overrides applied');
    expect(t.stdout).toMatch(/on-demand\s+│\s+\$0\.30/);
  });
  it('an override for an unknown id is exit 2 with file:line:col', async () => {
    const r = await runCli(['pricing', 'show', 'openai/gpt-4o', '--catalog', SEED_CATALOG, '--pricing-overrides', join(FIXTURES, 'overrides-unknown-id.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/overrides-unknown-id\.yaml:5:9 error overrides\[1\]\.id: unknown id "openai\/gpt-5-turbo-ultra"/);
  });
});

describe('the built CLI', () => {
  it('--version prints the package version', () => {
    const r = runBuilt(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('0.1.0');
  });
  it('unknown commands and flags exit 2 with a hint', () => {
    const a = runBuilt(['frobnicate']);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain("unknown command 'frobnicate'");
    expect(a.stderr).toContain('--help');
    const b = runBuilt(['pricing', 'show', 'x', '--bogus']);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain("unknown option '--bogus'");
  });
  it('a bad --format is exit 2', () => {
    const r = runBuilt(['pricing', 'list', '--format', 'yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format: expected one of table, json, markdown, csv, html, got "yaml"');
  });
  it('colour follows FORCE_COLOR and --no-color', () => {
    const forced = runBuilt(['pricing', 'list'], { env: { FORCE_COLOR: '1', NO_COLOR: '' } });
    expect(forced.stdout).toContain('\u001b[');
    const off = runBuilt(['pricing', 'list', '--no-color'], { env: { FORCE_COLOR: '1', NO_COLOR: '' } });
    expect(off.stdout).not.toContain('\u001b[');
  });
});

describe('global flags before or after the command', () => {
  it('--format and --no-color work in either place', async () => {
    const before = await runCli(['--format', 'json', 'pricing', 'list']);
    const after = await runCli(['pricing', 'list', '--format', 'json']);
    expect(json(before)).toEqual(json(after));
    const off1 = await runCli(['--no-color', 'pricing', 'list'], { env: { FORCE_COLOR: '1', NO_COLOR: '' } });
    const off2 = await runCli(['pricing', 'list', '--no-color'], { env: { FORCE_COLOR: '1', NO_COLOR: '' } });
    const on = await runCli(['pricing', 'list'], { env: { FORCE_COLOR: '1', NO_COLOR: '' } });
    expect(off1.stdout).not.toContain('\u001b[');
    expect(off2.stdout).not.toContain('\u001b[');
    expect(on.stdout).toContain('\u001b[');
  });
});
