import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { deploymentSchema, type DeploymentSpec } from '../../src/core/deployment/schema.js';
import { breakEvenVolume, estimateDeployments, trafficShape, type DeploymentOutput, type DeploymentResult } from '../../src/core/deployment/calc.js';
import { peakToAverageShape, profileShape, TRAFFIC_PROFILES } from '../../src/core/deployment/profiles.js';
import { InputError, formatDiagnostic } from '../../src/core/errors.js';
import { catalogSchema } from '../../src/core/catalog/schema.js';
import { locateIssues, parseWith } from '../../src/io/validate.js';
import { loadYamlFile, parseYaml } from '../../src/io/yaml.js';
import { deploymentBlocks } from '../../src/render/present/deployment.js';
import { renderTable } from '../../src/render/table.js';
import { FIXTURES, SEED_CATALOG } from '../helpers/cli.js';

const seed = parseWith(catalogSchema, loadYamlFile(SEED_CATALOG));

/** What estimate does with a scenario's deployment block: parse, price, locate the issues. */
function run(yaml: string, opts: { requestsPerDay?: number; days?: number; file?: string } = {}): DeploymentOutput & { spec: DeploymentSpec } {
  const src = parseYaml(yaml, opts.file ?? 'deployment.yaml');
  const spec = parseWith(deploymentSchema, src);
  const out = estimateDeployments(spec, { catalog: seed, daysPerMonth: opts.days ?? 30, requestsPerDay: opts.requestsPerDay ?? 5_000_000 });
  if (out.issues.length) throw new InputError(locateIssues(src, out.issues));
  return { ...out, spec };
}

function errorsOf(yaml: string): string[] {
  try {
    run(yaml);
  } catch (e) {
    if (e instanceof InputError) return e.diagnostics.map(formatDiagnostic);
    throw e;
  }
  throw new Error('expected an InputError');
}

const byName = (out: DeploymentOutput, name: string): DeploymentResult => out.deployments.find((d) => d.name === name) as DeploymentResult;

const SEED_003 = `
requests_per_day: 5M
options:
  - { name: gpu-always-on, kind: always_on, instance: aws/g4dn.xlarge, count: 1 }
  - { name: cpu-always-on, kind: always_on, instance: aws/c5.2xlarge, count: 1 }
  - { name: lambda, kind: serverless, platform: aws/lambda, memory_mb: 1024, duration_ms: 50 }
  - { name: spot, kind: spot, instance: aws/c5.2xlarge, count: 1, discount: 70% }
  - { name: reserved, kind: reserved, instance: aws/c5.2xlarge, count: 1, term: 1y }
`;

describe('seed 003 (SPEC §7): 5M requests/day, 30-day month', () => {
  const out = run(SEED_003, { requestsPerDay: 0 });
  test('g4dn.xlarge always-on: $0.526 x 720 h = $378.72', () => {
    expect(byName(out, 'gpu-always-on').monthly).toBeCloseTo(378.72, 9);
    expect(byName(out, 'gpu-always-on').instanceHours).toBe(720);
    expect(byName(out, 'gpu-always-on').instances).toEqual({ peak: 1, average: 1 });
  });
  test('c5.2xlarge always-on: $0.34 x 720 h = $244.80', () => {
    expect(byName(out, 'cpu-always-on').monthly).toBeCloseTo(244.8, 9);
  });
  test('Lambda 1024 MB x 50 ms: 7.5M GB-s x $0.0000166667 = $125.00, plus 150 x $0.20 = $30.00: $155.00 (no free tier)', () => {
    const l = byName(out, 'lambda');
    expect(l.lines.map((x) => x.quantity)).toEqual([7_500_000, 150]);
    expect(l.lines[0]!.monthly).toBeCloseTo(125.0, 2);
    expect(l.lines[1]!.monthly).toBeCloseTo(30.0, 9);
    expect(l.monthly).toBeCloseTo(155.0, 2);
    expect(l.instanceHours).toBeNull();
    expect(l.notes.join()).toContain('cold starts add about 250 ms');
  });
  test('spot c5.2xlarge at 70% off: 720 x $0.102 = $73.44', () => {
    expect(byName(out, 'spot').monthly).toBeCloseTo(73.44, 9);
  });
  test('reserved 1y c5.2xlarge ($0.204, 40% off): $146.88, wins above 60% utilization', () => {
    const r = byName(out, 'reserved');
    expect(r.monthly).toBeCloseTo(146.88, 9);
    expect(r.breakEvenUtilizationPercent).toBeCloseTo(60, 9);
    expect(r.notes.join()).toContain('more than 60% of the time');
  });
  test('the cheapest is marked (spot), only one', () => {
    expect(out.deployments.filter((d) => d.cheapest).map((d) => d.name)).toEqual(['spot']);
    expect(out.summary.cheapest).toBe('spot');
  });
  test('cost per 1M requests: $244.80 / 150 = $1.632', () => {
    expect(byName(out, 'cpu-always-on').costPerMillionRequests).toBeCloseTo(1.632, 9);
  });
  test('the cheapest always-on option (c5.2xlarge) beats Lambda above $8.16/day / $1.0333 per 1M = 7.90M requests/day', () => {
    const perRequest = 1 * 0.05 * 0.0000166667 + 0.2 / 1e6;
    const v = 244.8 / 30 / perRequest;
    expect(out.summary.alwaysOnBeatsServerlessAbove).toMatchObject({ alwaysOn: 'cpu-always-on', serverless: 'lambda' });
    expect(out.summary.alwaysOnBeatsServerlessAbove!.requestsPerDay).toBeCloseTo(v, 0);
    expect(out.notes.join()).toContain('beats lambda above 7.897M requests/day');
  });
  test('deployment.requests_per_day wins over the workload; without it the workload is used', () => {
    const w = run(SEED_003.replace('requests_per_day: 5M\n', ''), { requestsPerDay: 1_000_000 });
    expect(byName(w, 'lambda').monthly).toBeCloseTo(31.0, 2); // 30M req: 1.5M GB-s = $25 + $6
  });
});

