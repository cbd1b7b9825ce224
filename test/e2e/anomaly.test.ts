import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FIXTURES, json, runBuilt, runCli } from '../helpers/cli.js';

// Two 60-day FOCUS bills (Jan-Feb 2024): Compute 100 VM-hours at $1 on weekdays, 60 on
// weekends, Storage $40 a day; tax for each month dated on the 1st, a reserved-instance
// purchase, a credit, and a support fee covering February. The first also has 300 more
// VM-hours on Wednesday 2024-02-21.
const SPIKE = join(FIXTURES, 'anomaly', 'focus-60-days-compute-spike-on-feb-21-and-non-usage-lines.csv');
const STEADY = join(FIXTURES, 'anomaly', 'focus-60-days-steady-and-non-usage-lines.csv');

interface Out {
  schemaVersion: number;
  command: string;
  anomalies: { date: string; series: string; expected: number; actual: number; impact: number; impactPercent: number; kind: string; volumeEffect?: number; priceEffect?: number; also?: string[] }[];
  nonUsage: { date: string; kind: string; amount: number }[];
}

describe('costopt analyze: anomalies end to end', () => {
  it('--fail-on anomaly exits 1 on the spike and names it on stderr', () => {
    const r = runBuilt(['analyze', SPIKE, '--fail-on', 'anomaly', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--fail-on met: 1 anomaly/);
    const j = json<Out>(r);
    expect(j.command).toBe('analyze');
    expect(j.anomalies).toHaveLength(1);
    // worked by hand: a weekday expects 100 VM-hours at $1; that day had 400
    expect(j.anomalies[0]).toMatchObject({ date: '2024-02-21', series: 'service:Compute/sku:vm-a', kind: 'spike', expected: 100, actual: 400, impact: 300, impactPercent: 300, volumeEffect: 300, priceEffect: 0, also: ['service:Compute', 'total'] });
    for (const k of ['date', 'series', 'expected', 'actual', 'impact', 'impactPercent']) expect(j.anomalies[0]).toHaveProperty(k);
  });

  it('--fail-on anomaly exits 0 on a steady bill whose tax, purchase, credit and monthly fee are listed apart', () => {
    const r = runBuilt(['analyze', STEADY, '--fail-on', 'anomaly', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = json<Out>(r);
    expect(j.anomalies).toEqual([]);
    const events = j.nonUsage.map((e) => `${e.date} ${e.kind}`);
    expect(events).toHaveLength(5);
    expect(events).toEqual(expect.arrayContaining(['2024-01-01 tax', '2024-02-01 tax', '2024-02-10 credit', '2024-02-14 purchase']));
    // the support fee covering February, dated on the 1st
    expect(events.filter((e) => e.startsWith('2024-02-01 '))).toHaveLength(2);
  });

  it('thresholds come from --min-impact and --min-percent', async () => {
    expect((await runCli(['analyze', SPIKE, '--min-impact', '301', '--fail-on', 'anomaly'])).code).toBe(0);
    expect((await runCli(['analyze', SPIKE, '--min-percent', '301', '--fail-on', 'anomaly'])).code).toBe(0);
    expect((await runCli(['analyze', SPIKE, '--min-impact', '299', '--min-percent', '299', '--fail-on', 'anomaly'])).code).toBe(1);
  });

  it('shows the anomaly table with a sparkline in markdown', async () => {
    const r = await runCli(['analyze', SPIKE, '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2024-02-21/);
    expect(r.stdout).toMatch(/service:Compute\/sku:vm-a/);
    expect(r.stdout).toMatch(/[▁▂▃▄▅▆▇█]{10,}/);
  });
});
