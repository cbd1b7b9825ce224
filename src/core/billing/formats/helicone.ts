import type { BillingFormat } from '../format.js';
import { hasAll, hasAny } from '../format.js';
import { col } from '../mapping.js';
import { usageMapping } from './usage-common.js';

/**
 * Helicone request exports (`HeliconeRequest` rows: the dashboard's JSON/JSONL export or the
 * `/v1/request/query` API's `{data: [...]}`). No sample file exists: written from Helicone's
 * own source (Helicone/helicone `packages/cost/index.ts` @ 05a819cb, `HeliconeRequest` type),
 * whose cost calculator treats `prompt_tokens` as uncached and adds
 * `prompt_cache_read_tokens` and `prompt_cache_write_tokens` on top (tokenConvention
 * `exclusive`); 5-minute and 1-hour writes are not split (all read as 5-minute). `costUSD` is
 * Helicone's estimate: the reported cost (ClickHouse's raw `cost`, an integer x 1e9, is not
 * read).
 */
export const helicone: BillingFormat = {
  id: 'helicone',
  detect: (h) => (hasAll(h, 'request_id', 'request_created_at') && hasAny(h, 'prompt_tokens', 'completion_tokens', 'costusd') ? { score: 20, label: 'Helicone request export' } : null),
  json: { usage: (get) => get('prompt_tokens') !== null || get('completion_tokens') !== null },
  mapping: usageMapping({
    format: 'helicone',
    label: 'Helicone request export',
    provider: col('provider'),
    fields: {
      start: col('request_created_at'),
      model: col('model', 'response_model', 'request_model'),
      user: col('request_user_id', 'user_id'),
      requestId: col('request_id'),
      reported: col('costUSD'),
    },
    tokens: {
      input: col('prompt_tokens'),
      output: col('completion_tokens'),
      cacheRead: col('prompt_cache_read_tokens'),
      cacheWrite: col('prompt_cache_write_tokens'),
    },
    tokenConvention: 'exclusive',
  }),
};
