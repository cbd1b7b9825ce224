import type { CostLine } from './types.js';
import type { PathIssue } from '../schema-issues.js';
import type { CacheLayerSpec } from '../scenario/schema.js';
import type { Handler, Slice } from './handlers.js';
import { callRates, type CallRates } from './rates.js';

/**
 * The plan after some of the strategies: what each request costs is a pure function of this
 * state. Steps are priced by adding one strategy at a time to the state (SPEC §3 order).
 */
export interface PlanState {
  requestsPerDay: number;
  daysPerMonth: number;
  tokens: { input: number; output: number };
  cache?: { exact?: CacheLayerSpec | undefined; semantic?: CacheLayerSpec | undefined };
  /** who answers the requests that reach the model layer; shares of those requests */
  slices: Slice[];
  batch?: { share: number; models: ReadonlySet<string> | null; path: PropertyKey[] };
  promptCache?: { prefixTokens: number; hitRate: number; ttl: '5m' | '1h'; path: PropertyKey[] };
}

export interface Priced {
  lines: CostLine[];
  daily: number;
  notes: string[];
  warnings: string[];
  issues: PathIssue[];
}

const M = 1e6;

/** Price one day of the plan: cost lines (quantities per day), their total, notes and problems. */
export function priceState(s: PlanState): Priced {
  const lines: CostLine[] = [];
  const notes: string[] = [];
  const warnings: string[] = [];
  const issues: PathIssue[] = [];
  const month = s.daysPerMonth;
  const line = (l: Omit<CostLine, 'daily' | 'monthly'>): void => {
    const daily = l.quantity * l.unitPrice;
    if (l.quantity === 0) return;
    lines.push({ ...l, daily, monthly: daily * month });
  };
  const R = s.requestsPerDay;

  // 2. response caches: hit rates are shares of ALL requests; lookups are paid by every request reaching a layer
  let reaching = R;
  if (s.cache) {
    const { exact, semantic } = s.cache;
    if (exact) {
      if (exact.cost_per_lookup !== undefined) line({ label: 'exact cache lookups', handler: 'exact cache', quantity: reaching, unit: 'lookup', unitPrice: exact.cost_per_lookup });
      if (exact.cost_per_hit !== undefined) line({ label: 'exact cache hits', handler: 'exact cache', quantity: R * exact.hit_rate, unit: 'hit', unitPrice: exact.cost_per_hit });
      reaching -= R * exact.hit_rate;
    }
    if (semantic) {
      if (semantic.cost_per_lookup !== undefined) line({ label: 'semantic cache lookups', handler: 'semantic cache', quantity: reaching, unit: 'lookup', unitPrice: semantic.cost_per_lookup });
      if (semantic.cost_per_hit !== undefined) line({ label: 'semantic cache hits', handler: 'semantic cache', quantity: R * semantic.hit_rate, unit: 'hit', unitPrice: semantic.cost_per_hit });
      reaching -= R * semantic.hit_rate;
    }
    reaching = Math.max(0, reaching);
  }

  // 3. who answers the rest
  const seenIssue = new Set<string>();
  const issue = (i: PathIssue) => {
    const k = `${i.path.join('.')}|${i.message}`;
    if (!seenIssue.has(k)) {
      seenIssue.add(k);
      issues.push(i);
    }
  };
  for (const slice of s.slices) {
    const calls = reaching * slice.share;
    priceHandler(slice, calls, s, line, issue, warnings);
  }
  const daily = lines.reduce((a, l) => a + l.daily, 0);
  return { lines, daily, notes, warnings: [...new Set(warnings)], issues };
}

