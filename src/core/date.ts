/**
 * The one reader of calendar dates (catalog versions and `published`, `as_of`, `--as-of`,
 * `--version`, scenario and config `catalog:` versions, bill and request-log dates through
 * billing/dates.ts). JavaScript's Date.parse rolls `2026-02-30` over to March 2: here it is not
 * a date.
 */
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeapYear(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

export function daysInMonthOf(y: number, month: number): number {
  return month === 2 && isLeapYear(y) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/** Is (y, month 1-12, day) a day of the calendar? */
export function isValidYmd(y: number, month: number, day: number): boolean {
  return Number.isInteger(y) && Number.isInteger(month) && Number.isInteger(day) && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonthOf(y, month);
}

const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` naming a real day (not 2026-02-30, not 2026-13-01). */
export function isCalendarDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = YMD.exec(s);
  return m !== null && isValidYmd(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Looks like a date (`YYYY-MM-DD`), whether or not the calendar has that day. */
export function looksLikeDate(s: string): boolean {
  return YMD.test(s);
}
