import { readFileSync } from 'node:fs';
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { InputError, type Diagnostic, type SourcePosition } from '../core/errors.js';

export interface YamlSource {
  file: string;
  text: string;
  data: unknown;
  /** Position of the value at `path` (or of its nearest existing ancestor). */
  locate(path: readonly PropertyKey[]): SourcePosition;
  /** Position of the key itself at `path` (for unknown-key errors); falls back to the value. */
  locateKey(path: readonly PropertyKey[]): SourcePosition;
}

export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = e instanceof Error && 'code' in e ? String(e.code) : '';
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code || String(e);
    throw new InputError({ severity: 'error', file, message: `cannot read file: ${why}` });
  }
}

export function loadYamlFile(file: string): YamlSource {
  return parseYaml(readText(file), file);
}

/** Parse YAML keeping positions; syntax errors become exit-2 diagnostics with line:col. */
export function parseYaml(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, uniqueKeys: true, prettyErrors: true, merge: false });
  const diags: Diagnostic[] = doc.errors.map((err) => {
    const pos = err.linePos?.[0];
    const first = (err.message.split('\n')[0] ?? err.message).replace(/ at line \d+, column \d+:?$/, '');
    return { severity: 'error', file, line: pos?.line, col: pos?.col, message: `invalid YAML: ${first.replace(/ at line \d+, column \d+.*$/, '')}` };
  });
  if (diags.length) throw new InputError(diags);
  const pos = (offset: number | undefined): SourcePosition => {
    if (offset === undefined) return { file };
    const lp = lineCounter.linePos(offset);
    return { file, line: lp.line, col: lp.col };
  };
  return {
    file,
    text,
    data: doc.toJS({ maxAliasCount: 100 }),
    locate: (path) => pos(findNode(doc, path, false)?.range?.[0]),
    locateKey: (path) => pos(findNode(doc, path, true)?.range?.[0]),
  };
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
