import type { Ctx, SeriesRun } from './run.js';
import { dimensionOf } from './series.js';
import { median } from './stats.js';
import { HISTORY } from './baseline.js';

/** Holidays: days on which the series people drive dip like a weekend, all at once. */

/** a weekday is a holiday when the people-driven series (weekend spend under HOLIDAY_CYCLE of weekday spend) ... */
const HOLIDAY_CYCLE = 0.9;
/** ...fall, together, by at least HOLIDAY_DEPTH of their weekday-to-weekend gap, HOLIDAY_Z sigmas below expected, */
const HOLIDAY_DEPTH = 0.5;
const HOLIDAY_Z = 3;
/** ...or all of them, at least HOLIDAY_ALL, fall that far each */
const HOLIDAY_ALL = 3;
/** ...or, in a bill's first eight weeks, at least HOLIDAY_ALL of them, carrying HOLIDAY_ALL_GAP of the weekday-to-weekend gap, fall that far each */
const HOLIDAY_ALL_GAP = 0.95;
/** ...and at least HOLIDAY_SHARE of them fall by that much each */
const HOLIDAY_SHARE = 0.5;
/** series flagged in the last HOLIDAY_QUIET_DAYS days do not vote */
const HOLIDAY_QUIET_DAYS = 10;

/**
 * Holidays, found in the bill rather than a calendar (holidays differ by country and company):
 * weekdays on which most of the top-level series with a weekly cycle (spend people drive) dip
 * toward their weekend level at once, and their sum is far below expected. For each series
 * that dipped, those days and the first day back are returned as days to skip: a holiday is a
 * weekend on a weekday (it would pull that weekday's baseline down) and the day after it is a
 * return to normal, often with deferred work (it is no rise in usage).
 */
