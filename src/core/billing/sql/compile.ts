import { SCALE } from '../../decimal.js';
import { normalizeHeader, type Condition, type FieldSpec, type Mapping } from '../mapping.js';
import { MS_PER_DAY } from '../record.js';
import type { SqlDialect } from './dialect.js';

/**
 * A billing mapping (mapping.ts) bound to one file's header, compiled to SQL: one SELECT that
 * yields a row per source row with the canonical fields the cells of aggregate.ts group and
 * sum, and a status telling ok rows from unreadable, skipped and duplicate ones. It follows
 * the JS row mapper (map-row.ts `bindMapping` + `mapRow`) step by step, in the same order, so
 * both engines count the same rows as bad and put the same money in the same cells.
 *
 * What it does not compile (the engine sends such inputs to the JS engine): request logs
 * priced from a catalog, token columns, request-id de-duplication, and cost scales that leave
 * no room in a 38-digit decimal. `unsupportedReason` says which.
 */

/** Row status: ok, skipped by the mapping's `skip`, a duplicate of an earlier file's row, or a problem code (>= 10). */
export const ROW_STATUS = { ok: 0, skipped: 2, duplicate: 3 } as const;
/** Why a row could not be read, in the order map-row.ts checks (the first that applies). */
export const PROBLEM_CODES = {
  extraFields: 10, noDate: 11, badDate: 12, badEnd: 13, endBeforeStart: 14, noCurrency: 15, noCost: 16, badCost: 17, badEffective: 18, badCredits: 19,
  startOutsideWindow: 20, endOutsideWindow: 21,
} as const;
export const isProblem = (status: number) => status >= 10;

export interface CompileInput {
  mapping: Mapping;
  /** the header as read (raw cells; normalized here as the JS engine does) */
  header: readonly string[];
  dialect: SqlDialect;
  /** SQL for the text of header column i in the FROM relation */
  column: (i: number) => string;
  /** the FROM clause (a table, a table function, a subquery with alias) */
  from: string;
  /** SQL true when the row has more fields than the header (a problem in both engines) */
  extraFields?: string | undefined;
  /** SQL true when the row has fewer fields than the header (read as nulls, with a warning) */
  shortRow?: string | undefined;
  /** SQL true when the row repeats a row of an earlier file (dropped as a duplicate) */
  duplicate?: string | undefined;
  /** columns whose values are returned as keys (for the format's actual/amortized evidence) */
  keyColumns?: readonly string[] | undefined;
  /** the dates a row may carry (dates.ts `windowFor`, with the run's clock): others are problems */
  window?: { fromMs: number; toMs: number } | undefined;
}

export interface CompiledRows {
  /** SELECT ... one row per group of identical raw keys, day and span: status, short, currency, day, span_s, span_e, kind, dims, k0..kn, then the sums */
  sql: string;
  /** scale of the decimal money columns: their unscaled integers are 1e-12 units of the currency */
  moneyScale: number;
  /** header indexes the query reads */
  columnsRead: number[];
}

/** Why the SQL engine cannot take this mapping as is, or undefined when it can. */
export function unsupportedReason(m: Mapping, header: readonly string[]): string | undefined {
  const has = headerIndex(header);
  const bound = (s: FieldSpec | undefined) => !!s && (s.value !== undefined || s.columns.some((c) => has.has(c.toLowerCase())) || !!s.cases?.length);
  if (m.pricing === 'catalog') return 'request logs are priced from the catalog per row (JS engine)';
  if (m.tokens && Object.values(m.tokens).some(bound)) return 'token columns (JS engine)';
  if (bound(m.fields.requestId)) return 'request-id de-duplication (JS engine)';
  const s = moneyScaleOf(m);
  if (s < 0 || s > 38) return `cost scale ${m.cost.scale} (JS engine)`;
  return undefined;
}

export function moneyScaleOf(m: Mapping): number {
  return SCALE + Math.round(Math.log10(m.cost.scale));
}

function headerIndex(header: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  header.map(normalizeHeader).forEach((h, i) => {
    const k = h.toLowerCase();
    if (!index.has(k)) index.set(k, i);
  });
  return index;
}

