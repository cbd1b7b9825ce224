import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, SEED_CATALOG, json, runBuilt } from '../helpers/cli.js';
import { gitIn } from '../helpers/git.js';

interface Step { strategy: string; oldMonthly: number | null; newMonthly: number | null; changeMonthly: number; changePercent: number | null; priceChange: number | null; assumptionChange: number | null; absentIn?: string }
interface Scn extends Omit<Step, 'strategy'> { name: string; status: string; split: { method: string; reason?: string }; steps: Step[] }
interface Out extends Omit<Step, 'strategy'> { command: string; scenarios: Scn[] }

const D = join('test', 'fixtures', 'check', 'diff');
const close = (actual: number | null | undefined, expected: number) => expect(actual ?? NaN).toBeCloseTo(expected, 6);

/**
 * The reference scenario between the shipped 2024-06-01 and 2026-11-01 catalogs. This test uses
 * the shipped catalogs by design; every figure below is worked out by hand from their prices
 * (USD per 1M tokens, input/output; batch at half):
 *   2024-06-01: gpt-4o 5.00/15.00, gpt-3.5-turbo 0.50/1.50, no gpt-4o-mini, no prompt caching
 *   2026-11-01: gpt-4o 2.50/10.00 (cache read 1.25), gpt-4o-mini 0.15/0.60 (cache read 0.075),
 *               gpt-3.5-turbo 0.50/1.50
 * 1M requests/day, 500 in + 200 out; prompt: 350 in + 150 out; cache: 50% of requests reach the
 * models, hits cost 0.3M x $0.0001 + 0.2M x $0.0003 = $90/day; 30-day month.
 *
 * support-bot-2024.yaml (mix 60% gpt-3.5-turbo / 40% gpt-4o, batch 40%) at 2024-06-01, per day:
 *   baseline 500x5 + 200x15 = $5,500 -> $165,000/month; prompt 350x5 + 150x15 = $4,000 -> $120,000
 *   cache 0.5x4,000 + 90 = $2,090 -> $62,700; routing: 3.5 = 350x0.5+150x1.5 = $400/M requests,
 *   4o = $4,000/M: 0.6x400 + 0.4x4,000 = $1,840/M x 0.5M = $920 + 90 = $1,010 -> $30,300
 *   batch: 920 x (0.6 + 0.4/2) = $736 + 90 = $826 -> $24,780
 * the same assumptions at 2026-11-01: baseline 500x2.5+200x10 = $3,250 -> $97,500; prompt $2,375 ->
 *   $71,250; cache 1,187.5+90 -> $38,325; routing 0.6x400+0.4x2,375 = $1,190/M x 0.5 = $595 + 90 ->
 *   $20,550; batch 595 x 0.8 = $476 + 90 = $566 -> $16,980
 */
