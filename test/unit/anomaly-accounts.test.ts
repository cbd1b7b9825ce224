import { describe, expect, it } from 'vitest';
import { detectAnomalies, DEFAULT_DETECTOR_OPTIONS } from '../../src/core/anomaly/detect.js';
import type { DailySeries } from '../../src/core/anomaly/types.js';
import { eventBill } from '../helpers/anomaly-bills.js';

// Issue #19, one alert per cause: an account's change is made of the changes of the services
// that run in it. Bills start on Monday 2024-01-01 and run 100 days; a service is 100 a weekday
// and 60 at weekends (x its size) with its own +-1% wobble phase.
const N = 100;
const { days: DAYS, sized: weekly, plus, sum } = eventBill(N); // the event on Tuesday 2024-03-12

describe('an account whose change two of the flagged services make up', () => {
  it('gives way to them, though a third flagged service (in another account) is bigger', () => {
    // account X runs A and B (100 a weekday each) and D (300); account Y runs C (100) and E
    // (400). On Tuesday March 12th A and B gain 150 each and C 200: three spikes, each its own
    // row. X is up 300 (60%) and Y 200 (40%): both flagged. Against X's change, A's is 0.5, B's
    // 0.5 and C's 0.67: A and B together make it up (1.0), so X gives way to them (named in
    // their `also`); Y gives way to C (1.0). The total (1000) is up 500 and gives way to the
    // services. Three rows, one per cause. Before, X stayed a row of its own: no one service
    // made up 80-125% of its change, and all three together (1.67) too much.
    const a = plus(weekly(1, 0), 150);
    const b = plus(weekly(1, 1), 150);
    const c = plus(weekly(1, 2), 200);
    const d = weekly(3, 3);
    const e = weekly(4, 4);
    const series: DailySeries[] = [
      { key: 'total', cost: sum(a, b, c, d, e) },
      { key: 'account:X', parent: 'total', cost: sum(a, b, d) },
      { key: 'account:Y', parent: 'total', cost: sum(c, e) },
      { key: 'service:A', parent: 'total', cost: a },
      { key: 'service:B', parent: 'total', cost: b },
      { key: 'service:C', parent: 'total', cost: c },
      { key: 'service:D', parent: 'total', cost: d },
      { key: 'service:E', parent: 'total', cost: e },
    ];
    const r = detectAnomalies({ days: DAYS, currency: 'USD', series, nonUsage: [], lastDayComplete: true }, DEFAULT_DETECTOR_OPTIONS);
    expect(r.anomalies.map((x) => [x.date, x.series]).sort()).toEqual([
      ['2024-03-12', 'service:A'],
      ['2024-03-12', 'service:B'],
      ['2024-03-12', 'service:C'],
    ]);
    const also = Object.fromEntries(r.anomalies.map((x) => [x.series, x.also ?? []]));
    expect(also['service:A']).toContain('account:X');
    expect(also['service:B']).toContain('account:X');
    expect(also['service:C']).toContain('account:Y');
  });
});
