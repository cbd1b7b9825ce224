import type { AnalyzeResult, CurrencyReport, RankedItem, UnitCostRow } from '../../core/billing/result.js';
import type { Block, Cell, Doc, LineSeries, Tone } from '../document.js';
import { compact, money, money2, pct, sparkline } from '../format.js';
import { anomalyBlocks, anomalyLabel } from './anomalies.js';
import type { Anomaly } from '../../core/anomaly/types.js';
import { reconciliationBlocks } from './reconcile.js';

/** `costopt analyze` result -> document (table, markdown, csv). */
const amount = (n: number, currency: string, tone?: Tone): Cell => ({ value: n, display: money2(n, currency), tone });
/** cents for totals */
const cents = (n: number | null, currency: string): Cell => ({ value: n, display: n === null ? 'n/a' : money2(n, currency) });
/** more digits under a unit (per-request costs) */
const moneyOnly = (n: number | null, currency: string): Cell => ({ value: n, display: n === null ? 'n/a' : money(n, currency) });

/** Marks in a daily-trend sparkline, at most. */
const MAX_MARKS = 31;

/** Mean of each run of `per` values (the last run may be shorter). */
function bucketMeans(values: readonly number[], per: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i += per) {
    const run = values.slice(i, i + per);
    out.push(run.reduce((a, b) => a + b, 0) / run.length);
  }
  return out;
}

function rankedTable(id: string, title: string, items: RankedItem[], currency: string): Block | undefined {
  if (!items.length) return undefined;
  return {
    kind: 'table',
    id,
    title,
    columns: [{ header: title.replace(/^Top /, '').replace(/s$/, '') || 'name' }, { header: `cost (${currency})`, align: 'right', key: 'cost' }, { header: 'share', align: 'right', key: 'share' }],
    rows: items.map((i) => [i.name, cents(i.cost, currency), { value: i.share, display: pct(i.share, 1) }]),
  };
}

function unitTable(id: string, title: string, rows: UnitCostRow[], currency: string): Block | undefined {
  if (!rows.length || rows.every((r) => r.requests === 0 && r.tokens === 0)) return undefined;
  return {
    kind: 'table',
    id,
    title,
    columns: [{ header: 'name' }, { header: `cost (${currency})`, align: 'right', key: 'cost' }, { header: 'requests', align: 'right' }, { header: 'tokens', align: 'right' }, { header: 'per request', align: 'right', key: 'costPerRequest' }, { header: 'per 1M tokens', align: 'right', key: 'costPerMillionTokens' }],
    rows: rows.slice(0, 15).map((r) => [
      r.name,
      moneyOnly(r.cost, currency),
      { value: r.requests, display: r.requests ? compact(r.requests) : '-' },
      { value: r.tokens, display: r.tokens ? compact(r.tokens) : '-' },
      moneyOnly(r.costPerRequest, currency),
      moneyOnly(r.costPerMillionTokens, currency),
    ]),
  };
}

