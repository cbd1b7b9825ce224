/**
 * Glob patterns (`*`, `?`, `[abc]`, `[!a-z]`, `{a,b}`, `**`) matched in time linear in the name
 * times the pattern, never by a backtracking regular expression: `*a*a*a*a*a*a*a*a*b` against
 * forty `a`s took 9 s with the regular expression costopt built, and as long with picomatch
 * (measured; see docs/security.md). A malformed pattern (an unclosed `[` or `{`) is an
 * error the caller reports where the pattern is written.
 */

/** One character of a segment: a literal, `?`, or a class. `*` is a separate token. */
type CharToken = { kind: 'char'; c: string } | { kind: 'any' } | { kind: 'class'; neg: boolean; items: (string | [string, string])[] };
type Token = CharToken | { kind: 'star' };

/** A compiled path segment: one or more brace alternatives, each a token list. */
export interface SegmentMatcher {
  readonly source: string;
  readonly magic: boolean;
  test(name: string): boolean;
}

export type Compiled<T> = { ok: true; value: T } | { ok: false; message: string };

/** Brace alternatives are expanded; more than this many is refused ({a,b}{c,d}... doubles each time). */
export const MAX_BRACE_ALTERNATIVES = 256;

/** Longer patterns are refused (a path is at most 4096 bytes on Linux). */
export const MAX_PATTERN_LENGTH = 4096;

const MAGIC = /[*?[\]{}]/;
export const hasGlobMagic = (s: string): boolean => MAGIC.test(s);

/** Expand `{a,b}` (nested allowed) into alternatives; an unclosed or stray brace is an error. */
export function expandBraces(seg: string): Compiled<string[]> {
  // find the first top-level `{` that has a matching `}`
  const open = seg.indexOf('{');
  const close = seg.indexOf('}');
  if (open < 0) return close < 0 ? { ok: true, value: [seg] } : { ok: false, message: `"}" without "{" at character ${close + 1}` };
  if (close >= 0 && close < open) return { ok: false, message: `"}" without "{" at character ${close + 1}` };
  let depth = 0;
  let end = -1;
  const commas: number[] = [];
  for (let i = open; i < seg.length; i++) {
    const c = seg[i];
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) {
        end = i;
        break;
      }
    } else if (c === ',' && depth === 1) commas.push(i);
  }
  if (end < 0) return { ok: false, message: `unclosed "{" at character ${open + 1}` };
  const parts: string[] = [];
  let from = open + 1;
  for (const c of [...commas, end]) {
    parts.push(seg.slice(from, c));
    from = c + 1;
  }
  const before = seg.slice(0, open);
  const rest = expandBraces(seg.slice(end + 1));
  if (!rest.ok) return rest;
  const out: string[] = [];
  for (const p of parts) {
    const inner = expandBraces(p);
    if (!inner.ok) return inner;
    for (const a of inner.value) {
      for (const b of rest.value) {
        out.push(before + a + b);
        if (out.length > MAX_BRACE_ALTERNATIVES) return { ok: false, message: `braces expand to more than ${MAX_BRACE_ALTERNATIVES} alternatives` };
      }
    }
  }
  return { ok: true, value: out };
}

function tokenize(seg: string): Compiled<Token[]> {
  const out: Token[] = [];
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i] ?? '';
    if (c === '*') {
      if (out[out.length - 1]?.kind !== 'star') out.push({ kind: 'star' });
    } else if (c === '?') out.push({ kind: 'any' });
    else if (c === '[') {
      let j = i + 1;
      const neg = seg[j] === '!' || seg[j] === '^';
      if (neg) j++;
      const items: (string | [string, string])[] = [];
      // a `]` right after `[` or `[!` is a member, as in POSIX
      let first = true;
      for (; j < seg.length && (seg[j] !== ']' || first); j++) {
        first = false;
        const a = seg[j] ?? '';
        if (seg[j + 1] === '-' && j + 2 < seg.length && seg[j + 2] !== ']') {
          const b = seg[j + 2] ?? '';
          if (b < a) return { ok: false, message: `bad range "${a}-${b}" in a character class at character ${j + 1}` };
          items.push([a, b]);
          j += 2;
        } else items.push(a);
      }
      if (j >= seg.length) return { ok: false, message: `unclosed "[" at character ${i + 1}` };
      out.push({ kind: 'class', neg, items });
      i = j;
    } else if (c === ']') return { ok: false, message: `"]" without "[" at character ${i + 1}` };
    else out.push({ kind: 'char', c });
  }
  return { ok: true, value: out };
}

