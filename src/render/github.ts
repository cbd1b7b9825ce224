import type { CheckReport, CheckRow } from '../core/check/types.js';
import { rowMessage, summaryLine } from './present/check.js';
import { visible } from './sanitize.js';

/**
 * `check --format github`: GitHub Actions workflow commands. A breach is an `::error` and a
 * budget that could not be checked a `::warning`, each pointing at the scenario file and the
 * line of its budget, so the pull request's "Files changed" view shows it in place.
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */

/**
 * Message text: %, CR and LF are escaped so a message stays one command; other control
 * characters from input are shown visibly escaped (a CI log renders escape sequences).
 */
export function escapeData(s: string): string {
  return visible(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values additionally escape : and , (they separate properties). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function annotation(level: 'error' | 'warning' | 'notice', message: string, props: { file?: string; line?: number; col?: number; title?: string }): string {
  const p: string[] = [];
  if (props.file) p.push(`file=${escapeProperty(props.file)}`);
  if (props.file && props.line !== undefined) p.push(`line=${props.line}`);
  if (props.file && props.line !== undefined && props.col !== undefined) p.push(`col=${props.col}`);
  if (props.title) p.push(`title=${escapeProperty(props.title)}`);
  return `::${level}${p.length ? ' ' + p.join(',') : ''}::${escapeData(message)}`;
}

function rowAnnotation(r: CheckRow): string | undefined {
  if (r.status === 'within') return undefined;
  const level = r.status === 'over' ? 'error' : 'warning';
  const title = r.status === 'over' ? `costopt: ${r.budget} exceeded` : `costopt: ${r.budget} not checked`;
  return annotation(level, rowMessage(r), { file: r.file, line: r.line, col: r.col, title });
}

export function renderGithub(r: CheckReport): string {
  const lines = r.results.map(rowAnnotation).filter((l): l is string => l !== undefined);
  // warnings that belong to no row (e.g. a scenario's own estimate warnings)
  const rowNotes = new Set(r.results.map((x) => x.note).filter(Boolean));
  for (const w of r.warnings) if (![...rowNotes].some((n) => n && w.endsWith(n))) lines.push(annotation('warning', w, {}));
  lines.push(summaryLine(r));
  return lines.join('\n') + '\n';
}
