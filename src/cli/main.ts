import { run } from './run.js';

export { run };

/**
 * The process entry point (called by bin/costopt.js): wires the CLI to this process and is the
 * only place that sets the exit code.
 */
export function main(): void {
  // `costopt ... | head` closes the pipe early: that is not an error, stop quietly.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw err;
    });
  }
  void run(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stdinIsTTY: Boolean(process.stdin.isTTY),
    columns: process.stdout.columns,
    cwd: process.cwd(),
  }).then((code) => {
    process.exitCode = code;
  });
}
