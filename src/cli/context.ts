import type { Command } from 'commander';
import { InputError } from '../core/errors.js';
import type { OutputFormat, Rendered } from '../render/index.js';

/** Formats every command accepts (github is check's own). */
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'markdown', 'csv'];
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

export class CliContext {
  exitCode = 0;
  constructor(readonly io: Io) {}

  globals(cmd: Command, allowed: readonly OutputFormat[] = OUTPUT_FORMATS): GlobalOptions {
    const o = cmd.optsWithGlobals<{ format?: string; catalog?: string; asOf?: string; pricingOverrides?: string; color?: boolean; quiet?: boolean; verbose?: boolean }>();
    const format = (o.format ?? 'table') as OutputFormat;
    if (!allowed.includes(format)) {
      throw new InputError({ severity: 'error', path: '--format', message: `expected one of ${allowed.join(', ')}, got "${o.format}"` });
    }
    return {
      format,
      catalog: o.catalog,
      asOf: o.asOf,
      pricingOverrides: o.pricingOverrides,
      // --no-color after the command name is the command's own (program options are positional)
      color: this.colorEnabled(o.color !== false && cmd.opts<{ color?: boolean }>().color !== false),
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
