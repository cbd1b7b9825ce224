import type { ReportOptions } from '../report-data.js';
import { ROW_STATUS } from './compile.js';

/**
 * The report computed in the engine (DuckDB). A file's compiled rows (compile.ts: one row per
 * group of identical raw keys, day and span, with a status) are reduced in ONE pass to the
 * projections the report reads, with GROUPING SETS: the file's bookkeeping (rows per status,
 * short rows, first and last day, actual/amortized evidence) and, over its readable rows, cost
 * per kind; per day, span, kind and service; per name of each dimension; per unit-cost name; and
 * single-day priced usage per day and (service, SKU), account, model for the anomaly series.
 * Those rows (sized by services, SKUs, accounts... x days, never by cells) go to a table of all
 * files' projections; `selectSql` then picks what the report shows: top-N per dimension with the
 * rest summed, the series chosen by materiality (top services by usage, their top SKUs, top
 * accounts and models), exactly as report-data.ts `ReportAccumulator` does in JS.
 *
 * Money leaves the pass as HUGEINT 1e-12 units (a file's DECIMAL(38,s) sum times 10^s), so files
 * with different cost scales add up exactly.
 */

/** The projection sets, as stored in the `set_id` column of the projections table. */
export const PROJECTION = {
  kind: 1, daily: 2, service: 3, sku: 4, account: 5, region: 6, model: 7, user: 8, project: 9, seriesSku: 10, seriesAccount: 11, seriesModel: 12,
} as const;

/** Columns of the relation a projection pass reads (`fileRows` for a file, the extra-cells table for cells read in JS). */
export const PASS_INPUT_COLUMNS = [
  'status', 'short', 'n', 'billed_nz', 'cur', 'd', 'ss', 'se', 'kind_x', 'service', 'sku', 'account', 'region', 'model', 'unit', 'usr', 'project',
  'unpriced', 'rows_x', 'cost', 'lm', 'qty', 'requests', 'tokens', 'credit_rows', 'credit_cost',
] as const;

/**
 * A file's compiled rows in the columns of PASS_INPUT_COLUMNS. `cost` is the basis' DECIMAL(38,s)
 * sum; the credits of GCP-style lists ride along (`credit_rows`, `credit_cost`): the pass adds
 * them where the JS engine's credit records go (kind `credit`, same day and names). No file row
 * is unpriced or a request.
 */
export function fileRows(rowsSql: string, basis: ReportOptions['basis'], keyCount: number): string {
  const basisCol = basis === 'billed' ? 'billed' : basis === 'effective' ? 'eff' : 'list';
  const keys = Array.from({ length: keyCount }, (_, i) => `, r.k${i}`).join('');
  // texts typed VARCHAR: a field the mapping does not read is a bare NULL (INTEGER to DuckDB)
  const text = (c: string) => `CAST(r.${c} AS VARCHAR) AS ${c}`;
  return `SELECT r.status, r.short, r.n, r.billed_nz, CAST(r.currency AS VARCHAR) AS cur, CAST(r.day AS BIGINT) AS d, CAST(r.span_s AS BIGINT) AS ss, CAST(r.span_e AS BIGINT) AS se,
    CAST(r.kind AS VARCHAR) AS kind_x, ${['service', 'sku', 'account', 'region', 'model', 'unit', 'usr', 'project'].map(text).join(', ')},
    false AS unpriced, r.n AS rows_x, r.${basisCol} AS cost, r.list_missing AS lm, coalesce(r.qty, 0) AS qty, 0 AS requests, 0 AS tokens,
    r.credit_rows, r.credit_sum AS credit_cost${keys}
  FROM (${rowsSql}) AS r`;
}

/** Key columns of the projection pass, in GROUPING_ID bit order (the first is the highest bit). */
const PASS_KEYS = ['status', 'ok', 'sr', 'cur', 'd', 'ss', 'se', 'kind_x', 'service', 'sku', 'account', 'region', 'model', 'unpriced', 'usr', 'project'] as const;
type PassKey = string;

