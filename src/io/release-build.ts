import { Document, isMap, isSeq, type Node, YAMLMap, YAMLSeq } from 'yaml';
import { buildRelease, type BuildInput, type BuildReport, type CuratedEvent, type CuratedSource } from '../core/catalog/release-build.js';
import type { HistoryCatalogFile } from '../core/catalog/history-schema.js';
import type { CatalogFile } from '../core/catalog/schema.js';
import { loadYamlFile, readText } from './yaml.js';
import { parseJsonText } from './json.js';
import { cleanDecimal } from '../core/catalog/import-common.js';
import { loadCatalogFile } from './catalog-file.js';

const RATE_FIELDS = new Set(['input', 'output', 'cache_read', 'cache_write', 'cache_write_1h', 'cache_storage_per_hour']);

function ratesAsText(v: unknown, key?: string): unknown {
  if (typeof v === 'number' && key && RATE_FIELDS.has(key)) return cleanDecimal(v);
  if (Array.isArray(v)) return v.map((x) => ratesAsText(x));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, ratesAsText(x, k)]));
  return v;
}

/** The release as YAML in the shipped style: a price entry, a life event or an alias target per line. */
const ENTRY_ORDER = ['from', 'date', 'source', 'input', 'output', 'cache_read', 'cache_write', 'cache_write_1h', 'cache_storage_per_hour', 'batch', 'flex', 'priority', 'long_context', 'field_sources', 'derived', 'notes'];

/** A price entry with its keys in the shipped order and no empty long_context. */
function orderedEntry(p: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of [...ENTRY_ORDER, ...Object.keys(p).filter((k) => !ENTRY_ORDER.includes(k))]) {
    const v = p[k];
    if (v === undefined || (k === 'long_context' && Array.isArray(v) && !v.length)) continue;
    out[k] = v;
  }
  return out;
}

export function releaseYaml(c: HistoryCatalogFile, header: string[]): string {
  const tidy = { ...c, models: c.models.map((m) => ({ ...m, prices: m.prices.map((p) => orderedEntry(p as unknown as Record<string, unknown>)) })) };
  const doc = new Document(ratesAsText(tidy));
  const flowAt = (node: unknown, depth: number) => {
    if (!isMap(node) && !isSeq(node)) return;
    if (depth === 0) (node as YAMLMap | YAMLSeq).flow = true;
  };
  const models = doc.get('models', true) as YAMLSeq | undefined;
  for (const m of models?.items ?? []) {
    if (!isMap(m)) continue;
    for (const k of ['available', 'deprecated', 'retired']) flowAt(m.get(k, true), 0);
    const al = m.get('aliases', true);
    if (isSeq(al)) al.flow = true;
    const prices = m.get('prices', true);
    if (isSeq(prices)) for (const p of prices.items) flowAt(p, 0);
  }
  const aliases = doc.get('aliases', true) as YAMLSeq | undefined;
  for (const a of aliases?.items ?? []) {
    if (!isMap(a)) continue;
    const names = a.get('names', true);
    if (isSeq(names)) names.flow = true;
    const t = a.get('targets', true);
    if (isSeq(t)) for (const x of t.items) flowAt(x as Node, 0);
  }
  for (const section of ['instances', 'serverless', 'throughput']) {
    const s = doc.get(section, true) as YAMLSeq | undefined;
    for (const e of s?.items ?? []) {
      if (!isMap(e)) continue;
      for (const pair of e.items) if (isMap(pair.value) || isSeq(pair.value)) (pair.value as YAMLMap).flow = true;
    }
  }
  const text = doc.toString({ lineWidth: 0, flowCollectionPadding: true, defaultStringType: 'PLAIN', defaultKeyType: 'PLAIN' });
  return `${header.map((h) => `# ${h}`.trimEnd()).join('\n')}\n\n${text}`;
}

function readJson(file: string): unknown {
  return parseJsonText(readText(file, 'price-file'), file);
}

export interface ReleaseBuildFiles {
  litellmHistory: string;
  genaiHistory: string;
  events: string;
  previous: CatalogFile;
  version: string;
  published: string;
}

/** Read the source files and build the release (nothing written: the caller writes `yaml`). */
export function buildReleaseFromFiles(f: ReleaseBuildFiles): { catalog: HistoryCatalogFile; report: BuildReport; yaml: string } {
  const lit = readJson(f.litellmHistory) as { models: BuildInput['litellm']['models']; last_snapshot: string; snapshots: number; first_snapshot: string };
  const gen = readJson(f.genaiHistory) as { models: BuildInput['genai']['models']; last: string; first: string; commits: number };
  const ev = loadYamlFile(f.events).data as { sources: Record<string, CuratedSource>; events: CuratedEvent[] };
  const input: BuildInput = {
    version: f.version,
    published: f.published,
    catalogId: f.previous.catalog,
    description: `Public list prices through time: each model's dated price history (launch, every price change, deprecation and retirement) and the snapshot each moving alias pointed at, from ${lit.first_snapshot < '2024' ? lit.first_snapshot : '2024'} to ${f.published}. LLM and embedding APIs of OpenAI, Anthropic, Google (Gemini API and Vertex), Mistral, DeepSeek and xAI, with their Bedrock and Azure listings; compute, serverless and throughput as in release ${f.previous.version}.`,
    litellm: {
      models: lit.models,
      firstSnapshot: lit.first_snapshot,
      source: {
        key: `litellm-history-${lit.last_snapshot}`,
        url: `https://github.com/BerriAI/litellm model_prices_and_context_window.json, ${lit.snapshots} snapshots ${lit.first_snapshot}..${lit.last_snapshot} (git history of the RoCry/llm-api-price mirror)`,
        as_of: lit.last_snapshot,
        note: 'MIT. Dates are the first snapshot showing a price (date: listed): LiteLLM adds prices days after a launch or a change.',
      },
    },
    genai: {
      models: gen.models,
      source: {
        key: `genai-prices-history-${gen.last}`,
        url: `https://github.com/pydantic/genai-prices prices/data.json, ${gen.commits} commits ${gen.first}..${gen.last}`,
        as_of: gen.last,
        note: "MIT. start_date constraints carry the providers' effective dates.",
      },
    },
    curated: { sources: ev.sources ?? {}, events: ev.events ?? [] },
    previous: f.previous,
  };
  const { catalog, report } = buildRelease(input);
  const yaml = releaseYaml(catalog, [
    `costopt public pricing catalog, release ${f.version}: prices through time (schema v2).`,
    '',
    'Each model has a dated price timeline (prices: from, date kind, source); moving aliases list the',
    'snapshot they pointed at from each day. date: effective = the provider states the day;',
    'announced = the announcement day ("available today"); listed = the day a price list first showed',
    'it (the change may be earlier); inferred = derived, the entry says how.',
    'Built by `node scripts/build-release.mjs` from the LiteLLM and genai-prices histories, the',
    'hand-sourced events in pricing/sources/events.yaml and release ' + f.previous.version + '; see pricing/README.md.',
    'Attribution for the community data used here is in pricing/LICENSES.md.',
  ]);
  return { catalog, report, yaml };
}

/** The previous (plain) release, validated: its rates as numbers. */
export function readPreviousRelease(file: string): CatalogFile {
  return loadCatalogFile(file, 'file');
}
