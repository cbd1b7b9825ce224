import type { DateFormat } from '../mapping.js';

/**
 * SQL dialects the billing mapping compiles to. `duckdb` is the one the DuckDB engine runs: its
 * primitives reproduce the JS row mapper exactly (map-row.ts, dates.ts, decimal.ts), and the
 * parity test holds them to it. `trino`, `bigquery` and `spark` are for `--emit-sql`: the same
 * query shape with each warehouse's functions, assuming a UTC session; they cannot be run here
 * and follow each engine's documented functions rather than a tested run.
 */
export const SQL_DIALECTS = ['duckdb', 'trino', 'bigquery', 'spark'] as const;
export type SqlDialectName = (typeof SQL_DIALECTS)[number];

/** A parsed date as two SQL expressions: epoch ms (BIGINT, NULL when unreadable) and "no time of day". */
export interface SqlDate {
  ms: string;
  dateOnly: string;
}

export interface SqlDialect {
  name: SqlDialectName;
  ident(name: string): string;
  str(value: string): string;
  /** cast a column of any type to text */
  text(x: string): string;
  /** trim the whitespace JS String.prototype.trim removes */
  trim(x: string): string;
  lower(x: string): string;
  upper(x: string): string;
  contains(x: string, sub: string): string;
  startsWith(x: string, prefix: string): string;
  /** 1-based part of `x` split on `sep` ('' when out of range) */
  splitPart(x: string, sep: string, part: number): string;
  /** exact decimal with `scale` fraction digits, rounded half away from zero; NULL when the text is not a plain decimal number */
  decimal(x: string, scale: number): string;
  /** a finite double, NULL otherwise */
  double(x: string): string;
  bigint(x: string): string;
  /** text to epoch ms in UTC, per the mapping's date format */
  date(x: string, format: DateFormat): SqlDate;
  /** epoch ms of an untrimmed raw value in the commonest shapes, NULL otherwise (then `date` decides); optional */
  fastDate?: ((raw: string, format: DateFormat) => string | undefined) | undefined;
  /** floor(a / b) for BIGINT a, positive constant b */
  floorDiv(a: string, b: number): string;
  /** epoch ms to 'YYYY-MM-DD' (UTC) */
  msToDay(ms: string): string;
  /** epoch ms to 'YYYY-MM-DDTHH:MM:SS.fffZ' (UTC) */
  msToIso(ms: string): string;
  /** sum of the decimal `amount`s in a GCP-style credits list text: { n: count, sum: exact sum } (n NULL when the text is not a list) */
  creditAmounts(x: string, scale: number): { n: string; bad: string; sum: string };
  /** exact decimal type of the sums */
  decimalType(scale: number): string;
}

/** JS String.prototype.trim whitespace (ECMAScript WhiteSpace + LineTerminator). */
export const JS_WHITESPACE = ' \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

/** JS_WHITESPACE as the inside of an RE2 character class */
const JS_WS_CLASS = ' \\t\\n\\v\\f\\r\\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}';

const sqlString = (v: string) => `'${v.replace(/'/g, "''")}'`;

// The JS parsers' patterns (dates.ts, decimal.ts, map-row.ts creditAmounts), in RE2 syntax.
export const ISO_DATE_RE = String.raw`(?i)^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$`;
export const SLASH_DATE_RE = String.raw`(?i)^(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?)?$`;
/** the shapes DuckDB's TIMESTAMP cast reads exactly as dates.ts does */
export const ISO_FAST_RE = String.raw`\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d:\d\d(?:\.\d{3})?Z?)?`;
export const UNIX_RE = String.raw`^-?\d+(\.\d+)?$`;
export const DECIMAL_TEXT_RE = String.raw`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`;
export const CREDIT_AMOUNT_RE = String.raw`["']amount["']\s*:\s*(-?[\d.]+(?:[eE][+-]?\d+)?)`;

/**
 * `x` full-matches ISO_FAST_RE: one GLOB chosen by length (cheaper than an RE2 match per row).
 * The shapes: date (10), date and time (19), + Z (20), + .fff (23), + .fffZ (24).
 */
