import { describe, expect, it } from 'vitest';
import { ROOT, runBuilt } from '../helpers/cli.js';

/** calibrate and variance as a user runs them (the built CLI): failure paths, exit codes, stderr. */
describe('costopt calibrate / variance, built', () => {
  it('variance: --set makes the plan wrong where the usage says so; json on stdout, nothing on stderr', () => {
    const r = runBuilt(['variance', 'test/fixtures/variance/plan.yaml', 'test/fixtures/variance/usage-2026-03.csv.gz', '--as-of', '2026-02-15', '--set', 'workload.requests_per_day=120', '--format', 'json'], { cwd: ROOT });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    const out = JSON.parse(r.stdout) as { variance: { parts: { effect: string; exact: string }[] } };
    // the plan now has the usage's 120 requests a day: no volume effect left
    expect(out.variance.parts.find((p) => p.effect === 'volume')?.exact).toBe('0');
  });

  it('variance: a usage file that is not there is exit 2 naming it, nothing on stdout', () => {
    const r = runBuilt(['variance', 'test/fixtures/variance/plan.yaml', 'no-such-usage.csv'], { cwd: ROOT });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no-such-usage.csv');
    expect(r.stdout).toBe('');
  });

  it('calibrate: no usage given is exit 2 with the form to use', () => {
    const r = runBuilt(['calibrate'], { cwd: ROOT });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('costopt calibrate logs/*.csv --out observed.yaml');
  });
});
