import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { InputError } from '../../src/core/errors.js';
import { estimateLoaded, loadScenarioFile, loadScenarioText } from '../../src/io/scenario.js';
import { parseSetPath } from '../../src/core/scenario/set.js';
import { ROOT, SEED_CATALOG } from '../helpers/cli.js';

const base = (workload: string, extra = '') => `version: 1
workload:
${workload}
baseline: { model: openai/gpt-4o }
${extra}`;

async function problems(text: string, opts: { set?: string[] } = {}): Promise<string[]> {
  try {
    await loadScenarioText(text, 's.yaml', opts);
  } catch (e) {
    if (e instanceof InputError) return e.diagnostics.map((d) => `${d.file ?? ''}:${d.line ?? ''}:${d.col ?? ''} ${d.path ?? ''}: ${d.message}`);
    throw e;
  }
  return [];
}

describe('the reference scenario (SPEC §3)', () => {
  it('loads exactly as written, with the defaults filled in', async () => {
    const l = await loadScenarioFile(join(ROOT, 'scenarios', 'support-bot.yaml'));
    const s = l.scenario;
    expect(l.name).toBe('support-bot');
    expect(s.catalog).toBe('2026-11-01');
    expect(s.days_per_month).toBe(30);
    expect(s.vars).toEqual({ users: 50000 });
    expect(s.workload).toEqual({ requests_per_day: 1_000_000, input_tokens: 500, output_tokens: 200 });
    expect(s.baseline.model).toBe('openai/gpt-4o');
    expect(s.strategies.prompt).toEqual({ input_token_reduction: 0.3, max_output_tokens: 150 });
    expect(s.strategies.cache?.exact).toEqual({ hit_rate: 0.3, cost_per_hit: 0.0001 });
    expect(s.strategies.cache?.semantic).toEqual({ hit_rate: 0.2, cost_per_hit: 0.0003 });
    expect(s.strategies.routing?.mix?.map((m) => [m.model, m.share])).toEqual([['openai/gpt-3.5-turbo', 0.6], ['openai/gpt-4o-mini', 0.3], ['openai/gpt-4o', 0.1]]);
    expect(s.strategies.batch).toEqual({ share: 0.4 });
    expect(s.strategies.prompt_cache).toEqual({ prefix_tokens: 400, hit_rate: 0.9 });
    expect(s.budget).toEqual({ monthly: 25000, max_cost_per_request: 0.02 });
    expect(l.usedExpressions).toBe(false);
    expect(l.budgetPosition).toMatchObject({ line: expect.any(Number), col: 1 });
    expect(l.source.text.split('\n')[l.budgetPosition!.line! - 1]).toMatch(/^budget:/);
    expect(l.topPosition).toEqual({ file: l.file, line: 1, col: 1 });
  });
});

describe('numbers and shares', () => {
  it.each([['1000000'], ['1_000_000'], ['1e6'], ['"1M"'], ['1M'], ['"1000k"'], ['0.001B']])('requests_per_day: %s is one million', async (v) => {
    const l = await loadScenarioText(base(`  requests_per_day: ${v}\n  input_tokens: 500\n  output_tokens: 200`), 's.yaml');
    expect(l.scenario.workload.requests_per_day).toBeCloseTo(1_000_000, 6);
  });
  it('"500k" and "2.5B"', async () => {
    expect((await loadScenarioText(base('  requests_per_day: 500k\n  input_tokens: 0\n  output_tokens: 1'), 's.yaml')).scenario.workload.requests_per_day).toBe(500_000);
    expect((await loadScenarioText(base('  requests_per_day: "2.5B"\n  input_tokens: 0\n  output_tokens: 1'), 's.yaml')).scenario.workload.requests_per_day).toBe(2.5e9);
  });
  it('shares: 0.3 and "30%" are the same', async () => {
    const w = '  requests_per_day: 1M\n  input_tokens: 500\n  output_tokens: 200';
    const a = await loadScenarioText(base(w, 'strategies:\n  batch: { share: 0.3 }'), 's.yaml');
    const b = await loadScenarioText(base(w, 'strategies:\n  batch: { share: 30% }'), 's.yaml');
    expect(a.scenario.strategies.batch?.share).toBe(0.3);
    expect(b.scenario.strategies.batch?.share).toBe(0.3);
  });
  it('a share over 100% or a negative rate is an error, not clamped', async () => {
    const w = '  requests_per_day: 1M\n  input_tokens: 500\n  output_tokens: 200';
    expect(await problems(base(w, 'strategies:\n  batch: { share: 1.5 }'))).toEqual(['s.yaml:8:19 strategies.batch.share: expected a share between 0% and 100%, got 1.5']);
  });
});

