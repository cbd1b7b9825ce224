/** Small robust-statistics helpers for the anomaly detector (pure, no allocation tricks). */

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median absolute deviation around the median, scaled to a standard deviation for normal data. */
export function robustScale(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = median(values);
  return 1.4826 * median(values.map((v) => Math.abs(v - m)));
}

export function stdev(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
}

/** Mean absolute deviation around the median (times 1.2533 estimates a normal sigma). */
export function meanAbsDev(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = median(values);
  return values.reduce((a, v) => a + Math.abs(v - m), 0) / values.length;
}

/** The standard normal quantile for a probability p in (0, 1) (Abramowitz and Stegun 26.2.23, error under 5e-4). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const q = p < 0.5 ? p : 1 - p;
  const t = Math.sqrt(-2 * Math.log(q));
  const x = t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
  return p < 0.5 ? -x : x;
}
