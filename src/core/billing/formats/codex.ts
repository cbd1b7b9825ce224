import type { BillingFormat } from '../format.js';
import { hasAll } from '../format.js';
import { col } from '../mapping.js';
import { usageMapping } from './usage-common.js';

/**
 * Codex CLI session logs (`~/.codex/sessions/.../*.jsonl`). Usage is in `event_msg` lines of
 * `payload.type` `token_count`: `last_token_usage` is the turn's own, `total_token_usage` the
 * running sum (not read: summing it would count every turn again). OpenAI's convention:
 * `input_tokens` includes `cached_input_tokens`, `reasoning_output_tokens` is inside
 * `output_tokens` (tokenConvention `inclusive`). The model is on the line itself in newer logs,
 * else carried from the last `turn_context` line. No cost in the log.
 */
export const codex: BillingFormat = {
  id: 'codex',
  detect: (h) => (hasAll(h, 'type', 'payload.type') && (h.has('payload.info.last_token_usage.input_tokens') || h.has('payload.model')) ? { score: 20, label: 'Codex CLI log' } : null),
  json: {
    usage: (get) => get('type') === 'event_msg' && get('payload.type') === 'token_count' && get('payload.info.last_token_usage.input_tokens') !== null,
    carry: { when: { column: 'type', in: ['turn_context'] }, fields: { 'costopt.turn_model': 'payload.model' } },
  },
  mapping: usageMapping({
    format: 'codex',
    label: 'Codex CLI log',
    provider: { columns: [], value: 'openai' },
    fields: {
      start: col('timestamp'),
      model: col('payload.info.model', 'costopt.turn_model'),
    },
    tokens: {
      input: col('payload.info.last_token_usage.input_tokens'),
      output: col('payload.info.last_token_usage.output_tokens'),
      cacheRead: col('payload.info.last_token_usage.cached_input_tokens'),
      reasoning: col('payload.info.last_token_usage.reasoning_output_tokens'),
    },
    tokenConvention: 'inclusive',
  }),
};
