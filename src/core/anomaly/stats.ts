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

