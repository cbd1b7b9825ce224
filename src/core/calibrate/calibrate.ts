import { scaledToNumber } from '../decimal.js';
import type { Comparison } from './compare.js';
import { bucketMid, daysBetween, type ModelUsage, type TokenMoments, type UsageSummary } from '../usage/summary.js';

/**
 * A scenario inferred from usage over a period (`costopt calibrate`). Every value carries a 99%
 * confidence interval and where it came from:
 * - a mean per request (tokens, cached prefix): mean +/- 2.576 x sd / sqrt(n);
 * - a share of requests (routing mix, cache hit rate): p +/- 2.576 x sqrt(p (1 - p) / n), in percent (0-100);
 * - requests per day: the mean of the daily counts (days without a request count as 0) +/-
 *   t(0.995, days - 1) x sd / sqrt(days); the weekday profile and any trend are part of that sd,
 *   so the interval is wide on a strongly weekly workload, never too narrow;
 * - the trend: least-squares slope of the daily counts, as % of the mean per 30 days, +/- t x se.
 * A value with no spread in the usage (every request the same) has an interval of one point.
 */
export const Z99 = 2.576;
const T99 = [63.657, 9.925, 5.841, 4.604, 4.032, 3.707, 3.499, 3.355, 3.25, 3.169, 3.106, 3.055, 3.012, 2.977, 2.947, 2.921, 2.898, 2.878, 2.861, 2.845, 2.831, 2.819, 2.807, 2.797, 2.787, 2.779, 2.771, 2.763, 2.756, 2.75];
/** Student's t, two-sided 99%, for `df` degrees of freedom (tabled to 30, then conservative steps to the normal's). */
export function t99(df: number): number {
  if (df < 1) return Infinity;
  if (df <= 30) return T99[df - 1]!;
  return df <= 60 ? 2.75 : df <= 120 ? 2.66 : Z99;
}

export interface Estimate {
  value: number;
  low: number;
  high: number;
  /** observations behind it (requests, days) */
  n: number;
}

/** Token lengths per request at these quantiles (within 1%: 2%-wide log buckets), for a simulation. */
export interface Quantiles {
  p10: number;
  p25: number;
  p50: number;
  p75: number;
  p90: number;
  p99: number;
}

export interface CalibratedModel {
  model: string;
  requests: number;
  /** share of requests, percent (0-100) */
  sharePercent: Estimate;
  inputTokens: Estimate;
  outputTokens: Estimate;
  /** token lengths per request (log buckets 2% wide), for a simulation */
  distribution: { input: Quantiles; output: Quantiles };
  cost: number;
  unpricedRequests: number;
}

export interface Calibration {
  period: { from: string; to: string; days: number };
  requests: number;
  requestsPerDay: Estimate;
  /** Monday..Sunday: mean requests on that weekday / mean requests per day (null with fewer than 7 days) */
  weekday: { day: string; multiplier: number; days: number }[] | null;
  /** % change of the daily volume per 30 days (null with fewer than 3 days) */
  trendPercentPer30Days: Estimate | null;
  inputTokens: Estimate;
  outputTokens: Estimate;
  models: CalibratedModel[];
  /** provider prompt caching: share of requests that read a cached prefix, and the tokens they read */
  promptCache: { hitRatePercent: Estimate; prefixTokens: Estimate; ttl: '5m' | '1h'; cacheReadSharePercent: number } | null;
  /** usage records do not mark batch requests */
  batch: { share: null; note: string };
  /** the cost of the last calendar month the usage covers in full */
  budget: { month: string; days: number; monthly: number; lowerBound: boolean } | null;
  cost: number;
  unpricedRequests: number;
  notes: string[];
}

function meanEstimate(m: TokenMoments): Estimate {
  if (m.n === 0) return { value: 0, low: 0, high: 0, n: 0 };
  const sd = m.n > 1 ? Math.sqrt(m.m2 / (m.n - 1)) : 0;
  const half = (m.n > 1 ? t99(m.n - 1) : 0) * (sd / Math.sqrt(m.n));
  return { value: m.mean, low: m.mean - half, high: m.mean + half, n: m.n };
}

/** A share of requests in percent (0-100, as every percentage of costopt's JSON). */
function shareEstimate(k: number, n: number): Estimate {
  const p = n ? k / n : 0;
  const half = n ? Z99 * Math.sqrt((p * (1 - p)) / n) : 0;
  return { value: p * 100, low: Math.max(0, p - half) * 100, high: Math.min(1, p + half) * 100, n };
}

function merge(models: readonly ModelUsage[], pick: (m: ModelUsage) => TokenMoments): TokenMoments {
  const out: TokenMoments = { n: 0, mean: 0, m2: 0 };
  for (const m of models) {
    const b = pick(m);
    if (!b.n) continue;
    const n = out.n + b.n;
    const d = b.mean - out.mean;
    out.m2 += b.m2 + (d * d * out.n * b.n) / n;
    out.mean += (d * b.n) / n;
    out.n = n;
  }
  return out;
}

