import type { Command } from 'commander';
import { addGlobalOptions } from '../global-options.js';
import type { CliContext } from '../context.js';
import { InputError } from '../../core/errors.js';

/** `costopt variance <scenario.yaml> <usage...>`: planned vs actual, the difference split into effects. */
export function registerVariance(program: Command, ctx: CliContext): void {
  addGlobalOptions(
    program
      .command('variance')
      .description('planned vs actual over the usage\'s days: the difference split into volume, mix, input/output tokens, caching, batch and price')
      .argument('[scenario]', 'the plan: a scenario file')
      .argument('[usage...]', 'usage: request logs (CSV, CSV.gz), folders or globs; any usage file costopt analyze reads')
      .option('--format-hint <format>', 'skip format detection of the usage files (as for analyze)')
      .option('--map <mapping.yaml>', 'column mapping for another usage CSV (as for analyze)')
      .option('--set <path=value...>', 'override a scenario value (e.g. --set workload.requests_per_day=2M)')
      .addHelpText('after', '\nThe plan is priced at the catalog in force on --as-of (default: the first day of the usage); the usage at the rates in force on each request\'s date.\nExamples:\n  costopt variance scenarios/support-bot.yaml logs/2026-11/*.csv\n  costopt variance plan.yaml usage.csv --as-of 2026-10-01 --format markdown'),
  ).action(async (scenario: string | undefined, usage: string[], o: { formatHint?: string; map?: string; set?: string[] }, cmd: Command) => {
    const g = ctx.globals(cmd);
    if (!scenario || !usage.length) throw new InputError({ severity: 'error', path: 'variance', message: 'expected a scenario file and at least one usage file: costopt variance <scenario.yaml> <usage...>' });
    if (o.map !== undefined && o.formatHint !== undefined) throw new InputError({ severity: 'error', path: '--format-hint', message: 'cannot be used with --map (the mapping file names the format)' });
    const [{ varianceFiles }, { varianceDoc }] = await Promise.all([import('../../io/variance.js'), import('../../render/present/variance.js')]);
    const result = await varianceFiles(scenario, usage, {
      cwd: ctx.io.cwd, catalog: g.catalog, asOf: g.asOf, overridesFile: g.pricingOverrides, formatHint: o.formatHint, mapFile: o.map, set: o.set, nowMs: Date.now(),
    });
    for (const w of result.warnings) ctx.warn(g, w);
    await ctx.emit(g, { command: 'variance', result, doc: () => varianceDoc(result) });
  });
}
