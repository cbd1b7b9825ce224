// Build: bundle the CLI and the library with esbuild (fast start-up: one file on the hot path,
// heavy modules split into lazily loaded chunks), compile the shipped catalogs to JSON, and
// emit type declarations for library users.
import { build } from 'esbuild';
import { readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

// zod re-exports all of its ~60 message locales (366 KB, half of its bundle) as `z.locales`;
// costopt uses only the English one zod configures itself with, so the bundle keeps only that.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onLoad({ filter: /zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: 'export { default as en } from "./en.js";\n',
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

// yaml's Node entry is one CommonJS file (264 KB, nothing tree-shaken); its ESM build is the
// same code as modules, so the bundle keeps only the parser costopt uses.
const yamlEsm = {
  name: 'yaml-esm',
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, () => ({ path: join(root, 'node_modules', 'yaml', 'browser', 'index.js') }));
  },
};

const commanderLazyChildProcess = {
  name: 'commander-lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer) ? { path: join(root, 'scripts', 'shims', 'lazy-child-process.cjs') } : undefined,
    );
  },
};

const chalkNoDetection = {
  name: 'chalk-no-detection',
  setup(b) {
    b.onResolve({ filter: /^#supports-color$/ }, () => ({ path: join(root, 'scripts', 'shims', 'supports-color.js') }));
  },
};

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const t0 = Date.now();
rmSync(join(root, 'dist'), { recursive: true, force: true });
mkdirSync(join(root, 'dist'), { recursive: true });

const shared = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  minify: false,
  legalComments: 'none',
  define: { __COSTOPT_VERSION__: JSON.stringify(pkg.version) },
  // native engine and heavyweight, rarely used libraries stay outside the bundle and load on demand
  external: ['@duckdb/node-api', 'mathjs', '@inquirer/prompts', '@colors/colors/safe'],
  // cli-table3's string-width rebuilds a huge emoji RegExp per call; same measurement, faster
  alias: { 'string-width': './scripts/shims/string-width.cjs' },
  logLevel: 'warning',
  plugins: [zodEnglishOnly, yamlEsm, chalkNoDetection, commanderLazyChildProcess],
};

// The library (ESM, split so an importer loads only what it uses) and the catalog compiler.
await build({
  ...shared,
  entryPoints: { index: 'src/index.ts', 'compile-catalogs': 'scripts/compile-catalogs.ts' },
  outdir: 'dist',
  splitting: true,
  format: 'esm',
  chunkNames: 'chunks/[name]-[hash]',
  banner: { js: "import { createRequire as __costoptCreateRequire } from 'node:module'; const require = __costoptCreateRequire(import.meta.url);" },
});

// The CLI: one CommonJS file that bin/load.cjs compiles with V8's code cache (Node 20 has no
// ESM compile cache). Lazily imported modules stay lazy: esbuild turns them into on-demand inits.
await build({
  ...shared,
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  define: { ...shared.define, 'import.meta.url': '__costopt_import_meta_url' },
});
// A script compiled from V8's code cache loses its dynamic-import host options (node reports
// "A dynamic import callback was not specified"), so the bundle's import() calls (externals
// like mathjs, @inquirer/prompts, @duckdb/node-api) go through a function bin/load.cjs passes in.
{
  const cli = join(root, 'dist', 'cli.cjs');
  const code = readFileSync(cli, 'utf8');
  writeFileSync(cli, code.replace(/(?<![\w$.])import\(/g, '__costopt_import('));
}

execFileSync(process.execPath, [join(root, 'dist', 'compile-catalogs.js')], { stdio: 'inherit' });
execFileSync(process.execPath, [join(root, 'scripts', 'train-cache.mjs')], { stdio: 'inherit' });
if (!process.env.COSTOPT_SKIP_TYPES) {
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
}
console.log(`built dist/ in ${Date.now() - t0} ms`);
