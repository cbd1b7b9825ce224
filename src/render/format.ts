import type { Cell, Tone } from './document.js';

/*
 * Number formatting without Intl: the first toLocaleString call initialises ICU, which costs
 * ~8 ms of start-up on a quick command. These helpers give the same en-US output.
 */

/** "1234567" -> "1,234,567" */
export function groupThousands(intDigits: string): string {
  return intDigits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * x.toFixed(d), rounding the decimal the number is written as: 0.0012775 -> "0.001278" and
 * 1.005 -> "1.01" (toFixed rounds the binary value just below them down).
 */
function fixedHalfUp(x: number, d: number): string {
  const shortest = String(x);
  if (shortest.includes('e')) return x.toFixed(d);
  const scaled = Math.round(Number(`${shortest}e${d}`));
  if (!Number.isSafeInteger(scaled)) return x.toFixed(d);
  if (d === 0) return String(scaled);
  const digits = String(scaled).padStart(d + 1, '0');
  return `${digits.slice(0, -d)}.${digits.slice(-d)}`;
}

/** en-US decimal text with thousands separators, between min and max fraction digits. */
export function formatNumber(n: number, minFrac = 0, maxFrac = 2): string {
  if (!Number.isFinite(n)) return String(n);
  const neg = n < 0;
  let text = fixedHalfUp(Math.abs(n), maxFrac);
  if (text.includes('e')) return String(n);
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

/**
 * Display formatting, one place. Money carries the currency and thousands separators;
 * amounts under a cent get more digits so per-request costs are not shown as $0.00.
 */
export function money(n: number | null | undefined, currency = 'USD'): string {
  if (n === null || n === undefined || Number.isNaN(n)) return 'n/a';
  const abs = Math.abs(n);
  // under $1, keep four significant digits so $0.00325 per request is not shown as $0.00
  const maxDigits = abs > 0 && abs < 1 ? Math.min(10, Math.max(4, -Math.floor(Math.log10(abs)) + 3)) : 2;
  const body = formatNumber(abs, 2, maxDigits);
  const s = currency === 'USD' ? `$${body}` : `${body} ${currency}`;
  return n < 0 && /[1-9]/.test(body) ? `-${s}` : s;
}

/** Money rounded to cents always (totals, bills). */
export function money2(n: number | null | undefined, currency = 'USD'): string {
  if (n === null || n === undefined || Number.isNaN(n)) return 'n/a';
  const sym = currency === 'USD' ? '$' : '';
  const abs = Math.abs(n);
  const body = formatNumber(abs, 2, 2);
  const s = sym ? `${sym}${body}` : `${body} ${currency}`;
  return n < 0 && body !== '0.00' ? `-${s}` : s;
}

/** A price per unit as the catalog wrote it: no rounding beyond float noise. */
export function rate(n: number | null | undefined, currency = 'USD'): string {
  if (n === null || n === undefined) return 'n/a';
  const text = String(Number(n.toPrecision(12)));
  const [i = '0', f = ''] = text.includes('e') ? n.toFixed(12).replace(/0+$/, '').split('.') : text.split('.');
  const frac = f.length < 2 ? f.padEnd(2, '0') : f;
  const int = groupThousands(i);
  return currency === 'USD' ? `$${int}.${frac}` : `${int}.${frac} ${currency}`;
}

export function num(n: number | null | undefined, maxDigits = 2): string {
  if (n === null || n === undefined || Number.isNaN(n)) return 'n/a';
  return formatNumber(n, 0, maxDigits);
}

/** 1.8B, 2.5M, 12.3k */
export function compact(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return 'n/a';
  const abs = Math.abs(n);
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'k']];
  // four significant digits, at most two decimals, rounded once (5,384,615 -> 5.38M, not 5.385 -> 5.39M)
  for (const [v, u] of units) if (abs >= v) return `${formatNumber(n / v, 0, Math.max(0, Math.min(2, 3 - Math.floor(Math.log10(abs / v)))))}${u}`;
  return num(n, 2);
}

export function pct(n: number | null | undefined, digits = 2): string {
  if (n === null || n === undefined || Number.isNaN(n)) return 'n/a';
  return `${formatNumber(n, 0, digits)}%`;
}

export function signedPct(n: number | null | undefined, digits = 2): string {
  if (n === null || n === undefined || Number.isNaN(n) || !Number.isFinite(n)) return n === Infinity ? '+∞%' : 'n/a';
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