function isoFastShape(x: string): string {
  const D = '[0-9]';
  const date = `${D}${D}${D}${D}-${D}${D}-${D}${D}`;
  const dt = `${date}[T ]${D}${D}:${D}${D}:${D}${D}`;
  const ms = `.${D}${D}${D}`;
  return `CASE length(${x}) WHEN 20 THEN ${x} GLOB '${dt}Z' WHEN 10 THEN ${x} GLOB '${date}' WHEN 19 THEN ${x} GLOB '${dt}' WHEN 23 THEN ${x} GLOB '${dt}${ms}' WHEN 24 THEN ${x} GLOB '${dt}${ms}Z' ELSE false END`;
}

/** Days since 1970-01-01 of a civil date (H. Hinnant's days_from_civil), integer arithmetic only. */
function daysFromCivil(y: string, m: string, d: string, div: (a: string, b: number) => string): string {
  const yy = `(${y} - CASE WHEN ${m} <= 2 THEN 1 ELSE 0 END)`;
  const era = div(yy, 400);
  const yoe = `(${yy} - ${era} * 400)`;
  const doy = `(${div(`153 * (${m} + CASE WHEN ${m} > 2 THEN -3 ELSE 9 END) + 2`, 5)} + ${d} - 1)`;
  const doe = `(${yoe} * 365 + ${div(yoe, 4)} - ${div(yoe, 100)} + ${doy})`;
  return `(${era} * 146097 + ${doe} - 719468)`;
}

const leap = (y: string) => `((${y}) % 4 = 0 AND ((${y}) % 100 <> 0 OR (${y}) % 400 = 0))`;
const daysInMonth = (y: string, m: string) =>
  `CASE ${m} WHEN 2 THEN CASE WHEN ${leap(y)} THEN 29 ELSE 28 END WHEN 4 THEN 30 WHEN 6 THEN 30 WHEN 9 THEN 30 WHEN 11 THEN 30 ELSE 31 END`;

/** dates.ts `build`: validated fields to epoch ms (NULL when out of range), as JS Date.UTC does it. */
function buildMs(p: { y: string; mo: string; d: string; h: string; mi: string; s: string; ms: string; offsetMin: string }, div: (a: string, b: number) => string): string {
  const valid = `${p.mo} BETWEEN 1 AND 12 AND ${p.d} >= 1 AND ${p.d} <= ${daysInMonth(p.y, p.mo)} AND ${p.h} <= 24 AND ${p.mi} <= 59 AND ${p.s} <= 60`;
  const ms = `(${daysFromCivil(p.y, p.mo, p.d, div)} * 86400000 + ${p.h} * 3600000 + ${p.mi} * 60000 + ${p.s} * 1000 + ${p.ms} - ${p.offsetMin} * 60000)`;
  return `CASE WHEN ${valid} THEN ${ms} END`;
}

// ---------------------------------------------------------------------------------------------
// DuckDB: exact.

