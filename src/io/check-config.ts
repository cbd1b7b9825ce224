import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../core/errors.js';
import { MINIMAL_CONFIG, checkConfigSchema, type CheckConfig } from '../core/check/config.js';
import { savedEstimateSchema, toScenarioEstimate } from '../core/check/saved.js';
import type { ScenarioEstimate } from '../core/estimate/types.js';
import { parseWith } from './validate.js';
import { parseYaml, readText, type YamlSource } from './yaml.js';

/** `costopt.yaml`, found and parsed: every problem located at file:line:col (exit 2). */
export interface LoadedCheckConfig {
  /** as shown in messages (relative to the working directory) */
  file: string;
  /** directory the config's paths are relative to */
  dir: string;
  config: CheckConfig;
  src: YamlSource;
}

export const CONFIG_NAMES = ['costopt.yaml', 'costopt.yml'];

/** The config file to use: `--config`, else costopt.yaml (or .yml) in the working directory. */
export function findConfig(cwd: string, explicit?: string): string {
  const missing = (where: string) =>
    new InputError({
      severity: 'error',
      file: where,
      message: `no check config: ${where} does not exist. Create costopt.yaml (paths in it are relative to it), for example:\n\n${indent(MINIMAL_CONFIG)}\nor pass --config <file>.`,
    });
  if (explicit) {
    const abs = resolve(cwd, explicit);
    if (!existsSync(abs)) throw missing(explicit);
    if (statSync(abs).isDirectory()) {
      for (const n of CONFIG_NAMES) if (existsSync(join(abs, n))) return join(abs, n);
      throw missing(join(explicit, 'costopt.yaml'));
    }
    return abs;
  }
  for (const n of CONFIG_NAMES) if (existsSync(join(cwd, n))) return join(cwd, n);
  throw missing('costopt.yaml');
}

const indent = (s: string) => s.split('\n').map((l) => (l ? `    ${l}` : l)).join('\n');

export function displayPath(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return (rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs).split(sep).join('/');
}

export function loadCheckConfig(abs: string, cwd: string): LoadedCheckConfig {
  const file = displayPath(cwd, abs);
  const src = parseYaml(readText(abs), file);
  if (src.data === null || src.data === undefined) {
    throw new InputError({ severity: 'error', file, line: 1, col: 1, message: `the config is empty; a minimal one:\n\n${indent(MINIMAL_CONFIG)}` });
  }
  const config = parseWith(checkConfigSchema, src);
  if (!config.scenarios?.length && !config.bills?.length) {
    throw new InputError({ severity: 'error', ...src.locate([]), message: 'nothing to check: add a `scenarios:` or `bills:` list', hint: 'see the README section "costopt check"' });
  }
  return { file, dir: dirname(abs), config, src };
}

// --- globs ----------------------------------------------------------------------------------

const MAGIC = /[*?[\]{}]/;
export const hasMagic = (s: string) => MAGIC.test(s);

