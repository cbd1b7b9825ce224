import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, json, runCli } from '../helpers/cli.js';
import { MIN_ESTIMATE_CASES } from '../helpers/golden.js';
import type { ScenarioEstimate } from '../../src/core/estimate/types.js';

// Golden cases (test/cases/estimate-*/): a scenario and the numbers worked out by hand in its
// expected.json ("why" shows the arithmetic). Priced with the seed test catalog, never pricing/.
const CASES = join(ROOT, 'test', 'cases');
const dirs = readdirSync(CASES).filter((d) => d.startsWith('estimate-') && existsSync(join(CASES, d, 'expected.json')));

type Expected = {
  baseline?: Record<string, number>;
  plan?: Record<string, number>;
  savings?: Record<string, number>;
  steps?: ({ strategy: string } & Record<string, number | string>)[];
  budget?: Record<string, number | string>;
  perMillionTokens?: { baseline: number; plan: number };
};

/** Money to the cent (per-request figures to 1e-9), percentages to 0.01. */
function close(actual: unknown, expected: number, key: string) {
  expect(typeof actual, key).toBe('number');
  const a = actual as number;
  const tol = /percent/i.test(key) ? 0.005 : /perRequest/.test(key) ? 1e-9 : 0.005;
  expect(Math.abs(a - expected), `${key}: ${a} vs ${expected}`).toBeLessThanOrEqual(tol);
}

describe('golden estimate cases', () => {
  it(`there are at least ${MIN_ESTIMATE_CASES}`, () => {
    expect(dirs.length).toBeGreaterThanOrEqual(MIN_ESTIMATE_CASES);
  });
});

describe.each(dirs)('golden %s', (dir) => {
  it('reproduces the hand-worked numbers', async () => {
    const exp = JSON.parse(readFileSync(join(CASES, dir, 'expected.json'), 'utf8')) as Expected;
    const r = await runCli(['estimate', join(CASES, dir, 'scenario.yaml'), '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const s = json<{ schemaVersion: number; command: string; scenarios: ScenarioEstimate[] }>(r).scenarios[0]!;
    expect(s.catalog.version).toBe('2025-01-01');
    for (const part of ['baseline', 'plan', 'savings'] as const) {
      for (const [k, v] of Object.entries(exp[part] ?? {})) close((s[part] as unknown as Record<string, number>)[k], v, `${part}.${k}`);
    }
    for (const want of exp.steps ?? []) {
      const got = s.steps.find((x) => x.strategy === want.strategy);
      expect(got, want.strategy).toBeDefined();
      for (const [k, v] of Object.entries(want)) if (k !== 'strategy') close((got as unknown as Record<string, number>)[k], v as number, `${want.strategy}.${k}`);
    }
    if (exp.steps) expect(s.steps.map((x) => x.strategy)).toEqual(exp.steps.map((x) => x.strategy));
    for (const [k, v] of Object.entries(exp.budget ?? {})) {
      if (typeof v === 'string') expect((s.budget as Record<string, unknown>)[k]).toBe(v);
      else close((s.budget as Record<string, unknown>)[k], v, `budget.${k}`);
    }
    if (exp.perMillionTokens) {
      const tokens = s.steps[0]!.lines.reduce((a, l) => a + (l.unit === '1M tokens' ? l.quantity : 0), 0) * 1e6 / s.requestsPerDay;
      close((s.baseline.perRequest / tokens) * 1e6, exp.perMillionTokens.baseline, 'baseline per 1M tokens');
      close((s.plan.perRequest / tokens) * 1e6, exp.perMillionTokens.plan, 'plan per 1M tokens');
    }
  });
});

describe('golden tables', () => {
  it('routing: the seed 002 figures appear in the table', async () => {
    const r = await runCli(['estimate', join(CASES, 'estimate-routing', 'scenario.yaml')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/baseline\s+│\s+\$0\.00325\s+│\s+\$3,250\.00\s+│\s+\$97,500\.00\s+│\s+\$1,170,000\.00/);
    expect(r.stdout).toMatch(/1\. routing\s+│\s+\$0\.0007135\s+│\s+\$713\.50\s+│\s+\$21,405\.00/);
    expect(r.stdout).toMatch(/\$76,095\.00\s+│\s+78\.05%/);
  });
  it('caching: $3,000 -> $1,590 per day, 47%', async () => {
    const r = await runCli(['estimate', join(CASES, 'estimate-caching', 'scenario.yaml')]);
    expect(r.stdout).toMatch(/\$3,000\.00/);
    expect(r.stdout).toMatch(/1\. response caching\s+│\s+\$0\.00159\s+│\s+\$1,590\.00/);
    expect(r.stdout).toMatch(/47%/);
  });
  it('cascade: a request that escalates pays every tier it passed through', async () => {
    const j = json<{ scenarios: ScenarioEstimate[] }>(await runCli(['estimate', join(CASES, 'estimate-cascade', 'scenario.yaml'), '--format', 'json']));
    const lines = j.scenarios[0]!.steps[1]!.lines;
    // 1,000M tokens/day reach tier 1, 300M tier 2, 50M tier 3
    expect(lines.map((l) => l.handler)).toEqual(['openai/gpt-4o-mini (tier 1)', 'openai/gpt-4o (tier 2)', 'anthropic/claude-3-5-sonnet (tier 3)']);
    expect(lines[0]!.quantity).toBeCloseTo(1000, 9);
    expect(lines[1]!.quantity).toBeCloseTo(300, 9);
    expect(lines[2]!.quantity).toBeCloseTo(50, 9);
    expect(lines.map((l) => l.unitPrice)).toEqual([0.15, 2.5, 3]);
  });
});
