import * as z from 'zod';
import { CHARGE_KINDS, type ChargeKind } from './record.js';

/**
 * A billing mapping: how the columns of one export become canonical records (record.ts).
 * The built-in formats (formats/*.ts) are mappings too, and `--map mapping.yaml` goes
 * through the same schema, so the JS engine (map-row.ts) and the DuckDB engine (which
 * compiles a mapping to SQL) read exactly one definition. Everything here is declarative
 * so that it compiles to SQL: column lists (first non-null wins), constants, `split` of a
 * text column, `cases` on column values, charge-kind lookup tables, a power-of-ten cost
 * scale and a sign. Column names match case-insensitively after `normalizeHeader`.
 */

/** A column list (first non-null wins), a constant, an optional split, and per-row cases. */
export interface FieldSpec {
  /** candidate columns; the first that exists in the header and is non-null on the row wins */
  columns: string[];
  /** constant used when no column gives a value */
  value?: string | undefined;
  /** take part `index` of the text split on `separator` (trimmed), e.g. OpenAI `line_item` "gpt-4o, input"; null when the text has no separator */
  split?: { separator: string; index: number } | undefined;
  /** conditional sources, tried in order: the first whose `when` matches the row decides */
  cases?: { when: Condition; columns?: string[] | undefined; value?: string | undefined }[] | undefined;
}

/** `column` (case-insensitive) holds one of `in` (compared case-insensitively, trimmed); a null cell matches nothing. */
export interface Condition {
  column: string;
  in: string[];
}

export const DATE_FORMATS = ['iso', 'mdy', 'dmy', 'unix_s', 'unix_ms'] as const;
/**
 * `iso`: YYYY-MM-DD with optional time (`T` or space), fraction, `Z`/`+HH:MM`/` UTC`.
 * `mdy`/`dmy`: ISO as above, or M/D/YYYY (resp. D/M/YYYY; `.` or `-` between the parts too), also 2-digit years (20YY), with an optional time.
 * `unix_s`/`unix_ms`: epoch seconds / milliseconds. All times are UTC.
 */
export type DateFormat = (typeof DATE_FORMATS)[number];

export const TAG_FORMATS = ['json', 'azure', 'python_list'] as const;
/** `json` {"k":"v"}; `azure` "k": "v" pairs without braces; `python_list` [{'key': 'k', 'value': 'v'}] */
export type TagFormat = (typeof TAG_FORMATS)[number];

export interface Mapping {
  /** short id shown in the report, e.g. `focus`, `aws-cur`, or the `format` of a mapping file */
  format: string;
  label: string;
  /** provider constant or column */
  provider?: FieldSpec | undefined;
  fields: {
    start: FieldSpec;
    end?: FieldSpec | undefined;
    /** required unless `pricing` is `catalog` */
    billed?: FieldSpec | undefined;
    effective?: FieldSpec | undefined;
    list?: FieldSpec | undefined;
    currency?: FieldSpec | undefined;
    account?: FieldSpec | undefined;
    service?: FieldSpec | undefined;
    sku?: FieldSpec | undefined;
    model?: FieldSpec | undefined;
    region?: FieldSpec | undefined;
    resource?: FieldSpec | undefined;
    quantity?: FieldSpec | undefined;
    unit?: FieldSpec | undefined;
    description?: FieldSpec | undefined;
    user?: FieldSpec | undefined;
    project?: FieldSpec | undefined;
    requestId?: FieldSpec | undefined;
    /** the cost the source itself reports beside its tokens (a tracker's estimate: LiteLLM `spend`, Langfuse `totalCost`): reconciled with the catalog's, never summed with it */
    reported?: FieldSpec | undefined;
  };
  /** token columns of LLM rows (request logs) */
  tokens?: Partial<Record<'input' | 'output' | 'cacheRead' | 'cacheWrite' | 'cacheWrite1h' | 'reasoning', FieldSpec>> | undefined;
  /**
   * `inclusive` (costopt, OpenAI): input counts all prompt tokens, the cache columns are parts of it.
   * `exclusive` (Anthropic): input excludes cache reads and writes; they are added to it.
   */
  tokenConvention: 'inclusive' | 'exclusive';
  /** `catalog`: rows carry tokens, not cost; each is priced from the catalog in force on its date (SPEC §4.1) */
  pricing: 'cost' | 'catalog';
  dates: {
    format: DateFormat;
    /** length of the charge when there is no end column (or it is null): `1d`, `1h` or `0` (an instant) */
    defaultSpan: '0' | '1h' | '1d';
    /** the end column names the last instant or day covered (e.g. 23:59:59 or an inclusive date), not the exclusive end */
    endInclusive: boolean;
  };
  cost: {
    /** power of ten the cost columns are multiplied by (0.01 for cents) */
    scale: number;
    /** 1, or -1 for exports that write charges as negative numbers */
    sign: 1 | -1;
  };
  /** used when there is no currency column or it is null on a row */
  defaultCurrency?: string | undefined;
  chargeKind: {
    /** tried in order; the first rule whose column holds a listed value (case-insensitive) decides */
    rules: { column: string; values: Record<string, ChargeKind> }[];
    default: ChargeKind;
  };
  /** GCP-style credits: a list column whose `amount`s become one extra `credit` record per row */
  credits?: { column: string; format: 'python_list' | 'json_list' } | undefined;
  tags?: { column: string; format: TagFormat } | { prefix: string } | undefined;
  /** values read as null (compared after trimming, case-sensitive) */
  nulls: string[];
  /** rows to skip: e.g. FOCUS ChargeClass... none built in; a mapping file may drop subtotal lines */
  skip?: Condition[] | undefined;
}

