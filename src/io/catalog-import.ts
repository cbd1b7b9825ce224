import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Document, isMap, isPair, isScalar, isSeq, visit } from 'yaml';
import { InputError, type Diagnostic } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import { lintCatalog, lintHistory } from '../core/catalog/lint.js';
import { convertLiteLLM } from '../core/catalog/import-litellm.js';
import { convertGenaiPrices } from '../core/catalog/import-genai.js';
import {
  IMPORT_FORMATS,
  isDate,
  isRecord,
  summariseFixes,
  summariseSkips,
  type CatalogText,
  type ImportFormat,
  type ImportResult,
  type ImportSource,
  type PricingImportResult,
} from '../core/catalog/import-common.js';
import { parseCatalog, parseRelease, sha256, type Release } from './catalog-file.js';
import { refreshRelease, type RefreshReport } from '../core/catalog/release-refresh.js';
import type { HistoryCatalog } from '../core/catalog/timeline.js';
import type { HistoryCatalogFile } from '../core/catalog/history-schema.js';
import { releaseYaml } from './release-build.js';
import { shippedPricingDir } from './catalog.js';
import { parseJsonText } from './json.js';
import { readInputBytes, readInputText } from './read-file.js';

// `costopt pricing import`: read a community price file, convert it (core), write the catalog
// as YAML with a header naming its origin, and report what was left out and why.

export interface ImportRequest {
  format: string;
  file: string;
  /** YYYY-MM-DD: the new catalog's version and published date */
  version: string | undefined;
  /** genai-prices: take prices in force on this date (default: version) */
  asOf?: string | undefined;
  providers?: string[] | undefined;
  /** catalog path, a directory, or "-" for stdout; default ./<version>.yaml */
  out?: string | undefined;
  force?: boolean | undefined;
  cwd: string;
  /** the import date written into the header */
  today: string;
  /** costopt's own version, for the header */
  tool: string;
}

export interface ImportOutcome {
  result: PricingImportResult;
  /** the catalog text (written to `result.output`, or to be printed when that is "-") */
  yaml: string;
  warnings: string[];
}