describe('sizing and traffic shapes (hand-worked)', () => {
  test('always-on sized from the peak: 5M/day x 3 peak = 173.6 rps / (40 x 80%) = 5.43 -> 6 instances', () => {
    const out = run(`
requests_per_day: 5M
traffic: { peak_to_average: 3 }
options:
  - { name: cpu, kind: always_on, instance: aws/m7i.xlarge, throughput_rps: 40, target_utilization: 80% }
`);
    expect(out.summary.peakRps).toBeCloseTo((5e6 / 86400) * 3, 6);
    expect(byName(out, 'cpu').instances).toEqual({ peak: 6, average: 6 });
    expect(byName(out, 'cpu').monthly).toBeCloseTo(6 * 720 * 0.2016, 9);
    expect(byName(out, 'cpu').capacityRps).toBeCloseTo(6 * 32, 9);
  });
  const halfAndHalf = `[${[...Array(12).fill(0.5), ...Array(12).fill(1.5)].join(', ')}]`;
  test('autoscaled per hour: 96 rps average, hours at 48 rps need 2, at 144 rps need 5 (40 x 80% = 32 each)', () => {
    const out = run(`
requests_per_day: 8294400
traffic: { hourly: ${halfAndHalf} }
options:
  - { name: auto, kind: autoscaled, instance: aws/m7i.xlarge, throughput_rps: 40, target_utilization: 80%, min_instances: 1, max_instances: 20 }
  - { name: peak, kind: always_on, instance: aws/m7i.xlarge, throughput_rps: 40, target_utilization: 80% }
`);
    const auto = byName(out, 'auto');
    expect(auto.instances).toEqual({ peak: 5, average: 3.5 });
    expect(auto.instanceHours).toBe((12 * 2 + 12 * 5) * 30);
    expect(auto.monthly).toBeCloseTo(2520 * 0.2016, 9);
    expect(byName(out, 'peak').monthly).toBeCloseTo(5 * 720 * 0.2016, 9);
  });
  test('min_instances holds the floor, max_instances caps it with a note', () => {
    const out = run(`
requests_per_day: 8294400
traffic: { hourly: ${halfAndHalf} }
options:
  - { name: auto, kind: autoscaled, instance: aws/m7i.xlarge, throughput_rps: 40, target_utilization: 80%, min_instances: 3, max_instances: 4 }
`);
    expect(byName(out, 'auto').instances).toEqual({ peak: 4, average: 3.5 });
    expect(byName(out, 'auto').notes.join()).toContain('the peak needs 5 instances but max_instances is 4');
  });
  test('a fixed count below the peak is flagged', () => {
    const out = run(`
requests_per_day: 5M
options: [{ name: one, kind: always_on, instance: aws/m7i.xlarge, count: 1, throughput_rps: 40 }]
`);
    expect(byName(out, 'one').notes.join()).toContain('below the peak of 57.87 rps');
  });
  test('spot at the catalog price with interruption overhead and on-demand fallback', () => {
    const out = run(`
options:
  - { name: catalog, kind: spot, instance: aws/c5.2xlarge, count: 1 }
  - { name: hedged, kind: spot, instance: aws/c5.2xlarge, count: 1, discount: 70%, interruption_overhead: 5%, on_demand_fallback: 10% }
`);
    expect(byName(out, 'catalog').monthly).toBeCloseTo(720 * 0.1298, 9);
    // 720 x 90% x 1.05 x $0.102 + 720 x 10% x $0.34 = 69.4008 + 24.48
    expect(byName(out, 'hedged').monthly).toBeCloseTo(93.8808, 9);
    expect(byName(out, 'hedged').lines).toHaveLength(2);
  });
  test('reserved 3y from the catalog, or with an explicit discount', () => {
    const out = run(`
options:
  - { name: r3, kind: reserved, instance: aws/c5.2xlarge, count: 2, term: 3y }
  - { name: rd, kind: reserved, instance: aws/m7i.xlarge, count: 1, discount: 30% }
`);
    expect(byName(out, 'r3').monthly).toBeCloseTo(2 * 720 * 0.136, 9);
    expect(byName(out, 'r3').breakEvenUtilizationPercent).toBeCloseTo(40, 9);
    expect(byName(out, 'rd').monthly).toBeCloseTo(720 * 0.2016 * 0.7, 9);
    expect(byName(out, 'rd').breakEvenUtilizationPercent).toBeCloseTo(70, 9);
  });
  test('serverless free tier only when asked: 149M requests x $0.20/1M + 7.1M GB-s x $0.0000166667', () => {
    const out = run(`
options: [{ name: l, kind: serverless, platform: aws/lambda, memory_mb: 1024, duration_ms: 50, free_tier: true }]
`);
    expect(byName(out, 'l').monthly).toBeCloseTo(149 * 0.2 + 7_100_000 * 0.0000166667, 9);
  });
  test('GPU serverless: 1M/day x 30 x 0.5 s = 15M GPU-s x $0.0005 + 30 x $1.00 = $7,530', () => {
    const out = run(`
requests_per_day: 1M
options: [{ name: g, kind: serverless, platform: test/gpu-serverless, memory_mb: 2048, duration_ms: 500 }]
`);
    expect(byName(out, 'g').monthly).toBeCloseTo(7530, 9);
    expect(byName(out, 'g').notes.join()).toContain('8000 ms (p99 30000 ms)');
  });
  test('traffic shapes average 1 and keep their peak', () => {
    for (const p of TRAFFIC_PROFILES) {
      const s = profileShape(p);
      expect(s).toHaveLength(24);
      expect(s.reduce((a, b) => a + b, 0) / 24).toBeCloseTo(1, 12);
    }
    for (const r of [1, 1.5, 2, 3, 6, 12, 24]) {
      const s = peakToAverageShape(r);
      expect(s.reduce((a, b) => a + b, 0) / 24).toBeCloseTo(1, 9);
      expect(Math.max(...s)).toBeCloseTo(r, 6);
      expect(Math.min(...s)).toBeGreaterThanOrEqual(0);
    }
    const t = trafficShape({ hourly: Array(24).fill(2) });
    expect(t.hourly.every((v) => v === 1)).toBe(true);
    expect(t.note).toContain('average 2, not 1');
  });
  test('a fixed option that never beats serverless says so', () => {
    // m7i sized at 40 rps: $145.152 per 3.456M requests/day of capacity = $4.2e-5 per (request/day),
    // above Lambda's 30 x $1.033335e-6 = $3.1e-5: never
    const out = run(`
options:
  - { name: cpu, kind: always_on, instance: aws/m7i.xlarge, throughput_rps: 40 }
  - { name: l, kind: serverless, platform: aws/lambda, memory_mb: 1024, duration_ms: 50 }
`);
    expect(byName(out, 'cpu').breakEvenVsServerlessRequestsPerDay).toBeNull();
    expect(out.notes.join()).toContain('never beats l at any volume');
  });
});

