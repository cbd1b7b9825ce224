import { mulberry32 } from '../../scripts/lib/rng.mjs';

/**
 * A seeded generator of costopt request logs (SPEC §4.1) from a known workload, for the
 * calibrate and variance tests. `exact` logs hold exactly what the workload says (requests per
 * day, requests per model, mean tokens, cache hits), with the spread of token lengths drawn
 * around the mean in +/- pairs so the means stay exact; `noisy` logs draw each day's volume
 * (weekday profile, trend, Poisson-like noise), each request's model and tokens at random.
 */
export interface GenWorkload {
  /** first UTC day, YYYY-MM-DD */
  from: string;
  days: number;
  requestsPerDay: number;
  mix: { model: string; share: number }[];
  inputTokens: number;
  outputTokens: number;
  /** largest deviation of a request's token counts from the means */
  spread: number;
  /** provider prompt caching: a prefix of `tokens` read on hits and written on misses */
  prefix?: { tokens: number; hitRate: number };
  seed: number;
  mode: 'exact' | 'noisy';
  /** noisy: multipliers Monday..Sunday (mean 1) */
  weekday?: number[];
  /** noisy: relative change of the volume per day, centred on the middle of the period */
  trendPerDay?: number;
}


const DAY = 86_400_000;

export function generateRequestLog(w: GenWorkload): string {
  const rnd = mulberry32(w.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const rows: [number, string][] = [];
  let id = 0;
  const start = Date.parse(`${w.from}T00:00:00Z`);
  const row = (day: number, model: string, input: number, output: number, hit: boolean | null) => {
    const t = start + day * DAY + int(0, DAY - 1000);
    const p = w.prefix?.tokens ?? 0;
    const read = hit === true ? p : 0;
    const write = hit === false ? p : 0;
    rows.push([t, `${new Date(t).toISOString()},${model},${input},${output},${read},${write},r${++id}`]);
  };
  for (let d = 0; d < w.days; d++) {
    if (w.mode === 'exact') {
      for (const m of w.mix) {
        const count = w.requestsPerDay * m.share;
        if (!Number.isInteger(count) || count % 2) throw new Error(`exact mode: ${m.model} gets ${count} requests a day; make it an even whole number`);
        const hits = w.prefix ? count * w.prefix.hitRate : 0;
        if (!Number.isInteger(hits)) throw new Error(`exact mode: ${count} x hit rate is not whole`);
        const order = shuffle(Array.from({ length: count }, (_, i) => i), rnd);
        for (let i = 0; i < count; i += 2) {
          const di = int(0, w.spread);
          const dout = int(0, Math.min(w.spread, w.outputTokens));
          const hitA = w.prefix ? order[i]! < hits : null;
          const hitB = w.prefix ? order[i + 1]! < hits : null;
          row(d, m.model, w.inputTokens + di, w.outputTokens + dout, hitA);
          row(d, m.model, w.inputTokens - di, w.outputTokens - dout, hitB);
        }
      }
      continue;
    }
    const wd = (new Date(start + d * DAY).getUTCDay() + 6) % 7;
    const level = w.requestsPerDay * (w.weekday?.[wd] ?? 1) * (1 + (w.trendPerDay ?? 0) * (d - (w.days - 1) / 2));
    const count = Math.max(0, Math.round(level + Math.sqrt(level) * normal(rnd)));
    for (let i = 0; i < count; i++) {
      let u = rnd();
      const m = w.mix.find((x) => (u -= x.share) < 0) ?? w.mix[w.mix.length - 1]!;
      const hit = w.prefix ? rnd() < w.prefix.hitRate : null;
      // symmetric about the means (the output spread no wider than the mean), so the means are the workload's
      const so = Math.min(w.spread, w.outputTokens);
      row(d, m.model, int(w.inputTokens - w.spread, w.inputTokens + w.spread), int(w.outputTokens - so, w.outputTokens + so), hit);
    }
  }
  rows.sort((a, b) => a[0] - b[0]);
  return ['timestamp,model,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,request_id', ...rows.map((r) => r[1])].join('\n') + '\n';
}

function shuffle<T>(xs: T[], rnd: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

function normal(rnd: () => number): number {
  const u = Math.max(rnd(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
}

/**
 * The plan both variance test files compare with generated usage: 1,000 requests a day of 1,000
 * input and 200 output tokens, routed 20/30/50% to test/large, test/small and test/mini, a
 * 600-token prefix cached 75% of the time, priced from `catalog`.
 */
export const planYaml = (catalog: string) => `version: 1
name: plan
catalog: ${JSON.stringify(catalog)}
workload: { requests_per_day: 1000, input_tokens: 1000, output_tokens: 200 }
baseline: { model: test/large }
strategies:
  routing:
    mix:
      - { model: test/large, share: 20% }
      - { model: test/small, share: 30% }
      - { model: test/mini, share: 50% }
  prompt_cache: { prefix_tokens: 600, hit_rate: 75% }
`;
