import * as z from 'zod';
import { didYouMean } from './suggest.js';

/** A schema problem located by path; io adds file:line:col. */
export interface PathIssue {
  path: PropertyKey[];
  message: string;
  /** true when the problem is a key (unknown key): point at the key, not the value */
  atKey?: boolean;
  hint?: string;
}

/** Keys an object schema accepts at `path`, walking through optional/nullable/default/array/record/union. */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let cur: z.ZodType[] = [schema];
  for (const seg of path) {
    const next: z.ZodType[] = [];
    for (const s of cur.flatMap(unwrapAll)) {
      if (s instanceof z.ZodObject) {
        const child = (s.shape as Record<string, z.ZodType>)[String(seg)];
        if (child) next.push(child);
      } else if (s instanceof z.ZodArray && typeof seg === 'number') {
        next.push(s.element as z.ZodType);
      } else if (s instanceof z.ZodRecord) {
        next.push(s.valueType as z.ZodType);
      }
    }
    cur = next;
  }
  const keys = new Set<string>();
  for (const s of cur.flatMap(unwrapAll)) if (s instanceof z.ZodObject) for (const k of Object.keys(s.shape)) keys.add(k);
  return [...keys];
}

function unwrapAll(s: z.ZodType): z.ZodType[] {
  if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) return unwrapAll(s.unwrap() as z.ZodType);
  if (s instanceof z.ZodDefault) return unwrapAll(s.def.innerType as z.ZodType);
  if (s instanceof z.ZodPipe) return unwrapAll(s.def.in as z.ZodType);
  if (s instanceof z.ZodUnion) return (s.options as z.ZodType[]).flatMap(unwrapAll);
  if (s instanceof z.ZodIntersection) return [...unwrapAll(s.def.left as z.ZodType), ...unwrapAll(s.def.right as z.ZodType)];
  if (s instanceof z.ZodLazy) return unwrapAll(s.def.getter() as z.ZodType);
  return [s];
}

/** Turn zod issues into path issues with readable messages and "did you mean" for unknown keys. */
export function zodIssues(schema: z.ZodType, issues: readonly z.core.$ZodIssue[], data?: unknown): PathIssue[] {
  const out: PathIssue[] = [];
  for (const issue of issues) {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, path);
      for (const key of issue.keys) {
        const hint = didYouMean(key, known);
        out.push({
          path: [...path, key],
          atKey: true,
          message: `unknown key "${key}"${hint ? `; ${hint}` : ''}`,
          hint: hint ? undefined : known.length ? `expected one of: ${known.join(', ')}` : undefined,
        });
      }
      continue;
    }
    if (issue.code === 'invalid_union' && 'errors' in issue && Array.isArray(issue.errors) && issue.errors.length) {
      // report the branch that got furthest (the most specific problems), not "invalid input"
      const branches = issue.errors as z.core.$ZodIssue[][];
      const best = branches.reduce((a, b) => (depth(b) > depth(a) ? b : a));
      if (depth(best) > 0 && !issue.message.startsWith('expected')) {
        out.push(...zodIssues(schema, best.map((i) => ({ ...i, path: [...issue.path, ...i.path] })), data));
        continue;
      }
      // every branch failed on the value's type: say which types would do (and "required" when missing)
      const flat = branches.flat();
      if (flat.length && flat.every((i) => i.code === 'invalid_type' && i.path.length === 0)) {
        const expected = [...new Set(flat.map((i) => (i.code === 'invalid_type' ? String(i.expected) : '')))].join(' or ');
        const got = /received (\w+)/.exec(flat[0]?.message ?? '')?.[1];
        const value = valueAt(data, path);
        out.push({ path, message: got === 'undefined' ? `required: expected ${expected}` : `expected ${expected}${value !== undefined ? `, got ${shown(value)}` : got ? `, got ${got}` : ''}` });
        continue;
      }
    }
    if (issue.code === 'invalid_value' && issue.message.startsWith('Invalid option') && issue.values.every((v) => typeof v === 'string')) {
      // an enum: the values as a list, what was written, and the nearest value ("anomalies" -> "anomaly")
      const values = issue.values as string[];
      const got = valueAt(data, path);
      const hint = typeof got === 'string' ? didYouMean(got, values) : undefined;
      const gotText = got === undefined ? '' : `, got ${JSON.stringify(got)}`;
      out.push({ path, message: `expected one of ${values.map((v) => `"${v}"`).join(', ')}${gotText}${hint ? `; ${hint}` : ''}` });
      continue;
    }
    const value = valueAt(data, path);
    out.push({ path, message: withGot(readable(issue, value), value) });
  }
  return out;
}

/**
 * A field message says what was written as well as what was expected: a range or literal check
 * ("expected a number >= 0", "expected version: 1") gets ", got -5" from the value in the file.
 * Messages that already say it, and those about a whole map or list, are left alone.
 */
function withGot(message: string, value: unknown): string {
  if (!message.startsWith('expected') || /, got /.test(message) || value === undefined || (value !== null && typeof value === 'object')) return message;
  return `${message}, got ${shown(value)}`;
}

/** A written value as messages show it: scalars as written (strings quoted), containers by kind. */
function shown(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'nothing (an empty value)';
  if (typeof value === 'object') return 'a map';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const TYPE_NAMES: Record<string, string> = { object: 'a map (key: value)', array: 'a list', number: 'a number', string: 'a string', boolean: 'true or false' };

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

function depth(issues: z.core.$ZodIssue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length + (i.code === 'invalid_type' ? 0 : 0.5)));
}

function readable(issue: z.core.$ZodIssue, value: unknown): string {
  const m = issue.message;
  if (issue.code === 'invalid_type') {
    const got = /received (\w+)/.exec(m)?.[1];
    if (got === 'undefined') return `required: expected ${issue.expected}`;
    // zod's "expected object, received string" in the words of the other messages, with the value written
    if (value !== undefined && /^(Invalid input: )?expected \w+, received \w+$/.test(m)) return `expected ${TYPE_NAMES[String(issue.expected)] ?? String(issue.expected)}, got ${shown(value)}`;
    return m.replace(/^Invalid input: /, '');
  }
  return m.replace(/^Invalid input: /, '');
}
