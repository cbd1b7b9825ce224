/**
 * Daily traffic shapes: 24 hourly multipliers (00:00..23:00) that average 1, so an hour's
 * requests per second = requests_per_day / 86,400 x multiplier.
 */
export const TRAFFIC_PROFILES = ['flat', 'business_hours', 'consumer_evening', 'overnight_batch'] as const;
export type TrafficProfile = (typeof TRAFFIC_PROFILES)[number];

// Relative weights; normalised to average 1 below. Chosen as plain, readable shapes (they are
// documented in docs/breakeven.md), not fitted to any one service.
const RAW: Record<TrafficProfile, readonly number[]> = {
  flat: Array.from({ length: 24 }, () => 1),
  // quiet nights, a 09:00-17:00 plateau, shoulders at 08:00 and 17:00-19:00
  business_hours: [1, 1, 1, 1, 1, 1, 2, 4, 8, 10, 10, 10, 10, 10, 10, 10, 10, 8, 4, 2, 1, 1, 1, 1],
  // a daytime base and an evening peak at 19:00-22:00
  consumer_evening: [3, 2, 1, 1, 1, 1, 2, 3, 4, 5, 5, 5, 6, 6, 5, 5, 6, 7, 8, 10, 10, 10, 8, 5],
  // batch jobs that run overnight, a trickle during the day
  overnight_batch: [10, 10, 10, 10, 10, 8, 4, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 4, 8, 10],
};

/** Scale 24 values so they average 1. */
export function normalise(values: readonly number[]): number[] {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return values.map((v) => v / mean);
}

export function profileShape(p: TrafficProfile): number[] {
  return normalise(RAW[p]);
}

/**
 * A smooth one-peak day with the given peak-to-average ratio r (1..24): the hourly multiplier is
 * max(0, a + (r - a) cos(2 pi (h - 14) / 24)), peaking at r at 14:00, with `a` chosen so the 24
 * hours average exactly 1. Up to r = 2 it is a plain cosine; above that the night hours are 0.
 */
export function peakToAverageShape(r: number): number[] {
  const cos = Array.from({ length: 24 }, (_, h) => Math.cos((2 * Math.PI * (h - 14)) / 24));
  const shape = (a: number) => cos.map((c) => Math.max(0, a + (r - a) * c));
  const mean = (a: number) => shape(a).reduce((x, y) => x + y, 0) / 24;
  if (r <= 1) return Array.from({ length: 24 }, () => 1);
  if (r <= 2) return shape(1);
  // mean(a) rises with a (each hour's value has slope 1 - cos >= 0); bisect for mean = 1
  let lo = -1e6;
  let hi = r;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (mean(mid) < 1) lo = mid;
    else hi = mid;
  }
  // scale away the last bisection error so the average is 1 to float precision
  return normalise(shape((lo + hi) / 2));
}