/** Strip BOM and spaces; Azure portal headers `PreTaxCost (PreTaxCost)` become the name in brackets. */
export function normalizeHeader(cell: string): string {
  let s = cell.replace(/^\uFEFF/, '').trim();
  const m = /^.*\(([A-Za-z][\w/.]*)\)$/.exec(s);
  if (m && s.includes(' ')) s = m[1]!;
  return s;
}

export const DEFAULT_NULLS = ['', 'NULL', 'null', '\\N', 'None'];

// ---------------------------------------------------------------------------------------------
// The mapping file (`--map mapping.yaml`): snake_case keys, shorthands, the same `Mapping` out.

/** A column name: blank ("" or spaces) is an error in the mapping file, not "no column \" \"" at the bill. */
const columnName = z.string().refine((s) => s.trim() !== '', { message: 'expected a column name, got an empty one' });
const columnList = z.union([columnName, z.array(columnName).min(1)]).transform((v) => (typeof v === 'string' ? [v] : v));
const condition = z.strictObject({ column: columnName, in: z.union([z.string(), z.array(z.string()).min(1)]).transform((v) => (typeof v === 'string' ? [v] : v)) });
const fieldSpecObject = z
  .strictObject({
    column: columnList.optional(),
    value: z.union([z.string(), z.number()]).transform(String).optional(),
    split: z.strictObject({ separator: z.string().min(1), index: z.number().int().nonnegative() }).optional(),
    cases: z.array(z.strictObject({ when: condition, column: columnList.optional(), value: z.union([z.string(), z.number()]).transform(String).optional() })).optional(),
  })
  .transform((o): FieldSpec => ({
    columns: o.column ?? [],
    value: o.value,
    split: o.split,
    cases: o.cases?.map((c) => ({ when: c.when, columns: c.column, value: c.value })),
  }));
/** `Cost`, `[CostInBillingCurrency, Cost]` or `{ column, value, split, cases }` */
export const fieldSpecSchema = z.union([columnList.transform((columns): FieldSpec => ({ columns })), fieldSpecObject]);

const chargeKind = z.enum(CHARGE_KINDS);
const chargeRule = z.strictObject({ column: columnName, values: z.record(z.string(), chargeKind) });

