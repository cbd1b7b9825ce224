import type { Calibration, Estimate, Quantiles } from './calibrate.js';

/**
 * The calibrated scenario as a commented YAML file: every value says where it came from and over
 * which days. Text from the usage (model names, file names) is quoted where it is a value and
 * made inert where it is a comment (no line break or control character can end the comment).
 */
// eslint-disable-next-line no-control-regex -- control characters are what is being made inert
const inert = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
/** A YAML double-quoted scalar: JSON's escapes, plus DEL, C1 controls and line separators (JSON leaves them raw). */
const quoted = (s: string) => JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
const round = (x: number, digits: number) => Number(x.toFixed(digits));
const n = (x: number, digits = 1) => String(round(x, digits));
/** a percent (0-100) as YAML percent text */
const pct = (x: number, digits = 2) => `${round(x, digits)}%`;
const interval = (e: Estimate, f: (x: number) => string) => (e.low === e.high ? `exact over ${e.n.toLocaleString('en-US')}` : `99% interval ${f(e.low)}..${f(e.high)}`);
const dist = (q: Quantiles) => `p10 ${q.p10}, p50 ${q.p50}, p90 ${q.p90}`;

/** Shares as percents with two decimals that sum to exactly 100% (largest remainder). */
export function percentShares(shares: readonly number[]): string[] {
  const units = shares.map((s) => s * 10_000);
  const floor = units.map(Math.floor);
  let left = 10_000 - floor.reduce((a, b) => a + b, 0);
  const order = units.map((u, i) => ({ i, r: u - Math.floor(u) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floor[i]!++;
    left--;
  }
  return floor.map((u) => `${u / 100}%`);
}

export interface ScenarioTextOptions {
  name: string;
  /** the usage files, as given */
  files: readonly string[];
  /** how the usage was priced, for the budget's comment */
  pricedWith: string;
}

export function calibratedScenarioText(c: Calibration, o: ScenarioTextOptions): string {
  const p = c.period;
  const span = `${p.from}..${p.to} (${p.days} day${p.days === 1 ? '' : 's'})`;
  const L: string[] = [];
  L.push(`# Calibrated by costopt calibrate from ${c.requests.toLocaleString('en-US')} requests over ${span}`);
  L.push(`# in ${inert(o.files.join(', '))}.`);
  L.push('# Each value says where it came from; intervals are 99% confidence intervals (see docs/plan-vs-actual.md, "costopt calibrate").');
  for (const note of c.notes) L.push(`# note: ${inert(note)}`);
  L.push('version: 1');
  L.push(`name: ${quoted(o.name)}`);
  L.push('');
  L.push('workload:');
  L.push(`  # mean requests per day over ${span}; ${interval(c.requestsPerDay, (x) => n(x))}`);
  if (c.weekday) L.push(`  # weekday profile (x the mean): ${c.weekday.map((w) => `${w.day} ${n(w.multiplier, 2)}`).join(', ')}`);
  if (c.trendPercentPer30Days) {
    const t = c.trendPercentPer30Days;
    L.push(`  # trend: ${t.value >= 0 ? '+' : ''}${n(t.value, 1)}% per 30 days (99% interval ${n(t.low, 1)}%..${n(t.high, 1)}%)`);
  }
  L.push(`  requests_per_day: ${n(c.requestsPerDay.value, 2)}`);
  L.push(`  # mean input tokens per request, all models (cache reads and writes included); ${interval(c.inputTokens, (x) => n(x))}`);
  L.push(`  input_tokens: ${n(c.inputTokens.value)}`);
  L.push(`  # mean output tokens per request, all models (reasoning included); ${interval(c.outputTokens, (x) => n(x))}`);
  L.push(`  output_tokens: ${n(c.outputTokens.value)}`);
  L.push('');
  const top = c.models[0]!;
  L.push('# the model with the most requests: what the routing mix below is compared with');
  L.push('baseline:');
  L.push(`  model: ${quoted(top.model)}`);
  L.push('');
  L.push('strategies:');
  L.push('  routing:');
  L.push(`    # share of requests per model over ${span}`);
  L.push('    mix:');
  const shares = percentShares(c.models.map((m) => m.requests / c.requests));
  c.models.forEach((m, i) => {
    L.push(`      # ${inert(quoted(m.model))}: ${m.requests.toLocaleString('en-US')} requests, share ${interval(m.sharePercent, (x) => pct(x))}`);
    L.push(`      #   input tokens ${n(m.inputTokens.value)} (${interval(m.inputTokens, (x) => n(x))}; ${dist(m.distribution.input)})`);
    L.push(`      #   output tokens ${n(m.outputTokens.value)} (${interval(m.outputTokens, (x) => n(x))}; ${dist(m.distribution.output)})`);
    L.push(`      - { model: ${quoted(m.model)}, share: ${shares[i]} }`);
  });
  if (c.promptCache) {
    const pc = c.promptCache;
    L.push('  prompt_cache:');
    L.push(`    # mean cache-read tokens of the requests that read a cached prefix; ${interval(pc.prefixTokens, (x) => n(x))}`);
    L.push(`    # (cache reads are ${n(pc.cacheReadSharePercent, 2)}% of all input tokens)`);
    L.push(`    prefix_tokens: ${n(Math.min(pc.prefixTokens.value, c.inputTokens.value))}`);
    L.push(`    # share of requests that read a cached prefix; ${interval(pc.hitRatePercent, (x) => pct(x))}`);
    L.push(`    hit_rate: ${pct(pc.hitRatePercent.value, 2)}`);
    if (pc.ttl === '1h') L.push('    # most cache writes were 1-hour writes');
    if (pc.ttl === '1h') L.push('    ttl: 1h');
  } else L.push('  # prompt_cache: no request read a cached prefix');
  L.push(`  # batch: ${c.batch.note}`);
  if (c.budget) {
    L.push('');
    L.push('budget:');
    L.push(`  # cost of ${c.budget.month}, the last calendar month the usage covers in full, ${inert(o.pricedWith)}${c.budget.lowerBound ? ' (a lower bound: some requests could not be priced)' : ''}`);
    L.push(`  # (a calendar month of ${c.budget.days} days; estimate's month is days_per_month, 30 by default)`);
    L.push(`  monthly: ${round(c.budget.monthly, 2)}`);
  } else L.push('# budget: the usage covers no full calendar month');
  return L.join('\n') + '\n';
}
