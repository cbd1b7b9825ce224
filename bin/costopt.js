#!/usr/bin/env node
// Tiny shim: the CLI is bundled to dist/cli.js by `npm run build` (run by `npm ci` via prepare).
import('../dist/cli.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli.js')) {
    process.stderr.write('costopt: the CLI is not built yet. Run `npm run build` (or `npm ci`) in the package folder.\n');
    process.exit(3);
  }
  throw err;
});
