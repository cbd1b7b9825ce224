import { describe, expect, it } from 'vitest';
import type { DailySeries } from '../../src/core/anomaly/types.js';
import { dayList, detectDaily, serviceTree, wobble } from '../helpers/anomaly-bills.js';

// Issue #19, sixth round: several incidents on one day, one of them on a SKU whose service did
// not flag. The bill starts on Monday 2024-01-01 and runs 100 days; every series is flat with a
// +-1% wobble (no weekly cycle). Service A is one SKU of 200 a day, service B one SKU of 200 a
// day, service C SKU c1 of 100 a day and SKU c2 of 800 a day. On Wednesday March 20th (day 79)
// three things happen at once: A's SKU +100, B's SKU +100, c1 +170.
const N = 100;
const DAYS = dayList(N);
const DAY = 79;
const flat = (size: number, k: number, add = 0) => DAYS.map((_, i) => size * wobble(i, k) + (i === DAY ? add : 0));

function bill(): DailySeries[] {
  return serviceTree({ A: { a: flat(200, 0, 100) }, B: { b: flat(200, 1, 100) }, C: { c1: flat(100, 2, 170), c2: flat(800, 3) } });
}

describe('several incidents on one day, one below a service that did not flag', () => {
  it('are a row each, and the total, which they make up, is named in their also', () => {
    // The total (1300 a day) rises by 370 (28.5%): flagged. A and B rise by 50% each and are
    // flagged, each explained by its SKU (an incident there). C rises by 170 (18.9% of 900,
    // under 20%): not flagged, but c1 is (+170%). A's and B's changes together are 200, 54% of
    // the total's, under the 70% that explains a parent, and each is within twice the total's
    // 28.5% in %: without counting c1's 170 (it makes 370, all of the total's change) the total
    // would stand as a change of its own and take A and B in as its parts, leaving two rows
    // (the total and c1) for three incidents.
    const rows = detectDaily(DAYS, bill()).anomalies;
    expect(rows.map((r) => r.series).sort()).toEqual(['service:A/sku:a', 'service:B/sku:b', 'service:C/sku:c1']);
    for (const r of rows) {
      expect(r.date).toBe('2024-03-20');
      expect(r.kind).toBe('spike');
      expect(r.also).toContain('total');
    }
  });
});
