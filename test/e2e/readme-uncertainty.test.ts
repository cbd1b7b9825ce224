import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, json, runBuilt } from '../helpers/cli.js';

/**
 * docs/uncertainty.md (the README's Uncertainty section until it moved there) prints what the commands print on the bundled example
 * (shipped catalog, seed 1): the simulation table and histogram, the P10/P50/P90 quoted in the
 * text, and the sensitivity table. When the catalog or the calculator changes, the page is
 * updated with it.
 */
const readme = readFileSync(join(ROOT, 'docs', 'uncertainty.md'), 'utf8');

function block(after: string, first: string): string {
  const start = readme.indexOf(`${after}\n`);
  expect(start, after).toBeGreaterThan(0);
  const from = readme.indexOf(first, start);
  return readme.slice(from, readme.indexOf('\n```', from));
}

describe('docs/uncertainty.md: uncertainty examples are what the commands print', () => {
  it('costopt estimate scenarios/launch-forecast.yaml --simulate', () => {
    const r = runBuilt(['estimate', 'scenarios/launch-forecast.yaml', '--simulate']);
    expect(r.code).toBe(0);
    const b = block('$ costopt estimate scenarios/launch-forecast.yaml --simulate', 'Simulation:');
    expect(r.stdout).toContain(b);
  });
  it('the P10/P50/P90 the text quotes', () => {
    const s = json<{ scenarios: { plan: { monthly: number }; simulation: { monthly: Record<string, number>; budgetBreachProbability: number } }[] }>(runBuilt(['estimate', 'scenarios/launch-forecast.yaml', '--simulate', '--format', 'json'])).scenarios[0]!;
    const usd = (n: number) => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    expect(readme).toContain(`**P10 ${usd(s.simulation.monthly.p10!)}, P50 ${usd(s.simulation.monthly.p50!)}, P90 ${usd(s.simulation.monthly.p90!)}**`);
    expect(readme).toContain(`The point estimate of the same run (medians) is ${usd(s.plan.monthly)} a month`);
    expect(readme).toContain(`${Number((s.simulation.budgetBreachProbability * 100).toFixed(1))}% of draws break the $25,000 budget`);
  });
  it('costopt sensitivity scenarios/launch-forecast.yaml --simulate', () => {
    const r = runBuilt(['sensitivity', 'scenarios/launch-forecast.yaml', '--simulate']);
    expect(r.code).toBe(0);
    const b = block('$ costopt sensitivity scenarios/launch-forecast.yaml --simulate', 'launch-forecast  ·');
    expect(r.stdout).toContain(b);
  });
});