function duckDate(x: string, format: DateFormat): SqlDate {
  const div = (a: string, b: number) => `((${a}) // ${b})`;
  if (format === 'unix_s' || format === 'unix_ms') {
    const n = `TRY_CAST(${x} AS DOUBLE)`;
    const f = format === 'unix_s' ? `${n} * 1000` : n;
    // Math.round: half toward +infinity
    return { ms: `CASE WHEN regexp_full_match(${x}, ${sqlString(UNIX_RE)}) THEN CAST(floor(${f} + 0.5) AS BIGINT) END`, dateOnly: 'false' };
  }
  // Fast path for the common shapes (one RE2 match, then DuckDB's own cast); anything else,
  // or a value the cast refuses, goes through the JS grammar, evaluated only then.
  const len = `length(${x})`;
  const isoShape = isoFastShape(x);
  const fast = `CASE WHEN ${isoShape} THEN epoch_ms(TRY_CAST(${x} AS TIMESTAMP)) END`;
  const iso = (s: string) => {
    const g = (k: string) => `TRY_CAST(${s}.${k} AS BIGINT)`;
    const z = `${s}.z`;
    const off = `CASE WHEN ${z} = '' OR upper(${z}) = 'Z' OR upper(${z}) = 'UTC' OR upper(${z}) = 'GMT' THEN 0 ELSE (CASE WHEN substr(${z}, 1, 1) = '-' THEN -1 ELSE 1 END) * (CAST(substr(${z}, 2, 2) AS BIGINT) * 60 + CAST(substr(${z}, length(${z}) - 1, 2) AS BIGINT)) END`;
    return `CASE WHEN ${s}.y <> '' THEN ${buildMs({
      y: g('y'), mo: g('mo'), d: g('d'), h: `coalesce(${g('h')}, 0)`, mi: `coalesce(${g('mi')}, 0)`, s: `coalesce(${g('s')}, 0)`,
      ms: `coalesce(TRY_CAST(rpad(substr(${s}.f, 1, 3), 3, '0') AS BIGINT), 0)`, offsetMin: off,
    }, div)} END`;
  };
  const isoStruct = `regexp_extract(${x}, ${sqlString(ISO_DATE_RE)}, ['y', 'mo', 'd', 'h', 'mi', 's', 'f', 'z'])`;
  const isoDateOnly = (s: string) => `(${s}.h = '')`;
  if (format === 'iso') {
    return {
      ms: `coalesce(${fast}, ${iso(isoStruct)})`,
      dateOnly: `CASE WHEN ${isoShape} THEN ${len} = 10 ELSE ${isoDateOnly(isoStruct)} END`,
    };
  }
  // mdy / dmy: ISO first, then M/D/YYYY (or D/M/YYYY; also with dots or dashes)
  const slashStruct = `regexp_extract(${x}, ${sqlString(SLASH_DATE_RE)}, ['a', 'b', 'y', 'h', 'mi', 's', 'ap'])`;
  const slash = (s: string) => {
    const g = (k: string) => `TRY_CAST(${s}.${k} AS BIGINT)`;
    const y = `(${g('y')} + CASE WHEN length(${s}.y) = 2 THEN 2000 ELSE 0 END)`;
    const h0 = `coalesce(${g('h')}, 0)`;
    const h = `(CASE WHEN upper(${s}.ap) = 'PM' AND ${h0} < 12 THEN ${h0} + 12 WHEN upper(${s}.ap) = 'AM' AND ${h0} = 12 THEN 0 ELSE ${h0} END)`;
    const [mo, d] = format === 'mdy' ? [g('a'), g('b')] : [g('b'), g('a')];
    return `CASE WHEN ${s}.y <> '' THEN ${buildMs({ y, mo, d, h, mi: `coalesce(${g('mi')}, 0)`, s: `coalesce(${g('s')}, 0)`, ms: '0', offsetMin: '0' }, div)} END`;
  };
  const slashShape = `regexp_full_match(${x}, '\\d\\d[./-]\\d\\d[./-]\\d{4}')`;
  const [mPart, dPart] = format === 'mdy' ? ['1', '4'] : ['4', '1'];
  const slashFast = `CASE WHEN ${slashShape} THEN ${buildMs({
    y: `TRY_CAST(substr(${x}, 7, 4) AS BIGINT)`, mo: `TRY_CAST(substr(${x}, ${mPart}, 2) AS BIGINT)`, d: `TRY_CAST(substr(${x}, ${dPart}, 2) AS BIGINT)`,
    h: '0', mi: '0', s: '0', ms: '0', offsetMin: '0',
  }, div)} END`;
  return {
    ms: `coalesce(${fast}, ${slashFast}, ${iso(isoStruct)}, ${slash(slashStruct)})`,
    dateOnly: `CASE WHEN ${isoShape} THEN ${len} = 10 WHEN ${slashShape} THEN true WHEN ${isoStruct}.y <> '' THEN ${isoDateOnly(isoStruct)} ELSE ${slashStruct}.h = '' END`,
  };
}

