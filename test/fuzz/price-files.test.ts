import { afterAll, beforeAll, describe, it } from 'vitest';
import fc from 'fast-check';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../helpers/cli.js';
import { checkCase, params, read, reportKnown, runCase, scratch, warmUp } from './harness.js';
import { applyTextOps, applyTreeOps, textOp, treeOp } from './mutate.js';

/**
 * Fuzz target: LiteLLM price files (structure-aware mutations of a 10-model sample of the real
 * file) through `pricing import`, writing with --out to a file (nothing may be written on
 * exit 2) or to stdout (`--out -`: no raw control character from a key may reach it).
 */
const TARGET = 'litellm-import';
const seed = JSON.parse(read(join(FIXTURES, 'fuzz', 'litellm-sample.json'))) as Parameters<typeof applyTreeOps>[0];

const work = scratch('litellm');
beforeAll(() => warmUp([['pricing', 'import', 'litellm', join(FIXTURES, 'fuzz', 'litellm-sample.json'), '--version', '2026-08-01', '--out', '-']], FIXTURES));
afterAll(() => {
  work.done();
  reportKnown(TARGET);
});

describe('fuzz: LiteLLM price files', () => {
  it('pricing import litellm on mutated files: exit 0-2, no stack, nothing written on error, no raw control character', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(treeOp, { maxLength: 4 }), fc.array(textOp, { maxLength: 1 }), fc.constantFrom('file', 'stdout'), fc.constantFrom('json', 'table'), fc.constantFrom('prices.json', 'p\u001b[31m\r.json', 'p\u009b\u202e.json', '=1+2.json'), async (tree, text, to, format, name) => {
        const file = work.write(name, applyTextOps(JSON.stringify(applyTreeOps(seed, tree), null, 1), text));
        const out = to === 'file' ? join(work.dir, `out-${n++}.yaml`) : '-';
        const args = ['pricing', 'import', 'litellm', file, '--version', '2026-08-01', '--out', out, '--format', format];
        const r = await runCase(args, work.dir);
        checkCase(r, { json: format === 'json' && to === 'file', outFile: to === 'file' ? out : undefined, label: `${args.join(' ')} ${JSON.stringify({ tree, text })}` });
        if (to === 'file' && existsSync(out)) rmSync(out);
      }),
      params(),
    );
  });
});
