import * as z from 'zod';
import { nonNegative, nonNegativeInt, positive, positiveInt, positiveShare, quantity, share } from '../fields.js';
import { TRAFFIC_PROFILES } from './profiles.js';
import { didYouMean } from '../suggest.js';

/**
 * The scenario's `deployment:` block (SPEC §3.3): a traffic shape and a list of ways to run the
 * workload, each priced per month by `estimateDeployments`. Key names are a public interface.
 */

/** Highest peak-to-average ratio an hourly model can express (all traffic in one hour). */
export const MAX_PEAK_TO_AVERAGE = 24;

export const trafficSchema = z
  .strictObject({
    /** peak hour / average hour, 1..24; the day is modelled as a smooth single-peak cycle */
    peak_to_average: quantity
      .refine((n) => n >= 1 && n <= MAX_PEAK_TO_AVERAGE, { message: `expected a peak-to-average ratio between 1 and ${MAX_PEAK_TO_AVERAGE} (the peak hour cannot carry more than the whole day)` })
      .optional(),
    /** 24 multipliers, 00:00..23:00, averaging 1 (scaled to average 1 otherwise, with a note) */
    hourly: z.array(nonNegative).optional(),
    /** a named daily shape: flat, business_hours, consumer_evening, overnight_batch */
    profile: z
      .enum(TRAFFIC_PROFILES, {
        error: (iss) => {
          const hint = didYouMean(String(iss.input), TRAFFIC_PROFILES);
          return `unknown profile ${JSON.stringify(iss.input)}${hint ? `; ${hint}` : ''} (one of ${TRAFFIC_PROFILES.join(', ')})`;
        },
      })
      .optional(),
  })
  .superRefine((t, ctx) => {
    const given = (['peak_to_average', 'hourly', 'profile'] as const).filter((k) => t[k] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: given.length ? `give one traffic shape, not ${given.join(' and ')}` : 'give one traffic shape: peak_to_average, hourly (24 values) or profile',
      });
    }
    if (t.hourly !== undefined) {
      if (t.hourly.length !== 24) {
        ctx.addIssue({ code: 'custom', path: ['hourly'], message: `expected 24 hourly multipliers (00:00 to 23:00), got ${t.hourly.length}` });
      } else if (!t.hourly.some((v) => v > 0)) {
        ctx.addIssue({ code: 'custom', path: ['hourly'], message: 'the hourly multipliers are all 0: no traffic' });
      }
    }
  });
export type TrafficSpec = z.output<typeof trafficSchema>;

/** How a capacity-based option gets its instance count: fixed, or sized from the traffic. */
const sizing = {
  /** fixed instance count; without it the count is sized from the peak */
  count: positiveInt.optional(),
  /** requests per second one instance serves at 100% utilization */
  throughput_rps: positive.optional(),
  /** the load each instance is sized to run at (default 100%) */
  target_utilization: positiveShare.optional(),
  /** lower bound on the count (default 1; autoscaled may set 0 to scale to zero) */
  min_instances: nonNegativeInt.optional(),
  /** upper bound (autoscaled and sized options); none by default */
  max_instances: positiveInt.optional(),
};

const name = z.string().min(1, 'expected a name');
const instance = z.string().min(1, 'expected an instance id "provider/type"');

function needsSizing<T extends { count?: number; throughput_rps?: number; min_instances?: number; max_instances?: number }>(o: T, ctx: z.RefinementCtx, kind: string): void {
  if (o.count === undefined && o.throughput_rps === undefined) {
    ctx.addIssue({ code: 'custom', path: ['count'], message: `${kind}: give count, or throughput_rps so the count can be sized from the traffic` });
  }
  if (o.min_instances !== undefined && o.max_instances !== undefined && o.min_instances > o.max_instances) {
    ctx.addIssue({ code: 'custom', path: ['max_instances'], message: `max_instances (${o.max_instances}) is below min_instances (${o.min_instances})` });
  }
}

export const alwaysOnSchema = z
  .strictObject({ name, kind: z.literal('always_on'), instance, ...sizing })
  .superRefine((o, ctx) => needsSizing(o, ctx, 'always_on'));

