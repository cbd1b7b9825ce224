/**
 * The commented scenario file `costopt init` writes. Pure text generation: every strategy the
 * user picked is written with its value; the others are left as commented-out examples so the
 * file documents the format where it is read.
 */
export interface InitAnswers {
  name: string;
  /** the file being written, for the "run it" comment */
  file?: string | undefined;
  /** the scenario JSON Schema as the file's editor reaches it (a path relative to the file), for the yaml-language-server line */
  schema?: string | undefined;
  /** catalog version to pin (e.g. 2026-11-01), or undefined for latest */
  catalog?: string | undefined;
  requestsPerDay: number;
  inputTokens: number;
  outputTokens: number;
  model: string;
  prompt?: { inputTokenReduction: number } | undefined;
  cache?: { hitRate: number; costPerHit: number } | undefined;
  routing?: { model: string; share: number } | undefined;
  /** `models`: only these are batched (written when some of the plan's models have no batch price) */
  batch?: { share: number; models?: string[] | undefined } | undefined;
  promptCache?: { prefixTokens: number; hitRate: number } | undefined;
  budgetMonthly?: number | undefined;
}

export const INIT_STRATEGIES = ['prompt', 'cache', 'routing', 'batch', 'prompt_cache'] as const;
export type InitStrategy = (typeof INIT_STRATEGIES)[number];

const pct = (share: number) => `${Number((share * 100).toFixed(4))}%`;
const yamlString = (s: string) => (/^[\w./:@-]+$/.test(s) && !/^(true|false|null|yes|no|on|off|~)$/i.test(s) && !/^[\d.]/.test(s) ? s : JSON.stringify(s));

/** `code` with its comment in the file's comment column (29), whatever the length of the value. */
function withComment(code: string, comment: string): string {
  return `${code.padEnd(28)} # ${comment}`;
}

function human(n: number): string {
  for (const [v, u] of [[1e9, 'B'], [1e6, 'M'], [1e3, 'k']] as const) {
    if (n >= v && Number.isInteger((n / v) * 1000)) return `${Number((n / v).toPrecision(6))}${u}`;
  }
  return String(n);
}

