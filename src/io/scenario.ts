import { basename, dirname, extname, resolve } from 'node:path';
import { InputError, formatPath, type Diagnostic, type SourcePosition } from '../core/errors.js';
import { zodIssues, type PathIssue } from '../core/schema-issues.js';
import { scenarioSchema, type Scenario } from '../core/scenario/schema.js';
import { applySets, forbiddenSegmentMessage, parseSetPath, setFor, type SetOverride } from '../core/scenario/set.js';
import { isForbiddenKey } from '../core/safe-keys.js';
import { estimateScenario } from '../core/estimate/calc.js';
import { extractUncertainty, medianNote, type Uncertainty } from '../core/uncertainty/extract.js';
import type { SimulateOptions } from '../core/uncertainty/simulate.js';
import { withConfidence } from '../core/estimate/budget.js';
import { applyOverrides } from '../core/catalog/overrides.js';
import type { Catalog } from '../core/catalog/catalog.js';
import type { ScenarioEstimate } from '../core/estimate/types.js';
import { parseYaml, readText, type YamlSource } from './yaml.js';
import { sortDiagnostics } from './validate.js';
import { evaluateExpressions, findExpressions } from './expressions.js';
import { looksLikePath, otherShippedVersionsWith, resolveCatalog, type CatalogChoice } from './catalog.js';
import { besideAtRef, readAtRef, refOrigin } from './git.js';

/** A scenario file parsed, evaluated (vars, "=expressions", --set) and validated. */
export interface LoadedScenario {
  file: string;
  /** scenario.name, else the file's base name without extension */
  name: string;
  scenario: Scenario;
  source: YamlSource;
  /** position of the value at `path` in the file (nearest existing ancestor) */
  locate(path: readonly PropertyKey[]): SourcePosition;
  /** position of the key at `path` in the file */
  locateKey(path: readonly PropertyKey[]): SourcePosition;
  /** the `budget:` key, when the scenario has one (for CI annotations) */
  budgetPosition: SourcePosition | undefined;
  /** line 1, column 1 of the file */
  topPosition: SourcePosition;
  /** the --set overrides applied, as given */
  sets: string[];
  /** whether the scenario used "=expressions" (and so loaded mathjs) */
  usedExpressions: boolean;
  /** inputs given as distributions (the scenario holds their medians) */
  uncertainty: Uncertainty;
  /** the data with medians in place, before "=expressions": what io/simulate re-evaluates per draw */
  dataBeforeExpressions: unknown;
}

export interface LoadOptions {
  /** `path=value` overrides (`--set workload.requests_per_day=2M`) */
  set?: string[] | undefined;
}

export interface EstimateOptions {
  /** global --catalog (wins over the scenario's catalog:) */
  catalog?: string | undefined;
  /** global --as-of (wins over the scenario's catalog:) */
  asOf?: string | undefined;
  /** global --pricing-overrides file */
  overridesFile?: string | undefined;
  /** price under this catalog whatever else is given (costopt diff) */
  forceCatalog?: string | undefined;
  /** run the Monte Carlo (estimate --simulate); a scenario with a confidence budget always runs it */
  simulate?: SimulateOptions | undefined;
}

