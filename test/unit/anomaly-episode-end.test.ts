import { describe, expect, it } from 'vitest';
import { dayList, detectDaily, wobble } from '../helpers/anomaly-bills.js';

// Issue #19, sixth round: an episode ends after two quiet days, but a day on which a monthly
// charge is expected is read against the charge's uncertainty too (a quarter of it), and a
// rise that this alone hides is no sign that the rise has stopped. The bill starts on Monday
// 2024-01-01 and runs 100 days: one series, 1000 a day (+-1% wobble, so its noise is the 3%
// floor, 30), plus a charge of 1000 on the 1st of every month (days 0, 31, 60 and 91).
const N = 100;
const DAYS = dayList(N);
const RISE_FROM = DAYS.indexOf('2024-03-25'); // day 84, a Monday
const RISE_TO = DAYS.indexOf('2024-04-05'); // day 95, the rise's last day (12 days)
const SLOW = DAYS.indexOf('2024-03-31'); // day 90

function bill(): { key: string; cost: number[] }[] {
  const cost = DAYS.map((d, i) => {
    // +30% during the rise, but only +3% on one slow day of it (the day before the charge)
    const lift = i === SLOW ? 1.03 : i >= RISE_FROM && i <= RISE_TO ? 1.3 : 1;
    return 1000 * wobble(i) * lift + (d.endsWith('-01') ? 1000 : 0);
  });
  return [{ key: 'total', cost }];
}

describe('the end of an episode', () => {
  it('is not read on a day whose expected monthly charge alone hides the change', () => {
    // The rise is +300 a day (10 times the noise): flagged on its first day. On the slow day
    // (+30, one sigma) it is quiet; on April 1st the charge (learnt from January, February and
    // March) widens the day's sigma to sqrt(30^2 + 250^2), about 252, so its +300 is 1.2
    // sigmas: quiet too, and two quiet days in a row would end the episode there, and the rise
    // go on in a second episode from April 2nd, chained into the same row but with the slow
    // day and April 1st left out of its total (10 days of +300: about 3000). The charge's day
    // tells nothing (the rise, 10 sigmas of the series, is under 2 of that day's), so the
    // episode goes on to April 5th and its total is all 12 days: 11 x 300 + 30, about 3330.
    const rows = detectDaily(DAYS, bill());
    expect(rows.anomalies).toHaveLength(1);
    const a = rows.anomalies[0]!;
    expect(a.startedOn).toBe('2024-03-25');
    expect(a.endDate).toBe('2024-04-05');
    expect(Math.abs(a.totalImpact! - 3330)).toBeLessThan(60);
  });
});