/** The grouping sets of one pass: bookkeeping (status; status and variant keys) and the projections. */
function passSets(keyCount: number): { id: number | 'status' | 'variant'; keys: PassKey[] }[] {
  const variantKeys = Array.from({ length: keyCount }, (_, i) => `k${i}`);
  return [
    { id: 'status', keys: ['status'] },
    ...(keyCount ? [{ id: 'variant' as const, keys: ['status', ...variantKeys] }] : []),
    // per kind and per service are sums of the daily set (selectSql): two sets fewer to fill per row
    { id: PROJECTION.daily, keys: ['ok', 'cur', 'd', 'ss', 'se', 'kind_x', 'service'] },
    { id: PROJECTION.sku, keys: ['ok', 'cur', 'sku'] },
    { id: PROJECTION.account, keys: ['ok', 'cur', 'account'] },
    { id: PROJECTION.region, keys: ['ok', 'cur', 'region'] },
    { id: PROJECTION.model, keys: ['ok', 'cur', 'unpriced', 'model'] },
    { id: PROJECTION.user, keys: ['ok', 'cur', 'unpriced', 'usr'] },
    { id: PROJECTION.project, keys: ['ok', 'cur', 'unpriced', 'project'] },
    { id: PROJECTION.seriesSku, keys: ['sr', 'cur', 'd', 'service', 'sku'] },
    { id: PROJECTION.seriesAccount, keys: ['sr', 'cur', 'd', 'account'] },
    { id: PROJECTION.seriesModel, keys: ['sr', 'cur', 'd', 'model'] },
  ];
}

/**
 * The one-pass reduction of a relation (`from`, columns PASS_INPUT_COLUMNS plus k0..kn).
 * Output: `gid` (GROUPING_ID over every key: which set a row belongs to), the keys, and the sums:
 * n (source rows), short_n, first_day, last_day, nz (rows with a non-zero billed cost), rows_x,
 * cost (HUGEINT 1e-12 units), lm, qty, requests, tokens, req_cost, cells, with_unit, min_unit,
 * max_unit, cr and cc (credit rows and their cost, units). `costScale`: the scale s of `cost` (a file's DECIMAL(38,s)), or null when `cost` is
 * already HUGEINT units.
 */
export interface PassOptions {
  /** the relation holds cells read in JS (requests, tokens, unpriced rows); a file's rows have none */
  fromCells?: boolean;
  /** the rows carry credits (a mapping with a credits list) */
  credits?: boolean;
  /** actual/amortized evidence is wanted (the `variant` set counts non-zero rows) */
  variant?: boolean;
}

/** What every aggregate of the pass costs is paid once per row and grouping set: those a file cannot have are constants. */
export function projectionPassSql(from: string, keyCount: number, costScale: number | null, o: PassOptions = {}): { sql: string; masks: Map<number | 'status' | 'variant', number> } {
  const all: PassKey[] = [...PASS_KEYS, ...Array.from({ length: keyCount }, (_, i) => `k${i}`)];
  const sets = passSets(keyCount);
  const masks = new Map<number | 'status' | 'variant', number>();
  for (const s of sets) {
    // GROUPING_ID: bit (n-1-i) is 1 when key i is NOT in the set
    let m = 0;
    all.forEach((k, i) => {
      if (!s.keys.includes(k)) m |= 1 << (all.length - 1 - i);
    });
    masks.set(s.id, m);
  }
  const units = (x: string) => (costScale === null ? x : `CAST(${x} * ${costScale > 0 ? `1${'0'.repeat(costScale)}` : '1'} AS HUGEINT)`);
  const sql = `SELECT GROUPING_ID(${all.join(', ')}) AS gid, ${all.join(', ')},
    sum(n) AS n, sum(n) FILTER (WHERE short) AS short_n, ${o.variant ? 'sum(billed_nz)' : '0'} AS nz,
    sum(rows_x) AS rows_x, ${units('sum(cost)')} AS cost, sum(lm) AS lm, sum(qty) AS qty,
    ${o.fromCells ? `sum(requests) AS requests, sum(tokens) AS tokens, ${units('sum(cost) FILTER (WHERE requests > 0)')} AS req_cost` : '0 AS requests, 0 AS tokens, 0 AS req_cost'},
    count(*) AS cells, count(unit) AS with_unit, min(unit) AS min_unit, max(unit) AS max_unit,
    ${o.credits ? `coalesce(sum(credit_rows), 0) AS cr, coalesce(${units('sum(credit_cost)')}, 0) AS cc` : '0 AS cr, 0 AS cc'}
  FROM (SELECT *, status = ${ROW_STATUS.ok} AS ok, (status = ${ROW_STATUS.ok} AND kind_x = 'usage' AND ss IS NULL AND NOT unpriced) AS sr FROM (${from}) AS e) AS e
  GROUP BY GROUPING SETS (${sets.map((s) => `(${s.keys.join(', ')})`).join(', ')})`;
  return { sql, masks };
}

/** A file's first and last covered day (day numbers) from its pass: its readable rows' daily set. */
export function dayRangeSql(pass: string, masks: Map<number | 'status' | 'variant', number>): string {
  return `SELECT CAST(min(d) AS DOUBLE), CAST(max(CASE WHEN se IS NOT NULL THEN CAST(floor((se - 1) / 86400000) AS BIGINT) ELSE d END) AS DOUBLE) FROM ${pass} WHERE gid = ${masks.get(PROJECTION.daily)} AND ok`;
}

