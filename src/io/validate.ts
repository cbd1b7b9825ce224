import type * as z from 'zod';
import { InputError, formatPath, type Diagnostic } from '../core/errors.js';
import { zodIssues, type PathIssue } from '../core/schema-issues.js';
import type { YamlSource } from './yaml.js';

/** Path issues to located diagnostics (file:line:col from the YAML source). */
export function locateIssues(src: YamlSource, issues: readonly PathIssue[], severity: 'error' | 'warning' = 'error'): Diagnostic[] {
  return issues.map((i) => {
    const pos = i.atKey ? src.locateKey(i.path) : src.locate(i.path);
    return { severity, ...pos, path: formatPath(i.path) || undefined, message: i.message, hint: i.hint };
  });
}

/** Parse `src.data` with `schema`; every problem is reported together, compiler style (exit 2). */
export function parseWith<S extends z.ZodType>(schema: S, src: YamlSource, data: unknown = src.data): z.output<S> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  // an empty document (or only comments) has no node to point at: say so, at its first line
  if ((data === null || data === undefined) && data === src.data && src.text.trim().replace(/^#.*$/gm, '').trim() === '') {
    throw new InputError({ severity: 'error', file: src.file, line: 1, col: 1, message: 'the file is empty' });
  }
  throw new InputError(sortDiagnostics(locateIssues(src, zodIssues(schema, r.error.issues, data))));
}

export function sortDiagnostics(d: Diagnostic[]): Diagnostic[] {
  return [...d].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
}
