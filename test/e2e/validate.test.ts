import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { json, runBuilt } from '../helpers/cli.js';

describe('costopt validate', () => {
  it('checks every bundled scenario: exit 0 and a row per file', () => {
    const r = runBuilt(['validate', 'scenarios/support-bot.yaml', 'scenarios/rag-assistant.yaml', 'scenarios/batch-documents.yaml', 'scenarios/grading-pipeline.yaml']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/scenarios\/support-bot\.yaml\s+│ support-bot\s+│ 2026-11-01 │ ok/);
    expect(r.stdout).toMatch(/grading-pipeline/);
    const j = json<{ command: string; valid: boolean; files: { file: string; name: string }[] }>(runBuilt(['validate', 'scenarios/support-bot.yaml', '--format', 'json']));
    expect(j.command).toBe('validate');
    expect(j.valid).toBe(true);
    expect(j.files).toEqual([expect.objectContaining({ file: 'scenarios/support-bot.yaml', name: 'support-bot' })]);
  });

  it('prints no costs (only the checks)', () => {
    const r = runBuilt(['validate', 'scenarios/support-bot.yaml']);
    expect(r.stdout).not.toMatch(/\$\d/);
  });

  it('a --set that breaks the scenario is reported against the flag', () => {
    const r = runBuilt(['validate', 'scenarios/support-bot.yaml', '--set', 'strategies.routing.mix[0].share=70%']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('scenarios/support-bot.yaml:28:7 error strategies.routing.mix: shares must sum to 100%, got 110% (with --set strategies.routing.mix[0].share=70%)');
  });

  it('a catalog: or pricing_overrides: file that does not exist is reported at its key in the scenario', () => {
    const dir = mkdtempSync(join(tmpdir(), 'costopt-validate-'));
    const head = 'version: 1\nworkload: { requests_per_day: 1M, input_tokens: 500, output_tokens: 200 }\nbaseline: { model: openai/gpt-4o }\n';
    writeFileSync(join(dir, 'cat.yaml'), `${head}catalog: ./gone.yaml\n`);
    writeFileSync(join(dir, 'ov.yaml'), `${head}pricing_overrides: deals/acme.yaml\n`);
    const c = runBuilt(['validate', 'cat.yaml'], { cwd: dir });
    expect(c.code).toBe(2);
    expect(c.stderr).toBe('cat.yaml:4:10 error catalog: "./gone.yaml": cannot read file: no such file\n');
    const o = runBuilt(['validate', 'ov.yaml'], { cwd: dir });
    expect(o.code).toBe(2);
    expect(o.stderr).toBe('ov.yaml:4:20 error pricing_overrides: "deals/acme.yaml": cannot read file: no such file\n');
    expect(c.stdout + o.stdout).toBe('');
    // a --pricing-overrides problem is the flag's file, not the scenario's catalog: line
    const flag = runBuilt(['validate', 'scenarios/support-bot.yaml', '--pricing-overrides', dir]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe(`${dir} error cannot read file: is a directory\n`);
  });
});