/** Where each format comes from upstream, when no .meta.json beside the file says more. */
const ORIGIN: Record<ImportFormat, { url: string; key: string; license: string }> = {
  litellm: { url: 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', key: 'litellm', license: 'MIT' },
  'genai-prices': { url: 'https://github.com/pydantic/genai-prices/blob/main/prices/new_data/v2/data.json', key: 'genai-prices', license: 'MIT' },
};

export function importPriceFile(req: ImportRequest): ImportOutcome {
  const format = checkFormat(req.format);
  const version = checkDate(req.version, '--version', 'the new catalog version, e.g. --version 2026-08-01');
  const asOf = req.asOf === undefined ? undefined : checkDate(req.asOf, '--as-of', 'the date whose prices to take');
  const warnings: string[] = [];
  if (format === 'litellm' && asOf) warnings.push('LiteLLM files have no price history; --as-of is ignored (every price is the file\'s current one)');

  const bytes = readInputBytes(req.file, 'price-file');
  const hash = sha256(bytes);
  const data = parseJsonText(bytes.toString('utf8'), req.file);
  const meta = findMeta(req.file);
  const source = sourceFor(format, req.file, hash, meta, warnings);

  const opts = { version, source, ...(req.providers?.length ? { providers: req.providers } : {}), ...(asOf ? { asOf } : {}) };
  let res: ImportResult;
  try {
    res = format === 'litellm' ? convertLiteLLM(data, opts) : convertGenaiPrices(data, opts);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(e.diagnostics.map((d): Diagnostic => ({ ...d, file: d.file ?? req.file })));
    throw e;
  }
  for (const p of req.providers ?? []) {
    if (!res.providersSeen.includes(p.trim().toLowerCase())) {
      const hint = didYouMean(p, res.providersSeen);
      throw new InputError({ severity: 'error', path: '--provider', message: `no model of provider "${p}" in ${req.file}${hint ? `; ${hint}` : ''}` });
    }
  }

  const outPath = resolveOut(req, version);
  const shownOut = outPath === '-' ? '-' : outPath;
  const yaml = toYaml(res.catalog, [
    `Imported by costopt ${req.tool} \`pricing import ${format}\` on ${req.today}.`,
    `Origin file: ${basename(req.file)} (sha256 ${hash.replace(/^sha256:/, '')})`,
    `Upstream: ${source.url} (as of ${source.as_of}); second-hand prices, USD per 1M tokens; null = unknown.`,
    ...(format === 'genai-prices' ? [`Prices in force on ${asOf ?? version} per the file's price history.`] : []),
  ]);

  // The written text is what counts: load it back through the catalog loader and lint it.
  const { catalog } = parseCatalog(yaml, outPath === '-' ? '<stdout>' : outPath, 'file');
  const violations = lintCatalog(catalog).length;
  if (violations) throw new Error(`the imported catalog has ${violations} lint violation(s); this is a bug in the importer`);

  if (outPath !== '-') write(outPath, yaml, Boolean(req.force));

  const models = res.catalog.models;
  const result: PricingImportResult = {
    format,
    input: { file: req.file, sha256: hash, entries: res.entries, meta: meta ? meta.file : null },
    source: { key: source.key, url: source.url, asOf: source.as_of, secondary: true },
    pricesAsOf: format === 'genai-prices' ? (asOf ?? version) : null,
    output: shownOut,
    catalog: { id: catalog.meta.id, version: catalog.meta.version, hash: catalog.meta.hash },
    counts: {
      entries: res.entries,
      models: models.length,
      chat: models.filter((m) => m.kind === 'chat').length,
      embedding: models.filter((m) => m.kind === 'embedding').length,
      skipped: res.skipped.length,
      ratesSetToNull: res.fixes.length,
    },
    skipped: summariseSkips(res.skipped),
    repairs: summariseFixes(res.fixes),
    notImported: Object.entries(res.notImported).map(([field, count]) => ({ field, count })).sort((a, b) => b.count - a.count || a.field.localeCompare(b.field)),
    lint: { violations },
    skippedEntries: res.skipped,
  };
  return { result, yaml, warnings };
}

function checkFormat(f: string): ImportFormat {
  const hit = IMPORT_FORMATS.find((x) => x === f.toLowerCase());
  if (hit) return hit;
  const hint = didYouMean(f, IMPORT_FORMATS);
  throw new InputError({ severity: 'error', path: '<format>', message: `expected ${IMPORT_FORMATS.join(' or ')}, got "${f}"${hint ? `; ${hint}` : ''}` });
}

function checkDate(v: string | undefined, flag: string, what: string): string {
  if (v === undefined) throw new InputError({ severity: 'error', path: flag, message: `missing ${flag} <YYYY-MM-DD> (${what})` });
  if (!isDate(v)) throw new InputError({ severity: 'error', path: flag, message: `expected a date YYYY-MM-DD, got "${v}"` });
  return v;
}

interface Meta {
  file: string;
  data: Record<string, unknown>;
}

/** `<stem>.meta.json` beside the file, or any `*.meta.json` there that names the file. */
function findMeta(file: string): Meta | undefined {
  const dir = dirname(file);
  const name = basename(file);
  const read = (p: string): Record<string, unknown> | undefined => {
    try {
      const d: unknown = parseJsonText(readInputText(p), p);
      return isRecord(d) ? d : undefined;
    } catch {
      return undefined;
    }
  };
  const own = join(dir, name.replace(/\.json$/i, '') + '.meta.json');
  if (existsSync(own)) {
    const d = read(own);
    if (d) return { file: own, data: d };
  }
  let list: string[] = [];
  try {
    list = readdirSync(dir).filter((f) => f.endsWith('.meta.json')).sort();
  } catch {
    return undefined;
  }
  for (const f of list) {
    const d = read(join(dir, f));
    if (d && (d.file === name || (Array.isArray(d.files) && d.files.includes(name)))) return { file: join(dir, f), data: d };
  }
  return undefined;
}

function sourceFor(format: ImportFormat, file: string, hash: string, meta: Meta | undefined, warnings: string[]): ImportSource {
  const o = ORIGIN[format];
  const m = meta?.data ?? {};
  const str = (k: string) => (typeof m[k] === 'string' ? (m[k] as string) : undefined);
  const dateOf = (k: string) => {
    const s = str(k)?.slice(0, 10);
    return s && isDate(s) ? s : undefined;
  };
  let asOf = dateOf('as_of') ?? dateOf('commit_date') ?? dateOf('mirror_commit_date') ?? dateOf('upstream_snapshot_time') ?? dateOf('date');
  let dated = `${meta ? basename(meta.file) : ''}`;
  if (!asOf) {
    asOf = new Date(statSync(file).mtimeMs).toISOString().slice(0, 10);
    dated = 'file modification time';
    warnings.push(`no .meta.json with a date beside ${file}: the source's as_of is the file's modification date ${asOf}`);
  }
  const repo = str('upstream_repo');
  const paths = Array.isArray(m.upstream_paths) ? m.upstream_paths.filter((x): x is string => typeof x === 'string') : [];
  const path = str('upstream_path') ?? paths.find((p) => !p.includes('schema')) ?? paths[0];
  const ref = str('commit') ?? str('upstream_branch') ?? 'main';
  const url = repo && path ? `https://github.com/${repo}/blob/${ref}/${path}` : o.url;
  const parts = [`imported from ${basename(file)} (sha256 ${hash.replace(/^sha256:/, '').slice(0, 12)})`, `as_of from ${dated}`];
  const via = str('obtained_via') ? `via mirror commit ${str('mirror_commit') ?? '?'}` : undefined;
  if (via) parts.push(via);
  return { key: `${o.key}-${asOf}`, url, as_of: asOf, license: str('license')?.split(' ')[0] ?? o.license, note: parts.join('; ') };
}

function resolveOut(req: ImportRequest, version: string): string {
  if (req.out === '-') return '-';
  const explicit = req.out !== undefined && req.out !== '';
  let out = resolve(req.cwd, explicit ? req.out! : `${version}.yaml`);
  if (explicit && existsSync(out) && statSync(out).isDirectory()) out = join(out, `${version}.yaml`);
  if (!explicit) {
    let shipped: string | undefined;
    try {
      shipped = shippedPricingDir();
    } catch {
      shipped = undefined;
    }
    if (shipped && resolve(dirname(out)) === resolve(shipped)) {
      throw new InputError({ severity: 'error', path: '--out', message: `refusing to write into costopt's shipped pricing/ folder (${shipped}) by default; pass --out <path> to choose the file` });
    }
  }
  return out;
}

function write(path: string, text: string, force: boolean): void {
  try {
    writeFileSync(path, text, { flag: force ? 'w' : 'wx' });
  } catch (e) {
    const code = e instanceof Error && 'code' in e ? String(e.code) : '';
    if (code === 'EEXIST') throw new InputError({ severity: 'error', file: path, message: 'already exists; pass --force to overwrite it or --out to write elsewhere' });
    if (code === 'ENOENT') throw new InputError({ severity: 'error', file: path, message: 'cannot write: the directory does not exist' });
    if (code === 'EISDIR') throw new InputError({ severity: 'error', file: path, message: 'cannot write: is a directory' });
    if (code === 'EACCES' || code === 'EROFS') throw new InputError({ severity: 'error', file: path, message: 'cannot write: permission denied' });
    throw e;
  }
}

/** YAML in the shipped catalogs' style: rate blocks in flow style, a blank line between models. */
function toYaml(catalog: CatalogText, header: string[]): string {
  const doc = new Document(catalog);
  visit(doc, {
    Pair(_, pair) {
      if (!isPair(pair) || !isScalar(pair.key)) return;
      const k = String(pair.key.value);
      const v = pair.value;
      if ((k === 'batch' || k === 'flex' || k === 'priority') && isMap(v)) v.flow = true;
      if ((k === 'aliases' || k === 'long_context') && isSeq(v)) {
        if (k === 'aliases') v.flow = true;
        for (const item of v.items) if (isMap(item)) item.flow = true;
      }
      if (k === 'models' && isSeq(v)) v.items.forEach((item, i) => { if (i > 0 && isMap(item)) item.spaceBefore = true; });
    },
  });
  return header.map((l) => `# ${l}`).join('\n') + '\n' + doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

export interface ReleaseImportRequest {
  litellmFile: string;
  genaiFile: string;
  version: string | undefined;
  /** the release to refresh (default: the newest shipped one); must have price history */
  base: Release;
  out?: string | undefined;
  force?: boolean | undefined;
  cwd: string;
  today: string;
  tool: string;
}

/**
 * `costopt pricing import release <litellm.json> <genai-prices.json>`: a candidate release from
 * the newest release and newer community files (core/catalog/release-refresh.ts), written as
 * YAML, loaded back and linted, with the discrepancy report.
 */
export function importRelease(req: ReleaseImportRequest): { result: ReleaseImportResult; yaml: string; warnings: string[] } {
  const version = checkDate(req.version, '--version', 'the candidate release, e.g. --version 2027-01-01');
  if (req.base.kind !== 'history') throw new InputError({ severity: 'error', path: '--catalog', message: `release ${req.base.catalog.meta.version} has no price history to refresh (schema v1)` });
  const base = req.base.history;
  if (version <= base.version) throw new InputError({ severity: 'error', path: '--version', message: `the candidate ${version} must be newer than the release it refreshes (${base.version})` });
  const warnings: string[] = [];
  const read = (file: string, format: ImportFormat) => {
    const bytes = readInputBytes(file, 'price-file');
    const hash = sha256(bytes);
    return { data: parseJsonText(bytes.toString('utf8'), file), source: sourceFor(format, file, hash, findMeta(file), warnings), hash };
  };
  const lit = read(req.litellmFile, 'litellm');
  const gen = read(req.genaiFile, 'genai-prices');
  if (!isRecord(lit.data)) throw new InputError({ severity: 'error', file: req.litellmFile, message: 'expected a LiteLLM price map (a JSON object of model keys)' });
  if (!Array.isArray(gen.data)) throw new InputError({ severity: 'error', file: req.genaiFile, message: 'expected a genai-prices data.json (a JSON list of providers)' });
  const { catalog, report } = refreshRelease({
    base: stripMeta(base),
    version,
    litellm: lit.data,
    litellmSource: { key: lit.source.key, url: lit.source.url, as_of: lit.source.as_of, note: lit.source.note },
    genai: gen.data,
    genaiSource: { key: gen.source.key, url: gen.source.url, as_of: gen.source.as_of, note: gen.source.note },
  });
  const yaml = releaseYaml(catalog, [
    `Candidate release ${version}, built by costopt ${req.tool} \`pricing import release\` on ${req.today}`,
    `from release ${base.version} (sha256 ${base.meta.hash.replace(/^sha256:/, '').slice(0, 12)}), ${basename(req.litellmFile)} (as of ${lit.source.as_of}) and ${basename(req.genaiFile)} (as of ${gen.source.as_of}).`,
    'Review the discrepancy report before shipping it (pricing/README.md, "The monthly refresh").',
  ]);
  const outPath = resolveOut({ ...req, format: 'release', file: req.litellmFile }, version);
  const { release } = parseRelease(yaml, outPath === '-' ? '<stdout>' : outPath, 'file');
  const violations = release.kind === 'history' ? lintHistory(release.history).length : 0;
  if (outPath !== '-') write(outPath, yaml, Boolean(req.force));
  const result: ReleaseImportResult = {
    base: { version: base.version, hash: base.meta.hash },
    inputs: { litellm: { file: req.litellmFile, sha256: lit.hash, asOf: lit.source.as_of }, genaiPrices: { file: req.genaiFile, sha256: gen.hash, asOf: gen.source.as_of } },
    output: outPath,
    catalog: { version, hash: sha256(yaml) },
    lint: { violations },
    report,
  };
  return { result, yaml, warnings };
}

export interface ReleaseImportResult {
  base: { version: string; hash: string };
  inputs: { litellm: { file: string; sha256: string; asOf: string }; genaiPrices: { file: string; sha256: string; asOf: string } };
  output: string;
  catalog: { version: string; hash: string };
  lint: { violations: number };
  report: RefreshReport;
}

function stripMeta(h: HistoryCatalog): HistoryCatalogFile {
  const { meta: _m, ...rest } = h;
  return rest;
}
