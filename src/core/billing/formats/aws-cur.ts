import type { BillingFormat } from '../format.js';
import { hasAll } from '../format.js';
import { DEFAULT_NULLS, col, type FieldSpec, type Mapping } from '../mapping.js';

/**
 * AWS Cost and Usage Report. Legacy CSV names (`lineItem/UnblendedCost`); the snake_case names of
 * Athena and CUR 2.0 (`line_item_unblended_cost`) are the same mapping with every column renamed
 * by `curSnake`. Billed = unblended cost. Effective (amortized) follows the focus_converters rules:
 * Savings-Plan-covered usage at its SP effective cost, RI-discounted usage at the reservation's
 * effective cost, SP negation and upfront fees 0.
 */
const LINE_ITEM_KINDS = {
  Usage: 'usage', DiscountedUsage: 'usage', SavingsPlanCoveredUsage: 'usage',
  Tax: 'tax', Credit: 'credit', Refund: 'refund',
  RIFee: 'purchase', Fee: 'purchase', SavingsPlanRecurringFee: 'purchase', SavingsPlanUpfrontFee: 'purchase',
  EdpDiscount: 'credit', BundledDiscount: 'credit', SavingsPlanNegation: 'credit', PrivateRateDiscount: 'credit', DistributorDiscount: 'credit', Discount: 'credit',
} as const;

const legacy: Mapping = {
  format: 'aws-cur',
  label: 'AWS CUR (legacy columns)',
  provider: { columns: [], value: 'AWS' },
  fields: {
    start: col('lineItem/UsageStartDate'),
    end: col('lineItem/UsageEndDate'),
    billed: col('lineItem/UnblendedCost'),
    effective: {
      columns: ['lineItem/UnblendedCost'],
      cases: [
        { when: { column: 'lineItem/LineItemType', in: ['SavingsPlanCoveredUsage'] }, columns: ['savingsPlan/SavingsPlanEffectiveCost'] },
        { when: { column: 'lineItem/LineItemType', in: ['DiscountedUsage'] }, columns: ['reservation/EffectiveCost'] },
        { when: { column: 'lineItem/LineItemType', in: ['SavingsPlanNegation', 'SavingsPlanUpfrontFee'] }, value: '0' },
      ],
    },
    list: col('pricing/publicOnDemandCost'),
    currency: col('lineItem/CurrencyCode'),
    account: col('lineItem/UsageAccountId', 'bill/PayerAccountId'),
    service: col('product/ProductName', 'lineItem/ProductCode'),
    sku: col('lineItem/UsageType'),
    region: col('product/region', 'product/regionCode', 'lineItem/AvailabilityZone'),
    resource: col('lineItem/ResourceId'),
    quantity: col('lineItem/UsageAmount'),
    unit: col('pricing/unit'),
    description: col('lineItem/LineItemDescription'),
  },
  tokenConvention: 'inclusive',
  pricing: 'cost',
  dates: { format: 'iso', defaultSpan: '1h', endInclusive: false },
  cost: { scale: 1, sign: 1 },
  chargeKind: { rules: [{ column: 'lineItem/LineItemType', values: LINE_ITEM_KINDS }], default: 'usage' },
  tags: { prefix: 'resourceTags/' },
  nulls: DEFAULT_NULLS,
};

/** `lineItem/UnblendedCost` -> `line_item_unblended_cost`, `savingsPlan/SavingsPlanEffectiveCost` -> `savings_plan_savings_plan_effective_cost` */
export function curSnake(name: string): string {
  return name
    .split('/')
    .map((p) => p.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2').toLowerCase())
    .join('_');
}

function snakeSpec(s: FieldSpec): FieldSpec;
function snakeSpec(s: FieldSpec | undefined): FieldSpec | undefined;
function snakeSpec(s: FieldSpec | undefined): FieldSpec | undefined {
  if (!s) return undefined;
  return { ...s, columns: s.columns.map(curSnake), cases: s.cases?.map((c) => ({ ...c, when: { ...c.when, column: curSnake(c.when.column) }, columns: c.columns?.map(curSnake) })) };
}

const snake: Mapping = {
  ...legacy,
  format: 'aws-cur2',
  label: 'AWS CUR 2.0 / Athena (snake_case columns)',
  fields: {
    start: snakeSpec(legacy.fields.start),
    end: snakeSpec(legacy.fields.end),
    billed: snakeSpec(legacy.fields.billed),
    effective: snakeSpec(legacy.fields.effective),
    list: snakeSpec(legacy.fields.list),
    currency: snakeSpec(legacy.fields.currency),
    account: snakeSpec(legacy.fields.account),
    service: snakeSpec(legacy.fields.service),
    sku: snakeSpec(legacy.fields.sku),
    region: snakeSpec(legacy.fields.region),
    resource: snakeSpec(legacy.fields.resource),
    quantity: snakeSpec(legacy.fields.quantity),
    unit: snakeSpec(legacy.fields.unit),
    description: snakeSpec(legacy.fields.description),
  },
  chargeKind: { ...legacy.chargeKind, rules: legacy.chargeKind.rules.map((r) => ({ ...r, column: curSnake(r.column) })) },
  tags: { prefix: 'resource_tags_' },
};

export const awsCur: BillingFormat = {
  id: 'aws-cur',
  mapping: legacy,
  detect: (h) => (hasAll(h, 'lineItem/UnblendedCost', 'lineItem/UsageStartDate') ? { score: 10, label: 'AWS CUR (legacy)' } : null),
};

export const awsCur2: BillingFormat = {
  id: 'aws-cur2',
  mapping: snake,
  detect: (h) => (hasAll(h, 'line_item_unblended_cost', 'line_item_usage_start_date') ? { score: 10, label: h.has('bill_bill_type') && h.has('product_product_name') ? 'AWS CUR (Athena snake_case)' : 'AWS CUR 2.0' } : null),
};
