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

function load(dist = join(__dirname, '..', 'dist'), { useCache = true } = {}) {
  const file = join(dist, 'cli.cjs');
  const source = readFileSync(file, 'utf8');
  let cachedData;
  if (useCache) {
    try {
      cachedData = readFileSync(file + '.cache');
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
  return { exports: mod.exports, script, cacheFile: file + '.cache', cacheRejected: cachedData ? script.cachedDataRejected === true : null };
}

module.exports = { load };