function priceHandler(
  slice: Slice,
  calls: number,
  s: PlanState,
  line: (l: Omit<CostLine, 'daily' | 'monthly'>) => void,
  issue: (i: PathIssue) => void,
  warnings: string[],
): void {
  const h: Handler = slice.handler;
  const who = slice.role ? `${h.label} (${slice.role})` : h.label;
  switch (h.kind) {
    case 'flat':
      line({ label: 'requests', handler: who, quantity: calls, unit: 'request', unitPrice: h.costPerRequest });
      return;
    case 'human':
      line({ label: `items (${Number(((calls * h.minutesPerItem) / 60).toPrecision(6))} person-hours/day)`, handler: who, quantity: calls, unit: 'item', unitPrice: h.costPerItem });
      return;
    case 'model':
      break;
  }
  const m = h.model;
  const { input: I, output: O } = s.tokens;
  const batched = s.batch && (s.batch.models === null || s.batch.models.has(m.id)) ? s.batch.share : 0;
  const realtime = calls * (1 - batched);
  const inBatch = calls * batched;

  const std = callRates(m, I, 'standard');
  if ('unavailable' in std) return; // not reachable for standard mode
  need(std, 'input', I, m.id, slice.path, issue);
  need(std, 'output', O, m.id, slice.path, issue);
  const tierNote = std.tierOver !== undefined ? ` (prompt > ${std.tierOver.toLocaleString('en-US')} tokens: long-context rates)` : '';

  if (realtime > 0) {
    const pc = s.promptCache;
    if (pc && std.cacheRead === null) {
      warnings.push(`${m.id} has no cache_read price: its prompt prefix is billed at the input rate (no prompt caching)`);
    }
    if (pc && std.cacheRead !== null) {
      const P = Math.min(pc.prefixTokens, I);
      const writeRate = pc.ttl === '1h' ? std.cacheWrite1h : std.cacheWrite;
      const writeLabel = pc.ttl === '1h' ? 'cache_write_1h' : 'cache_write';
      let write = writeRate;
      if (write === null) {
        if (pc.ttl === '1h') {
          issue({ path: [...pc.path, 'ttl'], message: `${m.id} has no cache_write_1h price in this catalog` });
          return;
        }
        // providers without a write surcharge (OpenAI, Gemini implicit caching) bill writes as input
        write = std.input ?? 0;
      }
      line({ label: `input tokens, uncached${tierNote}`, handler: who, quantity: (realtime * (I - P)) / M, unit: '1M tokens', unitPrice: std.input ?? 0 });
      line({ label: 'cached prefix reads (hits)', handler: who, quantity: (realtime * pc.hitRate * P) / M, unit: '1M tokens', unitPrice: std.cacheRead });
      line({ label: `cached prefix writes (misses${writeRate === null ? ', at the input rate' : `, ${writeLabel}`})`, handler: who, quantity: (realtime * (1 - pc.hitRate) * P) / M, unit: '1M tokens', unitPrice: write });
    } else {
      line({ label: `input tokens${tierNote}`, handler: who, quantity: (realtime * I) / M, unit: '1M tokens', unitPrice: std.input ?? 0 });
    }
    line({ label: 'output tokens', handler: who, quantity: (realtime * O) / M, unit: '1M tokens', unitPrice: std.output ?? 0 });
  }
  if (inBatch > 0 && s.batch) {
    const b = callRates(m, I, 'batch');
    if ('unavailable' in b) {
      issue({ path: s.batch.path, atKey: true, message: `batch: ${b.unavailable}; batch only models that have batch prices (batch.models), or remove batch` });
      return;
    }
    if (I > 0 && b.input === null) issue({ path: s.batch.path, atKey: true, message: `batch: ${m.id} has no batch input price in this catalog` });
    if (O > 0 && b.output === null) issue({ path: s.batch.path, atKey: true, message: `batch: ${m.id} has no batch output price in this catalog` });
    line({ label: `batch input tokens${tierNote}`, handler: who, quantity: (inBatch * I) / M, unit: '1M tokens', unitPrice: b.input ?? 0 });
    line({ label: 'batch output tokens', handler: who, quantity: (inBatch * O) / M, unit: '1M tokens', unitPrice: b.output ?? 0 });
  }
}

function need(r: CallRates, field: 'input' | 'output', tokens: number, id: string, path: PropertyKey[], issue: (i: PathIssue) => void): void {
  if (tokens > 0 && r[field] === null) {
    const tier = r.tierOver !== undefined ? ` at prompts over ${r.tierOver} tokens` : '';
    issue({ path: [...path, 'model'], message: `${id} has no ${field} price${tier} in this catalog (unpriced is an error, not $0)` });
  }
}