describe('diff of the reference scenario between the 2024-06-01 and 2026-11-01 catalogs', () => {
  it('a price change and an assumption change in the same diff are told apart', () => {
    // head: the same strategies at 2026-11-01 with 1.2M requests/day (everything scales by 1.2):
    //   head = 1.2 x 16,980 = 20,376; head's assumptions at 2024 prices = 1.2 x 24,780 = 29,736
    //   price = 20,376 - 29,736 = -9,360; assumption = 29,736 - 24,780 = +4,956; total -4,404
    const r = runBuilt(['diff', join(D, 'support-bot-2024.yaml'), join(D, 'support-bot-2026-more-traffic.yaml'), '--format', 'json']);
    expect(r.code).toBe(0);
    const o = json<Out>(r);
    const s = o.scenarios[0]!;
    expect(s.split.method).toBe('head-assumptions-at-both-catalogs');
    close(s.oldMonthly, 24780);
    close(s.newMonthly, 20376);
    close(s.changeMonthly, -4404);
    close(s.priceChange, -9360);
    close(s.assumptionChange, 4956);
    close(s.changePercent, (-4404 / 24780) * 100);
    const step = (k: string) => s.steps.find((x) => x.strategy === k)!;
    // baseline: 165,000 -> 1.2 x 97,500 = 117,000; price 117,000 - 1.2 x 165,000 = -81,000; assumption +33,000
    close(step('baseline').changeMonthly, -48000);
    close(step('baseline').priceChange, -81000);
    close(step('baseline').assumptionChange, 33000);
    // routing: 30,300 -> 1.2 x 20,550 = 24,660; price 24,660 - 1.2 x 30,300 = -11,700; assumption +6,060
    close(step('routing').newMonthly, 24660);
    close(step('routing').priceChange, -11700);
    close(step('routing').assumptionChange, 6060);
    for (const c of [s, ...s.steps]) close((c.priceChange ?? NaN) + (c.assumptionChange ?? NaN), c.changeMonthly);
  });

  it("against scenarios/support-bot.yaml itself: head's models are not in 2024-06-01, so base's assumptions are priced under both", () => {
    // head (the reference, 2026-11-01), per day: routing 0.6x400 + 0.3x142.5 + 0.1x2,375 = $520.25/M x 0.5M
    //   = $260.125 + 90 -> $10,503.75/month; batch 260.125 x 0.8 + 90 = $298.10 -> $8,943;
    //   prompt_cache: 400-token prefix x 0.7 = 280 tokens, 90% hits on the 60% of calls not batched,
    //   mini 0.15M x 0.6 x 0.9 x 280 x (0.15-0.075)/1M = $1.701, 4o 0.05M x 0.6 x 0.9 x 280 x
    //   (2.50-1.25)/1M = $9.45 (misses pay cache_write = the input rate): 298.10 - 11.151 = $286.949
    //   -> $8,608.47/month
    // price = base at 2026 - base at 2024 = 16,980 - 24,780 = -7,800
    // assumption = head - base at 2026 = 8,608.47 - 16,980 = -8,371.53; total -16,171.53
    const r = runBuilt(['diff', join(D, 'support-bot-2024.yaml'), 'scenarios/support-bot.yaml', '--format', 'json']);
    expect(r.code).toBe(0);
    const s = json<Out>(r).scenarios[0]!;
    expect(s.split.method).toBe('base-assumptions-at-both-catalogs');
    expect(s.split.reason).toMatch(/openai\/gpt-4o-mini/);
    close(s.oldMonthly, 24780);
    close(s.newMonthly, 8608.47);
    close(s.priceChange, -7800);
    close(s.assumptionChange, -8371.53);
    close(s.changeMonthly, -16171.53);
    expect(s.steps.map((x) => x.strategy)).toEqual(['baseline', 'prompt', 'cache', 'routing', 'batch', 'prompt_cache']);
    const expected: [string, number, number, number, number][] = [
      // strategy, old, new, price, assumption
      ['baseline', 165000, 97500, -67500, 0],
      ['prompt', 120000, 71250, -48750, 0],
      ['cache', 62700, 38325, -24375, 0],
      ['routing', 30300, 10503.75, -9750, -10046.25],
      ['batch', 24780, 8943, -7800, -8037],
      // base has no prompt_cache step: its cost after it is its batch step's
      ['prompt_cache', 24780, 8608.47, -7800, -8371.53],
    ];
    for (const [k, o, n, p, a] of expected) {
      const x = s.steps.find((y) => y.strategy === k)!;
      close(x.oldMonthly, o);
      close(x.newMonthly, n);
      close(x.priceChange, p);
      close(x.assumptionChange, a);
    }
    expect(s.steps.find((y) => y.strategy === 'prompt_cache')?.absentIn).toBe('base');
  });

  it('--base-catalog/--head-catalog price one scenario under two catalogs: all of the change is prices', () => {
    // support-bot-2024's assumptions: 24,780 at 2024-06-01 -> 16,980 at 2026-11-01
    const f = join(D, 'support-bot-2024.yaml');
    const r = runBuilt(['diff', f, f, '--base-catalog', '2024-06-01', '--head-catalog', '2026-11-01', '--format', 'json']);
    expect(r.code).toBe(0);
    const s = json<Out>(r).scenarios[0]!;
    close(s.changeMonthly, -7800);
    close(s.priceChange, -7800);
    close(s.assumptionChange, 0);
  });
});

