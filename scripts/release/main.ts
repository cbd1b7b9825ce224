// Build pricing/<version>.yaml (a release with price history) from the community price histories
// in ../shared/data/pricing/history, the hand-sourced events in pricing/sources/events.yaml and the
// previous release. Prints the discrepancy report; writes the release and the report's markdown.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildReleaseFromFiles, readPreviousRelease } from '../../src/io/release-build.js';
import { reportMarkdown } from '../../src/core/catalog/release-report.js';

const [root, version, previous, dataDir] = process.argv.slice(2);
if (!root || !version || !previous || !dataDir) throw new Error('usage: main <root> <version> <previous version> <shared data dir>');
const { report, yaml } = buildReleaseFromFiles({
  litellmHistory: join(dataDir, 'pricing/history/litellm-history.json'),
  genaiHistory: join(dataDir, 'pricing/history/genai-prices-history.json'),
  events: join(root, 'pricing/sources/events.yaml'),
  previous: readPreviousRelease(join(root, 'pricing', `${previous}.yaml`)),
  version,
  published: version,
});
writeFileSync(join(root, 'pricing', `${version}.yaml`), yaml);
const md = reportMarkdown(report, version);
writeFileSync(join(root, 'pricing/sources', `${version}-report.md`), md);
console.log(md.split('\n').slice(0, 30).join('\n'));

// pin the release's content hash (pricing/HASHES; the immutability test reads it)
const { createHash } = await import('node:crypto');
const { readFileSync } = await import('node:fs');
const hash = 'sha256:' + createHash('sha256').update(readFileSync(join(root, 'pricing', `${version}.yaml`))).digest('hex');
const hashes = readFileSync(join(root, 'pricing/HASHES'), 'utf8').trim().split('\n').filter((l) => !l.startsWith(`${version} `));
writeFileSync(join(root, 'pricing/HASHES'), [...hashes, `${version} ${hash}`].sort().join('\n') + '\n');
console.log(`\n${version} ${hash}`);
