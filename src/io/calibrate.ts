import { resolve } from 'node:path';
import { calibrate, type CalibrateReport } from '../core/calibrate/calibrate.js';
import { compareWithScenario } from '../core/calibrate/compare.js';
import { calibratedScenarioText } from '../core/calibrate/scenario-text.js';
import { resolveCatalog } from './catalog.js';
import { findModel } from '../core/billing/price.js';
import { readUsage } from './billing/usage.js';
import { loadScenarioText } from './scenario.js';
import { readInputText } from './read-file.js';
import { writeFileAtomic } from './write-file.js';
import { scenarioCatalogSpec } from './variance.js';

/** `costopt calibrate` as a library call: read the usage, infer the scenario, write or compare it. */
export interface CalibrateOptions {
  cwd: string;
  /** prices the usage (each row at its own date); default latest */
  catalog?: string | undefined;
  overridesFile?: string | undefined;
  formatHint?: string | undefined;
  mapFile?: string | undefined;
  /** write the scenario here ('-': the caller prints it) */
  out?: string | undefined;
  force?: boolean | undefined;
  /** compare this scenario with the usage */
  against?: string | undefined;
  name?: string | undefined;
  nowMs?: number | undefined;
}

export async function calibrateFiles(paths: readonly string[], o: CalibrateOptions): Promise<{ report: CalibrateReport; yaml: string }> {
  // the scenario to compare is read first: a typo in it is reported before a long read of the usage
  const against = o.against !== undefined ? await loadScenarioText(readInputText(resolve(o.cwd, o.against), 'document', o.against), o.against) : undefined;
  // as variance does: without --catalog, a scenario whose catalog: names a file prices the usage with it
  const own = against ? scenarioCatalogSpec(resolve(o.cwd, o.against!), against.scenario.catalog) : undefined;
  const catalogSpec = o.catalog ?? (own?.isFile ? own.spec : undefined);
  const names = await resolveCatalog({ catalog: catalogSpec }).catch(() => undefined);
  const usage = await readUsage(paths, {
    cwd: o.cwd, formatHint: o.formatHint, mapFile: o.mapFile, nowMs: o.nowMs, catalog: { catalog: catalogSpec, overridesFile: o.overridesFile },
    nameToId: names ? (n) => findModel(names, n)?.id : undefined,
  });
  const c = calibrate(usage.summary);
  const pw = usage.pricedWith;
  const pricedWith = pw ? `priced with ${pw.catalog.id} ${pw.catalog.version}${pw.dates === 'fixed' ? '' : ' at the rates in force on each request\'s date'}` : 'as the usage export states it';
  const yaml = calibratedScenarioText(c, { name: o.name ?? 'calibrated', files: usage.files.map((f) => f.file), pricedWith });
  const warnings = [...usage.warnings];
  const known = usage.source && c.period.to ? usage.source.at(c.period.to) : undefined;
  const unknown = usage.summary.models.filter((m) => m.unpricedRequests > 0).map((m) => m.model);
  if (unknown.length) warnings.push(`${unknown.join(', ')}: not priced by the catalog; the written scenario names ${unknown.length > 1 ? 'them' : 'it'} as the usage does, and estimate will ask for a catalog id`);
  let comparison: CalibrateReport['comparison'] = null;
  if (against) {
    // scenario names map to the ids the usage was summed under: the usage's own prices first
    const cat = known ?? (await resolveCatalog({ catalog: catalogSpec, overridesFile: o.overridesFile }).catch(() => undefined));
    comparison = compareWithScenario(c, against.scenario, o.against!, cat);
  }
  let written: string | null = null;
  if (o.out !== undefined && o.out !== '-') {
    writeFileAtomic(resolve(o.cwd, o.out), o.out, yaml, Boolean(o.force));
    written = o.out;
  }
  return { report: { calibration: c, usage: { files: usage.files.map((f) => ({ file: f.file, format: f.format, rows: f.rows })), pricedWith }, written, comparison, warnings }, yaml };
}
