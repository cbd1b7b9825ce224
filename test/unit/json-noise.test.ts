import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/render/json.js';

// JSON output drops float noise: a non-integer number is written with 15 significant digits
// (every decimal of up to 15 significant digits survives a trip through a double), so
// 286.94899999999996 (the sum 1M x 0.000286949 accumulated in doubles) is written 286.949.
const written = (v: unknown): unknown => (JSON.parse(renderJson('t', { v })) as { v: unknown }).v;

describe('renderJson: float noise', () => {
  it('the noise of estimate scenarios/support-bot.yaml goes (exact: 286.949, 0.000286949)', () => {
    expect(written(286.94899999999996)).toBe(286.949);
    expect(written(0.00028694899999999994)).toBe(0.000286949);
    expect(written(59.99999999999999)).toBe(60);
    expect(written(1560.7500000000018)).toBe(1560.75);
    expect(renderJson('t', { v: 0.1 + 0.2 })).toContain('"v": 0.3\n');
  });

  it('leaves integers, strings, null and nesting alone', () => {
    expect(written(2 ** 53 + 2)).toBe(2 ** 53 + 2);
    expect(written(123456789012345680000)).toBe(123456789012345680000);
    expect(written({ a: [1.5, '0.30000000000000004', null, -0] })).toEqual({ a: [1.5, '0.30000000000000004', null, 0] });
    expect(written(Infinity)).toBe(null);
  });

  it('property: any double comes back within half a unit of its 15th significant digit', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (d) => {
      const w = written(d) as number;
      if (Number.isInteger(d)) return w === d || (Object.is(d, -0) && w === 0);
      // rounding to 15 significant digits moves a value by at most 5e-15 of itself (10^-14 / 2
      // relative to a leading digit of 1); the last factor allows for the double it parses to
      return Math.abs(w - d) <= 5e-15 * Math.abs(d) * (1 + 1e-15);
    }), { numRuns: 5000 });
  });

  it('property: a decimal of up to 15 significant digits written as a double comes back exactly', () => {
    fc.assert(fc.property(fc.bigInt({ min: 1n, max: 999_999_999_999_999n }), fc.integer({ min: -30, max: 10 }), fc.boolean(), (m, e, neg) => {
      const text = `${neg ? '-' : ''}${m}e${e}`;
      const d = Number(text);
      const w = written(d);
      return w === d && String(w) === String(d);
    }), { numRuns: 5000 });
  });
});
