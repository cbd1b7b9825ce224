import { ownValue } from '../core/safe-keys.js';
import type { PathIssue } from '../core/schema-issues.js';
import { parseQuantity, parseShare } from '../core/units.js';
import { didYouMean } from '../core/suggest.js';

/**
 * `vars` and "=expression" values in scenarios. mathjs costs about a second to import, so it is
 * loaded only when a scenario holds an expression. Sandbox: an expression is parsed with mathjs
 * and every node is checked before it runs: numbers, the scenario's vars, pi/e, arithmetic
 * operators and a few pure functions. Anything else (import, createUnit, evaluate, parse,
 * strings, units, assignments, property access, matrices...) is rejected, and the scope the
 * expression runs in holds only the vars.
 */

/** Fields whose string values are text, never expressions. */
const TEXT_KEYS = new Set(['name', 'description', 'catalog', 'model', 'platform', 'instance', 'source', 'note', 'id', 'provider', 'kind', 'term', 'ttl', 'profile']);
const ALLOWED_FUNCTIONS = new Set(['min', 'max', 'round', 'ceil', 'floor', 'abs', 'sqrt']);
const ALLOWED_OPERATORS = new Set(['add', 'subtract', 'multiply', 'divide', 'unaryMinus', 'unaryPlus', 'pow', 'mod']);
const CONSTANTS = new Set(['pi', 'e']);

export interface ExpressionSite {
  path: PropertyKey[];
  text: string;
}

export function isExpression(v: unknown): v is string {
  return typeof v === 'string' && v.trimStart().startsWith('=');
}

/** Every "=expression" value in the data (vars included), outside text fields. */
export function findExpressions(data: unknown, path: PropertyKey[] = []): ExpressionSite[] {
  const out: ExpressionSite[] = [];
  if (Array.isArray(data)) {
    data.forEach((v, i) => out.push(...findExpressions(v, [...path, i])));
  } else if (data && typeof data === 'object') {
    for (const [k, v] of Object.entries(data)) {
      if (isExpression(v) && !TEXT_KEYS.has(k)) out.push({ path: [...path, k], text: v });
      else if (typeof v === 'object') out.push(...findExpressions(v, [...path, k]));
    }
  }
  return out;
}

/** Minimal view of the mathjs node API we use (keeps the sandbox check typed without `any`). */
interface MathNode {
  type: string;
  name?: string;
  value?: unknown;
  fn?: unknown;
  op?: string;
  args?: MathNode[];
  content?: MathNode;
  traverse(cb: (node: MathNode) => void): void;
  compile(): { evaluate(scope: Map<string, number>): unknown };
}
interface MathLib {
  parse(text: string): MathNode;
}

/**
 * Evaluate the vars and every expression in `data` (in place on a copy); returns the new data
 * and the problems, at the path of the offending value.
 */
