/**
 * Exact fixed-point money for sums over bills: amounts are bigint counts of 1e-SCALE units.
 * Estimates use plain numbers and round at display; anything that sums a bill uses this.
 */
export const SCALE = 12;
const TEN = 10n;
const UNIT = TEN ** BigInt(SCALE);

const DECIMAL_RE = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Amounts with more integer digits than this (a quintillion and up) are not amounts: "1e400" or
 * "1e999999999" in a cost cell would otherwise become a bigint of that many digits (a hang).
 */
export const MAX_INTEGER_DIGITS = 18;

/** Parse a decimal string ("-12.3400", "1e-6", ".5") into scaled units; undefined when not a number or out of range. */
export function parseScaled(text: string, scale: number = SCALE): bigint | undefined {
  const t = text.trim();
  const m = DECIMAL_RE.exec(t);
  if (!m || t === '' || t === '.' || t === '+' || t === '-') return undefined;
  const sign = m[1] === '-' ? -1n : 1n;
  const intPart = m[2] ?? '';
  const frac = m[3] ?? '';
  if (intPart === '' && frac === '') return undefined;
  const exp = m[4] ? Number(m[4]) : 0;
  let digits = (intPart + frac).replace(/^0+(?=\d)/, '');
  if (digits === '') digits = '0';
  // value = digits * 10^(exp - frac.length); scaled = value * 10^scale
  if (digits !== '0' && digits.length + exp - frac.length > MAX_INTEGER_DIGITS) return undefined;
  const shift = exp - frac.length + scale;
  // far below the last scaled digit (1e-999999999): rounds to 0 without building 10^999999999
  if (shift < 0 && -shift > digits.length + 1) return 0n;
  let v: bigint;
  if (shift >= 0) v = BigInt(digits) * TEN ** BigInt(shift);
  else {
    // round half away from zero at the scale boundary
    const div = TEN ** BigInt(-shift);
    const n = BigInt(digits);
    v = n / div;
    if ((n % div) * 2n >= div) v += 1n;
  }
  return sign * v;
}

/** A JS number to scaled units via its shortest round-trip decimal text (so 0.1 stays 0.1). */
export function numberToScaled(n: number, scale: number = SCALE): bigint {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  const v = parseScaled(String(n), scale);
  if (v === undefined) throw new RangeError(`cannot scale ${n}`);
  return v;
}

export function scaledToNumber(v: bigint, scale: number = SCALE): number {
  return Number(scaledToString(v, scale));
}

/** Exact decimal text, trailing zeros trimmed. */
export function scaledToString(v: bigint, scale: number = SCALE): string {
  const neg = v < 0n;
  const abs = neg ? -v : v;
  const unit = TEN ** BigInt(scale);
  const int = abs / unit;
  const frac = (abs % unit).toString().padStart(scale, '0').replace(/0+$/, '');
  const s = frac ? `${int}.${frac}` : `${int}`;
  return neg && s !== '0' ? `-${s}` : s;
}

/** Round scaled units to cents (half away from zero) and return a number of dollars. */
export function scaledToCents(v: bigint, scale: number = SCALE): number {
  const unit = TEN ** BigInt(scale - 2);
  const neg = v < 0n;
  const abs = neg ? -v : v;
  let cents = abs / unit;
  if ((abs % unit) * 2n >= unit) cents += 1n;
  const n = Number(cents) / 100;
  return neg ? -n : n;
}

export const SCALED_ONE = UNIT;