/** The projections table all files' passes add to: set_id, keys, sums (money as HUGEINT units). */
export const PROJECTIONS_TABLE_COLUMNS = 'set_id INTEGER, cur VARCHAR, d BIGINT, ss BIGINT, se BIGINT, kind VARCHAR, a VARCHAR, b VARCHAR, unpriced BOOLEAN, rows_x HUGEINT, cost HUGEINT, lm HUGEINT, qty DOUBLE, requests HUGEINT, tokens DOUBLE, req_cost HUGEINT, cells HUGEINT, with_unit HUGEINT, min_unit VARCHAR, max_unit VARCHAR';

/**
 * Insert a pass's projection rows (readable rows only) into the projections table. Credits riding
 * on a row are their own rows of kind `credit` in the set keyed by kind (daily), and are
 * added in the sets that are not (names, unit costs); never in the usage series.
 */
export function insertProjectionsSql(table: string, pass: string, masks: Map<number | 'status' | 'variant', number>): string {
  const P = PROJECTION;
  const name: Record<number, string> = {
    [P.kind]: 'NULL', [P.daily]: 'service', [P.service]: 'service', [P.sku]: 'sku', [P.account]: 'account', [P.region]: 'region',
    [P.model]: 'model', [P.user]: 'usr', [P.project]: 'project', [P.seriesSku]: 'service', [P.seriesAccount]: 'account', [P.seriesModel]: 'model',
  };
  const ids = Object.values(P).filter((id) => masks.has(id));
  const m = (id: number) => masks.get(id)!;
  const setId = `CASE gid ${ids.map((id) => `WHEN ${m(id)} THEN ${id}`).join(' ')} END`;
  const a = `CASE gid ${ids.map((id) => `WHEN ${m(id)} THEN ${name[id]}`).join(' ')} END`;
  const b = `CASE WHEN gid = ${m(P.seriesSku)} THEN sku END`;
  const keyed = [P.daily].map(m).join(', ');
  const named = [P.sku, P.account, P.region, P.model, P.user, P.project].map(m).join(', ');
  const series = [P.seriesSku, P.seriesAccount, P.seriesModel].map(m).join(', ');
  const cols = 'set_id, cur, d, ss, se, kind, a, b, unpriced, rows_x, cost, lm, qty, requests, tokens, req_cost, cells, with_unit, min_unit, max_unit';
  return `INSERT INTO ${table} (${cols})
  SELECT ${setId}, cur, d, ss, se, kind_x, ${a}, ${b}, unpriced, rows_x, cost, lm, qty, requests, tokens, req_cost, cells, with_unit, min_unit, max_unit
  FROM ${pass} WHERE (gid IN (${keyed}) AND ok) OR (gid IN (${series}) AND sr)
  UNION ALL
  SELECT ${setId}, cur, d, ss, se, 'credit', ${a}, NULL, unpriced, cr, cc, cr, 0, 0, 0, 0, 0, 0, NULL, NULL
  FROM ${pass} WHERE gid IN (${keyed}) AND ok AND cr > 0
  UNION ALL
  SELECT ${setId}, cur, d, ss, se, kind_x, ${a}, NULL, unpriced, rows_x + cr, cost + cc, lm + cr, qty, requests, tokens, req_cost, cells, with_unit, min_unit, max_unit
  FROM ${pass} WHERE gid IN (${named}) AND ok`;
}

/**
 * What the report shows, from the projections table: one query per part, each small.
 * - `totals`: per currency and kind: rows, cost, records without list cost
 * - `daily`: per currency, day, span, kind, service
 * - `top`: per dimension (set_id) and currency, the first `topN` names by cost, then the rest as
 *   one row (name NULL, its count); only for dimensions some record names
 * - `units`: per unit-cost dimension and name (priced cells), cost, requests, tokens
 * - `unpriced`: per currency: rows, tokens and the models of unpriced cells; requests, priced
 *   requests and their cost
 * - `series`: the chosen series' points: per currency, series key, parent, rank, day
 */
