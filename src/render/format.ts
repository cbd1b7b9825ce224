import type { Cell, Tone } from './document.js';

/**
 * Display formatting, one place. Money carries the currency and thousands separators;
 * amounts under a cent get more digits so per-request costs are not shown as $0.00.
 */
export function money(n: number | null | undefined, currency = 'USD'): string {
  if (n === null || n === undefined || Number.isNaN(n)) return 'n/a';
  const abs = Math.abs(n);
  // under $1, keep four significant digits so $0.00325 per request is not shown as $0.00
  const maxDigits = abs > 0 && abs < 1 ? Math.min(10, Math.max(4, -Math.floor(Math.log10(abs)) + 3)) : 2;
  const body = abs.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: maxDigits });
  const s = currency === 'USD' ? `$${body}` : `${body} ${currency}`;
  return n < 0 && /[1-9]/.test(body) ? `-${s}` : s;
}

/** Money rounded to cents always (totals, bills). */
export function money2(n: number | null | undefined, currency = 'USD'): string {
  if (n === null || n === undefined || Number.isNaN(n)) return 'n/a';
  const sym = currency === 'USD' ? '$' : '';
  const abs = Math.abs(n);
  const body = abs.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const s = sym ? `${sym}${body}` : `${body} ${currency}`;
  return n < 0 && body !== '0.00' ? `-${s}` : s;
}

/** A price per unit as the catalog wrote it: no rounding beyond float noise. */
export function rate(n: number | null | undefined, currency = 'USD'): string {
  if (n === null || n === undefined) return 'n/a';
  const text = String(Number(n.toPrecision(12)));
  const [i = '0', f = ''] = text.includes('e') ? n.toFixed(12).replace(/0+$/, '').split('.') : text.split('.');
  const frac = f.length < 2 ? f.padEnd(2, '0') : f;
  const int = Number(i).toLocaleString('en-US');
  return currency === 'USD' ? `$${int}.${frac}` : `${int}.${frac} ${currency}`;
}

export function num(n: number | null | undefined, maxDigits = 2): string {
  if (n === null || n === undefined || Number.isNaN(n)) return 'n/a';
  return n.toLocaleString('en-US', { maximumFractionDigits: maxDigits });
}

/** 1.8B, 2.5M, 12.3k */
export function compact(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return 'n/a';
  const abs = Math.abs(n);
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'k']];
  for (const [v, u] of units) if (abs >= v) return `${Number((n / v).toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 2 })}${u}`;
  return num(n, 2);
}

export function pct(n: number | null | undefined, digits = 2): string {
  if (n === null || n === undefined || Number.isNaN(n)) return 'n/a';
  return `${n.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: digits })}%`;
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