function quantiles(h: ReadonlyMap<number, number>): Quantiles {
  const buckets = [...h.entries()].sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((s, [, c]) => s + c, 0);
  const at = (q: number) => {
    let seen = 0;
    for (const [b, c] of buckets) {
      seen += c;
      if (seen >= q * total) return Math.round(bucketMid(b));
    }
    return 0;
  };
  return { p10: at(0.1), p25: at(0.25), p50: at(0.5), p75: at(0.75), p90: at(0.9), p99: at(0.99) };
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const weekdayOf = (day: string) => (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;

export function calibrate(u: UsageSummary): Calibration {
  if (!u.firstDay || !u.lastDay) throw new Error('internal: calibrate needs at least one request');
  const notes: string[] = [];
  const days = daysBetween(u.firstDay, u.lastDay);
  const byDay = new Map(u.days.map((d) => [d.day, d]));
  const counts = days.map((d) => byDay.get(d)?.requests ?? 0);
  const D = counts.length;
  const mean = counts.reduce((s, x) => s + x, 0) / D;
  const sd = D > 1 ? Math.sqrt(counts.reduce((s, x) => s + (x - mean) ** 2, 0) / (D - 1)) : 0;
  const half = D > 1 ? t99(D - 1) * (sd / Math.sqrt(D)) : 0;
  const requestsPerDay: Estimate = { value: mean, low: Math.max(0, mean - half), high: mean + half, n: D };
  if (D < 7) notes.push(`only ${D} day(s) of usage: no weekday profile, and requests per day may not be typical`);

  let weekday: Calibration['weekday'] = null;
  if (D >= 7 && mean > 0) {
    weekday = WEEKDAYS.map((day, i) => {
      const xs = days.flatMap((d, k) => (weekdayOf(d) === i ? [counts[k]!] : []));
      return { day, multiplier: xs.reduce((s, x) => s + x, 0) / xs.length / mean, days: xs.length };
    });
  }
  let trend: Estimate | null = null;
  if (D >= 3 && mean > 0) {
    const xm = (D - 1) / 2;
    let sxx = 0;
    let sxy = 0;
    counts.forEach((y, x) => {
      sxx += (x - xm) ** 2;
      sxy += (x - xm) * (y - mean);
    });
    const slope = sxy / sxx;
    const ssr = counts.reduce((s, y, x) => s + (y - (mean + slope * (x - xm))) ** 2, 0);
    const se = Math.sqrt(ssr / (D - 2) / sxx);
    const k = (30 / mean) * 100;
    trend = { value: slope * k, low: (slope - t99(D - 2) * se) * k, high: (slope + t99(D - 2) * se) * k, n: D };
  }

  const models: CalibratedModel[] = u.models.map((m) => ({
    model: m.model,
    requests: m.requests,
    sharePercent: shareEstimate(m.requests, u.requests),
    inputTokens: meanEstimate(m.inputMoments),
    outputTokens: meanEstimate(m.outputMoments),
    distribution: { input: quantiles(m.inputHistogram), output: quantiles(m.outputHistogram) },
    cost: scaledToNumber(m.cost),
    unpricedRequests: m.unpricedRequests,
  }));

  const hits = u.models.reduce((s, m) => s + m.cacheHits, 0);
  let promptCache: Calibration['promptCache'] = null;
  if (hits > 0) {
    const input = u.models.reduce((s, m) => s + m.input, 0n);
    const read = u.models.reduce((s, m) => s + m.cacheRead, 0n);
    const w5 = u.models.reduce((s, m) => s + m.cacheWrite, 0n);
    const w1 = u.models.reduce((s, m) => s + m.cacheWrite1h, 0n);
    promptCache = {
      hitRatePercent: shareEstimate(hits, u.requests),
      prefixTokens: meanEstimate(merge(u.models, (m) => m.hitReadMoments)),
      ttl: w1 > w5 ? '1h' : '5m',
      cacheReadSharePercent: input > 0n ? (Number(read) / Number(input)) * 100 : 0,
    };
  }

  // the last calendar month the period covers from its first to its last day
  let budget: Calibration['budget'] = null;
  for (let i = days.length - 1; i >= 0; i--) {
    const d = days[i]!;
    const month = d.slice(0, 7);
    const first = `${month}-01`;
    const [y, mo] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
    const last = new Date(Date.UTC(y, mo, 0)).toISOString().slice(0, 10);
    if (d !== last) continue;
    if (first < u.firstDay) break;
    const inMonth = u.days.filter((x) => x.day.startsWith(month));
    const cost = inMonth.reduce((s, x) => s + x.cost, 0n);
    budget = { month, days: Number(last.slice(8, 10)), monthly: scaledToNumber(cost), lowerBound: u.unpricedRequests > 0 };
    break;
  }
  if (!budget) notes.push('the usage covers no calendar month from its first to its last day: no budget inferred');
  if (u.unpricedRequests) notes.push(`${u.unpricedRequests} request(s) could not be priced: costs and the budget are lower bounds`);

  return {
    period: { from: u.firstDay, to: u.lastDay, days: D },
    requests: u.requests,
    requestsPerDay,
    weekday,
    trendPercentPer30Days: trend,
    inputTokens: meanEstimate(merge(u.models, (m) => m.inputMoments)),
    outputTokens: meanEstimate(merge(u.models, (m) => m.outputMoments)),
    models,
    promptCache,
    batch: { share: null, note: 'usage records do not say which requests went through a batch API: no batch share inferred' },
    budget,
    cost: scaledToNumber(u.cost),
    unpricedRequests: u.unpricedRequests,
    notes,
  };
}

/** What `costopt calibrate` reports (JSON: this object with schemaVersion and command). */
export interface CalibrateReport {
  calibration: Calibration;
  usage: { files: { file: string; format: string; rows: number }[]; pricedWith: string };
  /** the scenario written (--out), when one was */
  written: string | null;
  /** with --against: the scenario field by field against the usage */
  comparison: Comparison | null;
  warnings: string[];
}