export function scenarioTemplate(a: InitAnswers): string {
  const L: string[] = [];
  const on = (x: unknown) => x !== undefined;
  if (a.schema) L.push(`# yaml-language-server: $schema=${a.schema}`);
  L.push(`# ${a.name}: written by \`costopt init\`. Edit freely; the format is in docs/scenarios.md ("Scenario format").`);
  L.push(`# Run it:    costopt estimate ${a.file ?? `${a.name}.yaml`}   (--breakdown for the cost lines; --format json|markdown|csv)`);
  L.push(`# Check it:  costopt validate ${a.file ?? `${a.name}.yaml`}`);
  L.push('version: 1');
  L.push(`name: ${yamlString(a.name)}`);
  const pinnedVersion = a.catalog !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(a.catalog);
  L.push(
    a.catalog === undefined
      ? '# catalog: 2026-11-01       # pin a catalog version (costopt pricing list); default latest'
      : pinnedVersion
        ? `catalog: ${a.catalog}          # prices from this catalog version (costopt pricing list); remove for latest`
        : `catalog: ${JSON.stringify(a.catalog)}   # prices from this catalog file (relative to this scenario); remove for latest`,
  );
  L.push('days_per_month: 30           # month = 30 days, year = 12 months');
  L.push('# vars: { users: 50000 }     # numbers that "=expressions" can use, e.g. requests_per_day: "=users * 20"');
  L.push('');
  L.push('workload:');
  L.push(withComment(`  requests_per_day: ${human(a.requestsPerDay)}`, '1000000, 1_000_000, 1e6, "1M", "500k", "2.5B"'));
  L.push(withComment(`  input_tokens: ${a.inputTokens}`, 'mean prompt tokens per request (system prompt + context + question)'));
  L.push(withComment(`  output_tokens: ${a.outputTokens}`, 'mean output tokens per request'));
  L.push('');
  L.push('baseline:                    # what the plan is compared with: all traffic on one handler');
  L.push(`  model: ${a.model}`);
  L.push('  # or: cost_per_request: 0.003        or: human: { hourly_rate: 40, minutes_per_item: 4 }');
  L.push('');
  const strategiesAt = L.length;
  L.push('strategies:                  # applied in this order; delete or comment out what you do not use');
  const s = (cond: boolean, lines: string[], example: string[]) => L.push(...(cond ? lines : example.map((x) => `  # ${x.slice(2)}`)));
  s(on(a.prompt), [
    '  prompt:                    # 1. fewer tokens per request',
    `    input_token_reduction: ${pct(a.prompt?.inputTokenReduction ?? 0.2)}   # or system_prompt: { from: 150, to: 40 }`,
    '    # max_output_tokens: 150',
  ], ['  prompt: { input_token_reduction: 20% }          # 1. fewer tokens (or system_prompt: { from, to }, max_output_tokens)']);
  s(on(a.cache), [
    '  cache:                     # 2. answers served from a cache; hit rates are shares of ALL requests',
    `    exact: { hit_rate: ${pct(a.cache?.hitRate ?? 0.2)}, cost_per_hit: ${a.cache?.costPerHit ?? 0.0001} }`,
    '    # semantic: { hit_rate: 10%, cost_per_lookup: 0.0002 }   # lookups are paid by every request reaching the layer',
  ], ['  cache: { exact: { hit_rate: 20%, cost_per_hit: 0.0001 } }   # 2. response cache']);
  s(on(a.routing), [
    '  routing:                   # 3. who answers the rest: mix | cascade | rules',
    '    mix:                     # shares of the requests that reach routing; they sum to 100%',
    `      - { model: ${a.routing?.model ?? a.model}, share: ${pct(a.routing?.share ?? 0.5)} }`,
    `      - { model: ${a.model}, share: ${pct(1 - (a.routing?.share ?? 0.5))} }`,
    '    # cascade: [ { model: cheap/model, handles: 70% }, { model: dear/model } ]   # escalations pay every tier they pass',
  ], ['  routing: { mix: [ { model: cheap/model, share: 60% }, { model: dear/model, share: 40% } ] }   # 3. routing']);
  s(on(a.batch), [
    '  batch:                     # 4. share of model calls sent through a batch API (catalog batch rates)',
    `    share: ${pct(a.batch?.share ?? 0.3)}`,
    ...(a.batch?.models ? [`    models: [${a.batch.models.join(', ')}]   # the models with a batch price in the catalog`] : []),
  ], ['  batch: { share: 30% }                          # 4. batch API for calls that can wait']);
  s(on(a.promptCache), [
    '  prompt_cache:              # 5. provider prompt caching of a prefix shared by every request',
    `    prefix_tokens: ${a.promptCache?.prefixTokens ?? 0}`,
    `    hit_rate: ${pct(a.promptCache?.hitRate ?? 0.8)}            # hits pay cache_read, misses cache_write`,
  ], ['  prompt_cache: { prefix_tokens: 400, hit_rate: 80% }   # 5. provider prompt caching']);
  if (![a.prompt, a.cache, a.routing, a.batch, a.promptCache].some(on)) L[strategiesAt] = 'strategies: {}               # none yet; uncomment one below to see what it saves';
  L.push('');
  if (a.budgetMonthly !== undefined) {
    L.push('budget:                      # estimate shows within/over; costopt check exits 1 when over');
    L.push(`  monthly: ${a.budgetMonthly}`);
    L.push('  # max_cost_per_request: 0.01');
  } else {
    L.push('# budget: { monthly: 25000, max_cost_per_request: 0.01 }   # estimate shows within/over; costopt check fails when over');
  }
  return L.join('\n') + '\n';
}
