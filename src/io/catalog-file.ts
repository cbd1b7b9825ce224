import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { InputError, formatPath, formatPosition, type Diagnostic, type SourcePosition } from '../core/errors.js';
import { catalogSchema, type CatalogFile } from '../core/catalog/schema.js';
import { lookup, validateCatalog, type Catalog } from '../core/catalog/catalog.js';
import { historyCatalogSchema } from '../core/catalog/history-schema.js';
import { snapshotAt, validateHistory, type HistoryCatalog } from '../core/catalog/timeline.js';
import { applyOverrides, overridesFile, type OverridesFile } from '../core/catalog/overrides.js';
import { parseYaml, readText, loadYamlFile, type YamlSource } from './yaml.js';
import { locateIssues, parseWith, sortDiagnostics } from './validate.js';

// Catalog files as YAML with positions: the slow path (yaml + zod), loaded only when a
// catalog file is read (user catalogs, lint, build) and never for a compiled shipped version.
const VERSION_FILE = /^(\d{4}-\d{2}-\d{2})\.ya?ml$/;

export function sha256(text: string | Buffer): string {
  return 'sha256:' + createHash('sha256').update(text).digest('hex');
}

/**
 * A scenario, overrides or check config given where a catalog is expected: one error saying
 * what the file is, instead of a dozen "unknown key" errors about every key it has.
 */
function notAnotherKindOfFile(src: YamlSource): void {
  const d = src.data;
  if (d === null || typeof d !== 'object' || Array.isArray(d) || 'schema' in d || 'models' in d) return;
  const keys = Object.keys(d);
  const kind = keys.includes('workload') || keys.includes('baseline') ? { what: 'a scenario file', use: 'costopt validate <file> checks a scenario' }
    : keys.includes('overrides') ? { what: 'a pricing overrides file', use: 'pass it with --pricing-overrides <file>' }
      : keys.includes('scenarios') || keys.includes('bills') ? { what: 'a costopt check config', use: 'costopt check --config <file> reads it' }
        : undefined;
  if (!kind) return;
  throw new InputError({ severity: 'error', file: src.file, line: 1, col: 1, message: `this is ${kind.what}, not a pricing catalog (a catalog starts with schema: costopt.catalog/v1 or v2)`, hint: kind.use });
}

/**
 * A loaded release: a plain catalog (schema v1, one price per model) or a release with price
 * history (schema v2), resolved to a plain catalog at a day by `releaseAt`.
 */
export type Release = { kind: 'plain'; catalog: Catalog } | { kind: 'history'; history: HistoryCatalog };

/** The plain catalog of a release on `day` (a plain catalog is the same every day). */
export function releaseAt(r: Release, day?: string): Catalog {
  return r.kind === 'plain' ? r.catalog : snapshotAt(r.history, day ?? r.history.published);
}

/** Parse and validate a catalog file's text (v1 or v2). Problems are exit-2 diagnostics with file:line:col. */
export function parseRelease(text: string, file: string, origin: 'shipped' | 'file' = 'file'): { release: Release; src: YamlSource } {
  const src = parseYaml(text, file);
  notAnotherKindOfFile(src);
  const data = src.data;
  const v2 = data !== null && typeof data === 'object' && !Array.isArray(data) && (data as Record<string, unknown>).schema === 'costopt.catalog/v2';
  const parsed = v2 ? parseWith(historyCatalogSchema, src) : parseWith(catalogSchema, src);
  const issues = v2 ? validateHistory(parsed as HistoryCatalog) : validateCatalog(parsed as CatalogFile);
  if (issues.length) throw new InputError(sortDiagnostics(locateIssues(src, issues)));
  const expected = basename(file).match(VERSION_FILE)?.[1];
  if (origin === 'shipped' && expected && expected !== parsed.version) {
    throw new InputError({ severity: 'error', ...src.locate(['version']), path: 'version', message: `version ${parsed.version} does not match the file name ${basename(file)}` });
  }
  const meta = { id: parsed.catalog, version: parsed.version, published: parsed.published, hash: sha256(text), origin, path: file };
  if (v2) return { release: { kind: 'history', history: { ...(parsed as HistoryCatalog), meta: { ...meta, history: true } } }, src };
  return { release: { kind: 'plain', catalog: { ...(parsed as CatalogFile), meta, overrides: [] } }, src };
}

/** A catalog file as a plain catalog: a release with history is resolved at its publication day. */
export function parseCatalog(text: string, file: string, origin: 'shipped' | 'file' = 'file'): { catalog: Catalog; src: YamlSource } {
  const { release, src } = parseRelease(text, file, origin);
  return { catalog: releaseAt(release), src };
}

export function loadCatalogFile(file: string, origin: 'shipped' | 'file' = 'file'): Catalog {
  return parseCatalog(readText(file, 'price-file'), file, origin).catalog;
}

export function loadReleaseFile(file: string, origin: 'shipped' | 'file' = 'file'): Release {
  return parseRelease(readText(file, 'price-file'), file, origin).release;
}

export function loadOverridesFile(file: string): { overrides: OverridesFile; src: YamlSource } {
  const src = loadYamlFile(file);
  return { overrides: parseWith(overridesFile, src), src };
}

export function applyOverridesFile(cat: Catalog, file: string, opts: { skipUnavailable?: boolean } = {}): Catalog {
  return applyOverridesText(cat, readText(file), file, opts);
}

/**
 * Two entries of one overrides list naming the same catalog entry (by id or alias) or the same
 * provider: the second would apply on top of the first (two 20% discounts are 36% off), which no
 * one means. Each is an error at the later entry, naming the earlier one's file:line:col.
 */
export function repeatedOverrides(cat: Catalog, file: OverridesFile, locate: (path: readonly PropertyKey[]) => SourcePosition, prefix: readonly PropertyKey[] = ['overrides']): Diagnostic[] {
  const first = new Map<string, number>();
  const out: Diagnostic[] = [];
  file.overrides.forEach((o, i) => {
    let key: string | undefined;
    let field: 'id' | 'provider' = 'id';
    if (o.id) {
      const hit = lookup(cat, o.id);
      key = hit.ok ? `id:${hit.section}:${hit.entry.id.toLowerCase()}` : `id:${o.id.toLowerCase()}`;
    } else if (o.provider) {
      key = `provider:${o.provider.toLowerCase()}`;
      field = 'provider';
    }
    if (key === undefined) return;
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, i);
      return;
    }
    const at = locate([...prefix, earlier, field]);
    const named = field === 'id' ? `"${o.id}"` : `provider "${o.provider}"`;
    out.push({ severity: 'error', ...locate([...prefix, i, field]), path: formatPath([...prefix, i, field]), message: `${named} is overridden twice: here and at ${formatPosition(at)}; the two would compound (give one entry with every change)` });
  });
  return out;
}

/** applyOverridesFile for text read otherwise (a file at a git ref), named `label` in diagnostics. */
export function applyOverridesText(cat: Catalog, text: string, label: string, opts: { skipUnavailable?: boolean } = {}): Catalog {
  const src = parseYaml(text, label);
  const parsed = parseWith(overridesFile, src);
  const twice = repeatedOverrides(cat, parsed, src.locate);
  if (twice.length) throw new InputError(twice);
  const r = applyOverrides(cat, parsed, ['overrides'], opts);
  if (r.issues.length) throw new InputError(sortDiagnostics(locateIssues(src, r.issues)));
  return r.catalog;
}
