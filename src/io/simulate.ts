import { InputError, formatPath, type Diagnostic } from '../core/errors.js';
import type { Catalog } from '../core/catalog/catalog.js';
import { ownValue } from '../core/safe-keys.js';
import { parseQuantity, parseShare } from '../core/units.js';
import { simulateScenario, type Derive, type Simulation, type SimulateOptions } from '../core/uncertainty/simulate.js';
import type { Lanes } from '../core/uncertainty/vector-estimate.js';
import { findExpressions, isExpression } from './expressions.js';
import type { LoadedScenario } from './scenario.js';

interface Compiled {
  evaluate(scope: Map<string, number>): unknown;
}
interface MathParse {
  parse(text: string): { compile(): Compiled; traverse(cb: (n: { type: string; name?: string }) => void): void };
}

/**
 * "=expressions" that read a var given as a distribution vary with it: their values per lane,
 * by the path of the value they set. The expressions passed the sandbox check when the scenario
 * loaded (io/expressions.ts); each is compiled once here and evaluated per lane (the arithmetic
 * of an expression, not the calculator). Undefined when no expression reads a varying var.
 */
/** "=expressions" evaluated per draw are bounded: draws x expressions that vary. */
export const MAX_EXPRESSION_EVALUATIONS = 5_000_000;

export async function expressionDerive(loaded: LoadedScenario, alsoVarying: readonly string[] = []): Promise<Derive | undefined> {
  const varying = new Set([...loaded.uncertainty.inputs.filter((i) => i.path[0] === 'vars' && i.path.length === 2).map((i) => String(i.path[1])), ...alsoVarying]);
  if (!varying.size || !loaded.usedExpressions) return undefined;
  const data = loaded.dataBeforeExpressions as Record<string, unknown>;
  const rawVars = data.vars && typeof data.vars === 'object' && !Array.isArray(data.vars) ? (data.vars as Record<string, unknown>) : {};
  const mathjs = (await import('mathjs')) as unknown as MathParse;
  const compiled = new Map<string, { fn: Compiled; symbols: string[] }>();
  const compile = (text: string) => {
    let c = compiled.get(text);
    if (!c) {
      const node = mathjs.parse(text.trimStart().slice(1));
      const symbols: string[] = [];
      node.traverse((n) => {
        if (n.type === 'SymbolNode' && n.name !== undefined && Object.hasOwn(rawVars, n.name)) symbols.push(n.name);
      });
      c = { fn: node.compile(), symbols: [...new Set(symbols)] };
      compiled.set(text, c);
    }
    return c;
  };
  // which vars vary, directly or through other vars
  const dependsMemo = new Map<string, boolean>();
  const varDepends = (name: string, seen: Set<string> = new Set()): boolean => {
    const m = dependsMemo.get(name);
    if (m !== undefined) return m;
    if (varying.has(name)) return true;
    const raw = ownValue(rawVars, name);
    if (!isExpression(raw) || seen.has(name)) return false;
    seen.add(name);
    const d = compile(raw).symbols.some((s) => varDepends(s, seen));
    dependsMemo.set(name, d);
    return d;
  };
  const sites = findExpressions(data).filter((s) => !(s.path[0] === 'vars') && compile(s.text).symbols.some((v) => varDepends(v)));
  if (!sites.length) return undefined;
  return (inputs: ReadonlyMap<string, Lanes>, n: number) => {
    // every var expression may run once per site and draw, too
    const work = n * (sites.length + Object.keys(rawVars).length);
    if (work > MAX_EXPRESSION_EVALUATIONS) {
      throw new InputError({ severity: 'error', ...loaded.topPosition, message: `${n.toLocaleString('en-US')} draws of ${sites.length} "=expressions" over vars given as distributions is too much work (over ${MAX_EXPRESSION_EVALUATIONS.toLocaleString('en-US')} evaluations): use fewer draws` });
    }
    const out = new Map<string, Lanes>();
    const lanes = sites.map((s) => {
      const a = new Float64Array(n);
      out.set(formatPath(s.path), a);
      return a;
    });
    for (let j = 0; j < n; j++) {
      const values = new Map<string, number>();
      const value = (name: string): number => {
        const known = values.get(name);
        if (known !== undefined) return known;
        const drawn = inputs.get(`vars.${name}`);
        let v: number;
        if (drawn) v = drawn[j] ?? NaN;
        else {
          const raw = ownValue(rawVars, name);
          if (isExpression(raw)) v = run(raw);
          else if (typeof raw === 'number') v = raw;
          else if (typeof raw === 'string') v = (raw.trim().endsWith('%') ? parseShare(raw) : parseQuantity(raw)) ?? NaN;
          else v = NaN;
        }
        values.set(name, v);
        return v;
      };
      const run = (text: string): number => {
        const c = compile(text);
        const scope = new Map<string, number>();
        for (const s of c.symbols) scope.set(s, value(s));
        const r = c.fn.evaluate(scope);
        return typeof r === 'number' ? r : NaN;
      };
      sites.forEach((s, k) => {
        const lane = lanes[k];
        if (lane) lane[j] = run(s.text);
      });
    }
    return out;
  };
}

/** Simulate a loaded, point-priced scenario; problems only some draws meet are exit 2 at their place. */
export async function simulateLoaded(loaded: LoadedScenario, catalog: Catalog, options: SimulateOptions): Promise<Simulation> {
  const derive = await expressionDerive(loaded);
  const r = simulateScenario({ scenario: loaded.scenario, catalog, uncertainty: loaded.uncertainty, derive, options });
  if (r.issues.length || !r.simulation) {
    const diags: Diagnostic[] = r.issues.map((i) => ({ severity: 'error', ...(i.path.length ? loaded.locate(i.path) : loaded.topPosition), path: formatPath(i.path) || undefined, message: i.message }));
    throw new InputError(diags.length ? diags : [{ severity: 'error', ...loaded.topPosition, message: 'nothing to simulate: the scenario has no baseline to price' }]);
  }
  const bad = nonFinite(r.simulation);
  if (bad) throw new InputError({ severity: 'error', ...loaded.topPosition, message: `the simulation gives a ${bad} that is not a finite number: an "=expression" over a var given as a distribution fails for some draws (a division by a var that can be 0?)` });
  return r.simulation;
}

function nonFinite(s: Simulation): string | undefined {
  for (const [k, v] of Object.entries(s.monthly)) if (!Number.isFinite(v)) return `monthly ${k}`;
  return undefined;
}
