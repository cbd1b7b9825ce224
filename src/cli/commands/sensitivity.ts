import type { Command } from 'commander';
import { addGlobalOptions } from '../global-options.js';
import type { CliContext } from '../context.js';
import { simulateOptions, type SimulateFlags } from '../simulate-flags.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** `costopt sensitivity <scenario>`: which assumption moves the monthly cost most (a tornado). */
export function registerSensitivity(program: Command, ctx: CliContext): void {
  addGlobalOptions(
    program
      .command('sensitivity')
      .description('which input moves the monthly cost most: each at its P10 and P90 (a tornado chart)')
      .argument('<scenario>', 'scenario file (YAML) with distributions')
      .option('--all', 'also move every plain number of the workload, baseline, strategies and vars by -/+20%')
      .option('--simulate [draws]', 'add the share of the variance each distribution explains (Monte Carlo, default 10000 draws)')
      .option('--seed <n>', 'seed of the simulation (default 1)')
      .option('--set <path=value>', 'override a field, e.g. --set workload.requests_per_day=2M (repeatable)', collect, []),
  ).action(async (file: string, o: { all?: boolean; set: string[] } & SimulateFlags, cmd: Command) => {
    const g = ctx.globals(cmd);
    const simulate = simulateOptions(o);
    const [{ sensitivityFile }, { sensitivityDoc }] = await Promise.all([import('../../io/sensitivity.js'), import('../../render/present/sensitivity.js')]);
    const result = await sensitivityFile(file, { catalog: g.catalog, asOf: g.asOf, overridesFile: g.pricingOverrides, set: o.set, all: Boolean(o.all), simulate });
    await ctx.emit(g, { command: 'sensitivity', result, doc: () => sensitivityDoc(result) });
  });
}
