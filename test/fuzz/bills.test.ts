import { afterAll, beforeAll, describe, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../helpers/cli.js';
import { FUZZ_KNOWN, checkCase, nastyNumber, nastyString, params, read, reportKnown, runCase, scratch, warmUp } from './harness.js';

/**
 * Fuzz targets: CSV bytes of every bill format (cell- and byte-level mutations of the fixture
 * bills: FOCUS, AWS CUR, Azure, GCP, OCI, OpenAI, Anthropic, request logs, mapped exports) and
 * request-log rows and dates generated from scratch, through `analyze`.
 */
const TARGET = 'bills+request-logs';
const BILLING = join(FIXTURES, 'billing');
const CATALOGS = join(FIXTURES, 'catalogs', 'billing-versions');
const bills = readdirSync(BILLING)
  .filter((f) => f.endsWith('.csv'))
  .map((f) => ({ name: f, text: read(join(BILLING, f)), requestLog: f.startsWith('request-log') }));

type CsvOp =
  | { op: 'cell'; row: number; col: number; value: string }
  | { op: 'insert'; at: number; text: string }
  | { op: 'deleteRow'; row: number }
  | { op: 'dupRow'; row: number }
  | { op: 'swapCols'; a: number; b: number }
  | { op: 'truncate'; at: number };

const cellValue = fc.oneof(nastyString, nastyNumber.map(String), fc.constantFrom('', ' ', '""', '"a,b"', '"x\ny"', '1.5e3', '-12.50', '(12.50)', '$1,234.00', '12,5'));
const csvOp: fc.Arbitrary<CsvOp> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('cell' as const), row: fc.nat(), col: fc.nat(), value: cellValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(nastyString, fc.constantFrom(',', '"', '\n', '\r\n', '\u0000', '\ufeff')) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('deleteRow' as const), row: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('dupRow' as const), row: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('swapCols' as const), a: fc.nat(), b: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }) },
);

function mutateCsv(text: string, ops: readonly CsvOp[]): string {
  let t = text;
  for (const o of ops) {
    const lines = t.split('\n');
    switch (o.op) {
      case 'cell': {
        const r = o.row % lines.length;
        const cells = lines[r]!.split(',');
        cells[o.col % cells.length] = o.value;
        lines[r] = cells.join(',');
        t = lines.join('\n');
        break;
      }
      case 'insert': {
        const at = o.at % (t.length + 1);
        t = t.slice(0, at) + o.text + t.slice(at);
        break;
      }
      case 'deleteRow':
        lines.splice(o.row % lines.length, 1);
        t = lines.join('\n');
        break;
      case 'dupRow': {
        const r = o.row % lines.length;
        lines.splice(r, 0, lines[r]!);
        t = lines.join('\n');
        break;
      }
      case 'swapCols':
        t = lines
          .map((l) => {
            const c = l.split(',');
            const a = o.a % c.length;
            const b = o.b % c.length;
            [c[a], c[b]] = [c[b]!, c[a]!];
            return c.join(',');
          })
          .join('\n');
        break;
      case 'truncate':
        t = t.slice(0, o.at % (t.length + 1));
        break;
    }
  }
  return t;
}

const FORMATS = ['json', 'table', 'markdown', 'csv', 'html'] as const;
const extraFlags = fc.constantFrom<string[]>([], ['--budget', '1000'], ['--fail-on', 'anomaly,unpriced'], ['--top', '2'], ['--basis', 'effective'], ['--strict'], ['--include-drops', '--min-impact', '0']);

const work = scratch('bills');
beforeAll(() => warmUp([['analyze', join(BILLING, 'focus-30-days-compute-spike-on-jan-25.csv'), '--engine', 'js'], ['analyze', join(BILLING, 'request-log-cache-tiers-dates.csv'), '--catalog', CATALOGS, '--engine', 'js', '--format', 'csv']], BILLING));
afterAll(() => {
  work.done();
  reportKnown(TARGET);
});

