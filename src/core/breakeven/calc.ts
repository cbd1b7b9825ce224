/**
 * Self-hosted GPUs vs an API (SPEC §3.2). Pure. The self-hosted side is a fleet of always-on
 * units (a GPU, or an instance holding several), each serving `unitTokensPerSecond` at most
 * `utilization` of the time; more units are added as the volume outgrows the fleet. The API
 * side costs volume x price. Volumes are tokens (input + output) per hour.
 */

export interface BreakevenInput {
  /** USD per hour for one unit (one GPU with --gpu-hourly, one instance with --gpu) */
  unitHourly: number;
  /** GPUs in one unit */
  gpusPerUnit: number;
  /** the fleet never has fewer units than this (from --gpus) */
  minUnits: number;
  /** tokens/s one unit serves at full load */
  unitTokensPerSecond: number;
  /** highest sustained load, (0, 1] */
  utilization: number;
  /** USD per month on top of the GPUs (people, monitoring, storage) */
  opsMonthly: number;
  /** API price, USD per 1M tokens (blended over input and output) */
  apiPerMillion: number;
  daysPerMonth: number;
  /** input + output tokens per request, when known (gives requests per day) */
  tokensPerRequest?: number;
}

export interface VolumeRow {
  tokensPerHour: number;
  tokensPerMonth: number;
  /** units needed for that volume (GPUs = units x gpusPerUnit) */
  units: number;
  gpus: number;
  selfHostedMonthly: number;
  apiMonthly: number;
  selfHostedPerMillionTokens: number;
  winner: 'self-hosted' | 'api' | 'tie';
  /** true when this row is the break-even volume itself */
  breakEven?: boolean;
  /** true when this row is the volume above which self-hosting stays cheaper (after GPU steps) */
  cheaperForGood?: boolean;
}

export interface BreakevenResult {
  selfHosted: {
    /** USD per 1M tokens with the starting fleet fully used at the given utilization, ops included */
    perMillionTokens: number;
    /** USD per month of the starting fleet, always on, ops included */
    monthly: number;
    /** usable tokens per hour of the starting fleet (throughput x 3600 x utilization) */
    capacityTokensPerHour: number;
    units: number;
    gpus: number;
    hourly: number;
    unitHourly: number;
    gpusPerUnit: number;
    unitTokensPerSecond: number;
    utilizationPercent: number;
    opsMonthly: number;
    /** USD per 1M tokens at full use without ops, the hardware-only floor */
    perMillionTokensGpuOnly: number;
  };
  api: { perMillionTokens: number };
  /** null fields: self-hosting never breaks even (the API is cheaper per token even at full load) */
  breakEven: {
    tokensPerHour: number | null;
    tokensPerDay: number | null;
    tokensPerMonth: number | null;
    requestsPerDay: number | null;
    /** units and GPUs running at the break-even volume */
    units: number | null;
    gpus: number | null;
    /** share of the usable capacity of that fleet in use at break-even, 0-100 */
    loadPercent: number | null;
    /**
     * tokens/hour above which self-hosting stays cheaper; above the break-even but below this,
     * each added GPU costs more than the API until its load catches up (see apiCheaperRanges)
     */
    selfHostedCheaperAbove: number | null;
    /** volume ranges above the break-even where the API is cheaper again (just past GPU steps), tokens/hour */
    apiCheaperRanges: { fromTokensPerHour: number; toTokensPerHour: number; gpus: number }[];
    reason?: string;
  };
  hoursPerMonth: number;
  table: VolumeRow[];
  /** samples of both monthly cost curves for a chart, from 0 to the largest table volume */
  curve: { tokensPerHour: number[]; selfHostedMonthly: number[]; apiMonthly: number[] };
  /** cost per 1M tokens against volume, from the smallest to the largest table volume (see perMillionCurve) */
  perMillionCurve: PerMillionCurve;
  notes: string[];
}

/** Units needed for a volume of tokens/hour. */
export function unitsFor(i: BreakevenInput, tokensPerHour: number): number {
  const cap = unitCapacityPerHour(i);
  return Math.max(i.minUnits, Math.ceil(tokensPerHour / cap - 1e-12));
}

