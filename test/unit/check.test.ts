import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluateCheck, increasePercent, isOver, scenarioRows, billRows } from '../../src/core/check/evaluate.js';
import type { ScenarioSubject } from '../../src/core/check/types.js';
import { checkDoc, rowMessage } from '../../src/render/present/check.js';
import { renderGithub, escapeData, escapeProperty, annotation } from '../../src/render/github.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { est } from '../fixtures/check/estimates.js';

// Seed 002 routing (SPEC §7): $21,405/month, $713.50/day over 1M requests = $0.0007135 per request.
const bot = est({ name: 'support-bot', baseline: 97500, plan: 21405, perRequest: 0.0007135, steps: [['routing', 21405]] });
const at = (line: number, col = 1) => ({ file: 'costopt.yaml', line, col });

function subject(over: Partial<ScenarioSubject> = {}): ScenarioSubject {
  return { estimate: bot, file: 'scenarios/bot.yaml', at: { file: 'scenarios/bot.yaml', line: 2, col: 1 }, budgetAt: {}, limits: [], ...over };
}

describe('budget comparison', () => {
  it('at the limit is within, float noise included; a cent over is over', () => {
    expect(isOver(21405, 21405)).toBe(false);
    expect(isOver(21405.000000000004, 21405)).toBe(false);
    expect(isOver(21405.01, 21405)).toBe(true);
    expect(isOver(0.0007135, 0.0007135)).toBe(false);
    expect(isOver(0.0007136, 0.0007135)).toBe(true);
    expect(isOver(0, 0)).toBe(false);
  });
  it('increase in percent', () => {
    // 19,264.50 -> 21,405: +2,140.50 / 19,264.50 = 11.111...%
    expect(increasePercent(19264.5, 21405)).toBeCloseTo(11.1111111, 6);
    expect(increasePercent(100, 90)).toBeCloseTo(-10, 9);
    expect(increasePercent(0, 0)).toBe(0);
    expect(increasePercent(0, 5)).toBe(Infinity);
  });
  it('a limit never passes a value above it (property)', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), fc.double({ min: 0.001, max: 1e9, noNaN: true }), (limit, extra) => {
      expect(isOver(limit * 1.000001 + extra, limit)).toBe(true);
      expect(isOver(limit, limit)).toBe(false);
    }));
  });
});

describe('scenario budgets', () => {
  it('max_monthly and max_cost_per_request from the config, within', () => {
    const rows = scenarioRows(subject({ limits: [{ budget: 'max_monthly', limit: 25000, at: at(4, 18) }, { budget: 'max_cost_per_request', limit: 0.001, at: at(5, 27) }] }));
    expect(rows.map((r) => [r.budget, r.value, r.limit, r.status, r.limitSource])).toEqual([
      ['max_monthly', 21405, 25000, 'within', 'costopt.yaml:4:18'],
      ['max_cost_per_request', 0.0007135, 0.001, 'within', 'costopt.yaml:5:27'],
    ]);
    expect(rows[0]).toMatchObject({ scenario: 'support-bot', file: 'scenarios/bot.yaml', line: 2, col: 1 });
  });
  it('each breach is marked on its own row', () => {
    const rows = scenarioRows(subject({ limits: [{ budget: 'max_monthly', limit: 20000, at: at(4) }, { budget: 'max_cost_per_request', limit: 0.0005, at: at(5) }] }));
    expect(rows.map((r) => r.status)).toEqual(['over', 'over']);
  });
  it("the scenario's own budget counts, pointing at its line", () => {
    const e = est({ name: 'b', plan: 21405, perRequest: 0.0007135, budget: { monthly: 20000, perRequest: 0.001 } });
    const rows = scenarioRows({ estimate: e, file: 's.yaml', at: { file: 's.yaml', line: 2, col: 1 }, budgetAt: { monthly: { file: 's.yaml', line: 30, col: 12 } }, limits: [] });
    expect(rows.map((r) => [r.budget, r.status, r.line, r.col])).toEqual([
      ['budget.monthly', 'over', 30, 12],
      ['budget.max_cost_per_request', 'within', 2, 1],
    ]);
  });
  it('max_increase_percent against a base', () => {
    const base = est({ name: 'support-bot', plan: 19264.5 });
    const limits = [{ budget: 'max_increase_percent' as const, limit: 10, at: at(6) }];
    const [over] = scenarioRows(subject({ limits, base: { kind: 'found', estimate: base, source: 'origin/main:scenarios/bot.yaml' } }));
    expect(over).toMatchObject({ status: 'over', baseMonthly: 19264.5, headMonthly: 21405, baseSource: 'origin/main:scenarios/bot.yaml' });
    expect(over?.value).toBeCloseTo(11.1111111, 6);
    const [within] = scenarioRows(subject({ limits: [{ ...limits[0]!, limit: 15 }], base: { kind: 'found', estimate: base, source: 'b.json' } }));
    expect(within?.status).toBe('within');
    const [fromZero] = scenarioRows(subject({ limits, base: { kind: 'found', estimate: est({ plan: 0 }), source: 'b.json' } }));
    expect(fromZero).toMatchObject({ status: 'over', value: null });
  });
  it('without a base, max_increase_percent is skipped (not a breach) and says why', () => {
    const r = evaluateCheck({ base: null, scenarios: [subject({ limits: [{ budget: 'max_increase_percent', limit: 10, at: at(6) }] })], bills: [] });
    expect(r.results[0]).toMatchObject({ status: 'skipped', value: null });
    expect(r.status).toBe('pass');
    expect(r.warnings[0]).toMatch(/no base to compare with: pass --base <file> or --base-ref <ref>/);
  });
});

