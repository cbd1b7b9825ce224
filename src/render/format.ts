import type { Cell, Tone } from './document.js';

/*
 * Number formatting without Intl: the first toLocaleString call initialises ICU, which costs
 * ~8 ms of start-up on a quick command. These helpers give the same en-US output.
 */

/** "1234567" -> "1,234,567" */
export function groupThousands(intDigits: string): string {
  return intDigits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/*
 * Every finite double has a display here, and it is the number: the digits are those of the
 * shortest decimal that reads back as the double (what String(x) writes), rounded half-up as
 * decimals (0.0012775 -> "0.001278", 1.005 -> "1.01"; toFixed rounds the binary value just
 * below them down), in plain notation up to 1e21. From 1e21 up (a sextillion dollars: no bill,
 * only an overflowing input) the figure is written in e-notation, "1e+300", which cannot be
 * read as a small amount; so is money under 1e-7, whose four significant digits would
 * need more than ten decimals ("$1.234e-9", never "$0.00").
 * Infinity is not a number a bill or an estimate can have: it is shown as "overflow".
 */
const SCIENTIFIC_FROM = 1e21;
export const OVERFLOW = 'overflow';

/** The shortest decimal of a finite x >= 0 as integer digits and the power of ten of the last one. */
function decimal(x: number): { digits: bigint; exp: number } {
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x));
  if (!m) return { digits: 0n, exp: 0 };
  const frac = m[2] ?? '';
  return { digits: BigInt(`${m[1]}${frac}`), exp: Number(m[3] ?? 0) - frac.length };
}

/** x >= 0 finite, with exactly d decimals, rounded half-up on its shortest decimal. */
function fixedHalfUp(x: number, d: number): string {
  const { digits, exp } = decimal(x);
  let q: bigint;
  if (exp + d >= 0) q = digits * 10n ** BigInt(exp + d);
  else {
    const div = 10n ** BigInt(-(exp + d));
    q = digits / div;
    if ((digits % div) * 2n >= div) q += 1n;
  }
  const text = q.toString();
  if (d === 0) return text;
  const padded = text.padStart(d + 1, '0');
  return `${padded.slice(0, -d)}.${padded.slice(-d)}`;
}

/**
 * x >= 0, under 1e-6 or from 1e21 up, in e-notation with at most `significant` digits:
 * 1e+300, 1.5e+21, 3.25e-12 (JavaScript writes such numbers in e-notation itself).
 */
function scientific(x: number, significant = 15): string {
  const rounded = Number(x.toPrecision(significant));
  // near the largest double, rounding the digits up can pass it (1.7976931348623157e308)
  return String(Number.isFinite(rounded) ? rounded : x);
}

/** en-US decimal text with thousands separators, between min and max fraction digits. */
export function formatNumber(n: number, minFrac = 0, maxFrac = 2): string {
  if (Number.isNaN(n)) return 'n/a';
  const neg = n < 0;
  if (!Number.isFinite(n)) return neg ? `-${OVERFLOW}` : OVERFLOW;
  const abs = Math.abs(n);
  if (abs >= SCIENTIFIC_FROM) return `${neg ? '-' : ''}${scientific(abs)}`;
  let text = fixedHalfUp(abs, maxFrac);
  if (maxFrac > minFrac) {
    // trim trailing zeros down to minFrac
    const [i, f = ''] = text.split('.');
    let frac = f;
    while (frac.length > minFrac && frac.endsWith('0')) frac = frac.slice(0, -1);
    text = frac ? `${i}.${frac}` : `${i}`;
  }
  const [int = '0', frac] = text.split('.');
  const body = frac !== undefined ? `${groupThousands(int)}.${frac}` : groupThousands(int);
  return neg && /[1-9]/.test(body) ? `-${body}` : body;
}

/** The most decimals money shows; a smaller positive amount is written in e-notation. */
const MONEY_MAX_DIGITS = 10;

/**
 * Display formatting, one place. Money carries the currency and thousands separators;
 * amounts under a cent get more digits so per-request costs are not shown as $0.00.
 */
export function money(n: number | null | undefined, currency = 'USD'): string {
  if (n === null || n === undefined || Number.isNaN(n)) return 'n/a';
  if (!Number.isFinite(n)) return n < 0 ? `-${OVERFLOW}` : OVERFLOW;
  const abs = Math.abs(n);
  // under $1, keep four significant digits so $0.00325 per request is not shown as $0.00
  const maxDigits = abs > 0 && abs < 1 ? Math.min(MONEY_MAX_DIGITS, Math.max(4, -Math.floor(Math.log10(abs)) + 3)) : 2;
  // four significant digits would need more than ten decimals: e-notation, never $0.00
  const tiny = abs > 0 && abs < 10 ** (4 - MONEY_MAX_DIGITS - 1);
  const body = tiny ? scientific(abs, 4) : formatNumber(abs, 2, maxDigits);
  const s = currency === 'USD' ? `$${body}` : `${body} ${currency}`;
  return n < 0 && /[1-9]/.test(body) ? `-${s}` : s;
}

