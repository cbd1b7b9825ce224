import type { BillingFormat } from '../format.js';
import { hasAll } from '../format.js';
import { DEFAULT_NULLS, col } from '../mapping.js';

/**
 * OpenAI Costs API rows (dashboard export or a connector table): `amount_value` in
 * `amount_currency` (lower-case `usd`), `start_time` in Unix seconds, daily buckets.
 * `line_item` is "model, token type" for token lines ("gpt-4o, cached input") and a product
 * name otherwise ("Batch API"): the model is the part before the comma, when there is one.
 */
export const openai: BillingFormat = {
  id: 'openai',
  detect: (h) => (hasAll(h, 'amount_value', 'amount_currency', 'line_item') ? { score: 10, label: 'OpenAI costs export' } : null),
  mapping: {
    format: 'openai',
    label: 'OpenAI costs export',
    provider: { columns: [], value: 'OpenAI' },
    fields: {
      start: col('start_time'),
      end: col('end_time'),
      billed: col('amount_value'),
      currency: col('amount_currency'),
      account: col('project_id', 'organization_id'),
      service: { columns: [], value: 'OpenAI API' },
      sku: col('line_item'),
      model: { columns: ['line_item'], split: { separator: ',', index: 0 } },
      quantity: col('quantity'),
      unit: col('quantity_unit'),
      user: col('user_id', 'user_email'),
      project: col('project_id', 'project_name'),
    },
    tokenConvention: 'inclusive',
    pricing: 'cost',
    dates: { format: 'unix_s', defaultSpan: '1d', endInclusive: false },
    cost: { scale: 1, sign: 1 },
    chargeKind: { rules: [], default: 'usage' },
    skip: [{ column: '_fivetran_deleted', in: ['true'] }],
    nulls: DEFAULT_NULLS,
  },
};
