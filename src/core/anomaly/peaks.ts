import { pctOf, type Episode, type SeriesRun } from './run.js';
import { median, robustScale } from './stats.js';
import { dimensionOf } from './series.js';
import type { DetectorOptions } from './types.js';

/**
 * splitPeaks where a peak happens: in the most specific series, those without children and not
 * an account (the peak of an aggregate is its children's, and splitting it there would take the
 * aggregate's row apart from the children's rows it stands for)
 */
export function splitPeaksAtLeaves(runs: readonly SeriesRun[], hasChildren: (key: string) => boolean, o: Required<DetectorOptions>): void {
  for (const r of runs) if (!hasChildren(r.series.key) && dimensionOf(r.series.key) !== 'account') splitPeaks(r, o);
}

/**
 * A day inside a rise that goes far above the rise's own level, for that day only, is a cause of
 * its own: a one-day spike on top of a shift or a drift (or on top of a few raised days that
 * began on noise) is a second incident, and reported inside the rise it would be dated by the
 * rise's first day and read by its size. Such a day (not the rise's first) is split off as a
 * one-day episode when its excess over the rise's level (the median relative excess of the
 * rise's other anomalous days, at least three days in all) passes the plain thresholds (impact,
 * % of the expected value at that level, z of zThreshold against the larger of the day's scale
 * at that level and the rise's own spread: a raised level is often noisier), and the days either
 * side are within half its height of the level (a peak, not a further step up). A peak on the
 * last day of a rise that became the new normal is never split (the day after reads another
 * baseline). The rise keeps its other days.
 */
function splitPeaks(run: SeriesRun, o: Required<DetectorOptions>): void {
  const x = run.series.cost;
  // relative to the expected value: a rise is a share of the day (a weekend day rises less in currency)
  const rel = (i: number) => (x[i]! - run.expected[i]!) / run.expected[i]!;
  const added: Episode[] = [];
  for (const ep of run.episodes) {
    // (not new spend: nothing was expected)
    if (ep.dir < 0 || ep.anomalous.length < 3 || !ep.anomalous.every((i) => run.expected[i]! > 0)) continue;
    for (const t of ep.anomalous) {
      if (t === ep.startedOn || t === ep.onset) continue;
      const others = ep.anomalous.filter((i) => i !== t).map(rel);
      const level = Math.max(0, median(others));
      const e = run.expected[t]! * (1 + level);
      const over = x[t]! - e;
      // against the day's scale and the rise's own spread (a raised level is often noisier)
      const scale = Math.max(run.sigma[t]! * (1 + level), robustScale(others) * run.expected[t]!);
      if (!(scale > 0) || over < o.minImpact || over / scale < o.zThreshold || pctOf(over, e) < o.minPercent) continue;
      // a peak: the days either side within half its height of the rise's level (the day after
      // the rise's last day only once the rise ended: after a new normal it reads another baseline)
      if (t === ep.last && ep.status !== 'ended') continue;
      const height = rel(t) - level;
      if ([t - 1, t + 1].some((i) => i < x.length && run.expected[i]! > 0 && rel(i) - level > 0.5 * height)) continue;
      added.push({ dir: 1, onset: t, detected: t, startedOn: t, last: t, anomalous: [t], base: ep.base, regimeStart: ep.regimeStart, quiet: 0, status: 'ended', ownCause: true });
      ep.anomalous = ep.anomalous.filter((i) => i !== t);
      if (ep.last === t) ep.last = Math.max(...ep.anomalous);
      break;
    }
  }
  if (!added.length) return;
  run.episodes.push(...added);
  run.episodes.sort((a, b) => a.startedOn - b.startedOn);
}