export function compileRows(input: CompileInput): CompiledRows {
  const { mapping: m, dialect: d } = input;
  const index = headerIndex(input.header);
  const lit = (s: string) => d.str(s);
  const has = (column: string) => index.has(column.toLowerCase());

  /**
   * Field expressions over null-normalized, trimmed values `v<i>`, recording which header
   * columns they read. Two of these run: one per source row (dates, money, quantity, credits)
   * and one per group of identical raw keys (everything else), see below.
   */
  function fieldCompiler(ref: (i: number) => string) {
    const used = new Set<number>();
    const v = (column: string): string => {
      const i = index.get(column.toLowerCase());
      if (i === undefined) return 'NULL';
      used.add(i);
      return ref(i);
    };
    const lowerIn = (x: string, values: Iterable<string>) => {
      const vs = [...new Set([...values])];
      return vs.length ? `(${vs.map((v) => `${d.lower(x)} = ${lit(v)}`).join(' OR ')})` : 'false';
    };
    const first = (columns: readonly string[]): string | undefined => {
      const present = columns.filter(has).map(v);
      if (present.length === 0) return undefined;
      return present.length === 1 ? present[0] : `coalesce(${present.join(', ')})`;
    };
    const cond = (c: Condition): string => {
      const x = v(c.column);
      if (x === 'NULL') return 'false';
      return `(${x} IS NOT NULL AND ${lowerIn(x, c.in.map((s) => s.trim().toLowerCase()))})`;
    };
    const field = (s: FieldSpec | undefined): string => {
      if (!s) return 'NULL';
      const base = first(s.columns);
      const constant = s.value ?? null;
      let g: string | undefined = base ? (constant === null ? base : `coalesce(${base}, ${lit(constant)})`) : constant !== null ? lit(constant) : undefined;
      if (s.cases?.length) {
        const whens = s.cases.map((k) => {
          const got = (k.columns ? first(k.columns) : undefined) ?? (k.value !== undefined ? lit(k.value) : 'NULL');
          return `WHEN ${cond(k.when)} THEN ${got}`;
        });
        g = `CASE ${whens.join(' ')} ELSE ${g ?? 'NULL'} END`;
      }
      if (g && s.split) {
        const part = d.trim(d.splitPart(g, s.split.separator, s.split.index + 1));
        g = `CASE WHEN ${g} IS NULL OR NOT ${d.contains(g, s.split.separator)} THEN NULL ELSE nullif(${part}, '') END`;
      }
      return g ?? 'NULL';
    };
    return { used, v, cond, field };
  }
  const nulls = [...new Set(m.nulls)];
  // an OR chain, not IN (...): DuckDB turns a constant IN list into a MARK join, which
  // evaluates its input on every row, defeating the lazy CASE around the exact path
  const isNullString = (t: string) => `(${nulls.map((n) => `${t} = ${lit(n)}`).join(' OR ')})`;
  const nullIf = (t: string) => (nulls.length ? `CASE WHEN ${isNullString(t)} THEN NULL ELSE ${t} END` : t);
  /** `t<i>` (trimmed) then `v<i>` (null strings to NULL) for the columns a compiler read, from `src(i)` */
  const normalize = (used: Set<number>, src: (i: number) => string) => {
    const ids = [...used].sort((a, b) => a - b);
    return {
      trimmed: ids.map((i) => `${d.trim(src(i))} AS t${i}`),
      nulled: ids.map((i) => (nulls.length ? `CASE WHEN ${isNullString(`t${i}`)} THEN NULL ELSE t${i} END AS v${i}` : `t${i} AS v${i}`)),
    };
  };

  // --- per source row: what only the row itself can say (its dates, its amounts). Each value
  // is tried first on the raw text of its column (one cast, no trimming) and only when that
  // gives nothing through the exact path (trim, null strings, the mapping's field logic), so
  // the exact path runs on the few rows that need it.
  const F = m.fields;
  const row = fieldCompiler((i) => nullIf(d.trim(`r${i}`)));
  /** the raw column of a field that is one plain column, for the fast path */
  const plain = (spec: FieldSpec | undefined): string | undefined => {
    if (!spec || spec.value !== undefined || spec.cases?.length || spec.split) return undefined;
    const present = spec.columns.filter(has);
    if (present.length !== 1) return undefined;
    row.v(present[0]!);
    return `r${index.get(present[0]!.toLowerCase())!}`;
  };
  const rowText = {
    start: row.field(F.start), end: row.field(F.end), billed: row.field(F.billed), eff: row.field(F.effective),
    list: row.field(F.list), qty: row.field(F.quantity),
    credit: m.credits && has(m.credits.column) ? row.v(m.credits.column) : 'NULL',
  };
  const rowRaw = { start: plain(F.start), end: plain(F.end), billed: plain(F.billed), eff: plain(F.effective), list: plain(F.list), qty: plain(F.quantity) };
  // --- per group of raw key values: currency, charge kind, dimensions, skip, key columns
  const grp = fieldCompiler((i) => `v${i}`);
  const kindWhens: string[] = [];
  for (const r of m.chargeKind.rules) {
    if (!has(r.column)) continue;
    const x = d.lower(grp.v(r.column));
    const values = new Map(Object.entries(r.values).map(([k, kind]) => [k.toLowerCase(), kind]));
    for (const [k, kind] of values) kindWhens.push(`WHEN ${x} = ${lit(k)} THEN ${lit(kind)}`);
  }
  const currencyT = grp.field(F.currency);
  const groupFields: [string, string][] = [
    ['currency', m.defaultCurrency ? `coalesce(${d.upper(currencyT)}, ${lit(m.defaultCurrency)})` : d.upper(currencyT)],
    ['kind', kindWhens.length ? `CASE ${kindWhens.join(' ')} ELSE ${lit(m.chargeKind.default)} END` : lit(m.chargeKind.default)],
    ['provider', grp.field(m.provider)],
    ['account', grp.field(F.account)],
    ['service', grp.field(F.service)],
    ['sku', grp.field(F.sku)],
    ['model', grp.field(F.model)],
    ['region', grp.field(F.region)],
    ['unit', grp.field(F.unit)],
    ['usr', grp.field(F.user)],
    ['project', grp.field(F.project)],
    // not `skip`: a reserved word in Trino (MATCH_RECOGNIZE)
    ['skip_row', m.skip?.length ? `(${m.skip.map(grp.cond).join(' OR ')})` : 'false'],
    ...(input.keyColumns ?? []).map((c, i) => [`k${i}`, grp.v(c)] as [string, string]),
  ];
  const keyNames = (input.keyColumns ?? []).map((_, i) => `k${i}`);

  const scale = moneyScaleOf(m);
  const signed = (x: string) => (m.cost.sign === -1 ? `(-(${x}))` : x);
  const spanMs = { '0': 0, '1h': 3_600_000, '1d': MS_PER_DAY }[m.dates.defaultSpan];
  const credit = d.creditAmounts('credit_t', scale);
  const P = PROBLEM_CODES;
  const rowCols = [...row.used].sort((a, b) => a - b);
  const raw = [...grp.used].sort((a, b) => a - b);
  const rawCols = raw.map((i) => `g${i}`);
  const flags = ['x_extra', 'x_short', 'x_dup'];
  const day = d.floorDiv('start_ms', MS_PER_DAY);
  const lastDay = d.floorDiv('CASE WHEN end_ms > start_ms THEN end_ms - 1 ELSE start_ms END', MS_PER_DAY);
  const multi = `(${lastDay} <> ${day})`;
  const sel = (xs: string[]) => xs.join(',\n    ');
  const fastDate = (r: string | undefined) => (r && d.fastDate ? d.fastDate(r, m.dates.format) : undefined) ?? 'NULL';

  // level 1: raw text; level 2: the fast values from the raw text of plain columns;
  // level 3: the exact field text, only where the fast value is missing (CASE is lazy);
  // level 4: exact parses of that text (each inside a COALESCE after the fast value)
  const l1 = sel([
    ...rowCols.map((i) => `${input.column(i)} AS r${i}`),
    ...raw.map((i) => `${input.column(i)} AS g${i}`),
    `${input.extraFields ?? 'false'} AS x_extra`,
    `${input.shortRow ?? 'false'} AS x_short`,
    `${input.duplicate ?? 'false'} AS x_dup`,
  ]);
  const rowPass = rowCols.map((i) => `r${i}`);
  const fastCols: [string, string][] = [
    ['start_f', fastDate(rowRaw.start)],
    ['end_f', fastDate(rowRaw.end)],
    ['billed_f', rowRaw.billed ? d.decimal(rowRaw.billed, scale) : 'NULL'],
    ['eff_f', rowRaw.eff ? d.decimal(rowRaw.eff, scale) : 'NULL'],
    ['list_f', rowRaw.list ? d.decimal(rowRaw.list, scale) : 'NULL'],
    ['qty_f', rowRaw.qty ? d.double(rowRaw.qty) : 'NULL'],
  ];
  const l2 = sel([...rowPass, ...rawCols, ...flags, ...fastCols.map(([n, e]) => `${e} AS ${n}`)]);
  const fastNames = fastCols.map(([n]) => n);
  const exactCols: [string, string][] = [
    ['start_x', `CASE WHEN start_f IS NULL THEN ${rowText.start} END`],
    ['end_x', m.dates.endInclusive ? rowText.end : `CASE WHEN end_f IS NULL THEN ${rowText.end} END`],
    ['billed_x', `CASE WHEN billed_f IS NULL THEN ${rowText.billed} END`],
    ['eff_x', `CASE WHEN eff_f IS NULL THEN ${rowText.eff} END`],
    ['list_x', `CASE WHEN list_f IS NULL THEN ${rowText.list} END`],
    ['qty_x', `CASE WHEN qty_f IS NULL THEN ${rowText.qty} END`],
    ['credit_t', rowText.credit],
  ];
  const l3 = sel([...rawCols, ...flags, ...fastNames, ...exactCols.map(([n, e]) => `${e} AS ${n}`)]);
  const endInc = m.dates.endInclusive ? ` + CASE WHEN ${d.date('end_x', m.dates.format).dateOnly} THEN ${MS_PER_DAY} ELSE 1000 END` : '';
  const l4 = sel([
    ...rawCols, ...flags, 'start_x', 'end_x', 'billed_x', 'eff_x', 'credit_t',
    `coalesce(start_f, ${d.date('start_x', m.dates.format).ms}) AS start_ms`,
    `coalesce(end_f, ${d.date('end_x', m.dates.format).ms}) AS end_p`,
    `${signed(`coalesce(billed_f, ${d.decimal('billed_x', scale)})`)} AS billed`,
    `${signed(`coalesce(eff_f, ${d.decimal('eff_x', scale)})`)} AS eff_p`,
    `${signed(`coalesce(list_f, ${d.decimal('list_x', scale)})`)} AS list`,
    `coalesce(qty_f, ${d.double('qty_x')}) AS qty`,
  ]);
  const l4b = sel([
    ...rawCols, ...flags, 'start_ms', 'end_p', 'billed', 'eff_p', 'list', 'qty', 'start_x', 'billed_x', 'eff_x',
    `CASE WHEN credit_t IS NULL THEN 0 ELSE coalesce(${credit.n}, 0) END AS credit_n`,
    `CASE WHEN credit_t IS NULL THEN false ELSE ${credit.bad} END AS credit_bad`,
    `CASE WHEN credit_t IS NULL THEN NULL ELSE ${credit.sum} END AS credit_sum`,
    // 1: the row has an end and it parsed; 0: no end (default span); -1: an unreadable end
    `CASE WHEN end_p IS NOT NULL THEN 1 WHEN end_x IS NULL THEN 0 ELSE -1 END AS end_state`,
    `CASE WHEN end_p IS NOT NULL THEN end_p${endInc} END AS end_q`,
  ]);
  const l5 = sel([
    ...rawCols, ...flags, 'start_ms', 'billed', 'list', 'qty', 'credit_n', 'credit_sum', 'end_state',
    `CASE WHEN end_state = 1 THEN end_q ELSE start_ms + ${spanMs} END AS end_ms`,
    'CASE WHEN eff_p IS NOT NULL THEN eff_p WHEN eff_x IS NULL THEN billed END AS eff',
    `CASE WHEN start_ms IS NOT NULL AND end_state >= 0 THEN 0 WHEN start_ms IS NOT NULL THEN ${P.badEnd} WHEN start_x IS NULL THEN ${P.noDate} ELSE ${P.badDate} END AS p_date0`,
    `CASE WHEN billed IS NULL THEN (CASE WHEN billed_x IS NULL THEN ${P.noCost} ELSE ${P.badCost} END) WHEN eff_p IS NULL AND eff_x IS NOT NULL THEN ${P.badEffective} WHEN credit_bad THEN ${P.badCredits} ELSE 0 END AS p_money`,
  ]);
  // the flags and problem codes travel as one packed integer key (fewer group columns to hash and compare)
  // the run's date window (dates.ts `outsideWindow`), in map-row.ts's order: after the end
  // before the start; the end is checked only when the row has one
  const w = input.window;
  const outside = (x: string) => (w ? `(${x} < ${w.fromMs}${Number.isFinite(w.toMs) ? ` OR ${x} >= ${w.toMs}` : ''})` : 'false');
  const pDate = `CASE WHEN p_date0 <> 0 THEN p_date0 WHEN end_ms < start_ms THEN ${P.endBeforeStart}
      WHEN ${outside('start_ms')} THEN ${P.startOutsideWindow} WHEN end_state = 1 AND ${outside('end_ms - 1')} THEN ${P.endOutsideWindow} ELSE 0 END`;
  const packed = `(CASE WHEN x_extra THEN 1 ELSE 0 END + CASE WHEN x_short THEN 2 ELSE 0 END + CASE WHEN x_dup THEN 4 ELSE 0 END + 8 * (${pDate}) + 256 * p_money)`;
  const l6keys = [...rawCols, `${packed} AS pk`,
    `${day} AS day`, `CASE WHEN ${multi} THEN start_ms END AS span_s`, `CASE WHEN ${multi} THEN end_ms END AS span_e`];
  const l6 = `SELECT ${sel(l6keys)},
    count(*) AS n, sum(billed) AS billed, sum(eff) AS eff, sum(coalesce(list, billed)) AS list, count(*) - count(list) AS list_missing, sum(qty) AS qty,
    count(CASE WHEN credit_n > 0 THEN 1 END) AS credit_rows, sum(CASE WHEN credit_n > 0 THEN credit_sum END) AS credit_sum, count(CASE WHEN billed <> 0 THEN 1 END) AS billed_nz
  FROM (SELECT ${l5}
  FROM (SELECT ${l4b}
  FROM (SELECT ${l4}
  FROM (SELECT ${l3}
  FROM (SELECT ${l2}
  FROM (SELECT ${l1}
  FROM ${input.from}) AS l1) AS l2) AS l3) AS l4) AS l4b) AS l5
  GROUP BY ${l6keys.map((_, i) => i + 1).join(', ')}`;

  const metrics = ['n', 'billed', 'eff', 'list', 'list_missing', 'qty', 'credit_rows', 'credit_sum', 'billed_nz'];
  const grpNorm = normalize(grp.used, (i) => `g${i}`);
  const passG = ['x_extra', 'x_short', 'x_dup', 'p_date', 'p_money', 'day', 'span_s', 'span_e', ...metrics];
  // DuckDB's bit and integer-division operators; the warehouses' dialects spell both with floorDiv
  const duck = d.name === 'duckdb';
  const bit = (k: number) => (duck ? `(pk & ${1 << k}) <> 0` : `(${d.floorDiv('pk', 1 << k)} - 2 * ${d.floorDiv('pk', 2 << k)}) = 1`);
  const unpack = [`${bit(0)} AS x_extra`, `${bit(1)} AS x_short`, `${bit(2)} AS x_dup`,
    duck ? '(pk // 8) % 32 AS p_date' : `${d.floorDiv('pk', 8)} - 32 * ${d.floorDiv('pk', 256)} AS p_date`, `${d.floorDiv('pk', 256)} AS p_money`];
  const dims = ['provider', 'account', 'service', 'sku', 'model', 'region', 'unit', 'usr', 'project'];
  const status = `CASE
      WHEN x_extra THEN ${P.extraFields}
      WHEN x_dup THEN ${ROW_STATUS.duplicate}
      WHEN skip_row THEN ${ROW_STATUS.skipped}
      WHEN p_date <> 0 THEN p_date
      WHEN currency IS NULL THEN ${P.noCurrency}
      WHEN p_money <> 0 THEN p_money
      ELSE ${ROW_STATUS.ok} END`;
  const sql = `SELECT ${status} AS status, x_short AS short, currency, day, span_s, span_e, kind, ${dims.join(', ')}${keyNames.map((k) => `, ${k}`).join('')}, ${metrics.join(', ')}
FROM (SELECT ${sel([...groupFields.map(([n, e]) => `${e} AS ${n}`), ...passG])}
FROM (SELECT ${sel([...grpNorm.nulled, ...passG])}
FROM (SELECT ${sel([...grpNorm.trimmed, ...unpack, ...passG.slice(5)])}
FROM (${l6}) AS g1) AS g2) AS g3) AS g4`;
  return { sql, moneyScale: scale, columnsRead: [...new Set([...row.used, ...grp.used])].sort((a, b) => a - b) };
}