describe('diff with the seed test catalogs', () => {
  it('markdown: summary line, step table with the split', () => {
    // base routing-bot: $21,405; head: gpt-4o cut to 2.00/8.00 ($2,600/M requests) and mix 50/30/20:
    // 0.5x550 + 0.3x195 + 0.2x2,600 = $853.50/day = $25,605; at the old prices 0.5x550 + 0.3x195 +
    // 0.2x3,250 = $983.50/day = $29,505: prices 25,605 - 29,505 = -3,900, assumptions +8,100
    const r = runBuilt(['diff', 'test/fixtures/check/breaches/scenarios/routing.yaml', join(D, 'routing-cut.yaml'), '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('**Monthly cost $21,405.00 -> $25,605.00: +$4,200.00 (+19.62%); prices -$3,900.00, assumptions +$8,100.00**');
    expect(r.stdout).toContain('| baseline | $97,500.00 | $78,000.00 | -$19,500.00 | -20% | -$19,500.00 | $0.00 |');
  });

  it('two saved results: the change, and why prices and assumptions cannot be separated', () => {
    const dir = mkdtempSync(join(tmpdir(), 'costopt-diff-'));
    const head = runBuilt(['estimate', 'test/fixtures/check/breaches/scenarios/routing.yaml', '--format', 'json']);
    expect(head.code).toBe(0);
    writeFileSync(join(dir, 'head.json'), head.stdout);
    // base.json (hand-made): $19,264.50 -> $21,405: +$2,140.50, +11.11%
    const r = runBuilt(['diff', join(FIXTURES, 'check', 'breaches', 'base.json'), join(dir, 'head.json'), '--format', 'json']);
    expect(r.code).toBe(0);
    const o = json<Out>(r);
    close(o.changeMonthly, 2140.5);
    close(o.changePercent, (2140.5 / 19264.5) * 100);
    expect(o.priceChange).toBeNull();
    expect(o.scenarios[0]?.split).toEqual({ method: 'unavailable', reason: 'saved results carry no assumptions to re-price; diff scenario files to separate price from assumption changes' });
  });

  it('bad input: one file, a missing file, a broken scenario', () => {
    let r = runBuilt(['diff', join(D, 'routing-cut.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/diff: expected two files, <base> and <head>/);
    r = runBuilt(['diff', join(D, 'routing-cut.yaml'), 'nope.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^nope\.yaml error cannot read file: no such file/m);
    r = runBuilt(['diff', join(D, 'routing-cut.yaml'), 'test/fixtures/check/bad/scenarios/unknown-model.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^test\/fixtures\/check\/bad\/scenarios\/unknown-model\.yaml:5:20 error baseline\.model: unknown model/m);
  });
});

/** The routing bot of the seed-prices golden, sending `share4o` percent of its traffic to gpt-4o. */
const routingBot = (name: string, catalog: string, share4o: number) => `version: 1
name: ${name}
catalog: ${JSON.stringify(catalog)}
workload: { requests_per_day: 1M, input_tokens: 500, output_tokens: 200 }
baseline: { model: openai/gpt-4o }
strategies:
  routing:
    mix:
      - { model: openai/gpt-3.5-turbo, share: ${90 - share4o}% }
      - { model: openai/gpt-4o-mini, share: 10% }
      - { model: openai/gpt-4o, share: ${share4o}% }
`;

describe('diff --base-ref', () => {
  let dir: string;
  const git = (...args: string[]) => gitIn(dir, ...args);
  const bot = (share4o: number) => routingBot('bot', SEED_CATALOG, share4o);
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'costopt-diffref-'));
    git('init', '-q', '-b', 'main');
    writeFileSync(join(dir, 'bot.yaml'), bot(10));
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    writeFileSync(join(dir, 'bot.yaml'), bot(20));
  });
  it('compares the working file with the file at the ref; same catalog, so all assumptions', () => {
    // per day: 80% x 550 + 10% x 195 + 10% x 3,250 = 440 + 19.5 + 325 = $784.50 -> $23,535
    //          70% x 550 + 10% x 195 + 20% x 3,250 = 385 + 19.5 + 650 = $1,054.50 -> $31,635
    const r = runBuilt(['diff', '--base-ref', 'HEAD', 'bot.yaml', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const s = json<Out>(r).scenarios[0]!;
    close(s.oldMonthly, 23535);
    close(s.newMonthly, 31635);
    expect(s.split.method).toBe('same-catalog');
    close(s.priceChange, 0);
    close(s.assumptionChange, 8100);
  });
});

describe('diff --base-ref, several scenarios, --format html', () => {
  // the routing bot of the seed-prices golden: gpt-4o at $2.50/$10 (seed) or $2.00/$8.00 (cut);
  // 500 in / 200 out is $3,250 a day per 1M requests on gpt-4o, $2,600 cut
  const CUT = join(FIXTURES, 'catalogs', 'seed-prices-cut.yaml');
  const bot = routingBot;
  it('draws each scenario\'s price part and assumption part side by side', () => {
    const dir = mkdtempSync(join(tmpdir(), 'costopt-diffhtml-'));
    const git = (...args: string[]) => gitIn(dir, ...args);
    git('init', '-q', '-b', 'main');
    writeFileSync(join(dir, 'a.yaml'), bot('bot-a', SEED_CATALOG, 10));
    writeFileSync(join(dir, 'b.yaml'), bot('bot-b', SEED_CATALOG, 10));
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    // a: gpt-4o cut and twice the share; b: only the cut
    writeFileSync(join(dir, 'a.yaml'), bot('bot-a', CUT, 20));
    writeFileSync(join(dir, 'b.yaml'), bot('bot-b', CUT, 10));
    const r = runBuilt(['diff', '--base-ref', 'HEAD', 'a.yaml', 'b.yaml', '--format', 'html'], { cwd: dir });
    expect(r.code).toBe(0);
    // a: 10% -> 20% of traffic to gpt-4o at the old price: +10% x $3,250 x 30 = +$9,750 - 10% x $550 x 30 = +$8,100;
    //    then the cut on 20%: -20% x $650 x 30 = -$3,900.  b: the cut on 10%: -10% x $650 x 30 = -$1,950, no assumption change
    expect(r.stdout).toContain('<figure id="diff-per-scenario">');
    for (const t of ['bot-a, prices: -$3,900.00', 'bot-a, assumptions: +$8,100.00', 'bot-b, prices: -$1,950.00', 'bot-b, assumptions: $0.00']) expect(r.stdout).toContain(`<title>${t}</title>`);
    expect(r.stdout).toContain('bot-a prices -$3,900.00, assumptions +$8,100.00; bot-b prices -$1,950.00, assumptions $0.00');
  });
});