export const duckdb: SqlDialect = {
  name: 'duckdb',
  ident: (n) => `"${n.replace(/"/g, '""')}"`,
  str: sqlString,
  text: (x) => `CAST(${x} AS VARCHAR)`,
  // the full JS whitespace trim is slow in DuckDB: run it only on values that start or end with whitespace
  trim: (x) => `CASE WHEN regexp_full_match(${x}, ${sqlString(`(?s)[^${JS_WS_CLASS}](.*[^${JS_WS_CLASS}])?`)}) THEN ${x} ELSE trim(${x}, ${sqlString(JS_WHITESPACE)}) END`,
  lower: (x) => `lower(${x})`,
  upper: (x) => `upper(${x})`,
  contains: (x, s) => `contains(${x}, ${sqlString(s)})`,
  startsWith: (x, p) => `starts_with(${x}, ${sqlString(p)})`,
  splitPart: (x, sep, part) => `split_part(${x}, ${sqlString(sep)}, ${part})`,
  // DECIMAL(18,s) parses fast; wider values take the DECIMAL(38,s) cast. DuckDB also reads
  // `1_000`, which the JS parser does not: refused here too.
  decimal: (x, scale) =>
    scale > 18
      ? `CASE WHEN NOT contains(${x}, '_') THEN TRY_CAST(${x} AS DECIMAL(38,${scale})) END`
      : `CASE WHEN NOT contains(${x}, '_') THEN coalesce(TRY_CAST(${x} AS DECIMAL(18,${scale})), TRY_CAST(${x} AS DECIMAL(38,${scale}))) END`,
  double: (x) => `CASE WHEN NOT contains(${x}, '_') AND isfinite(TRY_CAST(${x} AS DOUBLE)) THEN TRY_CAST(${x} AS DOUBLE) END`,
  bigint: (x) => `TRY_CAST(${x} AS BIGINT)`,
  date: duckDate,
  fastDate: (raw, format) => (format === 'unix_s' || format === 'unix_ms' ? undefined : `CASE WHEN ${isoFastShape(raw)} THEN epoch_ms(TRY_CAST(${raw} AS TIMESTAMP)) END`),
  floorDiv: (a, b) => `((${a}) // ${b})`,
  msToDay: (ms) => `strftime(epoch_ms(${ms}), '%Y-%m-%d')`,
  msToIso: (ms) => `strftime(epoch_ms(${ms}), '%Y-%m-%dT%H:%M:%S.%gZ')`,
  creditAmounts: (x, scale) => {
    const list = `CASE WHEN ${x} = '' OR ${x} = '[]' THEN []::VARCHAR[] WHEN starts_with(${x}, '[') THEN regexp_extract_all(${x}, ${sqlString(CREDIT_AMOUNT_RE)}, 1) END`;
    const dec = (v: string) => `CASE WHEN regexp_full_match(${v}, ${sqlString(DECIMAL_TEXT_RE)}) THEN TRY_CAST(${v} AS DECIMAL(38,${scale})) END`;
    return {
      n: `len(${list})`,
      bad: `(${list} IS NULL OR coalesce(list_bool_or(list_transform(${list}, a -> ${dec('a')} IS NULL)), false))`,
      sum: `coalesce(list_sum(list_transform(${list}, a -> ${dec('a')})), 0)`,
    };
  },
  decimalType: (scale) => `DECIMAL(38,${scale})`,
};

// ---------------------------------------------------------------------------------------------
// Warehouses (for --emit-sql). Sessions are assumed to run in UTC.

