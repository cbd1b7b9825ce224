import type { Command } from 'commander';
import { addGlobalOptions } from '../global-options.js';
import { OUTPUT_FORMATS, type CliContext } from '../context.js';
import { ExitCode } from '../../core/errors.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** `costopt check`: the CI budget gate over the scenarios (and bills) of costopt.yaml. */
export function registerCheck(program: Command, ctx: CliContext): void {
  const check = addGlobalOptions(
    program
      .command('check')
      .description('CI budget gate: scenarios (and bills) of costopt.yaml against their budgets; exit 1 on any breach')
      .option('--config <file>', 'the check config (default: costopt.yaml in the working directory)')
      .option('--base <file>', 'base for max_increase_percent: a saved `estimate --format json` result or a scenario file, matched by scenario name (repeatable)', collect, [])
      .option('--base-ref <ref>', 'base for max_increase_percent: each scenario file as it is at this git ref (e.g. origin/main), read with git, no checkout')
      .addHelpText('after', '\nFormats: table (default), markdown (PR comments, step summaries), json, csv, github (workflow annotations).\nExit codes: 0 all budgets within, 1 a budget is exceeded, 2 bad input (config, scenario, flags).'),
  );
  // check is the one command with a github format: its --help says so where --format is listed
  const format = check.options.find((opt) => opt.long === '--format');
  if (format) format.description = 'output format: table|json|markdown|csv|html|github';
  check.action(async (o: { config?: string; base: string[]; baseRef?: string }, cmd: Command) => {
    const g = ctx.globals(cmd, [...OUTPUT_FORMATS, 'github']);
    const [{ gatherCheck }, { evaluateCheck }, { checkDoc }, { renderGithub }] = await Promise.all([
      import('../../io/check-config.js'), import('../../core/check/evaluate.js'), import('../../render/present/check.js'), import('../../render/github.js'),
    ]);
    const input = await gatherCheck({ cwd: ctx.io.cwd, config: o.config, base: o.base, baseRef: o.baseRef, catalog: g.catalog, asOf: g.asOf, overridesFile: g.pricingOverrides, nowMs: Date.now() });
    const result = evaluateCheck(input);
    await ctx.emit(g, {
      command: 'check',
      result,
      doc: () => checkDoc(result, { markdown: g.format === 'markdown' }),
      custom: { github: () => renderGithub(result) },
    });
    if (result.status === 'fail') ctx.fail(ExitCode.checkFailed);
  });
}
