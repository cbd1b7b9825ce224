import type { Command } from 'commander';
import { addGlobalOptions } from '../global-options.js';
import type { CliContext } from '../context.js';
import { InputError } from '../../core/errors.js';
import type { Side } from '../../io/check-config.js';
import { simulateOptions, type SimulateFlags } from '../simulate-flags.js';

/** `costopt diff <base> <head>`: the monthly cost change, per step, prices apart from assumptions. */
export function registerDiff(program: Command, ctx: CliContext): void {
  addGlobalOptions(
    program
      .command('diff')
      .description('cost change between two scenario files (or saved JSON results): per step and in total, price changes apart from assumption changes')
      .argument('[files...]', '<base> <head>: two scenario files or two saved `estimate --format json` results; with --base-ref, the head files or quoted globs (expanded at the ref too)')
      .option('--base-ref <ref>', 'the base is each file as it is at this git ref (e.g. origin/main), read with git, no checkout')
      .option('--base-catalog <version|path>', "price the base with this catalog (instead of its own catalog:)")
      .option('--head-catalog <version|path>', "price the head with this catalog (instead of its own catalog:)")
      .option('--simulate [draws]', 'also simulate both sides (scenario files) and compare their monthly mean and P10/P50/P90')
      .option('--seed <n>', 'seed of the simulation (default 1; both sides use it)')
      .option('--quantiles <list>', 'percentiles to compare with --simulate (default 10,50,90)')
      .addHelpText('after', '\nExamples:\n  costopt diff old.yaml new.yaml\n  costopt diff base.json head.json\n  costopt diff --base-ref origin/main scenarios/support-bot.yaml\n  costopt diff --base-ref origin/main \'scenarios/*.yaml\'   (quoted: a scenario deleted on the branch is listed as removed)\n  costopt diff a.yaml a.yaml --base-catalog 2024-06-01 --head-catalog 2026-11-01   (one workload, two price lists; every model must be in both)'),
  ).action(async (files: string[], o: { baseRef?: string; baseCatalog?: string; headCatalog?: string } & SimulateFlags, cmd: Command) => {
    const g = ctx.globals(cmd);
    const simulate = simulateOptions(o);
    if (o.baseRef ? files.length < 1 : files.length !== 2) {
      throw new InputError({ severity: 'error', path: 'diff', message: o.baseRef ? 'expected at least one head file with --base-ref' : `expected two files, <base> and <head> (or --base-ref <ref> <file...>), got ${files.length}` });
    }
    const [io, { diffReport, pairByName }, { diffDoc }, { resolve }] = await Promise.all([
      import('../../io/check-config.js'), import('../../core/diff/diff.js'), import('../../render/present/diff.js'), import('node:path'),
    ]);
    const cwd = ctx.io.cwd;
    const choice = { catalog: g.catalog, asOf: g.asOf, overridesFile: g.pricingOverrides };
    const baseChoice = { ...choice, forceCatalog: o.baseCatalog, simulate };
    const headChoice = { ...choice, forceCatalog: o.headCatalog, simulate };
    const label = (f: string) => io.displayPath(cwd, resolve(cwd, f));

    let pairs: { base?: Side; head?: Side }[];
    if (o.baseRef) {
      const ref = o.baseRef;
      // a quoted glob is expanded at the ref too: a scenario deleted on the branch is listed as removed
      const targets = io.diffTargetsAtRef(files, cwd, ref);
      const perFile = await io.collectAll(targets.map((abs) => async () => {
        const { base, head } = await io.loadSidesAtRef(abs, label(abs), ref, baseChoice, headChoice);
        return pairByName(base, head);
      }));
      pairs = perFile.flat();
    } else {
      const [base, head] = await io.collectAll(files.map((f, i) => () => io.loadSideFile(resolve(cwd, f), label(f), i === 0 ? baseChoice : headChoice)));
      pairs = pairByName(base ?? [], head ?? []);
    }
    // a saved result's costs are fixed: a pricing flag that can only apply to saved results
    // (--base-catalog on a saved base; --catalog, --as-of or --pricing-overrides when every
    // side is saved) would be silently ignored, and "prices $0.00" would read as an answer
    const sides = pairs.flatMap((p) => (['base', 'head'] as const).flatMap((side) => (p[side] ? [{ side, s: p[side] }] : [])));
    const allSaved = sides.every((x) => !x.s.loaded);
    const unusable = new Map<string, { flag: string; source: string }>();
    for (const { side, s } of sides) {
      if (s.loaded) continue;
      const flags: [string, string | undefined][] = [[`--${side}-catalog`, side === 'base' ? o.baseCatalog : o.headCatalog]];
      if (allSaved) flags.push(['--catalog', g.catalog], ['--as-of', g.asOf], ['--pricing-overrides', g.pricingOverrides]);
      for (const [flag, v] of flags) if (v !== undefined) unusable.set(`${flag} ${s.source}`, { flag, source: s.source });
    }
    if (unusable.size) {
      throw new InputError([...unusable.values()].map(({ flag, source }) => ({
        severity: 'error' as const,
        path: flag,
        message: `cannot re-price ${source}: a saved result carries its costs, not the assumptions behind them`,
        hint: 'diff the scenario files to price them with another catalog',
      })));
    }
    const { refCatalogSpec } = await import('../../io/scenario.js');
    // a side read at the ref names its catalog from its own folder, at the ref
    const own = (s: Side) => (s.loaded ? refCatalogSpec(s.loaded) : undefined) ?? io.ownCatalogSpec(s, cwd);
    const withCross = await io.collectAll(pairs.map((p) => async () => {
      if (!p.base || !p.head) return p;
      const catalogs = { base: o.baseCatalog ?? own(p.base), head: o.headCatalog ?? own(p.head) };
      return { ...p, cross: await io.crossPrice(p.base, p.head, choice, catalogs) };
    }));
    const result = diffReport(withCross);
    await ctx.emit(g, { command: 'diff', result, doc: () => diffDoc(result, { markdown: g.format === 'markdown' }) });
  });
}