/** Parse `path=value` flags; the value is read as YAML (2M, 30%, true, {a: 1}...). */
export function parseSetFlags(sets: readonly string[]): SetOverride[] {
  const out: SetOverride[] = [];
  const bad: Diagnostic[] = [];
  for (const raw of sets) {
    const eq = raw.indexOf('=');
    const pathText = eq > 0 ? raw.slice(0, eq).trim() : '';
    const path = pathText ? parseSetPath(pathText) : undefined;
    if (eq <= 0 || !path) {
      bad.push({ severity: 'error', path: '--set', message: `expected path=value (e.g. --set workload.requests_per_day=2M), got "${raw}"` });
      continue;
    }
    if (path.some(isForbiddenKey)) {
      bad.push({ severity: 'error', file: `--set ${raw}`, path: pathText, message: forbiddenSegmentMessage(path) });
      continue;
    }
    const text = raw.slice(eq + 1);
    let value: unknown;
    try {
      value = text.trim() === '' ? '' : parseYaml(text, `--set ${raw}`).data;
    } catch (e) {
      // text that is not YAML is the string itself; a value over a limit (nesting, aliases, __proto__, 1e400) is refused
      if (!(e instanceof InputError) || e.diagnostics.every((d) => d.message.startsWith('invalid YAML'))) value = text;
      else {
        bad.push(...e.diagnostics.map((d) => ({ ...d, file: `--set ${raw}`, line: undefined, col: undefined, path: pathText })));
        continue;
      }
    }
    out.push({ raw, path, value });
  }
  if (bad.length) throw new InputError(bad);
  return out;
}

