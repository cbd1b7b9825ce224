import type { Rng } from './rng.js';
import { normalQuantile } from './special.js';

const EPS = 1e-10;

/**
 * Lower Cholesky factor L (row-major, L L' = A) of a symmetric matrix, tolerating a positive
 * semi-definite one (a zero pivot gives a zero column). Undefined when A is not PSD.
 */
export function cholesky(a: Float64Array, n: number): Float64Array | undefined {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j] ?? 0;
    for (let k = 0; k < j; k++) d -= (l[j * n + k] ?? 0) ** 2;
    if (d < -EPS) return undefined;
    const ljj = d > EPS ? Math.sqrt(d) : 0;
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j] ?? 0;
      for (let k = 0; k < j; k++) s -= (l[i * n + k] ?? 0) * (l[j * n + k] ?? 0);
      if (ljj === 0) {
        if (Math.abs(s) > 1e-8) return undefined;
        l[i * n + j] = 0;
      } else l[i * n + j] = s / ljj;
    }
  }
  return l;
}

export function choleskyPsd(a: Float64Array, n: number): boolean {
  return cholesky(a, n) !== undefined;
}

/**
 * Iman-Conover (1982): reorder each column of `columns` (draws of independent inputs) so that
 * their rank correlations approach `target`, leaving every column's values (so its
 * distribution) unchanged. Scores are van der Waerden normal scores Phi^-1(i / (N + 1)), each
 * column a random permutation of them; the score matrix M gets the correlation of its own
 * sample E removed (Cholesky F of E) and the target's put in (Cholesky P of target):
 * T = M (P F^-1)'. Each input then takes its sorted draws in the rank order of its column of T.
 */
export function imanConover(columns: Float64Array[], target: Float64Array, rng: Rng): void {
  const k = columns.length;
  const n = columns[0]?.length ?? 0;
  if (k < 2 || n < 3) return;
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) scores[i] = normalQuantile((i + 1) / (n + 1));
  const m: Float64Array[] = [];
  for (let c = 0; c < k; c++) {
    const col = Float64Array.from(scores);
    for (let i = n - 1; i > 0; i--) {
      const j = rng.below(i + 1);
      const t = col[i] ?? 0;
      col[i] = col[j] ?? 0;
      col[j] = t;
    }
    m.push(col);
  }
  const e = new Float64Array(k * k);
  for (let a = 0; a < k; a++)
    for (let b = a; b < k; b++) {
      const ca = m[a] ?? scores;
      const cb = m[b] ?? scores;
      let s = 0;
      let sa = 0;
      let sb = 0;
      for (let i = 0; i < n; i++) {
        s += (ca[i] ?? 0) * (cb[i] ?? 0);
        sa += (ca[i] ?? 0) ** 2;
        sb += (cb[i] ?? 0) ** 2;
      }
      const r = s / Math.sqrt(sa * sb);
      e[a * k + b] = r;
      e[b * k + a] = r;
    }
  const f = cholesky(e, k);
  const p = cholesky(target, k);
  if (!f || !p) return;
  // S = P F^-1 (F lower triangular: solve row by row)
  const finv = new Float64Array(k * k);
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < k; i++) {
      let s = i === c ? 1 : 0;
      for (let j = 0; j < i; j++) s -= (f[i * k + j] ?? 0) * (finv[j * k + c] ?? 0);
      finv[i * k + c] = s / (f[i * k + i] ?? 1);
    }
  }
  const sm = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let q = 0; q < k; q++) s += (p[i * k + q] ?? 0) * (finv[q * k + j] ?? 0);
      sm[i * k + j] = s;
    }
  const order = new Int32Array(n);
  const t = new Float64Array(n);
  for (let c = 0; c < k; c++) {
    // column c of T = M S'
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let q = 0; q < k; q++) s += (m[q]?.[i] ?? 0) * (sm[c * k + q] ?? 0);
      t[i] = s;
    }
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((x, y) => (t[x] ?? 0) - (t[y] ?? 0) || x - y);
    const col = columns[c];
    if (!col) continue;
    const sorted = Float64Array.from(col).sort();
    for (let r = 0; r < n; r++) col[order[r] ?? 0] = sorted[r] ?? 0;
  }
}