export const mappingFileSchema = z
  .strictObject({
    format: z.string().regex(/^[\w.-]+$/, 'expected a short id (letters, digits, - _ .)'),
    label: z.string().optional(),
    provider: z.union([z.string(), fieldSpecObject]).optional(),
    columns: z.strictObject({
      start: fieldSpecSchema,
      end: fieldSpecSchema.optional(),
      billed: fieldSpecSchema.optional(),
      effective: fieldSpecSchema.optional(),
      list: fieldSpecSchema.optional(),
      currency: fieldSpecSchema.optional(),
      account: fieldSpecSchema.optional(),
      service: fieldSpecSchema.optional(),
      sku: fieldSpecSchema.optional(),
      model: fieldSpecSchema.optional(),
      region: fieldSpecSchema.optional(),
      resource: fieldSpecSchema.optional(),
      quantity: fieldSpecSchema.optional(),
      unit: fieldSpecSchema.optional(),
      description: fieldSpecSchema.optional(),
      user: fieldSpecSchema.optional(),
      project: fieldSpecSchema.optional(),
      request_id: fieldSpecSchema.optional(),
      /** with pricing: catalog, the cost the log itself reports (a tracker's estimate): reconciled with the catalog's */
      reported_cost: fieldSpecSchema.optional(),
    }),
    tokens: z
      .strictObject({
        input: fieldSpecSchema.optional(),
        output: fieldSpecSchema.optional(),
        cache_read: fieldSpecSchema.optional(),
        cache_write: fieldSpecSchema.optional(),
        cache_write_1h: fieldSpecSchema.optional(),
        reasoning: fieldSpecSchema.optional(),
      })
      .optional(),
    token_convention: z.enum(['inclusive', 'exclusive']).default('inclusive'),
    pricing: z.enum(['cost', 'catalog']).default('cost'),
    dates: z
      .strictObject({
        format: z.enum(DATE_FORMATS).default('iso'),
        default_span: z.enum(['0', '1h', '1d']).default('1d'),
        end_inclusive: z.boolean().default(false),
      })
      .default({ format: 'iso', default_span: '1d', end_inclusive: false }),
    cost: z
      .strictObject({
        scale: z
          .number()
          .positive()
          .refine((n) => Number.isInteger(Math.log10(n)), { message: 'expected a power of ten (0.01 for cents, 1, 1000...)' })
          .default(1),
        sign: z.union([z.literal(1), z.literal(-1)]).default(1),
      })
      .default({ scale: 1, sign: 1 }),
    currency: z.string().regex(/^[A-Za-z]{3}$/, 'expected an ISO 4217 code such as USD').optional(),
    charge_kind: z
      .strictObject({
        column: columnName.optional(),
        values: z.record(z.string(), chargeKind).optional(),
        rules: z.array(chargeRule).optional(),
        default: chargeKind.default('usage'),
      })
      .refine((c) => (c.column === undefined) === (c.values === undefined), { message: 'give both column and values (or rules)' })
      .optional(),
    credits: z.strictObject({ column: columnName, format: z.enum(['python_list', 'json_list']) }).optional(),
    tags: z.union([z.strictObject({ column: columnName, format: z.enum(TAG_FORMATS) }), z.strictObject({ prefix: z.string().min(1) })]).optional(),
    nulls: z.array(z.string()).optional(),
    skip: z.array(condition).optional(),
  })
  .superRefine((m, ctx) => {
    if (m.pricing === 'cost' && !m.columns.billed) ctx.addIssue({ code: 'custom', path: ['columns', 'billed'], message: 'a cost column is required (or pricing: catalog with token columns)' });
    if (m.pricing === 'cost' && m.columns.reported_cost) ctx.addIssue({ code: 'custom', path: ['columns', 'reported_cost'], message: 'a reported cost is reconciled with the catalog\'s: only with pricing: catalog (the billed column is the cost otherwise)' });
    if (m.pricing === 'catalog' && (!m.tokens?.input || !m.tokens.output || !m.columns.model)) {
      ctx.addIssue({ code: 'custom', path: ['tokens'], message: 'pricing: catalog needs columns.model and tokens.input and tokens.output' });
    }
  });
export type MappingFile = z.input<typeof mappingFileSchema>;

/** A parsed mapping file to the `Mapping` the engines run. */
export function mappingFromFile(f: z.output<typeof mappingFileSchema>): Mapping {
  const c = f.columns;
  const rules = [...(f.charge_kind?.rules ?? [])];
  if (f.charge_kind?.column && f.charge_kind.values) rules.unshift({ column: f.charge_kind.column, values: f.charge_kind.values });
  const t = f.tokens;
  return {
    format: f.format,
    label: f.label ?? `mapping ${f.format}`,
    provider: typeof f.provider === 'string' ? { columns: [], value: f.provider } : f.provider,
    fields: {
      start: c.start, end: c.end, billed: c.billed, effective: c.effective, list: c.list, currency: c.currency,
      account: c.account, service: c.service, sku: c.sku, model: c.model, region: c.region, resource: c.resource,
      quantity: c.quantity, unit: c.unit, description: c.description, user: c.user, project: c.project, requestId: c.request_id, reported: c.reported_cost,
    },
    tokens: t && { input: t.input, output: t.output, cacheRead: t.cache_read, cacheWrite: t.cache_write, cacheWrite1h: t.cache_write_1h, reasoning: t.reasoning },
    tokenConvention: f.token_convention,
    pricing: f.pricing,
    dates: { format: f.dates.format, defaultSpan: f.dates.default_span, endInclusive: f.dates.end_inclusive },
    cost: { scale: f.cost.scale, sign: f.cost.sign },
    defaultCurrency: f.currency?.toUpperCase(),
    chargeKind: { rules, default: f.charge_kind?.default ?? 'usage' },
    credits: f.credits,
    tags: f.tags,
    nulls: f.nulls ?? DEFAULT_NULLS,
    skip: f.skip,
  };
}