/** Output columns of the "costopt daily aggregate" (what `--emit-sql` queries return and `analyze` reads back). */
export const DAILY_AGGREGATE_COLUMNS = [
  'date', 'charge_start', 'charge_end', 'currency', 'charge_kind', 'provider', 'account', 'service', 'sku', 'model', 'region', 'unit', 'user', 'project',
  'rows', 'billed_cost', 'effective_cost', 'list_cost', 'quantity',
] as const;

/**
 * The canonical daily aggregation for a warehouse: ok rows only, one output row per cell, with
 * the credits of GCP-style lists as their own `credit` rows. Money in currency units (exact
 * decimals; list cost falls back to billed cost on rows without one, as the cells do);
 * multi-day charges keep their exact span in charge_start/charge_end.
 */
export function dailyAggregateSql(rows: CompiledRows, d: SqlDialect, shift: number): string {
  const scaleBack = (x: string) => (shift === 0 ? x : `${x} * ${shift > 0 ? `1${'0'.repeat(shift)}` : `0.${'0'.repeat(-shift - 1)}1`}`);
  const q = (n: string) => d.ident(n);
  const keyCols = (kindExpr: string) => [
    `${d.msToDay(`day * ${MS_PER_DAY}`)} AS ${q('date')}`,
    `CASE WHEN span_s IS NOT NULL THEN ${d.msToIso('span_s')} END AS ${q('charge_start')}`,
    `CASE WHEN span_e IS NOT NULL THEN ${d.msToIso('span_e')} END AS ${q('charge_end')}`,
    `currency AS ${q('currency')}`,
    `${kindExpr} AS ${q('charge_kind')}`,
    `provider AS ${q('provider')}`, `account AS ${q('account')}`, `service AS ${q('service')}`, `sku AS ${q('sku')}`, `model AS ${q('model')}`,
    `region AS ${q('region')}`, `unit AS ${q('unit')}`, `usr AS ${q('user')}`, `project AS ${q('project')}`,
  ];
  const group = Array.from({ length: 14 }, (_, i) => i + 1).join(', ');
  const main = `SELECT ${keyCols('kind').join(', ')},
    SUM(n) AS ${q('rows')}, ${scaleBack('SUM(billed)')} AS ${q('billed_cost')}, ${scaleBack('SUM(eff)')} AS ${q('effective_cost')}, ${scaleBack('SUM(list)')} AS ${q('list_cost')}, SUM(qty) AS ${q('quantity')}
  FROM r WHERE status = ${ROW_STATUS.ok}
  GROUP BY ${group}`;
  const credits = `SELECT ${keyCols(d.str('credit')).join(', ')},
    SUM(credit_rows) AS ${q('rows')}, ${scaleBack('SUM(credit_sum)')} AS ${q('billed_cost')}, ${scaleBack('SUM(credit_sum)')} AS ${q('effective_cost')}, ${scaleBack('SUM(credit_sum)')} AS ${q('list_cost')}, NULL AS ${q('quantity')}
  FROM r WHERE status = ${ROW_STATUS.ok} AND credit_rows > 0
  GROUP BY ${group}`;
  return `WITH r AS (
${rows.sql}
)
${main}
UNION ALL
${credits}
ORDER BY 1, 4, 5`;
}
