import { SCALE, parseScaled } from '../decimal.js';
import { suggest } from '../suggest.js';
import { DATE_FORMAT_HELP, outsideWindow, parseDate, windowFor, type DateWindow } from './dates.js';
import { mappingColumns, normalizeHeader, type Condition, type FieldSpec, type Mapping } from './mapping.js';
import { MS_PER_DAY, type CanonicalRecord, type ChargeKind, type RowProblem, type TokenCounts } from './record.js';

/**
 * The JS engine's row mapper: a mapping bound to one file's header, then applied to each row.
 * Pure; the reader (io/billing) feeds it fields and line numbers.
 */
type Getter = (f: readonly string[]) => string | null;

export interface PriceRequest {
  model: string;
  /** epoch ms of the request */
  at: number;
  tokens: TokenCounts;
}
export type PriceOutcome = { ok: true; cost: bigint; provider: string; modelId: string } | { ok: false; unpriced: true; reason: string } | { ok: false; unpriced: false; reason: string };

export interface BoundMapping {
  mapping: Mapping;
  header: string[];
  /** columns of the header the mapping does not read (for --verbose) */
  unmapped: string[];
  get: (column: string) => Getter;
  /** true when the file has a currency column the mapping reads */
  hasCurrencyColumn: boolean;
  fields: Partial<Record<keyof Mapping['fields'] | 'provider', Getter>>;
  tokens: Partial<Record<keyof TokenCounts, Getter>>;
  chargeRules: { get: Getter; values: Map<string, ChargeKind> }[];
  skip: ((f: readonly string[]) => boolean)[];
  credits?: Getter;
  tags?: (f: readonly string[]) => Record<string, string> | null;
  costShift: number;
}

export interface BindResult {
  bound?: BoundMapping;
  /** required fields with none of their columns in the header */
  missing: { field: string; columns: string[]; hint?: string }[];
}

