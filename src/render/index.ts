import type { Doc } from './document.js';
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderTable } from './table.js';
import { noWorkflowCommands, visibleDoc } from './sanitize.js';

export type OutputFormat = 'table' | 'json' | 'markdown' | 'csv' | 'github' | 'html';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'markdown', 'csv', 'html'];

export interface RenderOptions {
  format: OutputFormat;
  color: boolean;
  width: number;
}

/** A command's output: its result model (for JSON) and a document for people and spreadsheets. */
export interface Rendered<R extends object> {
  command: string;
  result: R;
  doc: () => Doc;
  /** a format-specific renderer (e.g. github annotations) */
  custom?: Partial<Record<OutputFormat, () => string>>;
}

export function render<R extends object>(r: Rendered<R>, o: RenderOptions): string {
  const custom = r.custom?.[o.format];
  if (custom) return custom();
  // text from input is escaped here, once for every format, before any renderer adds its styling
  switch (o.format) {
    case 'json':
      return renderJson(r.command, r.result);
    case 'markdown':
      return noWorkflowCommands(renderMarkdown(visibleDoc(r.doc())));
    case 'csv':
      return noWorkflowCommands(renderCsv(visibleDoc(r.doc())));
    case 'table':
      return noWorkflowCommands(renderTable(visibleDoc(r.doc()), { color: o.color, width: o.width }));
    case 'github':
      return noWorkflowCommands(renderMarkdown(visibleDoc(r.doc())));
    case 'html':
      return renderHtml(visibleDoc(r.doc()), { title: `costopt ${r.command}`, generator: 'costopt' });
  }
}
