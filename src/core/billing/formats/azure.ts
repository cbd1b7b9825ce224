import type { BillingFormat } from '../format.js';
import { hasAll, hasAny } from '../format.js';
import { DEFAULT_NULLS, col } from '../mapping.js';

/**
 * Azure cost details: EA (`Cost` or `CostInBillingCurrency`), MCA (camelCase, `costInUsd`),
 * older pay-as-you-go exports (`PreTaxCost`, portal headers like `PreTaxCost (PreTaxCost)` are
 * normalized before matching) and trimmed lower-case exports. Dates are US month/day.
 *
 * The same layout holds either actual or amortized cost; `variant` reads the evidence per row:
 * a reservation/savings-plan purchase with a cost is actual, commitment-covered usage with a
 * cost (or unused-commitment lines) is amortized. Loading both kinds for overlapping days is
 * refused by the importer (it would double-count).
 */
export const azure: BillingFormat = {
  id: 'azure',
  detect(h) {
    if (!hasAny(h, 'MeterCategory') || !hasAny(h, 'CostInBillingCurrency', 'Cost', 'PreTaxCost')) return null;
    if (!hasAny(h, 'Date', 'UsageDateTime')) return null;
    const kind = hasAny(h, 'costInUsd', 'pricingCurrency', 'exchangeRatePricingToBilling') ? 'MCA' : hasAny(h, 'PreTaxCost') ? 'pay-as-you-go' : hasAll(h, 'Cost') || hasAny(h, 'BillingCurrencyCode', 'BillingCurrency') ? 'EA' : 'export';
    return { score: 9, label: `Azure ${kind} cost details` };
  },
  variant(get, rec) {
    const model = get('PricingModel')?.toLowerCase();
    const type = get('ChargeType')?.toLowerCase();
    if (type === 'unusedreservation' || type === 'unusedsavingsplan') return 'amortized';
    if (model !== 'reservation' && model !== 'savingsplan') return undefined;
    if (type === 'purchase' && rec.billed !== 0n) return 'actual';
    if (type === 'usage') return rec.billed !== 0n ? 'amortized' : 'actual';
    return undefined;
  },
  mapping: {
    format: 'azure',
    label: 'Azure cost details',
    provider: { columns: [], value: 'Microsoft' },
    fields: {
      start: col('Date', 'UsageDateTime'),
      billed: col('CostInBillingCurrency', 'Cost', 'PreTaxCost'),
      list: col('PaygCostInBillingCurrency'),
      currency: col('BillingCurrencyCode', 'BillingCurrency', 'Currency'),
      account: col('SubscriptionId', 'SubscriptionGuid', 'SubscriptionName'),
      service: col('MeterCategory', 'ConsumedService'),
      sku: col('MeterSubCategory', 'MeterName'),
      region: col('ResourceLocation', 'MeterRegion'),
      resource: col('ResourceId', 'InstanceId', 'InstanceName'),
      quantity: col('Quantity', 'UsageQuantity'),
      unit: col('UnitOfMeasure'),
      description: col('ProductName', 'Product', 'MeterName'),
    },
    tokenConvention: 'inclusive',
    pricing: 'cost',
    dates: { format: 'mdy', defaultSpan: '1d', endInclusive: false },
    cost: { scale: 1, sign: 1 },
    defaultCurrency: 'USD',
    chargeKind: {
      rules: [{ column: 'ChargeType', values: { Usage: 'usage', UnusedReservation: 'usage', UnusedSavingsPlan: 'usage', Purchase: 'purchase', Refund: 'refund', Tax: 'tax', Credit: 'credit', RoundingAdjustment: 'adjustment', Adjustment: 'adjustment' } }],
      default: 'usage',
    },
    tags: { column: 'Tags', format: 'azure' },
    nulls: DEFAULT_NULLS,
  },
};
