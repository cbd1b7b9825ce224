import type { BillingFormat } from '../format.js';
import { hasAll } from '../format.js';
import { DEFAULT_NULLS, col } from '../mapping.js';

/**
 * GCP billing export to BigQuery (standard usage cost), flattened to CSV with dotted names.
 * `cost` is gross; the `credits` column is a list (Python- or JSON-style) whose amounts
 * (negative) become one `credit` record per row, so usage, credits and net stay apart.
 */
export const gcp: BillingFormat = {
  id: 'gcp',
  detect: (h) => (hasAll(h, 'usage_start_time', 'cost') && (h.has('service.description') || h.has('sku.description')) ? { score: 10, label: 'GCP billing export (BigQuery)' } : null),
  mapping: {
    format: 'gcp',
    label: 'GCP billing export',
    provider: { columns: [], value: 'Google Cloud' },
    fields: {
      start: col('usage_start_time'),
      end: col('usage_end_time'),
      billed: col('cost'),
      currency: col('currency'),
      account: col('project.id', 'billing_account_id'),
      service: col('service.description', 'service.id'),
      sku: col('sku.description', 'sku.id'),
      region: col('location.region', 'location.location'),
      resource: col('resource.global_name', 'resource.name'),
      quantity: col('usage.amount'),
      unit: col('usage.unit'),
    },
    tokenConvention: 'inclusive',
    pricing: 'cost',
    dates: { format: 'iso', defaultSpan: '1h', endInclusive: false },
    cost: { scale: 1, sign: 1 },
    chargeKind: { rules: [{ column: 'cost_type', values: { regular: 'usage', tax: 'tax', adjustment: 'adjustment', rounding_error: 'adjustment' } }], default: 'usage' },
    credits: { column: 'credits', format: 'python_list' },
    tags: { column: 'labels', format: 'python_list' },
    nulls: DEFAULT_NULLS,
  },
};
