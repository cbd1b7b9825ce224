import { InputError, formatPath, type Diagnostic } from '../../core/errors.js';
import { CsvParser } from '../../core/billing/csv.js';
import type { BillingFormat } from '../../core/billing/format.js';
import { FORMATS, detectFormat, formatById } from '../../core/billing/formats/index.js';
import { bindMapping, type BoundMapping } from '../../core/billing/map-row.js';
import { mappingColumnRefs, mappingColumns, mappingFileSchema, mappingFromFile, normalizeHeader } from '../../core/billing/mapping.js';
import { didYouMean, suggest } from '../../core/suggest.js';
import { loadYamlFile, type YamlSource } from '../yaml.js';
import { parseWith } from '../validate.js';
import { openText, type InputFile } from './inputs.js';
import { jsonKindOf, sampleJsonFields, type JsonKind } from './json-reader.js';

/**
 * Before any engine runs: every input's header is read, its format chosen (detected,
 * `--format-hint`, or `--map`) and the mapping bound to it. Engines get `PreparedInput`s, so
 * the JS and DuckDB engines read each file with the same mapping.
 */
export interface PreparedInput extends InputFile {
  format: BillingFormat;
  /** e.g. "FOCUS 1.2", "Azure EA cost details" */
  label: string;
  /** the header as read (raw cells) */
  header: string[];
  /** the mapping bound to this header (column indexes resolved) */
  bound: BoundMapping;
  /** from the file name, when it says (`...ActualCost...`, `...Amortized...`) */
  variantHint?: 'actual' | 'amortized' | undefined;
  /** usage records kept as JSON or JSONL: read as flattened records (json-reader.ts), `header` is the mapping's field names */
  json?: JsonKind | undefined;
}

export interface FormatChoice {
  formatHint?: string | undefined;
  mapFile?: string | undefined;
}

/** The first CSV record of a file. */
export async function readHeader(f: InputFile): Promise<string[]> {
  const stream = openText(f);
  let header: string[] | undefined;
  let start = '';
  const p = new CsvParser((fields) => {
    header ??= fields;
  });
  try {
    for await (const chunk of stream) {
      if (start.length < 4096) start += chunk.slice(0, 4096 - start.length);
      p.push(chunk);
      if (header) break;
    }
    if (!header) p.end();
  } catch (e) {
    throw new InputError({ severity: 'error', file: f.shown, message: `cannot read: ${e instanceof Error ? e.message : String(e)}` });
  } finally {
    if ('destroy' in stream && typeof stream.destroy === 'function') stream.destroy();
  }
  const notText = notCsvText(start);
  if (notText) throw new InputError({ severity: 'error', file: f.shown, line: 1, col: 1, message: notText.message, hint: notText.hint });
  if (!header || header.every((h) => h.trim() === '')) throw new InputError({ severity: 'error', file: f.shown, line: 1, col: 1, message: 'empty file: no header row' });
  return header;
}

/**
 * The start of a file that is not CSV text: UTF-16 (a BOM, or every other byte NUL: Excel's
 * "Unicode text", PowerShell's Out-File) or binary data (NUL or control bytes). Text that is
 * not UTF-8 (Latin-1 accents) is still read.
 */
export function notCsvText(start: string): { message: string; hint?: string } | undefined {
  const head = start.replace(/^\uFFFD\uFFFD/, '');
  // eslint-disable-next-line no-control-regex -- looking for NUL bytes is the point
  if (/^([^\u0000]\u0000){4}|^(\u0000[^\u0000]){4}/.test(head) || (/^\uFFFD\uFFFD/.test(start) && head.includes('\u0000'))) {
    return { message: 'UTF-16 text, not UTF-8: costopt reads UTF-8 CSV', hint: 'save the export as "CSV UTF-8" (Excel) or convert it: iconv -f UTF-16 -t UTF-8 file.csv > file-utf8.csv' };
  }
  // NUL, or control bytes other than tab, CR, LF and form feed
  // eslint-disable-next-line no-control-regex -- looking for control bytes is the point
  if (/[\u0000-\u0008\u000B\u000E-\u001F]/.test(start)) return { message: 'binary data, not CSV text (a control byte within the first 4 KB)' };
  return undefined;
}

/** A header that is a single field holding semicolons or tabs: the file uses another separator. */
function otherSeparator(header: readonly string[]): { char: string; name: string; count: number } | undefined {
  if (header.length !== 1) return undefined;
  for (const [char, name] of [[';', 'semicolon'], ['\t', 'tab'], ['|', 'pipe']] as const) {
    const count = header[0]!.split(char).length - 1;
    if (count > 0) return { char, name, count };
  }
  return undefined;
}

export function loadMapFile(file: string): BillingFormat {
  return loadMapFileWithSource(file).format;
}

function loadMapFileWithSource(file: string): { format: BillingFormat; src: YamlSource } {
  const src = loadYamlFile(file);
  const parsed = parseWith(mappingFileSchema, src);
  const mapping = mappingFromFile(parsed);
  return { format: { id: mapping.format, mapping }, src };
}

/**
 * Columns a mapping file names that a bill does not have: each an error at the mapping file's
 * line (a charge_kind rule or a skip condition on a missing column was silently never true).
 */
function columnsMissingFrom(src: YamlSource, header: readonly string[], bill: string): Diagnostic[] {
  const have = new Set(header.map((h) => normalizeHeader(h).toLowerCase()));
  const out: Diagnostic[] = [];
  for (const ref of mappingColumnRefs(src.data)) {
    if (ref.columns.some((c) => have.has(c.trim().toLowerCase()))) continue;
    const close = ref.columns.flatMap((c) => suggest(c, header.map(normalizeHeader), 1));
    out.push({
      severity: 'error', ...src.locate(ref.path), path: formatPath(ref.path),
      message: `no column ${ref.columns.map((c) => JSON.stringify(c)).join(' or ')} in ${bill}`,
      hint: close.length ? `did you mean ${close.map((c) => `"${c}"`).join(' or ')}?` : undefined,
    });
  }
  return out;
}

