import * as z from 'zod';
import { catalogSchema, isoDate, modelSchema, sourceRef } from './schema.js';

/**
 * A release with price history (schema costopt.catalog/v2, SPEC §2.1): each model's rates are
 * a dated timeline, each moving alias a dated list of the snapshots it pointed at. Resolving
 * the release at a date (./timeline.ts) gives a plain v1 catalog of the prices in force that day.
 */

/**
 * How a date is known: `effective`, the provider states the day; `announced`, the announcement
 * ("available today"); `listed`, the day a price list first showed it (the change may be
 * earlier); `inferred`, derived from other facts (the entry's notes say how).
 */
export const dateKind = z.enum(['effective', 'announced', 'listed', 'inferred']);
export type DateKind = z.infer<typeof dateKind>;

/** `provider/model`; the model part may hold a listing's own path (`azure/eu/gpt-4o`, `bedrock/us-west-2/mistral.x`) */
const modelId = z.string().regex(/^[a-z0-9][\w.-]*\/[\w.:@-]+(?:\/[\w.:@-]+)*$/i, 'expected an id "provider/model"');

/** One set of rates, in force from `from` until the next entry's `from` (or for good): a v1 model's rates and provenance. */
export const priceEntry = modelSchema
  .pick({ input: true, output: true, cache_read: true, cache_write: true, cache_write_1h: true, cache_storage_per_hour: true, batch: true, flex: true, priority: true, long_context: true, source: true, field_sources: true, derived: true, notes: true })
  .extend({ from: isoDate, date: dateKind });
export type PriceEntry = z.infer<typeof priceEntry>;

/** A dated life event: launch (`available`), deprecation notice, retirement. */
export const lifeEvent = z.strictObject({
  on: isoDate,
  date: dateKind,
  source: sourceRef,
  notes: z.string().optional(),
});
export type LifeEvent = z.infer<typeof lifeEvent>;

export const historyModel = modelSchema.pick({ name: true, kind: true, context_window: true, max_output_tokens: true, notes: true }).extend({
  id: modelId,
  /** other spellings of this same model (never another snapshot: those are models of their own) */
  aliases: z.array(z.string()).default([]),
  /** the first day it could be called; without it, the first price's day (and nothing is known before) */
  available: lifeEvent.optional(),
  /** the provider announced its end; it still works */
  deprecated: lifeEvent.optional(),
  /** the first day requests fail */
  retired: lifeEvent.optional(),
  prices: z.array(priceEntry).min(1),
});
export type HistoryModel = z.infer<typeof historyModel>;

export const aliasTarget = z.strictObject({
  from: isoDate,
  to: modelId,
  date: dateKind,
  source: sourceRef,
  notes: z.string().optional(),
});
export type AliasTarget = z.infer<typeof aliasTarget>;

/** A name that points at different snapshots over time (`gpt-4o`, `claude-3-5-sonnet-latest`). */
export const movingAlias = z.strictObject({
  id: modelId,
  name: z.string().optional(),
  names: z.array(z.string()).default([]),
  targets: z.array(aliasTarget).min(1),
  notes: z.string().optional(),
});
export type MovingAlias = z.infer<typeof movingAlias>;

/** The v1 file with dated models and moving aliases in place of one price per model. */
export const historyCatalogSchema = catalogSchema.omit({ schema: true, models: true }).extend({
  schema: z.literal('costopt.catalog/v2'),
  models: z.array(historyModel).default([]),
  aliases: z.array(movingAlias).default([]),
});
export type HistoryCatalogFile = z.infer<typeof historyCatalogSchema>;
