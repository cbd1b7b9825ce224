import { describe, expect, it } from 'vitest';
import { largestOfOrdinary, ordinaryOverBill } from '../../src/core/anomaly/tails.js';
import { flatRun, oneDayAt } from '../helpers/anomaly-bills.js';

// Issue #19, sixth round: the shape of a series' noise read from the body of its residuals.
// A series of 169 days, expected 100 and sigma 5 every day, every day scored and clean; day 84
// (the middle) is the one-day rise judged. The other 168 days' |z| (signs alternating):
//   0.2 on 70 days, 0.5 on 40, 1.2 on 49, 2.5 on 8, and one dip of -8 (-40%).
// Sorted, their median (the 85th) is 0.5 and their 95% quantile (the 160th) 2.5: a ratio of
// 5.0, where normal noise gives 1.96 / 0.674 = 2.91. Less what normal noise reads by chance
// from 168 days (1 + 1.4 / sqrt(168) = 1.108 times): 4.51, the ratio of a Student-t with 2.54
// degrees of freedom (3.18 / 0.765 = 4.16 for 3). So the noise is read as that t, of scale
// 0.5 / 0.783 = 0.64, and the median of the largest |z| of 169 such days is where |t| is
// passed with probability ln 2 / 169 = 0.0041: 10.07 x 0.64 = 6.43, against 2.87 for normal
// noise, 2.24 times as far. The factors the one-day test had: 95% quantile 2.5 / 1.96 = 1.28,
// far tail (the second largest, 2.5, over 2.61 where it falls for normal noise) 0.96. So a
// rise is ordinary up to z 4 x 2.24 = 9.0 now, 4 x 1.28 = 5.1 before; the widest ordinary
// move is the -40% dip, so the shape speaks for rises of up to +60%.
const n = 169;
const D = 84;
const sizes = [...new Array(70).fill(0.2), ...new Array(40).fill(0.5), ...new Array(49).fill(1.2), ...new Array(8).fill(2.5)];
const zOf = (i: number): number => {
  if (i === 10) return -8;
  const k = i < D ? i : i - 1;
  const j = k > 10 ? k - 1 : k;
  return (j % 2 === 0 ? 1 : -1) * sizes[j]!;
};
const runWith = (dayD: number, z = zOf) => flatRun(Array.from({ length: n }, (_, i) => (i === D ? dayD : 100 + 5 * z(i))));
const oneDay = oneDayAt(D);
const absZ = () =>
  Array.from({ length: n }, (_, i) => i)
    .filter((i) => i !== D)
    .map((i) => Math.abs(zOf(i)))
    .sort((a, b) => a - b);

describe('largestOfOrdinary: how far the largest of n ordinary days reaches, from the body of the residuals', () => {
  it('reads that body as 2.24 times the normal reach', () => {
    expect(largestOfOrdinary(absZ(), n)).toBeCloseTo(2.24, 1);
  });

  it('gives nothing for a body no heavier than normal (median 0.5, 95% quantile 1.2: a ratio of 2.4)', () => {
    const normalish = absZ().map((z) => Math.min(z, 1.2));
    expect(largestOfOrdinary(normalish, n)).toBe(0);
  });
});

describe('ordinaryOverBill with the shape of the noise', () => {
  it('takes back a rise of z 8 (+40%, as far as the widest ordinary move): within the 9.0 the shape allows (before: kept, past 5.1)', () => {
    expect(ordinaryOverBill(runWith(140), oneDay, 4)).toBe(true);
  });

  it('keeps a rise of z 9.5 (+47.5%): beyond that reach', () => {
    expect(ordinaryOverBill(runWith(147.5), oneDay, 4)).toBe(false);
  });

  it('keeps a rise of z 6 (+30%) when the widest ordinary move is 12.5% (the dip at z -2.5): more than 1.5 times as far up as any ordinary day, the shape does not speak for it', () => {
    const z = (i: number) => (i === 10 ? -2.5 : zOf(i));
    expect(ordinaryOverBill(runWith(130, z), oneDay, 4)).toBe(false);
  });
});