export async function prepareInputs(files: readonly InputFile[], choice: FormatChoice): Promise<PreparedInput[]> {
  let forced: BillingFormat | undefined;
  let mapSource: YamlSource | undefined;
  if (choice.mapFile) ({ format: forced, src: mapSource } = loadMapFileWithSource(choice.mapFile));
  else if (choice.formatHint) {
    forced = formatById(choice.formatHint);
    if (!forced) {
      const ids = FORMATS.map((f) => f.id);
      const dym = didYouMean(choice.formatHint, ids);
      throw new InputError({ severity: 'error', path: '--format-hint', message: `unknown format "${choice.formatHint}"${dym ? ` (${dym})` : ''}; known: ${ids.join(', ')}` });
    }
  }
  const out: PreparedInput[] = [];
  const diags: Diagnostic[] = [];
  for (const f of files) {
    const jsonKind = jsonKindOf(f.path);
    if (jsonKind) {
      const prepared = await prepareJson(f, jsonKind, forced, diags);
      if (prepared) out.push(prepared);
      continue;
    }
    // Parquet: the schema's column names are the header (read by DuckDB)
    const header = /\.parquet$/i.test(f.path) ? await (await import('./duckdb/parquet.js')).parquetHeader(f) : await readHeader(f);
    const sep = otherSeparator(header);
    if (sep) {
      diags.push({ severity: 'error', file: f.shown, line: 1, col: 1, message: `the header is one column holding ${sep.count} "${sep.char === '\t' ? '\\t' : sep.char}": a ${sep.name}-separated file; costopt reads comma-separated CSV`, hint: `re-export it comma-separated (Excel: "CSV UTF-8 (Comma delimited)"), or convert it (csvkit: csvformat -${sep.char === '\t' ? 't' : `d "${sep.char}"`} ${f.shown})` });
      continue;
    }
    let format: BillingFormat;
    let label: string;
    const detected = detectFormat(header);
    if (forced) {
      format = forced;
      label = detected?.format.id === forced.id ? detected.label : forced.mapping.label;
    } else if (detected) {
      format = detected.format;
      label = detected.label;
    } else {
      const shown = header.slice(0, 6).map(normalizeHeader).join(', ');
      diags.push({
        severity: 'error', file: f.shown, line: 1, col: 1,
        message: `unrecognised billing export (header starts: ${shown}${header.length > 6 ? ', ...' : ''})`,
        hint: `pass --format-hint <${FORMATS.map((x) => x.id).join('|')}> or --map mapping.yaml (see docs/analyze.md, "Mapping file")`,
      });
      continue;
    }
    if (mapSource) {
      const missing = columnsMissingFrom(mapSource, header, f.shown);
      if (missing.length) {
        diags.push(...missing);
        continue;
      }
    }
    const b = bindMapping(format.mapping, header);
    if (!b.bound) {
      for (const m of b.missing) {
        diags.push({ severity: 'error', file: f.shown, line: 1, col: 1, path: m.field, message: `${label}: no column ${m.columns.map((c) => `"${c}"`).join(' or ')} in the header`, hint: m.hint });
      }
      continue;
    }
    const name = f.shown.toLowerCase();
    const variantHint = /amorti[sz]ed/.test(name) ? 'amortized' : /actual/.test(name) ? 'actual' : undefined;
    out.push({ ...f, format, label, header, bound: b.bound, variantHint });
  }
  if (diags.length) throw new InputError(diags);
  return out;
}

/**
 * A JSON or JSONL input: its format detected from the field names of its first records (as a
 * CSV's from its header), then bound to the mapping's own field names, which each record's row
 * is built in (json-reader.ts JsonRowBuilder).
 */
async function prepareJson(f: InputFile, kind: JsonKind, forced: BillingFormat | undefined, diags: Diagnostic[]): Promise<PreparedInput | undefined> {
  const keys = await sampleJsonFields(f, kind);
  if (!keys.size) {
    diags.push({ severity: 'error', file: f.shown, line: 1, col: 1, message: `no records: the ${kind === 'jsonl' ? 'JSONL file holds no JSON object' : 'JSON document holds no object'}` });
    return undefined;
  }
  const detected = detectFormat([...keys]);
  const format = forced ?? detected?.format;
  if (!format) {
    const shown = [...keys].slice(0, 8).join(', ');
    diags.push({
      severity: 'error', file: f.shown, line: 1, col: 1,
      message: `unrecognised usage records (fields of the first records: ${shown}${keys.size > 8 ? ', ...' : ''})`,
      hint: `pass --format-hint <${FORMATS.filter((x) => x.json).map((x) => x.id).join('|')}> or --map mapping.yaml naming the fields with dots (message.usage.input_tokens)`,
    });
    return undefined;
  }
  const label = detected?.format.id === format.id ? detected.label : format.mapping.label;
  // the mapping's fields, and the derived count of tokens no rate prices (read by the engine)
  const replay = format.json?.replay;
  const header = [...new Set([...mappingColumns(format.mapping), 'costopt.unpriced_tokens', ...(replay ? [replay.key, replay.flag] : [])])];
  const b = bindMapping(format.mapping, header);
  if (!b.bound) {
    diags.push({ severity: 'error', file: f.shown, message: `${label}: cannot bind the mapping (${b.missing.map((m) => m.field).join(', ')})` });
    return undefined;
  }
  return { ...f, format, label, header, bound: b.bound, json: kind };
}
