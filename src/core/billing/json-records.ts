import { isForbiddenKey } from '../safe-keys.js';

/**
 * Usage records kept as JSON (trace exports, gateway spend logs, coding-agent logs, usage API
 * responses) become rows of named fields here, so that each source is one more declarative
 * mapping (mapping.ts) detected from its field names like a CSV header, and read by the same
 * row mapper. Pure: the reader (io/billing/json-reader.ts) gives parsed values.
 *
 * - `recordsOf` finds the records inside a document: the elements of a top-level array; the
 *   spans of an OTLP export (`resourceSpans[].scopeSpans[].spans[]`, the resource's attributes
 *   inherited as `resource.<name>`); Langfuse's `observations[]`; a page's `data[]`; a usage
 *   bucket's `results[]` (the bucket's bounds inherited as `bucket.<name>`); else the object.
 * - `flattenRecord` turns one record into dotted names: `message.usage.input_tokens`. OTel
 *   attributes keep their own dotted names (`attributes.gen_ai.usage.input_tokens`); an OTLP
 *   attribute list (`[{key, value: {intValue: "40"}}]`) is read as the map it encodes; a string
 *   holding a JSON object in a top-level `metadata` field (LiteLLM) is flattened under its name. Arrays of
 *   scalars become their JSON text; `__proto__`-like keys are dropped (the row is a Map anyway).
 */
export type FlatRecord = Map<string, string>;

export interface FoundRecord {
  /** JSON path of the record in its document, e.g. `$.observations[3]` */
  path: string;
  value: unknown;
  /** fields inherited from the container (bucket bounds, OTLP resource attributes) */
  inherited?: FlatRecord;
}

/** Limits on one record, so a hostile file cannot make one row of a million fields. */
export const FLATTEN_LIMITS = { fields: 10_000, depth: 32, nestedJsonChars: 1_000_000 } as const;

/** Fields holding a JSON object as a string, read as that object (LiteLLM's spend-log `metadata`). */
const NESTED_JSON_KEYS = new Set(['metadata']);

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** An OTLP AnyValue (`{stringValue}`, `{intValue}`, ...) to a plain value; undefined when it is not one. */
function anyValue(v: unknown): unknown {
  if (!isObject(v)) return undefined;
  if ('stringValue' in v) return v.stringValue;
  if ('intValue' in v) return v.intValue;
  if ('doubleValue' in v) return v.doubleValue;
  if ('boolValue' in v) return v.boolValue;
  if ('bytesValue' in v) return v.bytesValue;
  if (isObject(v.arrayValue)) return Array.isArray(v.arrayValue.values) ? v.arrayValue.values.map(anyValue) : [];
  if (isObject(v.kvlistValue)) return Array.isArray(v.kvlistValue.values) ? attributeMap(v.kvlistValue.values) : {};
  return undefined;
}

/** An OTLP `KeyValue[]` as a map, or undefined when the array is not one. */
function attributeMap(a: readonly unknown[]): Record<string, unknown> | undefined {
  if (!a.length || !a.every((e) => isObject(e) && typeof e.key === 'string' && isObject(e.value))) return undefined;
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const e of a) {
    if (!isObject(e) || typeof e.key !== 'string' || isForbiddenKey(e.key)) continue;
    out[e.key] = anyValue(e.value);
  }
  return out;
}

function scalarText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return null;
}

