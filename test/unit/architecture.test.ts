import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT } from '../helpers/cli.js';

/**
 * The layout the house style asks for, checked on the source itself: `core` is pure (no Node
 * built-in, nothing from io, render or cli), and no two modules import each other's values,
 * directly or round a longer circle (a type-only import is erased and does not count). The
 * command files used to import `addGlobalOptions` from the program that imports them.
 */
const SRC = join(ROOT, 'src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Value imports and re-exports of a module: [specifier, line]. `import type` and `export type` are left out. */
export function valueImports(src: string): { spec: string; line: number }[] {
  const out: { spec: string; line: number }[] = [];
  const re = /^[ \t]*(?:import|export)[ \t]+(type[ \t]+)?(?:[^'";]*?[ \t]from[ \t]+)?['"]([^'"]+)['"]/gm;
  for (const m of src.matchAll(re)) {
    if (m[1]) continue;
    out.push({ spec: m[2]!, line: src.slice(0, m.index).split('\n').length });
  }
  return out;
}

/** Strongly connected components of more than one module (Tarjan). */
export function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) found.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('architecture', () => {
  const files = tsFiles(SRC);
  const imports = new Map(files.map((f) => [f, valueImports(readFileSync(f, 'utf8'))]));

  it('reads the imports it checks (a parser that found nothing would pass everything)', () => {
    expect(files.length).toBeGreaterThan(100);
    const program = imports.get(join(SRC, 'cli', 'program.ts'))!.map((i) => i.spec);
    expect(program).toContain('./commands/analyze.js');
    expect(valueImports("import type { A } from './a.js';\nexport { b } from './b.js';\nimport './side.js';").map((i) => i.spec)).toEqual(['./b.js', './side.js']);
    expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c']]);
  });

  it('core imports no Node built-in and nothing from io, render or cli', () => {
    const bad: string[] = [];
    for (const f of files.filter((x) => x.startsWith(join(SRC, 'core') + '/'))) {
      for (const { spec, line } of imports.get(f)!) {
        const target = spec.startsWith('.') ? relative(SRC, resolve(dirname(f), spec)) : spec;
        if (spec.startsWith('node:') || /^(io|render|cli)\//.test(target)) bad.push(`${relative(ROOT, f)}:${line}: ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('no import circles between modules', () => {
    const graph = new Map<string, string[]>();
    for (const [f, list] of imports) {
      const deps = list.filter((i) => i.spec.startsWith('.')).map((i) => resolve(dirname(f), i.spec.replace(/\.js$/, '.ts')));
      graph.set(relative(SRC, f), deps.filter((d) => imports.has(d)).map((d) => relative(SRC, d)));
    }
    expect(cycles(graph)).toEqual([]);
  });
});