export async function evaluateExpressions(data: unknown): Promise<{ data: unknown; issues: PathIssue[]; used: boolean; failed: PropertyKey[][] }> {
  const sites = findExpressions(data);
  if (!sites.length) return { data, issues: [], used: false, failed: [] };
  // vars refer to vars by recursion, and each expression costs a parse: bound both
  const varCount = data && typeof data === 'object' && 'vars' in data && data.vars && typeof data.vars === 'object' ? Object.keys(data.vars).length : 0;
  if (sites.length > MAX_EXPRESSIONS || varCount > MAX_EXPRESSIONS) {
    const path = varCount > MAX_EXPRESSIONS ? ['vars'] : (sites[MAX_EXPRESSIONS]?.path ?? []);
    return { data, issues: [{ path, message: `more than ${MAX_EXPRESSIONS} ${varCount > MAX_EXPRESSIONS ? 'vars' : '"=expressions"'} in one scenario` }], used: true, failed: sites.map((s) => s.path) };
  }
  const mathjs = (await import('mathjs')) as unknown as MathLib;
  const issues: PathIssue[] = [];
  const copy = structuredClone(data) as Record<string, unknown>;
  const rawVars = copy && typeof copy === 'object' && copy.vars && typeof copy.vars === 'object' && !Array.isArray(copy.vars) ? (copy.vars as Record<string, unknown>) : {};
  const names = Object.keys(rawVars);
  const values = new Map<string, number>();
  const failed = new Set<string>();
  const visiting = new Set<string>();

  const compileChecked = (text: string, path: PropertyKey[]): { node: MathNode; symbols: string[] } | undefined => {
    const body = text.trimStart().slice(1);
    // mathjs parses brackets by recursion: bound the text before it sees it
    const tooBig = body.length > MAX_EXPRESSION_LENGTH ? `longer than ${MAX_EXPRESSION_LENGTH} characters` : bracketDepth(body) > MAX_EXPRESSION_DEPTH ? `brackets nested more than ${MAX_EXPRESSION_DEPTH} deep` : '';
    if (tooBig) {
      issues.push({ path, message: `expression ${JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}...` : text)} is ${tooBig}` });
      return undefined;
    }
    let node: MathNode;
    try {
      node = mathjs.parse(body);
    } catch (e) {
      issues.push({ path, message: `expression ${JSON.stringify(text)}: ${e instanceof Error ? e.message : String(e)}` });
      return undefined;
    }
    const problems: string[] = [];
    const symbols: string[] = [];
    const callees = new Set<MathNode>();
    node.traverse((n) => {
      if (n.type === 'FunctionNode' && n.fn && typeof n.fn === 'object') callees.add(n.fn as MathNode);
      if (callees.has(n)) return;
      switch (n.type) {
        case 'ConstantNode':
          if (typeof n.value !== 'number') problems.push(`only numbers are allowed, not ${JSON.stringify(n.value)}`);
          break;
        case 'ParenthesisNode':
          break;
        case 'OperatorNode': {
          const fn = typeof n.fn === 'string' ? n.fn : '';
          if (!ALLOWED_OPERATORS.has(fn)) problems.push(`operator "${n.op ?? fn}" is not allowed (only + - * / ^ mod)`);
          break;
        }
        case 'FunctionNode': {
          const fn = n.fn as MathNode | undefined;
          const fname = fn?.type === 'SymbolNode' ? (fn.name ?? '') : '';
          if (!ALLOWED_FUNCTIONS.has(fname)) problems.push(`function "${fname || '?'}" is not allowed (only ${[...ALLOWED_FUNCTIONS].join(', ')})`);
          break;
        }
        case 'SymbolNode': {
          const name = n.name ?? '';
          if (ALLOWED_FUNCTIONS.has(name) || CONSTANTS.has(name)) break;
          if (!names.includes(name)) {
            const hint = didYouMean(name, names);
            problems.push(`unknown variable "${name}"${hint ? `; ${hint}` : names.length ? ` (vars: ${names.join(', ')})` : ' (define it under vars:)'}`);
          } else symbols.push(name);
          break;
        }
        default:
          problems.push(`${n.type.replace(/Node$/, '').toLowerCase()} expressions are not allowed (numbers, vars and arithmetic only)`);
      }
    });
    if (problems.length) {
      issues.push({ path, message: `expression ${JSON.stringify(text)}: ${[...new Set(problems)].join('; ')}` });
      return undefined;
    }
    return { node, symbols };
  };

  const run = (text: string, path: PropertyKey[]): number | undefined => {
    const c = compileChecked(text, path);
    if (!c) return undefined;
    const scope = new Map<string, number>();
    for (const s of c.symbols) {
      const v = varValue(s, [...path]);
      if (v === undefined) return undefined;
      scope.set(s, v);
    }
    let r: unknown;
    try {
      r = c.node.compile().evaluate(scope);
    } catch (e) {
      issues.push({ path, message: `expression ${JSON.stringify(text)}: ${e instanceof Error ? e.message : String(e)}` });
      return undefined;
    }
    if (typeof r !== 'number' || !Number.isFinite(r)) {
      issues.push({ path, message: `expression ${JSON.stringify(text)} does not give a finite number (got ${typeof r === 'number' ? String(r) : typeof r})` });
      return undefined;
    }
    return r;
  };

  const varValue = (name: string, from: PropertyKey[]): number | undefined => {
    if (values.has(name)) return values.get(name);
    if (failed.has(name)) return undefined;
    const path: PropertyKey[] = ['vars', name];
    if (visiting.has(name)) {
      // the loop itself, closed: "a -> b -> a" (it printed "a -> b", and vars visited before the loop)
      const chain = [...visiting];
      issues.push({ path, message: `vars.${name} refers to itself (${[...chain.slice(chain.indexOf(name)), name].join(' -> ')})` });
      failed.add(name);
      return undefined;
    }
    const raw = ownValue(rawVars, name);
    let v: number | undefined;
    if (isExpression(raw)) {
      visiting.add(name);
      v = run(raw, path);
      visiting.delete(name);
    } else if (typeof raw === 'number' && Number.isFinite(raw)) {
      v = raw;
    } else if (typeof raw === 'string') {
      v = raw.trim().endsWith('%') ? parseShare(raw) : parseQuantity(raw);
      if (v === undefined) issues.push({ path, message: `expected a number, a share or an "=expression", got ${JSON.stringify(raw)}` });
    } else {
      issues.push({ path, message: `expected a number, a share or an "=expression", got ${JSON.stringify(raw)}` });
    }
    void from;
    if (v === undefined) failed.add(name);
    else values.set(name, v);
    return v;
  };

  const failedPaths: PropertyKey[][] = [];
  for (const name of names) {
    const v = varValue(name, ['vars', name]);
    if (v !== undefined) rawVars[name] = v;
  }
  for (const site of sites) {
    if (site.path[0] === 'vars' && site.path.length === 2) continue;
    const v = run(site.text, site.path);
    if (v !== undefined) setAt(copy, site.path, v);
    else failedPaths.push(site.path);
  }
  for (const name of failed) failedPaths.push(['vars', name]);
  return { data: copy, issues, used: true, failed: failedPaths };
}

function setAt(root: unknown, path: readonly PropertyKey[], value: unknown): void {
  let cur = root as Record<PropertyKey, unknown>;
  for (let i = 0; i < path.length - 1; i++) cur = cur[path[i]!] as Record<PropertyKey, unknown>;
  cur[path[path.length - 1]!] = value;
}

/** Expressions are arithmetic over a few variables: longer or deeper ones are refused unparsed. */
export const MAX_EXPRESSION_LENGTH = 1000;
export const MAX_EXPRESSION_DEPTH = 32;
export const MAX_EXPRESSIONS = 1000;

function bracketDepth(s: string): number {
  let depth = 0;
  let max = 0;
  for (const c of s) {
    if (c === '(' || c === '[' || c === '{') max = Math.max(max, ++depth);
    else if (c === ')' || c === ']' || c === '}') depth--;
  }
  return max;
}