/** Parse + vars/expressions + --set + schema: throws InputError with every problem located. */
export async function loadScenarioText(text: string, file: string, opts: LoadOptions = {}): Promise<LoadedScenario> {
  const src = parseYaml(text, file);
  const sets = parseSetFlags(opts.set ?? []);
  const diags: Diagnostic[] = [];
  const setPos = (s: SetOverride): SourcePosition => ({ file: `--set ${s.raw}` });
  const place = (issues: readonly PathIssue[]): Diagnostic[] =>
    issues.map((i) => {
      const s = setFor(i.path, sets);
      const pos = s ? setPos(s) : i.atKey ? src.locateKey(i.path) : src.locate(i.path);
      return { severity: 'error', ...pos, path: formatPath(i.path) || undefined, message: s ? i.message : withSets(i.message, i.path, sets), hint: i.hint };
    });

  let data: unknown = src.data;
  if (data === null || data === undefined) {
    throw new InputError({ severity: 'error', file, line: 1, col: 1, message: 'the scenario file is empty; see scenarios/support-bot.yaml for the format' });
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new InputError({ severity: 'error', file, line: 1, col: 1, message: 'expected a scenario (a YAML map with workload:, baseline:, strategies:)' });
  }
  if (sets.length) {
    const r = applySets(data, sets);
    for (const i of r.issues) diags.push({ severity: 'error', ...setPos(i.set), path: formatPath(i.set.path), message: i.message });
    data = r.data;
  }
  const unc = extractUncertainty(data);
  diags.push(...place(unc.issues));
  data = unc.data;
  const dataBeforeExpressions = data;
  let usedExpressions = false;
  let failedExpressions: PropertyKey[][] = unc.failed;
  if (findExpressions(data).length) {
    const r = await evaluateExpressions(data);
    diags.push(...place(r.issues));
    data = r.data;
    usedExpressions = r.used;
    failedExpressions = [...failedExpressions, ...r.failed];
  }
  const parsed = scenarioSchema.safeParse(data);
  if (!parsed.success) {
    const under = (p: readonly PropertyKey[]) => failedExpressions.some((f) => f.length <= p.length && f.every((seg, i) => String(seg) === String(p[i])));
    const issues = zodIssues(scenarioSchema, parsed.error.issues, data)
      // a failed expression is reported once, by the evaluator, not again as "expected a number"
      .filter((i) => !under(i.path))
      .map((i) => (!i.atKey && valueAt(data, i.path) === undefined && /^(Invalid input|required)/.test(i.message) ? { ...i, message: `required: ${requiredHint(i.path)}` } : i));
    // "requests_per_day: required" says nothing more than `did you mean "requests_per_day"?` on the misspelt key
    const meant = new Set(issues.filter((i) => i.atKey).flatMap((i) => [...i.message.matchAll(/did you mean "([^"]+)"/g)].map((m) => [...i.path.slice(0, -1), m[1]].map(String).join('.'))));
    diags.push(...place(issues.filter((i) => !(i.message.startsWith('required:') && meant.has(i.path.map(String).join('.'))))));
  }
  if (diags.length || !parsed.success) throw new InputError(sortDiagnostics(dedupe(diags)));
  const scenario = parsed.data;
  const hasBudget = Boolean(src.data && typeof src.data === 'object' && 'budget' in src.data);
  return {
    file,
    name: scenario.name ?? basename(file, extname(file)),
    scenario,
    source: src,
    locate: (p) => src.locate(p),
    locateKey: (p) => src.locateKey(p),
    budgetPosition: hasBudget ? src.locateKey(['budget']) : undefined,
    topPosition: { file, line: 1, col: 1 },
    sets: sets.map((s) => s.raw),
    usedExpressions,
    uncertainty: unc.uncertainty,
    dataBeforeExpressions,
  };
}

export async function loadScenarioFile(path: string, opts: LoadOptions = {}): Promise<LoadedScenario> {
  return loadScenarioText(readText(path), path, opts);
}

// Resolved catalogs for this process: several scenarios usually share one version.
const catalogCache = new Map<string, Promise<Catalog>>();

function cachedCatalog(choice: CatalogChoice): Promise<Catalog> {
  const key = JSON.stringify([choice.catalog ?? null, choice.asOf ?? null, choice.overridesFile ?? null]);
  let p = catalogCache.get(key);
  if (!p) {
    p = choice.catalog !== undefined && refOrigin(choice.catalog) ? catalogAtRef(choice.catalog, choice.overridesFile) : resolveCatalog(choice);
    catalogCache.set(key, p);
    p.catch(() => catalogCache.delete(key));
  }
  return p;
}

/** The text of a file named by a readAtRef label (what namedFile returned for a file at a git ref). */
function textAtRef(label: string): string {
  const origin = refOrigin(label);
  const text = origin ? readAtRef(origin.ref, origin.abs).text : null;
  if (text === null) throw new Error(`internal: ${label} cannot be read at its ref`);
  return text;
}

/** A catalog file read at a git ref (a base scenario's `catalog: ../catalogs/mine.yaml`), named by its label. */
async function catalogAtRef(label: string, overridesFile: string | undefined): Promise<Catalog> {
  const { parseCatalog, applyOverridesFile } = await import('./catalog-file.js');
  const cat = parseCatalog(textAtRef(label), label).catalog;
  return overridesFile ? applyOverridesFile(cat, overridesFile) : cat;
}

/**
 * A file a scenario names by path (catalog:, pricing_overrides:): relative to the scenario's
 * folder. For a scenario read at a git ref (diff/check --base-ref) that is its folder in the
 * working tree, and the file is read at the same ref too: the result is then its label
 * (`origin/main:catalogs/mine.yaml`). A file outside the repository, or one that did not exist
 * at the ref (untracked, ignored), is the working-tree file.
 */
function namedFile(scenarioFile: string, path: string): string {
  const b = besideAtRef(scenarioFile, path);
  if (!b) return resolve(dirname(scenarioFile), path);
  return b.atRef ? b.atRef.label : b.abs;
}

/**
 * For a scenario read at a git ref, the catalog its own `catalog:` names, as forceCatalog takes
 * it (a path resolved from the scenario's folder and read at the ref); undefined for a scenario
 * read from disk. What `diff --base-ref` prices the head's assumptions with.
 */
export function refCatalogSpec(loaded: LoadedScenario): string | undefined {
  if (!refOrigin(loaded.file)) return undefined;
  const own = loaded.scenario.catalog;
  if (!own || own === 'latest' || !looksLikeCatalogPath(own)) return own ?? 'latest';
  return namedFile(loaded.file, own);
}

/**
 * The catalog a scenario is priced with. Precedence: forceCatalog, then --catalog, then
 * --as-of, then the scenario's `catalog:` (a path is relative to the scenario file), then latest.
 */
async function scenarioCatalog(loaded: LoadedScenario, opts: EstimateOptions): Promise<Catalog> {
  const own = loaded.scenario.catalog;
  let choice: CatalogChoice;
  let fromFile = false;
  if (opts.forceCatalog) choice = { catalog: opts.forceCatalog };
  else if (opts.catalog) choice = { catalog: opts.catalog };
  else if (opts.asOf) choice = { asOf: opts.asOf };
  else if (own) {
    fromFile = true;
    choice = { catalog: own !== 'latest' && looksLikeCatalogPath(own) ? namedFile(loaded.file, own) : own };
  } else choice = {};
  choice.overridesFile = opts.overridesFile;
  try {
    return await cachedCatalog(choice);
  } catch (e) {
    if (fromFile) throw atKey(e, loaded, 'catalog', own, choice.catalog);
    throw e;
  }
}

/**
 * An error about a file the scenario names (catalog:, pricing_overrides:) that has no position
 * of its own (unknown version, file not found): point at the scenario's key instead.
 */
function atKey(e: unknown, loaded: LoadedScenario, key: string, value: string | undefined, path: string | undefined): unknown {
  // only errors about that file (or with no file at all): not, say, a --pricing-overrides file of the command line
  if (!(e instanceof InputError) || !e.diagnostics.every((d) => d.line === undefined && (d.file === undefined || d.file === path))) return e;
  return new InputError(e.diagnostics.map((d) => ({ ...d, ...loaded.locate([key]), path: key, message: d.file ? `${JSON.stringify(value)}: ${d.message}` : d.message })));
}

function looksLikeCatalogPath(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) ? false : looksLikePath(s) || /\.ya?ml$/i.test(s);
}

async function applyScenarioOverrides(loaded: LoadedScenario, cat: Catalog): Promise<{ catalog: Catalog; diags: Diagnostic[] }> {
  const po = loaded.scenario.pricing_overrides;
  if (po === undefined) return { catalog: cat, diags: [] };
  if (typeof po === 'string') {
    return { catalog: cat, diags: [] };
  }
  const file = Array.isArray(po) ? { overrides: po } : po;
  const prefix: PropertyKey[] = Array.isArray(po) ? ['pricing_overrides'] : ['pricing_overrides', 'overrides'];
  const { repeatedOverrides } = await import('./catalog-file.js');
  const twice = repeatedOverrides(cat, file, (p) => loaded.locate(p), prefix);
  if (twice.length) return { catalog: cat, diags: twice };
  const r = applyOverrides(cat, file, prefix);
  const diags: Diagnostic[] = r.issues.map((i) => ({ severity: 'error', ...loaded.locate(i.path), path: formatPath(i.path), message: i.message }));
  return { catalog: r.catalog, diags };
}

/** Resolve the catalog, check references, price the scenario (and its deployment options). */
export async function estimateLoaded(loaded: LoadedScenario, opts: EstimateOptions = {}): Promise<ScenarioEstimate> {
  return (await estimateWithCatalog(loaded, opts)).estimate;
}

/** estimateLoaded, with the catalog (overrides applied) it priced with. */
export async function estimateWithCatalog(loaded: LoadedScenario, opts: EstimateOptions = {}): Promise<{ estimate: ScenarioEstimate; catalog: Catalog }> {
  let catalog = await scenarioCatalog(loaded, opts);
  const diags: Diagnostic[] = [];
  const po = loaded.scenario.pricing_overrides;
  if (typeof po === 'string') {
    const { applyOverridesFile, applyOverridesText } = await import('./catalog-file.js');
    const file = namedFile(loaded.file, po);
    try {
      catalog = refOrigin(file) ? applyOverridesText(catalog, textAtRef(file), file) : applyOverridesFile(catalog, file);
    } catch (e) {
      throw atKey(e, loaded, 'pricing_overrides', po, file);
    }
  } else {
    const r = await applyScenarioOverrides(loaded, catalog);
    catalog = r.catalog;
    diags.push(...r.diags);
  }
  const { estimate, issues } = estimateScenario({ scenario: loaded.scenario, catalog, name: loaded.name, file: loaded.file });
  const locate = (i: PathIssue): Diagnostic => {
    const sets = parseSetFlags(loaded.sets);
    const s = setFor(i.path, sets);
    const pos = s ? { file: `--set ${s.raw}` } : i.atKey ? loaded.locateKey(i.path) : loaded.locate(i.path);
    return { severity: 'error', ...pos, path: formatPath(i.path) || undefined, message: s ? i.message : withSets(i.message, i.path, sets), hint: i.hint };
  };
  diags.push(...issues.map(locate));
  const medians = medianNote(loaded.uncertainty);
  if (medians) estimate.assumptions.push(medians);
  const dep = loaded.scenario.deployment;
  if (dep) {
    // the deployment calculator loads only for scenarios that have a deployment: block
    const { estimateDeployments } = await import('../core/deployment/calc.js');
    const out = estimateDeployments(dep, { catalog, daysPerMonth: loaded.scenario.days_per_month, requestsPerDay: loaded.scenario.workload.requests_per_day });
    diags.push(...out.issues.map((i) => locate({ ...i, path: ['deployment', ...i.path] })));
    estimate.deployments = out.deployments;
    estimate.deploymentNotes = out.notes;
    estimate.deploymentSummary = out.summary;
  }
  if (diags.length) throw new InputError(sortDiagnostics(dedupe(await inOtherVersions(diags, catalog))));
  if (opts.simulate || loaded.scenario.budget?.confidence !== undefined) {
    const { simulateLoaded } = await import('./simulate.js');
    estimate.simulation = await simulateLoaded(loaded, catalog, opts.simulate ?? {});
    const c = estimate.simulation.confidenceBudget;
    if (c) estimate.budget = withConfidence(estimate.budget, c.monthlyAtConfidence, c.confidence);
  }
  return { estimate, catalog };
}

/**
 * A model id unknown to the shipped version in use but present in another shipped version (a
 * model added later, or retired since): the hint names the version and the flag that finds it,
 * as `pricing show` does. It was a bare 'unknown model "openai/gpt-4o-mini"' with --as-of 2024-06-01.
 */
async function inOtherVersions(diags: Diagnostic[], catalog: Catalog): Promise<Diagnostic[]> {
  if (catalog.meta.origin !== 'shipped' || !diags.some((d) => !d.hint && /^unknown model "/.test(d.message))) return diags;
  const { lookupModel } = await import('../core/catalog/catalog.js');
  const out: Diagnostic[] = [];
  for (const d of diags) {
    const id = d.hint ? undefined : /^unknown model "([^"]+)"/.exec(d.message)?.[1];
    const found = id === undefined ? [] : await otherShippedVersionsWith(catalog, (c) => lookupModel(c, id).ok);
    const v = found[found.length - 1];
    out.push(v === undefined ? d : { ...d, hint: `${id} is in catalog version ${found.join(', ')}: use --as-of ${v} (or catalog: ${v} in the scenario)` });
  }
  return out;
}

/** Load and price several files; every file's problems are collected before throwing. */
export async function estimateFiles(paths: readonly string[], opts: EstimateOptions & LoadOptions = {}): Promise<ScenarioEstimate[]> {
  const out: ScenarioEstimate[] = [];
  const diags: Diagnostic[] = [];
  // flag problems are the same for every file: report them once, up front
  parseSetFlags(opts.set ?? []);
  for (const p of paths) {
    try {
      const loaded = await loadScenarioFile(p, { set: opts.set });
      out.push(await estimateLoaded(loaded, opts));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      // the schema stopped this file: still report its unknown model, instance and platform ids in the same run
      const extra = e.diagnostics.some((d) => d.file === p) ? await rawModelProblems(p, opts) : [];
      diags.push(...sortDiagnostics(dedupe([...e.diagnostics, ...extra])));
    }
  }
  if (diags.length) throw new InputError(dedupe(diags));
  return out;
}

function dedupe(d: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return d.filter((x) => {
    const k = `${x.file}:${x.line}:${x.col}|${x.path}|${x.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[String(seg)];
  }
  return cur;
}

function requiredHint(path: readonly PropertyKey[]): string {
  const key = String(path[path.length - 1] ?? '');
  if (key === 'requests_per_day') return 'requests per day (e.g. 1M)';
  if (key === 'input_tokens' || key === 'output_tokens') return 'mean tokens per request (e.g. 500)';
  if (key === 'workload') return 'workload: { requests_per_day, input_tokens, output_tokens }';
  if (key === 'baseline') return 'baseline: { model: provider/model } (or cost_per_request, or human)';
  return `${key} is missing`;
}

/** Model ids at the places a scenario names them, read from the raw YAML (no schema needed). */
function rawModelRefs(data: unknown): { path: PropertyKey[]; id: string }[] {
  const out: { path: PropertyKey[]; id: string }[] = [];
  const at = (path: PropertyKey[]) => {
    const v = valueAt(data, [...path, 'model']);
    if (typeof v === 'string' && !v.startsWith('=')) out.push({ path: [...path, 'model'], id: v });
  };
  at(['baseline']);
  const routing = valueAt(data, ['strategies', 'routing']);
  for (const kind of ['mix', 'cascade'] as const) {
    const list = valueAt(routing, [kind]);
    if (Array.isArray(list)) list.forEach((_, i) => at(['strategies', 'routing', kind, i]));
  }
  const rules = valueAt(routing, ['rules']);
  if (rules && typeof rules === 'object' && !Array.isArray(rules)) for (const k of Object.keys(rules)) at(['strategies', 'routing', 'rules', k]);
  const models = valueAt(data, ['strategies', 'batch', 'models']);
  if (Array.isArray(models)) models.forEach((v, i) => typeof v === 'string' && out.push({ path: ['strategies', 'batch', 'models', i], id: v }));
  return out;
}

async function rawModelProblems(file: string, opts: EstimateOptions): Promise<Diagnostic[]> {
  try {
    const src = parseYaml(readText(file), file);
    const refs = rawModelRefs(src.data);
    const deployment = valueAt(src.data, ['deployment']);
    if (!refs.length && deployment === undefined) return [];
    const own = valueAt(src.data, ['catalog']);
    let choice: CatalogChoice;
    if (opts.forceCatalog) choice = { catalog: opts.forceCatalog };
    else if (opts.catalog) choice = { catalog: opts.catalog };
    else if (opts.asOf) choice = { asOf: opts.asOf };
    else if (typeof own === 'string') choice = { catalog: own !== 'latest' && looksLikeCatalogPath(own) ? namedFile(file, own) : own };
    else choice = {};
    const cat = await cachedCatalog(choice);
    const { lookupModel } = await import('../core/catalog/catalog.js');
    const out: Diagnostic[] = [];
    for (const r of refs) {
      const hit = lookupModel(cat, r.id);
      if (!hit.ok) out.push({ severity: 'error', ...src.locate(r.path), path: formatPath(r.path), message: `${hit.message} (catalog ${cat.meta.id} ${cat.meta.version})` });
    }
    if (deployment !== undefined) {
      // unknown instance/platform ids and an out-of-range memory_mb, with the block's schema errors
      const { deploymentReferenceIssues } = await import('../core/deployment/calc.js');
      for (const i of deploymentReferenceIssues(deployment, cat)) {
        const path = ['deployment', ...i.path];
        out.push({ severity: 'error', ...src.locate(path), path: formatPath(path), message: i.message });
      }
    }
    return out;
  } catch {
    return [];
  }
}

/** A problem in the file that a --set below it contributed to says so. */
function withSets(message: string, path: readonly PropertyKey[], sets: readonly SetOverride[]): string {
  const under = sets.filter((s) => s.path.length > path.length && path.every((seg, i) => String(seg) === String(s.path[i])));
  return under.length ? `${message} (with ${under.map((s) => `--set ${s.raw}`).join(', ')})` : message;
}
