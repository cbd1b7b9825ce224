// `npm run fuzz`: the fuzz suite (test/fuzz/) for a long run. N cases per target (default
// 100,000) with a random seed, printed first so that a failure can be replayed:
//   npm run fuzz -- --runs 100000 --seed 123456789 [--minutes M] [--known] [vitest filters...]
// One failing case: FUZZ_PATH=<path fast-check printed> npm run fuzz -- --seed S test/fuzz/<file> -t <test name>
// --known adds the inputs in issue-15a's areas (prototype-polluting keys, dates at the edges of
// the calendar); such cases are slow (seconds each) and recorded, not failed.
// `npm test` runs the same suite with 25 cases per target and the fixed seed 15.
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';

const args = process.argv.slice(2);
const take = (flag) => {
  const i = args.indexOf(flag);
  if (i < 0) return undefined;
  const [, v] = args.splice(i, 2);
  return v;
};
const known = args.includes('--known');
if (known) args.splice(args.indexOf('--known'), 1);
const runs = Number(take('--runs') ?? process.env.FUZZ_RUNS ?? 100_000);
// --minutes M: stop each target after M minutes (passing), and print how many cases it ran
const minutes = take('--minutes');
const seed = Number(take('--seed') ?? process.env.FUZZ_SEED ?? randomInt(2 ** 31 - 1));
if (!Number.isSafeInteger(runs) || runs < 1 || !Number.isSafeInteger(seed)) {
  console.error('usage: npm run fuzz -- [--runs N] [--seed S] [--known] [vitest args]');
  process.exit(2);
}
console.log(`fuzz: ${runs} cases per target, seed ${seed}${known ? ', with issue-15a areas' : ''}`);
console.log(`replay: npm run fuzz -- --runs ${runs} --seed ${seed}${known ? ' --known' : ''}`);
const t0 = Date.now();
// files named on the command line narrow the run (vitest takes several as "any of these")
const files = args.some((a) => a.startsWith('test/fuzz/')) ? [] : ['test/fuzz'];
const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...files, '--testTimeout=0', '--reporter=verbose', ...args], {
  stdio: 'inherit',
  env: { ...process.env, FUZZ_RUNS: String(runs), FUZZ_SEED: String(seed), ...(known ? { FUZZ_KNOWN: '1' } : {}), ...(minutes ? { FUZZ_SECONDS: String(Number(minutes) * 60) } : {}) },
});
console.log(`fuzz: ${runs} cases per target, seed ${seed}: ${r.status === 0 ? 'no failure' : 'FAILED'} in ${Math.round((Date.now() - t0) / 1000)} s`);
process.exit(r.status ?? 1);
