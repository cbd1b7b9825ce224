import { Composer, LineCounter, Parser, YAMLParseError, isAlias, isCollection, isMap, isPair, isScalar, isSeq, type CST, type Document, type Node } from 'yaml';
import { InputError, type Diagnostic, type SourcePosition } from '../core/errors.js';
import { INPUT_LIMITS, readInputText, type InputKind } from './read-file.js';

export interface YamlSource {
  file: string;
  text: string;
  data: unknown;
  /** Position of the value at `path` (or of its nearest existing ancestor). */
  locate(path: readonly PropertyKey[]): SourcePosition;
  /** Position of the key itself at `path` (for unknown-key errors); falls back to the value. */
  locateKey(path: readonly PropertyKey[]): SourcePosition;
}

/** A user's file as text: a regular file within the size limit of its kind (see read-file.ts). */
export function readText(file: string, kind: InputKind = 'document'): string {
  return readInputText(file, kind);
}

export function loadYamlFile(file: string, kind: InputKind = 'document'): YamlSource {
  return parseYaml(readText(file, kind), file);
}

/** Beyond this many unclosed `[` / `{`, the text is refused before the YAML parser sees it. */
const BRACKET_BAIL = 1000;
/** Nodes after expanding aliases, when the document has aliases of collections. */
const EXPANDED_NODES = 1_000_000;

/**
 * Parse YAML (or JSON, which is YAML) keeping positions. Syntax errors, nesting deeper than
 * INPUT_LIMITS.depth, alias bombs, `__proto__` keys and numbers that are not finite are exit-2
 * diagnostics with line:col. Nothing here recurses deeper than the depth limit.
 */
export function parseYaml(text: string, file: string): YamlSource {
  const src = text.replace(/^\uFEFF/, '');
  const lineCounter = new LineCounter();
  const at = (offset: number): SourcePosition => {
    const lp = lineCounter.linePos(offset);
    return { file, line: lp.line, col: lp.col };
  };
  const fail = (offset: number, message: string): never => {
    throw new InputError({ severity: 'error', ...positionIn(src, offset, file), message });
  };
  const deep = bracketBail(src);
  if (deep !== undefined) fail(deep, `nesting deeper than ${INPUT_LIMITS.depth} levels (more than ${BRACKET_BAIL} unclosed [ or {)`);

  const tokens = [...new Parser(lineCounter.addNewLine).parse(src)];
  const tooDeep = cstTooDeep(tokens);
  if (tooDeep !== undefined) fail(tooDeep, `nesting deeper than ${INPUT_LIMITS.depth} levels of maps and lists`);

  // duplicate keys are found in contentProblems with a Set: the library's check compares each key
  // with every earlier one (20,000 keys took 7 s)
  // logLevel error: the library's own warnings (a collection used as a key) would reach stderr raw, past the sanitiser
  const composer = new Composer({ uniqueKeys: false, merge: false, logLevel: 'error' });
  let doc: Document.Parsed | undefined;
  for (const d of composer.compose(tokens, true, src.length)) {
    if (!doc) doc = d;
    else {
      doc.errors.push(new YAMLParseError([d.range[0], d.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents'));
      break;
    }
  }
  if (!doc) throw new InputError({ severity: 'error', file, line: 1, col: 1, message: 'invalid YAML: no document' });
  const diags: Diagnostic[] = doc.errors.map((err) => {
    const first = (err.message.split('\n')[0] ?? err.message).replace(/ at line \d+, column \d+.*$/, '');
    return { severity: 'error', ...at(err.pos[0]), message: `invalid YAML: ${first}` };
  });
  if (diags.length) throw new InputError(diags);
  diags.push(...contentProblems(doc, at));
  if (diags.length) throw new InputError(diags);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: INPUT_LIMITS.aliases });
  } catch (e) {
    // the yaml library's alias limit (a "billion laughs" document): a ReferenceError from toJS
    const alias = firstAlias(doc);
    throw new InputError({ severity: 'error', ...(alias ? at(alias) : { file, line: 1, col: 1 }), message: `YAML aliases expand to too much data (${e instanceof Error ? e.message : String(e)}; the limit is ${INPUT_LIMITS.aliases} alias expansions)` });
  }
  const pos = (offset: number | undefined): SourcePosition => (offset === undefined ? { file } : at(offset));
  const parsed = doc;
  return {
    file,
    text,
    data,
    locate: (path) => pos(findNode(parsed, path, false)?.range?.[0]),
    locateKey: (path) => pos(findNode(parsed, path, true)?.range?.[0]),
  };
}