/** One path segment's glob (`*`, `?`, `[abc]`, `[!abc]`, `{a,b}`) as a regular expression. */
export function segmentRegExp(seg: string): RegExp {
  let re = '';
  let braces = 0;
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i] ?? '';
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = seg.indexOf(']', i + 2);
      if (end < 0) { re += '\\['; continue; }
      let body = seg.slice(i + 1, end);
      const neg = body.startsWith('!') || body.startsWith('^');
      if (neg) body = body.slice(1);
      re += `[${neg ? '^' : ''}${body.replace(/[\\\]]/g, '\\$&')}]`;
      i = end;
    } else if (c === '{') { braces++; re += '(?:'; }
    else if (c === '}' && braces > 0) { braces--; re += ')'; }
    else if (c === ',' && braces > 0) re += '|';
    else re += c.replace(/[.+^$()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function walk(dir: string, segs: readonly string[], out: Set<string>): void {
  if (!segs.length) {
    out.add(dir);
    return;
  }
  const [seg = '', ...rest] = segs;
  if (seg === '**') {
    walk(dir, rest, out);
    for (const name of list(dir)) if (!name.startsWith('.') && name !== 'node_modules' && isDir(join(dir, name))) walk(join(dir, name), segs, out);
    return;
  }
  if (!hasMagic(seg)) {
    const p = join(dir, seg);
    if (existsSync(p) && (rest.length === 0 || isDir(p))) walk(p, rest, out);
    return;
  }
  const re = segmentRegExp(seg);
  for (const name of list(dir)) {
    if (name.startsWith('.') && !seg.startsWith('.')) continue;
    if (!re.test(name)) continue;
    const p = join(dir, name);
    if (rest.length === 0 || isDir(p)) walk(p, rest, out);
  }
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** Files and directories matching `pattern` (relative to `baseDir`), absolute and sorted. */
export function expandGlob(pattern: string, baseDir: string): string[] {
  const norm = pattern.split('\\').join('/');
  const abs = isAbsolute(norm);
  const segs = norm.split('/').filter((s, i) => s !== '' || (i === 0 && abs));
  const first = segs.findIndex((s) => hasMagic(s));
  if (first < 0) {
    const p = resolve(baseDir, norm);
    return existsSync(p) ? [p] : [];
  }
  const root = resolve(baseDir, abs ? '/' + segs.slice(0, first).filter(Boolean).join('/') : segs.slice(0, first).join('/') || '.');
  const out = new Set<string>();
  walk(root, segs.slice(first), out);
  return [...out].sort();
}

const SCENARIO_EXT = /\.ya?ml$/i;

/**
 * Expand a config entry's `path:` into scenario files: globs, plain files, or a directory
 * (its *.yaml and *.yml). A pattern that matches nothing is bad input, located at its line.
 */
export function expandScenarioPaths(cfg: LoadedCheckConfig, at: (string | number)[], patterns: string[]): string[] {
  const files: string[] = [];
  const problems: InputError['diagnostics'] = [];
  patterns.forEach((pattern, i) => {
    const where = cfg.src.locate(patterns.length > 1 ? [...at, i] : at);
    const hits = expandGlob(pattern, cfg.dir).flatMap((p) => (isDir(p) ? list(p).filter((n) => SCENARIO_EXT.test(n)).map((n) => join(p, n)) : [p]));
    const yaml = hits.filter((p) => !hasMagic(pattern) || SCENARIO_EXT.test(p));
    if (!yaml.length) problems.push({ severity: 'error', ...where, path: formatAt(at), message: hasMagic(pattern) ? `no scenario file matches "${pattern}" (relative to ${cfg.file})` : `scenario file not found: "${pattern}" (relative to ${cfg.file})` });
    files.push(...yaml);
  });
  if (problems.length) throw new InputError(problems);
  return [...new Set(files)];
}

/** Bills: files, globs or folders, handed to analyze as they are (it reads folders itself). */
export function expandBillPaths(cfg: LoadedCheckConfig, at: (string | number)[], patterns: string[]): string[] {
  const out: string[] = [];
  const problems: InputError['diagnostics'] = [];
  patterns.forEach((pattern, i) => {
    const hits = expandGlob(pattern, cfg.dir);
    if (!hits.length) problems.push({ severity: 'error', ...cfg.src.locate(patterns.length > 1 ? [...at, i] : at), path: formatAt(at), message: `no bill file matches "${pattern}" (relative to ${cfg.file})` });
    out.push(...hits);
  });
  if (problems.length) throw new InputError(problems);
  return [...new Set(out)];
}

function formatAt(at: (string | number)[]): string {
  return at.map((s, i) => (typeof s === 'number' ? `[${s}]` : i ? `.${s}` : s)).join('');
}

// --- saved results --------------------------------------------------------------------------

/** Does this file hold a saved JSON result (rather than a scenario)? */
export function isJsonFile(file: string, text: string): boolean {
  return /\.json$/i.test(file) || /^\s*\{\s*"schemaVersion"/.test(text);
}

/**
 * Read a saved `costopt estimate --format json` result. JSON is YAML, so the YAML reader
 * gives every problem a line and column.
 */
export function parseSavedEstimate(text: string, file: string): ScenarioEstimate[] {
  const src = parseYaml(text, file);
  const saved = parseWith(savedEstimateSchema, src);
  return saved.scenarios.map(toScenarioEstimate);
}