export function holidaySkips(runs: readonly SeriesRun[], depth: Map<string, number>, ctx: Ctx): { skip: Map<string, boolean[]>; days: string[] } | null {
  const n = ctx.days.length;
  const weekend = (i: number) => ctx.wd[i] === 0 || ctx.wd[i] === 6;
  /** weekend spend over weekday spend (medians over the bill); 1 without a weekly cycle */
  const ratioOf = (run: SeriesRun) => {
    const x = run.series.cost;
    const wk = median(x.filter((_, i) => !weekend(i)));
    const we = median(x.filter((_, i) => weekend(i)));
    return wk > 0 && we < HOLIDAY_CYCLE * wk ? we / wk : 1;
  };
  // the top-level series of one dimension (services where there are), so no spend counts twice
  const top = runs.filter((r) => (depth.get(r.series.key) ?? 0) === 1);
  const dims = [...new Set(top.map((r) => dimensionOf(r.series.key)))];
  const dim = dims.includes('service') ? 'service' : dims.sort((a, b) => top.filter((r) => dimensionOf(r.series.key) === b).length - top.filter((r) => dimensionOf(r.series.key) === a).length)[0];
  const cyc = top.filter((r) => dimensionOf(r.series.key) === dim).map((run) => ({ run, ratio: ratioOf(run) })).filter((c) => c.ratio < 1);
  if (cyc.length < 2) return null;
  // days of rising episodes (a holiday dip is itself a falling one)
  const rising = new Map<SeriesRun, boolean[]>();
  for (const { run } of cyc) {
    const up = new Array<boolean>(n).fill(false);
    for (const ep of run.episodes) if (ep.dir > 0) for (let i = ep.startedOn; i <= ep.last; i++) up[i] = true;
    rising.set(run, up);
  }
  const holiday = new Array<boolean>(n).fill(false);
  for (let t = 0; t < n; t++) {
    if (weekend(t)) continue;
    let down = 0;
    let gapDown = 0;
    let valid = 0;
    let sumX = 0;
    let sumE = 0;
    let gap = 0;
    let v = 0;
    let maxDrop = 0;
    let maxGap = 0;
    for (const { run, ratio } of cyc) {
      const e = run.plain[t]!;
      const sd = run.sigma[t]!;
      if (!Number.isFinite(e) || !Number.isFinite(sd) || e <= 0) continue;
      // a series in or just after an anomaly episode (a drift fixed, a shift ended) has no say
      if (rising.get(run)!.slice(Math.max(0, t - HOLIDAY_QUIET_DAYS), t + 1).some(Boolean)) continue;
      // nor does one expecting a monthly charge that day (whether the charge came or not)
      if ((run.extra[t] ?? 0) > 0) continue;
      const x = run.series.cost[t]!;
      valid++;
      // below what was expected, and below the same weekday a week before or after (the
      // larger of the two: one of them may be a holiday too), each by half the weekend gap
      const near = [t - 7, t + 7].filter((i) => i >= 0 && i < n).map((i) => run.series.cost[i]!);
      const ref = Math.max(...near);
      if (x < e - HOLIDAY_DEPTH * (1 - ratio) * e && x < ref - HOLIDAY_DEPTH * (1 - ratio) * ref) {
        down++;
        gapDown += (1 - ratio) * e;
      }
      sumX += x;
      sumE += e;
      gap += (1 - ratio) * e;
      if (e - x > maxDrop) {
        maxDrop = e - x;
        maxGap = (1 - ratio) * e;
      }
      v += sd * sd;
    }
    // most series, and not one alone: the dip holds without the series that fell most
    const alike = sumE - sumX - maxDrop >= HOLIDAY_DEPTH * (gap - maxGap);
    // the dip is unusual for the sum (HOLIDAY_Z sigmas), or every one of at least
    // HOLIDAY_ALL series fell that far on its own: early in a bill the scales are wide and the
    // sum alone may not pass, but several independent series all at their weekend level on
    // the same weekday are no chance. In the bill's first eight weeks (the window of the weekday
    // factors), a holiday left in is one of three or four of its weekday and sets its median,
    // so a small series that did not fall (a few dollars a day of the gap) does not veto it
    const unusual = (sumX - sumE) / Math.sqrt(v) <= -HOLIDAY_Z || (down >= HOLIDAY_ALL && (down === valid || (t < HISTORY.factorDays && gapDown >= HOLIDAY_ALL_GAP * gap)));
    if (valid >= 2 && down >= 2 && gapDown >= HOLIDAY_SHARE * gap && alike && sumE - sumX >= HOLIDAY_DEPTH * gap && unusual) holiday[t] = true;
  }
  const days = ctx.days.filter((_, t) => holiday[t]);
  if (!days.length) return null;
  const skip = new Map<string, boolean[]>();
  for (const run of runs) {
    // only series with a weekly cycle that fell toward their weekend level (spend people drive)
    const ratio = ratioOf(run);
    if (ratio >= 1) continue;
    const mask = new Array<boolean>(n).fill(false);
    let any = false;
    for (let t = 0; t < n; t++) {
      if (!holiday[t] || holiday[t - 1]) continue;
      // a run of holiday days (Christmas to New Year may join weekends in between)
      let end = t;
      while (end + 1 < n && (holiday[end + 1] || (weekend(end + 1) && holiday.slice(end + 2, end + 4).some(Boolean)))) end++;
      let dipped = false;
      for (let i = t; i <= end; i++) if (holiday[i] && Number.isFinite(run.plain[i]!) && run.series.cost[i]! - (run.extra[i] ?? 0) < run.plain[i]! * (1 - HOLIDAY_DEPTH * (1 - ratio))) dipped = true;
      if (!dipped) continue;
      for (let i = t; i <= end; i++) if (holiday[i]) mask[i] = true;
      // the first working day back (after the weekend when the holiday was a Friday)
      let back = end + 1;
      while (back < n && weekend(back)) back++;
      if (back < n) mask[back] = true;
      any = true;
    }
    if (any) skip.set(run.series.key, mask);
  }
  return { skip, days };
}
