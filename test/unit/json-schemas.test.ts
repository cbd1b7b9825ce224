import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ZodType } from 'zod';
import { SCHEMA_KINDS, SCHEMA_KIND_NAMES, jsonSchema, schemaFileName, type SchemaKind } from '../../src/core/schemas.js';
import { loadYamlFile } from '../../src/io/yaml.js';
import { ROOT } from '../helpers/cli.js';

/**
 * The JSON Schemas of the files users write (`costopt schema <kind>`, schemas/*.json) checked
 * with a real validator (ajv, draft 2020-12):
 * - the shipped files are what the loaders' zod schemas generate today (no drift);
 * - no file costopt accepts is rejected (an editor must never flag a good file): every bundled
 *   scenario, costopt.yaml, the shipped catalogs and every fixture the loader's schema accepts;
 * - files with the mistakes a schema can see (an unknown key, a wrong type, a missing required
 *   key) are rejected, as the loader rejects them.
 */
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validators = Object.fromEntries(SCHEMA_KIND_NAMES.map((k) => [k, ajv.compile(jsonSchema(k))])) as Record<SchemaKind, ReturnType<typeof ajv.compile>>;

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(p) ? [p] : [];
  });
}

/** What kind of file a YAML document is, from its top-level keys (undefined: none of ours). */
function kindOf(data: unknown): SchemaKind | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const d = data as Record<string, unknown>;
  if (typeof d.schema === 'string' && d.schema.startsWith('costopt.catalog/')) return 'catalog';
  if ('workload' in d || 'deployment' in d) return 'scenario';
  if ('overrides' in d && !('version' in d)) return 'overrides';
  if ('format' in d && 'columns' in d) return 'mapping';
  if ('scenarios' in d || 'bills' in d) return 'config';
  return undefined;
}

function parsed(file: string): unknown {
  try {
    return loadYamlFile(file, 'price-file').data;
  } catch {
    return undefined; // not YAML costopt reads at all (hostile fixtures): nothing to compare
  }
}

describe('JSON Schemas of the files users write', () => {
  it('the shipped schemas/*.json are what the loaders\' schemas generate (run `npm run schemas` after changing one)', () => {
    for (const k of SCHEMA_KIND_NAMES) {
      const shipped: unknown = JSON.parse(readFileSync(join(ROOT, 'schemas', schemaFileName(k)), 'utf8'));
      expect(shipped, k).toEqual(jsonSchema(k));
    }
  });

  it('each is a draft 2020-12 schema of an object with the keys its loader knows', () => {
    expect(jsonSchema('scenario')).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', additionalProperties: false });
    expect(Object.keys((jsonSchema('scenario') as { properties: object }).properties)).toEqual(expect.arrayContaining(['version', 'name', 'workload', 'strategies', 'budget']));
    expect(Object.keys((jsonSchema('config') as { properties: object }).properties)).toEqual(['version', 'catalog', 'scenarios', 'bills']);
  });

  const files = [
    ...yamlFiles(join(ROOT, 'scenarios')),
    join(ROOT, 'costopt.yaml'),
    ...yamlFiles(join(ROOT, 'pricing')).filter((f) => !f.includes('/sources/')),
    ...yamlFiles(join(ROOT, 'test', 'fixtures')),
  ];
  const typed = files.map((f) => ({ f, data: parsed(f) })).map((x) => ({ ...x, kind: kindOf(x.data) })).filter((x): x is { f: string; data: unknown; kind: SchemaKind } => x.kind !== undefined);

  it('finds files of every kind to check (a classifier that found none would pass everything)', () => {
    const count = (k: SchemaKind) => typed.filter((x) => x.kind === k).length;
    expect(count('scenario')).toBeGreaterThanOrEqual(20);
    expect(count('config')).toBeGreaterThanOrEqual(5);
    expect(count('catalog')).toBeGreaterThanOrEqual(4);
    expect(count('mapping')).toBeGreaterThanOrEqual(1);
    expect(count('overrides')).toBeGreaterThanOrEqual(1);
  });

  it('accepts every file its loader\'s schema accepts: bundled scenarios, costopt.yaml, catalogs, fixtures', () => {
    const wronglyRejected: string[] = [];
    let accepted = 0;
    for (const { f, data, kind } of typed) {
      if (!(SCHEMA_KINDS[kind].schema as ZodType).safeParse(data).success) continue;
      accepted++;
      if (!validators[kind](data)) wronglyRejected.push(`${relative(ROOT, f)} (${kind}): ${ajv.errorsText(validators[kind].errors)}`);
    }
    expect(wronglyRejected).toEqual([]);
    expect(accepted).toBeGreaterThanOrEqual(30);
    // the bundled files are among them
    for (const f of [...yamlFiles(join(ROOT, 'scenarios')), join(ROOT, 'costopt.yaml')]) expect(typed.some((x) => x.f === f), f).toBe(true);
  });

  const scenario = (over: Record<string, unknown>) => ({ version: 1, name: 'x', workload: { requests_per_day: '1M', input_tokens: 500, output_tokens: 200, model: 'openai/gpt-4o-mini' }, ...over });
  const invalid: [SchemaKind, string, unknown][] = [
    ['scenario', 'a misspelt top-level key', scenario({ workloadd: {} })],
    ['scenario', 'a list where a number goes', scenario({ workload: { requests_per_day: [1], input_tokens: 1, output_tokens: 1, model: 'a/b' } })],
    ['scenario', 'no workload and no deployment', { version: 1, name: 'x' }],
    ['scenario', 'an unknown strategy', scenario({ strategies: { caching: { hit_rate: '30%' } } })],
    ['config', 'scenarios as a number', { version: 1, scenarios: 3 }],
    ['config', 'an unknown key in a budget entry', { version: 1, scenarios: [{ path: 'a.yaml', budget: { monthly: 1 }, extra: true }] }],
    ['overrides', 'overrides as a map', { overrides: { a: 1 } }],
    ['mapping', 'no columns', { format: 'acme' }],
    ['catalog', 'an unknown schema version', { schema: 'costopt.catalog/v9', version: '2026-01-01', models: [] }],
  ];
  for (const [kind, what, data] of invalid) {
    it(`rejects a ${kind} with ${what}, as its loader does`, () => {
      expect((SCHEMA_KINDS[kind].schema as ZodType).safeParse(data).success).toBe(false);
      expect(validators[kind](data)).toBe(false);
    });
  }
});
