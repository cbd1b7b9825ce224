import type { BillingFormat } from '../format.js';
import { hasAll } from '../format.js';
import { DEFAULT_NULLS, col } from '../mapping.js';

/**
 * The "costopt daily aggregate": what `costopt analyze --emit-sql <engine>` queries return (one
 * row per day and cell, money in currency units), read back as a bill. Multi-day charges keep
 * their exact span (charge_start/charge_end), so the daily series spreads them as the original
 * would. Each aggregate row becomes one record: totals and daily series match the original
 * bill; row counts are those of the aggregate.
 */
export const dailyAggregate: BillingFormat = {
  id: 'costopt-daily',
  detect: (h) => (hasAll(h, 'date', 'charge_kind', 'billed_cost', 'effective_cost', 'currency', 'rows') ? { score: 20, label: 'costopt daily aggregate' } : null),
  mapping: {
    format: 'costopt-daily',
    label: 'costopt daily aggregate',
    provider: col('provider'),
    fields: {
      start: col('charge_start', 'date'),
      end: col('charge_end'),
      billed: col('billed_cost'),
      effective: col('effective_cost'),
      list: col('list_cost'),
      currency: col('currency'),
      account: col('account'),
      service: col('service'),
      sku: col('sku'),
      model: col('model'),
      region: col('region'),
      unit: col('unit'),
      user: col('user'),
      project: col('project'),
      quantity: col('quantity'),
    },
    tokenConvention: 'inclusive',
    pricing: 'cost',
    dates: { format: 'iso', defaultSpan: '1d', endInclusive: false },
    cost: { scale: 1, sign: 1 },
    chargeKind: {
      rules: [{ column: 'charge_kind', values: { usage: 'usage', purchase: 'purchase', tax: 'tax', credit: 'credit', refund: 'refund', adjustment: 'adjustment' } }],
      default: 'usage',
    },
    nulls: DEFAULT_NULLS,
  },
};
