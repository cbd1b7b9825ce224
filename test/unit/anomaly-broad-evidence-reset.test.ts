import { describe, expect, it } from 'vitest';
import { dayList, detectDaily, scatter, weekly } from '../helpers/anomaly-bills.js';

/**
 * 140 days from Monday 2024-01-01. Service S (1000 a weekday, 600 at weekends, +-5% scatter) is
 * up +50% on days 21-55 (an incident, flagged on January 22nd and accepted as its new normal),
 * then down to 1.1 times its first level from day 56 on (not back to it: that fall becomes the
 * new normal in turn, the level before it kept in case it comes back). N (as large, +-50%
 * scatter) makes the total too noisy to flag a rise of a quarter itself. Every series rises
 * +30% for 12 days from day 98 (Monday 2024-04-08): A and B (100 a weekday) cross their
 * thresholds; C, D and E (30 a weekday) rise by less than the minimum impact of 10 a day.
 */
function bill() {
  const n = 140;
  const rise = (v: number, i: number) => (i >= 98 && i < 110 ? v * 1.3 : v);
  const s = weekly(n).map((v, i) => 10 * v * (1 + 0.05 * scatter(i, 9)) * (i >= 21 && i < 56 ? 1.5 : i >= 56 ? 1.1 : 1)).map(rise);
  const small = (size: number, k: number) => weekly(n).map((v, i) => size * v * (1 + 0.005 * scatter(i, k))).map(rise);
  const kids = [
    { key: 'service:S', parent: 'total', cost: s },
    { key: 'service:N', parent: 'total', cost: weekly(n).map((v, i) => 10 * v * (1 + 0.5 * scatter(i, 7))).map(rise) },
    { key: 'service:A', parent: 'total', cost: small(1, 1) },
    { key: 'service:B', parent: 'total', cost: small(1, 2) },
    { key: 'service:C', parent: 'total', cost: small(0.3, 3) },
    { key: 'service:D', parent: 'total', cost: small(0.3, 4) },
    { key: 'service:E', parent: 'total', cost: small(0.3, 5) },
  ];
  const days = dayList(n);
  return { days, series: [{ key: 'total', cost: days.map((_, i) => kids.reduce((a, k) => a + k.cost[i]!, 0)) }, ...kids] };
}

describe('broad-rise evidence (resetDuring): a child whose baseline was reset during the rise', () => {
  it('reports the rise once, on the total, when the largest steady child reads it as its old level coming back', () => {
    // S, at 1.1 times its first level, rises to 1.43: about where its +50% incident had it (1.5,
    // within its noise), so S reads the rise as that level come back and restores the baseline
    // of it; against that, S rose by nothing. Only A and B cross their thresholds (two rows, not
    // the three a broad change needs), so the children's own rise is the evidence: A to E up 30%
    // alike, N too noisy to tell; S, the largest child in which such a rise would show, read
    // against the level it was reset to mid-window, would count as a child that did not rise
    // (most of the spend), and A, B and S (its first day, a spike) would be three rows apart.
    // Left out of the evidence, the rise is broad: one row on the total (too noisy to flag it
    // itself), from the day it began, Monday 2024-04-08
    const { days, series } = bill();
    const rows = detectDaily(days, series).anomalies.filter((a) => a.date >= '2024-04-01');
    expect(rows.map((a) => [a.series, a.date])).toEqual([['total', '2024-04-08']]);
  });
});
