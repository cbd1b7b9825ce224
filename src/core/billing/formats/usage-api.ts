import type { BillingFormat } from '../format.js';
import { hasAll } from '../format.js';
import { DEFAULT_NULLS, col } from '../mapping.js';
import { count, usageMapping } from './usage-common.js';

/** The model of a bucket not grouped by model: priced as nothing, reported unpriced with this name. */
const NO_MODEL = '(no model: the usage was not grouped by model)';

/**
 * OpenAI Usage API (`/v1/organization/usage/completions`): buckets of `results`, times in Unix
 * seconds (the bucket's `start_time`/`end_time`, inherited as `bucket.*`). `input_tokens`
 * includes `input_cached_tokens` (tokenConvention `inclusive`); audio tokens are counted apart
 * and have no rate in the catalog: reported as unpriced tokens. A result without `model` (a
 * query without `group_by=model`) cannot be priced and is said so. No cost here (the Costs API
 * is the `openai` format).
 */
export const openaiUsage: BillingFormat = {
  id: 'openai-usage',
  detect: (h) => (hasAll(h, 'bucket.start_time', 'input_tokens', 'output_tokens') && h.has('input_cached_tokens') ? { score: 20, label: 'OpenAI usage API (completions)' } : null),
  json: {
    usage: (get) => get('input_tokens') !== null || get('output_tokens') !== null,
    derive: (get) => {
      const audio = (count(get('input_audio_tokens')) ?? 0) + (count(get('output_audio_tokens')) ?? 0);
      return { 'costopt.unpriced_tokens': audio ? String(audio) : null };
    },
  },
  mapping: usageMapping({
    format: 'openai-usage',
    label: 'OpenAI usage API (completions)',
    provider: { columns: [], value: 'openai' },
    fields: {
      start: col('bucket.start_time'),
      end: col('bucket.end_time'),
      model: { columns: ['model'], value: NO_MODEL },
      project: col('project_id'),
      account: col('project_id'),
      user: col('user_id'),
    },
    tokens: {
      input: col('input_tokens'),
      output: col('output_tokens'),
      cacheRead: col('input_cached_tokens'),
    },
    tokenConvention: 'inclusive',
    dates: { format: 'unix_s', defaultSpan: '1d', endInclusive: false },
  }),
};

/**
 * Anthropic Usage API (`/v1/organizations/usage_report/messages`): `data[]` buckets
 * (`starting_at`/`ending_at`, RFC 3339) of `results`. `uncached_input_tokens` excludes the
 * cache; writes are split into `cache_creation.ephemeral_5m_input_tokens` and
 * `ephemeral_1h_input_tokens`; `cache_read_input_tokens` (tokenConvention `exclusive`). Web
 * search requests are priced per request, not per token: reported as unpriced. No cost here
 * (the cost report is the `anthropic` format).
 */
export const anthropicUsage: BillingFormat = {
  id: 'anthropic-usage',
  detect: (h) => (hasAll(h, 'bucket.starting_at', 'uncached_input_tokens', 'output_tokens') ? { score: 20, label: 'Anthropic usage API (messages)' } : null),
  json: { usage: (get) => get('uncached_input_tokens') !== null || get('output_tokens') !== null },
  mapping: usageMapping({
    format: 'anthropic-usage',
    label: 'Anthropic usage API (messages)',
    provider: { columns: [], value: 'anthropic' },
    fields: {
      start: col('bucket.starting_at'),
      end: col('bucket.ending_at'),
      model: { columns: ['model'], value: NO_MODEL },
      account: col('workspace_id'),
      project: col('workspace_id'),
    },
    tokens: {
      input: col('uncached_input_tokens'),
      output: col('output_tokens'),
      cacheRead: col('cache_read_input_tokens'),
      cacheWrite: col('cache_creation.ephemeral_5m_input_tokens'),
      cacheWrite1h: col('cache_creation.ephemeral_1h_input_tokens'),
    },
    tokenConvention: 'exclusive',
    dates: { format: 'iso', defaultSpan: '1d', endInclusive: false },
  }),
};

/**
 * OpenAI Costs API (`/v1/organization/costs`) responses: buckets (`start_time`/`end_time`, Unix
 * seconds, inherited as `bucket.*`) of `organization.costs.result` rows, `amount.value` in
 * `amount.currency` (lower-case `usd`). The same figures as the `openai` CSV export; the model is
 * the part of `line_item` before the comma when grouped by line item.
 */
export const openaiCostsApi: BillingFormat = {
  id: 'openai-costs-api',
  detect: (h) => (hasAll(h, 'bucket.start_time', 'amount.value', 'amount.currency') ? { score: 20, label: 'OpenAI costs API' } : null),
  json: { usage: (get) => get('amount.value') !== null },
  mapping: {
    format: 'openai-costs-api',
    label: 'OpenAI costs API',
    provider: { columns: [], value: 'OpenAI' },
    fields: {
      start: col('bucket.start_time'),
      end: col('bucket.end_time'),
      billed: col('amount.value'),
      currency: col('amount.currency'),
      account: col('project_id', 'organization_id'),
      service: { columns: [], value: 'OpenAI API' },
      sku: col('line_item'),
      model: { columns: ['line_item'], split: { separator: ',', index: 0 } },
      project: col('project_id'),
    },
    tokenConvention: 'inclusive',
    pricing: 'cost',
    dates: { format: 'unix_s', defaultSpan: '1d', endInclusive: false },
    cost: { scale: 1, sign: 1 },
    chargeKind: { rules: [], default: 'usage' },
    nulls: DEFAULT_NULLS,
  },
};

/**
 * Anthropic Cost Report API (`/v1/organizations/cost_report`) responses: `data[]` buckets
 * (`starting_at`/`ending_at`, RFC 3339; the end is the next bucket's start, exclusive) of
 * results whose `amount` is in CENTS as a decimal string (scale 0.01), as the `anthropic` CSV.
 */
export const anthropicCostApi: BillingFormat = {
  id: 'anthropic-cost-api',
  detect: (h) => (hasAll(h, 'bucket.starting_at', 'amount', 'currency') && (h.has('cost_type') || h.has('token_type')) ? { score: 20, label: 'Anthropic cost report API' } : null),
  json: { usage: (get) => get('amount') !== null },
  mapping: {
    format: 'anthropic-cost-api',
    label: 'Anthropic cost report API',
    provider: { columns: [], value: 'Anthropic' },
    fields: {
      start: col('bucket.starting_at'),
      end: col('bucket.ending_at'),
      billed: col('amount'),
      currency: col('currency'),
      account: col('workspace_id'),
      service: { columns: [], value: 'Anthropic API' },
      sku: col('token_type', 'cost_type'),
      model: col('model'),
      description: col('description'),
      project: col('workspace_id'),
    },
    tokenConvention: 'exclusive',
    pricing: 'cost',
    dates: { format: 'iso', defaultSpan: '1d', endInclusive: false },
    cost: { scale: 0.01, sign: 1 },
    defaultCurrency: 'USD',
    chargeKind: { rules: [], default: 'usage' },
    nulls: DEFAULT_NULLS,
  },
};
