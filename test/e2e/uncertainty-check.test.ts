import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ROOT, json, runBuilt } from '../helpers/cli.js';

// The built CLI (npm test builds first), run in the fixture folder as CI runs `costopt check`.
const DIR = join(ROOT, 'test', 'fixtures', 'uncertainty');

describe('check with confidence budgets', () => {
  it('costopt.yaml confidence: 50% holds P50 to max_monthly; the scenario budget holds its P90', () => {
    const r = runBuilt(['check', '--format', 'json'], { cwd: DIR });
    expect(r.code).toBe(1);
    const rows = json<{ results: { budget: string; value: number; status: string; confidence?: number }[] }>(r).results;
    const cfg = rows.find((x) => x.budget === 'max_monthly')!;
    const own = rows.find((x) => x.budget === 'budget.monthly')!;
    // P50 = $90,000 (SE $36,000 x sqrt(0.25 / 10,000) = $180) within $95,000; P90 = $104,400 over $100,000
    expect(cfg.confidence).toBe(0.5);
    expect(Math.abs(cfg.value - 90_000)).toBeLessThan(4 * 180);
    expect(cfg.status).toBe('within');
    expect(own.confidence).toBe(0.9);
    expect(own.status).toBe('over');
  });
});

