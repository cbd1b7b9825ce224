import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { detectAnomalies, DEFAULT_DETECTOR_OPTIONS } from '../../src/core/anomaly/detect.js';
import type { DailySeries, DetectorInput, DetectorOptions } from '../../src/core/anomaly/types.js';
import { anomalyBlocks } from '../../src/render/present/anomalies.js';
import { InputError } from '../../src/core/errors.js';
import { FIXTURES } from '../helpers/cli.js';
import { dayList, driftThenBroadRise, isWeekend, weekly } from '../helpers/anomaly-bills.js';

// Hand-made daily bills: 100 a weekday, 60 on Saturday and Sunday, with a +-1% wobble that
// repeats every 5 days (so no day is exactly like the others but nothing is unusual).
const input = (series: DailySeries[], extra: Partial<DetectorInput> = {}): DetectorInput => ({ days: dayList(series[0]!.cost.length, extra.days?.[0]), currency: 'USD', series, nonUsage: [], lastDayComplete: true, ...extra });
const run = (series: DailySeries[], opts: Partial<DetectorOptions> = {}, extra: Partial<DetectorInput> = {}) => detectAnomalies(input(series, extra), { ...DEFAULT_DETECTOR_OPTIONS, ...opts });
const idx = (date: string) => dayList(400).indexOf(date);

describe('anomaly kinds', () => {
  it('flags a one-day spike once, with expected, actual and impact of that day', () => {
    const cost = weekly(70);
    const d = idx('2024-02-21'); // a Wednesday: expected 100 (x the wobble)
    cost[d]! += 200;
    const r = run([{ key: 'service:EC2', cost }]);
    expect(r.anomalies).toHaveLength(1);
    const a = r.anomalies[0]!;
    expect(a).toMatchObject({ date: '2024-02-21', endDate: '2024-02-21', series: 'service:EC2', kind: 'spike' });
    const base = 100 * (1 + 0.01 * Math.sin((2 * Math.PI * d) / 5));
    expect(a.actual).toBeCloseTo(base + 200, 2);
    expect(a.expected).toBeGreaterThan(98);
    expect(a.expected).toBeLessThan(102);
    expect(a.impact).toBeCloseTo(a.actual - a.expected, 3);
    expect(a.impactPercent).toBeCloseTo((100 * a.impact) / a.expected, 1);
    expect(a.context.some((c) => c.date === '2024-02-21')).toBe(true);
  });

  it('reports a level shift once per episode, not once per day, and then takes it as the new normal', () => {
    const cost = weekly(100).map((v, i) => (i >= 56 ? v * 1.5 : v));
    const r = run([{ key: 'service:RDS', cost }]);
    expect(r.anomalies).toHaveLength(1);
    expect(r.anomalies[0]).toMatchObject({ date: dayList(100)[56], kind: 'shift', status: 'new-normal' });
    expect(r.anomalies[0]!.days).toBe(14);
    expect(r.anomalies[0]!.impactPercent).toBeGreaterThan(45);
  });

  it('catches a slow drift (+4% a day) within 10 days and calls it a drift', () => {
    const start = 56;
    const cost = weekly(100).map((v, i) => (i >= start ? v * (1 + 0.04 * Math.min(i - start + 1, 20)) : v));
    const r = run([{ key: 'service:Bedrock', cost }]);
    expect(r.anomalies).toHaveLength(1);
    const a = r.anomalies[0]!;
    expect(a.kind).toBe('drift');
    const delay = dayList(100).indexOf(a.date) - start;
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThanOrEqual(10);
    expect(dayList(100).indexOf(a.startedOn!)).toBeLessThanOrEqual(dayList(100).indexOf(a.date));
  });

  it('calls spend on a series that had none new spend, with 100% and expected 0', () => {
    const cost = Array.from({ length: 60 }, (_, i) => (i >= 45 ? 50 : 0));
    const r = run([{ key: 'service:Bedrock AgentCore', cost }]);
    expect(r.anomalies).toHaveLength(1);
    expect(r.anomalies[0]).toMatchObject({ date: dayList(60)[45], kind: 'new', expected: 0, actual: 50, impact: 50, impactPercent: 100 });
  });

  it('reports drops only with includeDrops', () => {
    const cost = weekly(70);
    for (const d of ['2024-02-20', '2024-02-21', '2024-02-22']) cost[idx(d)] = 20;
    expect(run([{ key: 'service:EC2', cost }]).anomalies).toHaveLength(0);
    const r = run([{ key: 'service:EC2', cost }], { includeDrops: true });
    expect(r.anomalies).toHaveLength(1);
    expect(r.anomalies[0]).toMatchObject({ date: '2024-02-20', endDate: '2024-02-22', kind: 'drop' });
    expect(r.anomalies[0]!.impact).toBeLessThan(-70);
  });
});