export const autoscaledSchema = z
  .strictObject({ name, kind: z.literal('autoscaled'), instance, ...sizing, throughput_rps: positive })
  .superRefine((o, ctx) => {
    if (o.count !== undefined) ctx.addIssue({ code: 'custom', path: ['count'], message: 'autoscaled sizes every hour from the traffic; use min_instances/max_instances instead of count (or kind: always_on)' });
    needsSizing(o, ctx, 'autoscaled');
  });

export const spotSchema = z
  .strictObject({
    name,
    kind: z.literal('spot'),
    instance,
    ...sizing,
    /** scale the spot fleet hour by hour (like autoscaled) instead of a fixed count */
    autoscale: z.boolean().optional(),
    /** off the on-demand price; without it the catalog's spot price is used */
    discount: share.optional(),
    /** extra instance-hours lost to interruptions (re-work, warm-up), as a share */
    interruption_overhead: share.optional(),
    /** share of the instance-hours that run on demand when spot capacity is reclaimed */
    on_demand_fallback: share.optional(),
  })
  .superRefine((o, ctx) => {
    if (o.autoscale && o.count !== undefined) ctx.addIssue({ code: 'custom', path: ['count'], message: 'autoscale: true sizes every hour from the traffic; drop count' });
    if (o.autoscale && o.throughput_rps === undefined) ctx.addIssue({ code: 'custom', path: ['throughput_rps'], message: 'autoscale: true needs throughput_rps' });
    needsSizing(o, ctx, 'spot');
  });

export const reservedSchema = z
  .strictObject({
    name,
    kind: z.literal('reserved'),
    instance,
    ...sizing,
    /** commitment term (default 1y) */
    term: z.enum(['1y', '3y']).optional(),
    /** off the on-demand price; without it the catalog's reserved rate for the term is used */
    discount: share.optional(),
  })
  .superRefine((o, ctx) => needsSizing(o, ctx, 'reserved'));

export const serverlessOptionSchema = z.strictObject({
  name,
  kind: z.literal('serverless'),
  platform: z.string().min(1, 'expected a platform id "provider/platform"'),
  /** memory per invocation; must be inside the platform's range */
  memory_mb: positive,
  /** billed duration per request */
  duration_ms: positive,
  /** subtract the platform's monthly free tier (default false: a production account is assumed to have used it) */
  free_tier: z.boolean().optional(),
  /** vCPUs per invocation, for platforms that bill vCPU-seconds (default: the platform's vCPU per GB x memory) */
  vcpus: positive.optional(),
  /** GPUs per invocation, for platforms that bill GPU-seconds (default 1 when the platform has a GPU rate) */
  gpus: positiveInt.optional(),
});

const KINDS = ['always_on', 'autoscaled', 'spot', 'reserved', 'serverless'] as const;

export const deploymentOptionSchema = z.discriminatedUnion('kind', [alwaysOnSchema, autoscaledSchema, spotSchema, reservedSchema, serverlessOptionSchema], {
  error: (iss) => {
    const kind = iss.input && typeof iss.input === 'object' && 'kind' in iss.input ? iss.input.kind : undefined;
    if (kind === undefined) return `required: kind (one of ${KINDS.join(', ')})`;
    const hint = didYouMean(String(kind), KINDS);
    return `unknown kind ${JSON.stringify(kind)}${hint ? `; ${hint}` : ''} (one of ${KINDS.join(', ')})`;
  },
});
export type DeploymentOption = z.output<typeof deploymentOptionSchema>;
export type DeploymentKind = DeploymentOption['kind'];
export const DEPLOYMENT_KINDS: readonly DeploymentKind[] = KINDS;

export const deploymentSchema = z
  .strictObject({
    /** default: the workload's requests_per_day */
    requests_per_day: nonNegative.optional(),
    /** default: flat (peak = average) */
    traffic: trafficSchema.optional(),
    options: z.array(deploymentOptionSchema).min(1, 'expected at least one deployment option'),
  })
  .superRefine((d, ctx) => {
    const seen = new Map<string, number>();
    d.options.forEach((o, i) => {
      const prev = seen.get(o.name);
      if (prev !== undefined) ctx.addIssue({ code: 'custom', path: ['options', i, 'name'], message: `duplicate option name "${o.name}" (also options[${prev}])` });
      else seen.set(o.name, i);
    });
  });

export type DeploymentSpec = z.output<typeof deploymentSchema>;
