import { CommanderError } from 'commander';
import { ExitCode, InputError, formatDiagnostic } from '../core/errors.js';
import { CliContext, type Io } from './context.js';
import { buildProgram } from './program.js';

const REPORT = 'This is a bug in costopt. Please report it with the command you ran and the output of the same command with --verbose.';

/** Run the CLI with these arguments; returns the exit code. Nothing here calls process.exit. */
export async function run(argv: string[], io: Io): Promise<number> {
  const ctx = new CliContext(io);
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
      io.stderr(e.diagnostics.map(formatDiagnostic).join('\n') + '\n');
      const n = e.diagnostics.filter((d) => d.severity === 'error').length;
      if (n > 1) io.stderr(`${n} errors\n`);
      return ExitCode.badInput;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    io.stderr(`costopt: internal error: ${err.message}\n${REPORT}\n`);
    if (verbose && err.stack) io.stderr(err.stack + '\n');
    return ExitCode.internal;
  }
}