describe('after a change', () => {
  it('goes back to the old baseline when a change that became the normal goes away, so a smaller spike after it is still seen', () => {
    // +60% from day 56 to day 90 (35 days: the new normal after 14), back to normal from day
    // 91; on day 98 (Monday 2024-04-08, a 100 day) +50. Against the old level that day is
    // +50%; against the +60% level it would look like a dip.
    const cost = weekly(120).map((v, i) => (i >= 56 && i <= 90 ? v * 1.6 : v));
    cost[98]! += 50;
    const r = run([{ key: 'service:EC2', cost }]);
    expect(r.anomalies.map((a) => [a.date, a.kind])).toEqual([
      [dayList(120)[56], 'shift'],
      ['2024-04-08', 'spike'],
    ]);
    const spike = r.anomalies[1]!;
    expect(spike.expected).toBeGreaterThan(97);
    expect(spike.expected).toBeLessThan(103);
    expect(spike.impactPercent).toBeGreaterThan(45);
  });

  it('does not take an anomaly for a charge that recurs every month', () => {
    // a one-off +300 on Monday 2024-02-19; a month later, Tuesday 2024-03-19, +60 (a 100 day):
    // February's spike was an anomaly, not a monthly charge, so March 19th expects about 100
    const cost = weekly(100);
    cost[idx('2024-02-19')]! += 300;
    cost[idx('2024-03-19')]! += 60;
    const r = run([{ key: 'service:EC2', cost }]);
    expect(r.anomalies.map((a) => a.date)).toEqual(['2024-02-19', '2024-03-19']);
    expect(r.anomalies[1]!.expected).toBeGreaterThan(97);
    expect(r.anomalies[1]!.expected).toBeLessThan(103);
  });
});

