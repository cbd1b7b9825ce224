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
 * The closest candidates to `input` ("did you mean"). Ranked by edit distance on the whole
 * lower-cased id; ids of the same provider as the input rank first; the part after the
 * provider prefix also counts, so `gpt4o` finds `openai/gpt-4o`. `canonical` maps an alias to
 * the id it stands for, so one entry is suggested once, by its id.
 */
export function suggest(input: string, candidates: Iterable<string>, max = 3, canonical?: (c: string) => string): string[] {
  const needle = input.toLowerCase();
  const slash = needle.indexOf('/');
  const needleProvider = slash >= 0 ? needle.slice(0, slash) : '';
  const needleTail = slash >= 0 ? needle.slice(slash + 1) : needle;
  const best = new Map<string, number>();
  for (const c of candidates) {
    const lc = c.toLowerCase();
    const cs = lc.indexOf('/');
    const provider = cs >= 0 ? lc.slice(0, cs) : '';
    const tail = cs >= 0 ? lc.slice(cs + 1) : lc;
    let d = Math.min(editDistance(needle, lc), editDistance(needleTail, tail) + (needleProvider && provider !== needleProvider ? 1 : 0));
    if (needleTail.length >= 3 && tail.startsWith(needleTail)) d = Math.min(d, 1);
    const limit = Math.max(2, Math.floor(Math.max(needleTail.length, 4) / 3));
    if (d > limit) continue;
    const id = canonical ? canonical(c) : c;
    const rank = d + (needleProvider && !id.toLowerCase().startsWith(needleProvider + '/') ? 0.5 : 0);
    if (!best.has(id) || rank < (best.get(id) ?? Infinity)) best.set(id, rank);
  }
  return [...best].sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).slice(0, max).map(([c]) => c);
}

export function didYouMean(input: string, candidates: Iterable<string>, canonical?: (c: string) => string): string | undefined {
  const s = suggest(input, candidates, 3, canonical);
  if (!s.length) return undefined;
  return `did you mean ${s.map((x) => `"${x}"`).join(' or ')}?`;
}
