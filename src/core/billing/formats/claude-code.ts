import type { BillingFormat } from '../format.js';
import { hasAll, hasAny } from '../format.js';
import { col } from '../mapping.js';
import { usageMapping } from './usage-common.js';

/**
 * Claude Code project logs (`~/.claude/projects/<project>/<session>.jsonl`), one JSON object a
 * line; assistant lines carry Anthropic's `message.usage`. Anthropic's convention: `input_tokens`
 * excludes the cache, `cache_creation_input_tokens` and `cache_read_input_tokens` come on top
 * (tokenConvention `exclusive`); newer logs split writes in `cache_creation.ephemeral_5m/1h_input_tokens`
 * (1-hour writes at their own rate; without the split every write is a 5-minute one, as ccusage
 * does). One response is logged as several lines (one per content block) repeating its usage:
 * de-duplicated on `message.id` + `requestId` as ccusage does (a line without a message id is
 * kept); a sidechain line (`isSidechain: true`, e.g. `/btw` side questions) that replays a counted
 * message with a new request id is dropped too, as ccusage does since its issue #913.
 * `costUSD` (older Claude Code versions) is the tool's own estimate: the reported cost.
 * `usage.speed: "fast"` (fast mode, billed at premium rates) names the model `<model>-fast`, as
 * ccusage does: unpriced unless the catalog (or an override alias) has fast-mode rates.
 */
export const claudeCode: BillingFormat = {
  id: 'claude-code',
  detect: (h) => (hasAll(h, 'message.usage.input_tokens', 'message.usage.output_tokens') && hasAny(h, 'requestid', 'sessionid', 'costusd', 'message.model', 'type') ? { score: 20, label: 'Claude Code log' } : null),
  json: {
    usage: (get) => get('message.usage.input_tokens') !== null || get('message.usage.output_tokens') !== null,
    derive: (get) => {
      const id = get('message.id');
      // ccusage (rust/crates/ccusage/src/adapter/claude @ 5816e640): the key is the message id with
      // the request id (absent counts as absent); a line without a message id is never a duplicate
      // fast mode is billed at its own (premium) rates: named as ccusage names it, `<model>-fast`, so
      // a catalog without fast-mode rates leaves the row unpriced instead of pricing it at standard
      const model = get('message.model');
      const fast = get('message.usage.speed') === 'fast' && model !== null ? `${model}-fast` : null;
      return { 'costopt.dedupe_key': id !== null ? `${id}:${get('requestId') ?? ''}` : null, 'costopt.message_id': id, 'costopt.model': fast ?? model };
    },
    replay: { key: 'costopt.message_id', flag: 'isSidechain' },
  },
  mapping: usageMapping({
    format: 'claude-code',
    label: 'Claude Code log',
    provider: { columns: [], value: 'anthropic' },
    fields: {
      start: col('timestamp'),
      model: col('costopt.model'),
      project: col('cwd'),
      user: col('sessionId'),
      requestId: col('costopt.dedupe_key'),
      reported: col('costUSD'),
    },
    tokens: {
      input: col('message.usage.input_tokens'),
      output: col('message.usage.output_tokens'),
      cacheRead: col('message.usage.cache_read_input_tokens'),
      cacheWrite: col('message.usage.cache_creation.ephemeral_5m_input_tokens', 'message.usage.cache_creation_input_tokens'),
      cacheWrite1h: col('message.usage.cache_creation.ephemeral_1h_input_tokens'),
    },
    tokenConvention: 'exclusive',
  }),
};
