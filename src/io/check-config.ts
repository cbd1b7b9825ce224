import type { SimulateOptions } from '../core/uncertainty/simulate.js';
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError, type SourcePosition } from '../core/errors.js';
import { compilePattern, hasGlobMagic, matchSegments, type SegmentMatcher } from '../core/glob.js';
import { MINIMAL_CONFIG, asList, checkConfigSchema, type BillEntry, type CheckConfig } from '../core/check/config.js';
import { savedEstimateSchema, toScenarioEstimate } from '../core/check/saved.js';
import type { ScenarioEstimate } from '../core/estimate/types.js';
import type { CheckInput } from '../core/check/evaluate.js';
import { repeatedNames, type Cross } from '../core/diff/diff.js';
import type { BaseLookup, BillAnalysis, BillSubject, ScenarioSubject } from '../core/check/types.js';
import { filesAtRef, readAtRef } from './git.js';
import type { LoadedScenario } from './scenario.js';
import { parseWith } from './validate.js';
import { parseYaml, readText, type YamlSource } from './yaml.js';
import { parseJsonText } from './json.js';

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
      message: `no such file: costopt check reads its budgets from costopt.yaml in the working directory (or --config <file>). Create one; paths in it are relative to it. A minimal costopt.yaml:\n\n${indent(MINIMAL_CONFIG)}`,
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
  const src = parseYaml(readAs(abs, file), file);
  if (src.data === null || src.data === undefined) {
    throw new InputError({ severity: 'error', file, line: 1, col: 1, message: `the config is empty; a minimal one:\n\n${indent(MINIMAL_CONFIG)}` });
  }
  const config = parseWith(checkConfigSchema, src);
  if (!config.scenarios?.length && !config.bills?.length) {
    // point at an empty list when there is one (`scenarios: []`), else at the top of the file
    const at = config.scenarios ? ['scenarios'] : config.bills ? ['bills'] : [];
    throw new InputError({ severity: 'error', ...src.locate(at), message: at.length ? `nothing to check: the \`${at[0]}:\` list is empty` : 'nothing to check: add a `scenarios:` or `bills:` list', hint: 'see docs/check-and-ci.md, "costopt check"' });
  }
  return { file, dir: dirname(abs), config, src };
}

// --- globs ----------------------------------------------------------------------------------

export const hasMagic = hasGlobMagic;