function matchChar(t: CharToken, ch: string): boolean {
  if (t.kind === 'char') return t.c === ch;
  if (t.kind === 'any') return ch !== '/';
  const hit = t.items.some((x) => (typeof x === 'string' ? x === ch : x[0] <= ch && ch <= x[1]));
  return t.neg ? !hit && ch !== '/' : hit;
}

/**
 * Wildcard matching with one remembered star: on a mismatch, go back to the last `*` and let it
 * take one more character. Earlier stars never need revisiting, so the cost is at most
 * name length x pattern length.
 */
function matchTokens(tokens: readonly Token[], name: string): boolean {
  let t = 0;
  let n = 0;
  let starT = -1;
  let starN = 0;
  while (n < name.length) {
    const tok = tokens[t];
    if (tok && tok.kind === 'star') {
      starT = t++;
      starN = n;
    } else if (tok && matchChar(tok, name[n] ?? '')) {
      t++;
      n++;
    } else if (starT >= 0) {
      t = starT + 1;
      n = ++starN;
    } else return false;
  }
  while (tokens[t]?.kind === 'star') t++;
  return t === tokens.length;
}

/** Compile one path segment (no `/`); a malformed class or brace is `{ ok: false }`. */
export function compileSegment(seg: string): Compiled<SegmentMatcher> {
  const alts = expandBraces(seg);
  if (!alts.ok) return alts;
  const lists: Token[][] = [];
  for (const a of alts.value) {
    const t = tokenize(a);
    if (!t.ok) return t;
    lists.push(t.value);
  }
  return { ok: true, value: { source: seg, magic: hasGlobMagic(seg), test: (name) => lists.some((l) => matchTokens(l, name)) } };
}

/** Compile every segment of a `/`-separated pattern (`**` kept as is); the first problem wins. */
export function compilePattern(pattern: string): Compiled<(SegmentMatcher | '**')[]> {
  if (pattern.length > MAX_PATTERN_LENGTH) return { ok: false, message: `pattern longer than ${MAX_PATTERN_LENGTH} characters` };
  const out: (SegmentMatcher | '**')[] = [];
  for (const seg of pattern.split('/')) {
    if (seg === '**') {
      if (out[out.length - 1] !== '**') out.push('**');
      continue;
    }
    const c = compileSegment(seg);
    if (!c.ok) return { ok: false, message: `${c.message} in "${seg}"` };
    out.push(c.value);
  }
  return { ok: true, value: out };
}

/**
 * Does a path (split into segments) match a compiled pattern? `**` matches zero or more
 * segments, none of them hidden (starting with "."); a wildcard segment does not match a hidden
 * name unless it starts with "." itself. Dynamic programming over (pattern, path) positions:
 * at most their product, whatever the number of `**`.
 */
export function matchSegments(pattern: readonly (SegmentMatcher | '**')[], parts: readonly string[]): boolean {
  // reach[i] = pattern prefix of length p can match the first i parts
  let reach = new Array<boolean>(parts.length + 1).fill(false);
  reach[0] = true;
  for (const p of pattern) {
    const next = new Array<boolean>(parts.length + 1).fill(false);
    if (p === '**') {
      for (let i = 0; i <= parts.length; i++) {
        if (reach[i]) next[i] = true;
        else if (i > 0 && next[i - 1] && !(parts[i - 1] ?? '').startsWith('.')) next[i] = true;
      }
    } else {
      for (let i = 1; i <= parts.length; i++) {
        if (!reach[i - 1]) continue;
        const name = parts[i - 1] ?? '';
        if (p.magic && name.startsWith('.') && !p.source.startsWith('.')) continue;
        next[i] = p.magic ? p.test(name) : p.source === name;
      }
    }
    reach = next;
  }
  return reach[parts.length] ?? false;
}
