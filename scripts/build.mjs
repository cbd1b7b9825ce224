// Build: bundle the CLI and the library with esbuild (fast start-up: one file on the hot path,
// heavy modules split into lazily loaded chunks), compile the shipped catalogs to JSON, and
// emit type declarations for library users.
import { build } from 'esbuild';
import { readFileSync, rmSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const t0 = Date.now();
rmSync(join(root, 'dist'), { recursive: true, force: true });
mkdirSync(join(root, 'dist'), { recursive: true });

await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli/main.ts', index: 'src/index.ts', 'compile-catalogs': 'scripts/compile-catalogs.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: false,
  minify: false,
  legalComments: 'none',
  define: { __COSTOPT_VERSION__: JSON.stringify(pkg.version) },
  // native engine and heavyweight, rarely used libraries stay outside the bundle and load on demand
  external: ['@duckdb/node-api', 'mathjs', '@inquirer/prompts'],
  // cli-table3's string-width rebuilds a huge emoji RegExp per call; same measurement, faster
  alias: { 'string-width': './scripts/shims/string-width.cjs' },
  banner: { js: "import { createRequire as __costoptCreateRequire } from 'node:module'; const require = __costoptCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});

execFileSync(process.execPath, [join(root, 'dist', 'compile-catalogs.js')], { stdio: 'inherit' });
if (!process.env.COSTOPT_SKIP_TYPES) {
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
}
console.log(`built dist/ in ${Date.now() - t0} ms`);