describe('recurring charges, returns and holidays (fourth round)', () => {
  it('does not take one noisy day in one of two earlier months for a monthly charge', () => {
    // +15 on Tuesday January 16th (15%: under the 20% threshold, so not flagged, but 5 times
    // the 3% noise floor), nothing on Friday February 16th. On Saturday March 16th (a 60 day)
    // a +50 spike: one month of two is no monthly charge, so it is measured against 60, not
    // against 60 + 15.
    const cost = weekly(100);
    cost[idx('2024-01-16')]! += 15;
    cost[idx('2024-03-16')]! += 50;
    const r = run([{ key: 'service:EC2', cost }]);
    expect(r.anomalies.map((a) => a.date)).toEqual(['2024-03-16']);
    expect(r.anomalies[0]!.expected).toBeGreaterThan(57);
    expect(r.anomalies[0]!.expected).toBeLessThan(63);
  });

  it('learns a monthly charge first seen as a spike instead of flagging it every month', () => {
    // the bill starts on Tuesday January 2nd, so the +300 fee on every 1st is first seen on
    // February 1st (flagged: nothing tells it from a spike yet). March 1st: one earlier month,
    // and it was flagged, so still not enough (flagged again). April 1st: the fee on the 1st of
    // both earlier months: expected from then on.
    const days = dayList(150, '2024-01-02');
    const cost = weekly(150, 100, 60, '2024-01-02').map((v, i) => (days[i]!.endsWith('-01') ? v + 300 : v));
    const r = run([{ key: 'service:Marketplace', cost }], {}, { days });
    expect(r.anomalies.map((a) => a.date)).toEqual(['2024-02-01', '2024-03-01']);
  });

  it('goes back to the old level when a +22% change that became the normal goes away (a fall of 18% from it)', () => {
    // +22% from day 56 to day 90 (the new normal after 14 days), back to normal from day 91:
    // from the raised level that is -18%, under the 20% threshold, but it is the +22% change
    // undone, measured against the level it returns to. On Monday 2024-04-22 (day 112) +25:
    // +25% over the old 100 (flagged), where against the raised 122 it would be nothing.
    const cost = weekly(140).map((v, i) => (i >= 56 && i <= 90 ? v * 1.22 : v));
    cost[idx('2024-04-22')]! += 25;
    const r = run([{ key: 'service:EC2', cost }]);
    expect(r.anomalies.map((a) => [a.date, a.kind])).toEqual([
      [dayList(140)[56], 'shift'],
      ['2024-04-22', 'spike'],
    ]);
    expect(r.anomalies[1]!.expected).toBeGreaterThan(97);
    expect(r.anomalies[1]!.expected).toBeLessThan(103);
  });

  it('sees a holiday early in a bill when every people-driven service falls to its weekend level', () => {
    // three services, 100 a weekday and 60 at weekends, with a +-10% wobble (shifted for each):
    // on Monday January 15th (day 14, no weekday cycle learnt yet, wide scales) all three are
    // at 60, each 40% under the Mondays around it. The sum alone is not 3 sigmas down with
    // two weeks of history, but three series all at their weekend level on one weekday are no
    // chance: a holiday.
    const days = dayList(60);
    const s = [0, 1, 2].map((k) => dayList(60).map((d, i) => (isWeekend(d) ? 60 : 100) * (1 + 0.1 * Math.sin((2 * Math.PI * (i + k)) / 5))));
    for (const v of s) v[days.indexOf('2024-01-15')] = 60;
    const r = run([{ key: 'total', cost: days.map((_, i) => s[0]![i]! + s[1]![i]! + s[2]![i]!) }, ...s.map((cost, k) => ({ key: `service:S${k}`, parent: 'total', cost }))]);
    expect(r.notes.some((n) => n.includes('1 holiday seen') && n.includes('2024-01-15'))).toBe(true);
    expect(r.anomalies).toEqual([]);
  });
});

describe('a change that was fixed, then another', () => {
  it('catches a second drift on a series whose first drift became the normal and was then fixed', () => {
    // drift 1: +4% of the level a day from day 56 (Monday 2024-02-26) for 20 days, held 5 days,
    // fixed on day 81 (back to 100 a weekday). drift 2: +4% a day again from day 130 (Friday
    // 2024-05-10). Against the old level (100 a weekday), day 130+k is +4(k+1)%: it passes
    // +20% and +$10 on day 134 (k = 4), so it must be flagged by day 140 (within 10 days), with
    // an expected value near the old level, not the plateau of the first drift (+80%).
    const ramp = (i: number, from: number, days: number) => 0.04 * Math.min(i - from + 1, days);
    const cost = weekly(170).map((v, i) => (i >= 56 && i <= 80 ? v * (1 + ramp(i, 56, 20)) : i >= 130 ? v * (1 + ramp(i, 130, 20)) : v));
    const r = run([{ key: 'service:Bedrock', cost }]);
    expect(r.anomalies.map((a) => a.kind)).toEqual(['drift', 'drift']);
    const second = r.anomalies[1]!;
    const delay = dayList(170).indexOf(second.date) - 130;
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThanOrEqual(10);
    // expected on that day: 100 on a weekday, 60 at the weekend (x the +-1% wobble), never the 180 of the first drift
    const wd = new Date(`${second.date}T00:00:00Z`).getUTCDay();
    const normal = wd === 0 || wd === 6 ? 60 : 100;
    expect(second.expected).toBeGreaterThan(0.95 * normal);
    expect(second.expected).toBeLessThan(1.05 * normal);
  });
});