/** Bind a mapping to a header (cells as read; normalized here). */
export function bindMapping(m: Mapping, rawHeader: readonly string[]): BindResult {
  const header = rawHeader.map(normalizeHeader);
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    const k = h.toLowerCase();
    if (!index.has(k)) index.set(k, i);
  });
  const nulls = new Set(m.nulls);
  const raw = (column: string): Getter => {
    const i = index.get(column.toLowerCase());
    if (i === undefined) return () => null;
    return (f) => {
      const v = f[i];
      if (v === undefined) return null;
      const t = v.trim();
      return nulls.has(t) ? null : t;
    };
  };
  const hasColumn = (c: string) => index.has(c.toLowerCase());
  const first = (columns: readonly string[]): Getter | undefined => {
    const gs = columns.filter(hasColumn).map(raw);
    if (gs.length === 0) return undefined;
    if (gs.length === 1) return gs[0];
    return (f) => {
      for (const g of gs) {
        const v = g(f);
        if (v !== null) return v;
      }
      return null;
    };
  };
  const cond = (c: Condition): ((f: readonly string[]) => boolean) => {
    const g = raw(c.column);
    const set = new Set(c.in.map((v) => v.trim().toLowerCase()));
    return (f) => {
      const v = g(f);
      return v !== null && set.has(v.toLowerCase());
    };
  };
  const compile = (s: FieldSpec | undefined): Getter | undefined => {
    if (!s) return undefined;
    const base = first(s.columns);
    const constant = s.value ?? null;
    let g: Getter | undefined = base ? (constant === null ? base : (f) => base(f) ?? constant) : constant !== null ? () => constant : undefined;
    if (s.cases?.length) {
      const cases = s.cases.map((k) => ({ when: cond(k.when), get: (k.columns ? first(k.columns) : undefined) ?? (k.value !== undefined ? () => k.value ?? null : () => null) }));
      const fallback = g ?? (() => null);
      g = (f) => {
        for (const k of cases) if (k.when(f)) return k.get(f);
        return fallback(f);
      };
    }
    if (g && s.split) {
      const { separator, index: part } = s.split;
      const inner = g;
      g = (f) => {
        const v = inner(f);
        if (v === null || !v.includes(separator)) return null;
        return v.split(separator)[part]?.trim() || null;
      };
    }
    return g;
  };

  const missing: BindResult['missing'] = [];
  const need = (field: string, s: FieldSpec | undefined) => {
    if (!s) return;
    if (s.value !== undefined || s.cases?.length) return;
    if (!s.columns.some(hasColumn)) {
      const close = s.columns.flatMap((c) => suggest(c, header, 1));
      missing.push({ field, columns: s.columns, hint: close.length ? `did you mean ${close.map((c) => `"${c}"`).join(' or ')}?` : undefined });
    }
  };
  need('start', m.fields.start);
  if (m.pricing === 'cost') need('billed', m.fields.billed);
  else {
    need('model', m.fields.model);
    need('tokens.input', m.tokens?.input);
    need('tokens.output', m.tokens?.output);
  }
  if (missing.length) return { missing };

  const fields: BoundMapping['fields'] = {};
  for (const [k, s] of Object.entries(m.fields) as [keyof Mapping['fields'], FieldSpec | undefined][]) {
    const g = compile(s);
    if (g) fields[k] = g;
  }
  const pg = compile(m.provider);
  if (pg) fields.provider = pg;
  const tokens: BoundMapping['tokens'] = {};
  if (m.tokens) {
    for (const [k, s] of Object.entries(m.tokens) as [keyof TokenCounts, FieldSpec | undefined][]) {
      const g = compile(s);
      if (g) tokens[k] = g;
    }
  }
  const used = new Set(mappingColumns(m).map((c) => c.toLowerCase()));
  let tags: BoundMapping['tags'];
  if (m.tags && 'prefix' in m.tags) {
    const p = m.tags.prefix.toLowerCase();
    const cols = header.map((h, i) => [h, i] as const).filter(([h]) => h.toLowerCase().startsWith(p));
    cols.forEach(([h]) => used.add(h.toLowerCase()));
    if (cols.length) {
      tags = (f) => {
        let out: Record<string, string> | null = null;
        for (const [h, i] of cols) {
          const v = f[i]?.trim();
          if (v && !nulls.has(v)) (out ??= {})[h.slice(p.length)] = v;
        }
        return out;
      };
    }
  } else if (m.tags && hasColumn(m.tags.column)) {
    const g = raw(m.tags.column);
    const fmt = m.tags.format;
    tags = (f) => {
      const v = g(f);
      return v === null ? null : parseTags(v, fmt);
    };
  }
  const currencyColumns = m.fields.currency?.columns ?? [];
  return {
    missing: [],
    bound: {
      mapping: m,
      header,
      unmapped: header.filter((h) => !used.has(h.toLowerCase())),
      get: raw,
      hasCurrencyColumn: currencyColumns.some(hasColumn),
      fields,
      tokens,
      chargeRules: m.chargeKind.rules.filter((r) => hasColumn(r.column)).map((r) => ({ get: raw(r.column), values: new Map(Object.entries(r.values).map(([k, v]) => [k.toLowerCase(), v])) })),
      skip: (m.skip ?? []).map(cond),
      credits: m.credits && hasColumn(m.credits.column) ? raw(m.credits.column) : undefined,
      tags,
      costShift: Math.round(Math.log10(m.cost.scale)),
    },
  };
}

/** Tags from one cell. Unparseable text yields `{ _raw: text }` rather than failing the row. */
export function parseTags(text: string, format: 'json' | 'azure' | 'python_list'): Record<string, string> | null {
  const t = text.trim();
  if (!t || t === '{}' || t === '[]') return null;
  try {
    if (format === 'json' || format === 'azure') {
      const obj: unknown = JSON.parse(format === 'azure' && !t.startsWith('{') ? `{${t}}` : t);
      if (obj && typeof obj === 'object' && !Array.isArray(obj)) return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
      return { _raw: t };
    }
    const out: Record<string, string> = {};
    for (const m of t.matchAll(/\{'key':\s*'((?:[^'\\]|\\.)*)',\s*'value':\s*'((?:[^'\\]|\\.)*)'\}/g)) out[m[1]!] = m[2]!;
    return Object.keys(out).length ? out : { _raw: t };
  } catch {
    return { _raw: t };
  }
}