const bigquery: SqlDialect = {
  name: 'bigquery',
  ident: (n) => `\`${n.replace(/`/g, '\\`')}\``,
  str: (v) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`,
  text: (x) => `CAST(${x} AS STRING)`,
  trim: (x) => `TRIM(${x})`,
  lower: (x) => `LOWER(${x})`,
  upper: (x) => `UPPER(${x})`,
  contains: (x, s) => `STRPOS(${x}, ${bigqueryStr(s)}) > 0`,
  startsWith: (x, p) => `STARTS_WITH(${x}, ${bigqueryStr(p)})`,
  splitPart: (x, sep, part) => `COALESCE(SPLIT(${x}, ${bigqueryStr(sep)})[SAFE_ORDINAL(${part})], '')`,
  decimal: (x) => `SAFE_CAST(${x} AS BIGNUMERIC)`,
  double: (x) => `SAFE_CAST(${x} AS FLOAT64)`,
  bigint: (x) => `SAFE_CAST(${x} AS INT64)`,
  date: (x, format) => {
    if (format === 'unix_s') return { ms: `CAST(ROUND(SAFE_CAST(${x} AS FLOAT64) * 1000) AS INT64)`, dateOnly: 'FALSE' };
    if (format === 'unix_ms') return { ms: `CAST(ROUND(SAFE_CAST(${x} AS FLOAT64)) AS INT64)`, dateOnly: 'FALSE' };
    const iso = `SAFE_CAST(REGEXP_REPLACE(${x}, r'(?i)\\s*UTC$', 'Z') AS TIMESTAMP)`;
    const slash = format === 'iso' ? 'NULL' : `SAFE.PARSE_TIMESTAMP(${bigqueryStr(format === 'mdy' ? '%m/%d/%Y' : '%d/%m/%Y')}, REGEXP_REPLACE(REGEXP_EXTRACT(${x}, r'^\\d{1,2}[./-]\\d{1,2}[./-]\\d{4}'), r'[.-]', '/'))`;
    return { ms: `UNIX_MILLIS(COALESCE(${iso}, ${slash}))`, dateOnly: `NOT REGEXP_CONTAINS(${x}, r'\\d[ T]\\d')` };
  },
  floorDiv: (a, b) => `DIV((${a}) - MOD(MOD(${a}, ${b}) + ${b}, ${b}), ${b})`,
  msToDay: (ms) => `FORMAT_TIMESTAMP('%Y-%m-%d', TIMESTAMP_MILLIS(${ms}), 'UTC')`,
  msToIso: (ms) => `FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%E3SZ', TIMESTAMP_MILLIS(${ms}), 'UTC')`,
  creditAmounts: (x) => {
    const list = `REGEXP_EXTRACT_ALL(${x}, ${bigqueryStr(CREDIT_AMOUNT_RE)})`;
    return {
      n: `ARRAY_LENGTH(${list})`,
      bad: `(NOT STARTS_WITH(${x}, '[') AND ${x} <> '')`,
      sum: `(SELECT COALESCE(SUM(SAFE_CAST(a AS BIGNUMERIC)), 0) FROM UNNEST(${list}) AS a)`,
    };
  },
  decimalType: () => 'BIGNUMERIC',
};
function bigqueryStr(v: string): string {
  return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const trino: SqlDialect = {
  name: 'trino',
  ident: (n) => `"${n.replace(/"/g, '""')}"`,
  str: sqlString,
  text: (x) => `CAST(${x} AS VARCHAR)`,
  trim: (x) => `trim(${x})`,
  lower: (x) => `lower(${x})`,
  upper: (x) => `upper(${x})`,
  contains: (x, s) => `strpos(${x}, ${sqlString(s)}) > 0`,
  startsWith: (x, p) => `starts_with(${x}, ${sqlString(p)})`,
  splitPart: (x, sep, part) => `coalesce(split_part(${x}, ${sqlString(sep)}, ${part}), '')`,
  decimal: (x, scale) => `TRY_CAST(${x} AS DECIMAL(38,${scale}))`,
  double: (x) => `TRY_CAST(${x} AS DOUBLE)`,
  bigint: (x) => `TRY_CAST(${x} AS BIGINT)`,
  date: (x, format) => {
    if (format === 'unix_s') return { ms: `CAST(round(TRY_CAST(${x} AS DOUBLE) * 1000) AS BIGINT)`, dateOnly: 'false' };
    if (format === 'unix_ms') return { ms: `CAST(round(TRY_CAST(${x} AS DOUBLE)) AS BIGINT)`, dateOnly: 'false' };
    const iso = `TRY(from_iso8601_timestamp(regexp_replace(regexp_replace(${x}, '(?i)\\s*UTC$', 'Z'), '^(\\d{4}-\\d{2}-\\d{2}) ', '$1T')))`;
    const slash = format === 'iso' ? 'NULL' : `TRY(with_timezone(date_parse(regexp_replace(regexp_extract(${x}, '^\\d{1,2}[./-]\\d{1,2}[./-]\\d{4}'), '[.-]', '/'), ${sqlString(format === 'mdy' ? '%m/%d/%Y' : '%d/%m/%Y')}), 'UTC'))`;
    return { ms: `CAST(to_unixtime(coalesce(${iso}, ${slash})) * 1000 AS BIGINT)`, dateOnly: `NOT regexp_like(${x}, '\\d[ T]\\d')` };
  },
  floorDiv: (a, b) => `CAST(floor(CAST(${a} AS DOUBLE) / ${b}) AS BIGINT)`,
  msToDay: (ms) => `format_datetime(from_unixtime(${ms} / 1000.0, 'UTC'), 'yyyy-MM-dd')`,
  msToIso: (ms) => `format_datetime(from_unixtime(${ms} / 1000.0, 'UTC'), 'yyyy-MM-dd''T''HH:mm:ss.SSS''Z''')`,
  creditAmounts: (x, scale) => {
    const list = `regexp_extract_all(${x}, ${sqlString(CREDIT_AMOUNT_RE)}, 1)`;
    return {
      n: `cardinality(${list})`,
      bad: `(NOT starts_with(${x}, '[') AND ${x} <> '')`,
      sum: `reduce(${list}, CAST(0 AS DECIMAL(38,${scale})), (s, a) -> s + coalesce(TRY_CAST(a AS DECIMAL(38,${scale})), 0), s -> s)`,
    };
  },
  decimalType: (scale) => `DECIMAL(38,${scale})`,
};

const spark: SqlDialect = {
  name: 'spark',
  ident: (n) => `\`${n.replace(/`/g, '``')}\``,
  str: (v) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`,
  text: (x) => `CAST(${x} AS STRING)`,
  trim: (x) => `trim(${x})`,
  lower: (x) => `lower(${x})`,
  upper: (x) => `upper(${x})`,
  contains: (x, s) => `instr(${x}, ${sparkStr(s)}) > 0`,
  startsWith: (x, p) => `startswith(${x}, ${sparkStr(p)})`,
  splitPart: (x, sep, part) => `coalesce(split_part(${x}, ${sparkStr(sep)}, ${part}), '')`,
  decimal: (x, scale) => `try_cast(${x} AS DECIMAL(38,${scale}))`,
  double: (x) => `try_cast(${x} AS DOUBLE)`,
  bigint: (x) => `try_cast(${x} AS BIGINT)`,
  date: (x, format) => {
    if (format === 'unix_s') return { ms: `CAST(round(try_cast(${x} AS DOUBLE) * 1000) AS BIGINT)`, dateOnly: 'false' };
    if (format === 'unix_ms') return { ms: `CAST(round(try_cast(${x} AS DOUBLE)) AS BIGINT)`, dateOnly: 'false' };
    const iso = `try_to_timestamp(regexp_replace(${x}, '(?i)\\\\s*UTC$', 'Z'))`;
    const slash = format === 'iso' ? 'NULL' : `try_to_timestamp(regexp_replace(regexp_extract(${x}, '^\\\\d{1,2}[./-]\\\\d{1,2}[./-]\\\\d{4}', 0), '[.-]', '/'), ${sparkStr(format === 'mdy' ? 'M/d/yyyy' : 'd/M/yyyy')})`;
    return { ms: `unix_millis(coalesce(${iso}, ${slash}))`, dateOnly: `NOT (${x} RLIKE '\\\\d[ T]\\\\d')` };
  },
  floorDiv: (a, b) => `CAST(floor((${a}) / ${b}) AS BIGINT)`,
  msToDay: (ms) => `date_format(timestamp_millis(${ms}), 'yyyy-MM-dd')`,
  msToIso: (ms) => `date_format(timestamp_millis(${ms}), "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")`,
  creditAmounts: (x, scale) => {
    const list = `regexp_extract_all(${x}, ${sparkStr(CREDIT_AMOUNT_RE)}, 1)`;
    return {
      n: `size(${list})`,
      bad: `(NOT startswith(${x}, '[') AND ${x} <> '')`,
      sum: `aggregate(${list}, CAST(0 AS DECIMAL(38,${scale})), (s, a) -> s + coalesce(try_cast(a AS DECIMAL(38,${scale})), 0))`,
    };
  },
  decimalType: (scale) => `DECIMAL(38,${scale})`,
};
function sparkStr(v: string): string {
  return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export const DIALECTS: Record<SqlDialectName, SqlDialect> = { duckdb, trino, bigquery, spark };
