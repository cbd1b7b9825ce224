/**
 * Human numbers as scenarios write them: 1000000, 1_000_000, 1e6, "1M", "500k", "2.5B";
 * shares as 0.3 or "30%". Pure parsers returning undefined on failure (callers report where).
 */
const SUFFIX: Record<string, number> = { k: 1e3, K: 1e3, m: 1e6, M: 1e6, b: 1e9, B: 1e9, t: 1e12, T: 1e12 };

export function parseQuantity(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  // commas only as thousands separators (1,200 or 1,000,000); "1,5" is not guessed to be 1.5 or 15
  if (s.includes(',') && !/^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?(?:\s*[kKmMbBtT])?$/.test(s)) return undefined;
  const t = s.replace(/_/g, '').replace(/,/g, '');
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*([kKmMbBtT])?$/i.exec(t);
  if (!m) return undefined;
  const n = Number(m[1]) * (m[2] ? (SUFFIX[m[2]] ?? 1) : 1);
  return Number.isFinite(n) ? n : undefined;
}

/** A share: 0.3, "30%", "0.3". Returns a fraction (0.3). Range is the caller's to check. */
export function parseShare(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))\s*%$/.exec(t);
  if (m) return Number(m[1]) / 100;
  const n = parseQuantity(t);
  return n;
}

export function isPercentText(v: unknown): boolean {
  return typeof v === 'string' && v.trim().endsWith('%');
}