/** `anomalies`: the detector's, for the report's primary currency (marked on its daily chart) */
function currencyBlocks(r: CurrencyReport, heading: boolean, anomalies: readonly Anomaly[]): Block[] {
  const c = r.currency;
  const blocks: Block[] = [];
  if (heading) blocks.push({ kind: 'heading', level: 2, text: `${c}` });
  const t = r.totals;
  const lb = r.lowerBound ? ' (lower bound: some rows unpriced)' : '';
  blocks.push({
    kind: 'table',
    id: `totals-${c}`,
    title: `Totals, ${r.period.from ?? '?'} to ${r.period.to ?? '?'} (${r.basis} cost)${lb}`,
    columns: [{ header: 'line' }, { header: `amount (${c})`, align: 'right', key: 'amount' }],
    rows: [
      ['usage', amount(t.usage, c)],
      ['credits and refunds', amount(t.credits, c, t.credits < 0 ? 'good' : undefined)],
      ...(t.purchase ? ([['purchases', amount(t.purchase, c)]] as Cell[][]) : []),
      ...(t.tax ? ([['tax', amount(t.tax, c)]] as Cell[][]) : []),
      ...(t.adjustment ? ([['adjustments', amount(t.adjustment, c)]] as Cell[][]) : []),
    ],
    footer: ['net', amount(t.net, c, 'strong')],
  });
  for (const b of [
    rankedTable(`services-${c}`, 'Top services', r.top.services, c),
    rankedTable(`skus-${c}`, 'Top SKUs', r.top.skus, c),
    rankedTable(`models-${c}`, 'Top models', r.top.models, c),
    rankedTable(`accounts-${c}`, 'Top accounts', r.top.accounts, c),
    rankedTable(`regions-${c}`, 'Top regions', r.top.regions, c),
  ]) if (b) blocks.push(b);

  if (r.daily.length > 1) {
    // a sparkline has at most MAX_MARKS marks (one a day up to a month; else the mean of a few days a
    // mark), so that it stays on one line of an 80-column table; min and max stay those of single days
    const per = Math.ceil(r.daily.length / MAX_MARKS);
    const spark = (v: number[]) => sparkline(per === 1 ? v : bucketMeans(v, per));
    const rows: Cell[][] = [['total', spark(r.daily.map((d) => d.cost)), moneyOnly(Math.min(...r.daily.map((d) => d.cost)), c), moneyOnly(Math.max(...r.daily.map((d) => d.cost)), c)]];
    for (const s of r.serviceTrends) rows.push([s.name, spark(s.daily), moneyOnly(Math.min(...s.daily), c), moneyOnly(Math.max(...s.daily), c)]);
    const marks = per === 1 ? '' : `, one mark per ${per} days`;
    blocks.push({
      kind: 'table',
      id: `daily-${c}`,
      csvOnly: true,
      columns: [{ header: 'date' }, { header: 'cost' }, { header: 'usage' }, ...r.serviceTrends.map((s) => ({ header: `cost ${s.name}` }))],
      rows: r.daily.map((d, i) => [d.date, d.cost, d.usage, ...r.serviceTrends.map((s) => s.daily[i] ?? null)]),
    });
    // the HTML report draws the days as stacked bars: the top services and the rest, each anomaly marked on its day
    const other = r.daily.map((d, i) => d.cost - r.serviceTrends.reduce((sum, s) => sum + (s.daily[i] ?? 0), 0));
    const series = [...r.serviceTrends.map((s) => ({ name: s.name, values: s.daily })), ...(other.some((v) => Math.abs(v) >= 0.005) ? [{ name: 'everything else', values: other }] : [])];
    blocks.push({
      kind: 'chart',
      id: `daily-chart-${c}`,
      title: `Daily cost by service, ${r.daily[0]!.date} to ${r.daily[r.daily.length - 1]!.date}`,
      alt: `Daily cost in ${c} over ${r.daily.length} days, from ${money2(Math.min(...r.daily.map((d) => d.cost)), c)} to ${money2(Math.max(...r.daily.map((d) => d.cost)), c)} a day, stacked by ${r.serviceTrends.map((s) => s.name).join(', ') || 'service'}${anomalies.length ? `; ${anomalies.length} anomal${anomalies.length === 1 ? 'y' : 'ies'} marked: ${anomalies.slice(0, 5).map((a) => `${a.series} on ${a.date}`).join(', ')}` : ''}. The figures are in the CSV output and the tables.`,
      chart: { type: 'stacked', currency: c, x: r.daily.map((d) => d.date), series, marks: anomalies.map((a) => ({ x: a.date, series: bandOf(a.series, series.map((s) => s.name)), label: anomalyLabel(a, c) })) },
    });
    blocks.push({ kind: 'table', id: `trend-${c}`, title: `Daily trend, ${r.daily[0]!.date} to ${r.daily[r.daily.length - 1]!.date} (${r.daily.length} days${marks}; multi-day charges spread)`, columns: [{ header: 'series' }, { header: 'daily cost', noWrap: true }, { header: 'min', align: 'right' }, { header: 'max', align: 'right' }], rows });
  }

  const u = r.unitCosts;
  if (u.requests) blocks.push({ kind: 'kv', id: `unit-costs-${c}`, title: 'Unit costs', pairs: [['requests', compact(u.requests)], ['cost per request', moneyOnly(u.costPerRequest, c)]] });
  for (const b of [unitTable(`unit-models-${c}`, 'Cost per model', u.models, c), unitTable(`unit-users-${c}`, 'Cost per user', u.users, c), unitTable(`unit-projects-${c}`, 'Cost per project', u.projects, c)]) if (b) blocks.push(b);

  if (r.unpriced.rows) {
    blocks.push({ kind: 'list', title: 'Unpriced (not counted as $0: the totals are a lower bound)', tone: 'warn', items: [`${r.unpriced.rows} row(s), ${compact(r.unpriced.tokens)} tokens`, `models: ${r.unpriced.models.join(', ')}`] });
  }

  const f = r.forecast;
  if (f) {
    const pairs: [string, Cell][] = [
      ['month', f.month],
      ['data through', f.asOf],
      ['month to date', cents(f.monthToDate, c)],
      ['run rate (usage/day)', moneyOnly(f.runRate, c)],
      ['month-end forecast', { value: f.monthEnd, display: money2(f.monthEnd, c), tone: f.status === 'over' ? 'bad' : 'strong' }],
    ];
    if (f.budget !== null) {
      pairs.push(['budget', cents(f.budget, c)]);
      pairs.push(['status', { value: f.status, display: f.status === 'over' ? `over by ${money2(f.monthEnd - f.budget, c)}` : 'within budget', tone: f.status === 'over' ? 'bad' : 'good' }]);
      pairs.push(['crosses budget on', f.crossingDate ?? 'does not cross']);
    }
    const chart = forecastChart(f, c);
    if (chart) blocks.push(chart);
    blocks.push({ kind: 'kv', id: `forecast-${c}`, title: 'Forecast', pairs });
  }
  return blocks;
}

