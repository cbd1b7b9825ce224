import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { InputError } from '../../core/errors.js';

/**
 * `costopt schema <kind>`: the JSON Schema (draft 2020-12) of a file a user writes, generated
 * from the loader's own schema (core/schemas.ts). Always JSON on stdout: it is a file to save or
 * point an editor at, not a report (no schemaVersion envelope). The same schemas ship in the
 * package as schemas/<kind>.json.
 */
export function registerSchema(program: Command, ctx: CliContext): void {
  program
    .command('schema')
    .description('print the JSON Schema of a file you write: scenario | config | mapping | catalog | overrides')
    .argument('<kind>', 'scenario, config (costopt.yaml), mapping (--map), catalog or overrides')
    .action(async (kind: string) => {
      const { SCHEMA_KIND_NAMES, isSchemaKind, jsonSchema } = await import('../../core/schemas.js');
      if (!isSchemaKind(kind)) throw new InputError({ severity: 'error', path: 'kind', message: `expected one of ${SCHEMA_KIND_NAMES.join(', ')}, got "${kind}"` });
      ctx.io.stdout(`${JSON.stringify(jsonSchema(kind), null, 2)}\n`);
    });
}
