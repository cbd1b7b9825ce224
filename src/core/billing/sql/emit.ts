import type { FieldSpec, Mapping } from '../mapping.js';
import { DAILY_AGGREGATE_COLUMNS, compileRows, dailyAggregateSql, moneyScaleOf, unsupportedReason } from './compile.js';
import { DIALECTS, type SqlDialectName } from './dialect.js';

/**
 * `costopt analyze --emit-sql <engine>`: the canonical daily aggregation of one bill format as
 * a query for a warehouse, over `table`. Its output columns are DAILY_AGGREGATE_COLUMNS, the
 * "costopt daily aggregate" that `analyze` reads back. Pure: the header comes from a sample
 * file, or from the mapping itself (its first candidate columns) when only a format is named.
 */
export interface EmitInput {
  mapping: Mapping;
  /** e.g. "FOCUS 1.2" */
  label: string;
  header: readonly string[];
  /** true when the header was assumed from the mapping, not read from a sample */
  assumedHeader: boolean;
  dialect: SqlDialectName;
  table: string;
}

/** A header for a format named without a sample: each field's first candidate column, plus the columns rules read. */
export function assumedHeader(m: Mapping): string[] {
  const out = new Set<string>();
  const add = (s: FieldSpec | undefined) => {
    if (!s) return;
    if (s.columns[0]) out.add(s.columns[0]);
    s.cases?.forEach((k) => {
      out.add(k.when.column);
      if (k.columns?.[0]) out.add(k.columns[0]);
    });
  };
  add(m.provider);
  Object.values(m.fields).forEach(add);
  m.chargeKind.rules.forEach((r) => out.add(r.column));
  if (m.credits) out.add(m.credits.column);
  return [...out];
}

export const TABLE_NAME = /^[A-Za-z_][\w$-]*(\.[A-Za-z_][\w$-]*){0,2}$/;

export function emitDailySql(e: EmitInput): string {
  const d = DIALECTS[e.dialect];
  const why = unsupportedReason(e.mapping, e.header);
  if (why) throw new Error(`the ${e.label} format cannot be aggregated in SQL: ${why}`);
  const table = e.table.split('.').map((p) => d.ident(p)).join('.');
  const rows = compileRows({
    mapping: e.mapping,
    header: e.header,
    dialect: d,
    column: (i) => d.text(d.ident(e.header[i]!)),
    from: table,
  });
  const shift = moneyScaleOf(e.mapping) - 12;
  const used = rows.columnsRead.map((i) => e.header[i]!);
  const lines = [
    `-- costopt daily aggregate of ${e.label} (${e.mapping.format}) for ${e.dialect}`,
    `-- reads ${table}: ${used.join(', ')}`,
    e.assumedHeader ? '-- (columns assumed from the format: pass a sample export to bind the query to its exact header)' : '-- (columns as in the sample export given)',
    `-- output: ${DAILY_AGGREGATE_COLUMNS.join(', ')}`,
    '-- save the result as CSV and run `costopt analyze <file.csv>` on it; timestamps are read as UTC',
    dailyAggregateSql(rows, d, shift),
  ];
  return `${lines.join('\n')};\n`;
}
