import { SCALE } from '../decimal.js';
import { dayOf, type CanonicalRecord } from './record.js';

/**
 * Reconciliation: the cost a usage source reports (a tracker's own estimate: LiteLLM `spend`,
 * Langfuse `totalCost`, Claude Code `costUSD`...) beside the cost costopt computes from the
 * catalog in force on each row's date. Sums per model and day, the rows that differ most, and
 * per model what a systematic gap looks like, tested against the row costs under each
 * hypothesis (the engine prices them): cache tokens at $0, cache tokens at the full input
 * rate, the long-context tier ignored, a uniform ratio (a discount or custom price), or other
 * per-token prices (fitted from the rows: a stale or custom price table).
 */
export const COST_SOURCES = ['reported', 'computed', 'both'] as const;
export type CostSource = (typeof COST_SOURCES)[number];

/** The row's cost under each hypothesis of a tracker's mistake (1e-12 USD), null when it cannot be priced so. */
export interface Alternatives {
  cacheFree: bigint | null;
  cacheAsInput: bigint | null;
  noTier: bigint | null;
}

export interface ReconcileEntry {
  record: CanonicalRecord;
  /** where the row is inside a JSON document (`$[3]`, `$.observations[2]`), when it is in one */
  at?: string | undefined;
  reported: bigint;
  computed: bigint;
  alt: Alternatives;
  /** catalog rates the row was priced at (USD per 1M tokens) */
  rates: { input: number | null; output: number | null };
}

export interface ReconcileGroup {
  model: string;
  day: string;
  rows: number;
  reported: number;
  computed: number;
  difference: number;
  /** difference as % of computed; null when computed is 0 */
  differencePercent: number | null;
}

export interface ReconcileRow {
  file: string;
  line: number;
  /** JSON path of the record inside its document, when the file is a JSON document */
  at?: string;
  model: string;
  day: string;
  reported: number;
  computed: number;
  difference: number;
}

export interface ModelFinding {
  model: string;
  rows: number;
  reported: number;
  computed: number;
  difference: number;
  differencePercent: number | null;
  /** `agrees` within 1%, else the hypothesis that explains the gap, or `unexplained` */
  kind: 'agrees' | 'cache-free' | 'cache-as-input' | 'tier-ignored' | 'uniform-ratio' | 'other-prices' | 'reported-zero' | 'unexplained';
  finding: string;
}

export interface Reconciliation {
  /** rows with both a reported and a computed cost */
  rows: number;
  /** rows with a reported cost that could not be priced from the catalog (their reported cost is not in `reported`) */
  reportedOnly: number;
  /** priced rows that report no cost */
  computedOnly: number;
  reported: number;
  computed: number;
  difference: number;
  differencePercent: number | null;
  byModelDay: ReconcileGroup[];
  models: ModelFinding[];
  topRows: ReconcileRow[];
}

const usd = (v: bigint) => Number(v) / 10 ** SCALE;
const pct = (diff: bigint, base: bigint) => (base === 0n ? null : Math.round((Number(diff) / Number(base)) * 10000) / 100);
const TOP_ROWS = 10;
/** a gap within 1% of the computed cost is agreement (trackers round, floats have noise) */
const AGREE = 0.01;
const within = (a: bigint, b: bigint) => {
  const d = a > b ? a - b : b - a;
  const m = a > b ? a : b;
  return m === 0n ? true : Number(d) <= AGREE * Number(m);
};

interface ModelAcc {
  rows: number;
  reported: bigint;
  computed: bigint;
  cacheFree: bigint | null;
  cacheAsInput: bigint | null;
  noTier: bigint | null;
  ratios: number[];
  /** sums for the 2x2 least-squares fit of reported = a * input + b * output (tokens, USD) */
  fit: { ii: number; io: number; oo: number; ir: number; or: number };
  rates: { input: number | null; output: number | null };
  cacheTokens: number;
  /** input + output tokens */
  flatTokens: number;
}

const addAlt = (a: bigint | null, b: bigint | null) => (a === null || b === null ? null : a + b);

export class ReconcileAccumulator {
  private readonly groups = new Map<string, { model: string; day: string; rows: number; reported: bigint; computed: bigint }>();
  private readonly models = new Map<string, ModelAcc>();
  private top: ReconcileRow[] = [];
  private topMin = 0;
  rows = 0;
  reportedOnly = 0;
  computedOnly = 0;
  private reported = 0n;
  private computed = 0n;

  /** a priced row without a reported cost, or a row with a reported cost but no computed one */
  addOneSided(kind: 'reportedOnly' | 'computedOnly'): void {
    this[kind]++;
  }

