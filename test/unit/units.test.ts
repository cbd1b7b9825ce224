import { describe, expect, it } from 'vitest';
import { parseQuantity, parseShare } from '../../src/core/units.js';
import { parseScaled, scaledToString, scaledToCents, numberToScaled } from '../../src/core/decimal.js';

describe('parseQuantity', () => {
  it.each([
    [1000000, 1e6], ['1_000_000', 1e6], ['1e6', 1e6], ['1M', 1e6], ['500k', 5e5], ['2.5B', 2.5e9], [' 3 ', 3], ['1,200', 1200],
  ])('%s -> %d', (input, expected) => expect(parseQuantity(input)).toBe(expected));
  it.each(['sixty', '1MM', '', 'M', '1 million', null, {}])('rejects %s', (input) => expect(parseQuantity(input)).toBeUndefined());
});

describe('parseShare', () => {
  it.each([[0.3, 0.3], ['30%', 0.3], ['0.3', 0.3], ['100%', 1], ['12.5%', 0.125]])('%s -> %d', (input, expected) => expect(parseShare(input)).toBeCloseTo(expected, 12));
  it('rejects words', () => expect(parseShare('sixty')).toBeUndefined());
});

describe('exact decimals', () => {
  it('sums what floats cannot', () => {
    // 0.1 + 0.2 in floats is 0.30000000000000004
    const sum = (parseScaled('0.1') ?? 0n) + (parseScaled('0.2') ?? 0n);
    expect(scaledToString(sum)).toBe('0.3');
  });
  it('parses signs, exponents and bare fractions', () => {
    expect(scaledToString(parseScaled('-12.3400')!)).toBe('-12.34');
    expect(scaledToString(parseScaled('1e-6')!)).toBe('0.000001');
    expect(scaledToString(parseScaled('.5')!)).toBe('0.5');
    expect(parseScaled('abc')).toBeUndefined();
    expect(parseScaled('')).toBeUndefined();
  });
  it('rounds to cents half away from zero', () => {
    expect(scaledToCents(parseScaled('2.345')!)).toBe(2.35);
    expect(scaledToCents(parseScaled('-2.345')!)).toBe(-2.35);
    expect(scaledToCents(parseScaled('2.3449')!)).toBe(2.34);
  });
  it('converts numbers through their shortest decimal text', () => {
    expect(scaledToString(numberToScaled(0.0000166667))).toBe('0.0000166667');
  });
});