describe('a child incident under way before a broad rise', () => {
  it('keeps its own row when the broad rise starts days later (the total still reports the broad rise once)', () => {
    // services B, C, D of 300 a weekday (180 at weekends); service A has SKU x of 50 and SKU y
    // of 10. SKU x drifts +8% of its level a day from day 56 (Monday 2024-02-26): +$4 on day
    // 56, +$12 (+24%) on day 58, past both thresholds. Every series rises +30% from day 70
    // (Monday 2024-03-11) to day 81: +$288 on a weekday total of 960, +30%, a broad rise.
    // SKU y's +30% is $3, under min-impact. The SKU drift was under way two weeks before the
    // rise: its row stays (named with service A in `also`); the total reports the broad rise.
    const r = run(driftThenBroadRise(70));
    const rows = r.anomalies.map((x) => [x.series, dayList(110).indexOf(x.date)] as const);
    const sku = rows.find(([s]) => s === 'service:A/sku:x');
    expect(sku).toBeDefined();
    expect(sku![1]).toBeGreaterThanOrEqual(56);
    expect(sku![1]).toBeLessThan(62);
    expect(r.anomalies.find((x) => x.series === 'service:A/sku:x')!.also).toContain('service:A');
    expect(rows.filter(([s]) => s === 'total')).toEqual([['total', 70]]);
    expect(rows).toHaveLength(2);
  });
});

describe('one row per incident across levels and dimensions', () => {
  it('reports a broad rise over every service and account once, on the total', () => {
    // four services of 100 a weekday (60 at weekends), two per account, all +30% for 12 days
    const rise = (v: number, i: number) => (i >= 70 && i < 82 ? v * 1.3 : v);
    const svc = ['A', 'B', 'C', 'D'].map((k) => ({ key: `service:${k}`, parent: 'total', cost: weekly(100).map(rise) }));
    const sum = (list: { cost: number[] }[]) => list[0]!.cost.map((_, i) => list.reduce((a, s) => a + s.cost[i]!, 0));
    const accounts = [
      { key: 'account:1', parent: 'total', cost: sum(svc.slice(0, 2)) },
      { key: 'account:2', parent: 'total', cost: sum(svc.slice(2)) },
    ];
    const r = run([{ key: 'total', cost: sum(svc) }, ...accounts, ...svc]);
    expect(r.anomalies.map((a) => a.series)).toEqual(['total']);
    expect(r.anomalies[0]!.date).toBe(dayList(100)[70]);
  });

  it('keeps two incidents in two services apart even when they are days apart inside one episode of the total', () => {
    // A shifts +100% from day 60 for 20 days; B (the same size) spikes +300 on day 66
    const a = weekly(100).map((v, i) => (i >= 60 && i < 80 ? v * 2 : v));
    const b = weekly(100);
    b[66]! += 300;
    const r = run([{ key: 'total', cost: a.map((v, i) => v + b[i]!) }, { key: 'service:A', parent: 'total', cost: a }, { key: 'service:B', parent: 'total', cost: b }]);
    expect(r.anomalies.map((x) => [x.date, x.series])).toEqual([
      [dayList(100)[60], 'service:A'],
      [dayList(100)[66], 'service:B'],
    ]);
    expect(r.anomalies[0]!.also).toEqual(['total']);
  });
});