/** line:col of an offset, counted directly (used before the parser has run). */
function positionIn(text: string, offset: number, file: string): SourcePosition {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { file, line, col: offset - start + 1 };
}

/** Offset of the bracket that opens more than BRACKET_BAIL unclosed [ or {: a cheap linear pre-check. */
function bracketBail(text: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > BRACKET_BAIL) return i;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return undefined;
}

/** Offset of the first collection nested deeper than the limit, walking the CST with a stack. */
function cstTooDeep(tokens: readonly CST.Token[]): number | undefined {
  const stack: [CST.Token, number][] = [];
  for (const t of tokens) if (t.type === 'document' && t.value) stack.push([t.value, 0]);
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [t, depth] = top;
    if (t.type !== 'block-map' && t.type !== 'block-seq' && t.type !== 'flow-collection') continue;
    if (depth + 1 > INPUT_LIMITS.depth) return t.offset;
    for (const item of t.items) {
      if ('key' in item && item.key) stack.push([item.key, depth + 1]);
      if ('value' in item && item.value) stack.push([item.value, depth + 1]);
    }
  }
  return undefined;
}

/**
 * Duplicate keys, `__proto__` keys, numbers that overflowed (1e400, .inf, .nan), and aliases that would expand
 * to more than EXPANDED_NODES nodes. Recursion is bounded by the depth limit checked before.
 */
function contentProblems(doc: Document.Parsed, at: (offset: number) => SourcePosition): Diagnostic[] {
  const out: Diagnostic[] = [];
  const anchors = new Map<string, number>();
  let aliasesOfCollections = false;
  const size = (node: unknown): number => {
    if (isAlias(node)) {
      const n = anchors.get(node.source) ?? 1;
      if (n > 1) aliasesOfCollections = true;
      return n;
    }
    let n = 1;
    if (isScalar(node)) {
      if (typeof node.value === 'number' && !Number.isFinite(node.value) && node.range) {
        out.push({ severity: 'error', ...at(node.range[0]), message: `number out of range: ${node.source !== undefined ? String(node.source) : String(node.value)} is not a finite number` });
      }
    } else if (isMap(node)) {
      const keys = new Set<unknown>();
      for (const pair of node.items) {
        if (isScalar(pair.key) && pair.key.range) {
          if (keys.has(pair.key.value)) out.push({ severity: 'error', ...at(pair.key.range[0]), message: 'invalid YAML: Map keys must be unique' });
          keys.add(pair.key.value);
        }
        if (isScalar(pair.key) && pair.key.value === '__proto__' && pair.key.range) {
          out.push({ severity: 'error', ...at(pair.key.range[0]), message: 'the key "__proto__" is not allowed (it would reach the prototype of every object)' });
        }
        n += size(pair.key) + size(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) n += size(item);
    }
    const anchor = isScalar(node) || isCollection(node) ? node.anchor : undefined;
    if (anchor) anchors.set(anchor, n);
    return Math.min(n, Number.MAX_SAFE_INTEGER);
  };
  const total = size(doc.contents);
  if (aliasesOfCollections && total > EXPANDED_NODES) {
    const alias = firstAlias(doc);
    out.push({ severity: 'error', ...(alias !== undefined ? at(alias) : at(0)), message: `YAML aliases expand to ${total > 1e15 ? 'more than 10^15' : total} nodes (the limit is ${EXPANDED_NODES.toLocaleString('en-US')})` });
  }
  return out;
}

function firstAlias(doc: Document.Parsed): number | undefined {
  const stack: unknown[] = [doc.contents];
  let best: number | undefined;
  for (let n = stack.pop(); n !== undefined || stack.length; n = stack.pop()) {
    if (isAlias(n) && n.range && (best === undefined || n.range[0] < best)) best = n.range[0];
    else if (isMap(n)) for (const p of n.items) stack.push(p.key, p.value);
    else if (isSeq(n)) for (const item of n.items) stack.push(item);
  }
  return best;
}

function findNode(doc: Document, path: readonly PropertyKey[], wantKey: boolean): Node | undefined {
  let node: unknown = doc.contents;
  let last: Node | undefined = isNode(node) ? node : undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const isLast = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return last;
      if (isLast && wantKey && isNode(pair.key)) return pair.key;
      node = pair.value;
      if (!isNode(node)) return isNode(pair.key) ? pair.key : last;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      if (!isNode(node)) return last;
    } else {
      return last;
    }
    last = node as Node;
  }
  return last;
}

function isNode(x: unknown): x is Node {
  return typeof x === 'object' && x !== null && 'range' in x;
}