describe('vars and =expressions', () => {
  it('evaluates expressions over vars, vars over vars, and suffixed var values', async () => {
    const l = await loadScenarioText(
      `vars: { users: 50k, per_user: 20, total: "=users * per_user" }
workload:
  requests_per_day: "=total"
  input_tokens: "=round(1000 / 3)"
  output_tokens: "=max(100, users / 1000)"
baseline: { model: openai/gpt-4o }
strategies:
  cache:
    exact: { hit_rate: "=30%", cost_per_hit: "=1 / 10000" }
`,
      's.yaml',
    );
    expect(l.scenario.workload).toEqual({ requests_per_day: 1_000_000, input_tokens: 333, output_tokens: 100 });
    expect(l.scenario.strategies.cache?.exact).toEqual({ hit_rate: 0.3, cost_per_hit: 0.0001 });
    expect(l.usedExpressions).toBe(true);
  });

  it.each([
    ['import({}, {override: true})', 'function "import" is not allowed'],
    ['createUnit("foo")', 'function "createUnit" is not allowed'],
    ['evaluate("1+1")', 'function "evaluate" is not allowed'],
    ['parse("1")', 'function "parse" is not allowed'],
    ['f(x) = x', 'functionassignment expressions are not allowed'],
    ['a = 5', 'assignment expressions are not allowed'],
    ['5 cm', 'unknown variable "cm"'],
    ['[1, 2]', 'array expressions are not allowed'],
    ['users.constructor', 'accessor expressions are not allowed'],
    ['1 > 0 ? 1 : 2', 'expressions are not allowed'],
    ['"abc"', 'only numbers are allowed'],
    ['1 / 0', 'does not give a finite number'],
    ['sqrt(-1)', 'does not give a finite number'],
    ['users +', 'expression "=users +"'],
  ])('sandbox: =%s is refused', async (expr, msg) => {
    const p = await problems(`vars: { users: 10 }\nworkload:\n  requests_per_day: '=${expr}'\n  input_tokens: 1\n  output_tokens: 1\nbaseline: { model: m/x }\n`);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^s\.yaml:3:21 workload\.requests_per_day: /);
    expect(p[0]).toContain(msg);
  });

  it('a cycle between vars is an error', async () => {
    const p = await problems(`vars: { a: "=b + 1", b: "=a + 1" }\nworkload: { requests_per_day: "=a", input_tokens: 1, output_tokens: 1 }\nbaseline: { model: m/x }\n`);
    expect(p.some((x) => x.includes('refers to itself'))).toBe(true);
  });

  it('does not load mathjs for a scenario without expressions', async () => {
    // the loader only imports mathjs inside evaluateExpressions, which runs only when an "=" value exists
    const l = await loadScenarioText(base('  requests_per_day: 1M\n  input_tokens: 500\n  output_tokens: 200'), 's.yaml');
    expect(l.usedExpressions).toBe(false);
  });
});

