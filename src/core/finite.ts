import { formatPath } from './errors.js';

/**
 * Where a result holds a number that is not finite (an overflow to Infinity, or the NaN of
 * Infinity - Infinity): at most `max` paths, found with an explicit stack (results can be large).
 * A result with one must not be printed: it would read as "$Infinity", or as `null` in JSON.
 */
export function nonFinitePaths(value: unknown, max = 3): string[] {
  const out: string[] = [];
  const stack: [unknown, PropertyKey[]][] = [[value, []]];
  while (stack.length && out.length < max) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) out.push(formatPath(path) || '(the result)');
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], [...path, i]]);
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) stack.push([entries[i]![1], [...path, entries[i]![0]]]);
    }
  }
  return out;
}
