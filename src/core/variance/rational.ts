import { SCALE, scaledToNumber } from '../decimal.js';

/**
 * Exact rationals over bigint, for the variance decomposition: mean tokens per request, shares
 * and per-token rates multiply into amounts whose sequential differences must add up to the
 * total exactly. Decimal fixed point would round at every division; a fraction does not.
 */
export interface Q {
  readonly n: bigint;
  readonly d: bigint;
}

const abs = (x: bigint) => (x < 0n ? -x : x);
function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

export function q(n: bigint, d: bigint = 1n): Q {
  if (d === 0n) throw new RangeError('division by zero');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d);
  return g > 1n ? { n: n / g, d: d / g } : { n, d };
}

export const ZERO: Q = { n: 0n, d: 1n };
export const ONE: Q = { n: 1n, d: 1n };

export const add = (a: Q, b: Q): Q => q(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Q, b: Q): Q => q(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Q, b: Q): Q => q(a.n * b.n, a.d * b.d);
export const div = (a: Q, b: Q): Q => q(a.n * b.d, a.d * b.n);
export const isZero = (a: Q): boolean => a.n === 0n;
export const sum = (xs: readonly Q[]): Q => xs.reduce(add, ZERO);

/** A finite JS number as the decimal it prints as (0.1 is 1/10, not the binary fraction). */
export function fromNumber(x: number): Q {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  const m = /^(-)?(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(x));
  if (!m) throw new RangeError(`cannot read ${x} as a decimal`);
  const frac = m[3] ?? '';
  const exp = Number(m[4] ?? 0) - frac.length;
  let n = BigInt((m[2] ?? '0') + frac);
  if (m[1]) n = -n;
  return exp >= 0 ? q(n * 10n ** BigInt(exp)) : q(n, 10n ** BigInt(-exp));
}

/** Scaled units of 1e-SCALE (decimal.ts), rounded half away from zero. */
export function toScaled(a: Q, scale: number = SCALE): bigint {
  const num = a.n * 10n ** BigInt(scale);
  const whole = num / a.d;
  const rest = abs(num % a.d) * 2n;
  if (rest >= a.d) return num < 0n ? whole - 1n : whole + 1n;
  return whole;
}

export const fromScaled = (v: bigint, scale: number = SCALE): Q => q(v, 10n ** BigInt(scale));

/** The nearest number (via its 1e-12 decimal, as every exact amount of costopt is printed). */
export const toNumber = (a: Q): number => scaledToNumber(toScaled(a));
