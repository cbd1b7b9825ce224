import type { Command } from 'commander';
import { addGlobalOptions } from '../global-options.js';
import type { CliContext } from '../context.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

/**
 * `costopt validate <scenario.yaml...>`: the schema and reference checks of estimate (unknown
 * keys, shares, ranges, expressions, model ids, batch prices, deployment ids) and nothing else.
 * Exit 0 when every file is valid, 2 with every problem located otherwise.
 */
export function registerValidate(program: Command, ctx: CliContext): void {
  addGlobalOptions(
    program
      .command('validate')
      .description('schema and reference checks only (exit 2 with file:line:col on problems)')
      .argument('<scenario...>', 'scenario files (YAML)')
      .option('--set <path=value>', 'override a field before checking (repeatable)', collect, []),
  ).action(async (files: string[], o: { set: string[] }, cmd: Command) => {
    const g = ctx.globals(cmd);
    const [{ estimateFiles }, { validateDoc }] = await Promise.all([import('../../io/scenario.js'), import('../../render/present/estimate.js')]);
    // pricing is how references are checked (a model without a needed price is a problem too)
    const scenarios = await estimateFiles(files, { catalog: g.catalog, asOf: g.asOf, overridesFile: g.pricingOverrides, set: o.set });
    const result = {
      valid: true,
      files: scenarios.map((s) => ({ file: s.file ?? '', name: s.name, catalog: s.catalog, warnings: s.warnings })),
    };
    await ctx.emit(g, { command: 'validate', result, doc: () => validateDoc(result) });
  });
}
