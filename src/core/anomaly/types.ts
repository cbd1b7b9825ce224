/**
 * Contract between the billing import (which aggregates canonical records into daily series)
 * and the anomaly detector (pure). Dates are YYYY-MM-DD (UTC days), one currency per input.
 */
export interface DailySeries {
  /** `total`, `service:<name>`, `service:<name>/sku:<id>`, `account:<id>`, `model:<id>`... */
  key: string;
  /** the series this one is a child of (for attribution): `total` for services, `service:X` for its SKUs */
  parent?: string;
  /** usage cost per day, aligned with DetectorInput.days (0 where nothing was billed) */
  cost: number[];
  /** usage quantity per day where the unit is known and uniform (for volume/price split) */
  quantity?: number[];
  unit?: string;
}

/** Lines that are not usage: never usage anomalies, listed apart. */
export interface NonUsageEvent {
  date: string;
  kind: 'tax' | 'purchase' | 'credit' | 'refund' | 'adjustment' | 'recurring';
  series: string;
  amount: number;
  description: string;
}

export interface DetectorInput {
  days: string[];
  currency: string;
  series: DailySeries[];
  nonUsage: NonUsageEvent[];
  /** true when the last day is known to be complete; otherwise the detector may drop it */
  lastDayComplete?: boolean;
}

export interface DetectorOptions {
  /** minimum $ impact (absolute) to flag */
  minImpact: number;
  /** minimum % impact (0-100) to flag */
  minPercent: number;
  includeDrops: boolean;
  /** how unusual a day must be for its series, in robust standard deviations (default 4) */
  zThreshold?: number;
  /** consecutive days a sustained change is judged over (default 3) */
  sustainedDays?: number;
  /** a change that persists this many days becomes the new normal (default 14) */
  acceptAfterDays?: number;
  /** children kept per parent before the rest are folded into `(other)` (default 25) */
  maxChildren?: number;
}

export interface Attribution {
  series: string;
  /** share of the parent's change this child explains, 0-100 */
  sharePercent: number;
  impact: number;
  /** split into volume and price effects where quantity is known */
  volumeEffect?: number;
  priceEffect?: number;
}

export interface Anomaly {
  date: string;
  /** last day of the episode (same as date for a one-day spike) */
  endDate: string;
  series: string;
  kind: 'spike' | 'shift' | 'drift' | 'new' | 'drop';
  /** estimated onset of the change (before `date` for drifts and sustained shifts) */
  startedOn?: string;
  /** days from startedOn to endDate */
  days?: number;
  /** actual minus expected summed over the episode */
  totalImpact?: number;
  /** robust z-score of the change on `date` (residual over the series' robust scale) */
  score?: number;
  /** ongoing at the last day, ended, or persisted long enough to become the new normal */
  status?: 'ongoing' | 'ended' | 'new-normal';
  /** the series' own change split into volume and price where its quantity is known */
  volumeEffect?: number;
  priceEffect?: number;
  /** ancestor series flagged for the same episode whose change this one explains (not listed apart) */
  also?: string[];
  /**
   * one alert per cause: the series whose change this alert accounts for, which are therefore
   * not alerts of their own (the same list as `also`)
   */
  explains?: string[];
  /**
   * this alert's series is a parent whose change is only partly explained by the alerts listed
   * apart on these child series (same episode): the rest of its change is its own cause
   */
  explainedBy?: string[];
  /** expected, actual, impact and impactPercent are for `date` (the day the change is first flagged) */
  expected: number;
  actual: number;
  impact: number;
  /** 0-100 (Infinity-free: new spend reports 100) */
  impactPercent: number;
  attribution: Attribution[];
  /** the series' daily cost around the event (for a sparkline) */
  context: { date: string; cost: number }[];
}

export interface DetectorResult {
  anomalies: Anomaly[];
  nonUsage: NonUsageEvent[];
  /** e.g. "too little history: 9 days (needs 14 for a weekday baseline)" */
  notes: string[];
  /** the last day left out because it was incomplete, if any */
  droppedLastDay?: string;
  /** the options the detector ran with (thresholds echoed for the report) */
  options?: Required<DetectorOptions>;
  /** series scored after small ones were folded into `(other)` */
  seriesScored?: number;
}
