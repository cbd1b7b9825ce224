// `npm run bench -- simulate`: 10,000 Monte Carlo draws of every bundled scenario (issue #18
// target: under 1 s in all). In-process through the built library: each scenario is loaded and
// priced once (catalog warm), then timed with and without the simulation; wall and CPU time
// (process.cpuUsage, user + system) are printed, since a shared machine stretches wall time.
// Then the whole CLI, `costopt estimate scenarios/*.yaml --simulate`, under /usr/bin/time.
// Needs a build (npm run build).
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DRAWS = Number(process.env.COSTOPT_BENCH_DRAWS ?? 10_000);
const RUNS = 5;

function clock() {
  const t = process.hrtime.bigint();
  const c = process.cpuUsage();
  return () => {
    const d = process.cpuUsage(c);
    return { wall: Number(process.hrtime.bigint() - t) / 1e6, cpu: (d.user + d.system) / 1e3 };
  };
}

export default async function simulate() {
  const lib = await import(pathToFileURL(join(root, 'dist', 'index.js')).href);
  const files = readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(root, 'scenarios', f));
  const loaded = [];
  for (const f of files) {
    const l = await lib.loadScenarioFile(f);
    await lib.estimateLoaded(l); // catalog resolved and cached
    loaded.push(l);
  }
  const inputs = loaded.reduce((a, l) => a + l.uncertainty.inputs.length, 0);
  console.log(`${files.length} bundled scenarios (${inputs} inputs given as distributions), ${DRAWS.toLocaleString('en-US')} draws each, best of ${RUNS} runs`);
  const best = (label, fn) => async () => {
    let b;
    for (let i = 0; i < RUNS; i++) {
      const stop = clock();
      await fn();
      const t = stop();
      if (!b || t.wall < b.wall) b = t;
    }
    console.log(`${label}: wall ${b.wall.toFixed(1)} ms, CPU ${b.cpu.toFixed(1)} ms`);
    return b;
  };
  const point = await best('point estimates only (all scenarios)', async () => { for (const l of loaded) await lib.estimateLoaded(l); })();
  const sim = await best(`point estimates + ${DRAWS.toLocaleString('en-US')}-draw simulations (all scenarios)`, async () => {
    for (const l of loaded) await lib.estimateLoaded(l, { simulate: { draws: DRAWS } });
  })();
  console.log(`the simulations alone: about ${(sim.wall - point.wall).toFixed(1)} ms wall, ${(sim.cpu - point.cpu).toFixed(1)} ms CPU`);

  if (existsSync('/usr/bin/time')) {
    const argv = [process.execPath, join(root, 'bin', 'costopt.js'), 'estimate', ...files, '--simulate', String(DRAWS), '--format', 'json'];
    const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S', ...argv], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
    const [wall, user, sys] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
    console.log(`costopt estimate scenarios/*.yaml --simulate ${DRAWS} (whole process, node start and catalog load included): wall ${(wall * 1000).toFixed(0)} ms, CPU ${((user + sys) * 1000).toFixed(0)} ms (exit ${r.status})`);
  }
}
