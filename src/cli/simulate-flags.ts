import { InputError } from '../core/errors.js';
import { DEFAULT_DRAWS, DEFAULT_SEED, MAX_DRAWS, type SimulateOptions } from '../core/uncertainty/simulate.js';

export interface SimulateFlags {
  /** true for a bare --simulate, the draw count as typed otherwise */
  simulate?: boolean | string;
  seed?: string;
  quantiles?: string;
}

/** --simulate [N] --seed S --quantiles 5,50,95 -> options (undefined without --simulate); bad values are exit 2. */
export function simulateOptions(o: SimulateFlags): SimulateOptions | undefined {
  const bad = (path: string, message: string) => new InputError({ severity: 'error', path, message });
  if (o.simulate === undefined || o.simulate === false) {
    if (o.seed !== undefined) throw bad('--seed', '--seed needs --simulate');
    if (o.quantiles !== undefined) throw bad('--quantiles', '--quantiles needs --simulate');
    return undefined;
  }
  let draws = DEFAULT_DRAWS;
  if (typeof o.simulate === 'string') {
    const n = /^\d[\d_]*$/.test(o.simulate.trim()) ? Number(o.simulate.trim().replace(/_/g, '')) : NaN;
    if (!Number.isInteger(n) || n < 2 || n > MAX_DRAWS) throw bad('--simulate', `expected a number of draws from 2 to ${MAX_DRAWS.toLocaleString('en-US')}, got "${o.simulate}"`);
    draws = n;
  }
  let seed = DEFAULT_SEED;
  if (o.seed !== undefined) {
    const n = /^\d+$/.test(o.seed.trim()) ? Number(o.seed.trim()) : NaN;
    if (!Number.isInteger(n) || n > 0xffffffff) throw bad('--seed', `expected a whole number from 0 to 4294967295, got "${o.seed}"`);
    seed = n;
  }
  let quantiles: number[] | undefined;
  if (o.quantiles !== undefined) {
    const parts = o.quantiles.split(',').map((x) => x.trim().replace(/%$/, ''));
    const qs = parts.map((x) => (/^\d+(\.\d+)?$/.test(x) ? Number(x) : NaN));
    if (!qs.length || qs.some((q) => !(q > 0 && q < 100)) || qs.length > 20) throw bad('--quantiles', `expected percentiles between 0 and 100, comma-separated (e.g. 5,50,95), got "${o.quantiles}"`);
    quantiles = [...new Set(qs)].sort((a, b) => a - b).map((q) => Number((q / 100).toPrecision(12)));
  }
  return { draws, seed, ...(quantiles ? { quantiles } : {}) };
}
