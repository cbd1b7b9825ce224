import type { BillingFormat } from '../format.js';
import { hasAll } from '../format.js';
import { DEFAULT_NULLS, col } from '../mapping.js';

/** Oracle Cloud (OCI) cost report. Corrections (`lineItem/isCorrection` true) are adjustments. */
export const oci: BillingFormat = {
  id: 'oci',
  detect: (h) => (hasAll(h, 'cost/myCost', 'lineItem/intervalUsageStart') ? { score: 10, label: 'OCI cost report' } : null),
  mapping: {
    format: 'oci',
    label: 'OCI cost report',
    provider: { columns: [], value: 'Oracle' },
    fields: {
      start: col('lineItem/intervalUsageStart'),
      end: col('lineItem/intervalUsageEnd'),
      billed: col('cost/myCost'),
      currency: col('cost/currencyCode'),
      account: col('product/compartmentName', 'product/compartmentId', 'lineItem/tenantId'),
      service: col('product/service'),
      sku: col('cost/productSku'),
      region: col('product/region'),
      resource: col('product/resourceId'),
      quantity: col('usage/billedQuantity'),
      unit: col('cost/skuUnitDescription'),
      description: col('product/Description'),
    },
    tokenConvention: 'inclusive',
    pricing: 'cost',
    dates: { format: 'iso', defaultSpan: '1h', endInclusive: false },
    cost: { scale: 1, sign: 1 },
    chargeKind: { rules: [{ column: 'lineItem/isCorrection', values: { true: 'adjustment' } }], default: 'usage' },
    tags: { prefix: 'tags/' },
    nulls: DEFAULT_NULLS,
  },
};
