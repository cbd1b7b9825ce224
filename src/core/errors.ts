/** Exit codes of every command (SPEC §1). Only the CLI entry point turns them into a process exit. */
export const ExitCode = {
  ok: 0,
  checkFailed: 1,
  badInput: 2,
  internal: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface SourcePosition {
  file?: string;
  /** 1-based */
  line?: number;
  /** 1-based */
  col?: number;
}

export interface Diagnostic extends SourcePosition {
  severity: 'error' | 'warning';
  /** Dotted path of the offending field, e.g. `routing.mix[1].share`. */
  path?: string;
  message: string;
  hint?: string;
}

/** Bad input (exit 2): carries every problem found, compiler style. */
export class InputError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[] | Diagnostic | string) {
    const list: Diagnostic[] =
      typeof diagnostics === 'string'
        ? [{ severity: 'error', message: diagnostics }]
        : Array.isArray(diagnostics)
          ? diagnostics
          : [diagnostics];
    super(list.map(formatDiagnostic).join('\n'));
    this.name = 'InputError';
    this.diagnostics = list;
  }
}

export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}

export function formatPosition(p: SourcePosition): string {
  if (!p.file) return '';
  if (p.line === undefined) return p.file;
  return `${p.file}:${p.line}:${p.col ?? 1}`;
}

/** `scenarios/chat.yaml:12:7 error routing.mix[1].share: expected a share, got "sixty"` */
export function formatDiagnostic(d: Diagnostic): string {
  const where = formatPosition(d);
  const head = [where, d.severity].filter(Boolean).join(' ');
  const body = d.path ? `${d.path}: ${d.message}` : d.message;
  return `${head} ${body}${d.hint ? `\n  hint: ${d.hint}` : ''}`;
}

/** Render a path array as `a.b[2].c`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}
