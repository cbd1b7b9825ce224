import * as z from 'zod';
import { quantity, share, usd } from '../fields.js';
import { parseShare, isPercentText } from '../units.js';

/**
 * `costopt.yaml`: the CI budget gate (SPEC §5). Paths and globs are relative to the config
 * file. Unknown keys are errors (with "did you mean"), like every other YAML input.
 */

/** A percentage as people write it in a budget: 10 or "10%" both mean ten percent (not 0.1). */
export const percent = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const n = isPercentText(v) ? mulHundred(parseShare(v)) : quantity.safeParse(v).data;
  if (n === undefined || !Number.isFinite(n)) {
    ctx.addIssue({ code: 'custom', message: `expected a percentage (10 or "10%"), got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  if (n < 0) {
    ctx.addIssue({ code: 'custom', message: `expected a percentage >= 0, got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return n;
});

function mulHundred(n: number | undefined): number | undefined {
  // "12.5%" -> 12.5 exactly: parse the text rather than multiply a float by 100
  return n === undefined ? undefined : Number((n * 100).toPrecision(12));
}

const paths = z.union([z.string().min(1, 'expected a path or glob'), z.array(z.string().min(1, 'expected a path or glob')).min(1, 'expected at least one path or glob')]);

export const scenarioEntrySchema = z.strictObject({
  /** a file, glob or list of them, relative to the config file */
  path: paths,
  /** plan cost per month, USD */
  max_monthly: usd.optional(),
  /** with max_monthly: hold the simulated monthly cost at this quantile to it (90%: fail when P90 > max_monthly) */
  confidence: share.refine((n) => n > 0 && n < 1, { message: 'expected a confidence between 0% and 100% (e.g. 90%)' }).optional(),
  /** plan cost per request, USD */
  max_cost_per_request: usd.optional(),
  /** monthly plan increase against the base, percent */
  max_increase_percent: percent.optional(),
  /** the base for max_increase_percent when no --base/--base-ref is given: saved estimate JSON or scenario files */
  base: paths.optional(),
});

export const FAIL_ON = ['anomaly', 'unpriced'] as const;
const failOn = z.enum(FAIL_ON);

export const billEntrySchema = z.strictObject({
  path: paths,
  /** month-end forecast limit, USD */
  max_forecast: usd.optional(),
  /** findings that fail the check */
  fail_on: z.union([failOn, z.array(failOn)]).optional(),
  /** like `costopt analyze --format-hint`: the export format when the header does not say */
  format_hint: z.string().min(1).optional(),
  /** like `costopt analyze --map`: a column-mapping file, relative to the config */
  map: z.string().min(1).optional(),
});

export const checkConfigSchema = z.strictObject({
  version: z.literal(1, { message: 'expected version: 1' }),
  /** catalog version or file for every scenario without its own `catalog:` (a --catalog flag wins) */
  catalog: z.string().optional(),
  scenarios: z.array(scenarioEntrySchema).optional(),
  bills: z.array(billEntrySchema).optional(),
});

export type CheckConfig = z.output<typeof checkConfigSchema>;
export type ScenarioEntry = z.output<typeof scenarioEntrySchema>;
export type BillEntry = z.output<typeof billEntrySchema>;

export const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Shown when there is no costopt.yaml: the smallest config that works. */
export const MINIMAL_CONFIG = `version: 1
scenarios:
  - path: scenarios/*.yaml
    max_monthly: 50000
    max_cost_per_request: 0.01
`;
