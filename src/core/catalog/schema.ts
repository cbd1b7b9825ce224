import { isCalendarDate } from '../date.js';
import * as z from 'zod';

/**
 * The catalog file format (pricing/README.md). One schema; the types are inferred from it.
 * Rates are USD, written as decimal strings or plain numbers; null = unknown (never 0).
 */
const DECIMAL_RE = /^\d+(\.\d+)?$/;

export const rate = z
  .union([z.number(), z.string()])
  .transform((v, ctx) => {
    const text = typeof v === 'number' ? String(v) : v.trim();
    if (typeof v === 'number' && !Number.isFinite(v)) {
      ctx.addIssue({ code: 'custom', message: `expected a price, got ${v}` });
      return z.NEVER;
    }
    const n = Number(text);
    if (typeof v === 'string' && !DECIMAL_RE.test(text)) {
      ctx.addIssue({ code: 'custom', message: `expected a price as a decimal number (e.g. "2.50"), got "${v}"` });
      return z.NEVER;
    }
    if (n < 0) {
      ctx.addIssue({ code: 'custom', message: `a price cannot be negative, got ${text}` });
      return z.NEVER;
    }
    return n;
  });
export const nullableRate = rate.nullable();

const isoDate = z.union([z.string(), z.date()]).transform((v, ctx) => {
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : v;
  if (!isCalendarDate(s)) {
    ctx.addIssue({ code: 'custom', message: `expected a date YYYY-MM-DD, got "${s}"` });
    return z.NEVER;
  }
  return s;
});
export { isoDate };

export const sourceSchema = z.strictObject({
  url: z.string().min(1),
  as_of: isoDate,
  secondary: z.boolean().optional(),
  note: z.string().optional(),
  license: z.string().optional(),
});
export type Source = z.infer<typeof sourceSchema>;

/** A source reference: a key into `sources`, or an inline source. */
export const sourceRef = z.union([z.string().min(1), sourceSchema]);
export type SourceRef = z.infer<typeof sourceRef>;

const provenance = {
  source: sourceRef,
  field_sources: z.record(z.string(), sourceRef).optional(),
  derived: z.record(z.string(), z.string()).optional(),
  notes: z.string().optional(),
};

export const tierRates = z.strictObject({
  input: nullableRate.optional(),
  output: nullableRate.optional(),
  cache_read: nullableRate.optional(),
  cache_write: nullableRate.optional(),
  cache_write_1h: nullableRate.optional(),
});
export type TierRates = z.infer<typeof tierRates>;

export const longContextTier = tierRates.extend({
  prompt_tokens_over: z.number().int().positive(),
});
export type LongContextTier = z.infer<typeof longContextTier>;

export const modelSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][\w.-]*\/[\w.:@-]+$/i, 'expected an id "provider/model"'),
  name: z.string().optional(),
  kind: z.enum(['chat', 'embedding']).default('chat'),
  aliases: z.array(z.string()).default([]),
  context_window: z.number().int().positive().nullable().optional(),
  max_output_tokens: z.number().int().positive().nullable().optional(),
  input: nullableRate,
  output: nullableRate.optional(),
  cache_read: nullableRate.optional(),
  cache_write: nullableRate.optional(),
  cache_write_1h: nullableRate.optional(),
  cache_storage_per_hour: nullableRate.optional(),
  batch: tierRates.nullable().optional(),
  flex: tierRates.nullable().optional(),
  priority: tierRates.nullable().optional(),
  long_context: z.array(longContextTier).default([]),
  released: isoDate.optional(),
  deprecated: isoDate.optional(),
  ...provenance,
});
export type ModelEntry = z.infer<typeof modelSchema>;

export const gpuSpec = z.strictObject({
  model: z.string().min(1),
  count: z.number().int().positive().default(1),
  memory_gb: z.number().positive(),
});
export type GpuSpec = z.infer<typeof gpuSpec>;

export const instanceSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][\w.-]*\/[\w.:@+-]+$/i, 'expected an id "provider/type"'),
  name: z.string().optional(),
  provider: z.string().min(1),
  region: z.string().optional(),
  vcpus: z.number().positive().optional(),
  memory_gib: z.number().positive().optional(),
  gpu: gpuSpec.nullable().optional(),
  accelerator: z.strictObject({ model: z.string(), count: z.number().int().positive(), memory_gb: z.number().positive() }).optional(),
  on_demand_hourly: nullableRate,
  spot_hourly: nullableRate.optional(),
  reserved_1y_hourly: nullableRate.optional(),
  reserved_3y_hourly: nullableRate.optional(),
  ...provenance,
});
export type InstanceEntry = z.infer<typeof instanceSchema>;

export const serverlessSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][\w.-]*\/[\w.:@+-]+$/i, 'expected an id "provider/platform"'),
  name: z.string().optional(),
  provider: z.string().min(1),
  region: z.string().optional(),
  per_gb_second: nullableRate.optional(),
  per_million_requests: nullableRate.optional(),
  per_vcpu_second: nullableRate.optional(),
  per_gpu_second: nullableRate.optional(),
  gpu: z.strictObject({ model: z.string(), memory_gb: z.number().positive() }).nullable().optional(),
  memory_mb: z.strictObject({ min: z.number().positive(), max: z.number().positive() }).optional(),
  vcpu_per_gb: z.number().positive().optional(),
  free_tier: z
    .strictObject({
      requests: z.number().nonnegative().nullable().optional(),
      gb_seconds: z.number().nonnegative().nullable().optional(),
      vcpu_seconds: z.number().nonnegative().nullable().optional(),
      gpu_seconds: z.number().nonnegative().nullable().optional(),
      per: z.enum(['month']).default('month'),
    })
    .nullable()
    .optional(),
  cold_start_ms: z.strictObject({ typical: z.number().nonnegative(), p99: z.number().nonnegative().optional() }).optional(),
  ...provenance,
});
export type ServerlessEntry = z.infer<typeof serverlessSchema>;

export const throughputSchema = z.strictObject({
  id: z.string().min(1),
  model: z.string().min(1),
  gpu: z.string().min(1),
  gpus: z.number().int().positive().default(1),
  engine: z.string().min(1),
  precision: z.enum(['fp32', 'fp16', 'bf16', 'fp8', 'int8', 'int4']),
  input_tokens: z.number().int().positive().nullable().optional(),
  output_tokens: z.number().int().positive().nullable().optional(),
  concurrency: z.number().int().positive().nullable().optional(),
  mode: z.enum(['fixed_concurrency', 'max_throughput']),
  tokens_per_second: z.number().positive(),
  output_tokens_per_second: z.number().positive().nullable().optional(),
  ...provenance,
});
export type ThroughputEntry = z.infer<typeof throughputSchema>;

export const catalogSchema = z.strictObject({
  schema: z.literal('costopt.catalog/v1'),
  catalog: z.string().min(1),
  version: isoDate,
  published: isoDate,
  currency: z.literal('USD'),
  description: z.string().optional(),
  sources: z.record(z.string(), sourceSchema).default({}),
  models: z.array(modelSchema).default([]),
  instances: z.array(instanceSchema).default([]),
  serverless: z.array(serverlessSchema).default([]),
  throughput: z.array(throughputSchema).default([]),
});
export type CatalogFile = z.infer<typeof catalogSchema>;
