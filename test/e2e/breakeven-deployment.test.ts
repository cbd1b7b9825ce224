import { describe, expect, test } from 'vitest';
import { json, runBuilt } from '../helpers/cli.js';
import type { DeploymentResult } from '../../src/core/deployment/calc.js';

/** Deployment options as `costopt estimate` shows them (the scenario's `deployment:` block). */
type Out = { scenarios: { deployments: DeploymentResult[]; deploymentNotes?: string[] }[] };

const D = 'test/fixtures/deployment';

describe('deployment options through costopt estimate', () => {
  test('every kind, priced by hand', () => {
    const j = json<Out>(runBuilt(['estimate', `${D}/every-kind.yaml`, '--format', 'json']));
    const d = j.scenarios[0]!.deployments;
    const row = (n: string) => d.find((x) => x.name === n)!;
    // peak 144 rps / (40 x 80%) = 4.5 -> 5 m7i, always on: 5 x 720 x $0.2016
    expect(row('sized-for-peak').monthly).toBeCloseTo(725.76, 9);
    expect(row('sized-for-peak').instances).toEqual({ peak: 5, average: 5 });
    // 12 h at 48 rps -> 2, 12 h at 144 rps -> 5: 84 instance-hours a day x 30 x $0.2016
    expect(row('autoscaled').monthly).toBeCloseTo(508.032, 9);
    expect(row('autoscaled').instanceHours).toBe(2520);
    expect(row('autoscaled').instances).toEqual({ peak: 5, average: 3.5 });
    // catalog spot $0.1298 x 2 x 720
    expect(row('spot').monthly).toBeCloseTo(186.912, 9);
    // reserved 1y $0.204 x 2 x 720, wins above 60% utilization
    expect(row('reserved').monthly).toBeCloseTo(293.76, 9);
    expect(row('reserved').breakEvenUtilizationPercent).toBeCloseTo(60, 9);
    // Lambda 512 MB x 100 ms with the free tier: 248.832M requests -> 12,441,600 GB-s - 400k free,
    // 247.832M billable requests
    expect(row('lambda').monthly).toBeCloseTo(12_041_600 * 0.0000166667 + 247.832 * 0.2, 9);
    expect(d.filter((x) => x.cheapest).map((x) => x.name)).toEqual(['spot']);
    const t = runBuilt(['estimate', `${D}/every-kind.yaml`]);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('Deployment options (* = cheapest');
    expect(t.stdout).toMatch(/autoscaled\s+│ autoscaled\s+│ aws\/m7i\.xlarge\s+│\s+5 \/ 3\.5\s+│\s+2,520 │ \$508\.03/);
  });

  test('the bundled scenario shows each kind and its table', () => {
    const r = runBuilt(['estimate', 'scenarios/deployment-options.yaml']);
    expect(r.code).toBe(0);
    for (const kind of ['always-on', 'autoscaled', 'spot', 'reserved', 'serverless']) expect(r.stdout).toContain(`│ ${kind}`);
    // shipped catalog: g4dn.xlarge $0.526 and c5.2xlarge $0.34 always on, Lambda 1024 MB x 50 ms at 5M/day
    expect(r.stdout).toContain('$378.72');
    expect(r.stdout).toContain('$244.80');
    expect(r.stdout).toContain('$155.00');
    expect(r.stdout).toContain('beats lambda above 7.897M requests/day');
  });

  test.each([
    ['memory-out-of-range.yaml', ':8:74 error deployment.options[0].memory_mb: aws/lambda allows 128 to 10240 MB, got 65536'],
    ['hourly-23-values.yaml', ':8:13 error deployment.traffic.hourly: expected 24 hourly multipliers (00:00 to 23:00), got 23'],
    ['several-problems.yaml', ':8:24 error deployment.options[0].kind: unknown kind "alwayson"; did you mean "always_on"?'],
    ['several-problems.yaml', ':9:78 error deployment.options[1].throughput_rps: expected a number > 0'],
    ['several-problems.yaml', ':9:101 error deployment.options[1].target_utilization: expected a share between 0% and 100%, got "150%"'],
  ])('bad: %s -> exit 2 at file:line:col', (file, expected) => {
    const path = `${D}/bad/${file}`;
    const r = runBuilt(['estimate', path]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${path}${expected}`);
  });
});