/**
 * The band of the daily chart an anomaly's series belongs to: its service when that service is
 * drawn, else 'everything else'; a series above the services (the total, an account) has none
 * and is marked on top of the day.
 */
function bandOf(key: string, bands: readonly string[]): string {
  const service = key.split('/').find((part) => part.startsWith('service:'))?.slice('service:'.length);
  if (service === undefined) return '';
  return bands.includes(service) ? service : bands.includes('everything else') ? 'everything else' : '';
}

const dayNumber = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

/** The HTML report's forecast chart: the month's cumulative cost, actual then projected (dashed), against the budget, the crossing day marked. */
function forecastChart(f: NonNullable<CurrencyReport['forecast']>, c: string): Block | null {
  const path = f.cumulative;
  if (path.length < 2) return null;
  const actual = path.filter((p) => !p.projected);
  const projected = path.filter((p) => p.projected);
  const point = (p: (typeof path)[number]): [number, number] => [dayNumber(p.date), p.cost];
  const series: LineSeries[] = [];
  if (actual.length) series.push({ name: `actual to ${f.asOf}`, color: 'base', points: actual.map(point) });
  // the projection starts from the last actual day, so the two lines join
  if (projected.length) series.push({ name: 'forecast', color: 'accent', dashed: true, points: [...actual.slice(-1), ...projected].map(point) });
  const budget = f.budget !== null ? `; budget ${money2(f.budget, c)}: ${f.crossingDate ? `crossed on ${f.crossingDate}` : 'not crossed'}` : '; no budget given (--budget)';
  return {
    kind: 'chart',
    id: `forecast-chart-${c}`,
    title: `Month to date and forecast, ${f.month}`,
    alt: `Cumulative cost in ${f.month}: ${money2(f.monthToDate, c)} through ${f.asOf}, then ${money2(f.runRate, c)} a day projected to ${money2(f.monthEnd, c)} at the month's end${budget}. The figures are in the forecast list below.`,
    chart: {
      type: 'lines',
      currency: c,
      x: 'day',
      xLabel: f.month,
      yLabel: `${c}, cumulative`,
      series,
      ...(f.budget !== null ? { limit: { value: f.budget, label: `budget ${money2(f.budget, c)}` } } : {}),
      ...(f.crossingDate ? { marks: [{ x: dayNumber(f.crossingDate), label: `over budget on ${f.crossingDate}` }] } : {}),
    },
  };
}