describe('--set overrides', () => {
  const w = '  requests_per_day: 1M\n  input_tokens: 500\n  output_tokens: 200';
  it('overrides any field, creating missing blocks, values read as YAML', async () => {
    const l = await loadScenarioText(base(w), 's.yaml', { set: ['workload.requests_per_day=2M', 'strategies.batch.share=40%', 'days_per_month=31'] });
    expect(l.scenario.workload.requests_per_day).toBe(2_000_000);
    expect(l.scenario.strategies.batch?.share).toBe(0.4);
    expect(l.scenario.days_per_month).toBe(31);
    expect(l.sets).toEqual(['workload.requests_per_day=2M', 'strategies.batch.share=40%', 'days_per_month=31']);
  });
  it('reaches into lists and re-evaluates expressions over a changed var', async () => {
    const text = `vars: { users: 1000 }
workload: { requests_per_day: "=users * 10", input_tokens: 500, output_tokens: 200 }
baseline: { model: openai/gpt-4o }
strategies:
  routing:
    mix:
      - { model: openai/gpt-4o-mini, share: 50% }
      - { model: openai/gpt-4o, share: 50% }
`;
    const l = await loadScenarioText(text, 's.yaml', { set: ['vars.users=5000', 'strategies.routing.mix[0].share=70%', 'strategies.routing.mix.1.share=30%'] });
    expect(l.scenario.workload.requests_per_day).toBe(50_000);
    expect(l.scenario.strategies.routing?.mix?.map((m) => m.share)).toEqual([0.7, 0.3]);
  });
  it('problems with a --set value are reported against the flag', async () => {
    expect(await problems(base(w), { set: ['workload.requests_per_day=lots'] })).toEqual([
      '--set workload.requests_per_day=lots:: workload.requests_per_day: expected a number (e.g. 1000000, 1_000_000, 1e6, "1M", "500k", "2.5B"), got "lots"',
    ]);
    expect((await problems(base(w), { set: ['workload.request_per_day=2M'] }))[0]).toContain('did you mean "requests_per_day"');
    expect(await problems(base(w), { set: ['nonsense'] })).toEqual([':: --set: expected path=value (e.g. --set workload.requests_per_day=2M), got "nonsense"']);
    expect(await problems(base(w), { set: ['workload.input_tokens.x=1'] })).toEqual(['--set workload.input_tokens.x=1:: workload.input_tokens.x: workload.input_tokens is 500, not a map or list']);
  });
  it('parses paths', () => {
    expect(parseSetPath('a.b[2].c')).toEqual(['a', 'b', 2, 'c']);
    expect(parseSetPath('a.b.2.c')).toEqual(['a', 'b', 2, 'c']);
    expect(parseSetPath('')).toBeUndefined();
    expect(parseSetPath('a..b')).toBeUndefined();
    expect(parseSetPath('[0]')).toBeUndefined();
  });
});

describe('checks that need the catalog', () => {
  it('the catalog: field is relative to the scenario; --catalog and forceCatalog win over it', async () => {
    const text = `catalog: ../catalogs/seed-prices.yaml\n${base('  requests_per_day: 1M\n  input_tokens: 500\n  output_tokens: 200')}`;
    const l = await loadScenarioText(text, join(ROOT, 'test', 'fixtures', 'scenarios', 'x.yaml'));
    expect((await estimateLoaded(l)).catalog.version).toBe('2025-01-01');
    expect((await estimateLoaded(l, { catalog: '2024-06-01' })).catalog.version).toBe('2024-06-01');
    expect((await estimateLoaded(l, { catalog: '2024-06-01', forceCatalog: SEED_CATALOG })).catalog.version).toBe('2025-01-01');
    // --as-of without a release: the newest release (it has price history), at that day
    expect((await estimateLoaded(l, { asOf: '2025-03-01' })).catalog).toMatchObject({ version: '2026-12-01', asOf: '2025-03-01' });
  });
  it('an unknown catalog version in the file points at its catalog: line', async () => {
    const l = await loadScenarioText(`catalog: 2019-01-01\n${base('  requests_per_day: 1M\n  input_tokens: 500\n  output_tokens: 200')}`, 's.yaml');
    await expect(estimateLoaded(l)).rejects.toThrow(/^s\.yaml:1:10 error catalog: unknown catalog version "2019-01-01"/);
  });
  it('pricing_overrides inside the scenario are applied and reported', async () => {
    const text = `catalog: ${SEED_CATALOG}
pricing_overrides:
  - { id: openai/gpt-4o, discount: 20% }
${base('  requests_per_day: 1M\n  input_tokens: 500\n  output_tokens: 200')}`;
    const e = await estimateLoaded(await loadScenarioText(text, 's.yaml'));
    expect(e.baseline.daily).toBeCloseTo(3250 * 0.8, 6);
    expect(e.catalog.overrides?.[0]?.target).toBe('openai/gpt-4o');
  });
});
