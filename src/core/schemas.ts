import * as z from 'zod';
import { mappingFileSchema } from './billing/mapping.js';
import { historyCatalogSchema } from './catalog/history-schema.js';
import { overridesFile } from './catalog/overrides.js';
import { catalogSchema } from './catalog/schema.js';
import { checkConfigSchema } from './check/config.js';
import { scenarioSchema } from './scenario/schema.js';

/**
 * JSON Schemas (draft 2020-12) of the files a user writes, generated from the zod schemas the
 * loaders parse them with, so the two never drift. They describe the file as written (zod's
 * input side): numbers may be strings ("1.5M", "30%"), and what a JSON Schema cannot say (a
 * share's range once "30%" is read, references to catalog ids, cross-field rules) is left to
 * `costopt validate` and the loaders. An editor with them completes keys and flags typos and
 * wrong types as you type; they never reject a file costopt accepts.
 */
export const SCHEMA_KINDS = {
  scenario: { title: 'costopt scenario', description: 'A workload scenario for costopt estimate (SPEC §3).', schema: scenarioSchema },
  config: { title: 'costopt.yaml', description: 'Budgets and the files costopt check runs over (SPEC §6).', schema: checkConfigSchema },
  mapping: { title: 'costopt billing column mapping', description: 'How costopt analyze --map reads a bill it does not know.', schema: mappingFileSchema },
  catalog: { title: 'costopt pricing catalog', description: 'A pricing catalog: schema costopt.catalog/v1 (one price per model) or costopt.catalog/v2 (prices through time).', schema: z.union([catalogSchema, historyCatalogSchema]) },
  overrides: { title: 'costopt pricing overrides', description: 'Negotiated rates or discounts applied on top of a catalog (--pricing-overrides).', schema: overridesFile },
} as const;

export type SchemaKind = keyof typeof SCHEMA_KINDS;
export const SCHEMA_KIND_NAMES = Object.keys(SCHEMA_KINDS) as SchemaKind[];

export const isSchemaKind = (k: string): k is SchemaKind => Object.hasOwn(SCHEMA_KINDS, k);

/** Where the package ships it: schemas/<kind>.json. */
export const schemaFileName = (kind: SchemaKind) => `${kind}.json`;

export function jsonSchema(kind: SchemaKind): Record<string, unknown> {
  const k = SCHEMA_KINDS[kind];
  const body = z.toJSONSchema(k.schema as z.ZodType, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  const { $schema, ...rest } = body;
  return { $schema, title: k.title, description: k.description, ...rest };
}
