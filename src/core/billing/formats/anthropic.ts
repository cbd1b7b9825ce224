import type { BillingFormat } from '../format.js';
import { hasAll } from '../format.js';
import { DEFAULT_NULLS, col } from '../mapping.js';

/**
 * Anthropic Cost Report API rows: `amount` is in CENTS as a decimal string ("123.45" = $1.2345),
 * hence scale 0.01. `ending_at` is the last second of the bucket (23:59:59), so inclusive.
 * The Console CSV (`cost_usd`, `usage_date_utc`) is in dollars: a second format below.
 */
export const anthropic: BillingFormat = {
  id: 'anthropic',
  detect: (h) => (hasAll(h, 'amount', 'starting_at', 'cost_type') && (h.has('token_type') || h.has('model')) ? { score: 10, label: 'Anthropic cost report (API)' } : null),
  mapping: {
    format: 'anthropic',
    label: 'Anthropic cost report',
    provider: { columns: [], value: 'Anthropic' },
    fields: {
      start: col('starting_at'),
      end: col('ending_at'),
      billed: col('amount'),
      currency: col('currency'),
      account: col('workspace_id'),
      service: { columns: [], value: 'Anthropic API' },
      sku: col('token_type', 'cost_type'),
      model: col('model'),
      region: col('inference_geo'),
      description: col('description'),
      project: col('workspace_id'),
    },
    tokenConvention: 'exclusive',
    pricing: 'cost',
    dates: { format: 'iso', defaultSpan: '1d', endInclusive: true },
    cost: { scale: 0.01, sign: 1 },
    defaultCurrency: 'USD',
    chargeKind: { rules: [], default: 'usage' },
    skip: [{ column: '_fivetran_deleted', in: ['true'] }],
    nulls: DEFAULT_NULLS,
  },
};

/** Anthropic Console cost CSV (columns as reported by third-party parsers; unverified against an official header). */
export const anthropicConsole: BillingFormat = {
  id: 'anthropic-console',
  detect: (h) => (hasAll(h, 'cost_usd', 'token_type', 'usage_date_utc') ? { score: 10, label: 'Anthropic Console cost export' } : null),
  mapping: {
    format: 'anthropic-console',
    label: 'Anthropic Console cost export',
    provider: { columns: [], value: 'Anthropic' },
    fields: {
      start: col('usage_date_utc'),
      billed: col('cost_usd'),
      list: col('list_price_usd'),
      account: col('workspace'),
      service: { columns: [], value: 'Anthropic API' },
      sku: col('token_type', 'usage_type'),
      model: col('model', 'model_version'),
      project: col('workspace'),
    },
    tokenConvention: 'exclusive',
    pricing: 'cost',
    dates: { format: 'iso', defaultSpan: '1d', endInclusive: false },
    cost: { scale: 1, sign: 1 },
    defaultCurrency: 'USD',
    chargeKind: { rules: [], default: 'usage' },
    nulls: DEFAULT_NULLS,
  },
};