export function unitCapacityPerHour(i: BreakevenInput): number {
  return i.unitTokensPerSecond * 3600 * i.utilization;
}

export function selfHostedMonthlyAt(i: BreakevenInput, tokensPerHour: number): number {
  return unitsFor(i, tokensPerHour) * i.unitHourly * 24 * i.daysPerMonth + i.opsMonthly;
}

export function apiMonthlyAt(i: BreakevenInput, tokensPerHour: number): number {
  return (tokensPerHour * 24 * i.daysPerMonth * i.apiPerMillion) / 1e6;
}

/** The per-hour terms both break-even formulas use: API USD per token p, one unit's hourly price
 * h, ops per hour o, one unit's usable tokens per hour C, and what one full unit saves, C p - h. */
function hourlyTerms(i: BreakevenInput): { p: number; h: number; o: number; C: number; margin: number } {
  const p = i.apiPerMillion / 1e6;
  const h = i.unitHourly;
  const o = i.opsMonthly / (24 * i.daysPerMonth);
  const C = unitCapacityPerHour(i);
  return { p, h, o, C, margin: C * p - h };
}

/**
 * The smallest volume at which the API costs as much as self-hosting. With n units the fleet
 * costs n h + o per hour (o = ops per hour) and serves up to n C tokens/hour, so n works when
 * (n h + o) / p <= n C, i.e. n (C p - h) >= o; the break-even is then (n h + o) / p.
 */
export function breakEvenTokensPerHour(i: BreakevenInput): { tokensPerHour: number; units: number } | null {
  const { p, h, o, margin } = hourlyTerms(i);
  if (p <= 0) return null;
  let n: number;
  if (o === 0) {
    if (margin < 0) return null;
    n = i.minUnits;
  } else {
    if (margin <= 0) return null;
    n = Math.max(i.minUnits, Math.ceil(o / margin - 1e-12));
  }
  return { tokensPerHour: (n * h + o) / p, units: n };
}

/**
 * Past the break-even the API can win again just after each GPU step: with n units the fleet
 * costs n h + o and the API overtakes it at c_n = (n h + o) / p. Interval n ((n-1)C, nC] is
 * entirely self-hosted's once (n h + o) / p <= (n - 1) C, i.e. n >= (C p + o) / (C p - h).
 */
export function apiComebacks(i: BreakevenInput, firstUnits: number): { cheaperAbove: number; ranges: { fromTokensPerHour: number; toTokensPerHour: number; gpus: number }[] } | null {
  const { p, h, o, C, margin } = hourlyTerms(i);
  if (margin <= 0) return null;
  const nStar = Math.max(firstUnits + 1, Math.ceil((C * p + o) / margin - 1e-12));
  const ranges: { fromTokensPerHour: number; toTokensPerHour: number; gpus: number }[] = [];
  for (let n = firstUnits + 1; n < nStar && ranges.length < 50; n++) {
    ranges.push({ fromTokensPerHour: (n - 1) * C, toTokensPerHour: Math.min((n * h + o) / p, n * C), gpus: n * i.gpusPerUnit });
  }
  const m = nStar - 1;
  const first = (firstUnits * h + o) / p;
  const cheaperAbove = m <= firstUnits ? first : Math.min((m * h + o) / p, m * C);
  return { cheaperAbove, ranges };
}

export interface PerMillionCurve {
  /** volumes in tokens/hour, ascending; a volume appears twice where a unit is added (the jump) */
  tokensPerHour: number[];
  /** self-hosted USD per 1M tokens at each volume, ops included */
  selfHostedPerMillion: number[];
  /** the API's USD per 1M tokens, the same at every volume */
  apiPerMillion: number;
}

/**
 * Cost per 1M tokens against volume, for a chart. With n units the fleet costs n h + o per hour
 * (o = ops per hour) whatever it serves, so per 1M tokens at v tokens/hour it costs
 * (n h + o) / v x 1e6: falling while the fleet fills, then jumping up when the volume outgrows it
 * and a unit is added. Each unit count's stretch is sampled evenly; at a step the volume appears
 * twice, with n units then with n + 1, so a line through the points draws the jump upright.
 */
