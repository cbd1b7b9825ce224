import { isCalendarDate } from '../core/date.js';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../core/errors.js';
import type { Catalog } from '../core/catalog/catalog.js';

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

export async function loadShipped(version: string): Promise<Catalog> {
  const files = shippedVersionFiles();
  const hit = files.find((f) => f.version === version);
  if (!hit) throw new InputError(`unknown catalog version "${version}"; shipped versions: ${files.map((f) => f.version).join(', ') || 'none'}`);
  const c = compiledFor(hit.file);
  if (c) return JSON.parse(readFileSync(c.path, 'utf8')) as Catalog;
  const { loadCatalogFile } = await import('./catalog-file.js');
  return loadCatalogFile(hit.file, 'shipped');
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

/** Resolve `--catalog`, `--as-of` and `--pricing-overrides` into one catalog. */
export async function resolveCatalog(choice: CatalogChoice = {}): Promise<Catalog> {
  let cat: Catalog;
  const spec = choice.catalog;
  if (spec && spec !== 'latest' && looksLikePath(spec)) {
    // read relative to the working directory, named as the user wrote it (file:line:col diagnostics)
    const { loadCatalogFile } = await import('./catalog-file.js');
    cat = loadCatalogFile(spec, 'file');
    cat.meta.path = spec;
  } else {
    const files = shippedVersionFiles();
    if (!files.length) throw new Error('no shipped catalog versions found in ' + shippedPricingDir());
    let version: string;
    if (spec && spec !== 'latest') {
      if (!isCalendarDate(spec)) throw new InputError({ severity: 'error', path: '--catalog', message: `expected a catalog version (a date YYYY-MM-DD, or latest) or a path to a catalog file, got "${spec}"` });
      version = spec;
    } else if (choice.asOf) {
      if (!isCalendarDate(choice.asOf)) throw new InputError({ severity: 'error', path: '--as-of', message: `expected a date YYYY-MM-DD, got "${choice.asOf}"` });
      const eligible = files.filter((f) => f.version <= choice.asOf!);
      if (!eligible.length) throw new InputError({ severity: 'error', path: '--as-of', message: `no catalog version was published on or before ${choice.asOf}; the oldest is ${files[0]!.version}` });
      version = eligible[eligible.length - 1]!.version;
    } else {
      version = files[files.length - 1]!.version;
    }
    cat = await loadShipped(version);
  }
  if (choice.overridesFile) {
    const { applyOverridesFile } = await import('./catalog-file.js');
    cat = applyOverridesFile(cat, choice.overridesFile);
  }
  return cat;
}

