import { isForbiddenKey } from '../safe-keys.js';

/** One `--set path=value` override, parsed. */
export interface SetOverride {
  /** the text as given on the command line */
  raw: string;
  path: PropertyKey[];
  value: unknown;
}

/**
 * `a.b[2].c` or `a.b.2.c` to a path. Returns undefined for an empty or malformed path.
 * Numeric segments become numbers (array indexes).
 */
export function parseSetPath(text: string): PropertyKey[] | undefined {
  if (!/^[A-Za-z_][\w-]*(?:\.[\w-]+|\[\d+\])*$/.test(text)) return undefined;
  const out: PropertyKey[] = [];
  for (const m of text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(/^\d+$/.test(m[1]!) ? Number(m[1]) : m[1]!);
  }
  return out;
}

/**
 * Apply overrides to a copy of the raw scenario data, creating missing maps on the way.
 * A path through a scalar, or an index past the end of a list, is an issue.
 */
export function applySets(data: unknown, sets: readonly SetOverride[]): { data: unknown; issues: { set: SetOverride; message: string }[] } {
  const root: Record<PropertyKey, unknown> = data && typeof data === 'object' && !Array.isArray(data) ? (structuredClone(data) as Record<PropertyKey, unknown>) : {};
  const issues: { set: SetOverride; message: string }[] = [];
  for (const s of sets) {
    // parseSetFlags refuses these; a caller of the library may not have used it
    if (s.path.some(isForbiddenKey)) {
      issues.push({ set: s, message: forbiddenSegmentMessage(s.path) });
      continue;
    }
    let cur: unknown = root;
    let ok = true;
    for (let i = 0; i < s.path.length - 1; i++) {
      const seg = s.path[i]!;
      const here = cur as Record<PropertyKey, unknown>;
      let next = here[seg as string];
      if (next === undefined || next === null) {
        if (Array.isArray(here) && typeof seg === 'number' && seg > here.length) {
          issues.push({ set: s, message: `index ${seg} is past the end of the list (${here.length} items)` });
          ok = false;
          break;
        }
        next = typeof s.path[i + 1] === 'number' ? [] : Object.create(null);
        here[seg as string] = next;
      } else if (typeof next !== 'object') {
        issues.push({ set: s, message: `${formatSetPath(s.path.slice(0, i + 1))} is ${JSON.stringify(next)}, not a map or list` });
        ok = false;
        break;
      }
      cur = next;
    }
    if (!ok) continue;
    const last = s.path[s.path.length - 1]!;
    if (Array.isArray(cur) && typeof last === 'number' && last > cur.length) {
      issues.push({ set: s, message: `index ${last} is past the end of the list (${cur.length} items)` });
      continue;
    }
    (cur as Record<PropertyKey, unknown>)[last as string] = s.value;
  }
  return { data: root, issues };
}

/** The message for a path with a `__proto__`, `prototype` or `constructor` segment. */
export function forbiddenSegmentMessage(path: readonly PropertyKey[]): string {
  const seg = path.find(isForbiddenKey);
  return `the path segment "${String(seg)}" is not allowed (it would reach the prototype of every object); no scenario field has that name`;
}

export function formatSetPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${String(p)}` : String(p))).join('');
}

/** Is `path` at or under one of the overridden paths? (its problems are the flag's, not the file's) */
export function setFor(path: readonly PropertyKey[], sets: readonly SetOverride[]): SetOverride | undefined {
  let best: SetOverride | undefined;
  for (const s of sets) {
    if (s.path.length <= path.length && s.path.every((seg, i) => String(seg) === String(path[i]))) {
      if (!best || s.path.length > best.path.length) best = s;
    }
  }
  return best;
}

