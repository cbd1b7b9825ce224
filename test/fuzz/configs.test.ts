import { afterAll, beforeAll, describe, it } from 'vitest';
import fc from 'fast-check';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { FIXTURES, ROOT } from '../helpers/cli.js';
import { checkCase, params, read, reportKnown, runCase, scratch, warmUp } from './harness.js';
import { mutateYaml, parseYaml, yamlMutation } from './mutate.js';

/**
 * Fuzz targets: the YAML of `check` configs (costopt.yaml and the check fixtures) and of
 * billing column mappings (`analyze --map`), structure-aware mutations of each.
 */
const TARGET = 'configs+mappings';
type Json = ReturnType<typeof parseYaml>;

/** Relative file references (that exist, or are globs) made absolute, so the document can live in a scratch folder. */
function absolutise(v: Json, dir: string): Json {
  if (typeof v === 'string') {
    if (isAbsolute(v) || v.includes('\n')) return v;
    const p = resolve(dir, v);
    return v.includes('*') || (v.includes('/') && existsSync(p)) || (/\.(ya?ml|json|csv)$/.test(v) && existsSync(p)) ? p : v;
  }
  if (Array.isArray(v)) return v.map((x) => absolutise(x, dir));
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, absolutise(x, dir)]));
  return v;
}

const configFiles = [
  join(ROOT, 'costopt.yaml'),
  ...['within', 'breaches', 'bills'].map((d) => join(FIXTURES, 'check', d, 'costopt.yaml')),
  ...readdirSync(join(FIXTURES, 'check', 'bad')).filter((f) => f.endsWith('.yaml')).map((f) => join(FIXTURES, 'check', 'bad', f)),
].filter((f) => existsSync(f));
const configs = configFiles.flatMap((file) => {
  try {
    return [{ file, doc: absolutise(parseYaml(read(file)), dirname(file)) }];
  } catch {
    return []; // a seed that is not YAML (bad/malformed.yaml) has no structure to mutate
  }
});

const work = scratch('configs');
beforeAll(() => warmUp([['check', '--config', configFiles[0]!, '--format', 'github'], ['analyze', join(FIXTURES, 'billing', 'acme-usage-cents-negative-dmy.csv'), '--map', join(FIXTURES, 'billing', 'acme-mapping.yaml'), '--engine', 'js']], ROOT));
afterAll(() => {
  work.done();
  reportKnown(TARGET);
});

describe('fuzz: check config YAML', () => {
  it('check --config on mutated configs: exit 0-2, no stack, JSON parses, no raw control character', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), yamlMutation, fc.constantFrom('json', 'table', 'markdown', 'github'), async (which, m, format) => {
        const seed = configs[which % configs.length]!;
        const file = work.write(`config-${which % 5}.yaml`, mutateYaml(seed.doc, m));
        const args = ['check', '--config', file, '--format', format];
        const r = await runCase(args, work.dir);
        checkCase(r, { json: format === 'json', label: `${args.join(' ')} <- ${seed.file} ${JSON.stringify(m)}` });
      }),
      params(),
    );
  });
});

const mappings = [
  { map: join(FIXTURES, 'billing', 'acme-mapping.yaml'), bills: ['acme-usage-cents-german-dotted-dates.csv', 'acme-usage-cents-negative-dmy.csv'] },
  { map: join(FIXTURES, 'billing', 'acme-mapping-typo.yaml'), bills: ['acme-usage-cents-german-dotted-dates.csv'] },
].map((x) => ({ ...x, doc: parseYaml(read(x.map)), bills: x.bills.map((b) => join(FIXTURES, 'billing', b)) }));

describe('fuzz: mapping YAML', () => {
  it('analyze --map on mutated mappings: exit 0-2, no stack, JSON parses, no raw control character', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), yamlMutation, fc.constantFrom('json', 'table', 'csv'), async (which, bill, m, format) => {
        const seed = mappings[which % mappings.length]!;
        const file = work.write(`mapping-${which % 5}.yaml`, mutateYaml(seed.doc, m));
        const args = ['analyze', seed.bills[bill % seed.bills.length]!, '--map', file, '--engine', 'js', '--format', format];
        const r = await runCase(args, work.dir);
        checkCase(r, { json: format === 'json', label: `${args.join(' ')} ${JSON.stringify(m)}` });
      }),
      params(),
    );
  });
});
