/** UTC calendar arithmetic on YYYY-MM-DD strings (no clock, no time zone). */

const DAY_MS = 86_400_000;

export function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

export function dateOf(dayNum: number): string {
  return new Date(dayNum * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday ... 6 = Saturday */
export function weekday(date: string): number {
  return new Date(dayNumber(date) * DAY_MS).getUTCDay();
}

export function dayOfMonth(date: string): number {
  return Number(date.slice(8, 10));
}

export function isLastDayOfMonth(date: string): boolean {
  return dayOfMonth(dateOf(dayNumber(date) + 1)) === 1;
}

/** The same day-of-month `k` months earlier, or null when that month is too short. */
export function monthsBefore(date: string, k: number): string | null {
  const y = Number(date.slice(0, 4));
  const mo = Number(date.slice(5, 7)) - 1 - k;
  const d = dayOfMonth(date);
  const t = new Date(Date.UTC(y, mo, d));
  return t.getUTCDate() === d ? t.toISOString().slice(0, 10) : null;
}

/** The last day of the month `k` months before `date`'s month. */
export function lastDayMonthsBefore(date: string, k: number): string {
  const y = Number(date.slice(0, 4));
  const mo = Number(date.slice(5, 7)) - 1 - k;
  return new Date(Date.UTC(y, mo + 1, 0)).toISOString().slice(0, 10);
}
