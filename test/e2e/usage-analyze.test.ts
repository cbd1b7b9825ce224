import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FIXTURES, runBuilt } from '../helpers/cli.js';

/** `costopt analyze` on usage records through the built CLI: output, exit codes, stderr (requires `npm run build`). */
const DIR = join(FIXTURES, 'usage');
const CATALOG = join(FIXTURES, 'catalogs', 'usage-samples.yaml');
const LITELLM = join(DIR, 'litellm-spend-logs-cache-in-metadata-priced-at-zero.json');

describe('costopt analyze: usage records', () => {
  it('the table shows reported vs computed with the gap named and the rows that differ most', () => {
    const r = runBuilt(['analyze', LITELLM, '--catalog', CATALOG]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('format    LiteLLM spend logs');
    expect(r.stdout).toMatch(/reported\s+\$0\.025\n/);
    expect(r.stdout).toMatch(/computed\s+\$0\.0375\n/);
    expect(r.stdout).toMatch(/difference \(reported - computed\)\s+-\$0\.0125/);
    expect(r.stdout).toContain('gpt-4o: cache tokens priced at $0 by the source');
    expect(r.stdout).toMatch(/priced-at-zero\.json:1 \$\[0\]/);
  });

  it('--format json carries the reconciliation; --cost-source reported moves the totals', () => {
    const both = JSON.parse(runBuilt(['analyze', LITELLM, '--catalog', CATALOG, '--format', 'json']).stdout) as { format: string; totals: { usage: number }; reconciliation: { reported: number; computed: number; models: { kind: string }[] } };
    expect(both.format).toBe('litellm');
    expect(both.totals.usage).toBe(0.0375);
    expect([both.reconciliation.reported, both.reconciliation.computed, both.reconciliation.models[0]!.kind]).toEqual([0.025, 0.0375, 'cache-free']);
    const rep = JSON.parse(runBuilt(['analyze', LITELLM, '--catalog', CATALOG, '--format', 'json', '--cost-source', 'reported']).stdout) as { totals: { usage: number }; reconciliation?: unknown; costSource: string };
    expect(rep.totals.usage).toBe(0.025);
    expect(rep.reconciliation).toBeUndefined();
    expect(rep.costSource).toBe('reported');
  });

  it('--format csv writes the reconciliation tables, the finding named in a word', () => {
    const r = runBuilt(['analyze', LITELLM, '--catalog', CATALOG, '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# reconciliation-models\nmodel,rows,reported,computed,difference,%,finding\ngpt-4o,2,0.025,0.0375,-0.0125,-33.33,cache at $0 in the source\n');
    expect(r.stdout).toContain('# reconciliation-days\nmodel,day,rows,reported,computed,difference,%\ngpt-4o,2026-03-02,2,0.025,0.0375,-0.0125,-33.33\n');
  });

  it('a bad --cost-source is exit 2 naming the flag', () => {
    const r = runBuilt(['analyze', LITELLM, '--cost-source', 'invoice']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--cost-source: expected reported, computed or both, got "invoice"');
    expect(r.stdout).toBe('');
  });

  it('--strict with a broken JSONL line: exit 2 at file:line, nothing on stdout', () => {
    const r = runBuilt(['analyze', join(DIR, 'bad', 'claude-code-broken-line-2.jsonl'), '--catalog', CATALOG, '--strict']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/claude-code-broken-line-2\.jsonl:2:1/);
    expect(r.stdout).toBe('');
  });

  it('an invalid JSON document: exit 2 at its line and column', () => {
    const r = runBuilt(['analyze', join(DIR, 'bad', 'otel-invalid-json-line-2.json'), '--catalog', CATALOG]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/otel-invalid-json-line-2\.json:2:\d+ error invalid JSON/);
    expect(r.stdout).toBe('');
  });

  it('control characters in a model name never reach the terminal', () => {
    const r = runBuilt(['analyze', join(DIR, 'bad', 'claude-code-escape-in-model-name.jsonl'), '--catalog', CATALOG]);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toContain('\u001b');
    expect(r.stderr + r.stdout).toMatch(/claude-x.*-evil/);
  });
});