export function analyzeDoc(r: AnalyzeResult): Doc {
  const blocks: Block[] = [{ kind: 'heading', level: 1, text: 'Bill analysis' }];
  const skipped = r.rows.skipped ? `, ${r.rows.skipped} unreadable` : '';
  const dups = r.rows.duplicates ? `, ${r.rows.duplicates} duplicates dropped` : '';
  blocks.push({
    kind: 'kv',
    pairs: [
      ['format', [...new Set(r.files.map((f) => f.label))].join('; ')],
      ['files', r.files.length === 1 ? r.files[0]!.file : `${r.files.length} files`],
      ['rows', `${r.rows.read} read${skipped}${dups}`],
      ['basis', `${r.basis} cost`],
      ['currency', r.currencies.length > 1 ? `${r.currencies.map((x) => x.currency).join(', ')} (reported apart)` : r.currency],
    ],
  });
  if (r.files.length > 1) {
    blocks.push({
      kind: 'table',
      id: 'files',
      title: 'Files',
      columns: [{ header: 'file' }, { header: 'format' }, { header: 'rows', align: 'right' }, { header: 'unreadable', align: 'right' }, { header: 'duplicates', align: 'right' }, { header: 'from', noWrap: true }, { header: 'to', noWrap: true }],
      rows: r.files.map((f) => [f.file, f.label, f.rows, f.skipped, f.duplicates, f.firstDay, f.lastDay]),
    });
  }
  const reports = r.currencies.length ? r.currencies : [];
  for (const cr of reports) blocks.push(...currencyBlocks(cr, reports.length > 1, cr.currency === r.currency && !r.anomaliesSkipped ? r.anomalies : []));

  if (r.anomaliesSkipped) blocks.push({ kind: 'text', tone: 'muted', text: r.anomaliesSkipped });
  else if (reports.length) {
    blocks.push(...anomalyBlocks({ anomalies: r.anomalies, nonUsage: r.nonUsage, notes: r.anomalyNotes, droppedLastDay: r.droppedLastDay, options: r.anomalyOptions, seriesScored: r.anomalySeriesScored }, r.currency));
  }

  if (r.pricedWith) {
    const pw = r.pricedWith;
    const how = pw.dates === 'row-date' ? 'each request at the prices in force on its own date' : pw.dates === 'versions-by-date' ? 'each request with the catalog version in force on its date' : 'one price list for every request';
    blocks.push({ kind: 'text', tone: 'muted', text: `Requests priced with catalog ${pw.catalog.id} ${pw.catalog.version} (sha256 ${pw.catalog.hash.replace(/^sha256:/, '').slice(0, 12)}): ${how}${pw.overrides ? `, with the overrides in ${pw.overrides}` : ''}.` });
  }
  if (r.reconciliation) blocks.push(...reconciliationBlocks(r.reconciliation));
  if (r.costSource === 'reported') blocks.push({ kind: 'text', tone: 'muted', text: 'Usage rows that report a cost of their own are counted at that cost (--cost-source reported); the others at the catalog\'s.' });
  if (r.unpricedModels?.length) {
    blocks.push({
      kind: 'table',
      id: 'unpriced-models',
      title: 'Unpriced models (nothing charged for their rows; the totals are a lower bound)',
      columns: [{ header: 'model' }, { header: 'rows', align: 'right' }, { header: 'dates', noWrap: true }, { header: 'why' }, { header: 'what would price it' }],
      rows: r.unpricedModels.map((u) => [
        u.model,
        u.rows,
        u.firstDay === u.lastDay ? u.firstDay : `${u.firstDay}..${u.lastDay}`,
        u.why === 'unknown' ? `not in the catalog${u.closest?.length ? `; closest: ${u.closest.join(', ')}` : ''}` : u.reason ?? '',
        u.why === 'unknown'
          ? u.closest?.length ? `if it is ${u.closest[0]}: --pricing-overrides with "overrides: [{ id: ${u.closest[0]}, aliases: [${u.model}] }]"` : `--pricing-overrides naming its model: "overrides: [{ id: <provider/model>, aliases: [${u.model}] }]"`
          : u.why === 'unavailable'
            ? /no price known/.test(u.reason ?? '') ? 'a price for those dates, which the catalog does not have (--as-of <day> prices every row at one day\'s rates)' : 'nothing: the model was not callable on those dates (check the date or the model name)'
            : `--pricing-overrides setting the missing rate for ${u.model}`,
      ]),
    });
  }

  if (r.problems.length) {
    blocks.push({ kind: 'list', title: `Unreadable rows: ${r.rows.skipped} (first ${r.problems.length} shown; --strict makes them an error)`, tone: 'warn', items: r.problems.map((p) => `${p.file}:${p.line}:1${p.column ? ` ${p.column}` : ''}: ${p.message}`) });
  }
  if (r.warnings.length) blocks.push({ kind: 'list', title: 'Import notes', tone: 'muted', items: r.warnings });
  return { blocks };
}
