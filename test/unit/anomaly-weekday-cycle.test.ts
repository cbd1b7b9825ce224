import { describe, expect, it } from 'vitest';
import { dayList, detectDaily, isWeekend, peopleAndMachineBill, scatter, wobble } from '../helpers/anomaly-bills.js';

/**
 * The weekday cycle after a change went away (a shift that ended, a drift that was fixed).
 * For three weeks after the return the series' own regime is too young for a cycle of its own,
 * and the cycle was read from the eight weeks before it, which hold the change that went away.
 */
describe('the weekday cycle after a return to the level before a change', () => {
  it('is the cycle from before the change, not one read across it', () => {
    // one service, 100 a weekday and 60 at weekends, +-3% scatter, from Monday 2024-01-01 (137
    // days). It doubles from Thursday March 14th (day 73) for 34 days, to Tuesday April 16th
    // (day 106): accepted as the new normal after two weeks; from Wednesday April 17th (day
    // 107) it is back at 100 / 60, which the detector sees as a return to the baseline from
    // before the shift (regime from day 107). The eight weeks before the return (days 51-106)
    // hold 34 doubled days, four weeks and six days from a Thursday: Thursday to Tuesday have
    // five doubled days of eight (median: 200 a weekday, 120 at weekends), Wednesday four
    // (median of 100, 100, 100, 100, 200, 200, 200, 200: 150). Read from those weeks,
    // Wednesday stands at 150 / 200 = 75% of the other weekdays: an ordinary Wednesday at 100
    // back at the old level reads +33% over the 75 that cycle expects. The cycle from before
    // the shift (weeks at one level: every weekday alike) is kept until the regime has three
    // weeks of its own: only the shift is reported (its start, March 14th); the return (a fall,
    // not reported by default) and the Wednesdays after it (April 24th, May 1st) are no alert.
    const days = dayList(137);
    const cost = days.map((d, i) => (isWeekend(d) ? 60 : 100) * (1 + 0.03 * scatter(i)) * (i >= 73 && i < 107 ? 2 : 1));
    const r = detectDaily(days, [{ key: 'service:A', cost }]);
    expect(r.anomalies.map((a) => [a.series, a.date, a.kind])).toEqual([['service:A', '2024-03-14', 'shift']]);
  });
});

describe('a young regime with a holiday in its first week', () => {
  it('reads its level from its own days: the holiday and the first day back count toward the five it needs', () => {
    // services A, B and C (100 a weekday, 60 at weekends) and M (100 every day), 110 days from
    // Monday 2024-01-01. A halves from Monday March 11th (day 70): a fall (not reported by
    // default), and after 14 days
    // (Sunday March 24th, day 83) the new normal, its regime from the last week (day 77,
    // Monday March 18th). Tuesday 19th and Wednesday 20th are holidays (A, B and C at 60% of
    // their day: A at 30, its new weekend level): left out of A's baseline with the first day
    // back (Thursday 21st), so the regime has four clean days of its own (Monday 18th, Friday
    // 22nd, the weekend). Its level read from the 28 days before instead (two weeks at 100,
    // two at 50: about 100 on a weekday) expects about 100 on Monday March 25th with a wide
    // scale, and misses a spike there: A at 80, +30 on the 50 it now costs (+60%). With the
    // three held days counted toward the five the regime needs, its level is its own (50 on a
    // weekday) and the spike is reported (on A alone: +30 is 7% of the total).
    const days = dayList(110);
    const series = peopleAndMachineBill(110, (abc) => {
      for (let i = 70; i < 110; i++) abc[0]![i]! *= 0.5;
      for (const v of abc) for (const h of [78, 79]) v[h] = 0.6 * v[h]!;
      abc[0]![84]! += 30;
    });
    const r = detectDaily(days, series);
    expect(r.notes.some((x) => x.includes('2024-03-19, 2024-03-20'))).toBe(true);
    expect(r.anomalies.map((a) => [a.series, a.date, a.kind])).toEqual([['service:A', '2024-03-25', 'spike']]);
  });
});

describe('a holiday early in a bill, with a small people-driven series that did not dip', () => {
  it('is a holiday when those that fell carry nearly all of the weekday-to-weekend gap', () => {
    // services A, B and C (100 a weekday, 60 at weekends, +-5% scatter each), D (5 a weekday,
    // 4 at weekends: a weekly cycle too, but 1 of the gap's 121) and M (100 every day), 60
    // days from Monday 2024-01-01. Monday January 1st and Monday January 15th are holidays for
    // A, B and C (60); D costs its usual 5 on both. Early in the bill the scales are wide and
    // the sum of the dip (120 under expected) is under three sigmas; every one of A, B and C
    // fell to its weekend level on its own, but D did not, and "every people-driven series
    // fell" failed on a series of 5 a day. In the bill's first eight weeks (while a holiday
    // left in is one of three or four of its weekday and sets that weekday's median) the
    // series that fell need only carry 95% of the gap: A, B and C carry 120 of 121. January
    // 15th is a holiday, so on Monday January 22nd only one ordinary Monday is left (January
    // 1st, the first day, cannot be seen as one): no weekday cycle yet, and no alert. Without
    // it the Monday factor was read from 60, 100, 60 and A at 100 on January 22nd was flagged.
    const days = dayList(60);
    const hol = ['2024-01-01', '2024-01-15'];
    const abc = [0, 1, 2].map((k) => days.map((d, i) => (isWeekend(d) || hol.includes(d) ? 60 : 100) * (1 + 0.05 * scatter(i, k))));
    const d = days.map((day, i) => (isWeekend(day) ? 4 : 5) * (1 + 0.02 * scatter(i, 7)));
    const m = days.map((_, i) => 100 * wobble(i, 3));
    const r = detectDaily(days, [
      { key: 'total', cost: days.map((_, i) => abc[0]![i]! + abc[1]![i]! + abc[2]![i]! + d[i]! + m[i]!) },
      ...['A', 'B', 'C'].map((k, j) => ({ key: `service:${k}`, parent: 'total', cost: abc[j]! })),
      { key: 'service:D', parent: 'total', cost: d },
      { key: 'service:M', parent: 'total', cost: m },
    ]);
    expect(r.notes.some((x) => x.includes('2024-01-15'))).toBe(true);
    expect(r.anomalies).toEqual([]);
  });
});
