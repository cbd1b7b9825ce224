import { Command } from 'commander';
import { addGlobalOptions } from './global-options.js';
import { VERSION } from './version.js';
import type { CliContext } from './context.js';
import { registerPricing } from './commands/pricing.js';
import { registerEstimate } from './commands/estimate.js';
import { registerValidate } from './commands/validate.js';
import { registerInit } from './commands/init.js';
import { registerBreakeven } from './commands/breakeven.js';
import { registerCheck } from './commands/check.js';
import { registerDiff } from './commands/diff.js';
import { registerAnalyze } from './commands/analyze.js';
import { registerSchema } from './commands/schema.js';
import { registerSensitivity } from './commands/sensitivity.js';
import { registerVariance } from './commands/variance.js';
import { registerCalibrate } from './commands/calibrate.js';
// Each command lives in its own file under ./commands and registers itself here.
// (keep one line per command; heavy modules are imported lazily inside the actions)
const COMMANDS: ((program: Command, ctx: CliContext) => void)[] = [
  registerPricing,
  registerEstimate,
  registerValidate,
  registerInit,
  registerBreakeven,
  registerCheck,
  registerDiff,
  registerAnalyze,
  registerSchema,
  registerSensitivity,
  registerCalibrate,
  registerVariance,
];

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('costopt');
  program
    .description('What an AI workload will cost, the cheapest way to run it, and whether the bill is normal.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(run with --help for usage)')
    .showSuggestionAfterError(true)
    .exitOverride()
    // program flags only before the command name: every command re-declares the global flags
    // (addGlobalOptions), and `pricing import --version <date>` must reach its command
    // instead of printing costopt's version
    .enablePositionalOptions()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout(s),
      writeErr: (s) => ctx.io.stderr(s),
    })
    .addHelpText(
      'after',
      `
Exit codes: 0 ok, 1 a check failed (budget, --fail-on), 2 bad input, 3 internal error.
Examples:
  costopt estimate scenarios/support-bot.yaml
  costopt estimate scenarios/launch-forecast.yaml --simulate
  costopt breakeven --gpu-hourly 1.50 --throughput 3000 --api-price 0.60
  costopt analyze bill.csv --budget 20000
  costopt check --config costopt.yaml
  costopt pricing show openai/gpt-4o --as-of 2024-06-01`,
    );
  addGlobalOptions(program);
  for (const register of COMMANDS) register(program, ctx);
  for (const sub of program.commands) {
    sub.exitOverride().configureOutput({ writeOut: (s) => ctx.io.stdout(s), writeErr: (s) => ctx.io.stderr(s) });
    sub.showHelpAfterError('(run with --help for usage)');
    for (const subsub of sub.commands) {
      subsub.exitOverride().configureOutput({ writeOut: (s) => ctx.io.stdout(s), writeErr: (s) => ctx.io.stderr(s) });
      subsub.showHelpAfterError('(run with --help for usage)');
    }
  }
  return program;
}
