import { describe, expect, it } from 'vitest';
import { scoreRun } from '../../scripts/anomaly-bench/score.mjs';

// The benchmark's scorer: alerts and events are matched one to one for recall.
const bench = (events: { type: string; start: string; end: string; affected: string[] }[]) => ({
  input: { days: Array.from({ length: 61 }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10)), series: [{ key: 'total' }] },
  labels: { events, controls: [{ type: 'tax', series: ['total'], dates: ['2024-02-01'] }] },
});
const spikeA = { type: 'spike', start: '2024-01-20', end: '2024-01-20', affected: ['service:A', 'total'] };
const spikeB = { type: 'spike', start: '2024-01-21', end: '2024-01-21', affected: ['service:B', 'total'] };
const alert = (date: string, series: string, also?: string[]) => ({ date, series, ...(also ? { also } : {}) });

describe('anomaly benchmark scorer', () => {
  it('lets one alert on the total detect one of two events near each other, not both', () => {
    const r = scoreRun({ anomalies: [alert('2024-01-21', 'total')] }, bench([spikeA, spikeB]));
    expect(r.events.filter((e) => e.detected)).toHaveLength(1);
    expect(r.falseAlerts).toEqual([]);
  });

  it('detects both when each has its own alert, and counts a second alert on one event as a duplicate, not a false alert', () => {
    const r = scoreRun({ anomalies: [alert('2024-01-20', 'service:A'), alert('2024-01-21', 'total'), alert('2024-01-23', 'service:A')] }, bench([spikeA, spikeB]));
    expect(r.events.map((e) => e.detected)).toEqual([true, true]);
    expect(r.events.map((e) => e.delay)).toEqual([0, 0]);
    expect(r.falseAlerts).toEqual([]);
  });

  it('counts an alert outside every event window as false, and on a control as a control hit', () => {
    const r = scoreRun({ anomalies: [alert('2024-01-20', 'service:A', ['total']), alert('2024-01-25', 'service:A'), alert('2024-02-01', 'total')] }, bench([spikeA]));
    expect(r.events[0]!.detected).toBe(true);
    expect(r.falseAlerts.map((a) => a.date)).toEqual(['2024-01-25', '2024-02-01']);
    expect(r.controlHits).toEqual([{ control: 'tax', date: '2024-02-01', series: 'total' }]);
  });
});
