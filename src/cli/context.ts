import { nonFinitePaths } from '../core/finite.js';
import type { Command } from 'commander';
import { InputError } from '../core/errors.js';
import { noWorkflowCommands, visible } from '../render/sanitize.js';
import type { OutputFormat, Rendered } from '../render/index.js';

/** Formats every command accepts (github is check's own). */
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'markdown', 'csv', 'html'];
import type { CatalogChoice } from '../io/catalog.js';

/** What every command gets: parsed global flags and the terminal it writes to. */
export interface GlobalOptions {
  format: OutputFormat;
  catalog?: string;
  asOf?: string;
  pricingOverrides?: string;
  color: boolean;
  quiet: boolean;
  verbose: boolean;
}

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  stdinIsTTY: boolean;
  columns: number | undefined;
  cwd: string;
}

/**
 * Global flags may be given before the command (`costopt --format json estimate`) or after it
 * (`costopt estimate --format json`). A value the user set wins over a default, and the one
 * nearest the command wins over an outer one. (commander's optsWithGlobals lets an outer
 * default overwrite an inner value, e.g. the program's default colour over `--no-color`.)
 */
export function mergedOptions(cmd: Command): Record<string, unknown> {
  const chain: Command[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) chain.unshift(c);
  const out: Record<string, unknown> = {};
  const explicit = new Set<string>();
  for (const c of chain) {
    for (const [k, v] of Object.entries(c.opts())) {
      if (v === undefined) continue;
      const src = c.getOptionValueSource(k);
      const isDefault = src === 'default' || src === undefined;
      if (isDefault && (explicit.has(k) || k in out)) continue;
      out[k] = v;
      if (!isDefault) explicit.add(k);
    }
  }
  return out;
}

export class CliContext {
  exitCode = 0;
  /**
   * The terminal the command writes to. Everything written to stderr (diagnostics, warnings,
   * commander's messages, which quote argv) goes through the output sanitiser: control
   * characters from input are shown escaped, and no line starts a CI workflow command. stdout is sanitised by the renderers, which
   * know data from styling.
   */
  readonly io: Io;
  /** stderr as it is, for costopt's own control sequences (the progress bar) */
  readonly rawStderr: (s: string) => void;
  constructor(io: Io) {
    this.rawStderr = io.stderr;
    this.io = { ...io, stderr: (s) => io.stderr(noWorkflowCommands(visible(s))) };
  }

  globals(cmd: Command, allowed: readonly OutputFormat[] = OUTPUT_FORMATS): GlobalOptions {
    const o = mergedOptions(cmd) as { format?: string; catalog?: string; asOf?: string; pricingOverrides?: string; color?: boolean; quiet?: boolean; verbose?: boolean };
    const format = (o.format ?? 'table') as OutputFormat;
    if (!allowed.includes(format)) {
      throw new InputError({ severity: 'error', path: '--format', message: `expected one of ${allowed.join(', ')}, got "${o.format}"` });
    }
    return {
      format,
      catalog: o.catalog,
      asOf: o.asOf,
      pricingOverrides: o.pricingOverrides,
      color: this.colorEnabled(o.color !== false),
      quiet: Boolean(o.quiet),
      verbose: Boolean(o.verbose),
    };
  }

  catalogChoice(g: GlobalOptions, fallbackVersion?: string): CatalogChoice {
    return { catalog: g.catalog ?? fallbackVersion, asOf: g.asOf, overridesFile: g.pricingOverrides };
  }

  /** Colour: --no-color and NO_COLOR win, FORCE_COLOR forces, otherwise only on a TTY. */
  colorEnabled(flag: boolean): boolean {
    if (!flag) return false;
    const env = this.io.env;
    if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
    if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
    return this.io.stdoutIsTTY;
  }

  get width(): number {
    const c = Number(this.io.env.COLUMNS);
    if (Number.isFinite(c) && c > 0) return c;
    return this.io.columns ?? 120;
  }

  /** Render the whole output first, then write it once: nothing half-written on error. */
  async emit<R extends object>(g: GlobalOptions, r: Rendered<R>): Promise<void> {
    // renderers (cli-table3, chalk) load only when there is something to render
    const { render } = await import('../render/index.js');
    // the last line of defence: an overflow the command did not catch is bad input, never "$Infinity" or null
    const over = nonFinitePaths(r.result);
    if (over.length) throw new InputError({ severity: 'error', message: `a number in the result overflows (${over.join(', ')} is not a finite number): the inputs are too large to compute with` });
    const text = render(r, { format: g.format, color: g.color, width: this.width });
    this.io.stdout(text);
  }

  warn(g: GlobalOptions, message: string): void {
    if (!g.quiet) this.io.stderr(`warning: ${message}\n`);
  }

  info(g: GlobalOptions, message: string): void {
    if (g.verbose) this.io.stderr(`${message}\n`);
  }

  fail(code: number): void {
    this.exitCode = Math.max(this.exitCode, code);
  }
}