/** Shorthand for built-in formats: a column list. */
export const col = (...columns: string[]): FieldSpec => ({ columns });
/** Shorthand for built-in formats: a constant. */
export const constant = (value: string): FieldSpec => ({ columns: [], value });

/** Every column a mapping may read (for header binding and did-you-mean). */
export function mappingColumns(m: Mapping): string[] {
  const out = new Set<string>();
  const addSpec = (s: FieldSpec | undefined) => {
    if (!s) return;
    s.columns.forEach((c) => out.add(c));
    s.cases?.forEach((k) => { out.add(k.when.column); k.columns?.forEach((c) => out.add(c)); });
  };
  addSpec(m.provider);
  Object.values(m.fields).forEach(addSpec);
  if (m.tokens) Object.values(m.tokens).forEach(addSpec);
  m.chargeKind.rules.forEach((r) => out.add(r.column));
  if (m.credits) out.add(m.credits.column);
  if (m.tags && 'column' in m.tags) out.add(m.tags.column);
  m.skip?.forEach((s) => out.add(s.column));
  return [...out];
}

/**
 * Every place a mapping file names bill columns, read from the file as written: the path of the
 * value and the columns it accepts (any one of them will do). `provider: ACME` is a constant,
 * not a column; a tags `prefix` is not a column name.
 */
export function mappingColumnRefs(data: unknown): { path: (string | number)[]; columns: string[] }[] {
  const out: { path: (string | number)[]; columns: string[] }[] = [];
  const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
  const isRec = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  const names = (v: unknown): string[] | undefined => (typeof v === 'string' ? [v] : isStrings(v) ? v : undefined);
  const rec = (v: unknown): Record<string, unknown> | undefined => (isRec(v) ? v : undefined);
  const spec = (v: unknown, path: (string | number)[], shorthand: boolean) => {
    const direct = shorthand ? names(v) : undefined;
    if (direct) {
      out.push({ path, columns: direct });
      return;
    }
    const o = rec(v);
    if (!o) return;
    const c = names(o.column);
    if (c) out.push({ path: [...path, 'column'], columns: c });
    if (Array.isArray(o.cases)) {
      o.cases.forEach((k: unknown, i) => {
        const kc = rec(k);
        const when = rec(kc?.when);
        if (typeof when?.column === 'string') out.push({ path: [...path, 'cases', i, 'when', 'column'], columns: [when.column] });
        const cc = names(kc?.column);
        if (cc) out.push({ path: [...path, 'cases', i, 'column'], columns: cc });
      });
    }
  };
  const top = rec(data);
  if (!top) return out;
  spec(top.provider, ['provider'], false);
  for (const group of ['columns', 'tokens'] as const) {
    const g = rec(top[group]);
    if (g) for (const [k, v] of Object.entries(g)) spec(v, [group, k], true);
  }
  const ck = rec(top.charge_kind);
  if (typeof ck?.column === 'string') out.push({ path: ['charge_kind', 'column'], columns: [ck.column] });
  if (Array.isArray(ck?.rules)) ck.rules.forEach((r: unknown, i) => { const c = rec(r)?.column; if (typeof c === 'string') out.push({ path: ['charge_kind', 'rules', i, 'column'], columns: [c] }); });
  for (const k of ['credits', 'tags'] as const) {
    const c = rec(top[k])?.column;
    if (typeof c === 'string') out.push({ path: [k, 'column'], columns: [c] });
  }
  if (Array.isArray(top.skip)) top.skip.forEach((s: unknown, i) => { const c = rec(s)?.column; if (typeof c === 'string') out.push({ path: ['skip', i, 'column'], columns: [c] }); });
  return out;
}
