import type { BillingFormat } from '../format.js';
import { normalizeHeader } from '../mapping.js';
import { anthropic, anthropicConsole } from './anthropic.js';
import { awsCur, awsCur2 } from './aws-cur.js';
import { azure } from './azure.js';
import { focus } from './focus.js';
import { gcp } from './gcp.js';
import { oci } from './oci.js';
import { openai } from './openai.js';
import { requestLog } from './request-log.js';
import { dailyAggregate } from '../sql/daily-aggregate.js';
import { claudeCode } from './claude-code.js';
import { codex } from './codex.js';
import { helicone } from './helicone.js';
import { langfuse } from './langfuse.js';
import { litellm } from './litellm.js';
import { otel } from './otel.js';
import { anthropicCostApi, anthropicUsage, openaiCostsApi, openaiUsage } from './usage-api.js';

/** The registry of built-in billing formats: adding a format is adding a file and a line here. */
export const FORMATS: readonly BillingFormat[] = [focus, awsCur, awsCur2, azure, gcp, oci, openai, anthropic, anthropicConsole, requestLog, dailyAggregate, otel, litellm, langfuse, helicone, claudeCode, codex, openaiUsage, anthropicUsage, openaiCostsApi, anthropicCostApi];

export function formatById(id: string): BillingFormat | undefined {
  return FORMATS.find((f) => f.id === id.toLowerCase());
}

/** The best-scoring format for a header, with the label of the version seen; null when none fits. */
export function detectFormat(rawHeader: readonly string[]): { format: BillingFormat; label: string } | null {
  const h = new Set(rawHeader.map((c) => normalizeHeader(c).toLowerCase()));
  let best: { format: BillingFormat; label: string; score: number } | null = null;
  for (const f of FORMATS) {
    const d = f.detect?.(h);
    if (d && (!best || d.score > best.score)) best = { format: f, label: d.label, score: d.score };
  }
  return best && { format: best.format, label: best.label };
}
