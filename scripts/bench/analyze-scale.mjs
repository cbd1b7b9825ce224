// `npm run bench -- analyze-scale`: costopt analyze as the bill's cardinality grows. Four FOCUS
// bills of the same size (COSTOPT_SCALE_MB, default 255 MB, ~1.6M hourly rows) whose aggregate
// cells (day x account x service x SKU x region x unit x kind) run from ~10k to ~1.5M, made by
// scripts/lib/gen-focus.mjs `generateFocusScale` with a fixed seed into bench-data/ (gitignored),
// plus the 1 GB bench file of `npm run bench -- analyze`. Contenders, each in its own process
// under /usr/bin/time -v (wall seconds, peak RSS), interleaved run by run so a busy machine
// slows them alike: DuckDB alone (day x service sum over read_csv, 2 threads), costopt analyze
// --engine duckdb and, where feasible (COSTOPT_SCALE_JS=cells list, default 500k and below,
// one run), --engine js. Every total is checked to the cent against the generator's exact sum.
// COSTOPT_SCALE_CELLS=10000,100000 runs some of the bills; COSTOPT_SCALE_1GB=0 skips the 1 GB one.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { execSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateFocus, generateFocusScale } from '../lib/gen-focus.mjs';
import { DUCKDB_ALONE } from '../lib/duckdb-alone.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TIME = '/usr/bin/time';
const BIN = process.env.COSTOPT_BENCH_BIN ?? join(root, 'bin', 'costopt.js');

function dataFile(name, make) {
  const dir = join(root, 'bench-data');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  const meta = `${file}.json`;
  if (!existsSync(file) || !existsSync(meta)) {
    const t0 = Date.now();
    process.stdout.write(`generating ${file} (fixed seed)... `);
    const info = make(file);
    writeFileSync(meta, JSON.stringify(info));
    console.log(`${info.rows} rows in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  return { file, ...JSON.parse(readFileSync(meta, 'utf8')) };
}

/** argv in a child process under /usr/bin/time -v: wall seconds and peak RSS (MB). */
function measure(argv, env = {}) {
  if (!existsSync(TIME)) throw new Error(`${TIME} is missing (apt-get install time)`);
  const r = spawnSync(TIME, ['-v', ...argv], { cwd: root, env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${argv.join(' ')} exited ${r.status}: ${(r.stderr ?? '').slice(-2000)}`);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(r.stderr);
  const sys = /System time \(seconds\): ([\d.]+)/.exec(r.stderr);
  if (!wall || !rss || !user || !sys) throw new Error(`no /usr/bin/time -v figures for ${argv.join(' ')}`);
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  // CPU seconds (user + system) as well: on a shared machine they move less than wall time
  return { seconds, cpu: Number(user[1]) + Number(sys[1]), rssMB: Number(rss[1]) / 1024, stdout: r.stdout, stderr: r.stderr };
}


function duckdbAlone(file) {
  const r = measure([process.execPath, '--input-type=module', '-e', DUCKDB_ALONE, file, '2']);
  return { ...r, total: Math.round(JSON.parse(r.stdout).total * 100) / 100 };
}

function costopt(file, engine) {
  const r = measure([process.execPath, BIN, 'analyze', file, '--engine', engine, '--format', 'json']);
  const j = JSON.parse(r.stdout);
  if (j.engine !== engine) throw new Error(`asked for --engine ${engine}, ran ${j.engine}`);
  return { ...r, total: j.totals.net, rows: j.rows.read };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cents = (x) => Math.round(x * 100) / 100;

export default async function bench() {
  const mb = Number(process.env.COSTOPT_SCALE_MB ?? 255);
  const runs = Number(process.env.COSTOPT_BENCH_RUNS ?? 3);
  const cellTargets = (process.env.COSTOPT_SCALE_CELLS ?? '10000,100000,500000,1500000').split(',').map(Number);
  const jsUpTo = Number(process.env.COSTOPT_SCALE_JS ?? 500000);
  if (!existsSync(BIN) || (!process.env.COSTOPT_BENCH_BIN && !existsSync(join(root, 'dist', 'cli.cjs')))) throw new Error('build first: npm run build');
  const bills = cellTargets.map((cells) => ({ target: cells, ...dataFile(`focus-scale-${mb}mb-${cells}.csv`, (f) => generateFocusScale(f, mb, cells)) }));
  if (process.env.COSTOPT_SCALE_1GB !== '0') bills.push({ target: null, ...dataFile('focus-1000mb.csv', (f) => generateFocus(f, 1000)) });
  console.log(`load before: ${execSync('uptime').toString().trim()}`);
  const rows = [];
  for (const b of bills) {
    const expected = cents(Number(b.billed));
    const alone = [];
    const duck = [];
    const js = [];
    for (let i = 0; i < runs; i++) {
      alone.push(duckdbAlone(b.file));
      duck.push(costopt(b.file, 'duckdb'));
      if (i === 0 && b.target !== null && b.target <= jsUpTo) js.push(costopt(b.file, 'js'));
    }
    const check = (xs) => xs.every((x) => Math.abs(x.total - expected) < 0.005) ? 'yes' : `NO (${xs.map((x) => x.total).join(', ')} vs ${expected})`;
    const a = median(alone.map((x) => x.seconds));
    const d = median(duck.map((x) => x.seconds));
    rows.push({
      bill: `${(statSync(b.file).size / 1e6).toFixed(0)} MB, ${b.rows.toLocaleString('en-US')} rows`,
      cells: b.cells ? b.cells.toLocaleString('en-US') : '(1 GB bench)',
      'DuckDB alone s': `${a.toFixed(2)} (${alone.map((x) => x.seconds.toFixed(2)).join('/')})`,
      'costopt duckdb s': `${d.toFixed(2)} (${duck.map((x) => x.seconds.toFixed(2)).join('/')})`,
      ratio: `${(d / a).toFixed(2)}x`,
      'CPU s alone / duckdb': `${median(alone.map((x) => x.cpu)).toFixed(2)} / ${median(duck.map((x) => x.cpu)).toFixed(2)}`,
      'duckdb peak RSS MB': Math.max(...duck.map((x) => x.rssMB)).toFixed(0),
      'alone peak RSS MB': Math.max(...alone.map((x) => x.rssMB)).toFixed(0),
      'js s': js.length ? `${js[0].seconds.toFixed(1)} (CPU ${js[0].cpu.toFixed(1)})` : '-',
      'js peak RSS MB': js.length ? js[0].rssMB.toFixed(0) : '-',
      'totals to the cent': check([...alone, ...duck, ...js]),
    });
    console.log(JSON.stringify(rows.at(-1)), `load: ${execSync('uptime').toString().trim()}`);
  }
  console.log(`load after: ${execSync('uptime').toString().trim()}`);
  console.table(rows);
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();