describe('thresholds: both $ and %, and unusual for the series', () => {
  it('does not flag a change under min-impact, nor one under min-percent', () => {
    const small = weekly(70, 20, 12);
    small[idx('2024-02-21')]! += 8; // +40% but only $8
    expect(run([{ key: 'service:S3', cost: small }]).anomalies).toHaveLength(0);
    expect(run([{ key: 'service:S3', cost: small }], { minImpact: 5 }).anomalies).toHaveLength(1);
    const big = weekly(70, 1000, 600);
    big[idx('2024-02-21')]! += 150; // $150 but +15%
    expect(run([{ key: 'service:EC2', cost: big }]).anomalies).toHaveLength(0);
    expect(run([{ key: 'service:EC2', cost: big }], { minPercent: 10 }).anomalies).toHaveLength(1);
  });

  it('does not flag a +30% day on a series whose days swing by 30% anyway', () => {
    // a 5-day swing, so the weekday cycle cannot explain it
    const swing = [1, 0.7, 1.3, 0.75, 1.25];
    const cost = Array.from({ length: 70 }, (_, i) => 100 * swing[i % 5]!);
    cost[60] = 135;
    expect(run([{ key: 'service:Lambda', cost }]).anomalies).toHaveLength(0);
    cost[60] = 320; // far outside its usual range
    expect(run([{ key: 'service:Lambda', cost }]).anomalies).toHaveLength(1);
  });
});

