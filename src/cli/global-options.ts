import { Command, Option } from 'commander';

/** Global flags (SPEC §1), accepted before or after the command name. */
export function addGlobalOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--format <format>', 'output format: table|json|markdown|csv|html').default(undefined))
    .option('--catalog <version|path>', 'pricing catalog version (YYYY-MM-DD, latest) or a catalog file')
    .option('--as-of <date>', 'use the catalog version in force on this date (YYYY-MM-DD)')
    .option('--pricing-overrides <file>', 'negotiated rates or discounts applied on top of the catalog')
    .option('--no-color', 'no colour (also NO_COLOR=1; colour is off when stdout is not a TTY)')
    .option('--quiet', 'only the result: no warnings or notes on stderr')
    .option('--verbose', 'more detail on stderr; stack traces for internal errors');
}
