import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { diffReport, diffScenario, pairByName } from '../../src/core/diff/diff.js';
import { est } from '../fixtures/check/estimates.js';

// Hand-made figures (USD per month):
//   base B (catalog 2024):  baseline 1000, routing 400 -> plan 400
//   head H (catalog 2026):  baseline 1200, cache 900, routing 300 -> plan 300
//   X = head's assumptions at the 2024 catalog: baseline 1500, cache 1100, routing 350 -> plan 350
const B = est({ name: 'bot', catalog: '2024-06-01', baseline: 1000, plan: 400, steps: [['routing', 400]] });
const H = est({ name: 'bot', catalog: '2026-11-01', baseline: 1200, plan: 300, steps: [['cache', 900], ['routing', 300]] });
const X = est({ name: 'bot', catalog: '2024-06-01', baseline: 1500, plan: 350, steps: [['cache', 1100], ['routing', 350]] });

describe('diff: price vs assumption split', () => {
  it("head's assumptions under both catalogs", () => {
    const d = diffScenario({ base: { estimate: B, source: 'a.yaml' }, head: { estimate: H, source: 'b.yaml' }, cross: { kind: 'head-at-base-catalog', estimate: X } });
    expect(d.split.method).toBe('head-assumptions-at-both-catalogs');
    // total 300 - 400 = -100; prices H - X = 300 - 350 = -50; assumptions X - B = 350 - 400 = -50
    expect([d.oldMonthly, d.newMonthly, d.changeMonthly, d.changePercent, d.priceChange, d.assumptionChange]).toEqual([400, 300, -100, -25, -50, -50]);
    expect(d.steps.map((s) => [s.strategy, s.oldMonthly, s.newMonthly, s.changeMonthly, s.priceChange, s.assumptionChange, s.absentIn])).toEqual([
      // baseline: 1000 -> 1200; prices 1200 - 1500 = -300, assumptions 1500 - 1000 = +500
      ['baseline', 1000, 1200, 200, -300, 500, undefined],
      // base has no cache step: its cost after "cache" is its baseline, 1000
      ['cache', 1000, 900, -100, -200, 100, 'base'],
      ['routing', 400, 300, -100, -50, -50, undefined],
    ]);
    expect(d.steps[0]?.changePercent).toBeCloseTo(20, 9);
  });
  it("base's assumptions under both catalogs (when head's cannot be priced in base's catalog)", () => {
    const Y = est({ name: 'bot', catalog: '2026-11-01', baseline: 800, plan: 360, steps: [['routing', 360]] });
    const d = diffScenario({ base: { estimate: B, source: 'a' }, head: { estimate: H, source: 'b' }, cross: { kind: 'base-at-head-catalog', estimate: Y } });
    // prices Y - B = 360 - 400 = -40; assumptions H - Y = 300 - 360 = -60
    expect([d.priceChange, d.assumptionChange]).toEqual([-40, -60]);
  });
  it('same catalog: everything is assumptions', () => {
    const d = diffScenario({ base: { estimate: { ...B, catalog: H.catalog }, source: 'a' }, head: { estimate: H, source: 'b' } });
    expect(d.split.method).toBe('same-catalog');
    expect([d.priceChange, d.assumptionChange]).toEqual([0, -100]);
  });
  it('saved results with different catalogs: not separated, and says why', () => {
    const d = diffScenario({ base: { estimate: B, source: 'a.json' }, head: { estimate: H, source: 'b.json' } });
    expect(d.split.method).toBe('unavailable');
    expect(d.split.reason).toMatch(/saved results carry no assumptions/);
    expect([d.changeMonthly, d.priceChange, d.assumptionChange]).toEqual([-100, null, null]);
  });
  it('price + assumption = total, per step and in total (property)', () => {
    const cost = fc.double({ min: 0, max: 1e7, noNaN: true });
    fc.assert(fc.property(cost, cost, cost, cost, cost, cost, fc.boolean(), (b0, b1, h0, h1, x0, x1, headSide) => {
      const base = est({ catalog: 'a', baseline: b0, plan: b1, steps: [['routing', b1]] });
      const head = est({ catalog: 'b', baseline: h0, plan: h1, steps: [['routing', h1]] });
      const cross = est({ catalog: headSide ? 'a' : 'b', baseline: x0, plan: x1, steps: [['routing', x1]] });
      const d = diffScenario({ base: { estimate: base, source: 'a' }, head: { estimate: head, source: 'b' }, cross: { kind: headSide ? 'head-at-base-catalog' : 'base-at-head-catalog', estimate: cross } });
      for (const c of [d, ...d.steps]) expect((c.priceChange ?? NaN) + (c.assumptionChange ?? NaN)).toBeCloseTo(c.changeMonthly, 3);
    }));
  });
});

describe('diff of several scenarios', () => {
  it('pairs one-to-one whatever the names, else by name; the rest added or removed', () => {
    const a = { estimate: est({ name: 'a', plan: 1 }) };
    const a2 = { estimate: est({ name: 'renamed', plan: 1 }) };
    expect(pairByName([a], [a2])).toEqual([{ base: a, head: a2 }]);
    const b = { estimate: est({ name: 'b', plan: 1 }) };
    const c = { estimate: est({ name: 'c', plan: 1 }) };
    expect(pairByName([a, b], [b, c])).toEqual([{ base: b, head: b }, { base: undefined, head: c }, { base: a }]);
  });
  it('totals over scenarios; an added scenario is an assumption change', () => {
    const r = diffReport([
      { base: { estimate: B, source: 'a' }, head: { estimate: H, source: 'b' }, cross: { kind: 'head-at-base-catalog', estimate: X } },
      { head: { estimate: est({ name: 'new', plan: 250 }), source: 'c' } },
    ]);
    expect(r.summary).toEqual({ changed: 1, unchanged: 0, added: 1, removed: 0 });
    // 400 -> 300 + 250 = 550: +150; prices -50; assumptions -50 + 250 = +200
    expect([r.oldMonthly, r.newMonthly, r.changeMonthly, r.priceChange, r.assumptionChange]).toEqual([400, 550, 150, -50, 200]);
    expect(r.scenarios[1]).toMatchObject({ status: 'added', oldMonthly: null, newMonthly: 250, changePercent: null });
  });
});
