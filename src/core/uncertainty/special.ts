/**
 * Special functions for the inverse CDFs, written out so no dependency is needed:
 * - the standard normal quantile by Wichura's algorithm AS 241 (PPND16, relative error ~1e-16);
 * - the standard normal CDF through the erfc approximation of Numerical Recipes (erfcc,
 *   fractional error < 1.2e-7): it serves tests and reports, never a draw;
 * - the regularised incomplete beta I_x(a, b) by Lentz's continued fraction (Numerical Recipes
 *   §6.4) and its inverse by bracketed Newton steps (bisection whenever Newton leaves the bracket).
 */

/** Standard normal quantile, Wichura AS 241 (PPND16). p in (0, 1). */
export function normalQuantile(p: number): number {
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301227 + 33430.57558358813) * r + 67265.7709270087) * r + 45921.95393154987) * r + 13731.69376550946) * r + 1971.5909503065513) * r + 133.14166789178438) * r +
          3.3871328727963665)) /
      (((((((r * 5226.495278852546 + 28729.085735721943) * r + 39307.89580009271) * r + 21213.794301586597) * r + 5394.196021424751) * r + 687.1870074920579) * r + 42.31333070160091) * r + 1)
    );
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let val: number;
  if (r <= 5) {
    r -= 1.6;
    val =
      (((((((r * 0.0007745450142783414 + 0.022723844989269184) * r + 0.2417807251774506) * r + 1.2704582524523684) * r + 3.6478483247632045) * r + 5.769497221460691) * r + 4.630337846156546) * r +
        1.4234371107496835) /
      (((((((r * 1.0507500716444169e-9 + 0.0005475938084995345) * r + 0.015198666563616457) * r + 0.14810397642748008) * r + 0.6897673349851) * r + 1.6763848301838038) * r + 2.053191626637759) * r + 1);
  } else {
    r -= 5;
    val =
      (((((((r * 2.0103343992922881e-7 + 0.000027115555687434876) * r + 0.0012426609473880784) * r + 0.026532189526576124) * r + 0.29656057182850487) * r + 1.7848265399172913) * r + 5.463784911164114) * r +
        6.657904643501103) /
      (((((((r * 2.0442631033899397e-15 + 1.421511758316446e-7) * r + 0.000018463183175100548) * r + 0.0007868691311456133) * r + 0.014875361290850615) * r + 0.1369298809227358) * r + 0.599832206555888) * r + 1);
  }
  return q < 0 ? -val : val;
}

/** Standard normal CDF (fractional error < 1.2e-7). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** ln Gamma(x), Lanczos (g = 7, n = 9), x > 0. */
export function logGamma(x: number): number {
  const c = [0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406, 12.507343278686905, -0.13857109526572012, 0.000009984369578019572, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const xx = x - 1;
  let a = c[0] ?? 0;
  const t = xx + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] ?? 0) / (xx + i);
  return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(a);
}

function betacf(a: number, b: number, x: number): number {
  const FPMIN = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b). */
export function betaCdf(x: number, a: number, b: number, lnBeta = logGamma(a) + logGamma(b) - logGamma(a + b)): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - lnBeta);
  if (x < (a + 1) / (a + b + 2)) return (front * betacf(a, b, x)) / a;
  return 1 - (front * betacf(b, a, 1 - x)) / b;
}

/** Inverse of I_x(a, b): Newton on the CDF inside a shrinking bracket, bisection as the fallback. */
export function betaQuantile(p: number, a: number, b: number, guess?: number, lnBeta = logGamma(a) + logGamma(b) - logGamma(a + b)): number {
  let lo = 0;
  let hi = 1;
  // start from the guess (an interpolated table value) or the mean; Newton converges in a few steps
  let x = guess !== undefined && guess > 0 && guess < 1 ? guess : a / (a + b);
  for (let i = 0; i < 100; i++) {
    const f = betaCdf(x, a, b, lnBeta) - p;
    if (f === 0) return x;
    if (f < 0) lo = x;
    else hi = x;
    const pdf = Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lnBeta);
    let next = x - f / pdf;
    if (!(next > lo && next < hi) || !Number.isFinite(next)) next = (lo + hi) / 2;
    if (Math.abs(next - x) <= 1e-15 * Math.max(x, 1e-300) || hi - lo < 1e-16) return next;
    x = next;
  }
  return x;
}

/**
 * betaQuantile for many probabilities: the quantile function is tabulated on 257 points once,
 * and each draw starts Newton from the interpolated table value (one or two steps instead of
 * six to ten from the mean). Same result to the solver's tolerance.
 */
export function betaQuantiles(ps: Float64Array, a: number, b: number): Float64Array {
  const lnBeta = logGamma(a) + logGamma(b) - logGamma(a + b);
  const K = 256;
  const table = new Float64Array(K + 1);
  for (let k = 0; k <= K; k++) table[k] = k === 0 ? 0 : k === K ? 1 : betaQuantile(k / K, a, b, undefined, lnBeta);
  const out = new Float64Array(ps.length);
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i] ?? 0.5;
    const h = p * K;
    const k = Math.min(K - 1, Math.floor(h));
    const lo = table[k] ?? 0;
    const guess = lo + (h - k) * ((table[k + 1] ?? 1) - lo);
    out[i] = betaQuantile(p, a, b, guess, lnBeta);
  }
  return out;
}
