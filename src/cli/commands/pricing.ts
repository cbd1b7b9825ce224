import type { Command } from 'commander';
import { addGlobalOptions } from '../program.js';
import type { CliContext, GlobalOptions } from '../context.js';
import { lookup, type Catalog } from '../../core/catalog/catalog.js';
import { ExitCode, InputError } from '../../core/errors.js';
// The quick path (`pricing show`, `pricing list`) is imported statically: these modules are
// small and fs-only, and one bundle file loads faster than several lazily loaded chunks.
import { listShipped, otherShippedVersionsWith, resolveCatalog, shippedVersionFiles } from '../../io/catalog.js';
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
  const others = await otherShippedVersionsWith(cat, (c) => lookup(c, id).ok);
  const where = `(catalog ${cat.meta.id} ${cat.meta.version})`;
  return new InputError(e.diagnostics.map((d) => ({
    ...d,
    message: d.message.includes(where) ? d.message : `${d.message} ${where}`,
    ...(others.length ? { hint: `${id} is in catalog version ${others.join(', ')}: use --as-of ${others[others.length - 1]} (or --catalog ${others[others.length - 1]})` } : {}),
  })));
}

/** `costopt pricing list|show|diff|lint|import`: inspect, compare, validate and import catalogs. */
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

  addGlobalOptions(pricing.command('diff').description('every rate changed, added or removed between two catalogs').argument('<from>', 'version or catalog file').argument('<to>', 'version or catalog file'))
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
      const a = await resolveCatalog({ catalog: from });
      const b = await resolveCatalog({ catalog: to, overridesFile: g.pricingOverrides });
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
      const [{ parseCatalog }, { readText }, { lintCatalog }, { lintDoc }, { formatPath }] = await Promise.all([
        import('../../io/catalog-file.js'), import('../../io/yaml.js'), import('../../core/catalog/lint.js'), import('../../render/present/pricing.js'), import('../../core/errors.js'),
      ]);
      const files = paths.length ? paths : shippedVersionFiles().map((f) => f.file);
      const { relative } = await import('node:path');
      const result = {
        files: files.map((file) => {
          const shown = paths.length ? file : relative(ctx.io.cwd, file) || file;
          const { catalog, src } = parseCatalog(readText(file, 'price-file'), shown, paths.length ? 'file' : 'shipped');
          const violations = lintCatalog(catalog).map((v) => {
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

  addGlobalOptions(pricing.command('import').description('write a new catalog version from a LiteLLM or genai-prices price file').argument('<format>', 'litellm | genai-prices').argument('<file>', 'the community price file (JSON)'))
    .option('--version <date>', 'version and published date of the new catalog (YYYY-MM-DD, required)')
    .option('--out <path>', 'catalog file to write (default ./<version>.yaml; a directory; "-" for stdout)')
    .option('--force', 'overwrite an existing file')
    .option('--provider <list>', 'only these providers, comma-separated (e.g. openai,anthropic)')
    .addHelpText('after', '\nWith genai-prices, --as-of <date> takes the prices in force on that date from the file\'s price history (default: --version).')
    .action(async (format: string, file: string, o: { version?: string; out?: string; force?: boolean; provider?: string }, cmd: Command) => {
      const g = ctx.globals(cmd);
      rejectUnused(g, 'pricing import', [
        { flag: '--catalog', hint: 'the new catalog is read from <file> alone; --out names the file to write' },
        { flag: '--pricing-overrides', hint: 'apply overrides when you use the imported catalog: --catalog <out.yaml> --pricing-overrides <file>' },
      ]);
      const [{ importPriceFile }, { importDoc }, { VERSION }] = await Promise.all([import('../../io/catalog-import.js'), import('../../render/present/pricing-import.js'), import('../version.js')]);
      const epoch = Number(ctx.io.env.SOURCE_DATE_EPOCH);
      const today = (Number.isFinite(epoch) && ctx.io.env.SOURCE_DATE_EPOCH ? new Date(epoch * 1000) : new Date()).toISOString().slice(0, 10);
      const { result, yaml, warnings } = importPriceFile({
        format, file, version: o.version, asOf: g.asOf, out: o.out, force: o.force, cwd: ctx.io.cwd, today, tool: VERSION,
        providers: o.provider?.split(',').map((p) => p.trim()).filter(Boolean),
      });
      for (const w of warnings) ctx.warn(g, w);
      const rendered = { command: 'pricing import', result, doc: () => importDoc(result) };
      if (result.output !== '-') return ctx.emit(g, rendered);
      // the catalog goes to stdout; the report to stderr
      ctx.io.stdout(yaml);
      if (!g.quiet) {
        const { render } = await import('../../render/index.js');
        ctx.io.stderr(render(rendered, { format: g.format, color: false, width: ctx.width }));
      }
    });
}
