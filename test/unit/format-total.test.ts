import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compact, formatNumber, money, money2, num, pct, rate, signedMoney, signedPct } from '../../src/render/format.js';
import { field, renderCsv } from '../../src/render/csv.js';

/**
 * Issue #15, wrong answers: display formatting is right for every finite double (1e300 was
 * shown by `rate` as "$1e+3.00", which reads as a thousand dollars) and never prints
 * "$Infinity", "NaN" or "null" for a number.
 */
describe('huge amounts', () => {
  it('1e300 reads as 1e300 in every formatter', () => {
    expect(rate(1e300)).toBe('$1e+300');
    expect(rate(-1e300)).toBe('-$1e+300');
    expect(money(1e300)).toBe('$1e+300');
    expect(money2(-1e300)).toBe('-$1e+300');
    expect(num(1e300)).toBe('1e+300');
    // was "1e+288T": a thousand-trillion unit on an e-notation figure
    expect(compact(1e300)).toBe('1e+300');
    expect(pct(1.5e21)).toBe('1.5e+21%');
  });

  it('below 1e21 the figure is written out, with the digits the number was written with', () => {
    // 9.999999999e20 is the double 999,999,999,900,000,059,392: its shortest decimal is shown
    expect(money2(9.999999999e20)).toBe('$999,999,999,900,000,000,000.00');
    expect(formatNumber(1e20)).toBe('100,000,000,000,000,000,000');
    expect(compact(2.5e15)).toBe('2,500T');
    // rounding is half-up on the decimal written, at any size
    expect(money(1.005)).toBe('$1.01');
    expect(money(0.0012775)).toBe('$0.001278');
  });
});

describe('tiny amounts and zero', () => {
  it('money under 1e-7 keeps four significant digits in e-notation, never $0.00', () => {
    expect(money(1.23456789e-9)).toBe('$1.235e-9');
    expect(money(1e-12)).toBe('$1e-12');
    expect(money(5e-324)).toBe('$5e-324');
    expect(money(-2.5e-8)).toBe('-$2.5e-8');
    // from 1e-7 up it is written out
    expect(money(1.5e-7)).toBe('$0.00000015');
  });

  it('a price keeps its digits down to 1e-12, e-notation below', () => {
    expect(rate(1.234e-9)).toBe('$0.000000001234');
    expect(rate(3e-15)).toBe('$3e-15');
    // negative zero is zero, without a sign
    expect(money(-0)).toBe('$0.00');
    expect(money2(-0)).toBe('$0.00');
    expect(rate(-0)).toBe('$0.00');
    expect(num(-0)).toBe('0');
    expect(signedMoney(-0)).toBe('$0.00');
    // a negative amount that rounds to zero cents
    expect(money2(-0.004)).toBe('$0.00');
  });
});

describe('non-finite numbers', () => {
  it('Infinity is "overflow", with its sign; NaN is n/a', () => {
    expect(money(Infinity)).toBe('overflow');
    expect(money(-Infinity)).toBe('-overflow'); // was "$Infinity": the sign was lost
    expect(money2(Infinity)).toBe('overflow');
    expect(rate(Infinity)).toBe('overflow'); // was "$Infinity.00"
    expect(rate(NaN)).toBe('n/a'); // was "$NaN.00"
    expect(num(-Infinity)).toBe('-overflow');
    expect(compact(Infinity)).toBe('overflow'); // was "InfinityT"
    expect(pct(Infinity)).toBe('overflow');
    expect(formatNumber(NaN)).toBe('n/a');
    // a change from zero is infinite, and says so
    expect(signedPct(Infinity)).toBe('+∞%');
    expect(signedPct(-Infinity)).toBe('-∞%');
  });

  it('csv writes an overflow as text, never a blank cell that reads as no value', () => {
    expect(field(Infinity)).toBe('overflow');
    expect(field(-Infinity)).toBe("'-overflow");
    expect(field(NaN)).toBe('');
    expect(field(-1e300)).toBe('-1e+300');
  });
});

describe('every finite double', () => {
  const formatters = { money, money2, rate, num, compact, pct, signedMoney };
  // a figure: grouped digits with decimals, or e-notation; a sign, $, a unit or % around it
  const FIGURE = /^[+-]?\$?(?:\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d(?:\.\d+)?e[+-]\d+)[kMBT%]?$/;
  it('has a display that is a figure: never Infinity, NaN, null, undefined nor "1e+3.00"', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        for (const [name, f] of Object.entries(formatters)) {
          const s = f(x);
          if (!FIGURE.test(s)) throw new Error(`${name}(${x}) = ${s}`);
        }
      }),
      { seed: 15, numRuns: 2000 },
    );
  });

  it('money reads back as the number: to the cent from $1, to four significant digits below', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const s = money(x);
        const back = Number(s.replace(/[$,]/g, ''));
        const abs = Math.abs(x);
        const tol = abs >= 1 ? Math.max(0.005, abs * 1e-14) : abs * 5e-4;
        return Math.abs(back - x) <= tol * (1 + 1e-9) && (x === 0 || Object.is(x, -0) || back === 0 || Math.sign(back) === Math.sign(x));
      }),
      { seed: 15, numRuns: 5000 },
    );
  });

  it('a rate reads back as the number to twelve significant digits', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const back = Number(rate(x).replace(/[$,]/g, ''));
        return Math.abs(back - x) <= Math.abs(x) * 5e-12;
      }),
      { seed: 15, numRuns: 5000 },
    );
  });
});

describe('csv table ids', () => {
  it('a `# <id>` line holding a comma or a line break is one quoted cell', () => {
    const t = (id: string) => ({ kind: 'table' as const, id, columns: [{ header: 'a' }], rows: [['x']] });
    expect(renderCsv({ blocks: [t('steps:=1+2,=3'), t('lines:a\n@b')] })).toBe(['"# steps:=1+2,=3"', 'a', 'x', '', '# lines:a\\n@b', 'a', 'x', ''].join('\n'));
  });
});
