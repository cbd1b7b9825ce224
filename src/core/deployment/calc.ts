import type { CatalogFile, InstanceEntry, ServerlessEntry } from '../catalog/schema.js';
import { lookupInstance, lookupServerless } from '../catalog/catalog.js';
import type { CostLine, DeploymentEstimate } from '../estimate/types.js';
import type { PathIssue } from '../schema-issues.js';
import type { DeploymentOption, DeploymentSpec, TrafficSpec } from './schema.js';
import { normalise, peakToAverageShape, profileShape } from './profiles.js';
import { parseQuantity } from '../units.js';

/**
 * Deployment options priced per month (SPEC §3.3). Pure: the catalog and the month length come
 * in; every option gets cost lines (quantity x unit price), its instance count at the peak and on
 * average, instance-hours and cost per 1M requests; the cheapest is marked.
 */

export interface DeploymentContext {
  catalog: CatalogFile;
  daysPerMonth: number;
  /** the workload's requests per day; `deployment.requests_per_day` wins when given */
  requestsPerDay: number;
}

export interface DeploymentResult extends DeploymentEstimate {
  /** instance id or serverless platform id */
  resource: string;
  /** instance count at the peak hour and averaged over the day; null for serverless */
  instances: { peak: number; average: number } | null;
  /** instance-hours per month; null for serverless */
  instanceHours: number | null;
  /** USD per instance-hour actually paid (spot, reserved or on-demand); null for serverless */
  hourly: number | null;
  /** USD per 1M requests (monthly / requests per month); null when there is no traffic */
  costPerMillionRequests: number | null;
  /** requests per second the peak fleet serves at its target utilization; null when unknown */
  capacityRps: number | null;
  /** reserved: the utilization above which it beats on-demand, 0-100 (= 100 - discount %) */
  breakEvenUtilizationPercent?: number;
  /** fixed-capacity options vs the cheapest serverless option: the requests/day above which this option is cheaper */
  breakEvenVsServerlessRequestsPerDay?: number | null;
  lines: CostLine[];
  notes: string[];
}

export interface DeploymentSummary {
  requestsPerDay: number;
  requestsPerMonth: number;
  averageRps: number;
  peakRps: number;
  peakToAverage: number;
  /** the traffic shape used: 24 multipliers averaging 1 */
  hourly: number[];
  trafficShape: string;
  cheapest: string | null;
  /** the requests/day above which the cheapest always-on option beats the cheapest serverless one; null when either is missing or never */
  alwaysOnBeatsServerlessAbove: { alwaysOn: string; serverless: string; requestsPerDay: number | null } | null;
}

export interface DeploymentOutput {
  deployments: DeploymentResult[];
  issues: PathIssue[];
  notes: string[];
  summary: DeploymentSummary;
}

const SECONDS_PER_DAY = 86_400;
const EPS = 1e-9;

/** Traffic shape: 24 multipliers averaging 1, plus a label for the report. */
export function trafficShape(t: TrafficSpec | undefined): { hourly: number[]; label: string; note?: string } {
  if (!t) return { hourly: Array.from({ length: 24 }, () => 1), label: 'flat (no traffic shape given: peak = average)' };
  if (t.hourly !== undefined) {
    const mean = t.hourly.reduce((a, b) => a + b, 0) / (t.hourly.length || 1);
    const note = Math.abs(mean - 1) > 1e-6 ? `the 24 hourly multipliers average ${round(mean, 4)}, not 1; they were scaled to average 1 so the day still carries requests_per_day` : undefined;
    return { hourly: normalise(t.hourly), label: 'hourly (24 multipliers)', note };
  }
  if (t.profile !== undefined) return { hourly: profileShape(t.profile), label: `profile ${t.profile}` };
  const r = t.peak_to_average ?? 1;
  return { hourly: peakToAverageShape(r), label: `peak_to_average ${r} (smooth one-peak day)` };
}