describe('negative controls', () => {
  it('learns a charge that comes back on the 1st of every month (a monthly fee billed as usage)', () => {
    const days = dayList(182);
    const cost = weekly(182).map((v, i) => (days[i]!.endsWith('-01') ? v + 500 : v));
    const r = run([{ key: 'service:Marketplace', cost }]);
    // January 1st is history; February's is the first seen after a month of history: it is
    // new then (one alert), and from March on it is expected
    expect(r.anomalies.filter((a) => a.date >= '2024-03-01')).toEqual([]);
  });

  it('does not flag a holiday dip, nor the day after it', () => {
    const cost = weekly(70);
    cost[idx('2024-02-19')] = 45; // Presidents' Day
    expect(run([{ key: 'total', cost }]).anomalies).toEqual([]);
  });

  it('expects on the total the monthly fee its SKU expects, even when the total could never learn it itself', () => {
    // service A: SKU use at 100 a weekday (60 at weekends) and SKU fee, 300 on every 1st.
    // service B: 1000 a weekday (600 at weekends), with one-off spikes of +500 on Feb 1st, Mar
    // 1st and Apr 1st (three incidents, flagged on B). The total's 1sts up to April are all
    // part of those incidents, so the total alone has no clean month to learn the fee from;
    // the fee SKU (and service A) learn it from January on. On Wednesday May 1st the total is
    // 100 + 300 + 1000 = 1400: +300 (+27%) over the 1100 of usage alone, but exactly what its
    // children expect, so it is no anomaly.
    const days = dayList(140);
    const fee = days.map((d) => (d.endsWith('-01') ? 300 : 0));
    const use = weekly(140);
    const b = weekly(140).map((v) => v * 10);
    for (const d of ['2024-02-01', '2024-03-01', '2024-04-01']) b[days.indexOf(d)]! += 500;
    const a = use.map((v, i) => v + fee[i]!);
    const r = run([
      { key: 'total', cost: a.map((v, i) => v + b[i]!) },
      { key: 'service:A', parent: 'total', cost: a },
      { key: 'service:B', parent: 'total', cost: b },
      { key: 'service:A/sku:fee', parent: 'service:A', cost: fee },
      { key: 'service:A/sku:use', parent: 'service:A', cost: use },
    ]);
    // B's +500 on the 1st of February and of March (two one-day spikes, each flagged) is a
    // charge seen on the 1st of both earlier months: on April 1st it is expected (a monthly
    // charge first seen is flagged, and must not be flagged again every month)
    expect(r.anomalies.map((x) => [x.date, x.series])).toEqual([
      ['2024-02-01', 'service:B'],
      ['2024-03-01', 'service:B'],
    ]);
    // each spike is measured against B's usual 1000 (the fee is A's, not B's)
    for (const x of r.anomalies) expect(Math.abs(x.expected - 1000)).toBeLessThan(15);
  });

  it('finds a holiday in the bill and does not take the first day back, with deferred work, for a rise', () => {
    // services A and B: 100 a weekday, 60 at weekends (people drive them: weekend/weekday = 0.6);
    // C: 100 every day (machines). Thursday 2024-03-14 is a holiday: A and B at their weekend
    // level, 60 (each 40 below expected, the whole weekend gap, so 80 of 80 on the two). On
    // Friday 2024-03-15, the first day back, A catches up: 140, +40% and +$40 (past both
    // thresholds, and far outside the +-1% wobble). A real spike, +200 on A on Tuesday
    // 2024-03-19, is still flagged.
    const days = dayList(100);
    const a = weekly(100);
    const b = weekly(100);
    const c = weekly(100, 100, 100);
    const hol = days.indexOf('2024-03-14');
    a[hol] = 60;
    b[hol] = 60;
    a[hol + 1] = 140;
    a[days.indexOf('2024-03-19')]! += 200;
    const r = run([
      { key: 'total', cost: a.map((v, i) => v + b[i]! + c[i]!) },
      { key: 'service:A', parent: 'total', cost: a },
      { key: 'service:B', parent: 'total', cost: b },
      { key: 'service:C', parent: 'total', cost: c },
    ]);
    expect(r.anomalies.map((x) => [x.date, x.series])).toEqual([['2024-03-19', 'service:A']]);
    expect(r.notes.some((n) => n.includes('1 holiday seen') && n.includes('2024-03-14'))).toBe(true);
    // the spike is measured against a normal Tuesday (100), not a baseline pulled down by the holiday
    expect(r.anomalies[0]!.expected).toBeGreaterThan(97);
    expect(r.anomalies[0]!.expected).toBeLessThan(103);
  });

  it('does not see a holiday where one series alone dips, nor on a day without a weekly cycle to compare', () => {
    // only A dips on 2024-03-14 (to 60): B stays at 100, so no holiday; A's dip is a drop (not reported)
    const days = dayList(100);
    const a = weekly(100);
    a[days.indexOf('2024-03-14')] = 60;
    const b = weekly(100);
    const r = run([
      { key: 'total', cost: a.map((v, i) => v + b[i]!) },
      { key: 'service:A', parent: 'total', cost: a },
      { key: 'service:B', parent: 'total', cost: b },
    ]);
    expect(r.notes.some((n) => n.includes('holiday'))).toBe(false);
    expect(r.anomalies).toEqual([]);
  });

  it('lists tax, purchases, credits, refunds and month-long charges apart, never as anomalies', () => {
    const nonUsage: DetectorInput['nonUsage'] = [
      { date: '2024-02-01', kind: 'tax', series: 'total', amount: 5000, description: 'Tax for the month' },
      { date: '2024-01-15', kind: 'purchase', series: 'service:EC2', amount: 30000, description: 'Reserved instances, 1 year' },
      { date: '2024-01-20', kind: 'credit', series: 'total', amount: -200, description: 'Promotional credit' },
      { date: '2024-02-10', kind: 'refund', series: 'service:EC2', amount: -50, description: 'Refund' },
      { date: '2024-02-01', kind: 'recurring', series: 'service:Support', amount: 1000, description: 'Support fee for February' },
    ];
    const r = run([{ key: 'total', cost: weekly(70) }], {}, { nonUsage });
    expect(r.anomalies).toEqual([]);
    expect(r.nonUsage.map((e) => e.date)).toEqual(['2024-01-15', '2024-01-20', '2024-02-01', '2024-02-01', '2024-02-10']);
  });
});

