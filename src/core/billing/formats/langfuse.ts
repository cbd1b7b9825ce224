import type { BillingFormat, FieldGetter } from '../format.js';
import { hasAll, hasAny } from '../format.js';
import { col } from '../mapping.js';
import { count, usageMapping } from './usage-common.js';

/**
 * Langfuse observations: a trace export (`{trace, observations: [...]}`, the UI/tRPC shape,
 * camelCase) or the public API's `{data: [...]}` pages. Usage keys depend on the integration,
 * and so does whether a key is inside another, so the convention is decided per key (derive):
 * - Langfuse's own keys are disjoint parts, each priced by Langfuse apart (`total` is their
 *   sum): `input_cache_read`/`input_cached_tokens`/`cache_read_input_tokens`,
 *   `input_cache_creation`/`cache_creation_input_tokens`, `output_reasoning`/
 *   `output_reasoning_tokens` are ADDED to `input`/`output` (langgraph-js: total 278 =
 *   179 + 35 + 64).
 * - OpenInference's keys (`prompt_details.cache_read`, `completion_details.reasoning`) are
 *   parts of `input`/`output` (google-gemini: total 2,061 = 6 + 2,055 with 1,104 reasoning).
 * - a `total` larger than the sum of the parts (vertex-ai: 2,023 vs 850; thinking not broken
 *   out) leaves tokens no rate can price: `costopt.unpriced_tokens`, reported, never $0.
 * `totalCost` (or `costDetails.total`) is Langfuse's calculation from the project's price table
 * at ingestion: the reported cost.
 */
function tokens(get: FieldGetter): Record<string, string | null> {
  const u = (k: string) => count(get(`usageDetails.${k}`));
  const sum = (...ks: string[]) => ks.reduce((s, k) => s + (u(k) ?? 0), 0);
  const inputBase = u('input') ?? count(get('inputUsage')) ?? count(get('promptTokens'));
  const outputBase = u('output') ?? count(get('outputUsage')) ?? count(get('completionTokens'));
  if (inputBase === null && outputBase === null) return {};
  const readOut = sum('input_cache_read', 'input_cached_tokens', 'cache_read_input_tokens');
  const writeOut = sum('input_cache_creation', 'cache_creation_input_tokens');
  const reasoningOut = sum('output_reasoning', 'output_reasoning_tokens');
  const readIn = sum('prompt_details.cache_read');
  const writeIn = sum('prompt_details.cache_write');
  const reasoningIn = sum('completion_details.reasoning');
  const input = (inputBase ?? 0) + readOut + writeOut;
  const output = (outputBase ?? 0) + reasoningOut;
  const total = u('total');
  const audio = sum('input_audio', 'output_audio', 'prompt_details.audio', 'completion_details.audio');
  const unpriced = Math.max(0, (total ?? 0) - input - output) + audio;
  const text = (n: number) => String(n);
  return {
    'costopt.input': text(input),
    'costopt.output': text(output),
    'costopt.cache_read': text(readOut + readIn),
    'costopt.cache_write': text(writeOut + writeIn),
    'costopt.reasoning': text(reasoningOut + reasoningIn),
    'costopt.unpriced_tokens': unpriced ? text(unpriced) : null,
  };
}

export const langfuse: BillingFormat = {
  id: 'langfuse',
  detect: (h) => (hasAll(h, 'id', 'type', 'starttime') && hasAny(h, 'usagedetails.input', 'usagedetails.output', 'inputusage', 'totalcost') ? { score: 20, label: 'Langfuse observations' } : null),
  json: {
    usage: (get) => get('type') === 'GENERATION' || get('usageDetails.input') !== null || get('usageDetails.output') !== null,
    derive: tokens,
  },
  mapping: usageMapping({
    format: 'langfuse',
    label: 'Langfuse observations',
    fields: {
      start: col('startTime'),
      model: col('model', 'internalModel'),
      project: col('projectId'),
      account: col('projectId'),
      user: col('userId'),
      requestId: col('id'),
      reported: col('totalCost', 'costDetails.total', 'calculatedTotalCost'),
    },
    tokens: {
      input: col('costopt.input'),
      output: col('costopt.output'),
      cacheRead: col('costopt.cache_read'),
      cacheWrite: col('costopt.cache_write'),
      reasoning: col('costopt.reasoning'),
    },
    tokenConvention: 'inclusive',
  }),
};
