import type { BillingFormat, FieldGetter } from '../format.js';
import { hasAll } from '../format.js';
import { col } from '../mapping.js';
import { count, usageMapping } from './usage-common.js';

const KEYS = ['input_tokens', 'cached_input_tokens', 'output_tokens', 'reasoning_output_tokens'] as const;

/**
 * The turn's own usage: `last_token_usage` when written; else the running total minus the
 * previous one (older logs, as ccusage does). The running total is remembered either way.
 */
function turnUsage(get: FieldGetter, state: Map<string, string>): Record<string, string | null> {
  const last = (k: string) => count(get(`payload.info.last_token_usage.${k}`));
  const total = (k: string) => count(get(`payload.info.total_token_usage.${k}`));
  const hasLast = last('input_tokens') !== null || last('output_tokens') !== null;
  const hasTotal = total('input_tokens') !== null || total('output_tokens') !== null;
  const out: Record<string, string | null> = {};
  for (const k of KEYS) {
    const prev = Number(state.get(k) ?? 0);
    const t = total(k);
    const v = hasLast ? last(k) : hasTotal && t !== null ? Math.max(0, t - prev) : null;
    out[`costopt.${k}`] = v === null ? null : String(v);
    if (t !== null) state.set(k, String(t));
  }
  return out;
}

/**
 * Codex CLI session logs (`~/.codex/sessions/.../*.jsonl`). Usage is in `event_msg` lines of
 * `payload.type` `token_count`: `last_token_usage` is the turn's own, `total_token_usage` the
 * running sum (never summed: that would count every turn again; a line with only the running
 * sum counts its increase over the previous one, as ccusage does). OpenAI's convention:
 * `input_tokens` includes `cached_input_tokens`, `reasoning_output_tokens` is inside
 * `output_tokens` (tokenConvention `inclusive`). The model is on the line itself in newer logs,
 * else carried from the last `turn_context` line. No cost in the log.
 */
export const codex: BillingFormat = {
  id: 'codex',
  detect: (h) => (hasAll(h, 'type', 'payload.type') && (h.has('payload.info.last_token_usage.input_tokens') || h.has('payload.info.total_token_usage.input_tokens') || h.has('payload.model')) ? { score: 20, label: 'Codex CLI log' } : null),
  json: {
    usage: (get) => get('type') === 'event_msg' && get('payload.type') === 'token_count' && (get('payload.info.last_token_usage.input_tokens') !== null || get('payload.info.total_token_usage.input_tokens') !== null),
    derive: turnUsage,
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
      input: col('costopt.input_tokens'),
      output: col('costopt.output_tokens'),
      cacheRead: col('costopt.cached_input_tokens'),
      reasoning: col('costopt.reasoning_output_tokens'),
    },
    tokenConvention: 'inclusive',
  }),
};
