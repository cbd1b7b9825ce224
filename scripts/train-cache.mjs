// Writes V8's code cache of the bundled CLI after running typical commands in-process, so the
// functions they use are compiled into the cache too. Two caches of the same dist/cli.cjs:
// `cli.cjs.quick.cache` (version, help, pricing: small, so a quick command deserializes little)
// and `cli.cjs.cache` (every command: scenarios, estimates, break-even). bin/costopt.js picks
// one by the command name; either is only a speed-up, the CLI behaves the same without them.
import { createRequire } from 'node:module';
import { statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { load, cachePath } = require(join(root, 'bin', 'load.cjs'));
const dist = join(root, 'dist');
const io = { stdout: () => {}, stderr: () => {}, env: { NO_COLOR: '1' }, stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false, columns: 120, cwd: root };
const quick = [
  ['--version'],
  ['--help'],
  ['pricing', 'show', 'openai/gpt-4o'],
  ['pricing', 'show', 'aws/g4dn.xlarge', '--format', 'json'],
  ['pricing', 'list'],
];
const full = [
  ...quick,
  ['estimate', join(root, 'scenarios', 'support-bot.yaml')],
  ['estimate', join(root, 'scenarios', 'support-bot.yaml'), '--format', 'json'],
  ['breakeven', '--gpu-hourly', '1.50', '--throughput', '3000', '--api-price', '0.60'],
];
for (const [kind, runs] of [['quick', quick], ['full', full]]) {
  const file = cachePath(dist, kind);
  try {
    unlinkSync(file);
  } catch {
    /* none yet */
  }
  // a fresh load per cache: what one process compiles for these commands and nothing else
  const loaded = load(dist, { useCache: false });
  for (const args of runs) {
    const code = await loaded.exports.run(args, io);
    if (code !== 0) throw new Error(`training run ${args.join(' ')} exited ${code}`);
  }
  writeFileSync(file, loaded.script.createCachedData());
  console.log(`code cache (${kind}): ${(statSync(file).size / 1024).toFixed(0)} KiB`);
}
