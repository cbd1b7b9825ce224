import type { BillingFormat, FieldGetter } from '../format.js';
import { hasAny } from '../format.js';
import { col } from '../mapping.js';
import { firstOf, isoFromNanos, isoFromSecNanos, usageMapping } from './usage-common.js';

/**
 * OpenTelemetry GenAI spans: OTLP JSON (`resourceSpans[].scopeSpans[].spans[]`, attributes as
 * `[{key, value: {intValue: "40"}}]`, `startTimeUnixNano`), JSONL of such exports (the
 * collector's file exporter), JS SDK span objects (`attributes` a map, `startTime` `[sec,
 * nanos]`), or a bare attribute map. Semantic conventions (gen-ai registry):
 * `gen_ai.usage.input_tokens` includes the cached tokens, `cache_read.input_tokens` and
 * `cache_creation.input_tokens` are parts of it, `reasoning.output_tokens` is part of
 * `output_tokens` (tokenConvention `inclusive`); the deprecated `prompt_tokens` /
 * `completion_tokens` / `cache_read_input_tokens` and OpenInference's `llm.token_count.*` are
 * read where the current names are absent. A span counts only if it has `gen_ai`/`llm` token
 * usage of its own: the Vercel AI SDK repeats the child's usage on the parent span as
 * `ai.usage.*` only, so parents are left out and nothing is counted twice. No cost in the
 * convention; pydantic-ai's `operation.cost` (USD) is read as the reported cost.
 */
const A = (name: string) => [`attributes.${name}`, name];
const names = (...n: string[]) => n.flatMap(A);

const INPUT = names('gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens', 'llm.token_count.prompt');
const OUTPUT = names('gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens', 'llm.token_count.completion');

export const otel: BillingFormat = {
  id: 'otel',
  detect: (h) => (hasAny(h, ...INPUT, ...OUTPUT) ? { score: 15, label: 'OpenTelemetry GenAI spans' } : null),
  json: {
    usage: (get) => firstOf(get, ...INPUT, ...OUTPUT) !== null,
    derive: (get: FieldGetter) => ({
      'costopt.start': (() => {
        const ns = get('startTimeUnixNano');
        if (ns !== null) return isoFromNanos(ns);
        if (get('startTime.0') !== null) return isoFromSecNanos(get('startTime.0'), get('startTime.1'));
        return get('startTime') ?? get('start_time') ?? get('timestamp');
      })(),
      'costopt.span_id': firstOf(get, 'spanContext.spanId', 'spanId', 'span_id', 'context.span_id'),
    }),
  },
  mapping: usageMapping({
    format: 'otel',
    label: 'OpenTelemetry GenAI spans',
    provider: col(...names('gen_ai.provider.name', 'gen_ai.system')),
    fields: {
      start: col('costopt.start'),
      model: col(...names('gen_ai.response.model', 'gen_ai.request.model', 'llm.model_name')),
      service: col('resource.service.name'),
      user: col(...names('user.id', 'enduser.id')),
      requestId: col('costopt.span_id'),
      reported: col(...names('operation.cost')),
    },
    tokens: {
      input: col(...INPUT),
      output: col(...OUTPUT),
      cacheRead: col(...names('gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_read_input_tokens', 'gen_ai.usage.input_tokens.cached', 'llm.token_count.prompt_details.cache_read')),
      cacheWrite: col(...names('gen_ai.usage.cache_creation.input_tokens', 'gen_ai.usage.cache_creation_input_tokens', 'gen_ai.usage.input_tokens.cache_write', 'llm.token_count.prompt_details.cache_write')),
      reasoning: col(...names('gen_ai.usage.reasoning.output_tokens', 'gen_ai.usage.output_tokens.reasoning', 'llm.token_count.completion_details.reasoning')),
    },
    tokenConvention: 'inclusive',
  }),
};