/** Why a pattern is malformed (an unclosed "[" or "{"...), or undefined when it compiles. */
export function globProblem(pattern: string): string | undefined {
  const c = compilePattern(pattern.split('\\').join('/'));
  return c.ok ? undefined : c.message;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function realDir(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** `**` descends at most this many folders: deeper trees are refused, not walked until the stack runs out. */
export const MAX_GLOB_DEPTH = 100;

/**
 * Walk `dir` matching the remaining segments. `chain` holds the real paths of the folders
 * above (a symlink back to one of them is a loop and is not followed again).
 */
function walk(dir: string, segs: readonly (SegmentMatcher | '**')[], out: Set<string>, chain: readonly string[]): void {
  if (!segs.length) {
    out.add(dir);
    return;
  }
  if (chain.length > MAX_GLOB_DEPTH) throw new InputError({ severity: 'error', file: dir, message: `folders nested more than ${MAX_GLOB_DEPTH} deep under a "**" pattern` });
  const [seg, ...rest] = segs;
  if (seg === undefined) return;
  if (seg === '**') {
    walk(dir, rest, out, chain);
    for (const name of list(dir)) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const p = join(dir, name);
      if (!isDir(p)) continue;
      const real = realDir(p);
      if (chain.includes(real)) continue;
      walk(p, segs, out, [...chain, real]);
    }
    return;
  }
  if (!seg.magic) {
    const p = join(dir, seg.source);
    if (existsSync(p) && (rest.length === 0 || isDir(p))) walk(p, rest, out, rest.length ? [...chain, realDir(p)] : chain);
    return;
  }
  for (const name of list(dir)) {
    if (name.startsWith('.') && !seg.source.startsWith('.')) continue;
    if (!seg.test(name)) continue;
    const p = join(dir, name);
    if (rest.length === 0) walk(p, rest, out, chain);
    else if (isDir(p)) walk(p, rest, out, [...chain, realDir(p)]);
  }
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function compiled(pattern: string): (SegmentMatcher | '**')[] {
  const c = compilePattern(pattern);
  if (!c.ok) throw new InputError({ severity: 'error', path: pattern, message: `malformed glob: ${c.message}` });
  return c.value;
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
  walk(root, compiled(segs.slice(first).join('/')), out, [realDir(root)]);
  return [...out].sort();
}

const SCENARIO_EXT = /\.ya?ml$/i;

/** Does `path` (absolute) match `pattern` (relative to `baseDir`)? The rules of expandGlob. */
export function globMatches(pattern: string, baseDir: string, path: string): boolean {
  const segs = (p: string) => p.split('\\').join('/').split('/').filter(Boolean);
  // resolve() settles '.' and '..' and leaves the magic characters alone
  const pat = compiled(segs(resolve(baseDir, pattern.split('\\').join('/'))).join('/'));
  return matchSegments(pat, segs(path));
}

/**
 * What `pattern` (relative to `baseDir`) matched at a git ref: files of the base branch,
 * including those deleted since. A plain path is itself or, when it was a folder, its
 * *.yaml/*.yml (as expandScenarioPaths reads a folder).
 */
export function expandAtRef(pattern: string, baseDir: string, ref: string): string[] {
  const norm = pattern.split('\\').join('/');
  const segs = norm.split('/');
  const first = segs.findIndex((x) => hasMagic(x));
  if (first < 0) {
    const p = resolve(baseDir, norm);
    const under = filesAtRef(ref, dirname(p));
    if (under.includes(p)) return [p];
    return filesAtRef(ref, p).filter((f) => dirname(f) === p && SCENARIO_EXT.test(f));
  }
  const root = resolve(baseDir, segs.slice(0, first).join('/') || '.');
  return filesAtRef(ref, root).filter((f) => globMatches(pattern, baseDir, f)).sort();
}

/**
 * Expand a config entry's `path:` into scenario files: globs, plain files, or a directory
 * (its *.yaml and *.yml). With `ref`, also what the patterns matched at that git ref but no
 * longer match (`gone`: deleted on the branch). A pattern is bad input, located at its line,
 * only when it matches nothing on either side.
 */
export function expandScenarioPaths(cfg: LoadedCheckConfig, at: (string | number)[], patterns: string[], ref?: string): { here: string[]; gone: string[] } {
  const gone: string[] = [];
  const files: string[] = [];
  const problems: InputError['diagnostics'] = [];
  patterns.forEach((pattern, i) => {
    const where = cfg.src.locate(patterns.length > 1 ? [...at, i] : at);
    const bad = globProblem(pattern);
    if (bad) {
      problems.push({ severity: 'error', ...where, path: formatAt(patterns.length > 1 ? [...at, i] : at), message: `malformed glob "${pattern}": ${bad}` });
      return;
    }
    const hits = expandGlob(pattern, cfg.dir).flatMap((p) => (isDir(p) ? list(p).filter((n) => SCENARIO_EXT.test(n)).map((n) => join(p, n)) : [p]));
    const yaml = hits.filter((p) => !hasMagic(pattern) || SCENARIO_EXT.test(p));
    const path = formatAt(patterns.length > 1 ? [...at, i] : at);
    if (ref) {
      const there = expandAtRef(pattern, cfg.dir, ref).filter((p) => !hasMagic(pattern) || SCENARIO_EXT.test(p));
      gone.push(...there.filter((p) => !yaml.includes(p) && !existsSync(p)));
      if (!yaml.length && there.length) return;
    }
    if (!yaml.length) problems.push({ severity: 'error', ...where, path, message: hasMagic(pattern) ? `no scenario file matches "${pattern}" (relative to ${configDir(cfg)})` : `scenario file not found: "${pattern}" (relative to ${configDir(cfg)})` });
    files.push(...yaml);
  });
  if (problems.length) throw new InputError(problems);
  return { here: [...new Set(files)], gone: [...new Set(gone)] };
}

/** Bills: files, globs or folders, handed to analyze as they are (it reads folders itself). */
export function expandBillPaths(cfg: LoadedCheckConfig, at: (string | number)[], patterns: string[]): string[] {
  const out: string[] = [];
  const problems: InputError['diagnostics'] = [];
  patterns.forEach((pattern, i) => {
    const where = patterns.length > 1 ? [...at, i] : at;
    const bad = globProblem(pattern);
    if (bad) {
      problems.push({ severity: 'error', ...cfg.src.locate(where), path: formatAt(where), message: `malformed glob "${pattern}": ${bad}` });
      return;
    }
    const hits = expandGlob(pattern, cfg.dir);
    if (!hits.length) problems.push({ severity: 'error', ...cfg.src.locate(where), path: formatAt(where), message: `no file matches "${pattern}" (relative to ${configDir(cfg)})` });
    out.push(...hits);
  });
  if (problems.length) throw new InputError(problems);
  return [...new Set(out)];
}

/** The config's folder as messages show it: `./` when it is the working directory. */
function configDir(cfg: LoadedCheckConfig): string {
  const d = dirname(cfg.file);
  return d === '.' ? './' : `${d}/`;
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
 * Read a saved `costopt estimate --format json` result. It must be JSON (JSON.parse decides:
 * the YAML reader would accept a trailing comma or a comment, and call a broken file
 * "invalid YAML"); once it is, the YAML reader (JSON is YAML) locates schema problems.
 */
export function parseSavedEstimate(text: string, file: string): ScenarioEstimate[] {
  return parseSavedSides(text, file).map((s) => s.estimate);
}

/** A saved result's scenarios as sides of a diff or bases of a check, each with where its name is written. */
export function parseSavedSides(text: string, file: string): Side[] {
  const body = text.replace(/^\uFEFF/, '');
  try {
    parseJsonText(body, file);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    throw new InputError(e.diagnostics.map((d) => ({ ...d, hint: 'a saved result is the output of `costopt estimate --format json`' })));
  }
  const src = parseYaml(body, file);
  const saved = parseWith(savedEstimateSchema, src);
  return saved.scenarios.map((x, i) => ({ estimate: toScenarioEstimate(x), source: file, at: src.locate(['scenarios', i, 'name']) }));
}

// --- gathering a check: scenarios estimated, bases looked up, bills analysed -----------------

export interface EstimateChoice {
  catalog?: string | undefined;
  asOf?: string | undefined;
  overridesFile?: string | undefined;
  /** costopt.yaml's `catalog:`: for scenarios without their own, when no --catalog/--as-of is given */
  defaultCatalog?: string | undefined;
}

/** A scenario or saved result, estimated, with how to name it and (for scenarios) its source. */
export interface Side {
  estimate: ScenarioEstimate;
  source: string;
  loaded?: LoadedScenario;
  /** where the scenario's name is written (its `name:`, else the file) */
  at?: SourcePosition;
}

/** Collect every InputError of a batch of jobs, so all problems are reported together. */
export async function collectAll<T>(jobs: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = [];
  const diags: InputError['diagnostics'] = [];
  for (const job of jobs) {
    try {
      out.push(await job());
    } catch (e) {
      if (e instanceof InputError) diags.push(...e.diagnostics);
      else throw e;
    }
  }
  // one problem shared by every job (--base-ref outside a git repository) is said once
  const seen = new Set<string>();
  const unique = diags.filter((d) => {
    const key = JSON.stringify([d.severity, d.file, d.line, d.col, d.path, d.message, d.hint]);
    return seen.has(key) ? false : (seen.add(key), true);
  });
  if (unique.length) throw new InputError(unique);
  return out;
}

/** Read a file, naming it in errors as the user wrote it rather than by its absolute path. */
export function readAs(abs: string, label: string): string {
  try {
    return readText(abs);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(e.diagnostics.map((d) => ({ ...d, file: d.file === abs ? label : d.file })));
    throw e;
  }
}

/** Load and price a scenario from its text (working tree or a git ref). */
export async function estimateText(text: string, label: string, choice: EstimateChoice & { forceCatalog?: string | undefined; simulate?: SimulateOptions | undefined }): Promise<Side> {
  const { loadScenarioText, estimateLoaded } = await import('./scenario.js');
  const loaded = await loadScenarioText(text, label);
  const { defaultCatalog, ...rest } = choice;
  const useDefault = defaultCatalog && !rest.forceCatalog && !rest.catalog && !rest.asOf && !loaded.scenario.catalog;
  const at = loaded.scenario.name ? loaded.locate(['name']) : { file: label };
  return { estimate: await estimateLoaded(loaded, useDefault ? { ...rest, forceCatalog: defaultCatalog } : rest), source: label, loaded, at };
}

/**
 * A base or head given as a file: a saved `estimate --format json` result (one or more
 * scenarios) or a scenario file (estimated now).
 */
export async function loadSideFile(abs: string, label: string, choice: EstimateChoice & { forceCatalog?: string | undefined; simulate?: SimulateOptions | undefined }): Promise<Side[]> {
  const text = readAs(abs, label);
  if (isJsonFile(abs, text)) return parseSavedSides(text, label);
  return [await estimateText(text, label, choice)];
}

/**
 * The catalog a loaded scenario asked for in its own `catalog:` (a path is relative to the
 * scenario file), or latest: what `diff` prices the other side's assumptions with.
 */
export function ownCatalogSpec(side: Side, cwd: string): string {
  const own = side.loaded?.scenario.catalog;
  if (!own || own === 'latest' || /^\d{4}-\d{2}-\d{2}$/.test(own)) return own ?? 'latest';
  const file = side.loaded?.file ?? '';
  return resolve(cwd, dirname(file), own);
}

export interface CheckOptions extends EstimateChoice {
  cwd: string;
  config?: string | undefined;
  /** --base files: saved results or scenario files, matched to scenarios by name */
  base?: string[] | undefined;
  /** --base-ref: each scenario file as it is at this git ref */
  baseRef?: string | undefined;
  /** the run's clock (ms), for the window of sane bill dates */
  nowMs?: number | undefined;
}

type ScenarioLimit = ScenarioSubject['limits'][number];
type BillLimit = BillSubject['limits'][number];

/** Everything `check` evaluates, read from the config and the files it names. */
export async function gatherCheck(o: CheckOptions): Promise<CheckInput> {
  if (o.base?.length && o.baseRef) throw new InputError({ severity: 'error', path: '--base', message: 'give --base or --base-ref, not both' });
  const cfg = loadCheckConfig(findConfig(o.cwd, o.config), o.cwd);
  const { config, src } = cfg;
  const configCatalog = config.catalog && !/^(\d{4}-\d{2}-\d{2}|latest)$/.test(config.catalog) ? resolve(cfg.dir, config.catalog) : config.catalog;
  const choice: EstimateChoice = { catalog: o.catalog, asOf: o.asOf, overridesFile: o.overridesFile, defaultCatalog: configCatalog };

  // scenario files, each once, with the config limits of every entry that names it
  const files = new Map<string, { limits: ScenarioLimit[]; configBase: string[] }>();
  // with --base-ref: files the entries matched at the ref that are gone from the working tree
  const gone = new Map<string, ScenarioLimit[]>();
  const expand: (() => Promise<void>)[] = (config.scenarios ?? []).map((entry, i) => async () => {
    const at = (key: string) => src.locate(['scenarios', i, key]);
    const limits: ScenarioLimit[] = [];
    if (entry.confidence !== undefined && entry.max_monthly === undefined) throw new InputError({ severity: 'error', ...at('confidence'), path: `scenarios[${i}].confidence`, message: 'confidence applies to max_monthly: give max_monthly too' });
    if (entry.max_monthly !== undefined) limits.push({ budget: 'max_monthly', limit: entry.max_monthly, at: at('max_monthly'), ...(entry.confidence !== undefined ? { confidence: entry.confidence } : {}) });
    if (entry.max_cost_per_request !== undefined) limits.push({ budget: 'max_cost_per_request', limit: entry.max_cost_per_request, at: at('max_cost_per_request') });
    if (entry.max_increase_percent !== undefined) limits.push({ budget: 'max_increase_percent', limit: entry.max_increase_percent, at: at('max_increase_percent') });
    const configBase = entry.base ? expandBillPaths(cfg, ['scenarios', i, 'base'], asList(entry.base)) : [];
    const matched = expandScenarioPaths(cfg, ['scenarios', i, 'path'], asList(entry.path), o.baseRef);
    for (const f of matched.gone) gone.set(f, [...(gone.get(f) ?? []), ...limits]);
    for (const f of matched.here) {
      const cur = files.get(f) ?? { limits: [], configBase: [] };
      cur.limits.push(...limits);
      cur.configBase.push(...configBase);
      files.set(f, cur);
    }
  });
  const billJobs = (config.bills ?? []).map((entry, i) => async () => ({ entry, i, files: expandBillPaths(cfg, ['bills', i, 'path'], asList(entry.path)) }));
  await collectAll(expand);
  const billFiles = await collectAll(billJobs);

  // a max_monthly with a confidence needs the simulated quantile: those scenarios are simulated with it
  const simulateFor = (abs: string) => {
    const qs = (files.get(abs)?.limits ?? []).flatMap((l) => (l.confidence !== undefined ? [l.confidence] : []));
    return qs.length ? { simulate: { quantiles: [...new Set([0.1, 0.5, 0.9, ...qs])].sort((a, b) => a - b) } } : {};
  };
  const sides = await collectAll([...files.keys()].map((abs) => () => estimateText(readAs(abs, displayPath(o.cwd, abs)), displayPath(o.cwd, abs), { ...choice, ...simulateFor(abs) }).then((s) => ({ abs, ...s }))));

  // bases: --base-ref, else --base files, else the config entry's base:
  const baseFlagFiles = [...new Set((o.base ?? []).map((b) => resolve(o.cwd, b)))];
  const loadBases = async (list: string[]) => (await collectAll(list.map((abs) => () => loadSideFile(abs, displayPath(o.cwd, abs), choice)))).flat();
  const flagBases = baseFlagFiles.length ? await loadBases(baseFlagFiles) : [];
  const configBaseCache = new Map<string, Side[]>();
  // --base files and an entry's base: are matched by name: two scenarios of one name would
  // both be compared with the same base entry (with --base-ref each file has its own base)
  if (!o.baseRef) {
    const groups = new Map<string, Side[]>();
    for (const side of sides) {
      const entry = files.get(side.abs);
      if (!entry?.limits.some((l) => l.budget === 'max_increase_percent')) continue;
      const key = (baseFlagFiles.length ? baseFlagFiles : entry.configBase).map((f) => displayPath(o.cwd, f)).join(', ');
      if (key) groups.set(key, [...(groups.get(key) ?? []), side]);
    }
    const repeats = [...groups].flatMap(([from, g]) => repeatedNames(g, 'scenarios checked against one base', `the base (${from}) is matched to scenarios by name, so both would be compared with the same base entry`));
    if (repeats.length) throw new InputError(repeats);
  }
  const scenarios = await collectAll(sides.map((side) => async (): Promise<ScenarioSubject> => {
    const entry = files.get(side.abs) ?? { limits: [], configBase: [] };
    const loaded = side.loaded;
    const needsBase = entry.limits.some((l) => l.budget === 'max_increase_percent');
    let base: BaseLookup | undefined;
    if (needsBase) {
      if (o.baseRef) {
        const atRef = readAtRef(o.baseRef, side.abs);
        base = atRef.text === null
          ? { kind: 'missing', reason: `new scenario: ${atRef.label} does not exist` }
          : await estimateText(atRef.text, atRef.label, choice).then((b) => ({ kind: 'found' as const, estimate: b.estimate, source: atRef.label }));
      } else {
        let pool = flagBases;
        let from = (o.base ?? []).join(', ');
        if (!baseFlagFiles.length && entry.configBase.length) {
          const key = entry.configBase.join('\0');
          pool = configBaseCache.get(key) ?? (await loadBases(entry.configBase));
          configBaseCache.set(key, pool);
          from = entry.configBase.map((f) => displayPath(o.cwd, f)).join(', ');
        }
        if (pool.length) {
          const hits = pool.filter((b) => b.estimate.name === side.estimate.name);
          if (hits.length > 1) throw new InputError(repeatedNames(hits, 'base', `check matches base scenarios by name, so it cannot tell which one "${side.estimate.name}" (${side.source}) is compared with`));
          const hit = hits[0];
          base = hit ? { kind: 'found', estimate: hit.estimate, source: hit.source } : { kind: 'missing', reason: `no scenario named "${side.estimate.name}" in the base (${from})` };
        }
      }
    }
    const hasName = Boolean(loaded?.scenario.name);
    const own = loaded?.scenario.budget;
    return {
      estimate: side.estimate,
      file: side.source,
      at: loaded && hasName ? loaded.locate(['name']) : { file: side.source, line: 1, col: 1 },
      budgetAt: {
        ...(loaded && own?.monthly !== undefined ? { monthly: loaded.locate(['budget', 'monthly']) } : {}),
        ...(loaded && own?.max_cost_per_request !== undefined ? { maxCostPerRequest: loaded.locate(['budget', 'max_cost_per_request']) } : {}),
      },
      limits: entry.limits,
      base,
    };
  }));

  const bills = await collectAll(billFiles.map(({ entry, i, files: paths }) => async (): Promise<BillSubject> => {
    const at = (key: string) => src.locate(['bills', i, key]);
    const limits: BillLimit[] = [];
    if (entry.max_forecast !== undefined) limits.push({ budget: 'max_forecast', limit: entry.max_forecast, at: at('max_forecast') });
    for (const f of asList(entry.fail_on)) limits.push({ budget: f === 'anomaly' ? 'fail_on.anomaly' : 'fail_on.unpriced', limit: 0, at: at('fail_on') });
    const analysis = await analyzeBills(paths, entry, choice, o.cwd, cfg.dir, o.nowMs);
    return { label: asList(entry.path).join(', '), files: paths.map((p) => displayPath(o.cwd, p)), analysis, at: src.locate(['bills', i, 'path']), limits };
  }));

  // a scenario deleted on the branch is listed as removed, at its base cost
  const removed = await collectAll([...gone].map(([abs, limits]) => async () => {
    const atRef = readAtRef(o.baseRef ?? '', abs);
    if (atRef.text === null) throw new Error(`internal: ${atRef.label} was listed at the ref but cannot be read`);
    const b = await estimateText(atRef.text, atRef.label, choice);
    return { base: b.estimate, source: atRef.label, limits };
  }));

  const base: CheckInput['base'] = o.baseRef ? { kind: 'ref', ref: o.baseRef } : o.base?.length ? { kind: 'files', files: o.base } : [...files.values()].some((f) => f.configBase.length) ? { kind: 'config' } : null;
  return { config: cfg.file, base, scenarios, bills, ...(removed.length ? { removed } : {}) };
}

/** The bills of a `bills:` entry, analysed (forecast against max_forecast, anomalies, unpriced rows). */
async function analyzeBills(paths: string[], entry: BillEntry, choice: EstimateChoice, cwd: string, configDir: string, nowMs: number | undefined): Promise<BillAnalysis> {
  const { analyzePaths } = await import('./billing/analyze.js');
  const wantsAnomalies = asList(entry.fail_on).includes('anomaly');
  const catalog = choice.catalog || choice.asOf ? { catalog: choice.catalog, asOf: choice.asOf, overridesFile: choice.overridesFile } : undefined;
  const r = await analyzePaths(paths.map((p) => displayPath(cwd, p)), {
    cwd, budget: entry.max_forecast ?? null, catalog, noAnomalies: !wantsAnomalies, formatHint: entry.format_hint, mapFile: entry.map && displayPath(cwd, resolve(configDir, entry.map)), nowMs,
  });
  return {
    forecast: { monthEnd: r.forecast?.monthEnd ?? null, budget: r.forecast?.budget ?? null, status: r.forecast?.status },
    anomalies: r.anomalies.map((a) => ({ date: a.date, series: a.series, impact: a.impact, impactPercent: a.impactPercent })),
    unpriced: { rows: r.unpriced.rows },
    currency: r.currency,
  };
}

/**
 * For `diff`: the same assumptions priced under the other side's catalog. Head's assumptions
 * under base's catalog first; when that fails (a model base's catalog does not have), base's
 * assumptions under head's catalog; when both fail, the reasons.
 */
export async function crossPrice(base: Side, head: Side, choice: EstimateChoice, catalogs: { base: string; head: string }): Promise<Cross> {
  const { estimateLoaded } = await import('./scenario.js');
  if (base.estimate.catalog.hash === head.estimate.catalog.hash) return { kind: 'unavailable', reason: '' };
  if (!base.loaded || !head.loaded) return { kind: 'unavailable', reason: 'saved results carry no assumptions to re-price; diff scenario files to separate price from assumption changes' };
  const reasons: string[] = [];
  try {
    return { kind: 'head-at-base-catalog', estimate: await estimateLoaded(head.loaded, { ...choice, forceCatalog: catalogs.base }) };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    reasons.push(`head's assumptions cannot be priced with base's catalog (${e.diagnostics[0]?.message ?? e.message})`);
  }
  try {
    return { kind: 'base-at-head-catalog', estimate: await estimateLoaded(base.loaded, { ...choice, forceCatalog: catalogs.head }), reason: reasons[0] };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    reasons.push(`base's assumptions cannot be priced with head's catalog (${e.diagnostics[0]?.message ?? e.message})`);
  }
  return { kind: 'unavailable', reason: reasons.join('; ') };
}

const SIDE_EXT = /\.(ya?ml|json)$/i;

/**
 * `diff --base-ref <ref> <file|glob...>`: the files to compare. A glob (quoted, so that the
 * shell leaves it alone) is expanded here on both sides: in the working tree, and at the ref,
 * so a scenario deleted on the branch is still compared (as removed). A plain path is used
 * as given (a file deleted on the branch but named here is compared as removed too).
 */
export function diffTargetsAtRef(args: readonly string[], cwd: string, ref: string): string[] {
  const out = new Set<string>();
  const problems: InputError['diagnostics'] = [];
  for (const a of args) {
    if (!hasMagic(a)) {
      out.add(resolve(cwd, a));
      continue;
    }
    const here = expandGlob(a, cwd).filter((p) => !isDir(p) && SIDE_EXT.test(p));
    const there = expandAtRef(a, cwd, ref).filter((p) => SIDE_EXT.test(p));
    if (!here.length && !there.length) problems.push({ severity: 'error', path: 'diff', message: `no scenario file matches "${a}", in the working tree or at ${ref}` });
    for (const p of [...here, ...there].sort()) out.add(p);
  }
  if (problems.length) throw new InputError(problems);
  return [...out];
}

/**
 * One file of `diff --base-ref`: its scenarios in the working tree (head) and at the ref
 * (base). Absent from the working tree but present at the ref: removed; absent from both:
 * the working tree's "no such file".
 */
export async function loadSidesAtRef(abs: string, label: string, ref: string, baseChoice: EstimateChoice & { forceCatalog?: string | undefined }, headChoice: EstimateChoice & { forceCatalog?: string | undefined }): Promise<{ base: Side[]; head: Side[] }> {
  if (!existsSync(abs)) {
    const base = await loadSideAtRef(ref, abs, baseChoice);
    if (!base) return { base: [], head: await loadSideFile(abs, label, headChoice) };
    return { base, head: [] };
  }
  const head = await loadSideFile(abs, label, headChoice);
  return { base: (await loadSideAtRef(ref, abs, baseChoice)) ?? [], head };
}

/** A side of `diff` as it is at a git ref: null when the file did not exist there. */
export async function loadSideAtRef(ref: string, abs: string, choice: EstimateChoice & { forceCatalog?: string | undefined }): Promise<Side[] | null> {
  const atRef = readAtRef(ref, abs);
  if (atRef.text === null) return null;
  if (isJsonFile(abs, atRef.text)) return parseSavedSides(atRef.text, atRef.label);
  return [await estimateText(atRef.text, atRef.label, choice)];
}
