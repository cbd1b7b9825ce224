import type { BillingFormat } from '../format.js';
import { hasAll, hasAny } from '../format.js';
import { DEFAULT_NULLS, col } from '../mapping.js';

/**
 * FOCUS 1.0-1.3 (FinOps Open Cost and Usage Spec). Version sniffed from columns added by each
 * release: ServiceProviderName (1.3), InvoiceId/PricingCurrency (1.2), SkuMeter/ServiceSubcategory (1.1).
 * Dates: the spec says ISO with T/Z; real samples also write `2024-09-01 00:00:00` and `5/1/25`, so
 * US month/day dates are accepted too (the FOCUS examples are US-authored).
 */
export const focus: BillingFormat = {
  id: 'focus',
  detect(h) {
    if (!hasAll(h, 'BilledCost', 'ChargePeriodStart')) return null;
    const version = hasAny(h, 'ServiceProviderName', 'HostProviderName', 'ContractApplied') ? '1.3' : hasAny(h, 'InvoiceId', 'PricingCurrency', 'BillingAccountType', 'SubAccountType') ? '1.2' : hasAny(h, 'SkuMeter', 'ServiceSubcategory', 'CommitmentDiscountQuantity', 'SkuPriceDetails') ? '1.1' : '1.0';
    return { score: 10, label: `FOCUS ${version}` };
  },
  mapping: {
    format: 'focus',
    label: 'FOCUS',
    provider: col('ServiceProviderName', 'ProviderName', 'PublisherName'),
    fields: {
      start: col('ChargePeriodStart'),
      end: col('ChargePeriodEnd'),
      billed: col('BilledCost'),
      effective: col('EffectiveCost'),
      list: col('ListCost'),
      currency: col('BillingCurrency'),
      account: col('SubAccountId', 'BillingAccountId'),
      service: col('ServiceName'),
      sku: col('SkuId', 'SkuPriceId'),
      region: col('RegionId', 'RegionName'),
      resource: col('ResourceId'),
      quantity: col('ConsumedQuantity', 'PricingQuantity'),
      unit: col('ConsumedUnit', 'PricingUnit'),
      description: col('ChargeDescription'),
    },
    tokenConvention: 'inclusive',
    pricing: 'cost',
    dates: { format: 'mdy', defaultSpan: '1d', endInclusive: false },
    cost: { scale: 1, sign: 1 },
    chargeKind: {
      rules: [{ column: 'ChargeCategory', values: { Usage: 'usage', Purchase: 'purchase', Tax: 'tax', Credit: 'credit', Adjustment: 'adjustment' } }],
      default: 'usage',
    },
    tags: { column: 'Tags', format: 'json' },
    nulls: DEFAULT_NULLS,
  },
};
