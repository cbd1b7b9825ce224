import { afterAll, beforeAll, describe, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ROOT } from '../helpers/cli.js';
import { FUZZ_KNOWN, checkCase, nastyString, params, read, reportKnown, runCase, scratch, warmUp } from './harness.js';
import { mutateYaml, parseYaml, yamlMutation } from './mutate.js';

/**
 * Fuzz targets: the YAML of scenarios (structure-aware mutations of the bundled examples and
 * the test scenarios) through estimate and validate, and `--set` paths and values.
 */
const TARGET = 'scenarios+set';
const sources = [
  ...readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => join(ROOT, 'scenarios', f)),
  ...readdirSync(join(ROOT, 'test', 'cases')).filter((d) => d.startsWith('estimate-')).map((d) => join(ROOT, 'test', 'cases', d, 'scenario.yaml')),
  ...readdirSync(join(ROOT, 'test', 'fixtures', 'scenarios', 'bad')).map((f) => join(ROOT, 'test', 'fixtures', 'scenarios', 'bad', f)),
];

/** The scenario as parsed, its relative file references made absolute so it can live in a scratch folder. */
const seeds = sources.map((file) => {
  const doc = parseYaml(read(file));
  if (doc !== null && typeof doc === 'object' && !Array.isArray(doc)) {
    for (const k of ['catalog', 'pricing_overrides']) {
      const v = doc[k];
      if (typeof v === 'string' && (v.includes('/') || v.endsWith('.yaml')) && !isAbsolute(v)) doc[k] = resolve(dirname(file), v);
    }
  }
  return { file, doc };
});

const FORMATS = ['json', 'table', 'markdown', 'csv', 'html'] as const;
const fileName = fc.constantFrom('s.yaml', 'scenario name.yaml', 'sc\u001b[31mred.yaml', 'a,b=1.yaml', '-dash.yaml', 'über.yaml');

const work = scratch('scenarios');
beforeAll(() => warmUp([['estimate', sources[0]!, '--format', 'table', '--set', 'workload.requests_per_day==2*3'], ['validate', sources[0]!]], ROOT));
afterAll(() => {
  work.done();
  reportKnown(TARGET);
});

describe('fuzz: scenario YAML', () => {
  it('estimate and validate on mutated scenarios: exit 0-2, no stack, JSON parses, no raw control character', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), yamlMutation, fc.constantFrom(...FORMATS), fc.boolean(), fileName, async (which, m, format, validate, name) => {
        const seed = seeds[which % seeds.length]!;
        const file = work.write(`${which % 7}/${name}`, mutateYaml(seed.doc, m));
        const args = validate ? ['validate', file, '--format', format === 'csv' ? 'json' : format] : ['estimate', file, '--format', format, '--breakdown'];
        const r = await runCase(args, work.dir);
        checkCase(r, { json: args.includes('json'), html: args.includes('html'), label: `${args.join(' ')} <- ${seed.file} ${JSON.stringify(m)}` });
      }),
      params(),
    );
  });
});

/** Paths into a scenario: the fields it has, array indexes, and odd segments. */
const KNOWN_SEGMENTS = ['workload', 'requests_per_day', 'input_tokens', 'output_tokens', 'baseline', 'model', 'cost_per_request', 'strategies', 'routing', 'mix', 'cascade', 'share', 'handles', 'cache', 'exact', 'semantic', 'hit_rate', 'cost_per_hit', 'prompt', 'input_token_reduction', 'batch', 'prompt_cache', 'prefix_tokens', 'budget', 'monthly', 'max_cost_per_request', 'name', 'vars', 'days_per_month', 'catalog', 'deployment', 'options'];
const POLLUTING = ['__proto__', 'prototype', 'constructor'];
const segment = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...KNOWN_SEGMENTS) },
  { weight: 2, arbitrary: fc.nat({ max: 5 }).map((n) => `[${n}]`) },
  { weight: 1, arbitrary: nastyString },
  ...(FUZZ_KNOWN ? [{ weight: 1, arbitrary: fc.constantFrom(...POLLUTING) }] : []),
);
const setPath = fc.array(segment, { minLength: 1, maxLength: 5 }).map((segs) => segs.map((s, i) => (s.startsWith('[') || i === 0 ? s : `.${s}`)).join(''));
const setValue = fc.oneof(nastyString, fc.constantFrom('1M', '2.5k', '50%', '0', '-1', '1e400', 'openai/gpt-4o', 'openai/gpt-4o-mini', '=users*2', '[1,2]', '{a: 1}', 'null', '"quoted"'));
const setFlag = fc.oneof({ weight: 8, arbitrary: fc.tuple(setPath, setValue).map(([p, v]) => `${p}=${v}`) }, { weight: 1, arbitrary: nastyString });

describe('fuzz: --set paths and values', () => {
  it('estimate --set: exit 0-2, no stack, JSON parses, no pollution', async () => {
    const bundled = seeds.filter((s) => s.file.startsWith(join(ROOT, 'scenarios')));
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.array(setFlag, { minLength: 1, maxLength: 3 }), fc.constantFrom(...FORMATS), async (which, sets, format) => {
        const seed = bundled[which % bundled.length]!;
        const args = ['estimate', seed.file, '--format', format, ...sets.flatMap((s) => ['--set', s])];
        const r = await runCase(args, ROOT);
        checkCase(r, { json: format === 'json', html: format === 'html', label: JSON.stringify(args) });
      }),
      params(),
    );
  });
});
