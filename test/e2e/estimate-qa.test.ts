import { describe, expect, it } from 'vitest';
import { json, runCli, SEED_CATALOG } from '../helpers/cli.js';

/**
 * QA pass over estimate / validate / init / breakeven (as a user planning a workload).
 * Each test failed on the code before its fix; the figures are worked out by hand from the
 * seed test catalog (gpt-4o $2.50 / $10.00 per 1M tokens).
 */

describe('estimate --breakdown: token quantities read as token counts', () => {
  it('500M tokens a day, not "500 1M tokens"', async () => {
    // 1M requests/day x 500 input tokens = 500M input tokens a day; x 200 output = 200M
    const r = await runCli(['estimate', 'scenarios/support-bot.yaml', '--catalog', SEED_CATALOG, '--breakdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\d 1M tokens/);
    expect(r.stdout).toMatch(/│ input tokens +│ +500M tokens │ +\$2\.50 per 1M tokens │/);
    expect(r.stdout).toMatch(/│ output tokens +│ +200M tokens │ +\$10\.00 per 1M tokens │/);
    // routing, 10% of the 500k routed requests on gpt-4o at 350 input tokens: 17.5M tokens
    expect(r.stdout).toMatch(/│ +17\.5M tokens │ +\$2\.50 per 1M tokens │ +\$43\.75 │/);
  });

  it('the JSON keeps quantities in the line\'s unit (1M tokens) for spreadsheets', async () => {
    const r = await runCli(['estimate', 'scenarios/support-bot.yaml', '--catalog', SEED_CATALOG, '--format', 'json']);
    const line = json<{ scenarios: { steps: { lines: { quantity: number; unit: string }[] }[] }[] }>(r).scenarios[0]!.steps[0]!.lines[0]!;
    expect(line).toMatchObject({ quantity: 500, unit: '1M tokens' });
  });
});

describe('breakeven: the never-breaks-even reason writes prices as money', () => {
  it('"the API ($0.10/1M)", not "$0.1/1M"', async () => {
    // $1.50/h over 3,000 tokens/s x 3,600 = 10.8M tokens/hour: $0.1389/1M at full load, above the API's $0.10
    const r = await runCli(['breakeven', '--gpu-hourly', '1.50', '--throughput', '3000', '--api-price', '0.10', '--catalog', SEED_CATALOG]);
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('never: the API ($0.10/1M) is cheaper than self-hosting even at full load ($0.1389/1M for the GPUs alone)');
    const j = json<{ breakEven: { reason: string; tokensPerHour: null } }>(await runCli(['breakeven', '--gpu-hourly', '1.50', '--throughput', '3000', '--api-price', '0.1', '--format', 'json', '--catalog', SEED_CATALOG]));
    expect(j.breakEven.tokensPerHour).toBeNull();
    expect(j.breakEven.reason).toContain('($0.10/1M)');
  });
});
