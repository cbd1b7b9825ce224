import type { FieldGetter } from '../format.js';
import type { Mapping } from '../mapping.js';
import { DEFAULT_NULLS } from '../mapping.js';

/**
 * What the usage sources (JSON and JSONL: traces, gateway logs, coding-agent logs, usage APIs)
 * share: priced from the catalog at each record's date, USD, every record a usage charge.
 */
export const usageMapping = (m: Pick<Mapping, 'format' | 'label' | 'fields' | 'tokens' | 'tokenConvention'> & Partial<Pick<Mapping, 'dates' | 'provider'>>): Mapping => ({
  pricing: 'catalog',
  dates: { format: 'iso', defaultSpan: '0', endInclusive: false },
  cost: { scale: 1, sign: 1 },
  defaultCurrency: 'USD',
  chargeKind: { rules: [], default: 'usage' },
  nulls: DEFAULT_NULLS,
  ...m,
});

/** The first field present (not null) among `names`. */
export const firstOf = (get: FieldGetter, ...names: string[]): string | null => {
  for (const n of names) {
    const v = get(n);
    if (v !== null && v.trim() !== '') return v;
  }
  return null;
};

/** Whole-number text of a token count, or null (a bad count is left to the row mapper to report). */
export const count = (v: string | null): number | null => (v !== null && /^\d+(\.0+)?$/.test(v.trim()) ? Number(v) : null);

/** Nanoseconds since the epoch (text, possibly beyond 2^53) to ISO 8601 with milliseconds. */
export function isoFromNanos(ns: string): string | null {
  if (!/^\d{1,25}$/.test(ns.trim())) return null;
  const ms = Number(BigInt(ns.trim()) / 1_000_000n);
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** A JS SDK span time `[seconds, nanoseconds]` to ISO 8601 with milliseconds. */
export function isoFromSecNanos(sec: string | null, nanos: string | null): string | null {
  if (sec === null || !/^\d{1,12}$/.test(sec.trim())) return null;
  const n = nanos !== null && /^\d{1,9}$/.test(nanos.trim()) ? Number(nanos) : 0;
  const d = new Date(Number(sec) * 1000 + Math.floor(n / 1_000_000));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
