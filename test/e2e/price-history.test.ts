import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { json, runCli } from '../helpers/cli.js';

// The built CLI on the hand-made release with history and on the shipped release 2026-12-01.
const HIST = 'test/fixtures/catalogs/history/history-test.yaml';
const REFRESH = 'test/fixtures/pricing-refresh';

describe('pricing history', () => {
  it('lists a moving alias\' targets and its target\'s price change, with sources (json, table, csv)', async () => {
    const r = await runCli(['pricing', 'history', 'alpha', '--catalog', HIST, '--format', 'json']);
    expect(r.code).toBe(0);
    const j = json<{ command: string; result?: unknown; id: string; kind: string; events: { date: string; event: string; dateKind: string; model: string; source: { url: string; asOf: string } }[] }>(r);
    expect(j.id).toBe('test/alpha');
    expect(j.kind).toBe('alias');
    expect(j.events.map((e) => `${e.date} ${e.event} ${e.model} (${e.dateKind}, ${e.source.url})`)).toEqual([
      '2024-05-01 alias test/alpha-2024-05-01 (effective, hand-made: launch post)',
      '2024-10-01 price test/alpha-2024-05-01 (effective, hand-made: price-cut post)',
      '2024-11-01 alias test/alpha-2024-09-01 (effective, hand-made: price-cut post)',
    ]);
    const t = await runCli(['pricing', 'history', 'alpha-2024-05-01', '--catalog', HIST], { env: { COLUMNS: '160' } });
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('Price history of test/alpha-2024-05-01');
    expect(t.stdout).toMatch(/available +2024-05-01 to 2025-07-01 \(retired\)/);
    expect(t.stdout).toMatch(/pointed at by +test\/alpha from 2024-05-01 until 2024-11-01/);
    expect(t.stdout).toMatch(/│ 2025-07-01 │ retired +│/);
    const c = await runCli(['pricing', 'history', 'alpha-2024-05-01', '--catalog', HIST, '--format', 'csv']);
    expect(c.stdout.split('\n')).toContain('2024-05-01,launch,effective,test/alpha-2024-05-01,launched at input 4; output 12,launch (2024-05-01)');
  });

  it('the shipped release: gpt-4o moved to gpt-4o-2024-08-06 on 2024-10-02', async () => {
    const j = json<{ events: { date: string; event: string; model: string }[] }>(await runCli(['pricing', 'history', 'gpt-4o', '--format', 'json']));
    expect(j.events.filter((e) => e.event === 'alias').map((e) => [e.date, e.model])).toEqual([['2024-05-13', 'openai/gpt-4o-2024-05-13'], ['2024-10-02', 'openai/gpt-4o-2024-08-06']]);
  });

  it('an unknown id is exit 2 with did you mean; a release without history is exit 2', async () => {
    const r = await runCli(['pricing', 'history', 'alpah', '--catalog', HIST]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown model "alpah"; did you mean "alpha"');
    const v1 = await runCli(['pricing', 'history', 'openai/gpt-4o', '--catalog', '2026-11-01']);
    expect(v1.code).toBe(2);
    expect(v1.stderr).toContain('catalog costopt-public 2026-11-01 has one price per model and no history (schema v1)');
  });
});

describe('pricing show --as-of and pricing diff between dates', () => {
  it('show says the day the prices are taken at', async () => {
    const r = await runCli(['pricing', 'show', 'alpha', '--catalog', HIST, '--as-of', '2024-10-15']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('prices as of 2024-10-15');
    // alpha-2024-05-01 after its cut: $2.00 / $8.00
    expect(r.stdout).toMatch(/│ input +│ +\$2\.00 │/);
    expect(r.stdout).toMatch(/│ output +│ +\$8\.00 │/);
  });

  it('diff release@day: the cut and the alias move, each as a rate change', async () => {
    const j = json<{ from: { asOf: string }; to: { asOf: string }; changes: { id: string; field: string; kind: string; old: number | null; new: number | null }[] }>(
      await runCli(['pricing', 'diff', `${HIST}@2024-06-01`, `${HIST}@2024-11-01`, '--section', 'models', '--format', 'json']),
    );
    expect([j.from.asOf, j.to.asOf]).toEqual(['2024-06-01', '2024-11-01']);
    const of = (id: string, field: string) => j.changes.find((c) => c.id === id && c.field === field);
    // alpha: 4/12 on 2024-06-01 (alpha-2024-05-01), 1/4 on 2024-11-01 (alpha-2024-09-01)
    expect(of('test/alpha', 'input')).toMatchObject({ kind: 'changed', old: 4, new: 1 });
    expect(of('test/alpha', 'output')).toMatchObject({ kind: 'changed', old: 12, new: 4 });
    expect(of('test/alpha-2024-05-01', 'input')).toMatchObject({ kind: 'changed', old: 4, new: 2 });
    expect(of('test/alpha-2024-09-01', '*')).toMatchObject({ kind: 'added' });
  });

  it('a bare date that is not a release reads the newest release on that day', async () => {
    const j = json<{ from: { version: string; asOf: string }; changes: { id: string; field: string; old: number; new: number }[] }>(await runCli(['pricing', 'diff', '2024-10-01', '2024-10-02', '--format', 'json']));
    expect(j.from).toMatchObject({ version: '2026-12-01', asOf: '2024-10-01' });
    expect(j.changes.find((c) => c.id === 'openai/gpt-4o' && c.field === 'input')).toMatchObject({ old: 5, new: 2.5 });
    const bad = await runCli(['pricing', 'diff', '2024-06-01@2025-01-01', '2026-12-01']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('has no price history, so it cannot be read at a day');
  });
});

describe('pricing import release: the monthly refresh', () => {
  it('appends a price change both sources agree on, holds back a 10x jump, adds a new model, lists the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'costopt-refresh-'));
    const out = join(dir, '2027-02-01.yaml');
    const r = await runCli(['pricing', 'import', 'release', `${REFRESH}/litellm.json`, `${REFRESH}/genai.json`, '--catalog', `${REFRESH}/base.yaml`, '--version', '2027-02-01', '--out', out, '--format', 'json']);
    expect(r.code).toBe(0);
    const j = json<{ lint: { violations: number }; report: { applied: { id: string; from: string }[]; heldBack: { id: string; why: string }[]; added: { id: string; input: number; output: number }[]; vanished: { id: string }[]; disagree: { id: string; field: string; litellm: number; genai: number }[]; genaiOnly: string[]; litellmOnly: string[] } }>(r);
    expect(j.lint.violations).toBe(0);
    // gpt-x: 5e-7 / 2e-6 per token = $0.50 / $2.00 per 1M, genai-prices agrees: dated the LiteLLM file's day
    expect(j.report.applied).toEqual([{ id: 'openai/gpt-x', from: '2027-01-15', change: 'input 1 -> 0.5; output 4 -> 2' }]);
    // claude-y: 4e-5 = $40 against $3: over 10x, held back; genai-prices still says $3/$15
    expect(j.report.heldBack.map((h) => h.id)).toEqual(['anthropic/claude-y']);
    expect(j.report.disagree).toEqual([{ id: 'anthropic/claude-y', field: 'input', litellm: 40, genai: 3 }, { id: 'anthropic/claude-y', field: 'output', litellm: 200, genai: 15 }]);
    expect(j.report.added).toEqual([{ id: 'openai/gpt-z', key: 'gpt-z', input: 2, output: 8 }]);
    expect(j.report.vanished).toEqual([{ id: 'openai/gpt-old' }]);
    expect(j.report.genaiOnly).toEqual(['anthropic/claude-w']);
    expect(j.report.litellmOnly).toEqual(['openai/gpt-z']);
    // the candidate loads, prices gpt-x at the old rate before the file's day and the new one from it
    const before = json<{ entry: { input: number } }>(await runCli(['pricing', 'show', 'gpt-x', '--catalog', out, '--as-of', '2027-01-14', '--format', 'json']));
    const after = json<{ entry: { input: number } }>(await runCli(['pricing', 'show', 'gpt-x', '--catalog', out, '--as-of', '2027-01-15', '--format', 'json']));
    expect([before.entry.input, after.entry.input]).toEqual([1, 0.5]);
    expect(readFileSync(out, 'utf8')).toMatch(/^# Candidate release 2027-02-01/);
  });

  it('needs both files and a newer version', async () => {
    const one = await runCli(['pricing', 'import', 'release', `${REFRESH}/litellm.json`, '--catalog', `${REFRESH}/base.yaml`, '--version', '2027-02-01', '--out', '-']);
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('pricing import release needs two files');
    const old = await runCli(['pricing', 'import', 'release', `${REFRESH}/litellm.json`, `${REFRESH}/genai.json`, '--catalog', `${REFRESH}/base.yaml`, '--version', '2026-01-01', '--out', '-']);
    expect(old.code).toBe(2);
    expect(old.stderr).toContain('must be newer than the release it refreshes (2026-12-01)');
  });
});

describe('a request log from 2024-06 to 2026-11, each row at the prices of its own day', () => {
  it('totals the hand-worked figure exactly and reports the two rows outside availability', async () => {
    const r = await runCli(['analyze', 'test/fixtures/billing/request-log-2024-06-to-2026-11.csv', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = json<{ totals: { usage: number }; unpriced: { rows: number; models: string[] }; pricedWith: { catalog: { version: string }; dates: string }; unpricedModels: { model: string; why: string; firstDay: string; reason: string }[] }>(r);
    // row by row (USD per 1M tokens from the release's cited sources):
    //   2024-06-15 gpt-4o (-> 2024-05-13, $5/$15)            10k x 5 + 1k x 15        = 0.065
    //   2024-07-18 gpt-4o-mini ($0.15/$0.60)                 100k x 0.15 + 10k x 0.60 = 0.021
    //   2024-09-25 gemini-1.5-pro-002, 200k prompt (>128k $7/$21) 200k x 7 + 1k x 21  = 1.421
    //   2024-10-02 openai/gpt-4o (-> 2024-08-06, $2.50/$10)  10k x 2.5 + 1k x 10      = 0.035
    //   2024-10-22 claude-3-5-sonnet-20241022 ($3, read $0.30, write $3.75, $15):
    //              2k x 3 + 6k x 0.3 + 2k x 3.75 + 1k x 15                            = 0.0303
    //   2025-03-15 us.anthropic.claude-3-5-sonnet-20241022-v2:0 ($3/$15)              = 0.045
    //   2025-06-09 o3 ($10/$40) 10k x 10 + 1k x 40                                    = 0.14
    //   2025-06-10 o3 after the cut ($2/$8)                                           = 0.028
    //   2025-07-01 vertex_ai/gemini-2.5-pro, 300k prompt (>200k $2.50/$15)            = 0.765
    //   2025-10-15 anthropic/claude-sonnet-4-5 ($3/$15)                               = 0.045
    //   2026-03-15 mistral/mistral-large-2512 ($0.50/$1.50) 10k x 0.5 + 1k x 1.5      = 0.0065
    //   2026-11-01 gpt-4o-mini ($0.15/$0.60) 10k x 0.15 + 1k x 0.6                    = 0.0021
    //   sum                                                                           = 2.6039
    expect(j.totals.usage).toBe(2.6039);
    expect(j.pricedWith).toMatchObject({ catalog: { version: '2026-12-01' }, dates: 'row-date' });
    // not priced, never $0: gpt-4o-mini before its launch, claude-3-5-sonnet-20241022 on its retirement day
    expect(j.unpriced.rows).toBe(2);
    expect(j.unpricedModels.map((u) => [u.model, u.why, u.firstDay])).toEqual([['claude-3-5-sonnet-20241022', 'unavailable', '2025-10-28'], ['gpt-4o-mini', 'unavailable', '2024-06-15']]);
  });
});
