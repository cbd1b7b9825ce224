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
}
