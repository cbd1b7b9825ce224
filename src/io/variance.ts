import { dirname, resolve } from 'node:path';
import { catalogRef, lookupModel, type Catalog } from '../core/catalog/catalog.js';
import { findModel, unpricedWarning } from '../core/billing/price.js';
import { InputError, formatPath, type Diagnostic } from '../core/errors.js';
import { daysBetween, type UsageSummary } from '../core/usage/summary.js';
import { planOf } from '../core/variance/plan.js';
import { computeVariance, type VarianceReport } from '../core/variance/variance.js';
import { resolveCatalog, looksLikePath, checkAsOf } from './catalog.js';
import { loadScenarioText } from './scenario.js';
import { readInputText } from './read-file.js';
import { readUsage, type UsageOptions, type UsageRead } from './billing/usage.js';

/**
 * `costopt variance` as a library call: the scenario (the plan) priced at the catalog in force on
 * the plan's date, the usage priced row by row at the rates of its own dates, and the difference
 * split into effects (core/variance/variance.ts).
 */
export interface VarianceOptions {
  cwd: string;
  /** --catalog: prices both sides (default: the scenario's catalog: when it is a file, else latest) */
  catalog?: string | undefined;
  /** --as-of: the plan's date, the day its prices are taken at (default: the first day of the usage) */
  asOf?: string | undefined;
  overridesFile?: string | undefined;
  formatHint?: string | undefined;
  mapFile?: string | undefined;
  set?: string[] | undefined;
  nowMs?: number | undefined;
}

export type VarianceResult = VarianceReport;

/** The catalog spec a scenario names (a path is relative to the scenario's folder). */
export function scenarioCatalogSpec(file: string, own: string | undefined): { spec: string | undefined; isFile: boolean } {
  if (!own || own === 'latest') return { spec: undefined, isFile: false };
  if (/^\d{4}-\d{2}-\d{2}$/.test(own) || !(looksLikePath(own) || /\.ya?ml$/i.test(own))) return { spec: own, isFile: false };
  return { spec: resolve(dirname(file), own), isFile: true };
}

export function unpricedError(u: UsageRead): InputError | undefined {
  if (!u.summary.unpricedRequests) return undefined;
  return new InputError([
    ...u.unpriced.map((x): Diagnostic => ({ severity: 'error', message: unpricedWarning(x) })),
    { severity: 'error', message: `${u.summary.unpricedRequests} request(s) could not be priced: the actual cost would be a lower bound`, hint: 'add the model to a catalog (--catalog) or map its name (--pricing-overrides)' },
  ]);
}

function firstDayOf(summary: UsageSummary, model: string): string | undefined {
  return summary.days.find((d) => d.byModel.has(model))?.day;
}

export async function varianceFiles(scenarioPath: string, usagePaths: readonly string[], o: VarianceOptions): Promise<VarianceResult> {
  const file = resolve(o.cwd, scenarioPath);
  // read from the resolved path, named as the user wrote it (file:line:col messages)
  const loaded = await loadScenarioText(readInputText(file, 'document', scenarioPath), scenarioPath, { set: o.set });
  const shown = scenarioPath;
  const own = scenarioCatalogSpec(file, loaded.scenario.catalog);
  // names the usage's prices do not resolve (an export with its own costs) are looked up in the plan's release
  const names = await resolveCatalog({ catalog: o.catalog ?? own.spec }).catch(() => undefined);
  const usageOpts: UsageOptions = {
    cwd: o.cwd, formatHint: o.formatHint, mapFile: o.mapFile, nowMs: o.nowMs, nameToId: names ? (n) => findModel(names, n)?.id : undefined,
    catalog: { catalog: o.catalog ?? (own.isFile ? own.spec : undefined), overridesFile: o.overridesFile },
  };
  const usage = await readUsage(usagePaths, usageOpts);
  const unpriced = unpricedError(usage);
  if (unpriced) throw unpriced;
  const { summary } = usage;
  const from = summary.firstDay!;
  const to = summary.lastDay!;
  const planDay = o.asOf !== undefined ? checkAsOf(o.asOf) : from;
  let catalog: Catalog;
  try {
    catalog = await resolveCatalog({ catalog: o.catalog ?? own.spec, asOf: planDay, overridesFile: o.overridesFile });
  } catch (e) {
    if (o.catalog === undefined && own.spec !== undefined && e instanceof InputError) {
      throw new InputError(e.diagnostics.map((d) => ({ ...d, ...loaded.locate(['catalog']), path: 'catalog' })));
    }
    throw e;
  }
  if (loaded.scenario.pricing_overrides !== undefined) usage.warnings.push(`${shown}: pricing_overrides are not applied by variance yet; pass --pricing-overrides <file> to apply negotiated rates to both sides`);
  const built = planOf(loaded.scenario, catalog);
  if (!built.plan) {
    throw new InputError(built.issues.map((i) => ({ severity: 'error', ...(i.atKey ? loaded.locateKey(i.path) : loaded.locate(i.path)), path: formatPath(i.path), message: i.message })));
  }
  const days = daysBetween(from, to).length;
  const core = computeVariance({
    plan: built.plan,
    usage: summary,
    period: { from, to, days },
    entryFor: (model) => {
      const hit = lookupModel(catalog, model);
      if (hit.ok) return { entry: hit.entry };
      const day = firstDayOf(summary, model);
      const other = day && usage.source ? findModel(usage.source.at(day), model) : undefined;
      if (!other) return undefined;
      return { entry: other, note: `${model} is not in the plan's catalog (${catalog.meta.version} at ${planDay}): its plan rates are those in force on ${day}, the first day the usage calls it` };
    },
  });
  if (!core.result) throw new InputError(core.problems.map((message) => ({ severity: 'error', file: shown, message })));
  const ref = catalogRef(catalog);
  return {
    ...core.result,
    scenario: { name: loaded.name, file: shown },
    planPrices: { catalog: { id: ref.id, version: ref.version, hash: ref.hash }, asOf: planDay },
    actualPrices: usage.pricedWith ?? null,
    usage: { files: usage.files.map((f) => ({ file: f.file, format: f.format, rows: f.rows })), requests: summary.requests },
    warnings: usage.warnings,
  };
}
