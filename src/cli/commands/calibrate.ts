import type { Command } from 'commander';
import { addGlobalOptions } from '../global-options.js';
import type { CliContext } from '../context.js';
import { InputError } from '../../core/errors.js';

/** `costopt calibrate <usage...>`: a scenario inferred from usage, or an existing one checked against it. */
export function registerCalibrate(program: Command, ctx: CliContext): void {
  addGlobalOptions(
    program
      .command('calibrate')
      .description('infer a scenario from usage (requests/day, weekday profile, trend, tokens, model mix, prompt caching, budget), or check one against it')
      .argument('[usage...]', 'request logs (CSV, CSV.gz), folders or globs; any usage file costopt analyze reads')
      .option('--out <scenario.yaml>', 'write the calibrated scenario, commented, to this file (- prints it)')
      .option('--force', 'replace --out if it exists')
      .option('--against <scenario.yaml>', 'compare this scenario with the usage, field by field')
      .option('--name <name>', 'the name: of the written scenario (default: calibrated)')
      .option('--format-hint <format>', 'skip format detection of the usage files (as for analyze)')
      .option('--map <mapping.yaml>', 'column mapping for another usage CSV (as for analyze)')
      .addHelpText('after', '\nExamples:\n  costopt calibrate logs/2026-11/*.csv --out scenarios/observed.yaml\n  costopt calibrate logs/ --against scenarios/support-bot.yaml'),
  ).action(async (usage: string[], o: { out?: string; force?: boolean; against?: string; name?: string; formatHint?: string; map?: string }, cmd: Command) => {
    const g = ctx.globals(cmd);
    if (!usage.length) throw new InputError({ severity: 'error', path: 'calibrate', message: 'no usage given: pass request logs, folders or globs (e.g. costopt calibrate logs/*.csv --out observed.yaml)' });
    if (o.map !== undefined && o.formatHint !== undefined) throw new InputError({ severity: 'error', path: '--format-hint', message: 'cannot be used with --map (the mapping file names the format)' });
    if (g.asOf !== undefined) throw new InputError({ severity: 'error', path: '--as-of', message: 'calibrate prices each request at the rates in force on its own date; --as-of is the plan date of costopt variance' });
    if (o.force && o.out === undefined) throw new InputError({ severity: 'error', path: '--force', message: 'only used with --out' });
    if (o.out === '-' && g.format !== 'table') throw new InputError({ severity: 'error', path: '--out', message: '--out - prints the scenario; it cannot be combined with --format' });
    const [{ calibrateFiles }, { calibrateDoc }] = await Promise.all([import('../../io/calibrate.js'), import('../../render/present/calibrate.js')]);
    const { report, yaml } = await calibrateFiles(usage, {
      cwd: ctx.io.cwd, catalog: g.catalog, overridesFile: g.pricingOverrides, formatHint: o.formatHint, mapFile: o.map, out: o.out, force: o.force, against: o.against, name: o.name, nowMs: Date.now(),
    });
    for (const w of report.warnings) ctx.warn(g, w);
    if (o.out === '-') {
      ctx.io.stdout(yaml);
      return;
    }
    await ctx.emit(g, { command: 'calibrate', result: report, doc: () => calibrateDoc(report) });
  });
}
