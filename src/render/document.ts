/**
 * The one presentation model every command maps its result into for people (table, markdown)
 * and spreadsheets (csv). JSON renders the command's result model itself.
 */
export type Align = 'left' | 'right' | 'center';

/** A cell: plain text, or a value with its display text (csv writes the raw value). */
export type Cell = string | number | null | { value: string | number | null; display: string; tone?: Tone };
export type Tone = 'good' | 'bad' | 'warn' | 'muted' | 'strong';

export interface Column {
  header: string;
  align?: Align;
  /** csv column name when it should differ from the header */
  key?: string;
  /**
   * A column a narrow terminal may hide (1 is hidden first, then 2, ...) before the table is
   * wrapped or stacked; the table says which columns it hid. Markdown and csv show every column.
   */
  hideOrder?: number;
  /** never wrapped nor broken (a sparkline): a narrow terminal narrows the other columns, or stacks the rows */
  noWrap?: boolean;
}

export type Block =
  | { kind: 'heading'; text: string; level?: 1 | 2 | 3 }
  | { kind: 'text'; text: string; tone?: Tone }
  /** a kv block with an `id` is also written by the csv renderer, as an `item,value` table */
  | { kind: 'kv'; title?: string; pairs: [string, Cell][]; id?: string }
  /** `csvOnly`: figures for spreadsheets that people read as a chart instead (daily rows behind sparklines) */
  | { kind: 'table'; id: string; title?: string; columns: Column[]; rows: Cell[][]; footer?: Cell[]; highlightRows?: number[]; csvOnly?: boolean }
  | { kind: 'list'; title?: string; items: string[]; tone?: Tone }
  | { kind: 'details'; summary: string; blocks: Block[] }
  /** `textChart`: a chart drawn in characters for the terminal and markdown; the HTML report draws its own chart instead */
  | { kind: 'pre'; text: string; textChart?: boolean }
  /**
   * A chart for the HTML report; the other formats leave it out (the table beside it carries
   * the exact figures). `alt` is its text alternative, read by screen readers and printed under it.
   */
  | { kind: 'chart'; id: string; title: string; alt: string; chart: Chart };

/** Money in one currency; a chart never mixes units. */
export type Chart =
  /** from a start bar through signed changes to an end bar (estimate: baseline, each step's saving, plan) */
  | { type: 'waterfall'; currency: string; start: { label: string; value: number }; changes: { label: string; value: number }[]; end: { label: string; value: number } }
  /** one value per x (days), stacked series; `marks` flag points (anomalies) on top of the named series' band that day (on top of the day when no band has that name); `limit` a horizontal line (a budget) */
  | { type: 'stacked'; currency: string; x: string[]; series: { name: string; values: number[] }[]; marks?: { x: string; series: string; label: string }[]; limit?: { value: number; label: string } }
  /** one bar per label (deployment options); the bar noted `cheapest` is drawn green, the others blue */
  | { type: 'bars'; currency: string; bars: { label: string; value: number; note?: string }[] }
  /** signed bars side by side in each group (diff: per scenario, the price part and the assumption part), one colour per series, a legend */
  | { type: 'grouped'; currency: string; series: string[]; groups: { label: string; values: number[] }[] }
  /**
   * lines over a numeric x: volumes (`x: 'count'`, drawn 2.5M) or days (`x: 'day'`, days since
   * 1970-01-01, drawn MM-DD). A series repeating an x draws an upright step there; `marks` are
   * vertical lines at an x (a break-even, a crossing date); `limit` a horizontal line (a budget)
   */
  | { type: 'lines'; currency: string; x: 'count' | 'day'; xLabel: string; yLabel: string; series: LineSeries[]; marks?: { x: number; label: string }[]; limit?: { value: number; label: string } };

/** `color`: the palette's first colour (base), its second (accent), green or red; `dashed` for a projection */
export interface LineSeries {
  name: string;
  points: [number, number][];
  color?: 'base' | 'accent' | 'good' | 'bad';
  dashed?: boolean;
}

export interface Doc {
  blocks: Block[];
}

export function cellText(c: Cell): string {
  if (c === null) return '';
  if (typeof c === 'object') return c.display;
  return String(c);
}

export function cellValue(c: Cell): string | number | null {
  if (c === null) return null;
  if (typeof c === 'object') return c.value;
  return c;
}

export function cellTone(c: Cell): Tone | undefined {
  return c !== null && typeof c === 'object' ? c.tone : undefined;
}
