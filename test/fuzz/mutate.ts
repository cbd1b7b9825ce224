import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { FUZZ_KNOWN, nastyNumber, nastyString } from './harness.js';

/**
 * Structure-aware mutations of YAML documents (scenarios, configs, mappings): the document is
 * parsed, a few of its values are replaced, removed, added or wrapped, and it is written back;
 * then, now and then, the text itself is cut, doubled or has bytes put in. Every mutation is a
 * plain value from fast-check, so a failing case shrinks and replays from its seed.
 */
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Keys in the areas fixed on the issue-15a branch (prototype pollution): long runs only. */
const POLLUTING_KEYS = ['__proto__', 'prototype', 'constructor'];

export const nastyKey: fc.Arbitrary<string> = FUZZ_KNOWN ? fc.oneof(nastyString, fc.constantFrom(...POLLUTING_KEYS)) : nastyString.filter((k) => !POLLUTING_KEYS.includes(k));

export const nastyValue: fc.Arbitrary<Json> = fc.letrec<{ v: Json }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyString,
    nastyNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(nastyKey, tie('v'), { maxKeys: 3 }).map((d): Json => safeObject(Object.entries(d))),
  ),
})).v;

/** An object holding these entries as own data properties, whatever the keys (never a prototype change). */
function safeObject(entries: [string, Json][]): { [k: string]: Json } {
  const o: { [k: string]: Json } = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

export type TreeOp =
  | { op: 'set'; at: number; value: Json }
  | { op: 'delete'; at: number }
  | { op: 'add'; at: number; key: string; value: Json }
  | { op: 'wrap'; at: number }
  | { op: 'copy'; at: number; to: number }
  | { op: 'rename'; at: number; key: string };

export const treeOp: fc.Arbitrary<TreeOp> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: nastyValue }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('add' as const), at: fc.nat(), key: nastyKey, value: nastyValue }),
  fc.record({ op: fc.constant('wrap' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('copy' as const), at: fc.nat(), to: fc.nat() }),
  // a key renamed keeps its value: an entry, a field or a model id that reads well but for its name
  fc.record({ op: fc.constant('rename' as const), at: fc.nat(), key: fc.oneof(nastyKey, fc.tuple(fc.constantFrom('openai/gpt-4o', 'gpt-4o', 'name', 'model'), nastyString).map(([a, b]) => a + b)) }),
);

export type TextOp =
  | { op: 'insert'; at: number; text: string }
  | { op: 'cut'; at: number; length: number }
  | { op: 'truncate'; at: number }
  | { op: 'dupLine'; at: number };

export const textOp: fc.Arbitrary<TextOp> = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(nastyString, fc.constantFrom(':', '- ', '  ', '\n', '#', '{', '[', '"', "'", '*x', '&x ', '!!str ', '? ', '|', '>')) }),
  fc.record({ op: fc.constant('cut' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('dupLine' as const), at: fc.nat() }),
);

type Path = (string | number)[];

function paths(v: Json, base: Path = [], out: Path[] = []): Path[] {
  out.push(base);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...base, i], out));
  else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) paths(v[k] ?? null, [...base, k], out);
  return out;
}

function getAt(root: Json, p: Path): Json {
  let cur: Json = root;
  for (const k of p) {
    if (Array.isArray(cur) && typeof k === 'number') cur = cur[k] ?? null;
    else if (cur !== null && typeof cur === 'object' && !Array.isArray(cur) && typeof k === 'string') cur = Object.prototype.hasOwnProperty.call(cur, k) ? cur[k] ?? null : null;
    else return null;
  }
  return cur;
}

function setAt(root: Json, p: Path, value: Json | undefined): Json {
  if (p.length === 0) return value === undefined ? null : value;
  const parent = getAt(root, p.slice(0, -1));
  const k = p[p.length - 1]!;
  if (Array.isArray(parent) && typeof k === 'number') {
    if (value === undefined) parent.splice(k, 1);
    else parent[k] = value;
  } else if (parent !== null && typeof parent === 'object' && !Array.isArray(parent) && typeof k === 'string') {
    if (value === undefined) delete parent[k];
    else Object.defineProperty(parent, k, { value, enumerable: true, writable: true, configurable: true });
  }
  return root;
}

const clone = (v: Json): Json => (v === null || typeof v !== 'object' ? v : Array.isArray(v) ? v.map(clone) : safeObject(Object.entries(v).map(([k, x]) => [k, clone(x)])));

export function applyTreeOps(doc: Json, ops: readonly TreeOp[]): Json {
  let root = clone(doc);
  for (const o of ops) {
    const all = paths(root);
    const p = all[o.at % all.length]!;
    switch (o.op) {
      case 'set':
        root = setAt(root, p, clone(o.value));
        break;
      case 'delete':
        if (p.length) root = setAt(root, p, undefined);
        break;
      case 'add': {
        const target = getAt(root, p);
        if (target !== null && typeof target === 'object' && !Array.isArray(target)) Object.defineProperty(target, o.key, { value: clone(o.value), enumerable: true, writable: true, configurable: true });
        else if (Array.isArray(target)) target.push(clone(o.value));
        break;
      }
      case 'wrap':
        root = setAt(root, p, [clone(getAt(root, p))]);
        break;
      case 'copy': {
        const q = all[o.to % all.length]!;
        if (q.length) root = setAt(root, q, clone(getAt(root, p)));
        break;
      }
      case 'rename': {
        const k = p[p.length - 1];
        const parent = getAt(root, p.slice(0, -1));
        if (typeof k === 'string' && parent !== null && typeof parent === 'object' && !Array.isArray(parent)) {
          const value = getAt(root, p);
          root = setAt(root, p, undefined);
          Object.defineProperty(parent, o.key, { value, enumerable: true, writable: true, configurable: true });
        }
        break;
      }
    }
  }
  return root;
}

export function applyTextOps(text: string, ops: readonly TextOp[]): string {
  let t = text;
  for (const o of ops) {
    const at = t.length ? o.at % (t.length + 1) : 0;
    switch (o.op) {
      case 'insert':
        t = t.slice(0, at) + o.text + t.slice(at);
        break;
      case 'cut':
        t = t.slice(0, at) + t.slice(at + o.length);
        break;
      case 'truncate':
        t = t.slice(0, at);
        break;
      case 'dupLine': {
        const lines = t.split('\n');
        const i = o.at % lines.length;
        lines.splice(i, 0, lines[i]!);
        t = lines.join('\n');
        break;
      }
    }
  }
  return t;
}

/** A YAML document mutated: tree operations on the parsed value, then (sometimes) text operations. */
export const yamlMutation = fc.record({
  tree: fc.array(treeOp, { minLength: 0, maxLength: 4 }),
  text: fc.oneof({ weight: 3, arbitrary: fc.constant([] as TextOp[]) }, { weight: 1, arbitrary: fc.array(textOp, { minLength: 1, maxLength: 3 }) }),
});
export type YamlMutation = typeof yamlMutation extends fc.Arbitrary<infer T> ? T : never;

export function parseYaml(text: string): Json {
  return parse(text) as Json;
}

export function mutateYaml(doc: Json, m: YamlMutation): string {
  return applyTextOps(stringify(applyTreeOps(doc, m.tree)), m.text);
}
