'use strict';
// Loads the bundled CLI (dist/cli.cjs) with V8's code cache (dist/cli.cjs.cache, written by
// `npm run build` after a training run), so a command starts without re-compiling the bundle.
// Node 20 has no module compile cache of its own. When the cache does not fit this Node/V8
// (another version), V8 rejects it and compiles as usual: slower, same behaviour.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { createRequire } = require('node:module');
const { pathToFileURL } = require('node:url');
const vm = require('node:vm');

/** `full` (every command) or `quick` (version, help, pricing): see scripts/train-cache.mjs */
function cachePath(dist, kind = 'full') {
  return join(dist, kind === 'quick' ? 'cli.cjs.quick.cache' : 'cli.cjs.cache');
}

/** Which cache suits these arguments: the command name decides; a wrong guess only costs time. */
function cacheKindFor(argv) {
  const first = argv.find((a) => !a.startsWith('-'));
  if (first === undefined || first === 'pricing' || first === 'help') return 'quick';
  return 'full';
}

function load(dist = join(__dirname, '..', 'dist'), { useCache = true, cache = 'full' } = {}) {
  const file = join(dist, 'cli.cjs');
  const source = readFileSync(file, 'utf8');
  let cachedData;
  if (useCache) {
    try {
      cachedData = readFileSync(cachePath(dist, cache));
    } catch {
      cachedData = undefined;
    }
  }
  const script = new vm.Script(
    '(function (exports, require, module, __filename, __dirname, __costopt_import_meta_url, __costopt_import) {' + source + '\n})',
    { filename: file, cachedData },
  );
  const mod = { exports: {} };
  // the bundle's dynamic imports (see scripts/build.mjs), resolved from this package
  const importer = (specifier) => import(specifier);
  script.runInThisContext()(mod.exports, createRequire(file), mod, file, dist, pathToFileURL(file).href, importer);
  return { exports: mod.exports, script, cacheRejected: cachedData ? script.cachedDataRejected === true : null };
}

module.exports = { load, cachePath, cacheKindFor };
