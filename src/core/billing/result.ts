import type { Reconciliation } from './reconcile.js';
import type { Anomaly, DetectorOptions, NonUsageEvent } from '../anomaly/types.js';
import type { FileSummary } from './aggregate.js';
import type { Basis, ChargeKind, RowProblem } from './record.js';
import type { UnpricedModel } from './price.js';

/**
 * The `costopt analyze` result model: the JSON of SPEC §6 (format, currency, rows, totals,
 * daily, anomalies, forecast, unpriced) plus extras. Amounts are numbers in the currency,
 * rounded to the cent (totals are summed exactly first); percentages are 0-100.
 * With several currencies, the top level reports the primary one (most rows) and
 * `currencies[]` holds one full `CurrencyReport` per currency: never a cross-currency sum.
 */
export interface RankedItem {
  name: string;
  cost: number;
  /** share of the usage total of this currency, 0-100 */
  share: number;
}

export interface UnitCostRow {
  name: string;
  cost: number;
  requests: number;
  tokens: number;
  /** cost / requests, null without request counts */
  costPerRequest: number | null;
  /** cost per 1M tokens, null without token counts */
  costPerMillionTokens: number | null;
}

export interface Forecast {
  /** YYYY-MM of the month forecast (the month of the last day with data) */
  month: string;
  /** the last day with data: the forecast starts the day after */
  asOf: string;
  monthToDate: number;
  /** mean daily usage cost over the last (up to) 7 days with data */
  runRate: number;
  monthEnd: number;
  budget: number | null;
  status: 'within' | 'over' | 'none';
  /** first day the (actual, then projected) cumulative cost of the month exceeds the budget, or null */
  crossingDate: string | null;
  /** the month's cumulative cost at the end of each day: actual through `asOf`, projected after */
  cumulative: { date: string; cost: number; projected: boolean }[];
}

export interface CurrencyReport {
  currency: string;
  basis: Basis;
  period: { from: string | null; to: string | null };
  /** canonical records in this currency */
  records: number;
  totals: {
    /** charge kind usage */
    usage: number;
    /** credits and refunds (usually negative) */
    credits: number;
    purchase: number;
    tax: number;
    adjustment: number;
    net: number;
  };
  byKind: { kind: ChargeKind; cost: number; rows: number }[];
  /** every day from the first to the last covered day; multi-day charges spread over their days */
  daily: { date: string; cost: number; usage: number }[];
  top: { services: RankedItem[]; skus: RankedItem[]; models: RankedItem[]; accounts: RankedItem[]; regions: RankedItem[] };
  /** daily cost (all charge kinds, multi-day charges spread) of the top services (for sparklines), aligned with `daily` */
  serviceTrends: { name: string; daily: number[] }[];
  unitCosts: {
    /** all requests, priced or not */
    requests: number;
    /** priced cost / priced requests (unpriced requests are left out of both) */
    costPerRequest: number | null;
    models: UnitCostRow[];
    users: UnitCostRow[];
    projects: UnitCostRow[];
  };
  forecast: Forecast | null;
  unpriced: { rows: number; tokens: number; models: string[] };
  /** true when some rows could not be priced: the totals are a lower bound */
  lowerBound: boolean;
}

export interface AnalyzeResult extends CurrencyReport {
  /** format id used (comma-joined when files differ), e.g. `focus`, `aws-cur, azure-ea` */
  format: string;
  engine: 'js' | 'duckdb';
  files: FileSummary[];
  rows: { read: number; skipped: number; duplicates: number };
  anomalies: Anomaly[];
  nonUsage: NonUsageEvent[];
  anomalyNotes: string[];
  /** thresholds the detector ran with */
  anomalyOptions?: Required<DetectorOptions> | undefined;
  /** the last day left out of detection as possibly incomplete */
  droppedLastDay?: string | undefined;
  /** how many series the detector scored (0: too little history, nothing was checked) */
  anomalySeriesScored?: number | undefined;
  /** true when anomaly detection could not run (the detector is not available) */
  anomaliesSkipped?: string | undefined;
  problems: RowProblem[];
  warnings: string[];
  currencies: CurrencyReport[];
  /** request logs: the release they were priced with and how each row's date chose its prices */
  pricedWith?: { catalog: { id: string; version: string; hash: string }; dates: 'row-date' | 'versions-by-date' | 'fixed'; overrides?: string };
  /** request logs: each model name that could not be priced (unknown id, not callable on the row's date, a rate missing), with the closest ids */
  unpricedModels?: UnpricedModel[];
  /** usage sources that report a cost of their own: that cost beside the catalog's, per model and day (`--cost-source both`) */
  reconciliation?: Reconciliation;
  /** which cost the totals use for usage sources that report one: `computed` (catalog) or `reported` */
  costSource?: 'reported' | 'computed';
}
