import type { Command } from 'commander';
import { addGlobalOptions } from '../global-options.js';
import type { CliContext } from '../context.js';
import { ExitCode, InputError } from '../../core/errors.js';
import { didYouMean } from '../../core/suggest.js';
import { simulateOptions, type SimulateFlags } from '../simulate-flags.js';

const FAIL_ON = ['budget'] as const;

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** `costopt estimate <scenario.yaml...>`: baseline vs optimised plan, step by step. */
export function registerEstimate(program: Command, ctx: CliContext): void {
  addGlobalOptions(
    program
      .command('estimate')
      .description('cost of each scenario: baseline vs optimised plan, step by step')
      .argument('<scenario...>', 'scenario files (YAML)')
      .option('--set <path=value>', 'override a field, e.g. --set workload.requests_per_day=2M (repeatable)', collect, [])
      .option('--breakdown', 'add the cost lines of every step, per handler')
      .option('--fail-on <conditions>', 'exit 1 when a condition is met: budget (a scenario is over its budget:)')
      .option('--simulate [draws]', 'Monte Carlo over the scenario\'s distributions (default 10000 draws): mean, P10/P50/P90, budget odds')
      .option('--seed <n>', 'seed of the simulation (default 1): the same seed gives the same numbers everywhere')
      .option('--quantiles <list>', 'percentiles to report with --simulate (default 10,50,90), e.g. 5,50,95'),
  ).action(async (files: string[], o: { set: string[]; breakdown?: boolean; failOn?: string } & SimulateFlags, cmd: Command) => {
    const g = ctx.globals(cmd);
    const failOn = parseFailOn(o.failOn);
    const simulate = simulateOptions(o);
    const [{ estimateFiles }, { estimateDoc }] = await Promise.all([import('../../io/scenario.js'), import('../../render/present/estimate.js')]);
    const scenarios = await estimateFiles(await distinctFiles(files, ctx.io.cwd, (m) => ctx.warn(g, m)), { catalog: g.catalog, asOf: g.asOf, overridesFile: g.pricingOverrides, set: o.set, simulate });
    const result = { scenarios };
    await ctx.emit(g, { command: 'estimate', result, doc: () => estimateDoc(result, { breakdown: Boolean(o.breakdown) }) });
    const over = scenarios.filter((s) => s.budget.status === 'over');
    if (failOn.has('budget') && over.length) {
      // say why the exit code is 1 (it exited 1 with nothing on stderr; in JSON the reason is buried in budget.status)
      const { money2, money } = await import('../../render/format.js');
      const why = over.map((s) => {
        const b = s.budget;
        const parts = [
          ...(b.breaches?.includes('monthly') ? [`${money2(s.plan.monthly)}/month against ${money2(b.limitMonthly)}`] : []),
          ...(b.breaches?.includes('max_cost_per_request') ? [`${money(s.plan.perRequest)}/request against ${money(b.maxCostPerRequest)}`] : []),
        ];
        return `${s.name} (${parts.join('; ') || 'over'})`;
      });
      if (!g.quiet) ctx.io.stderr(`--fail-on budget: ${over.length} of ${scenarios.length} scenario${scenarios.length > 1 ? 's' : ''} over budget: ${why.join(', ')}\n`);
      ctx.fail(ExitCode.checkFailed);
    }
  });
}

/**
 * The files in the order given, each once: a file named twice (a.yaml a.yaml, or a glob and a
 * path naming the same file, ./a.yaml, a symlink) is shown once, with a warning naming it.
 */
async function distinctFiles(files: readonly string[], cwd: string, warn: (message: string) => void): Promise<string[]> {
  const [{ realpathSync }, { resolve }] = await Promise.all([import('node:fs'), import('node:path')]);
  const first = new Map<string, string>();
  const repeats = new Map<string, string[]>();
  const out: string[] = [];
  for (const f of files) {
    const abs = resolve(cwd, f);
    let key = abs;
    try {
      key = realpathSync(abs);
    } catch {
      // a missing file is reported by the loader, at its name
    }
    const seen = first.get(key);
    if (seen === undefined) {
      first.set(key, f);
      out.push(f);
    } else repeats.set(seen, [...(repeats.get(seen) ?? []), f]);
  }
  for (const f of out) {
    const again = repeats.get(f);
    if (!again) continue;
    const also = again.filter((x) => x !== f);
    warn(`${f} is given ${again.length === 1 ? 'twice' : `${again.length + 1} times`}${also.length ? ` (also as ${[...new Set(also)].join(', ')})` : ''}: shown once`);
  }
  return out;
}

function parseFailOn(v: string | undefined): Set<string> {
  const out = new Set<string>();
  if (!v) return out;
  for (const part of v.split(',').map((x) => x.trim()).filter(Boolean)) {
    if (!(FAIL_ON as readonly string[]).includes(part)) {
      const near = didYouMean(part, FAIL_ON);
      throw new InputError({ severity: 'error', path: '--fail-on', message: `expected ${FAIL_ON.join(', ')}, got "${part}"${near ? `; ${near}` : ''}` });
    }
    out.add(part);
  }
  return out;
}