describe('fuzz: bill CSV bytes, every format', () => {
  it('analyze on mutated bills: exit 0-2, no stack, JSON parses, no raw control character', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.array(csvOp, { minLength: 1, maxLength: 4 }), fc.constantFrom(...FORMATS), extraFlags, async (which, ops, format, extra) => {
        const seed = bills[which % bills.length]!;
        const file = work.write(`${which % 9}-${seed.name}`, mutateCsv(seed.text, ops));
        const args = ['analyze', file, '--engine', 'js', '--format', format, ...extra, ...(seed.requestLog ? ['--catalog', CATALOGS] : [])];
        const r = await runCase(args, work.dir);
        checkCase(r, { json: format === 'json', html: format === 'html', label: `${args.join(' ')} <- ${seed.name} ${JSON.stringify(ops)}` });
      }),
      params(),
    );
  });
});

/**
 * A timestamp as request logs write them: days near a start date in the years logs come from
 * (a log covers weeks, not decades: its daily series is that long), now and then any date
 * (any date at all in long runs, where the calendar's edges are issue-15a's).
 */
const DAY = 86_400_000;
const anyDate = fc.date({ min: new Date(FUZZ_KNOWN ? -8.64e15 : Date.UTC(2015, 0, 1)), max: new Date(FUZZ_KNOWN ? 8.64e15 : Date.UTC(2030, 11, 31)), noInvalidDate: true });
const nearDate = (start: number) => fc.integer({ min: 0, max: 120 * DAY }).map((ms) => new Date(start + ms));
const stamp = (d: Date, style: string): string => {
  const iso = d.toISOString();
  switch (style) {
    case 'iso': return iso;
    case 'space': return iso.slice(0, 19).replace('T', ' ');
    case 'date': return iso.slice(0, 10);
    case 'unix': return String(Math.floor(d.getTime() / 1000));
    case 'unixms': return String(d.getTime());
    default: return `${iso.slice(0, 19)}+05:30`;
  }
};
const when = (start: number) =>
  fc.tuple(fc.oneof({ weight: 20, arbitrary: nearDate(start) }, { weight: 1, arbitrary: anyDate }), fc.constantFrom('iso', 'space', 'date', 'unix', 'unixms', 'offset')).map(([d, style]) => stamp(d, style));
const tokens = fc.oneof({ weight: 6, arbitrary: fc.nat({ max: 2_000_000 }).map(String) }, { weight: 1, arbitrary: cellValue });
const row = (start: number) => fc.record({
  timestamp: fc.oneof({ weight: 8, arbitrary: when(start) }, { weight: 1, arbitrary: cellValue }),
  model: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('test/chat-a', 'test/chat-b', 'test/unknown-model', 'chat-a') }, { weight: 1, arbitrary: nastyString }),
  input: tokens,
  output: tokens,
  cacheRead: fc.oneof(fc.constant(''), tokens),
  user: nastyString,
});
const HEADER = 'timestamp,model,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,cache_write_1h_tokens,reasoning_tokens,request_id,user,project';
const csvCell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

describe('fuzz: request-log rows and dates', () => {
  it('analyze on generated request logs: exit 0-2, no stack, JSON parses, no raw control character', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2030, 0, 1) }).chain((start) => fc.array(row(start), { minLength: 1, maxLength: 30 })), fc.constantFrom(...FORMATS), extraFlags, async (rows, format, extra) => {
        const body = rows.map((r, i) => [r.timestamp, r.model, r.input, r.output, r.cacheRead, '', '', '', `r${i}`, r.user, 'p'].map(csvCell).join(','));
        const file = work.write('requests.csv', [HEADER, ...body].join('\n') + '\n');
        const args = ['analyze', file, '--engine', 'js', '--catalog', CATALOGS, '--format', format, ...extra];
        const r = await runCase(args, work.dir);
        checkCase(r, { json: format === 'json', html: format === 'html', label: `${args.join(' ')} rows=${JSON.stringify(rows)}` });
      }),
      params(),
    );
  });
});
