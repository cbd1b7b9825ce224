// `npm run bench`: runs every benchmark in scripts/bench/ (or those named: npm run bench -- startup)
// and prints figures. Benchmarks measure; they never fail a build on timing.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'bench');
const only = process.argv.slice(2);
const all = readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort();
const named = (f) => f.replace(/\.mjs$/, '');
// a name given runs that benchmark (`analyze` is not also `analyze-scale`); else those it begins
const files = all.filter((f) => !only.length || only.some((o) => (all.some((g) => named(g) === o) ? named(f) === o : f.startsWith(o))));
for (const f of files) {
  console.log(`\n## ${f.replace(/\.mjs$/, '')}`);
  const mod = await import(pathToFileURL(join(dir, f)).href);
  await mod.default();
}
