import { CommanderError } from 'commander';
import { ExitCode, InputError, formatDiagnostic } from '../core/errors.js';
import { CliContext, type Io } from './context.js';
import { buildProgram } from './program.js';

const REPORT = 'This is a bug in costopt. Please report it with the command you ran and the output of the same command with --verbose.';

/** Run the CLI with these arguments; returns the exit code. Nothing here calls process.exit. */
export async function run(argv: string[], io: Io): Promise<number> {
  const ctx = new CliContext(io);
  // every message below goes through the context's sanitised stderr
  const err = ctx.io.stderr;
  const verbose = argv.includes('--verbose');
  const program = buildProgram(ctx);
  if (argv.length === 0) {
    program.outputHelp();
    return ExitCode.ok;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' || e.exitCode === 0) return ExitCode.ok;
      return ExitCode.badInput;
    }
    if (e instanceof InputError) {
      err(e.diagnostics.map(formatDiagnostic).join('\n') + '\n');
      const n = e.diagnostics.filter((d) => d.severity === 'error').length;
      if (n > 1) err(`${n} errors\n`);
      return ExitCode.badInput;
    }
    const error = e instanceof Error ? e : new Error(String(e));
    err(`costopt: internal error: ${error.message}\n${REPORT}\n`);
    if (verbose && error.stack) err(error.stack + '\n');
    return ExitCode.internal;
  }
}
