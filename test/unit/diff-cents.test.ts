import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { diffReport, diffScenario } from '../../src/core/diff/diff.js';
import { est } from '../fixtures/check/estimates.js';

// Found by the QA pass: prices and assumptions were each rounded for print on their own, so a
// change of $5.13125 split 5.00625 + 0.125 printed "+$5.13; prices +$5.01, assumptions +$0.13".
const cents = (x: number | null) => Math.round((x ?? NaN) * 100);
const isCents = (x: number | null) => x === null || Math.abs(x * 100 - Math.round(x * 100)) < 1e-6;

describe('diff: figures in whole cents that add up as printed', () => {
  it('half-cent parts: $100.00 -> $105.13 is prices +$5.00 and assumptions +$0.13', () => {
    const base = est({ catalog: 'a', plan: 100 });
    const head = est({ catalog: 'b', plan: 105.13125 });
    const cross = est({ catalog: 'a', plan: 100.125 }); // head's assumptions at base's catalog
    const d = diffScenario({ base: { estimate: base, source: 'a' }, head: { estimate: head, source: 'b' }, cross: { kind: 'head-at-base-catalog', estimate: cross } });
    // each cost rounded to the cent first: 100.00, 105.13, 100.13 (half away from zero)
    expect([d.oldMonthly, d.newMonthly, d.changeMonthly, d.priceChange, d.assumptionChange]).toEqual([100, 105.13, 5.13, 5, 0.13]);
  });

  it('no float noise: 8,943.00 - 24,780.00 is -15,837 exactly', () => {
    const d = diffScenario({ base: { estimate: est({ plan: 24780 }), source: 'a' }, head: { estimate: est({ plan: 8942.999999999998 }), source: 'b' } });
    expect(d.changeMonthly).toBe(-15837);
    expect(d.assumptionChange).toBe(-15837);
  });

  it('old, new, change, prices and assumptions agree to the cent, per step, per scenario and in total (property)', () => {
    const cost = fc.double({ min: 0, max: 1e7, noNaN: true });
    fc.assert(fc.property(cost, cost, cost, cost, cost, cost, fc.boolean(), cost, (b0, b1, h0, h1, x0, x1, headSide, other) => {
      const base = est({ catalog: 'a', baseline: b0, plan: b1, steps: [['routing', b1]] });
      const head = est({ catalog: 'b', baseline: h0, plan: h1, steps: [['routing', h1]] });
      const cross = est({ catalog: headSide ? 'a' : 'b', baseline: x0, plan: x1, steps: [['routing', x1]] });
      const r = diffReport([
        { base: { estimate: base, source: 'a' }, head: { estimate: head, source: 'b' }, cross: { kind: headSide ? 'head-at-base-catalog' : 'base-at-head-catalog', estimate: cross } },
        { head: { estimate: est({ name: 'new', plan: other }), source: 'c' } },
      ]);
      for (const c of [r, ...r.scenarios, ...r.scenarios.flatMap((s) => s.steps)]) {
        for (const v of [c.oldMonthly, c.newMonthly, c.changeMonthly, c.priceChange, c.assumptionChange]) expect(isCents(v)).toBe(true);
        expect(cents(c.priceChange) + cents(c.assumptionChange)).toBe(cents(c.changeMonthly));
        expect(cents(c.newMonthly ?? 0) - cents(c.oldMonthly ?? 0)).toBe(cents(c.changeMonthly));
      }
    }));
  });
});
