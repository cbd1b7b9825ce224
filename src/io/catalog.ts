import { isCalendarDate } from '../core/date.js';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../core/errors.js';
import type { Catalog } from '../core/catalog/catalog.js';
import type { HistoryCatalog } from '../core/catalog/timeline.js';
import type { Release } from './catalog-file.js';

// Shipped catalogs and catalog resolution: the fast path reads the compiled JSON of a shipped
// version; YAML parsing and validation (./catalog-file.js) load only when needed.

const VERSION_FILE = /^(\d{4}-\d{2}-\d{2})\.ya?ml$/;

/** The package root (holds package.json and pricing/), found from this module's location. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'pricing'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('costopt: cannot find the package root (pricing/ folder) from ' + fileURLToPath(import.meta.url));
}

export function shippedPricingDir(): string {
  return join(packageRoot(), 'pricing');
}

export interface ShippedVersion {
  version: string;
  published: string;
  id: string;
  hash: string;
  file: string;
  counts: { models: number; instances: number; serverless: number; throughput: number };
}

interface CompiledIndex {
  versions: (ShippedVersion & { size: number; mtimeMs: number; compiled: string })[];
}

function compiledDir(): string {
  return join(packageRoot(), 'dist', 'catalogs');
}

function readCompiledIndex(): CompiledIndex | undefined {
  const p = join(compiledDir(), 'index.json');
  if (!existsSync(p)) return undefined;
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as CompiledIndex;
  } catch {
    return undefined;
  }
}

/** Shipped version files, newest last. */
export function shippedVersionFiles(dir = shippedPricingDir()): { version: string; file: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((f) => ({ m: VERSION_FILE.exec(f), f }))
    .filter((x): x is { m: RegExpExecArray; f: string } => x.m !== null)
    .map((x) => ({ version: x.m[1]!, file: join(dir, x.f) }))
    .sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
}

/** Compiled copy of a shipped version when it is fresh (same size and mtime as the YAML), else undefined. */
function compiledFor(file: string): { entry: CompiledIndex['versions'][number]; path: string } | undefined {
  const idx = readCompiledIndex();
  const entry = idx?.versions.find((v) => v.file === basename(file));
  if (!entry) return undefined;
  try {
    const st = statSync(file);
    if (st.size !== entry.size || Math.trunc(st.mtimeMs) !== Math.trunc(entry.mtimeMs)) return undefined;
  } catch {
    return undefined;
  }
  return { entry, path: join(compiledDir(), entry.compiled) };
}

export async function listShipped(): Promise<ShippedVersion[]> {
  const out: ShippedVersion[] = [];
  for (const { file } of shippedVersionFiles()) {
    const c = compiledFor(file);
    if (c) {
      const { size: _s, mtimeMs: _m, compiled: _c, ...v } = c.entry;
      out.push(v);
      continue;
    }
    const { loadCatalogFile } = await import('./catalog-file.js');
    const { catalogCounts } = await import('../core/catalog/catalog.js');
    const cat = loadCatalogFile(file, 'shipped');
    out.push({ version: cat.meta.version, published: cat.meta.published, id: cat.meta.id, hash: cat.meta.hash, file: basename(file), counts: catalogCounts(cat) });
  }
  return out;
}

const releaseCache = new Map<string, Release>();

/** A shipped release, plain or with history (the compiled JSON when fresh). */
export async function loadShippedRelease(version: string): Promise<Release> {
  const cached = releaseCache.get(version);
  if (cached) return cached;
  const files = shippedVersionFiles();
  const hit = files.find((f) => f.version === version);
  if (!hit) throw new InputError(`unknown catalog version "${version}"; shipped versions: ${files.map((f) => f.version).join(', ') || 'none'}`);
  const c = compiledFor(hit.file);
  let release: Release;
  if (c) {
    const data = JSON.parse(readFileSync(c.path, 'utf8')) as (Catalog | HistoryCatalog) & { schema: string };
    release = data.schema === 'costopt.catalog/v2' ? { kind: 'history', history: data as HistoryCatalog } : { kind: 'plain', catalog: data as Catalog };
  } else {
    const { loadReleaseFile } = await import('./catalog-file.js');
    release = loadReleaseFile(hit.file, 'shipped');
  }
  releaseCache.set(version, release);
  return release;
}

/** A shipped release as a plain catalog: with history, the prices in force on `day` (default: its publication day). */
export async function loadShipped(version: string, day?: string): Promise<Catalog> {
  const r = await loadShippedRelease(version);
  if (r.kind === 'plain') return structuredClone(r.catalog);
  const { snapshotAt } = await import('../core/catalog/timeline.js');
  return snapshotAt(r.history, day ?? r.history.published);
}

export interface CatalogChoice {
  /** a version (`2026-11-01`, `latest`) or a path to a catalog file */
  catalog?: string | undefined;
  /** pick the newest version published on or before this date */
  asOf?: string | undefined;
  /** a pricing overrides file */
  overridesFile?: string | undefined;
}