/** Sum of the `amount`s of a GCP-style credits list (`[{'name': ..., 'amount': -5e-06, ...}]`), as decimal text items. */
export function creditAmounts(text: string): string[] | undefined {
  const t = text.trim();
  if (t === '' || t === '[]') return [];
  if (!t.startsWith('[')) return undefined;
  return [...t.matchAll(/["']amount["']\s*:\s*(-?[\d.]+(?:[eE][+-]?\d+)?)/g)].map((m) => m[1]!);
}

export type RowOutcome = { kind: 'records'; records: CanonicalRecord[] } | { kind: 'skip' } | { kind: 'problem'; problem: RowProblem };

const SPAN_MS = { '0': 0, '1h': 3_600_000, '1d': MS_PER_DAY } as const;
const TOKEN_KEYS: (keyof TokenCounts)[] = ['input', 'output', 'cacheRead', 'cacheWrite', 'cacheWrite1h', 'reasoning'];

/** One row to its canonical record(s): one, plus one `credit` record when a credits list is non-empty. */
/**
 * `window`: the dates a row may carry (windowFor, with the run's clock); without it only the
 * lower bound applies.
 */
export function mapRow(b: BoundMapping, f: readonly string[], file: string, line: number, price?: (r: PriceRequest) => PriceOutcome, window: DateWindow = windowFor(b.mapping.pricing, undefined)): RowOutcome {
  const m = b.mapping;
  const bad = (message: string, column?: string): RowOutcome => ({ kind: 'problem', problem: { file, line, column, message } });
  for (const s of b.skip) if (s(f)) return { kind: 'skip' };
  const get = (k: keyof BoundMapping['fields']): string | null => b.fields[k]?.(f) ?? null;
  const colName = (k: keyof Mapping['fields']) => m.fields[k]?.columns.find((c) => b.header.some((h) => h.toLowerCase() === c.toLowerCase())) ?? k;

  const startText = get('start');
  if (startText === null) return bad('no date', colName('start'));
  const start = parseDate(startText, m.dates.format);
  if (!start) return bad(`expected a date (${DATE_FORMAT_HELP[m.dates.format]}), got "${startText}"`, colName('start'));
  let end: number;
  const endText = get('end');
  if (endText !== null) {
    const e = parseDate(endText, m.dates.format);
    if (!e) return bad(`expected a date (${DATE_FORMAT_HELP[m.dates.format]}), got "${endText}"`, colName('end'));
    end = e.ms;
    if (m.dates.endInclusive) end += e.dateOnly ? MS_PER_DAY : 1000;
    if (end < start.ms) return bad(`the charge ends (${endText}) before it starts (${startText})`, colName('end'));
  } else {
    const span = SPAN_MS[m.dates.defaultSpan];
    end = start.ms + (start.dateOnly && span === 0 ? 0 : span);
  }
  const early = outsideWindow(start.ms, window);
  if (early) return bad(`${early}, got "${startText}"`, colName('start'));
  const late = endText !== null ? outsideWindow(end - 1, window) : '';
  if (late) return bad(`${late}, got "${endText}"`, colName('end'));

  let currency = get('currency')?.toUpperCase() ?? m.defaultCurrency ?? null;
  if (currency === null) return bad('no currency (the row has none and the format gives no default)', colName('currency'));
  currency = currency.trim();

  let chargeKind: ChargeKind = m.chargeKind.default;
  for (const r of b.chargeRules) {
    const v = r.get(f);
    const k = v === null ? undefined : r.values.get(v.toLowerCase());
    if (k) {
      chargeKind = k;
      break;
    }
  }

  const money = (k: 'billed' | 'effective' | 'list'): bigint | null | 'bad' => {
    const t = get(k);
    if (t === null) return null;
    const v = parseScaled(t, SCALE + b.costShift);
    if (v === undefined) return 'bad';
    return m.cost.sign === -1 ? -v : v;
  };

  let tokens: TokenCounts | null = null;
  if (m.tokens) {
    const t: TokenCounts = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, cacheWrite1h: 0, reasoning: 0 };
    let any = false;
    for (const k of TOKEN_KEYS) {
      const g = b.tokens[k];
      const v = g ? g(f) : null;
      if (v === null) continue;
      const n = Number(v);
      if (!/^\d+(\.0+)?$/.test(v) || !Number.isSafeInteger(n)) return bad(`expected a whole number of tokens >= 0, got "${v}"`, m.tokens[k]?.columns[0]);
      t[k] = n;
      any = true;
    }
    if (any) {
      if (m.tokenConvention === 'exclusive') t.input += t.cacheRead + t.cacheWrite + t.cacheWrite1h;
      const uncached = t.input - t.cacheRead - t.cacheWrite - t.cacheWrite1h;
      if (uncached < 0) return bad(`cache tokens (${t.cacheRead} read + ${t.cacheWrite} written 5m + ${t.cacheWrite1h} written 1h) exceed input_tokens ${t.input}: the cache columns are parts of input_tokens`, m.tokens.input?.columns[0]);
      if (t.reasoning > t.output) return bad(`reasoning_tokens ${t.reasoning} exceed output_tokens ${t.output}: reasoning is part of output`, m.tokens.reasoning?.columns[0]);
      tokens = t;
    }
  }

  let billed: bigint;
  let effective: bigint;
  let list: bigint | null;
  let unpriced = false;
  let provider = get('provider');
  let service = get('service');
  const model = get('model');
  if (m.pricing === 'catalog') {
    if (model === null) return bad('no model', colName('model'));
    if (!tokens) return bad('no token counts', m.tokens?.input?.columns[0]);
    if (!price) return bad('request logs need a pricing catalog');
    const p = price({ model, at: start.ms, tokens });
    if (p.ok) {
      billed = effective = p.cost;
      provider ??= p.provider;
      service ??= p.provider;
    } else if (p.unpriced) {
      billed = effective = 0n;
      unpriced = true;
    } else return bad(p.reason, colName('model'));
    list = null;
  } else {
    const bv = money('billed');
    if (bv === null) return bad('no cost', colName('billed'));
    if (bv === 'bad') return bad(`expected a number, got "${get('billed')}"`, colName('billed'));
    const ev = money('effective');
    if (ev === 'bad') return bad(`expected a number, got "${get('effective')}"`, colName('effective'));
    const lv = money('list');
    billed = bv;
    effective = ev ?? bv;
    list = lv === 'bad' ? null : lv;
  }

  let reported: bigint | null = null;
  const reportedText = get('reported');
  if (reportedText !== null) {
    const v = parseScaled(reportedText, SCALE + b.costShift);
    if (v === undefined) return bad(`expected a cost, got "${reportedText}"`, colName('reported'));
    reported = v;
  }

  const qText = get('quantity');
  const q = qText === null ? null : Number(qText);
  const rec: CanonicalRecord = {
    start: start.ms,
    end,
    provider,
    account: get('account'),
    service,
    sku: get('sku'),
    model,
    region: get('region'),
    resource: get('resource'),
    tags: b.tags ? b.tags(f) : null,
    chargeKind,
    billed,
    effective,
    list,
    currency,
    quantity: q !== null && Number.isFinite(q) ? q : null,
    unit: get('unit'),
    description: get('description'),
    tokens,
    user: get('user'),
    project: get('project'),
    requestId: get('requestId'),
    requests: m.pricing === 'catalog' ? 1 : 0,
    unpriced,
    file,
    line,
  };
  if (m.fields.reported) rec.reported = reported;
  const records = [rec];
  if (b.credits) {
    const t = b.credits(f);
    if (t !== null) {
      const amounts = creditAmounts(t);
      if (amounts === undefined) return bad(`expected a list of credits, got "${t.slice(0, 60)}"`, m.credits?.column);
      let sum = 0n;
      for (const a of amounts) {
        const v = parseScaled(a, SCALE + b.costShift);
        if (v === undefined) return bad(`credit amount is not a number: "${a}"`, m.credits?.column);
        sum += v;
      }
      if (amounts.length) records.push({ ...rec, chargeKind: 'credit', billed: sum, effective: sum, list: null, quantity: null, description: 'credits' });
    }
  }
  return { kind: 'records', records };
}
