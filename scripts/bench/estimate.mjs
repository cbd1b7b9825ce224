// `costopt estimate` on the reference scenario against bare node (issue target: within 2x of
// `node -e 0`; the reference scenario has no "=expression", so mathjs must not load), plus the
// cost of a scenario that does use expressions (mathjs is imported lazily for it).
// Needs a build (npm run build).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeCommand, fmt } from '../lib/timing.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'costopt.js');
const node = process.execPath;

export default async function estimate() {
  const ref = join(root, 'scenarios', 'support-bot.yaml');
  const withExpr = join(mkdtempSync(join(tmpdir(), 'costopt-bench-')), 'expr.yaml');
  writeFileSync(withExpr, readFileSync(ref, 'utf8').replace('requests_per_day: 1M ', 'requests_per_day: "=users * 20"'));
  const base = timeCommand([node, '-e', '0'], { cwd: root });
  console.log(`node -e 0: mean ${fmt(base.mean)}, median ${fmt(base.median)} (${base.runs} runs)`);
  const cases = [
    ['costopt estimate scenarios/support-bot.yaml', [node, bin, 'estimate', ref]],
    ['costopt estimate scenarios/support-bot.yaml --format json', [node, bin, 'estimate', ref, '--format', 'json']],
    ['costopt validate scenarios/support-bot.yaml', [node, bin, 'validate', ref]],
    ['costopt estimate (reference + one "=expression": loads mathjs)', [node, bin, 'estimate', withExpr], { runs: 5, warmup: 1 }],
  ];
  for (const [name, argv, o] of cases) {
    const t = timeCommand(argv, { cwd: root, env: { NO_COLOR: '1' }, ...(o ?? {}) });
    console.log(`${name}: mean ${fmt(t.mean)}, median ${fmt(t.median)} = ${(t.median / base.median).toFixed(2)}x node -e 0`);
  }
}
