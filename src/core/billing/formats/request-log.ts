import type { BillingFormat } from '../format.js';
import { hasAll } from '../format.js';
import { col } from '../mapping.js';
import { usageMapping } from './usage-common.js';

/**
 * costopt's own request log (SPEC §4.1): one row per request, priced from the catalog version
 * in force on the row's date. `input_tokens` counts ALL prompt tokens; the cache columns are
 * parts of it; `reasoning_tokens` are part of `output_tokens`.
 */
export const requestLog: BillingFormat = {
  id: 'request-log',
  detect: (h) => (hasAll(h, 'timestamp', 'model', 'input_tokens', 'output_tokens') ? { score: 10, label: 'costopt request log' } : null),
  mapping: usageMapping({
    format: 'request-log',
    label: 'costopt request log',
    fields: {
      start: col('timestamp'),
      model: col('model'),
      user: col('user'),
      project: col('project'),
      account: col('project'),
      requestId: col('request_id'),
    },
    tokens: {
      input: col('input_tokens'),
      output: col('output_tokens'),
      cacheRead: col('cache_read_tokens'),
      cacheWrite: col('cache_write_tokens'),
      cacheWrite1h: col('cache_write_1h_tokens'),
      reasoning: col('reasoning_tokens'),
    },
    tokenConvention: 'inclusive',
  }),
};
