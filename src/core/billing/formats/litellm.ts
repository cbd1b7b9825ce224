import type { BillingFormat } from '../format.js';
import { hasAll } from '../format.js';
import { col } from '../mapping.js';
import { usageMapping } from './usage-common.js';

/**
 * LiteLLM proxy spend logs (`LiteLLM_SpendLogs` rows, as the proxy's /spend/logs API or a table
 * dump writes them). The token columns are OpenAI's shape (`prompt_tokens` includes cached
 * tokens: tokenConvention `inclusive`); cache and reasoning counts live only in
 * `metadata.usage_object` (`metadata` is a JSON string inside the row), read first. On the
 * Anthropic route LiteLLM adds cache writes and reads into `prompt_tokens` (its Anthropic
 * transformation, `calculate_usage`), keeps the writes in `cache_creation_input_tokens` and
 * their 5-minute / 1-hour split in `cache_creation_token_details`: the same convention. `spend` is
 * LiteLLM's own estimate from its model map: the reported cost. Times have no zone (Postgres
 * `timestamp without time zone`): read as UTC.
 */
const U = 'metadata.usage_object';
export const litellm: BillingFormat = {
  id: 'litellm',
  detect: (h) => (hasAll(h, 'spend', 'request_id', 'starttime', 'model') ? { score: 20, label: 'LiteLLM spend logs' } : null),
  json: { usage: (get) => get('spend') !== null || get('prompt_tokens') !== null || get(`${U}.prompt_tokens`) !== null },
  mapping: usageMapping({
    format: 'litellm',
    label: 'LiteLLM spend logs',
    provider: col('custom_llm_provider'),
    fields: {
      start: col('startTime'),
      model: col('model'),
      user: col('end_user', 'user'),
      project: col('team_id'),
      account: col('team_id'),
      requestId: col('request_id'),
      reported: col('spend'),
    },
    tokens: {
      input: col(`${U}.prompt_tokens`, 'prompt_tokens'),
      output: col(`${U}.completion_tokens`, 'completion_tokens'),
      cacheRead: col(`${U}.prompt_tokens_details.cached_tokens`, `${U}.cache_read_input_tokens`),
      cacheWrite: col(`${U}.cache_creation_token_details.ephemeral_5m_input_tokens`, `${U}.cache_creation_input_tokens`),
      cacheWrite1h: col(`${U}.cache_creation_token_details.ephemeral_1h_input_tokens`),
      reasoning: col(`${U}.completion_tokens_details.reasoning_tokens`),
    },
    tokenConvention: 'inclusive',
  }),
};