export function looksLikePath(s: string): boolean {
  return s.includes('/') || s.includes('\\') || /\.ya?ml$/i.test(s) || (existsSync(s) && statSync(s).isFile());
}

/**
 * The shipped versions other than `cat`'s whose catalog `has` accepts (an id added later, or
 * retired since): what the hint for an id missing from the version in use names.
 */
export async function otherShippedVersionsWith(cat: Catalog, has: (other: Catalog) => boolean): Promise<string[]> {
  const out: string[] = [];
  for (const f of shippedVersionFiles()) {
    if (f.version !== cat.meta.version && has(await resolveCatalog({ catalog: f.version }))) out.push(f.version);
  }
  return out;
}

/** `--as-of`'s date, checked (calendar-valid YYYY-MM-DD). */
export function checkAsOf(asOf: string, path = '--as-of'): string {
  if (!isCalendarDate(asOf)) throw new InputError({ severity: 'error', path, message: `expected a date YYYY-MM-DD, got "${asOf}"` });
  return asOf;
}

/**
 * The release a choice names: a catalog file, a shipped version, or (neither) the newest
 * shipped release; `--as-of` without a release uses the newest one when it has price history,
 * else the newest version published on or before that day (plain releases have no history).
 */
export async function resolveRelease(choice: CatalogChoice = {}): Promise<Release> {
  const spec = choice.catalog;
  if (spec && spec !== 'latest' && looksLikePath(spec)) {
    // read relative to the working directory, named as the user wrote it (file:line:col diagnostics)
    const { loadReleaseFile } = await import('./catalog-file.js');
    const r = loadReleaseFile(spec, 'file');
    if (r.kind === 'plain') r.catalog.meta.path = spec;
    else r.history.meta.path = spec;
    return r;
  }
  const files = shippedVersionFiles();
  if (!files.length) throw new Error('no shipped catalog versions found in ' + shippedPricingDir());
  if (spec && spec !== 'latest') {
    if (!isCalendarDate(spec)) throw new InputError({ severity: 'error', path: '--catalog', message: `expected a catalog version (a date YYYY-MM-DD, or latest) or a path to a catalog file, got "${spec}"` });
    return loadShippedRelease(spec);
  }
  const newest = await loadShippedRelease(files[files.length - 1]!.version);
  if (!choice.asOf || newest.kind === 'history') return newest;
  const asOf = checkAsOf(choice.asOf);
  const eligible = files.filter((f) => f.version <= asOf);
  if (!eligible.length) throw new InputError({ severity: 'error', path: '--as-of', message: `no catalog version was published on or before ${asOf}; the oldest is ${files[0]!.version}` });
  return loadShippedRelease(eligible[eligible.length - 1]!.version);
}

/** Resolve `--catalog`, `--as-of` and `--pricing-overrides` into one catalog: the prices in force on the as-of day. */
export async function resolveCatalog(choice: CatalogChoice = {}): Promise<Catalog> {
  if (choice.asOf) checkAsOf(choice.asOf);
  const r = await resolveRelease(choice);
  let cat: Catalog;
  if (r.kind === 'plain') cat = structuredClone(r.catalog);
  else {
    const { snapshotAt } = await import('../core/catalog/timeline.js');
    cat = snapshotAt(r.history, choice.asOf ?? r.history.published);
  }
  if (choice.overridesFile) {
    const { applyOverridesFile } = await import('./catalog-file.js');
    cat = applyOverridesFile(cat, choice.overridesFile);
  }
  return cat;
}

/**
 * One side of `pricing diff`: a shipped release (as published), a catalog file, `release@day`
 * (`latest@2025-03-01`, `2026-12-01@2024-06-01`: a release with history at a day), or a bare day
 * that is not a release's name (the newest release at that day).
 */
export async function catalogAtSide(spec: string, arg: string, overridesFile?: string): Promise<Catalog> {
  const { releaseAt } = await import('./catalog-file.js');
  const at = spec.lastIndexOf('@');
  const isDay = /^\d{4}-\d{2}-\d{2}$/;
  let release: string;
  let day: string | undefined;
  if (at > 0 && isDay.test(spec.slice(at + 1))) {
    release = spec.slice(0, at);
    day = checkAsOf(spec.slice(at + 1), arg);
  } else if (isDay.test(spec) && !shippedVersionFiles().some((f) => f.version === spec)) {
    release = 'latest';
    day = checkAsOf(spec, arg);
  } else release = spec;
  const r = await resolveRelease({ catalog: release });
  if (day !== undefined && r.kind === 'plain') {
    throw new InputError({ severity: 'error', path: arg, message: `catalog ${r.catalog.meta.id} ${r.catalog.meta.version} has no price history, so it cannot be read at a day (${spec})`, hint: 'a date alone (2025-03-01) reads the newest release at that day' });
  }
  let c = releaseAt(r, day);
  if (overridesFile) {
    const { applyOverridesFile } = await import('./catalog-file.js');
    c = applyOverridesFile(c, overridesFile);
  }
  return c;
}
