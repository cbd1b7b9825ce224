/** Damerau-free Levenshtein distance, small and allocation-light. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/**
 * The closest candidates to `input` ("did you mean"): by edit distance on the lower-cased id,
 * and also by the part after the provider prefix, so `gpt4o` finds `openai/gpt-4o`.
 */
export function suggest(input: string, candidates: Iterable<string>, max = 3): string[] {
  const needle = input.toLowerCase();
  const scored: { c: string; d: number }[] = [];
  for (const c of candidates) {
    const lc = c.toLowerCase();
    const tail = lc.includes('/') ? lc.slice(lc.indexOf('/') + 1) : lc;
    const needleTail = needle.includes('/') ? needle.slice(needle.indexOf('/') + 1) : needle;
    let d = Math.min(editDistance(needle, lc), editDistance(needleTail, tail));
    if (lc.includes(needleTail) || tail.startsWith(needleTail)) d = Math.min(d, 1);
    const limit = Math.max(2, Math.floor(Math.max(needleTail.length, 4) / 3));
    if (d <= limit) scored.push({ c, d });
  }
  scored.sort((x, y) => x.d - y.d || x.c.localeCompare(y.c));
  return [...new Set(scored.map((s) => s.c))].slice(0, max);
}

export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const s = suggest(input, candidates);
  if (!s.length) return undefined;
  return `did you mean ${s.map((x) => `"${x}"`).join(' or ')}?`;
}
