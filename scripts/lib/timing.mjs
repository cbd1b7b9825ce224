// Wall-clock timing of whole commands, the way a user feels them.
import { spawnSync } from 'node:child_process';

/** Run `argv` n times (after warm-up runs); returns mean/median/min in ms. */
export function timeCommand(argv, { runs = 20, warmup = 3, cwd, env } = {}) {
  const times = [];
  for (let i = 0; i < warmup + runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(argv[0], argv.slice(1), { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0 && r.status !== 1) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
    if (i >= warmup) times.push(ms);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  return { mean, median: times[Math.floor(times.length / 2)], min: times[0], runs };
}

export function fmt(ms) {
  return `${ms.toFixed(1)} ms`;
}