export function selectSql(table: string, o: Pick<ReportOptions, 'topN' | 'maxPerDimension' | 'maxSkusPerService'>): Record<'totals' | 'daily' | 'top' | 'units' | 'unpriced' | 'series', string> {
  const P = PROJECTION;
  // per service: from the daily set
  const dims = [P.daily, P.sku, P.account, P.region, P.model];
  const n = Math.max(0, Math.floor(o.topN));
  const perDim = Math.max(0, Math.floor(o.maxPerDimension));
  const perService = Math.max(0, Math.floor(o.maxSkusPerService));
  const point = 'sum(cost) AS cost, sum(qty) AS qty, sum(cells) AS cells, sum(with_unit) AS with_unit, min(min_unit) AS min_unit, max(max_unit) AS max_unit';
  return {
    totals: `SELECT cur, kind, sum(rows_x) AS rows_x, sum(cost) AS cost, sum(lm) AS lm FROM ${table} WHERE set_id = ${P.daily} GROUP BY cur, kind`,
    daily: `SELECT cur, d, ss, se, kind, a, sum(cost) AS cost FROM ${table} WHERE set_id = ${P.daily} GROUP BY cur, d, ss, se, kind, a`,
    top: `WITH s AS (
    SELECT CASE WHEN set_id = ${P.daily} THEN ${P.service} ELSE set_id END AS set_id, cur, coalesce(a, '(none)') AS name, sum(cost) AS cost, bool_or(a IS NOT NULL) AS named
    FROM ${table} WHERE set_id IN (${dims.join(', ')}) GROUP BY 1, cur, coalesce(a, '(none)')),
  r AS (SELECT *, row_number() OVER (PARTITION BY set_id, cur ORDER BY cost DESC, name) AS rn, bool_or(named) OVER (PARTITION BY set_id, cur) AS any_named FROM s)
  SELECT set_id, cur, CASE WHEN rn <= ${n} THEN name END AS name, sum(cost) AS cost, count(*) AS names
  FROM r WHERE any_named GROUP BY set_id, cur, CASE WHEN rn <= ${n} THEN name END`,
    units: `SELECT set_id, cur, a, sum(cost) AS cost, sum(requests) AS requests, sum(tokens) AS tokens FROM ${table}
  WHERE set_id IN (${P.model}, ${P.user}, ${P.project}) AND NOT unpriced AND a IS NOT NULL GROUP BY set_id, cur, a`,
    unpriced: `SELECT cur, unpriced, coalesce(a, '(none)') AS model, sum(rows_x) AS rows_x, sum(tokens) AS tokens, sum(requests) AS requests, sum(req_cost) AS req_cost
  FROM ${table} WHERE set_id = ${P.model} GROUP BY cur, unpriced, coalesce(a, '(none)')`,
    series: `WITH s AS (SELECT * FROM ${table} WHERE set_id IN (${P.seriesSku}, ${P.seriesAccount}, ${P.seriesModel})),
  svc AS (SELECT * FROM (SELECT cur, a, row_number() OVER (PARTITION BY cur ORDER BY sum(cost) DESC, a) AS rk FROM s WHERE set_id = ${P.seriesSku} AND a IS NOT NULL GROUP BY cur, a) AS t WHERE rk <= ${perDim}),
  sku AS (SELECT * FROM (SELECT s.cur, s.a, s.b, row_number() OVER (PARTITION BY s.cur, s.a ORDER BY sum(s.cost) DESC, s.b) AS rk FROM s JOIN svc ON s.cur = svc.cur AND s.a = svc.a
    WHERE s.set_id = ${P.seriesSku} AND s.b IS NOT NULL GROUP BY s.cur, s.a, s.b) AS t WHERE rk <= ${perService}),
  oth AS (SELECT * FROM (SELECT set_id, cur, a, row_number() OVER (PARTITION BY set_id, cur ORDER BY sum(cost) DESC, a) AS rk FROM s WHERE set_id IN (${P.seriesAccount}, ${P.seriesModel}) GROUP BY set_id, cur, a) AS t WHERE rk <= ${perDim})
  SELECT 0 AS part, cur, NULL AS a, NULL AS b, 0 AS rk, d, ${point} FROM s WHERE set_id = ${P.seriesSku} GROUP BY cur, d
  UNION ALL SELECT 1, s.cur, s.a, NULL, svc.rk, s.d, ${point} FROM s JOIN svc ON s.cur = svc.cur AND s.a = svc.a WHERE s.set_id = ${P.seriesSku} GROUP BY s.cur, s.a, svc.rk, s.d
  UNION ALL SELECT 2, s.cur, s.a, s.b, sku.rk, s.d, ${point} FROM s JOIN sku ON s.cur = sku.cur AND s.a = sku.a AND s.b = sku.b WHERE s.set_id = ${P.seriesSku} GROUP BY s.cur, s.a, s.b, sku.rk, s.d
  UNION ALL SELECT CASE WHEN s.set_id = ${P.seriesAccount} THEN 3 ELSE 4 END, s.cur, s.a, NULL, oth.rk, s.d, ${point} FROM s JOIN oth ON s.set_id = oth.set_id AND s.cur = oth.cur AND s.a = oth.a GROUP BY s.set_id, s.cur, s.a, oth.rk, s.d`,
  };
}
