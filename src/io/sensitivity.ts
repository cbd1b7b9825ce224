import { InputError, formatPath, type Diagnostic } from '../core/errors.js';
import { sensitivity, type Sensitivity } from '../core/uncertainty/sensitivity.js';
import type { SimulateOptions } from '../core/uncertainty/simulate.js';
import type { ScenarioEstimate } from '../core/estimate/types.js';
import { isExpression } from './expressions.js';
import { estimateWithCatalog, loadScenarioFile, type EstimateOptions, type LoadOptions } from './scenario.js';
import { expressionDerive } from './simulate.js';

export interface SensitivityOutput extends Sensitivity {
  catalog: ScenarioEstimate['catalog'];
}

/** `costopt sensitivity <scenario>`: load and price it (every check of estimate), then the tornado. */
export async function sensitivityFile(file: string, opts: EstimateOptions & LoadOptions & { all?: boolean; simulate?: SimulateOptions | undefined }): Promise<SensitivityOutput> {
  const loaded = await loadScenarioFile(file, { set: opts.set });
  const { estimate, catalog } = await estimateWithCatalog(loaded, { ...opts, simulate: undefined });
  const data = loaded.dataBeforeExpressions as { vars?: unknown };
  const rawVars = data.vars && typeof data.vars === 'object' && !Array.isArray(data.vars) ? (data.vars as Record<string, unknown>) : {};
  const uncertainVars = new Set(loaded.uncertainty.inputs.filter((i) => i.path[0] === 'vars').map((i) => String(i.path[1])));
  // --all moves vars written as numbers too (an expression var follows the vars it reads)
  const plainVars = opts.all ? Object.keys(rawVars).filter((k) => !uncertainVars.has(k) && !isExpression(rawVars[k])) : [];
  const derive = await expressionDerive(loaded, plainVars);
  const r = sensitivity({ name: loaded.name, file, scenario: loaded.scenario, catalog, uncertainty: loaded.uncertainty, all: Boolean(opts.all), vars: plainVars, derive, simulate: opts.simulate });
  if (r.issues.length || !r.result) {
    const diags: Diagnostic[] = r.issues.map((i) => ({ severity: 'error', ...loaded.locate(i.path), path: formatPath(i.path), message: i.message }));
    throw new InputError(diags.length ? diags : [{ severity: 'error', ...loaded.topPosition, message: 'nothing to vary: the scenario has no baseline to price' }]);
  }
  if (!r.result.inputs.length) {
    throw new InputError({ severity: 'error', ...loaded.topPosition, message: 'the scenario has no uncertain inputs (no distributions): give some (e.g. requests_per_day: { p10: 800k, p90: 1.5M }) or pass --all to move every number by -/+20%' });
  }
  return { ...r.result, catalog: estimate.catalog };
}
