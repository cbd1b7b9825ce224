import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { run } from '../../src/cli/run.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'bin', 'costopt.js');
export const FIXTURES = join(ROOT, 'test', 'fixtures');
export const SEED_CATALOG = join(FIXTURES, 'catalogs', 'seed-prices.yaml');
export const SHARED = join(ROOT, '..', 'shared');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A fixed, colourless environment so outputs are reproducible. */
export const TEST_ENV = { NO_COLOR: '1', COLUMNS: '120', TZ: 'UTC', LANG: 'C' } as const;

/** Run the built CLI as a user would (requires `npm run build`). */
export function runBuilt(args: string[], opts: { cwd?: string; env?: Record<string, string>; input?: string } = {}): CliResult {
  const base: Record<string, string | undefined> = { ...process.env };
  delete base.FORCE_COLOR;
  const env = { ...base, ...TEST_ENV, ...opts.env };
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env, input: opts.input ?? '', encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Run the CLI in-process from source (fast; same code path as the binary). */
export async function runCli(args: string[], opts: { cwd?: string; env?: Record<string, string>; tty?: boolean } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: (s) => { stdout += s; },
    stderr: (s) => { stderr += s; },
    env: { ...TEST_ENV, ...opts.env },
    stdoutIsTTY: Boolean(opts.tty),
    stderrIsTTY: Boolean(opts.tty),
    stdinIsTTY: Boolean(opts.tty),
    columns: 120,
    cwd: opts.cwd ?? ROOT,
  });
  return { code, stdout, stderr };
}

export function json<T = Record<string, unknown>>(r: CliResult): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${r.code}):\n${r.stdout}\n--- stderr\n${r.stderr}`);
  }
}