describe('history', () => {
  it('says there is too little history instead of guessing', () => {
    const r = run([{ key: 'total', cost: [10, 10, 10, 500, 10] }]);
    expect(r.anomalies).toEqual([]);
    expect(r.notes.join('\n')).toMatch(/too little history: 5 days/);
  });

  it('scores from the 8th day without the weekday cycle when history is short', () => {
    const cost = [100, 100, 100, 100, 100, 100, 100, 100, 100, 400, 100];
    const r = run([{ key: 'total', cost }]);
    expect(r.notes.join('\n')).toMatch(/ignores the weekday cycle/);
    expect(r.anomalies).toHaveLength(1);
    expect(r.anomalies[0]).toMatchObject({ date: dayList(11)[9], expected: 100, actual: 400, impact: 300, impactPercent: 300 });
  });

  it('leaves out an incomplete last day', () => {
    const cost = weekly(40);
    cost[39] = 10;
    expect(run([{ key: 'total', cost }], {}, { lastDayComplete: false }).droppedLastDay).toBe(dayList(40)[39]);
    const guessed = run([{ key: 'total', cost }], {}, { lastDayComplete: undefined });
    expect(guessed.droppedLastDay).toBe(dayList(40)[39]);
    expect(guessed.notes[0]).toMatch(/left out/);
    expect(run([{ key: 'total', cost }], { includeDrops: true }, { lastDayComplete: true }).droppedLastDay).toBeUndefined();
  });
});

describe('input rules', () => {
  it('needs a single currency', () => {
    expect(() => run([{ key: 'total', cost: weekly(20) }], {}, { currency: 'USD,EUR' })).toThrow(InputError);
    expect(() => run([{ key: 'total', cost: weekly(20) }], {}, { currency: '' })).toThrow(/one currency per run/);
    expect(() => run([{ key: 'total', cost: weekly(20) }], {}, { currency: 'EUR' })).not.toThrow();
  });

  it('rejects misaligned series and gaps in the days (a bug in the caller)', () => {
    expect(() => detectAnomalies({ days: dayList(10), currency: 'USD', series: [{ key: 'total', cost: [1, 2] }], nonUsage: [] }, DEFAULT_DETECTOR_OPTIONS)).toThrow(/2 values for 10 days/);
    expect(() => detectAnomalies({ days: ['2024-01-01', '2024-01-03'], currency: 'USD', series: [], nonUsage: [] }, DEFAULT_DETECTOR_OPTIONS)).toThrow(/consecutive/);
  });
});

