import { dayOf, type CanonicalRecord } from '../billing/record.js';

/**
 * Request-level usage folded into what calibrate and variance read: per UTC day and per model,
 * requests, token sums (exact integers), priced cost (exact, 1e-12 USD) and the spread of token
 * lengths (Welford moments and a log-bucket histogram). Memory holds days x models, not rows.
 * Any billing format whose records carry token counts feeds it (request logs today).
 */
export interface TokenMoments {
  n: number;
  mean: number;
  /** sum of squared deviations (Welford) */
  m2: number;
}

export interface ModelUsage {
  /** catalog id when the catalog knows the name, else the name as written */
  model: string;
  requests: number;
  /** integer token sums (bigint: a long log overflows 2^53 tokens only in theory, but sums stay exact) */
  input: bigint;
  output: bigint;
  cacheRead: bigint;
  cacheWrite: bigint;
  cacheWrite1h: bigint;
  /** priced cost, 1e-12 USD (unpriced rows add nothing) */
  cost: bigint;
  unpricedRequests: number;
  /** requests that read a cached prefix (cache_read_tokens > 0) */
  cacheHits: number;
  inputMoments: TokenMoments;
  outputMoments: TokenMoments;
  /** cache-read tokens of the requests that read the cache */
  hitReadMoments: TokenMoments;
  inputHistogram: Map<number, number>;
  outputHistogram: Map<number, number>;
}

export interface DayUsage {
  day: string;
  requests: number;
  cost: bigint;
  byModel: Map<string, number>;
}

export interface UsageSummary {
  models: ModelUsage[];
  days: DayUsage[];
  /** first and last UTC day with a request */
  firstDay: string | null;
  lastDay: string | null;
  requests: number;
  cost: bigint;
  unpricedRequests: number;
  /** records without token counts (a cost export): not requests, left out */
  skippedRecords: number;
}

const emptyMoments = (): TokenMoments => ({ n: 0, mean: 0, m2: 0 });
/** Welford's update for `count` observations of `x` (a record of several requests adds its mean that many times). */
function observe(m: TokenMoments, x: number, count = 1): void {
  const n = m.n + count;
  const d = x - m.mean;
  m.mean += (d * count) / n;
  m.m2 += (d * d * m.n * count) / n;
  m.n = n;
}

/** Log-spaced buckets 2% wide: quantiles within 2% of the true value, whatever the number of rows. */
const BUCKET_RATIO = Math.log(1.02);
export const bucketOf = (x: number): number => (x <= 0 ? 0 : Math.floor(Math.log(x) / BUCKET_RATIO) + 1);
/** The geometric middle of a bucket: within 1% of every value in it. */
export const bucketMid = (b: number): number => (b === 0 ? 0 : Math.exp((b - 0.5) * BUCKET_RATIO));

export class UsageAccumulator {
  private readonly models = new Map<string, ModelUsage>();
  private readonly days = new Map<string, DayUsage>();
  private skipped = 0;

  /** `modelId`: the catalog id the record's model resolves to (undefined: keep the name as written). */
  add(r: CanonicalRecord, modelId?: string): void {
    if (!r.tokens || r.chargeKind !== 'usage') {
      this.skipped++;
      return;
    }
    const t = r.tokens;
    const key = modelId ?? r.model ?? '(no model)';
    let m = this.models.get(key);
    if (!m) {
      m = {
        model: key, requests: 0, input: 0n, output: 0n, cacheRead: 0n, cacheWrite: 0n, cacheWrite1h: 0n, cost: 0n, unpricedRequests: 0, cacheHits: 0,
        inputMoments: emptyMoments(), outputMoments: emptyMoments(), hitReadMoments: emptyMoments(), inputHistogram: new Map(), outputHistogram: new Map(),
      };
      this.models.set(key, m);
    }
    const n = r.requests > 0 ? r.requests : 1;
    m.requests += n;
    m.input += BigInt(t.input);
    m.output += BigInt(t.output);
    m.cacheRead += BigInt(t.cacheRead);
    m.cacheWrite += BigInt(t.cacheWrite);
    m.cacheWrite1h += BigInt(t.cacheWrite1h);
    if (r.unpriced) m.unpricedRequests += n;
    else m.cost += r.billed;
    // per-request spreads: a record of n requests counts as n requests of its mean
    const perIn = t.input / n;
    const perOut = t.output / n;
    observe(m.inputMoments, perIn, n);
    observe(m.outputMoments, perOut, n);
    bump(m.inputHistogram, bucketOf(perIn), n);
    bump(m.outputHistogram, bucketOf(perOut), n);
    if (t.cacheRead > 0) {
      m.cacheHits += n;
      observe(m.hitReadMoments, t.cacheRead / n, n);
    }
    const day = dayOf(r.start);
    let d = this.days.get(day);
    if (!d) this.days.set(day, (d = { day, requests: 0, cost: 0n, byModel: new Map() }));
    d.requests += n;
    if (!r.unpriced) d.cost += r.billed;
    d.byModel.set(key, (d.byModel.get(key) ?? 0) + n);
  }

  result(): UsageSummary {
    const models = [...this.models.values()].sort((a, b) => b.requests - a.requests || (a.model < b.model ? -1 : 1));
    const days = [...this.days.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
    return {
      models,
      days,
      firstDay: days[0]?.day ?? null,
      lastDay: days[days.length - 1]?.day ?? null,
      requests: models.reduce((s, m) => s + m.requests, 0),
      cost: models.reduce((s, m) => s + m.cost, 0n),
      unpricedRequests: models.reduce((s, m) => s + m.unpricedRequests, 0),
      skippedRecords: this.skipped,
    };
  }
}

function bump(h: Map<number, number>, k: number, n: number): void {
  h.set(k, (h.get(k) ?? 0) + n);
}

/** Every UTC day from `first` to `last` inclusive. */
export function daysBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}
