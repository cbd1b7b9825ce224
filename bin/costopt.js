#!/usr/bin/env node
// Tiny shim: the CLI is bundled to dist/cli.cjs by `npm run build` (run by `npm ci` via prepare).
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';

const require = createRequire(import.meta.url);
if (!existsSync(new URL('../dist/cli.cjs', import.meta.url))) {
  process.stderr.write('costopt: the CLI is not built yet. Run `npm run build` (or `npm ci`) in the package folder.\n');
  process.exit(3);
}
const { load, cacheKindFor } = require('./load.cjs');
load(undefined, { cache: cacheKindFor(process.argv.slice(2)) }).exports.main();
