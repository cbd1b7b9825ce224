import { assumedHeader, emitDailySql, TABLE_NAME } from '../../../core/billing/sql/emit.js';
import { SQL_DIALECTS, type SqlDialectName } from '../../../core/billing/sql/dialect.js';
import { formatById, FORMATS } from '../../../core/billing/formats/index.js';
import { InputError } from '../../../core/errors.js';
import { resolve } from 'node:path';
import { expandInputs } from '../inputs.js';
import { loadMapFile, prepareInputs } from '../prepare.js';

export interface EmitOptions {
  dialect: string;
  table?: string | undefined;
  formatHint?: string | undefined;
  mapFile?: string | undefined;
  cwd: string;
}

/** `--emit-sql`: the daily aggregation query for the format of a sample file, or of `--format-hint` / `--map` alone. */
export async function emitSql(paths: readonly string[], o: EmitOptions): Promise<string> {
  const dialect = SQL_DIALECTS.find((x) => x === o.dialect) as SqlDialectName | undefined;
  if (!dialect) throw new InputError({ severity: 'error', path: '--emit-sql', message: `expected ${SQL_DIALECTS.join(', ')}, got "${o.dialect}"` });
  const table = o.table ?? 'bill';
  if (!TABLE_NAME.test(table)) throw new InputError({ severity: 'error', path: '--table', message: `expected a table name such as bill or dataset.billing_export, got "${table}"` });
  const mapFile = o.mapFile && resolve(o.cwd, o.mapFile);
  const run = (f: () => string) => {
    try {
      return f();
    } catch (e) {
      throw new InputError({ severity: 'error', path: '--emit-sql', message: e instanceof Error ? e.message : String(e) });
    }
  };
  if (paths.length) {
    const inputs = await prepareInputs(expandInputs(paths.slice(0, 1), o.cwd), { formatHint: o.formatHint, mapFile });
    const i = inputs[0]!;
    return run(() => emitDailySql({ mapping: i.format.mapping, label: i.label, header: i.header, assumedHeader: false, dialect, table }));
  }
  const format = mapFile ? loadMapFile(mapFile) : o.formatHint ? formatById(o.formatHint) : undefined;
  if (!format) {
    throw new InputError({
      severity: 'error', path: '--emit-sql',
      message: o.formatHint && !mapFile ? `unknown format "${o.formatHint}"; known: ${FORMATS.map((f) => f.id).join(', ')}` : 'needs a sample bill file, --format-hint <format> or --map <mapping.yaml> to know the columns',
    });
  }
  return run(() => emitDailySql({ mapping: format.mapping, label: format.mapping.label, header: assumedHeader(format.mapping), assumedHeader: true, dialect, table }));
}
