import type { DateFormat } from './mapping.js';
import { isValidYmd } from '../date.js';

/**
 * Date parsing for billing exports, all UTC. Accepts the variants seen in real samples:
 * `2024-09-01 00:00:00`, `2024-09-01T00:00:00Z`, `.000Z` milliseconds, `+00:00`, ` UTC`,
 * `2023-11-13T10:00Z`, date only; with `mdy`/`dmy` also `9/2/2023`, `09/21/2023`, `5/1/25`, and with dots or dashes
 * (`01.09.2024`, as German exports write a date; `01-09-2024`).
 */
export interface ParsedDate {
  ms: number;
  /** no time of day was given (a whole day) */
  dateOnly: boolean;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;
const SLASH = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?)?$/i;

function build(y: number, mo: number, d: number, h: number, mi: number, s: number, msPart: number, offsetMin: number): number | undefined {
  if (!isValidYmd(y, mo, d) || h > 24 || mi > 59 || s > 60) return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, s, msPart) - offsetMin * 60_000;
}

function offsetMinutes(z: string | undefined): number {
  if (!z || /^(z|utc|gmt)$/i.test(z)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(z)!;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

export function parseDate(text: string, format: DateFormat): ParsedDate | undefined {
  const t = text.trim();
  if (format === 'unix_s' || format === 'unix_ms') {
    if (!/^-?\d+(\.\d+)?$/.test(t)) return undefined;
    const n = Number(t);
    return { ms: Math.round(format === 'unix_s' ? n * 1000 : n), dateOnly: false };
  }
  let m = ISO.exec(t);
  if (m) {
    const frac = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
    const ms = build(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), frac, offsetMinutes(m[8]));
    return ms === undefined ? undefined : { ms, dateOnly: m[4] === undefined };
  }
  if (format === 'iso') return undefined;
  m = SLASH.exec(t);
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = Number(m[2]);
  let y = Number(m[3]);
  if (m[3]!.length === 2) y += 2000;
  let h = Number(m[4] ?? 0);
  const ampm = m[7]?.toUpperCase();
  if (ampm === 'PM' && h < 12) h += 12;
  if (ampm === 'AM' && h === 12) h = 0;
  const [mo, d] = format === 'mdy' ? [a, b] : [b, a];
  const ms = build(y, mo, d, h, Number(m[5] ?? 0), Number(m[6] ?? 0), 0, 0);
  return ms === undefined ? undefined : { ms, dateOnly: m[4] === undefined };
}

export const DATE_FORMAT_HELP: Record<DateFormat, string> = {
  iso: 'YYYY-MM-DD[ HH:MM[:SS[.fff]]][Z|+HH:MM| UTC]',
  mdy: 'ISO such as 2025-01-31T00:00:00Z, or M/D/YYYY',
  dmy: 'ISO such as 2025-01-31T00:00:00Z, or D/M/YYYY',
  unix_s: 'Unix seconds',
  unix_ms: 'Unix milliseconds',
};

/**
 * The dates a bill row may carry: a request-log timestamp before 2015-01-01 (before any of the
 * priced models existed), any bill date before 2000-01-01, or any date more than a year after
 * the run date is a bad row, reported with its line, not priced or spread over thousands of
 * days. `nowMs` is the caller's clock (core has none).
 */
export interface DateWindow {
  fromMs: number;
  toMs: number;
  from: string;
  to: string;
}

export const REQUEST_LOG_EARLIEST = '2015-01-01';
export const BILL_EARLIEST = '2000-01-01';

/** The window for a run at `nowMs` (undefined: no upper bound, for a library caller without a clock). */
export function dateWindow(nowMs: number | undefined, earliest: string): DateWindow {
  const fromMs = Date.parse(`${earliest}T00:00:00Z`);
  if (nowMs === undefined) return { fromMs, toMs: Number.POSITIVE_INFINITY, from: earliest, to: '' };
  const now = new Date(nowMs);
  const toMs = Date.UTC(now.getUTCFullYear() + 1, now.getUTCMonth(), now.getUTCDate() + 1);
  return { fromMs, toMs, from: earliest, to: new Date(toMs - 1).toISOString().slice(0, 10) };
}

/** The window of a mapping's rows: request logs (priced from the catalog) start later than bills. */
export function windowFor(pricing: 'cost' | 'catalog', nowMs: number | undefined): DateWindow {
  return dateWindow(nowMs, pricing === 'catalog' ? REQUEST_LOG_EARLIEST : BILL_EARLIEST);
}

/** Why `ms` is outside the window ('' when inside). */
export function outsideWindow(ms: number, w: DateWindow): string {
  if (ms < w.fromMs) return `a date before ${w.from}`;
  if (ms >= w.toMs) return `a date after ${w.to} (more than a year after the run date)`;
  if (!Number.isFinite(ms)) return 'a date out of range';
  return '';
}
