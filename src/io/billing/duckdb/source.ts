import type { DuckDBConnection } from '@duckdb/node-api';
import type { InputFile } from '../inputs.js';

/**
 * How DuckDB reads one bill file: the FROM clause and, for each header column, the SQL of its
 * text. CSV files are read with the dialect fixed (no sniffing: the JS engine does not sniff
 * either), every column as VARCHAR under positional names c0..cN-1, one spare column cN that
 * is non-null exactly when a row has more fields than the header, nulls left to the mapping
 * (the null string is a control character no export holds), short rows padded with NULL.
 * Parquet files are read by column name, each value turned into the text the CSV export
 * would hold (timestamps as ISO UTC).
 */
export interface DuckSource {
  from: string;
  /** column names as the format detector sees them */
  header: string[];
  column: (i: number) => string;
  /** true when the row has more fields than the header (CSV only) */
  extraFields?: string | undefined;
  /** true when the row has fewer fields than the header (CSV only) */
  shortRow?: string | undefined;
  /** a hash of the whole row as read, for de-duplication across files */
  rowHash: string;
  kind: 'csv' | 'parquet';
}

export const sqlString = (v: string) => `'${v.replace(/'/g, "''")}'`;
const ident = (n: string) => `"${n.replace(/"/g, '""')}"`;

export const isParquetPath = (path: string) => /\.parquet$/i.test(path);

/**
 * `strict` (tried first): RFC 4180 files, read in parallel. `tolerant`: what the JS parser also
 * reads (mixed line endings, stray quotes, rows longer than header + 1), single-threaded;
 * used when the strict read fails.
 */
export type CsvMode = 'strict' | 'tolerant';

/** CSV read buffer: DuckDB's default (16 x 2 MB lines per thread) would take most of the memory budget. */
const CSV_BUFFER = 'buffer_size = 4194304, max_line_size = 2097152';

export function csvSource(f: InputFile, header: readonly string[], mode: CsvMode = 'strict'): DuckSource {
  const n = header.length;
  const cols = Array.from({ length: n + 1 }, (_, i) => `${sqlString(`c${i}`)}: 'VARCHAR'`).join(', ');
  const lenient = mode === 'tolerant' ? ', strict_mode = false, parallel = false' : '';
  const from = `read_csv(${sqlString(f.path)}, auto_detect = false, header = true, delim = ',', quote = '"', escape = '"', columns = {${cols}}, null_padding = true${lenient}, nullstr = '\u0001', compression = ${f.gzip ? "'gzip'" : "'none'"}, ${CSV_BUFFER})`;
  return {
    from,
    header: [...header],
    column: (i) => `c${i}`,
    extraFields: `(c${n} IS NOT NULL)`,
    shortRow: n > 0 ? `(c${n - 1} IS NULL AND c${n} IS NULL)` : undefined,
    rowHash: `hash(${Array.from({ length: n + 1 }, (_, i) => `c${i}`).join(', ')})`,
    kind: 'csv',
  };
}

/** Column names and types of a Parquet file. */
export async function parquetColumns(con: DuckDBConnection, path: string): Promise<{ name: string; type: string }[]> {
  const r = await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sqlString(path)})`);
  return r.getRows().map((row) => ({ name: String(row[0]), type: String(row[1]) }));
}

export function parquetSource(f: InputFile, columns: readonly { name: string; type: string }[]): DuckSource {
  const text = (c: { name: string; type: string }) => {
    const x = ident(c.name);
    const t = c.type.toUpperCase();
    if (t === 'VARCHAR') return x;
    if (t === 'TIMESTAMP WITH TIME ZONE') return `strftime(${x}, '%Y-%m-%dT%H:%M:%S.%gZ')`;
    if (t.startsWith('TIMESTAMP')) return `strftime(CAST(${x} AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S.%g')`;
    if (t === 'DATE') return `strftime(${x}, '%Y-%m-%d')`;
    return `CAST(${x} AS VARCHAR)`;
  };
  return {
    from: `read_parquet(${sqlString(f.path)})`,
    header: columns.map((c) => c.name),
    column: (i) => text(columns[i]!),
    rowHash: `hash(${columns.map((c) => ident(c.name)).join(', ')})`,
    kind: 'parquet',
  };
}
