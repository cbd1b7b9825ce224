/** costopt as a library: the pure core plus the loaders. */
export * from './core/errors.js';
export * from './core/units.js';
export * from './core/decimal.js';
export * from './core/catalog/schema.js';
export * from './core/catalog/catalog.js';
export * from './core/catalog/lint.js';
export * from './core/catalog/diff.js';
export * from './core/catalog/overrides.js';
export { resolveCatalog, listShipped, loadShipped } from './io/catalog.js';
export { loadCatalogFile, parseCatalog } from './io/catalog-file.js';

// Estimates: scenarios in, priced steps out.
export type * from './core/estimate/types.js';
export { estimateScenario } from './core/estimate/calc.js';
export { simulateScenario, drawInputs } from './core/uncertainty/simulate.js';
export type { Simulation, SimulateOptions, Summary } from './core/uncertainty/simulate.js';
export { sensitivity } from './core/uncertainty/sensitivity.js';
export type { Sensitivity, SensitivityInput } from './core/uncertainty/sensitivity.js';
export type { Distribution } from './core/uncertainty/distributions.js';
export type { Uncertainty, UncertainInput } from './core/uncertainty/extract.js';
export { loadScenarioFile, loadScenarioText, estimateLoaded, estimateFiles } from './io/scenario.js';
export type { LoadedScenario, LoadOptions, EstimateOptions } from './io/scenario.js';

// Break-even and deployment options.
export { computeBreakeven, breakEvenTokensPerHour } from './core/breakeven/calc.js';
export type { BreakevenInput, BreakevenResult } from './core/breakeven/calc.js';
export { estimateDeployments } from './core/deployment/calc.js';
export { fitGpus, memoryNeed } from './core/sizing/fit.js';

// Bills: import, aggregate, report; anomalies.
export { analyzePaths } from './io/billing/analyze.js';
export type { AnalyzeOptions } from './io/billing/analyze.js';
export { detectAnomalies, DEFAULT_DETECTOR_OPTIONS } from './core/anomaly/detect.js';
export type * from './core/anomaly/types.js';

// CI gates.
export { evaluateCheck } from './core/check/evaluate.js';
export { diffScenario } from './core/diff/diff.js';

// Plan vs actual.
export { calibrateFiles } from './io/calibrate.js';
export type { CalibrateOptions } from './io/calibrate.js';
export { varianceFiles } from './io/variance.js';
export type { VarianceOptions } from './io/variance.js';
export { readUsage } from './io/billing/usage.js';
export { calibrate } from './core/calibrate/calibrate.js';
export type { Calibration, CalibrateReport, Estimate as CalibratedEstimate } from './core/calibrate/calibrate.js';
export { computeVariance, EFFECTS as VARIANCE_EFFECTS } from './core/variance/variance.js';
export type { VarianceReport, Part as VariancePart, Effect as VarianceEffect } from './core/variance/variance.js';