export function estimateDeployments(spec: DeploymentSpec, ctx: DeploymentContext): DeploymentOutput {
  const issues: PathIssue[] = [];
  const notes: string[] = [];
  const days = ctx.daysPerMonth;
  const hoursPerMonth = 24 * days;
  const rpd = spec.requests_per_day ?? ctx.requestsPerDay;
  const requestsPerMonth = rpd * days;

  if (spec.traffic?.hourly !== undefined && spec.traffic.hourly.length !== 24) {
    issues.push({ path: ['traffic', 'hourly'], message: `expected 24 hourly multipliers (00:00 to 23:00), got ${spec.traffic.hourly.length}` });
  }
  const shape = issues.length ? { hourly: Array.from({ length: 24 }, () => 1), label: 'flat' } : trafficShape(spec.traffic);
  if ('note' in shape && shape.note) notes.push(shape.note);
  const averageRps = rpd / SECONDS_PER_DAY;
  const peakMult = Math.max(...shape.hourly);
  const peakRps = averageRps * peakMult;
  const hourlyRps = shape.hourly.map((m) => averageRps * m);

  const deployments: DeploymentResult[] = [];
  const models: { result: DeploymentResult; option: DeploymentOption; costAt: (requestsPerDay: number) => number; sized: SizedModel | null }[] = [];

  spec.options.forEach((o, i) => {
    const at = (...p: PropertyKey[]): PropertyKey[] => ['options', i, ...p];
    if (o.kind === 'serverless') {
      const r = serverless(o, at, issues, { rpd, days, peakRps, catalog: ctx.catalog });
      if (r) {
        deployments.push(r.result);
        models.push({ result: r.result, option: o, costAt: r.costAt, sized: null });
      }
      return;
    }
    const found = lookupInstance(ctx.catalog, o.instance);
    if (!found.ok) {
      issues.push({ path: at('instance'), message: found.message });
      return;
    }
    const inst = found.entry;
    if (inst.on_demand_hourly === null || inst.on_demand_hourly === undefined) {
      issues.push({ path: at('instance'), message: `${inst.id} has no on-demand price in catalog ${ctx.catalog.catalog} ${ctx.catalog.version} (unknown, not $0)` });
      return;
    }
    const od = inst.on_demand_hourly;
    const optNotes: string[] = [];
    const perInstanceRps = o.throughput_rps !== undefined ? o.throughput_rps * (o.target_utilization ?? 1) : null;
    const min = o.min_instances ?? (o.kind === 'autoscaled' ? 1 : 1);
    const max = o.max_instances ?? Infinity;
    const hourlyScaling = o.kind === 'autoscaled' || (o.kind === 'spot' && o.autoscale === true);

    // instance count per hour of the day
    let counts: number[];
    if (o.count !== undefined) {
      counts = Array.from({ length: 24 }, () => o.count!);
      if (perInstanceRps !== null && o.count * perInstanceRps + EPS < peakRps) {
        optNotes.push(`${o.count} x ${o.throughput_rps} rps${o.target_utilization !== undefined ? ` at ${pctText(o.target_utilization)}` : ''} serves ${round(o.count * perInstanceRps, 2)} rps, below the peak of ${round(peakRps, 2)} rps: requests would queue or fail`);
      }
    } else {
      const need = (rps: number) => Math.max(min, Math.ceil(rps / perInstanceRps! - EPS));
      const peakNeed = need(peakRps);
      counts = hourlyScaling ? hourlyRps.map((r) => Math.min(max, need(r))) : Array.from({ length: 24 }, () => Math.min(max, peakNeed));
      if (peakNeed > max) optNotes.push(`the peak needs ${peakNeed} instances but max_instances is ${max}: ${round(max * perInstanceRps!, 2)} rps served of ${round(peakRps, 2)} at the peak`);
    }
    const peakCount = Math.max(...counts);
    const avgCount = counts.reduce((a, b) => a + b, 0) / 24;
    const instanceHours = counts.reduce((a, b) => a + b, 0) * days;
    const lines: CostLine[] = [];
    const line = (label: string, quantity: number, unit: string, unitPrice: number): void => {
      const monthly = quantity * unitPrice;
      lines.push({ label, quantity, unit, unitPrice, daily: monthly / days, monthly });
    };

    let effectiveHourly = od;
    let breakEvenUtilizationPercent: number | undefined;
    switch (o.kind) {
      case 'always_on':
        line(`${inst.id} on-demand`, instanceHours, 'instance-hours', od);
        break;
      case 'autoscaled':
        line(`${inst.id} on-demand, scaled per hour`, instanceHours, 'instance-hours', od);
        break;
      case 'spot': {
        let spot: number;
        if (o.discount !== undefined) spot = od * (1 - o.discount);
        else if (inst.spot_hourly !== null && inst.spot_hourly !== undefined) spot = inst.spot_hourly;
        else {
          issues.push({ path: at('instance'), message: `${inst.id} has no spot price in catalog ${ctx.catalog.catalog} ${ctx.catalog.version}; give discount: (e.g. 60%)` });
          return;
        }
        const fallback = o.on_demand_fallback ?? 0;
        const overhead = o.interruption_overhead ?? 0;
        const spotHours = instanceHours * (1 - fallback) * (1 + overhead);
        line(`${inst.id} spot${o.discount !== undefined ? ` (${pctText(o.discount)} off on-demand)` : ''}${overhead ? ` incl. ${pctText(overhead)} interruption overhead` : ''}`, spotHours, 'instance-hours', spot);
        if (fallback > 0) line(`${inst.id} on-demand fallback (${pctText(fallback)} of hours)`, instanceHours * fallback, 'instance-hours', od);
        effectiveHourly = instanceHours > 0 ? lines.reduce((a, l) => a + l.monthly, 0) / instanceHours : spot;
        optNotes.push('spot capacity can be reclaimed at short notice: fine for retryable or batch work, risky for latency-bound serving without a fallback');
        break;
      }
      case 'reserved': {
        const term = o.term ?? '1y';
        let rate: number;
        if (o.discount !== undefined) rate = od * (1 - o.discount);
        else {
          const r = term === '1y' ? inst.reserved_1y_hourly : inst.reserved_3y_hourly;
          if (r === null || r === undefined) {
            issues.push({ path: at('instance'), message: `${inst.id} has no ${term} reserved price in catalog ${ctx.catalog.catalog} ${ctx.catalog.version}; give discount: (e.g. 40%)` });
            return;
          }
          rate = r;
        }
        line(`${inst.id} reserved ${term}`, instanceHours, 'instance-hours', rate);
        effectiveHourly = rate;
        const discount = od > 0 ? 1 - rate / od : 0;
        breakEvenUtilizationPercent = round(100 * (1 - discount), 10);
        optNotes.push(`reserved ${term} is ${pctText(discount)} off on-demand, paid for every hour of the term: it beats on-demand when the instance would otherwise run more than ${pctText(1 - discount)} of the time`);
        break;
      }
      default: {
        const never: never = o;
        throw new Error(`unhandled deployment kind ${JSON.stringify(never)}`);
      }
    }
    const monthly = lines.reduce((a, l) => a + l.monthly, 0);
    const result: DeploymentResult = {
      name: o.name,
      kind: o.kind,
      monthly,
      cheapest: false,
      resource: inst.id,
      instances: { peak: peakCount, average: avgCount },
      instanceHours,
      hourly: effectiveHourly,
      costPerMillionRequests: requestsPerMonth > 0 ? monthly / (requestsPerMonth / 1e6) : null,
      capacityRps: perInstanceRps !== null ? peakCount * perInstanceRps : null,
      ...(breakEvenUtilizationPercent !== undefined ? { breakEvenUtilizationPercent } : {}),
      lines,
      notes: optNotes,
    };
    deployments.push(result);
    // a fixed-capacity option's cost as a function of volume: constant for a fixed count, stepping
    // up as the peak needs more instances when sized
    const perInstanceMonthly = hoursPerMonth * effectiveHourly;
    const sized: SizedModel | null =
      o.count === undefined && perInstanceRps !== null && !hourlyScaling && peakMult > 0
        ? { min: Math.max(1, min), perInstanceMonthly, capacityPerDay: (perInstanceRps * SECONDS_PER_DAY) / peakMult }
        : null;
    models.push({ result, option: o, costAt: () => monthly, sized });
  });

  if (hourlyRps.length && deployments.length) {
    const cheapest = deployments.reduce((a, b) => (b.monthly < a.monthly - EPS ? b : a));
    cheapest.cheapest = true;
  }

  // the volume above which the cheapest always-on option beats serverless
  const serverlessModels = models.filter((m) => m.option.kind === 'serverless');
  const cheapestServerless = serverlessModels.length ? serverlessModels.reduce((a, b) => (b.result.monthly < a.result.monthly ? b : a)) : undefined;
  let crossover: DeploymentSummary['alwaysOnBeatsServerlessAbove'] = null;
  if (cheapestServerless) {
    for (const m of models) {
      if (m.option.kind === 'serverless' || m.option.kind === 'autoscaled' || (m.option.kind === 'spot' && m.option.autoscale)) continue;
      m.result.breakEvenVsServerlessRequestsPerDay = breakEvenVolume(m.sized, m.result.monthly, cheapestServerless.costAt);
    }
    const alwaysOn = models.filter((m) => m.option.kind === 'always_on');
    if (alwaysOn.length) {
      const best = alwaysOn.reduce((a, b) => (b.result.monthly < a.result.monthly ? b : a));
      const v = best.result.breakEvenVsServerlessRequestsPerDay ?? null;
      crossover = { alwaysOn: best.result.name, serverless: cheapestServerless.result.name, requestsPerDay: v };
      if (v === null) notes.push(`${best.result.name} (the cheapest always-on option) never beats ${cheapestServerless.result.name} at any volume`);
      else notes.push(`${best.result.name} (the cheapest always-on option) beats ${cheapestServerless.result.name} above ${formatCount(v)} requests/day (${formatCount(v * days)} per month); this scenario runs ${formatCount(rpd)}/day`);
    }
  }

  const cheapest = deployments.find((d) => d.cheapest);
  return {
    deployments,
    issues,
    notes,
    summary: {
      requestsPerDay: rpd,
      requestsPerMonth,
      averageRps,
      peakRps,
      peakToAverage: peakMult,
      hourly: shape.hourly,
      trafficShape: shape.label,
      cheapest: cheapest?.name ?? null,
      alwaysOnBeatsServerlessAbove: crossover,
    },
  };
}

