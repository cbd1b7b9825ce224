// `npm run bench -- analyze`: costopt analyze on a large FOCUS CSV (default ~1 GB, ~2.6M rows;
// COSTOPT_BENCH_MB=100 for a quick run), generated once with a fixed seed into bench-data/
// (gitignored). Each contender runs in its own child process, measured by /usr/bin/time
// (wall seconds, peak RSS): the JS engine, the DuckDB engine (both the whole CLI: read,
// aggregate, summary, anomalies, JSON out), and DuckDB alone (a plain SELECT day, service,
// sum(cost) GROUP BY over read_csv in a bare Node process). Totals are checked to the cent
// against the exact sum the generator wrote.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateFocus } from '../lib/gen-focus.mjs';
import { DUCKDB_ALONE } from '../lib/duckdb-alone.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function dataFile(mb) {
  const dir = join(root, 'bench-data');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `focus-${mb}mb.csv`);
  const meta = `${file}.json`;
  if (!existsSync(file) || !existsSync(meta)) {
    const t0 = Date.now();
    process.stdout.write(`generating ${file} (${mb} MB, fixed seed)... `);
    const info = generateFocus(file, mb);
    writeFileSync(meta, JSON.stringify(info));
    console.log(`${info.rows} rows in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  return { file, ...JSON.parse(readFileSync(meta, 'utf8')) };
}

const TIME = '/usr/bin/time';

/** Run argv in a child process; wall seconds and peak RSS (MB) from /usr/bin/time when present. */
function measure(argv, env = {}) {
  const useTime = existsSync(TIME);
  const cmd = useTime ? [TIME, '-f', 'COSTOPT_TIME %e %M', ...argv] : argv;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd: root, env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const m = /COSTOPT_TIME ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  if (r.status !== 0 && r.status !== 1) throw new Error(`${argv.join(' ')} exited ${r.status}: ${(r.stderr ?? '').slice(-2000)}`);
  return { seconds: m ? Number(m[1]) : wall, rssMB: m ? Number(m[2]) / 1024 : null, stdout: r.stdout, stderr: r.stderr };
}


// DuckDB alone at costopt's grain: the same 2.6M rows grouped by the nine text columns the
// report breaks cost down by (account, sub-account, currency, charge category, unit, provider,
// region, service, SKU) and the day, with an exact (DECIMAL) sum of the billed cost and
// nothing else: no per-row validation of dates and amounts, no effective/list/quantity sums,
// the groups are not read back into JS (kept in a table), no report; read as costopt reads (every column text, the
// dialect fixed, no sniffing). A floor for costopt's own query, not a contender.
const DUCKDB_GRAIN = `
const [file, threads] = process.argv.slice(1);
const { openSync, readSync } = await import('node:fs');
const { DuckDBInstance } = await import('@duckdb/node-api');
const head = Buffer.alloc(65536);
const header = head.subarray(0, readSync(openSync(file, 'r'), head, 0, head.length, 0)).toString('utf8').split('\\n')[0].split(',');
const columns = '{' + header.map((h) => "'" + h + "': 'VARCHAR'").join(', ') + '}';
const db = await DuckDBInstance.create(':memory:', { threads });
const con = await db.connect();
const q = String.fromCharCode(34);
const from = "read_csv('" + file.replace(/'/g, "''") + "', auto_detect = false, header = true, delim = ',', quote = '" + q + "', escape = '" + q + "', columns = " + columns + ", buffer_size = 4194304)";
await con.run("CREATE TEMP TABLE g AS SELECT BillingAccountId, SubAccountId, BillingCurrency, ChargeCategory, ConsumedUnit, ProviderName, RegionId, ServiceName, SkuId, substr(ChargePeriodStart, 1, 10) AS day, sum(TRY_CAST(BilledCost AS DECIMAL(18,12))) AS cost FROM " + from + " GROUP BY ALL");
const r = await con.runAndReadAll('SELECT count(*), CAST(sum(cost) AS DOUBLE) FROM g');
const [groups, total] = r.getRows()[0];
console.log(JSON.stringify({ groups: Number(groups), total }));
`;

// COSTOPT_BENCH_BIN: a copy of the built CLI to time (so a rebuild of dist/ meanwhile cannot disturb a long run)
const BIN = process.env.COSTOPT_BENCH_BIN ?? join(root, 'bin', 'costopt.js');

function costopt(file, engine) {
  // COSTOPT_DEBUG_SQL: the DuckDB engine prints how long its own aggregate query took
  const r = measure([process.execPath, BIN, 'analyze', file, '--engine', engine, '--format', 'json'], engine === 'duckdb' ? { COSTOPT_DEBUG_SQL: '/dev/null' } : {});
  const j = JSON.parse(r.stdout);
  if (j.engine !== engine) throw new Error(`asked for --engine ${engine}, ran ${j.engine}`);
  const q = /aggregate (\d+) ms/.exec(r.stderr ?? '');
  return { ...r, total: j.totals.net, rows: j.rows.read, querySeconds: q ? Number(q[1]) / 1000 : null };
}

function duckdbAlone(file) {
  const r = measure([process.execPath, '--input-type=module', '-e', DUCKDB_ALONE, file, '2']);
  return { ...r, total: Math.round(JSON.parse(r.stdout).total * 100) / 100 };
}

function duckdbGrain(file) {
  const r = measure([process.execPath, '--input-type=module', '-e', DUCKDB_GRAIN, file, '2']);
  const j = JSON.parse(r.stdout);
  return { ...r, total: Math.round(j.total * 100) / 100, groups: j.groups };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export default async function bench() {
  const mb = Number(process.env.COSTOPT_BENCH_MB ?? 1000);
  const runs = Number(process.env.COSTOPT_BENCH_RUNS ?? 3);
  if (!existsSync(BIN) || (!process.env.COSTOPT_BENCH_BIN && !existsSync(join(root, 'dist', 'cli.cjs')))) throw new Error('build first: npm run build');
  const data = dataFile(mb);
  const bytes = statSync(data.file).size;
  const expected = Math.round(Number(data.billed) * 100) / 100;
  console.log(`input: ${data.file} — ${(bytes / 1e6).toFixed(0)} MB, ${data.rows.toLocaleString('en-US')} rows; exact BilledCost total ${data.billed} (${expected.toFixed(2)} to the cent)`);
  console.log(`runs: ${runs} per DuckDB contender (median reported, interleaved), 1 for the JS engine; ${process.env.COSTOPT_BENCH_SKIP_JS ? 'JS engine skipped (COSTOPT_BENCH_SKIP_JS)' : ''}`);

  const results = [];
  const alone = [];
  const duck = [];
  const grain = [];
  for (let i = 0; i < runs; i++) {
    alone.push(duckdbAlone(data.file));
    duck.push(costopt(data.file, 'duckdb'));
    grain.push(duckdbGrain(data.file));
  }
  const pick = (xs) => {
    const s = median(xs.map((x) => x.seconds));
    return { ...xs.find((x) => x.seconds === s), seconds: s, rssMB: Math.max(...xs.map((x) => x.rssMB ?? 0)) || null, all: xs.map((x) => x.seconds) };
  };
  results.push({ name: 'DuckDB alone (SELECT day, service, sum(cost) GROUP BY)', ...pick(alone) });
  results.push({ name: 'costopt analyze --engine duckdb', ...pick(duck) });
  results.push({ name: "DuckDB alone at costopt's grain (9 text columns x day, exact sum)", ...pick(grain) });
  if (!process.env.COSTOPT_BENCH_SKIP_JS) results.push({ name: 'costopt analyze --engine js', ...costopt(data.file, 'js'), all: [] });

  const rows = results.map((r) => ({
    contender: r.name,
    seconds: r.seconds.toFixed(2) + (r.all.length > 1 ? ` (${r.all.map((s) => s.toFixed(1)).join('/')})` : ''),
    'MB/s': (bytes / 1e6 / r.seconds).toFixed(0),
    'rows/s': Math.round(data.rows / r.seconds).toLocaleString('en-US'),
    'peak RSS MB': r.rssMB === null ? 'n/a' : r.rssMB.toFixed(0),
    total: r.total.toFixed(2),
    'total ok': Math.abs(r.total - expected) < 0.005 ? 'yes' : `NO (expected ${expected.toFixed(2)})`,
  }));
  console.table(rows);
  const a = results[0];
  const d = results[1];
  console.log(`costopt --engine duckdb / DuckDB alone: ${(d.seconds / a.seconds).toFixed(2)}x (target <= 1.5x); peak RSS ${d.rssMB?.toFixed(0) ?? 'n/a'} MB (target < 400 MB)`);
  const qs = duck.map((x) => x.querySeconds).filter((x) => x !== null);
  if (qs.length) {
    const qm = median(qs);
    console.log(`  of which DuckDB running costopt's aggregate query: ${qm.toFixed(2)} s (median; ${(qm / a.seconds).toFixed(2)}x DuckDB alone); start-up, reading the cells and the report: ${(d.seconds - qm).toFixed(2)} s`);
  }
  const g = results[2];
  console.log(`DuckDB alone at costopt's grain (${g.groups.toLocaleString('en-US')} groups, as many as costopt's cells): ${g.seconds.toFixed(2)} s, ${(g.seconds / a.seconds).toFixed(2)}x DuckDB alone: the floor for any report at that grain, before validation, transfer and report`);
  const js = results[3];
  if (js) console.log(`costopt --engine js: ${(js.seconds / a.seconds).toFixed(1)}x DuckDB alone, peak RSS ${js.rssMB?.toFixed(0) ?? 'n/a'} MB`);
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();