describe('bill budgets', () => {
  const analysis = { forecast: { monthEnd: 21000, budget: null }, anomalies: [{ date: '2026-10-03', series: 'total', impact: 500 }], unpriced: { rows: 0 } };
  it('max_forecast and fail_on', () => {
    const rows = billRows({ label: 'billing/*.csv', files: ['a.csv'], analysis, at: at(8), limits: [{ budget: 'max_forecast', limit: 20000, at: at(9) }, { budget: 'fail_on.anomaly', limit: 0, at: at(10) }, { budget: 'fail_on.unpriced', limit: 0, at: at(10) }] });
    expect(rows.map((r) => [r.budget, r.value, r.status])).toEqual([['max_forecast', 21000, 'over'], ['fail_on.anomaly', 1, 'over'], ['fail_on.unpriced', 0, 'within']]);
  });
  it('no forecast (too little history) is skipped', () => {
    const rows = billRows({ label: 'b', files: [], analysis: { ...analysis, forecast: { monthEnd: null } }, at: at(8), limits: [{ budget: 'max_forecast', limit: 1, at: at(9) }] });
    expect(rows[0]?.status).toBe('skipped');
  });
});

describe('verdict and output', () => {
  const report = evaluateCheck({
    config: 'costopt.yaml',
    base: null,
    scenarios: [subject({ limits: [{ budget: 'max_monthly', limit: 20000, at: at(4, 18) }, { budget: 'max_cost_per_request', limit: 0.01, at: at(5, 27) }] })],
    bills: [],
  });
  it('fails on any breach', () => {
    expect(report.status).toBe('fail');
    expect(report.summary).toEqual({ budgets: 2, within: 1, over: 1, skipped: 0 });
  });
  it('says what, how much and where the limit is', () => {
    expect(rowMessage(report.results[0]!)).toBe('support-bot: plan per month $21,405.00 is over max_monthly $20,000.00, by $1,405.00 (limit set at costopt.yaml:4:18)');
  });
  it('markdown: summary line, table with the breach marked, details folded', () => {
    const md = renderMarkdown(checkDoc(report, { markdown: true }));
    expect(md).toContain('❌ **costopt check failed: 1 of 2 budgets over**');
    expect(md).toContain('| **support-bot** | **max_monthly** | **$21,405.00** | **$20,000.00** | **❌ over** |');
    expect(md).toContain('| support-bot | max_cost_per_request | $0.0007135 | $0.01 | ✅ within |');
    expect(md).toMatch(/<details><summary>Details<\/summary>/);
  });
  it('github: one error at the scenario file and line, then the summary', () => {
    expect(renderGithub(report)).toBe(
      '::error file=scenarios/bot.yaml,line=2,col=1,title=costopt%3A max_monthly exceeded::support-bot: plan per month $21,405.00 is over max_monthly $20,000.00, by $1,405.00 (limit set at costopt.yaml:4:18)\n' +
      'costopt check failed: 1 of 2 budgets over\n',
    );
  });
  it('escapes workflow-command data and properties', () => {
    expect(escapeData('50% off\nnext')).toBe('50%25 off%0Anext');
    expect(escapeProperty('a:b,c')).toBe('a%3Ab%2Cc');
    expect(annotation('warning', 'x', {})).toBe('::warning::x');
  });
});
