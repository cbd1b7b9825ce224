import type { Command } from 'commander';
import { addGlobalOptions } from '../global-options.js';
import type { CliContext, GlobalOptions } from '../context.js';
import { lookup, type Catalog } from '../../core/catalog/catalog.js';
import { ExitCode, InputError } from '../../core/errors.js';
// The quick path (`pricing show`, `pricing list`) is imported statically: these modules are
// small and fs-only, and one bundle file loads faster than several lazily loaded chunks.
import { catalogAtSide, listShipped, otherShippedVersionsWith, resolveCatalog, shippedVersionFiles } from '../../io/catalog.js';
import { showEntry } from '../../core/catalog/show.js';
import { listDoc, showDoc } from '../../render/present/pricing.js';

/**
 * Global catalog flags a pricing subcommand has no use for are bad input (exit 2), not silently
 * ignored: `pricing lint --catalog mine.yaml` used to lint the shipped versions and exit 0.
 */
function rejectUnused(g: GlobalOptions, command: string, unused: { flag: '--catalog' | '--as-of' | '--pricing-overrides'; hint: string }[]): void {
  const given = { '--catalog': g.catalog, '--as-of': g.asOf, '--pricing-overrides': g.pricingOverrides };
  const diagnostics = unused.filter((u) => given[u.flag] !== undefined).map((u) => ({ severity: 'error' as const, path: u.flag, message: `not used by \`costopt ${command}\``, hint: u.hint }));
  if (diagnostics.length) throw new InputError(diagnostics);
}

/**
 * An id missing from the shipped version shown: say which version was searched and, when other
 * shipped versions have the id (a model added later, or removed since), which --as-of finds it.
 */
async function notInThisVersion(e: unknown, cat: Catalog, id: string): Promise<unknown> {
  if (!(e instanceof InputError) || cat.meta.origin !== 'shipped') return e;
  const where = `(catalog ${cat.meta.id} ${cat.meta.version})`;
  if (cat.meta.history && cat.unavailable?.[id.toLowerCase()]) {
    // a release with history knows the id, not on this day: its dates say which days price it
    return new InputError(e.diagnostics.map((d) => ({ ...d, message: `${d.message} ${where}`, hint: `costopt pricing history ${id} lists the days it was available; --as-of <day> shows the prices of one of them` })));
  }
  const others = await otherShippedVersionsWith(cat, (c) => lookup(c, id).ok);
  return new InputError(e.diagnostics.map((d) => ({
    ...d,
    message: d.message.includes(where) ? d.message : `${d.message} ${where}`,
    ...(others.length ? { hint: `${id} is in catalog version ${others.join(', ')}: use --as-of ${others[others.length - 1]} (or --catalog ${others[others.length - 1]})` } : {}),
  })));
}

