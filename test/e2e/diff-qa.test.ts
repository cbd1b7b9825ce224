import { describe, expect, it } from 'vitest';
import { json, runCli } from '../helpers/cli.js';

// Found by the QA pass over `costopt diff`: the split must add up to the change as printed.
const F = 'test/fixtures/diff-cents';
const args = [`${F}/base.yaml`, `${F}/head.yaml`, '--base-catalog', `${F}/catalog-a.yaml`, '--head-catalog', `${F}/catalog-b.yaml`];

describe('diff with half-cent costs', () => {
  it('prints parts that add up to the change: +$5.13 = prices +$5.00 + assumptions +$0.13', async () => {
    // base $100.00 at a; head $105.13125 at b -> $105.13; head at a $100.125 -> $100.13:
    // prices 105.13 - 100.13 = +$5.00, assumptions 100.13 - 100.00 = +$0.13
    const r = await runCli(['diff', ...args]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Monthly cost $100.00 -> $105.13: +$5.13 (+5.13%); prices +$5.00, assumptions');
    expect(r.stdout).toMatch(/assumptions\s+\+\$0\.13/);
    expect(r.stdout).not.toContain('+$5.01');
  });

  it('JSON carries whole cents', async () => {
    const j = json<{ oldMonthly: number; newMonthly: number; changeMonthly: number; priceChange: number; assumptionChange: number }>(await runCli(['diff', ...args, '--format', 'json']));
    expect([j.oldMonthly, j.newMonthly, j.changeMonthly, j.priceChange, j.assumptionChange]).toEqual([100, 105.13, 5.13, 5, 0.13]);
  });
});

describe('diff of saved results refuses pricing flags it cannot apply', () => {
  const saved = 'test/fixtures/check/breaches/base.json';
  it('--head-catalog on a saved result: exit 2 naming the flag and the file, nothing on stdout', async () => {
    const r = await runCli(['diff', saved, saved, '--head-catalog', '2024-06-01']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`error --head-catalog: cannot re-price ${saved}: a saved result carries its costs`);
    expect(r.stderr).toContain('hint: diff the scenario files');
  });

  it('--catalog when both sides are saved results: exit 2', async () => {
    const r = await runCli(['diff', saved, saved, '--catalog', '2024-06-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error --catalog: cannot re-price');
  });

  it('--catalog with a scenario file on one side still prices that side', async () => {
    const r = await runCli(['diff', saved, 'test/fixtures/check/breaches/scenarios/routing.yaml', '--catalog', 'test/fixtures/catalogs/seed-prices.yaml']);
    expect(r.code).toBe(0);
  });
});

describe('diff at 80 columns', () => {
  it('no line is wider than the terminal: a long base/head value wraps under itself', async () => {
    const r = await runCli(['diff', 'test/fixtures/check/diff/support-bot-2024.yaml', 'test/fixtures/check/diff/support-bot-2026-more-traffic.yaml', '--catalog', 'test/fixtures/catalogs/seed-prices.yaml'], { env: { COLUMNS: '80' } });
    expect(r.code).toBe(0);
    for (const l of r.stdout.split('\n')) expect(l.length).toBeLessThanOrEqual(80);
    expect(r.stdout).toMatch(/^base {10}test\/fixtures\/check\/diff\/support-bot-2024\.yaml \(catalog seed-test\n {14}2025-01-01\)$/m);
  });
});
