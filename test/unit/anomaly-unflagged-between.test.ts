import { describe, expect, it } from 'vitest';
import type { DailySeries } from '../../src/core/anomaly/types.js';
import { dayList, detectDaily, risen, scatter, wobble } from '../helpers/anomaly-bills.js';

// Issue #19, sixth round: a row further below a parent standing as a broad change of its own
// (a SKU under a service that did not flag, under the total) is weighed as a part of it as the
// parent's children are. The bill starts on Monday 2024-01-01 and runs 110 days; every series
// is flat (no weekly cycle). Service A is SKU x (300 a day, +-1%) and SKU y (800 a day, +-1%);
// service B is 500 a day (+-1%); services C, D, E and F are 500 a day scattered +-45% (their
// noise, about 170 a day, hides a rise of a third from them). All but y rise by 35% for 12 days
// from Monday March 11th (risen's days 70-81).
const N = 110;
const DAYS = dayList(N);
const flat = (size: number, noise: number, k: number) => DAYS.map((_, i) => size * (noise ? 1 + noise * scatter(i, k) : wobble(i, k)));
const up = risen(1.35);

function bill(): DailySeries[] {
  const x = up(flat(300, 0, 0));
  const y = flat(800, 0, 1);
  const a = x.map((v, i) => v + y[i]!);
  const b = up(flat(500, 0, 2));
  const noisy = ['C', 'D', 'E', 'F'].map((k, j) => ({ key: `service:${k}`, parent: 'total', cost: up(flat(500, 0.45, j + 7)) }));
  return [
    { key: 'total', cost: DAYS.map((_, i) => a[i]! + b[i]! + noisy.reduce((s, o) => s + o.cost[i]!, 0)) },
    { key: 'service:A', parent: 'total', cost: a },
    { key: 'service:A/sku:x', parent: 'service:A', cost: x },
    { key: 'service:A/sku:y', parent: 'service:A', cost: y },
    { key: 'service:B', parent: 'total', cost: b },
    ...noisy,
  ];
}

describe('a row below a service that did not flag, during a broad rise of the total', () => {
  it('is a part of the total’s row, as the services flagged with it are', () => {
    // The total (3600 a day) rises by 105 (x) + 175 (B) + 4 x 175 (C-F) = 980, 27%: flagged
    // from March 11th. B (+35%, 1% noise) and x (+105, 35%, material to A: 5% of 1100 is 55)
    // are flagged that day; A is not (+105 is 9.5% of it, under 20%), nor are C-F (a third of
    // their noise a day). B's change is 18% of the total's and x's 11%: neither explains it,
    // so the total stands as a change of its own and B, rising by about as much in %, is a part
    // of it. Nor is it a broad rise for the later pass (rows in three services, or three
    // rising alike and 70% of the spend in which such a rise would show: that is A and B, the
    // noisy services' rise over a week being 2.8 of its standard deviation, under 3, and A's
    // 9.5% is not alike), so without weighing x as B is weighed, x's row would stand apart.
    const rows = detectDaily(DAYS, bill());
    expect(rows.anomalies.map((a) => a.series)).toEqual(['total']);
    const t = rows.anomalies[0]!;
    expect(t.kind).toBe('shift');
    expect(t.startedOn).toBe('2024-03-11');
    expect(t.endDate).toBe('2024-03-22');
  });
});