/** `costopt pricing list|show|history|diff|lint|import`: inspect, compare, validate and import catalogs. */
export function registerPricing(program: Command, ctx: CliContext): void {
  const pricing = program.command('pricing').description('inspect, compare, validate and import pricing catalogs');

  addGlobalOptions(pricing.command('list').description('shipped catalog versions with their dates and counts')).action(async (_o, cmd: Command) => {
    const g = ctx.globals(cmd);
    rejectUnused(g, 'pricing list', [
      { flag: '--catalog', hint: 'pricing list lists the shipped versions; costopt pricing lint <file> checks a catalog file' },
      { flag: '--as-of', hint: 'costopt pricing show <id> --as-of <date> gives the price in force on a date' },
      { flag: '--pricing-overrides', hint: 'costopt pricing diff <version> <version> --pricing-overrides <file> shows what the overrides change' },
    ]);
    const all = await listShipped();
    const latest = all[all.length - 1]?.version;
    const result = { versions: all.map((v) => ({ version: v.version, published: v.published, id: v.id, hash: v.hash, latest: v.version === latest, counts: v.counts })) };
    await ctx.emit(g, { command: 'pricing list', result, doc: () => listDoc(result) });
  });

  addGlobalOptions(pricing.command('show').description('every rate, tier and source of one model, instance or platform').argument('<id>', 'provider/model, provider/instance or provider/platform'))
    .action(async (id: string, _o, cmd: Command) => {
      const g = ctx.globals(cmd);
      if (!id.trim()) throw new InputError({ severity: 'error', path: 'id', message: 'expected an id such as openai/gpt-4o (provider/name, or an alias such as gpt-4o), got ""' });
      const cat = await resolveCatalog(ctx.catalogChoice(g));
      let result: ReturnType<typeof showEntry>;
      try {
        result = showEntry(cat, id);
      } catch (e) {
        throw await notInThisVersion(e, cat, id);
      }
      await ctx.emit(g, { command: 'pricing show', result, doc: () => showDoc(result) });
    });

  addGlobalOptions(pricing.command('history').description('the dated price history of one model or moving alias, with sources').argument('<id>', 'provider/model, an alias such as gpt-4o, or a moving alias'))
    .action(async (id: string, _o, cmd: Command) => {
      const g = ctx.globals(cmd);
      rejectUnused(g, 'pricing history', [
        { flag: '--as-of', hint: 'pricing history lists every date; costopt pricing show <id> --as-of <day> gives the prices of one day' },
        { flag: '--pricing-overrides', hint: 'overrides apply to prices in force: costopt pricing show <id> --pricing-overrides <file>' },
      ]);
      if (!id.trim()) throw new InputError({ severity: 'error', path: 'id', message: 'expected an id such as openai/gpt-4o, got ""' });
      const [{ resolveRelease }, { historyOf }, { historyDoc }, { releaseAt }] = await Promise.all([
        import('../../io/catalog.js'), import('../../core/catalog/timeline.js'), import('../../render/present/pricing.js'), import('../../io/catalog-file.js'),
      ]);
      const release = await resolveRelease(ctx.catalogChoice(g));
      if (release.kind === 'plain') {
        const c = release.catalog;
        throw new InputError({ severity: 'error', path: '--catalog', message: `catalog ${c.meta.id} ${c.meta.version} has one price per model and no history (schema v1)`, hint: 'the newest shipped release has price history: drop --catalog' });
      }
      const { findModel } = await import('../../core/billing/price.js');
      let result = historyOf(release.history, id);
      if (!result) {
        // a spelling a bill writes (a Bedrock ARN, a Vertex path): the model it resolves to today
        const m = findModel(releaseAt(release), id);
        result = m ? historyOf(release.history, m.id) : undefined;
      }
      if (!result) {
        const { didYouMean } = await import('../../core/suggest.js');
        const names = [...release.history.models.flatMap((m) => [m.id, ...m.aliases]), ...release.history.aliases.flatMap((a) => [a.id, ...a.names])];
        const hint = didYouMean(id, names);
        throw new InputError({ severity: 'error', path: 'id', message: `unknown model "${id}"${hint ? `; ${hint}` : ''} (catalog ${release.history.meta.id} ${release.history.meta.version})` });
      }
      const found = result;
      await ctx.emit(g, { command: 'pricing history', result: found, doc: () => historyDoc(found) });
    });

  addGlobalOptions(pricing.command('diff').description('every rate changed, added or removed between two catalogs or two dates').argument('<from>', 'a release (2026-11-01), a catalog file, a date (2025-01-01: the newest release\'s prices that day) or release@date').argument('<to>', 'as <from>'))
    .option('--section <section>', 'only models|instances|serverless|throughput')
    .action(async (from: string, to: string, o: { section?: string }, cmd: Command) => {
      const g = ctx.globals(cmd);
      rejectUnused(g, 'pricing diff', [
        { flag: '--catalog', hint: 'the two catalogs are the arguments: costopt pricing diff <from> <to> (versions or files)' },
        { flag: '--as-of', hint: 'the two catalogs are the arguments: costopt pricing diff <from> <to> (versions or files)' },
      ]);
      const sections = ['models', 'instances', 'serverless', 'throughput'];
      if (o.section && !sections.includes(o.section)) {
        const { didYouMean } = await import('../../core/suggest.js');
        const hint = didYouMean(o.section, sections);
        throw new InputError({ severity: 'error', path: '--section', message: `expected one of ${sections.join(', ')}, got "${o.section}"${hint ? `; ${hint}` : ''}` });
      }
      const [{ diffCatalogs }, { diffDoc }, { catalogRef }] = await Promise.all([
        import('../../core/catalog/diff.js'), import('../../render/present/pricing.js'), import('../../core/catalog/catalog.js'),
      ]);
      // overrides apply to the `to` side only: `diff V V --pricing-overrides f` shows what f changes
      const a = await catalogAtSide(from, '<from>');
      const b = await catalogAtSide(to, '<to>', g.pricingOverrides);
      const changes = diffCatalogs(a, b).filter((c) => !o.section || c.section === o.section);
      const result = {
        from: catalogRef(a),
        to: catalogRef(b),
        changes,
        summary: { changed: changes.filter((c) => c.kind === 'changed').length, added: changes.filter((c) => c.kind === 'added').length, removed: changes.filter((c) => c.kind === 'removed').length },
      };
      await ctx.emit(g, { command: 'pricing diff', result, doc: () => diffDoc(result) });
    });

  addGlobalOptions(pricing.command('lint').description('sanity rules over a catalog file (default: every shipped version); exit 1 on violations').argument('[paths...]', 'catalog files'))
    .action(async (paths: string[], _o, cmd: Command) => {
      const g = ctx.globals(cmd);
      rejectUnused(g, 'pricing lint', [
        { flag: '--catalog', hint: 'pass catalog files as arguments: costopt pricing lint my-catalog.yaml' },
        { flag: '--as-of', hint: 'pricing lint checks whole files: costopt pricing lint [files...]' },
        { flag: '--pricing-overrides', hint: 'pricing lint checks catalog files; costopt pricing diff <version> <version> --pricing-overrides <file> shows what the overrides change' },
      ]);
      const [{ parseRelease }, { readText }, { lintCatalog, lintHistory }, { lintDoc }, { formatPath }] = await Promise.all([
        import('../../io/catalog-file.js'), import('../../io/yaml.js'), import('../../core/catalog/lint.js'), import('../../render/present/pricing.js'), import('../../core/errors.js'),
      ]);
      const files = paths.length ? paths : shippedVersionFiles().map((f) => f.file);
      const { relative } = await import('node:path');
      const result = {
        files: files.map((file) => {
          const shown = paths.length ? file : relative(ctx.io.cwd, file) || file;
          const { release, src } = parseRelease(readText(file, 'price-file'), shown, paths.length ? 'file' : 'shipped');
          const catalog = release.kind === 'plain' ? release.catalog : release.history;
          const violations = (release.kind === 'plain' ? lintCatalog(release.catalog) : lintHistory(release.history)).map((v) => {
            const pos = src.locate(v.path);
            return { rule: v.rule, id: v.id, path: formatPath(v.path), line: pos.line, col: pos.col, message: v.message };
          }).sort((x, y) => (x.line ?? 0) - (y.line ?? 0) || (x.col ?? 0) - (y.col ?? 0));
          return { file: shown, version: catalog.meta.version, catalog: { id: catalog.meta.id, version: catalog.meta.version, hash: catalog.meta.hash }, violations };
        }),
        violations: 0,
      };
      result.violations = result.files.reduce((n, f) => n + f.violations.length, 0);
      await ctx.emit(g, { command: 'pricing lint', result, doc: () => lintDoc(result) });
      if (result.violations) ctx.fail(ExitCode.checkFailed);
    });

  addGlobalOptions(pricing.command('import').description('write a new catalog version from a LiteLLM or genai-prices price file, or a candidate release from both').argument('<format>', 'litellm | genai-prices | release').argument('<file>', 'the community price file (JSON); for release, the LiteLLM file').argument('[genai-file]', 'release: the genai-prices data.json'))
    .option('--version <date>', 'version and published date of the new catalog (YYYY-MM-DD, required)')
    .option('--out <path>', 'catalog file to write (default ./<version>.yaml; a directory; "-" for stdout)')
    .option('--force', 'overwrite an existing file')
    .option('--provider <list>', 'only these providers, comma-separated (e.g. openai,anthropic)')
    .addHelpText('after', '\nWith genai-prices, --as-of <date> takes the prices in force on that date from the file\'s price history (default: --version).')
    .action(async (format: string, file: string, genaiFile: string | undefined, o: { version?: string; out?: string; force?: boolean; provider?: string }, cmd: Command) => {
      const g = ctx.globals(cmd);
      if (format.toLowerCase() === 'release') {
        rejectUnused(g, 'pricing import release', [
          { flag: '--as-of', hint: 'the candidate release takes each file\'s own date (its .meta.json)' },
          { flag: '--pricing-overrides', hint: 'overrides apply when a catalog is used, not to a release' },
        ]);
        if (!genaiFile) throw new InputError({ severity: 'error', path: '<genai-file>', message: 'pricing import release needs two files: <litellm.json> <genai-prices data.json>' });
        const [{ importRelease }, { importReleaseDoc }, { VERSION }, { resolveRelease }] = await Promise.all([import('../../io/catalog-import.js'), import('../../render/present/pricing-import.js'), import('../version.js'), import('../../io/catalog.js')]);
        const base = await resolveRelease({ catalog: g.catalog });
        const { result, yaml, warnings } = importRelease({ litellmFile: file, genaiFile, version: o.version, base, out: o.out, force: o.force, cwd: ctx.io.cwd, today: importDay(ctx), tool: VERSION });
        return emitImport(ctx, g, warnings, yaml, result.output, { command: 'pricing import', result, doc: () => importReleaseDoc(result) });
      }
      if (genaiFile !== undefined) throw new InputError({ severity: 'error', path: '<genai-file>', message: `pricing import ${format} reads one file; two files are for pricing import release` });
      rejectUnused(g, 'pricing import', [
        { flag: '--catalog', hint: 'the new catalog is read from <file> alone; --out names the file to write' },
        { flag: '--pricing-overrides', hint: 'apply overrides when you use the imported catalog: --catalog <out.yaml> --pricing-overrides <file>' },
      ]);
      const [{ importPriceFile }, { importDoc }, { VERSION }] = await Promise.all([import('../../io/catalog-import.js'), import('../../render/present/pricing-import.js'), import('../version.js')]);
      const { result, yaml, warnings } = importPriceFile({
        format, file, version: o.version, asOf: g.asOf, out: o.out, force: o.force, cwd: ctx.io.cwd, today: importDay(ctx), tool: VERSION,
        providers: o.provider?.split(',').map((p) => p.trim()).filter(Boolean),
      });
      return emitImport(ctx, g, warnings, yaml, result.output, { command: 'pricing import', result, doc: () => importDoc(result) });
    });
}

/** The day written into an import's header (`SOURCE_DATE_EPOCH` fixes it for reproducible output). */
function importDay(ctx: CliContext): string {
  const epoch = Number(ctx.io.env.SOURCE_DATE_EPOCH);
  return (Number.isFinite(epoch) && ctx.io.env.SOURCE_DATE_EPOCH ? new Date(epoch * 1000) : new Date()).toISOString().slice(0, 10);
}

/**
 * An import's report; with `--out -` the catalog goes to stdout and the report to stderr. On
 * stdout (a terminal, a CI log) its header comment's file name from input and any raw control in
 * it are shown escaped, as everywhere else; a file written with --out <path> is the exact text.
 */
async function emitImport(ctx: CliContext, g: GlobalOptions, warnings: string[], yaml: string, output: string, rendered: Parameters<CliContext['emit']>[1]): Promise<void> {
  for (const w of warnings) ctx.warn(g, w);
  if (output !== '-') return ctx.emit(g, rendered);
  const { visible } = await import('../../render/sanitize.js');
  ctx.io.stdout(visible(yaml));
  if (!g.quiet) {
    const { render } = await import('../../render/index.js');
    ctx.io.stderr(render(rendered, { format: g.format, color: false, width: ctx.width }));
  }
}