/** Money rounded to cents always (totals, bills). */
export function money2(n: number | null | undefined, currency = 'USD'): string {
  if (n === null || n === undefined || Number.isNaN(n)) return 'n/a';
  if (!Number.isFinite(n)) return n < 0 ? `-${OVERFLOW}` : OVERFLOW;
  const sym = currency === 'USD' ? '$' : '';
  const abs = Math.abs(n);
  const body = formatNumber(abs, 2, 2);
  const s = sym ? `${sym}${body}` : `${body} ${currency}`;
  return n < 0 && body !== '0.00' ? `-${s}` : s;
}

/** A price per unit as the catalog wrote it: no rounding beyond float noise (12 significant digits). */
export function rate(n: number | null | undefined, currency = 'USD'): string {
  if (n === null || n === undefined || Number.isNaN(n)) return 'n/a';
  if (!Number.isFinite(n)) return n < 0 ? `-${OVERFLOW}` : OVERFLOW;
  const rounded = Number(Math.abs(n).toPrecision(12));
  const abs = Number.isFinite(rounded) ? rounded : Math.abs(n);
  const sign = n < 0 && abs > 0 ? '-' : '';
  let body: string;
  if (abs >= SCIENTIFIC_FROM || (abs > 0 && abs < 1e-12)) body = scientific(abs, 12);
  else {
    const { exp } = decimal(abs);
    const [i = '0', f = ''] = fixedHalfUp(abs, Math.max(0, -exp)).split('.');
    body = `${groupThousands(i)}.${f.length < 2 ? f.padEnd(2, '0') : f}`;
  }
  return currency === 'USD' ? `${sign}$${body}` : `${sign}${body} ${currency}`;
}

export function num(n: number | null | undefined, maxDigits = 2): string {
  if (n === null || n === undefined || Number.isNaN(n)) return 'n/a';
  return formatNumber(n, 0, maxDigits);
}

/** 1.8B, 2.5M, 12.3k */
export function compact(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return 'n/a';
  const abs = Math.abs(n);
  // from 1e21 a unit no longer helps ("1e+288T"): e-notation, as formatNumber writes it
  if (abs >= SCIENTIFIC_FROM || !Number.isFinite(n)) return formatNumber(n);
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'k']];
  // four significant digits, at most two decimals, rounded once (5,384,615 -> 5.38M, not 5.385 -> 5.39M)
  for (const [v, u] of units) if (abs >= v) return `${formatNumber(n / v, 0, Math.max(0, Math.min(2, 3 - Math.floor(Math.log10(abs / v)))))}${u}`;
  return num(n, 2);
}

export function pct(n: number | null | undefined, digits = 2): string {
  if (n === null || n === undefined || Number.isNaN(n)) return 'n/a';
  if (!Number.isFinite(n)) return formatNumber(n);
  return `${formatNumber(n, 0, digits)}%`;
}

export function signedPct(n: number | null | undefined, digits = 2): string {
  if (n === null || n === undefined || Number.isNaN(n)) return 'n/a';
  // a change from zero
  if (!Number.isFinite(n)) return n > 0 ? '+∞%' : '-∞%';
  return `${n > 0 ? '+' : ''}${pct(n, digits)}`;
}

export function signedMoney(n: number | null | undefined, currency = 'USD'): string {
  if (n === null || n === undefined || Number.isNaN(n)) return 'n/a';
  return `${n > 0 ? '+' : n < 0 ? '-' : ''}${money(Math.abs(n), currency)}`;
}

export const moneyCell = (n: number | null | undefined, tone?: Tone, currency = 'USD'): Cell => ({ value: n ?? null, display: money(n, currency), tone });
export const money2Cell = (n: number | null | undefined, tone?: Tone, currency = 'USD'): Cell => ({ value: n ?? null, display: money2(n, currency), tone });
export const rateCell = (n: number | null | undefined, currency = 'USD'): Cell => ({ value: n ?? null, display: rate(n, currency), tone: n == null ? 'muted' : undefined });
export const pctCell = (n: number | null | undefined, tone?: Tone, digits = 2): Cell => ({ value: n ?? null, display: pct(n, digits), tone });
export const numCell = (n: number | null | undefined, digits = 2): Cell => ({ value: n ?? null, display: num(n, digits) });
export const compactCell = (n: number | null | undefined): Cell => ({ value: n ?? null, display: compact(n) });

const SPARK = '▁▂▃▄▅▆▇█';
/** A unicode sparkline of the values (min..max scaled). */
export function sparkline(values: readonly number[]): string {
  if (!values.length) return '';
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min;
  return values.map((v) => SPARK[span === 0 ? 0 : Math.min(7, Math.floor(((v - min) / span) * 7.999))]).join('');
}