interface SizedModel {
  min: number;
  perInstanceMonthly: number;
  /** requests/day one instance serves when the fleet is sized for the peak */
  capacityPerDay: number;
}

/**
 * The smallest requests/day at which a fixed-capacity option costs no more than serverless.
 * Serverless cost S(V) is nondecreasing, piecewise linear and convex in V with S(0) = 0; a
 * sized option costs n(V) x K with n(V) = max(min, ceil(V / capacity)). null = never.
 */
export function breakEvenVolume(sized: SizedModel | null, fixedMonthly: number, serverlessAt: (requestsPerDay: number) => number): number | null {
  const firstAtLeast = (target: number, lo: number, hi: number): number => {
    if (serverlessAt(lo) >= target) return lo;
    for (let i = 0; i < 200 && hi - lo > Math.max(1e-9, hi * 1e-15); i++) {
      const mid = (lo + hi) / 2;
      if (serverlessAt(mid) >= target) hi = mid;
      else lo = mid;
    }
    return hi;
  };
  if (!sized) {
    if (fixedMonthly <= 0) return 0;
    let hi = 1;
    while (serverlessAt(hi) < fixedMonthly) {
      hi *= 2;
      if (hi > 1e18) return null;
    }
    return firstAtLeast(fixedMonthly, 0, hi);
  }
  const { min, perInstanceMonthly: k, capacityPerDay: cap } = sized;
  // g(n) = S(n cap) - n k is convex with g(0) = 0, so once >= 0 it stays so
  const g = (n: number) => serverlessAt(n * cap) - n * k;
  let hiN = Math.max(1, min);
  while (g(hiN) < 0) {
    hiN *= 2;
    if (hiN > 2 ** 50) return null;
  }
  let loN = 0;
  while (hiN - loN > 1) {
    const mid = Math.floor((loN + hiN) / 2);
    if (g(mid) >= 0) hiN = mid;
    else loN = mid;
  }
  const n = Math.max(hiN, min);
  const lower = n === min ? 0 : (n - 1) * cap;
  return firstAtLeast(n * k, lower, n * cap);
}

