// `node scripts/build-release.mjs <version> <previous version> [shared data dir]`: bundles
// scripts/release/main.ts with esbuild and runs it (see pricing/README.md, "Building a release").
import { build } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [version, previous, data = join(root, '..', 'shared', 'data')] = process.argv.slice(2);
if (!version || !previous) {
  console.error('usage: node scripts/build-release.mjs <version> <previous version> [shared data dir]');
  process.exit(2);
}
const out = join(root, 'node_modules', '.cache', 'costopt-release', 'main.mjs');
await build({ entryPoints: [join(root, 'scripts/release/main.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: out, logLevel: 'warning', packages: 'external' });
process.argv = [process.argv[0], out, root, version, previous, resolve(data)];
await import(pathToFileURL(out).href);