export function perMillionCurve(i: BreakevenInput, from: number, to: number, maxPoints = 400): PerMillionCurve {
  const C = unitCapacityPerHour(i);
  const o = i.opsMonthly / (24 * i.daysPerMonth);
  const out: PerMillionCurve = { tokensPerHour: [], selfHostedPerMillion: [], apiPerMillion: i.apiPerMillion };
  if (!(from > 0) || !(to > from) || !(C > 0)) return out;
  const first = unitsFor(i, from);
  const last = unitsFor(i, to);
  const per = Math.max(2, Math.min(24, Math.floor(maxPoints / (last - first + 1))));
  for (let n = first; n <= last; n++) {
    // unit count n serves (max(0, (n - 1) C), n C]; the minimum fleet serves everything below too
    const lo = n === first ? from : (n - 1) * C;
    const hi = n === last ? to : n * C;
    for (let k = 0; k < per; k++) {
      const v = lo + ((hi - lo) * k) / (per - 1);
      out.tokensPerHour.push(v);
      out.selfHostedPerMillion.push(((n * i.unitHourly + o) / v) * 1e6);
    }
  }
  return out;
}

export function computeBreakeven(i: BreakevenInput): BreakevenResult {
  const hours = 24 * i.daysPerMonth;
  const cap = unitCapacityPerHour(i);
  const fleetCap = cap * i.minUnits;
  const fleetHourly = i.unitHourly * i.minUnits;
  const fleetMonthly = fleetHourly * hours + i.opsMonthly;
  const notes: string[] = [];
  const be = breakEvenTokensPerHour(i);
  const perMillion = (monthly: number, tokensPerHour: number) => (tokensPerHour > 0 ? monthly / ((tokensPerHour * hours) / 1e6) : Infinity);

  let breakEven: BreakevenResult['breakEven'];
  if (be) {
    const units = be.units;
    const comeback = apiComebacks(i, units);
    breakEven = {
      tokensPerHour: be.tokensPerHour,
      tokensPerDay: be.tokensPerHour * 24,
      tokensPerMonth: be.tokensPerHour * hours,
      requestsPerDay: i.tokensPerRequest ? (be.tokensPerHour * 24) / i.tokensPerRequest : null,
      units,
      gpus: units * i.gpusPerUnit,
      loadPercent: (100 * be.tokensPerHour) / (units * cap),
      selfHostedCheaperAbove: comeback?.cheaperAbove ?? be.tokensPerHour,
      apiCheaperRanges: comeback?.ranges ?? [],
    };
    if (comeback && comeback.ranges.length) {
      const shown = comeback.ranges.slice(0, 4).map((r) => `${count(r.fromTokensPerHour)}-${count(r.toTokensPerHour)} (${r.gpus} GPUs)`);
      const more = comeback.ranges.length > 4 ? ` and ${comeback.ranges.length - 4} more` : '';
      notes.push(`past the break-even the API is cheaper again just after each GPU step, while the new GPU is lightly loaded: ${shown.join(', ')}${more} tokens/hour; self-hosting is cheaper for good above ${count(comeback.cheaperAbove)} tokens/hour`);
    }
    if (units > i.minUnits) notes.push(`the break-even volume needs ${units * i.gpusPerUnit} GPUs (${units} x ${i.gpusPerUnit}): below that the ops overhead is not covered`);
  } else {
    const floor = (fleetHourly / fleetCap) * 1e6;
    const reason = i.apiPerMillion <= 0
      ? 'the API price is $0'
      : `the API (${usd(i.apiPerMillion)}/1M) is cheaper than self-hosting even at ${i.utilization < 1 ? `${round(i.utilization * 100, 2)}% load (the utilization ceiling)` : 'full load'} (${usd(floor)}/1M for the GPUs alone${i.opsMonthly ? ', before ops' : ''})`;
    breakEven = { tokensPerHour: null, tokensPerDay: null, tokensPerMonth: null, requestsPerDay: null, units: null, gpus: null, loadPercent: null, selfHostedCheaperAbove: null, apiCheaperRanges: [], reason };
    notes.push(`self-hosting never breaks even: ${reason}`);
  }

  // volumes around the break-even, and past the fleet's capacity so the GPU steps show
  const anchor = be?.tokensPerHour ?? fleetCap;
  const raw = [0.25, 0.5, 0.75, 1, 1.5, 2].map((f) => f * anchor);
  for (const f of [1, 1.5, 2, 3]) raw.push(f * fleetCap);
  const good = breakEven.selfHostedCheaperAbove;
  if (good !== null && be && good > be.tokensPerHour) raw.push(good);
  const volumes = [...new Set(raw.map((v) => Number(v.toPrecision(10))))].filter((v) => v > 0).sort((a, b) => a - b);
  const table: VolumeRow[] = volumes.map((v) => {
    const units = unitsFor(i, v);
    const s = selfHostedMonthlyAt(i, v);
    const a = apiMonthlyAt(i, v);
    const close = Math.abs(s - a) <= 1e-9 * Math.max(1, s, a);
    const row: VolumeRow = {
      tokensPerHour: v,
      tokensPerMonth: v * hours,
      units,
      gpus: units * i.gpusPerUnit,
      selfHostedMonthly: s,
      apiMonthly: a,
      selfHostedPerMillionTokens: perMillion(s, v),
      winner: close ? 'tie' : s < a ? 'self-hosted' : 'api',
    };
    if (be && Math.abs(v - be.tokensPerHour) <= 1e-9 * be.tokensPerHour) row.breakEven = true;
    if (be && good !== null && good > be.tokensPerHour && Math.abs(v - good) <= 1e-9 * good) row.cheaperForGood = true;
    return row;
  });

  const maxV = volumes.length ? volumes[volumes.length - 1]! : fleetCap;
  const N = 60;
  const curve = { tokensPerHour: [] as number[], selfHostedMonthly: [] as number[], apiMonthly: [] as number[] };
  for (let k = 0; k <= N; k++) {
    const v = (maxV * k) / N;
    curve.tokensPerHour.push(v);
    curve.selfHostedMonthly.push(selfHostedMonthlyAt(i, v));
    curve.apiMonthly.push(apiMonthlyAt(i, v));
  }


  return {
    selfHosted: {
      perMillionTokens: perMillion(fleetMonthly, fleetCap),
      monthly: fleetMonthly,
      capacityTokensPerHour: fleetCap,
      units: i.minUnits,
      gpus: i.minUnits * i.gpusPerUnit,
      hourly: fleetHourly,
      unitHourly: i.unitHourly,
      gpusPerUnit: i.gpusPerUnit,
      unitTokensPerSecond: i.unitTokensPerSecond,
      utilizationPercent: i.utilization * 100,
      opsMonthly: i.opsMonthly,
      perMillionTokensGpuOnly: (fleetHourly / fleetCap) * 1e6,
    },
    api: { perMillionTokens: i.apiPerMillion },
    breakEven,
    hoursPerMonth: hours,
    table,
    curve,
    // from the smallest to the largest table volume (none when the table has one volume)
    perMillionCurve: perMillionCurve(i, volumes[0] ?? 0, maxV),
    notes,
  };
}

/** 2.5M, 13.26M: counts in notes (the presenter formats the tables). */
function count(n: number): string {
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'k']];
  for (const [v, u] of units) if (Math.abs(n) >= v) return `${Number((n / v).toPrecision(4))}${u}`;
  return String(Math.round(n * 100) / 100);
}

/** $0.10, $0.2786, $12.00: whole cents with two decimals (it printed $0.1), else up to 4 decimals; 4 significant digits below a cent. */
function usd(n: number): string {
  if (Math.abs(n) < 0.01) return `$${Number(n.toPrecision(4))}`;
  const r = round(n, 4);
  return `$${Math.abs(r * 100 - Math.round(r * 100)) < 1e-9 ? r.toFixed(2) : String(r)}`;
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