/** A serverless memory size outside the platform's range: the message, else undefined. */
function memoryIssue(p: ServerlessEntry, mb: number): string | undefined {
  return p.memory_mb && (mb < p.memory_mb.min || mb > p.memory_mb.max) ? `${p.id} allows ${p.memory_mb.min} to ${p.memory_mb.max} MB, got ${mb}` : undefined;
}

function serverless(
  o: Extract<DeploymentOption, { kind: 'serverless' }>,
  at: (...p: PropertyKey[]) => PropertyKey[],
  issues: PathIssue[],
  env: { rpd: number; days: number; peakRps: number; catalog: CatalogFile },
): { result: DeploymentResult; costAt: (requestsPerDay: number) => number } | undefined {
  const found = lookupServerless(env.catalog, o.platform);
  if (!found.ok) {
    issues.push({ path: at('platform'), message: found.message });
    return undefined;
  }
  const p: ServerlessEntry = found.entry;
  const before = issues.length;
  const memory = memoryIssue(p, o.memory_mb);
  if (memory) issues.push({ path: at('memory_mb'), message: memory });
  const gb = o.memory_mb / 1024;
  const seconds = o.duration_ms / 1000;
  type Meter = { label: string; unit: string; perRequest: number; rate: number; free: number };
  const meters: Meter[] = [];
  const unknown: string[] = [];
  const free = o.free_tier ? p.free_tier ?? null : null;
  const addMeter = (field: string, rate: number | null | undefined, m: Omit<Meter, 'rate'>) => {
    if (rate === undefined) return;
    if (rate === null) unknown.push(field);
    else meters.push({ ...m, rate });
  };
  addMeter('per_gb_second', p.per_gb_second, { label: `compute ${o.memory_mb} MB x ${o.duration_ms} ms`, unit: 'GB-seconds', perRequest: gb * seconds, free: free?.gb_seconds ?? 0 });
  if (p.per_vcpu_second !== undefined && p.per_vcpu_second !== null) {
    const vcpus = o.vcpus ?? (p.vcpu_per_gb !== undefined ? p.vcpu_per_gb * gb : undefined);
    if (vcpus === undefined) issues.push({ path: at('vcpus'), message: `${p.id} bills vCPU-seconds: give vcpus (vCPUs per invocation)` });
    else addMeter('per_vcpu_second', p.per_vcpu_second, { label: `vCPU ${round(vcpus, 4)} x ${o.duration_ms} ms`, unit: 'vCPU-seconds', perRequest: vcpus * seconds, free: free?.vcpu_seconds ?? 0 });
  } else if (p.per_vcpu_second === null) unknown.push('per_vcpu_second');
  if (p.per_gpu_second !== undefined && p.per_gpu_second !== null) {
    const gpus = o.gpus ?? 1;
    addMeter('per_gpu_second', p.per_gpu_second, { label: `GPU ${gpus}${p.gpu ? ` x ${p.gpu.model}` : ''} x ${o.duration_ms} ms`, unit: 'GPU-seconds', perRequest: gpus * seconds, free: free?.gpu_seconds ?? 0 });
  } else {
    if (p.per_gpu_second === null) unknown.push('per_gpu_second');
    if (o.gpus !== undefined) issues.push({ path: at('gpus'), message: `${p.id} has no GPU-second price in catalog ${env.catalog.catalog} ${env.catalog.version}` });
  }
  // requests: priced per 1M
  if (p.per_million_requests === null) unknown.push('per_million_requests');
  const requestRate = p.per_million_requests ?? undefined;
  // A platform is priced from the meters the catalog knows; a null meter is unknown (often: not
  // sold, e.g. Lambda has no vCPU-second rate) and is named in a note, never counted as $0. With
  // no known compute meter at all the option cannot be priced.
  if (!meters.length) {
    issues.push({ path: at('platform'), message: `${p.id} has no known compute price (per GB-second, vCPU-second or GPU-second) in catalog ${env.catalog.catalog} ${env.catalog.version}${unknown.length ? `: ${unknown.join(', ')} unknown` : ''}; cannot price it (unknown is not $0)` });
  }
  if (issues.length > before) return undefined;

  const freeRequests = free?.requests ?? 0;
  const costAt = (rpd: number): number => {
    const req = rpd * env.days;
    let total = 0;
    for (const m of meters) total += Math.max(0, req * m.perRequest - m.free) * m.rate;
    if (requestRate !== undefined) total += (Math.max(0, req - freeRequests) / 1e6) * requestRate;
    return total;
  };
  const requestsPerMonth = env.rpd * env.days;
  const lines: CostLine[] = [];
  for (const m of meters) {
    const q = Math.max(0, requestsPerMonth * m.perRequest - m.free);
    lines.push({ label: `${m.label}${m.free ? ` (less ${formatCount(m.free)} free)` : ''}`, quantity: q, unit: m.unit, unitPrice: m.rate, daily: (q * m.rate) / env.days, monthly: q * m.rate });
  }
  if (requestRate !== undefined) {
    const q = Math.max(0, requestsPerMonth - freeRequests) / 1e6;
    lines.push({ label: `requests${freeRequests ? ` (less ${formatCount(freeRequests)} free)` : ''}`, quantity: q, unit: '1M requests', unitPrice: requestRate, daily: (q * requestRate) / env.days, monthly: q * requestRate });
  }
  const notes: string[] = [];
  if (unknown.length) notes.push(`no catalog rate for ${unknown.join(', ')}: not counted (a lower bound if ${p.id} bills them)`);
  if (o.free_tier && !p.free_tier) notes.push(`free_tier: true, but ${p.id} has no free tier in the catalog`);
  if (!o.free_tier && p.free_tier) notes.push('free tier not applied (set free_tier: true to subtract it)');
  const concurrency = env.peakRps * seconds;
  const cold = p.cold_start_ms ? `cold starts add about ${p.cold_start_ms.typical} ms${p.cold_start_ms.p99 !== undefined ? ` (p99 ${p.cold_start_ms.p99} ms)` : ''} to requests that land on a new instance` : 'cold starts add latency to requests that land on a new instance (no figure in the catalog)';
  notes.push(`${cold}; about ${round(concurrency, 2)} concurrent executions at the peak; a latency cost, not a dollar cost`);
  const monthly = lines.reduce((a, l) => a + l.monthly, 0);
  return {
    result: {
      name: o.name,
      kind: 'serverless',
      monthly,
      cheapest: false,
      resource: p.id,
      instances: null,
      instanceHours: null,
      hourly: null,
      costPerMillionRequests: requestsPerMonth > 0 ? monthly / (requestsPerMonth / 1e6) : null,
      capacityRps: null,
      lines,
      notes,
    },
    costAt,
  };
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function pctText(share: number): string {
  return `${round(share * 100, 2)}%`;
}

/** 7,896,774 / 2.5M style counts for notes (render formats the tables). */
export function formatCount(n: number): string {
  const abs = Math.abs(n);
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'k']];
  for (const [v, u] of units) if (abs >= v) return `${Number((n / v).toPrecision(4))}${u}`;
  return String(round(n, 2));
}

