// Event-level scoring of an anomaly detector against the benchmark's labels.
// An alert can hit an event when it is on one of the series the event moved (or names one in
// `also`) and falls between the day before the event starts and 3 days after it ends.
// Recall counts an event as detected only when an alert can be credited to it alone: alerts
// and events are matched one to one (a maximum bipartite matching), so one alert on `total`
// inside the windows of four unrelated events detects one of them, not all four. Further
// alerts that can hit an already detected event are duplicates: not false alerts, reported
// as alerts per event. Every alert that can hit no event is a false alert.

const DAY = 86400000;
const dayDiff = (a, b) => Math.round((Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / DAY);
const addDays = (d, n) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

function keysOf(alert) {
  const keys = [alert.series, ...(alert.also ?? [])];
  for (const k of [...keys]) {
    if (!k.includes('(other)')) continue;
    const slash = k.lastIndexOf('/');
    keys.push(slash < 0 ? 'total' : k.slice(0, slash));
  }
  return keys;
}

export function scoreRun(result, bench) {
  const { events, controls } = bench.labels;
  const alerts = result.anomalies;
  const windows = events.map((e) => ({ from: addDays(e.start, -1), to: addDays(e.end, 3) }));
  const can = events.map((e, i) => alerts.map((a, j) => (a.date >= windows[i].from && a.date <= windows[i].to && keysOf(a).some((k) => e.affected.includes(k)) ? j : -1)).filter((j) => j >= 0));
  // one alert credits at most one event: augmenting paths, events in label order
  const owner = new Map(); // alert index -> event index
  const augment = (i, seen) => {
    for (const j of can[i]) {
      if (seen.has(j)) continue;
      seen.add(j);
      if (!owner.has(j) || augment(owner.get(j), seen)) {
        owner.set(j, i);
        return true;
      }
    }
    return false;
  };
  events.forEach((_, i) => augment(i, new Set()));
  const credited = new Set(owner.values());
  const matched = new Set(can.flat().map((j) => alerts[j]));
  const perEvent = events.map((e, i) => {
    // the earliest alert on this event that no other event needed
    const own = can[i].filter((j) => !owner.has(j) || owner.get(j) === i).map((j) => alerts[j].date).sort();
    const first = credited.has(i) ? own[0] : undefined;
    return { type: e.type, detected: credited.has(i), delay: first === undefined ? null : Math.max(0, dayDiff(first, e.start)), alerts: can[i].length };
  });
  const falseAlerts = alerts.filter((a) => !matched.has(a));
  const controlHits = [];
  for (const a of falseAlerts) {
    for (const c of controls) {
      const near = [0];
      const onDate = c.dates.some((d) => near.some((n) => addDays(d, n) === a.date));
      const onSeries = c.series.includes('*') || keysOf(a).some((k) => c.series.includes(k));
      if (onDate && onSeries) controlHits.push({ control: c.type, date: a.date, series: a.series });
    }
  }
  const days = bench.input.days.length;
  return {
    events: perEvent,
    alerts: alerts.length,
    // alerts credited with an event: the rest repeat a detected cause or are false
    credited: owner.size,
    falseAlerts: falseAlerts.map((a) => ({ date: a.date, series: a.series, kind: a.kind, impact: a.impact, impactPercent: a.impactPercent, score: a.score })),
    controlHits,
    seriesMonths: bench.input.series.length * (days / 30.44),
  };
}

const q = (values, p) => {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))];
};

/** Aggregate per-seed scores into recall per type, precision, F1, delays and false-alert rate. */
export function summarize(runs) {
  const events = runs.flatMap((r) => r.events);
  const types = [...new Set(events.map((e) => e.type))];
  const byType = Object.fromEntries(
    types.map((t) => {
      const list = events.filter((e) => e.type === t);
      const delays = list.filter((e) => e.detected).map((e) => e.delay);
      return [t, { n: list.length, recall: list.filter((e) => e.detected).length / list.length, delayMedian: q(delays, 0.5), delayP90: q(delays, 0.9), delayMax: delays.length ? Math.max(...delays) : null, within10: list.filter((e) => e.detected && e.delay <= 10).length / list.length }];
    }),
  );
  const detected = events.filter((e) => e.detected).length;
  const alerts = runs.reduce((a, r) => a + r.alerts, 0);
  const falseAlerts = runs.reduce((a, r) => a + r.falseAlerts.length, 0);
  const recall = detected / events.length;
  const precision = alerts ? (alerts - falseAlerts) / alerts : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const seriesMonths = runs.reduce((a, r) => a + r.seriesMonths, 0);
  return {
    events: events.length,
    detected,
    alerts,
    falseAlerts,
    recall,
    precision,
    f1,
    falsePerSeriesMonth: falseAlerts / seriesMonths,
    controlsFlagged: runs.reduce((a, r) => a + r.controlHits.length, 0),
    alertsPerEvent: detected ? events.reduce((a, e) => a + e.alerts, 0) / detected : 0,
    repeats: alerts - falseAlerts - runs.reduce((a, r) => a + r.credited, 0),
    // one alert per cause: an alert that repeats a cause another alert was credited with counts
    // as false (what a reader counts when a SKU's spike also comes as the account's and the total's)
    strict: strictOf(runs, recall, seriesMonths),
    byType,
  };
}

function strictOf(runs, recall, seriesMonths) {
  const alerts = runs.reduce((a, r) => a + r.alerts, 0);
  const credited = runs.reduce((a, r) => a + r.credited, 0);
  const precision = alerts ? credited / alerts : 1;
  return { precision, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, falsePerSeriesMonth: (alerts - credited) / seriesMonths };
}