describe('attribution and one row per incident', () => {
  it('hands a change one child explains to that child, naming the parent in `also`', () => {
    const a = weekly(70);
    const b = weekly(70, 300, 300);
    a[idx('2024-02-21')]! += 250;
    const total = a.map((v, i) => v + b[i]!);
    const r = run([{ key: 'total', cost: total }, { key: 'service:A', parent: 'total', cost: a }, { key: 'service:B', parent: 'total', cost: b }]);
    expect(r.anomalies).toHaveLength(1);
    expect(r.anomalies[0]).toMatchObject({ series: 'service:A', also: ['total'] });
  });

  it('keeps the parent when the change is spread over children, and lists them with their shares', () => {
    const a = weekly(84);
    const b = weekly(84, 200, 120);
    const bump = (v: number, i: number) => (i >= 70 ? v * 1.3 : v);
    const a2 = a.map(bump);
    const b2 = b.map(bump);
    const total = a2.map((v, i) => v + b2[i]!);
    const r = run([{ key: 'total', cost: total }, { key: 'service:A', parent: 'total', cost: a2 }, { key: 'service:B', parent: 'total', cost: b2 }]);
    const t = r.anomalies.find((x) => x.series === 'total');
    expect(t).toBeDefined();
    expect(r.anomalies.filter((x) => x.date === t!.date)).toHaveLength(1);
    const shares = Object.fromEntries(t!.attribution.map((x) => [x.series, x.sharePercent]));
    // B is twice A's size and both rose 30%: B explains about two thirds, A one third
    expect(shares['service:B']).toBeGreaterThan(55);
    expect(shares['service:B']).toBeLessThan(78);
    expect(shares['service:A']).toBeGreaterThan(22);
  });

  it('splits a child change into volume and price where the quantity is known', () => {
    const n = 70;
    const qty = weekly(n, 1000, 600);
    const price = qty.map((_, i) => (i >= 60 ? 0.2 : 0.1));
    const cost = qty.map((q, i) => q * price[i]!);
    const other = weekly(n, 50, 50);
    const svc = cost.map((v, i) => v + other[i]!);
    const r = run([
      { key: 'service:X', cost: svc },
      { key: 'service:X/sku:tokens', parent: 'service:X', cost, quantity: qty, unit: 'tokens' },
      { key: 'service:X/sku:flat', parent: 'service:X', cost: other },
    ]);
    expect(r.anomalies).toHaveLength(1);
    const a = r.anomalies[0]!;
    expect(a.series).toBe('service:X/sku:tokens');
    // the price doubled, the volume did not move: all of the change is price
    expect(Math.abs(a.volumeEffect!)).toBeLessThan(0.05 * a.impact);
    expect(a.priceEffect! + a.volumeEffect!).toBeCloseTo(a.impact, 3);
    // a volume change instead: all of it is volume
    const qty2 = qty.map((q, i) => (i >= 60 ? q * 2 : q));
    const cost2 = qty2.map((q) => q * 0.1);
    const r2 = run([{ key: 'service:X/sku:tokens', cost: cost2, quantity: qty2 }]);
    expect(r2.anomalies[0]!.volumeEffect).toBeCloseTo(r2.anomalies[0]!.impact, 1);
  });

  it('folds children that never reach the $ threshold into one (other) series', () => {
    const kids = Array.from({ length: 6 }, (_, k) => ({ key: `service:tiny-${k}`, parent: 'total', cost: weekly(70, 5, 3) }));
    const total = kids[0]!.cost.map((_, i) => kids.reduce((s, k) => s + k.cost[i]!, 0));
    const r = run([{ key: 'total', cost: total }, ...kids]);
    expect(r.notes.join('\n')).toMatch(/6 small series .* folded into 1 "\(other\)" series/);
    expect(r.seriesScored).toBe(2);
  });
});

describe('presenter', () => {
  it('renders a table with a sparkline, the non-usage events apart and the notes', () => {
    const cost = weekly(70);
    cost[idx('2024-02-21')]! += 200;
    const r = run([{ key: 'service:EC2', cost }], {}, { nonUsage: [{ date: '2024-02-01', kind: 'tax', series: 'total', amount: 12, description: 'Tax' }], lastDayComplete: undefined });
    const blocks = anomalyBlocks(r, 'USD');
    const table = blocks.find((b) => b.kind === 'table' && b.id === 'anomalies');
    expect(table && table.kind === 'table' ? table.rows[0]![0] : null).toBe('2024-02-21');
    expect(JSON.stringify(table)).toMatch(/[▁▂▃▄▅▆▇█]{5,}/);
    expect(blocks.some((b) => b.kind === 'table' && b.id === 'non-usage')).toBe(true);
    // 3 days: nothing is scored, so the section says so rather than "no anomalies passed"
    const empty = anomalyBlocks(run([{ key: 'total', cost: [1, 2, 3] }]), 'USD');
    expect(JSON.stringify(empty)).toMatch(/Not checked: too little history/);
    expect(JSON.stringify(empty)).not.toMatch(/No usage anomalies/);
    expect(JSON.stringify(empty)).toMatch(/too little history/);
  });
});

describe('benchmark fixtures', () => {
  it('are what the generator makes from their seeds', async () => {
    const gen = await import('../../scripts/anomaly-bench/generate.mjs');
    const stored = JSON.parse(gunzipSync(readFileSync(join(FIXTURES, 'anomaly', 'bench', 'train-1.json.gz'))).toString('utf8'));
    expect(JSON.parse(JSON.stringify(gen.generate(1)))).toEqual(stored);
  });
});
