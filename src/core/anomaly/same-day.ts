import type { SeriesRun } from './run.js';

/**
 * A day held back in a series' first weeks (`heldBack`: past the plain thresholds, beyond the
 * series' tails over the whole bill, passed over for the wider threshold of a young scale) is
 * reported when a parent (or a further ancestor) rose the same day by its own threshold even
 * without this series' rise: the parent's rise is independent evidence that something happened
 * that day, so the two pieces of evidence together make the day an anomaly, where either alone
 * (a young scale's z, a coincident rise elsewhere) would not. Such a day becomes a one-day
 * episode of the series; the passes over causes then group it with the parent's row.
 */
export function partsOfParentSpikes(runs: readonly SeriesRun[], byKey: ReadonlyMap<string, SeriesRun>, zThreshold: number): void {
  const excess = (r: SeriesRun, t: number) => r.series.cost[t]! - r.expected[t]!;
  const rose = (r: SeriesRun, t: number, own: number) => r.flagged[t]! && excess(r, t) - own >= zThreshold * r.sigma[t]!;
  const parentOf = (r: SeriesRun) => (r.series.parent ? byKey.get(r.series.parent) : undefined);
  for (const run of runs) {
    for (const { t, base } of run.heldBack ?? []) {
      const own = excess(run, t);
      let p = parentOf(run);
      while (p && !rose(p, t, own)) p = parentOf(p);
      if (!p) continue;
      run.flagged[t] = true;
      run.clean[t] = false;
      run.episodes.push({ dir: 1, onset: t, detected: t, startedOn: t, last: t, anomalous: [t], base, regimeStart: run.regime[t]!, quiet: 0, status: 'ended', outlier: true });
      run.episodes.sort((a, b) => a.startedOn - b.startedOn);
    }
  }
}
