// `npm run schemas`: write schemas/<kind>.json from the built CLI (`costopt schema <kind>`), the
// files the package ships for editors. test/unit/json-schemas.test.ts fails when they drift.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

for (const kind of ['scenario', 'config', 'mapping', 'catalog', 'overrides']) {
  const text = execFileSync(process.execPath, ['bin/costopt.js', 'schema', kind], { encoding: 'utf8' });
  writeFileSync(`schemas/${kind}.json`, text);
  console.log(`schemas/${kind}.json: ${text.length} bytes`);
}