/** For callers that only need the instance entry's hourly price at a given kind. */
export function hourlyPrice(inst: InstanceEntry, kind: 'on_demand' | 'spot' | 'reserved_1y' | 'reserved_3y'): number | null {
  const v = kind === 'on_demand' ? inst.on_demand_hourly : kind === 'spot' ? inst.spot_hourly : kind === 'reserved_1y' ? inst.reserved_1y_hourly : inst.reserved_3y_hourly;
  return v ?? null;
}

/**
 * The catalog references of a `deployment:` block read as written, before (or without) the
 * schema: unknown instance and platform ids, and a serverless memory_mb outside the platform's
 * range. When other options of the block have schema errors the block is not priced, and these
 * were reported only once those were fixed; the loader adds them to the schema errors so every
 * problem comes in one run. Messages are those of estimateDeployments; paths are under the block.
 */
export function deploymentReferenceIssues(raw: unknown, catalog: CatalogFile): PathIssue[] {
  const options = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>).options : undefined;
  if (!Array.isArray(options)) return [];
  const issues: PathIssue[] = [];
  options.forEach((o: unknown, i) => {
    if (o === null || typeof o !== 'object' || Array.isArray(o)) return;
    const opt = o as Record<string, unknown>;
    const at = (key: string): PropertyKey[] => ['options', i, key];
    if (opt.kind === 'serverless' || (opt.kind !== undefined && typeof opt.platform === 'string' && opt.instance === undefined)) {
      if (typeof opt.platform !== 'string') return;
      const found = lookupServerless(catalog, opt.platform);
      if (!found.ok) {
        issues.push({ path: at('platform'), message: found.message });
        return;
      }
      const mb = typeof opt.memory_mb === 'number' || typeof opt.memory_mb === 'string' ? parseQuantity(opt.memory_mb) : undefined;
      // a memory_mb that is not a number > 0 is the schema's to report
      const memory = mb !== undefined && mb > 0 ? memoryIssue(found.entry, mb) : undefined;
      if (memory) issues.push({ path: at('memory_mb'), message: memory });
      return;
    }
    if (typeof opt.instance !== 'string' || opt.instance === '') return;
    const found = lookupInstance(catalog, opt.instance);
    if (!found.ok) issues.push({ path: at('instance'), message: found.message });
  });
  return issues;
}
