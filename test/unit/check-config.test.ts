import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandGlob, parseSavedEstimate } from '../../src/io/check-config.js';
import { compileSegment } from '../../src/core/glob.js';
import { checkConfigSchema, percent } from '../../src/core/check/config.js';
import { isInputError } from '../../src/core/errors.js';

describe('glob expansion (relative to the config folder)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'costopt-glob-'));
  for (const f of ['a.yaml', 'b.yml', 'c.txt', '.hidden.yaml', 'sub/d.yaml', 'sub/deep/e.yaml', 'node_modules/x.yaml']) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), '');
  }
  const rel = (xs: string[]) => xs.map((x) => x.slice(dir.length + 1));
  it('*, ?, {a,b}, [..] within one folder; dotfiles only when asked', () => {
    expect(rel(expandGlob('*.yaml', dir))).toEqual(['a.yaml']);
    expect(rel(expandGlob('*.{yaml,yml}', dir))).toEqual(['a.yaml', 'b.yml']);
    expect(rel(expandGlob('?.y*ml', dir))).toEqual(['a.yaml', 'b.yml']);
    expect(rel(expandGlob('[ab].*', dir))).toEqual(['a.yaml', 'b.yml']);
    expect(rel(expandGlob('[!a].*', dir))).toEqual(['b.yml', 'c.txt']);
    expect(rel(expandGlob('.*.yaml', dir))).toEqual(['.hidden.yaml']);
  });
  it('** crosses folders (not node_modules)', () => {
    expect(rel(expandGlob('**/*.yaml', dir))).toEqual(['a.yaml', 'sub/d.yaml', 'sub/deep/e.yaml']);
    expect(rel(expandGlob('sub/**/e.yaml', dir))).toEqual(['sub/deep/e.yaml']);
  });
  it('plain paths, folders and absolute patterns', () => {
    expect(rel(expandGlob('sub/d.yaml', dir))).toEqual(['sub/d.yaml']);
    expect(rel(expandGlob('sub', dir))).toEqual(['sub']);
    expect(expandGlob('missing.yaml', dir)).toEqual([]);
    expect(rel(expandGlob(join(dir, 'sub', '*.yaml'), '/'))).toEqual(['sub/d.yaml']);
    expect(rel(expandGlob('../' + dir.split('/').pop() + '/*.yml', dir))).toEqual(['b.yml']);
  });
  it('regular-expression characters in names are literal', () => {
    const seg = (p: string) => {
      const c = compileSegment(p);
      if (!c.ok) throw new Error(c.message);
      return c.value;
    };
    expect(seg('a.b(1)+*').test('a.b(1)+x')).toBe(true);
    expect(seg('a.b').test('axb')).toBe(false);
  });
});

describe('config fields', () => {
  it('percentages: 10 and "10%" both mean ten percent', () => {
    expect(percent.parse(10)).toBe(10);
    expect(percent.parse('10%')).toBe(10);
    expect(percent.parse('12.5%')).toBe(12.5);
    expect(percent.safeParse(-1).success).toBe(false);
    expect(percent.safeParse('ten').success).toBe(false);
  });
  it('the form of the issue', () => {
    const c = checkConfigSchema.parse({
      version: 1,
      scenarios: [{ path: 'scenarios/*.yaml', max_monthly: 50000, max_cost_per_request: 0.01 }],
      bills: [{ path: 'billing/*.csv', max_forecast: 20000, fail_on: 'anomaly' }],
    });
    expect(c.scenarios?.[0]).toEqual({ path: 'scenarios/*.yaml', max_monthly: 50000, max_cost_per_request: 0.01 });
    expect(c.bills?.[0]?.fail_on).toBe('anomaly');
  });
  it('human numbers in budgets', () => {
    expect(checkConfigSchema.parse({ version: 1, scenarios: [{ path: 'x', max_monthly: '50k' }] }).scenarios?.[0]?.max_monthly).toBe(50000);
  });
});

describe('saved estimate results', () => {
  it('reads the keys check and diff use', () => {
    const [s] = parseSavedEstimate(JSON.stringify({ schemaVersion: 1, command: 'estimate', scenarios: [{ name: 'a', catalog: { id: 'c', version: 'v', hash: 'h' }, baseline: { daily: 2, monthly: 60, perRequest: 0.2 }, plan: { daily: 1, monthly: 30, perRequest: 0.1 }, steps: [{ strategy: 'baseline', monthly: 60 }] }] }), 'b.json');
    expect(s).toMatchObject({ name: 'a', plan: { monthly: 30 }, budget: { status: 'none', limitMonthly: null }, steps: [{ strategy: 'baseline', label: 'baseline', monthly: 60 }] });
  });
  it('anything else is bad input with line and column', () => {
    try {
      parseSavedEstimate('{\n  "schemaVersion": 1,\n  "command": "analyze",\n  "scenarios": []\n}\n', 'x.json');
      expect.unreachable();
    } catch (e) {
      expect(isInputError(e)).toBe(true);
      if (isInputError(e)) expect(e.message).toMatch(/^x\.json:3:14 error command: expected command: "estimate"/m);
    }
  });
});