  add(e: ReconcileEntry): void {
    const model = e.record.model ?? '(none)';
    const day = dayOf(e.record.start);
    this.rows++;
    this.reported += e.reported;
    this.computed += e.computed;
    const key = `${model}\u0000${day}`;
    const g = this.groups.get(key) ?? { model, day, rows: 0, reported: 0n, computed: 0n };
    g.rows++;
    g.reported += e.reported;
    g.computed += e.computed;
    this.groups.set(key, g);
    let m = this.models.get(model);
    if (!m) {
      m = { rows: 0, reported: 0n, computed: 0n, cacheFree: 0n, cacheAsInput: 0n, noTier: 0n, ratios: [], fit: { ii: 0, io: 0, oo: 0, ir: 0, or: 0 }, rates: e.rates, cacheTokens: 0, flatTokens: 0 };
      this.models.set(model, m);
    }
    m.rows++;
    m.reported += e.reported;
    m.computed += e.computed;
    m.cacheFree = addAlt(m.cacheFree, e.alt.cacheFree);
    m.cacheAsInput = addAlt(m.cacheAsInput, e.alt.cacheAsInput);
    m.noTier = addAlt(m.noTier, e.alt.noTier);
    if (e.computed > 0n && m.ratios.length < 10_000) m.ratios.push(Number(e.reported) / Number(e.computed));
    const t = e.record.tokens;
    if (t) {
      // input as a tracker without cache rates would count it: every prompt token
      const i = t.input / 1e6;
      const o = t.output / 1e6;
      const r = usd(e.reported);
      m.fit.ii += i * i;
      m.fit.io += i * o;
      m.fit.oo += o * o;
      m.fit.ir += i * r;
      m.fit.or += o * r;
      m.cacheTokens += t.cacheRead + t.cacheWrite + t.cacheWrite1h;
      m.flatTokens += t.input + t.output;
    }
    const diff = usd(e.reported - e.computed);
    if (this.top.length < TOP_ROWS || Math.abs(diff) > this.topMin) {
      this.top.push({ file: e.record.file, line: e.record.line, ...(e.at ? { at: e.at } : {}), model, day, reported: usd(e.reported), computed: usd(e.computed), difference: diff });
      this.top.sort((a, b) => Math.abs(b.difference) - Math.abs(a.difference) || (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
      if (this.top.length > TOP_ROWS) this.top.length = TOP_ROWS;
      this.topMin = Math.abs(this.top[this.top.length - 1]!.difference);
    }
  }

  result(): Reconciliation {
    const byModelDay = [...this.groups.values()]
      .map((g) => ({ model: g.model, day: g.day, rows: g.rows, reported: usd(g.reported), computed: usd(g.computed), difference: usd(g.reported - g.computed), differencePercent: pct(g.reported - g.computed, g.computed) }))
      .sort((a, b) => (a.model < b.model ? -1 : a.model > b.model ? 1 : a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    const models = [...this.models.entries()].map(([model, m]) => explain(model, m)).sort((a, b) => Math.abs(b.difference) - Math.abs(a.difference) || (a.model < b.model ? -1 : 1));
    return {
      rows: this.rows,
      reportedOnly: this.reportedOnly,
      computedOnly: this.computedOnly,
      reported: usd(this.reported),
      computed: usd(this.computed),
      difference: usd(this.reported - this.computed),
      differencePercent: pct(this.reported - this.computed, this.computed),
      byModelDay,
      models,
      topRows: this.top,
    };
  }
}

const money = (v: number) => `$${v.toFixed(6).replace(/0+$/, '').replace(/\.$/, '')}`;
const rate = (v: number) => `$${+v.toFixed(4)}`;

/** What a model's gap looks like: the first hypothesis whose cost matches the reported one. */
function explain(model: string, m: ModelAcc): ModelFinding {
  const base = { model, rows: m.rows, reported: usd(m.reported), computed: usd(m.computed), difference: usd(m.reported - m.computed), differencePercent: pct(m.reported - m.computed, m.computed) };
  const f = (kind: ModelFinding['kind'], finding: string): ModelFinding => ({ ...base, kind, finding });
  if (within(m.reported, m.computed)) return f('agrees', 'agrees within 1%');
  if (m.reported === 0n) return f('reported-zero', `the source reports $0 for ${m.rows} row(s) costopt prices at ${money(base.computed)}: no price for this model in the tracker`);
  if (m.cacheTokens > 0 && m.cacheFree !== null && within(m.reported, m.cacheFree)) return f('cache-free', 'cache tokens priced at $0 by the source: its cost leaves out cache reads and writes');
  if (m.cacheTokens > 0 && m.cacheAsInput !== null && within(m.reported, m.cacheAsInput)) return f('cache-as-input', 'cache tokens priced at the full input rate by the source: the cache discount is missing there');
  if (m.noTier !== null && m.noTier !== m.computed && within(m.reported, m.noTier)) return f('tier-ignored', 'the long-context tier is not applied by the source: its cost uses the base rates for long prompts');
  const sorted = [...m.ratios].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  if (median !== undefined && sorted.length >= 2 && sorted.every((r) => Math.abs(r - median) <= AGREE * median)) {
    const off = Math.round((1 - median) * 10000) / 100;
    return f('uniform-ratio', off > 0 ? `a uniform ${off}% below the catalog on every row: a discount or negotiated price in the source (or one costopt's catalog lacks)` : `a uniform ${-off}% above the catalog on every row: a stale or custom price in the source, or a discount missing there`);
  }
  // per-token prices that explain every row: reported = a * input + b * output
  const { ii, io, oo, ir, or } = m.fit;
  const det = ii * oo - io * io;
  if (m.rows >= 2 && Math.abs(det) > 1e-18) {
    const a = (ir * oo - io * or) / det;
    const b = (ii * or - io * ir) / det;
    if (a >= 0 && b >= 0) {
      const cat = m.rates.input !== null && m.rates.output !== null ? ` (the catalog: ${rate(m.rates.input)} / ${rate(m.rates.output)})` : '';
      return f('other-prices', `the source's costs fit ${rate(a)} per 1M input and ${rate(b)} per 1M output tokens${cat}: a stale or custom price in the source`);
    }
  }
  if (m.rows === 1 && m.rates.input !== null && m.rates.output !== null) {
    const tokens = m.flatTokens;
    const flat = tokens > 0 ? ` (= ${rate((base.reported / tokens) * 1e6)} per 1M input+output tokens)` : '';
    return f('unexplained', `one row: ${money(base.reported)} reported${flat} vs ${money(base.computed)} at the catalog's ${rate(m.rates.input)} / ${rate(m.rates.output)} per 1M input / output tokens: a stale or custom price in the source, or tokens it counts differently`);
  }
  return f('unexplained', 'no single cause found (not cache, tier, a uniform ratio or other per-token prices)');
}
