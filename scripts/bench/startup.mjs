// Start-up of quick commands against bare node (issue targets: --version and pricing show
// within 1.5x of `node -e 0`). Needs a build (npm run build).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeCommand, fmt } from '../lib/timing.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'costopt.js');
const node = process.execPath;

export default async function startup() {
  const base = timeCommand([node, '-e', '0'], { cwd: root });
  const cases = [
    ['costopt --version', [node, bin, '--version']],
    ['costopt pricing show openai/gpt-4o', [node, bin, 'pricing', 'show', 'openai/gpt-4o']],
    ['costopt pricing show aws/g4dn.xlarge --format json', [node, bin, 'pricing', 'show', 'aws/g4dn.xlarge', '--format', 'json']],
  ];
  console.log(`node -e 0: median ${fmt(base.median)}, min ${fmt(base.min)} (${base.runs} runs)`);
  for (const [name, argv] of cases) {
    const t = timeCommand(argv, { cwd: root, env: { NO_COLOR: '1' } });
    console.log(`${name}: median ${fmt(t.median)} = ${(t.median / base.median).toFixed(2)}x, min ${fmt(t.min)} = ${(t.min / base.min).toFixed(2)}x node -e 0`);
  }
}
