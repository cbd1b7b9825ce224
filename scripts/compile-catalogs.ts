// Compile pricing/<version>.yaml into dist/catalogs/<version>.json (validated, hashed) so that a
// quick command reads JSON instead of parsing YAML. Bundled by scripts/build.mjs.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { packageRoot, shippedVersionFiles } from '../src/io/catalog.js';
import { parseRelease, releaseAt } from '../src/io/catalog-file.js';
import { readText } from '../src/io/yaml.js';
import { catalogCounts } from '../src/core/catalog/catalog.js';
import { InputError, formatDiagnostic } from '../src/core/errors.js';

const out = join(packageRoot(), 'dist', 'catalogs');
mkdirSync(out, { recursive: true });
const versions = [];
for (const { file } of shippedVersionFiles()) {
  try {
    const { release } = parseRelease(readText(file), `pricing/${basename(file)}`, 'shipped');
    // a release with history is compiled whole; its counts are those of its publication day
    const catalog = releaseAt(release);
    const compiled = `${catalog.meta.version}.json`;
    writeFileSync(join(out, compiled), JSON.stringify(release.kind === 'plain' ? release.catalog : release.history));
    const st = statSync(file);
    versions.push({ version: catalog.meta.version, published: catalog.meta.published, id: catalog.meta.id, hash: catalog.meta.hash, file: basename(file), counts: catalogCounts(catalog), size: st.size, mtimeMs: st.mtimeMs, compiled });
  } catch (e) {
    if (e instanceof InputError) {
      console.error(e.diagnostics.map(formatDiagnostic).join('\n'));
      process.exitCode = 2;
    } else throw e;
  }
}
writeFileSync(join(out, 'index.json'), JSON.stringify({ versions }, null, 1));
console.log(`compiled ${versions.length} catalog version(s): ${versions.map((v) => v.version).join(', ')}`);
