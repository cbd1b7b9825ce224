// The comparison detector: a plain weekday median. For each series and day, expected = the
// median of the same weekday over the previous four weeks; flag when the $ and % thresholds
// both pass. Consecutive flagged days make one alert, so it is not penalised per day.
// No robust scale, no episodes, no month recurrence, no parent/child suppression.

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export function plainWeekdayMedian(input, { minImpact, minPercent }) {
  const anomalies = [];
  for (const s of input.series) {
    const x = s.cost;
    let open = false;
    for (let t = 28; t < x.length; t++) {
      const e = median([x[t - 7], x[t - 14], x[t - 21], x[t - 28]]);
      const r = x[t] - e;
      const pct = e > 0 ? (100 * r) / e : r > 0 ? 100 : 0;
      const flag = r >= minImpact && pct >= minPercent;
      if (flag && !open) anomalies.push({ date: input.days[t], endDate: input.days[t], series: s.key, kind: e > 0 ? 'spike' : 'new', expected: e, actual: x[t], impact: r, impactPercent: pct, attribution: [], context: [] });
      if (flag) anomalies[anomalies.length - 1].endDate = input.days[t];
      open = flag;
    }
  }
  return { anomalies, nonUsage: input.nonUsage, notes: [] };
}
