import { InputError } from '../../../core/errors.js';
import type { InputFile } from '../inputs.js';
import { loadDuckDB, openSession } from './load.js';
import { parquetColumns } from './source.js';

/** The column names of a Parquet bill (AWS CUR 2.0, FOCUS exports): the "header" the format is detected from. */
export async function parquetHeader(f: InputFile): Promise<string[]> {
  const { mod, reason } = await loadDuckDB();
  if (!mod) throw new InputError({ severity: 'error', file: f.shown, message: `Parquet input is read by the DuckDB engine, which is not available (${reason})` });
  const s = await openSession(mod);
  try {
    return (await parquetColumns(s.con, f.path)).map((c) => c.name);
  } catch (e) {
    throw new InputError({ severity: 'error', file: f.shown, message: `cannot read Parquet: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` });
  } finally {
    s.close();
  }
}
