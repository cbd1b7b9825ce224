// Writes dist/cli.cjs.cache: V8's code cache of the bundled CLI after running typical quick
// commands in-process (so the functions they use are compiled into the cache too).
import { createRequire } from 'node:module';
import { statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { load } = require(join(root, 'bin', 'load.cjs'));
try {
  unlinkSync(join(root, 'dist', 'cli.cjs.cache'));
} catch {
  /* none yet */
}
const loaded = load(join(root, 'dist'), { useCache: false });
let out = '';
const io = { stdout: (s) => { out += s; }, stderr: () => {}, env: { NO_COLOR: '1' }, stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false, columns: 120, cwd: root };
for (const args of [
  ['--help'],
  ['pricing', 'show', 'openai/gpt-4o'],
  ['pricing', 'show', 'aws/g4dn.xlarge', '--format', 'json'],
  ['estimate', join(root, 'scenarios', 'support-bot.yaml')],
  ['estimate', join(root, 'scenarios', 'support-bot.yaml'), '--format', 'json'],
  ['breakeven', '--gpu-hourly', '1.50', '--throughput', '3000', '--api-price', '0.60'],
]) {
  const code = await loaded.exports.run(args, io);
  if (code !== 0) throw new Error(`training run ${args.join(' ')} exited ${code}`);
}
writeFileSync(loaded.cacheFile, loaded.script.createCachedData());
console.log(`code cache: ${(statSync(loaded.cacheFile).size / 1024).toFixed(0)} KiB after ${out.length} bytes of training output`);