describe('bad deployment blocks: exit 2 with file:line:col', () => {
  test.each([
    ['unknown instance', 'options:\n  - { name: a, kind: always_on, instance: aws/c5.2xlarg, count: 1 }\n', 'deployment.yaml:2:43 error options[0].instance: unknown instance "aws/c5.2xlarg"; did you mean "aws/c5.2xlarge"'],
    ['memory_mb above the platform range', 'options:\n  - { name: l, kind: serverless, platform: aws/lambda, memory_mb: 20000, duration_ms: 50 }\n', 'deployment.yaml:2:67 error options[0].memory_mb: aws/lambda allows 128 to 10240 MB, got 20000'],
    ['memory_mb below the platform range', 'options:\n  - { name: l, kind: serverless, platform: test/gpu-serverless, memory_mb: 512, duration_ms: 50 }\n', 'options[0].memory_mb: test/gpu-serverless allows 1024 to 6144 MB, got 512'],
    ['hourly profile of 23 values', `traffic:\n  hourly: [${Array(23).fill(1).join(', ')}]\noptions:\n  - { name: a, kind: always_on, instance: aws/c5.2xlarge, count: 1 }\n`, 'deployment.yaml:2:11 error traffic.hourly: expected 24 hourly multipliers (00:00 to 23:00), got 23'],
    ['unknown key with did you mean', 'options:\n  - { name: a, kind: always_on, instance: aws/c5.2xlarge, cuont: 1 }\n', 'deployment.yaml:2:59 error options[0].cuont: unknown key "cuont"; did you mean "count"?'],
    ['unknown kind', 'options:\n  - { name: a, kind: alwayson, instance: aws/c5.2xlarge, count: 1 }\n', 'deployment.yaml:2:22 error options[0].kind: unknown kind "alwayson"; did you mean "always_on"?'],
    ['target utilization over 100%', 'options:\n  - { name: a, kind: always_on, instance: aws/c5.2xlarge, throughput_rps: 40, target_utilization: 120% }\n', 'options[0].target_utilization: expected a share between 0% and 100%'],
    ['zero throughput', 'options:\n  - { name: a, kind: autoscaled, instance: aws/c5.2xlarge, throughput_rps: 0 }\n', 'options[0].throughput_rps: expected a number > 0'],
    ['nothing to size from', 'options:\n  - { name: a, kind: always_on, instance: aws/c5.2xlarge }\n', 'options[0].count: always_on: give count, or throughput_rps'],
    ['two traffic shapes', 'traffic: { peak_to_average: 2, profile: flat }\noptions:\n  - { name: a, kind: always_on, instance: aws/c5.2xlarge, count: 1 }\n', 'deployment.yaml:1:10 error traffic: give one traffic shape, not peak_to_average and profile'],
    ['unknown profile', 'traffic: { profile: busines_hours }\noptions:\n  - { name: a, kind: always_on, instance: aws/c5.2xlarge, count: 1 }\n', 'deployment.yaml:1:21 error traffic.profile: unknown profile "busines_hours"; did you mean "business_hours"?'],
    ['peak_to_average above 24', 'traffic: { peak_to_average: 30 }\noptions:\n  - { name: a, kind: always_on, instance: aws/c5.2xlarge, count: 1 }\n', 'traffic.peak_to_average: expected a peak-to-average ratio between 1 and 24'],
    ['no spot price in the catalog', 'options:\n  - { name: s, kind: spot, instance: test/gpu-1.50, count: 1 }\n', 'options[0].instance: test/gpu-1.50 has no spot price in catalog seed-test 2025-01-01; give discount:'],
    ['no reserved price in the catalog', 'options:\n  - { name: r, kind: reserved, instance: aws/m7i.xlarge, count: 1, term: 3y }\n', 'options[0].instance: aws/m7i.xlarge has no 3y reserved price'],
    ['unknown serverless platform', 'options:\n  - { name: l, kind: serverless, platform: aws/lamda, memory_mb: 128, duration_ms: 5 }\n', 'options[0].platform: unknown serverless platform "aws/lamda"; did you mean "aws/lambda"'],
    ['a platform with an unknown (null) rate', 'options:\n  - { name: l, kind: serverless, platform: test/unpriced-serverless, memory_mb: 128, duration_ms: 5 }\n', 'options[0].platform: test/unpriced-serverless has no known compute price (per GB-second, vCPU-second or GPU-second) in catalog seed-test 2025-01-01: per_gb_second unknown'],
    ['duplicate option names', 'options:\n  - { name: a, kind: always_on, instance: aws/c5.2xlarge, count: 1 }\n  - { name: a, kind: always_on, instance: aws/c5.2xlarge, count: 2 }\n', 'deployment.yaml:3:13 error options[1].name: duplicate option name "a"'],
    ['min above max', 'options:\n  - { name: a, kind: autoscaled, instance: aws/c5.2xlarge, throughput_rps: 5, min_instances: 5, max_instances: 2 }\n', 'options[0].max_instances: max_instances (2) is below min_instances (5)'],
    ['no options', 'options: []\n', 'options: expected at least one deployment option'],
  ])('%s', (_name, yaml, expected) => {
    const errs = errorsOf(yaml);
    expect(errs.join('\n')).toContain(expected);
    for (const e of errs) expect(e).toMatch(/^deployment\.yaml:\d+:\d+ error /);
  });
});

