import { CsvParser } from '../../../core/billing/csv.js';
import type { DateWindow } from '../../../core/billing/dates.js';
import { mapRow } from '../../../core/billing/map-row.js';
import type { RowProblem } from '../../../core/billing/record.js';
import { PROBLEM_CODES } from '../../../core/billing/sql/compile.js';
import { openText } from '../inputs.js';
import type { PreparedInput } from '../prepare.js';

/**
 * The first unreadable rows of a CSV file, as the JS engine reports them (file:line and why):
 * DuckDB counted them; this reads the file with the JS parser and row mapper only until
 * `limit` problems are found, so a file whose bad rows come early costs little.
 */
export async function firstProblems(input: PreparedInput, limit: number, window: DateWindow): Promise<RowProblem[]> {
  const out: RowProblem[] = [];
  const width = input.bound.header.length;
  let headerSeen = false;
  const parser = new CsvParser((fields, line) => {
    if (out.length >= limit) return;
    if (!headerSeen) {
      headerSeen = true;
      return;
    }
    if (fields.length > width) {
      out.push({ file: input.shown, line, message: `${fields.length} fields, but the header has ${width} (a shifted or unquoted field?)` });
      return;
    }
    const r = mapRow(input.bound, fields, input.shown, line, undefined, window);
    if (r.kind === 'problem') out.push(r.problem);
  });
  const stream = openText(input);
  try {
    for await (const chunk of stream) {
      parser.push(chunk);
      if (out.length >= limit) break;
    }
    if (out.length < limit) parser.end();
  } finally {
    if ('destroy' in stream && typeof stream.destroy === 'function') stream.destroy();
  }
  return out;
}

const MESSAGES: Record<number, string> = {
  [PROBLEM_CODES.extraFields]: 'more fields than the header',
  [PROBLEM_CODES.noDate]: 'no date',
  [PROBLEM_CODES.badDate]: 'unreadable date',
  [PROBLEM_CODES.badEnd]: 'unreadable end date',
  [PROBLEM_CODES.endBeforeStart]: 'the charge ends before it starts',
  [PROBLEM_CODES.noCurrency]: 'no currency (the row has none and the format gives no default)',
  [PROBLEM_CODES.noCost]: 'no cost',
  [PROBLEM_CODES.badCost]: 'cost is not a number',
  [PROBLEM_CODES.badEffective]: 'effective cost is not a number',
  [PROBLEM_CODES.badCredits]: 'unreadable credits list',
  [PROBLEM_CODES.startOutsideWindow]: 'a date outside the dates a bill may carry',
  [PROBLEM_CODES.endOutsideWindow]: 'an end date outside the dates a bill may carry',
};

/** Parquet has no lines: one problem per reason, with its row count (line 0). */
export function parquetProblem(input: PreparedInput, codes: ReadonlyMap<number, number>, limit: number): RowProblem[] {
  return [...codes.entries()]
    .sort((a, b) => a[0] - b[0])
    .slice(0, limit)
    .map(([code, n]) => ({ file: input.shown, line: 0, message: `${n} row(s): ${MESSAGES[code] ?? `problem ${code}`}` }));
}
