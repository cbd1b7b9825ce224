import type { FieldGetter, JsonRules } from '../../core/billing/format.js';
import { fieldNames, flattenRecord, recordsOf, type FlatRecord } from '../../core/billing/json-records.js';
import { InputError } from '../../core/errors.js';
import { formatBytes } from '../read-file.js';
import { parseJsonText } from '../json.js';
import { openText, type InputFile } from './inputs.js';

/**
 * Usage records kept as JSON or JSONL, read as rows of named fields (core/billing/json-records.ts)
 * for the row mapper. JSONL is streamed a line at a time (memory holds one line); a JSON
 * document is parsed whole, so it is refused above JSON_DOCUMENT_BYTES with a hint to write it
 * as JSONL. Every document and line goes through parseJsonText (depth, `__proto__`, positions).
 */
export type JsonKind = 'json' | 'jsonl';

/** The largest JSON document read whole (JSONL has no limit but a line's). */
export const JSON_DOCUMENT_BYTES = 64 * 1024 * 1024;
/** The longest JSONL line (one record). */
export const JSONL_LINE_CHARS = 16 * 1024 * 1024;

/** JSON or JSONL by name (`.json`, `.jsonl`, `.ndjson`, also gzipped); undefined for other files. */
export function jsonKindOf(path: string): JsonKind | undefined {
  if (/\.(jsonl|ndjson)(\.gz)?$/i.test(path)) return 'jsonl';
  if (/\.json(\.gz)?$/i.test(path)) return 'json';
  return undefined;
}

export interface JsonItem {
  /** 1-based line of the record (JSONL: its line; a JSON document: 1) */
  line: number;
  /** where the record is in its document (`$.observations[3]`); `$` for a JSONL line that is the record */
  path: string;
  flat: FlatRecord & { truncated?: boolean };
}
export interface JsonBad {
  line: number;
  col: number;
  message: string;
}

/** The parsed documents of a file: each JSONL line, or the one JSON document. Bad JSONL lines come out as problems; a bad document throws (exit 2). */
async function* documents(f: InputFile, kind: JsonKind, onBytes?: (n: number) => void): AsyncGenerator<{ line: number; doc: unknown } | ({ bad: true } & JsonBad)> {
  if (kind === 'json') {
    let text = '';
    let chars = 0;
    for await (const chunk of openText(f, onBytes)) {
      chars += chunk.length;
      if (chars > JSON_DOCUMENT_BYTES) throw new InputError({ severity: 'error', file: f.shown, message: `JSON document larger than ${formatBytes(JSON_DOCUMENT_BYTES)}: costopt reads a JSON document whole`, hint: 'write the records as JSONL (one JSON object a line), which is streamed: jq -c ".[]" file.json > file.jsonl' });
      text += chunk;
    }
    if (text.trim() === '') throw new InputError({ severity: 'error', file: f.shown, line: 1, col: 1, message: 'empty file: no JSON document' });
    yield { line: 1, doc: parseJsonText(text, f.shown) };
    return;
  }
  let rest = '';
  let line = 0;
  const one = (text: string, n: number) => {
    const t = text.replace(/\r$/, '');
    if (t.trim() === '') return undefined;
    try {
      return { line: n, doc: parseJsonText(t, f.shown) };
    } catch (e) {
      if (e instanceof InputError) {
        const d = e.diagnostics[0];
        return { bad: true as const, line: n, col: d?.col ?? 1, message: d?.message ?? 'invalid JSON' };
      }
      throw e;
    }
  };
  for await (const chunk of openText(f, onBytes)) {
    rest += chunk;
    let i: number;
    while ((i = rest.indexOf('\n')) !== -1) {
      line++;
      const r = one(rest.slice(0, i), line);
      rest = rest.slice(i + 1);
      if (r) yield r;
    }
    if (rest.length > JSONL_LINE_CHARS) throw new InputError({ severity: 'error', file: f.shown, line: line + 1, col: 1, message: `a JSONL line longer than ${formatBytes(JSONL_LINE_CHARS)}` });
  }
  if (rest !== '') {
    const r = one(rest, line + 1);
    if (r) yield r;
  }
}

/** Every record of the file, flattened, in order; bad JSONL lines as problems. */
export async function* jsonRecords(f: InputFile, kind: JsonKind, onBytes?: (n: number) => void): AsyncGenerator<JsonItem | ({ bad: true } & JsonBad)> {
  for await (const d of documents(f, kind, onBytes)) {
    if ('bad' in d) {
      yield d;
      continue;
    }
    for (const r of recordsOf(d.doc)) yield { line: d.line, path: r.path, flat: flattenRecord(r.value, r.inherited) };
  }
}

/** Field names of the first records (lower case), for detecting the format like a CSV header. */
export async function sampleJsonFields(f: InputFile, kind: JsonKind, limit = 200): Promise<Set<string>> {
  const flats: FlatRecord[] = [];
  for await (const r of jsonRecords(f, kind)) {
    if ('bad' in r) continue;
    flats.push(r.flat);
    if (flats.length >= limit) break;
  }
  return fieldNames(flats, limit);
}

/** A flattened record with what a format's rules add: carried fields (state across records) and derived fields. */
export class JsonRowBuilder {
  private carried = new Map<string, string>();
  private readonly state = new Map<string, string>();
  constructor(private readonly rules: JsonRules | undefined, private readonly header: readonly string[]) {}

  /** The row's fields in header order, or null when the record is not a usage record. */
  row(flat: FlatRecord): string[] | null {
    const lower = new Map<string, string>();
    for (const [k, v] of flat) {
      const l = k.toLowerCase();
      if (!lower.has(l)) lower.set(l, v);
    }
    const get: FieldGetter = (name) => lower.get(name.toLowerCase()) ?? null;
    const carry = this.rules?.carry;
    if (carry) {
      const v = get(carry.when.column);
      if (v !== null && carry.when.in.some((x) => x.toLowerCase() === v.trim().toLowerCase())) {
        for (const [to, from] of Object.entries(carry.fields)) {
          const x = get(from);
          if (x !== null) this.carried.set(to.toLowerCase(), x);
        }
      }
    }
    if (this.rules && !this.rules.usage(get)) return null;
    for (const [k, v] of this.carried) if (!lower.has(k)) lower.set(k, v);
    if (this.rules?.derive) for (const [k, v] of Object.entries(this.rules.derive(get, this.state))) if (v !== null) lower.set(k.toLowerCase(), v);
    return this.header.map((h) => lower.get(h.toLowerCase()) ?? '');
  }

  /** The value of a derived or carried field of the last row (e.g. `costopt.unpriced_tokens`). */
  static field(header: readonly string[], fields: readonly string[], name: string): string | null {
    const i = header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
    return i === -1 ? null : fields[i] || null;
  }
}