describe('properties', () => {
  const hourly = fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 24, maxLength: 24 }).filter((a) => a.some((v) => v > 0.01));
  test('autoscaled never costs more than always-on sized for the peak', () => {
    fc.assert(
      fc.property(
        hourly,
        fc.integer({ min: 1, max: 50_000_000 }),
        fc.double({ min: 0.5, max: 500, noNaN: true }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 5 }),
        fc.option(fc.integer({ min: 5, max: 500 })),
        (shape, rpd, rps, util, min, max) => {
          const sizing = { throughput_rps: rps, target_utilization: util, min_instances: min, ...(max !== null ? { max_instances: max } : {}) };
          const spec: DeploymentSpec = {
            requests_per_day: rpd,
            traffic: { hourly: shape },
            options: [
              { name: 'auto', kind: 'autoscaled', instance: 'aws/m7i.xlarge', ...sizing },
              { name: 'peak', kind: 'always_on', instance: 'aws/m7i.xlarge', ...sizing },
            ],
          };
          const out = estimateDeployments(spec, { catalog: seed, daysPerMonth: 30, requestsPerDay: rpd });
          const [auto, peak] = out.deployments;
          return out.issues.length === 0 && auto!.monthly <= peak!.monthly + 1e-9;
        },
      ),
    );
  });
  test('at the always-on vs serverless break-even volume both cost the same', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 10, max: 5000, noNaN: true }),
        fc.double({ min: 1e-8, max: 1e-4, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.option(fc.record({ cap: fc.double({ min: 1e4, max: 1e8, noNaN: true }), min: fc.integer({ min: 1, max: 4 }) })),
        (k, perRequest, free, sized) => {
          const serverlessAt = (rpd: number) => Math.max(0, rpd * 30 - free) * perRequest;
          const model = sized ? { min: sized.min, perInstanceMonthly: k, capacityPerDay: sized.cap } : null;
          const v = breakEvenVolume(model, k, serverlessAt);
          const fixedAt = (rpd: number) => (model ? Math.max(model.min, Math.ceil(rpd / model.capacityPerDay - 1e-12)) * k : k);
          if (v === null) return model !== null && perRequest * 30 * model.capacityPerDay < k;
          const s = serverlessAt(v);
          const f = fixedAt(v);
          // equal at the crossing (or serverless jumps past it exactly at a step boundary)
          return s >= f * (1 - 1e-6) && (Math.abs(s - f) <= 1e-6 * f || serverlessAt(v * (1 - 1e-9)) <= fixedAt(v * (1 - 1e-9)) * (1 + 1e-6));
        },
      ),
    );
  });
});

describe('deployment table', () => {
  test('one row per option, cheapest marked, per 1M requests, notes', () => {
    const out = run(SEED_003);
    const text = renderTable({ blocks: deploymentBlocks(out.deployments, out.notes) }, { color: false, width: 140 });
    expect(text).toContain('spot *');
    expect(text).toContain('$378.72');
    expect(text).toContain('$244.80');
    expect(text).toContain('$155.00');
    expect(text).toContain('$73.44');
    expect(text).toContain('$146.88');
    expect(text).toContain('$1.63'); // 244.80 / 150M x 1M = 1.632
    expect(text).toContain('beats lambda above 7.897M requests/day');
  });
  test('the fixtures in test/fixtures/deployment all parse', () => {
    const dir = join(FIXTURES, 'deployment');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml'))) {
      const src = loadYamlFile(join(dir, f));
      const data = (src.data as { deployment?: unknown }).deployment ?? src.data;
      expect(() => parseWith(deploymentSchema, src, data)).not.toThrow();
    }
  });
});
