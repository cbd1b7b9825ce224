/** Summary statistics of a sample of draws. */

/** Sorted copy (ascending). */
export function sorted(x: Float64Array): Float64Array {
  return Float64Array.from(x).sort();
}

/**
 * Quantile of a sorted sample by linear interpolation between order statistics (Hyndman and
 * Fan type 7, the default of R and NumPy): h = (n - 1) p.
 */
export function quantileSorted(s: Float64Array, p: number): number {
  const n = s.length;
  if (!n) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = s[lo] ?? NaN;
  const b = s[Math.min(n - 1, lo + 1)] ?? a;
  return a === b ? a : a + (h - lo) * (b - a);
}

/** Mean; a sample of one repeated value has that value as its mean exactly (no summation noise). */
export function meanOf(x: Float64Array): number {
  let s = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] ?? 0;
    s += v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo === hi ? lo : s / x.length;
}

/** Ranks 1..n (ties get the mean of their ranks). */
export function ranks(x: Float64Array): Float64Array {
  const n = x.length;
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((a, b) => (x[a] ?? 0) - (x[b] ?? 0));
  const r = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && x[idx[j + 1] ?? 0] === x[idx[i] ?? 0]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[idx[k] ?? 0] = avg;
    i = j + 1;
  }
  return r;
}

/** Pearson correlation; 0 when either side does not vary. */
export function pearson(x: Float64Array, y: Float64Array): number {
  const mx = meanOf(x);
  const my = meanOf(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = (x[i] ?? 0) - mx;
    const dy = (y[i] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/** Spearman rank correlation. */
export function spearman(x: Float64Array, y: Float64Array): number {
  return pearson(ranks(x), ranks(y));
}