/** One record to its named fields (see the module comment). */
export function flattenRecord(value: unknown, inherited?: FlatRecord): FlatRecord & { truncated?: boolean } {
  const out: FlatRecord & { truncated?: boolean } = new Map(inherited ?? []);
  const put = (k: string, v: string) => {
    if (out.size < FLATTEN_LIMITS.fields || out.has(k)) out.set(k, v);
    else out.truncated = true;
  };
  const walk = (v: unknown, prefix: string, depth: number) => {
    if (depth > FLATTEN_LIMITS.depth) return;
    const s = scalarText(v);
    if (s !== null) {
      const t = s.trim();
      // a JSON object written as a string inside the record (LiteLLM `metadata`)
      if (typeof v === 'string' && NESTED_JSON_KEYS.has(prefix) && t.startsWith('{') && t.endsWith('}') && t.length <= FLATTEN_LIMITS.nestedJsonChars) {
        try {
          const inner: unknown = JSON.parse(t);
          if (isObject(inner)) {
            walk(inner, prefix, depth + 1);
            return;
          }
        } catch {
          // not JSON: kept as text
        }
      }
      if (prefix) put(prefix, s);
      return;
    }
    if (Array.isArray(v)) {
      const map = attributeMap(v);
      if (map) return walk(map, prefix, depth + 1);
      if (v.every((e) => !isObject(e) && !Array.isArray(e))) {
        if (prefix) put(prefix, JSON.stringify(v));
        // a [sec, nanos] pair (JS SDK span times) is also read by index
        v.forEach((e, i) => {
          const t = scalarText(e);
          if (t !== null && prefix) put(`${prefix}.${i}`, t);
        });
        return;
      }
      v.forEach((e, i) => walk(e, prefix ? `${prefix}.${i}` : String(i), depth + 1));
      return;
    }
    if (isObject(v)) {
      for (const [k, e] of Object.entries(v)) {
        if (isForbiddenKey(k)) continue;
        walk(e, prefix ? `${prefix}.${k}` : k, depth + 1);
      }
    }
  };
  walk(value, '', 0);
  return out;
}

/** Scalar fields of a container, as inherited fields under `prefix.` */
function scalars(o: Record<string, unknown>, prefix: string, into?: FlatRecord): FlatRecord {
  const out: FlatRecord = new Map(into ?? []);
  for (const [k, v] of Object.entries(o)) {
    if (isForbiddenKey(k)) continue;
    const s = scalarText(v);
    if (s !== null) out.set(`${prefix}.${k}`, s);
  }
  return out;
}

/** The records inside a parsed JSON document (or one JSONL line), in order. */
export function* recordsOf(doc: unknown, path = '$', inherited?: FlatRecord): Generator<FoundRecord> {
  if (Array.isArray(doc)) {
    for (let i = 0; i < doc.length; i++) yield* recordsOf(doc[i], `${path}[${i}]`, inherited);
    return;
  }
  if (!isObject(doc)) {
    yield { path, value: doc, inherited };
    return;
  }
  if (Array.isArray(doc.resourceSpans)) {
    for (let i = 0; i < doc.resourceSpans.length; i++) {
      const rs: unknown = doc.resourceSpans[i];
      if (!isObject(rs)) continue;
      const res = isObject(rs.resource) && Array.isArray(rs.resource.attributes) ? attributeMap(rs.resource.attributes) : undefined;
      const inh = res ? new Map([...(inherited ?? []), ...[...flattenRecord(res)].map(([k, v]) => [`resource.${k}`, v] as [string, string])]) : inherited;
      const scopes = Array.isArray(rs.scopeSpans) ? rs.scopeSpans : Array.isArray(rs.instrumentationLibrarySpans) ? rs.instrumentationLibrarySpans : [];
      for (let j = 0; j < scopes.length; j++) {
        const ss: unknown = scopes[j];
        if (!isObject(ss) || !Array.isArray(ss.spans)) continue;
        for (let k = 0; k < ss.spans.length; k++) yield { path: `${path}.resourceSpans[${i}].scopeSpans[${j}].spans[${k}]`, value: ss.spans[k], inherited: inh };
      }
    }
    return;
  }
  if (Array.isArray(doc.observations)) {
    for (let i = 0; i < doc.observations.length; i++) yield { path: `${path}.observations[${i}]`, value: doc.observations[i], inherited };
    return;
  }
  if (Array.isArray(doc.results) && doc.results.every(isObject)) {
    const inh = scalars(doc, 'bucket', inherited);
    for (let i = 0; i < doc.results.length; i++) yield { path: `${path}.results[${i}]`, value: doc.results[i], inherited: inh };
    return;
  }
  if (Array.isArray(doc.data) && doc.data.every(isObject)) {
    for (let i = 0; i < doc.data.length; i++) yield* recordsOf(doc.data[i], `${path}.data[${i}]`, inherited);
    return;
  }
  yield { path, value: doc, inherited };
}

/** Names of the fields of the first records (for detection), at most `limit` records. */
export function fieldNames(records: Iterable<FlatRecord>, limit = 200): Set<string> {
  const out = new Set<string>();
  let n = 0;
  for (const r of records) {
    for (const k of r.keys()) out.add(k.toLowerCase());
    if (++n >= limit) break;
  }
  return out;
}
