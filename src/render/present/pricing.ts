import type { Block, Cell, Doc } from '../document.js';
import { formatNumber, rateCell, signedPct } from '../format.js';
import type { ShowResult } from '../../core/catalog/show.js';
import type { RateChange } from '../../core/catalog/diff.js';
import type { ModelHistory } from '../../core/catalog/timeline.js';

const short = (hash: string) => hash.replace(/^sha256:/, '').slice(0, 12);

export function catalogLine(c: { id: string; version: string; hash: string; asOf?: string; overrides?: { description: string }[] }): string {
  const base = `catalog ${c.id} ${c.version} (sha256 ${short(c.hash)})${c.asOf ? `, prices as of ${c.asOf}` : ''}`;
  return c.overrides?.length ? `${base}; overrides applied: ${c.overrides.map((o) => o.description).join('; ')}` : base;
}

export interface ListResult {
  versions: { version: string; published: string; id: string; hash: string; latest: boolean; counts: { models: number; instances: number; serverless: number; throughput: number } }[];
}

export function listDoc(r: ListResult): Doc {
  return {
    blocks: [
      {
        kind: 'table',
        id: 'versions',
        // at 80 columns the short hash is hidden before a date or a header is broken ("2024-06-" / "01")
        columns: [{ header: 'version' }, { header: 'published', noWrap: true }, { header: 'models', align: 'right' }, { header: 'instances', align: 'right' }, { header: 'serverless', align: 'right' }, { header: 'throughput', align: 'right' }, { header: 'sha256', hideOrder: 1 }],
        rows: r.versions.map((v) => [v.latest ? `${v.version} (latest)` : v.version, v.published, v.counts.models, v.counts.instances, v.counts.serverless, v.counts.throughput, short(v.hash)]),
      },
    ],
  };
}

const UNITS: Record<string, string> = { models: 'USD per 1M tokens', instances: 'USD per instance-hour', serverless: 'USD', throughput: 'tokens per second' };
const LABELS: Record<string, string> = {
  input: 'input', output: 'output', cacheRead: 'cache read', cacheWrite: 'cache write (5 min)', cacheWrite1h: 'cache write (1 h)', cacheStoragePerHour: 'cache storage per hour',
  onDemandHourly: 'on-demand', spotHourly: 'spot', reserved1yHourly: 'reserved / committed 1y', reserved3yHourly: 'reserved / committed 3y',
  perGbSecond: 'per GB-second', perMillionRequests: 'per 1M requests', perVcpuSecond: 'per vCPU-second', perGpuSecond: 'per GPU-second',
};
const SNAKE: Record<string, string> = { cacheRead: 'cache_read', cacheWrite: 'cache_write', cacheWrite1h: 'cache_write_1h', cacheStoragePerHour: 'cache_storage_per_hour', onDemandHourly: 'on_demand_hourly', spotHourly: 'spot_hourly', reserved1yHourly: 'reserved_1y_hourly', reserved3yHourly: 'reserved_3y_hourly', perGbSecond: 'per_gb_second', perMillionRequests: 'per_million_requests', perVcpuSecond: 'per_vcpu_second', perGpuSecond: 'per_gpu_second' };

export function showDoc(r: ShowResult): Doc {
  const e = r.entry;
  const src = (field: string): string => {
    const s = r.sources[SNAKE[field] ?? field] ?? r.sources[field.split('.')[0] ?? ''] ?? r.sources['*'];
    return s ? `${s.key ?? s.url} (${s.asOf}${s.secondary ? ', second-hand' : ''})` : 'n/a';
  };
  const derived = (e.derived ?? {}) as Record<string, string>;
  const mark = (field: string) => (derived[SNAKE[field] ?? field] || derived[field.split('.')[0] ?? ''] ? ' (derived)' : '');
  const rows: Cell[][] = [];
  for (const [k, label] of Object.entries(LABELS)) {
    if (!(k in e)) continue;
    const v = e[k];
    rows.push([label + mark(k), r.section === 'throughput' ? String(v) : rateCell(typeof v === 'number' ? v : null), src(k)]);
  }
  for (const tier of ['batch', 'flex', 'priority'] as const) {
    const t = e[tier] as Record<string, unknown> | null | undefined;
    if (t === undefined) continue;
    if (t === null) {
      rows.push([`${tier}${mark(tier)}`, { value: null, display: 'unknown', tone: 'muted' }, src(tier)]);
      continue;
    }
    for (const [k, v] of Object.entries(t)) rows.push([`${tier} ${LABELS[k] ?? k}${mark(tier)}`, rateCell(typeof v === 'number' ? v : null), src(tier)]);
  }
  const lc = (e.longContext ?? []) as Record<string, unknown>[];
  for (const t of lc) {
    for (const [k, v] of Object.entries(t)) {
      if (k === 'promptTokensOver') continue;
      rows.push([`prompt > ${formatNumber(Number(t.promptTokensOver))} tokens: ${LABELS[k] ?? k}${mark('long_context')}`, rateCell(typeof v === 'number' ? v : null), src('long_context')]);
    }
  }
  if (r.section === 'throughput') {
    for (const k of ['tokensPerSecond', 'outputTokensPerSecond']) if (k in e) rows.push([k === 'tokensPerSecond' ? 'tokens/s (input+output)' : 'output tokens/s', String(e[k] ?? 'n/a'), src(k)]);
  }
  const facts: [string, Cell][] = [];
  const add = (label: string, v: unknown) => {
    if (v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)) facts.push([label, typeof v === 'object' ? JSON.stringify(v) : String(v)]);
  };
  add('name', e.name);
  add('kind', e.kind);
  add('aliases', Array.isArray(e.aliases) ? (e.aliases as string[]).join(', ') : undefined);
  add('context window', e.contextWindow);
  add('provider', e.provider);
  add('region', e.region);
  add('vCPUs', e.vcpus);
  add('memory GiB', e.memoryGib);
  if (e.gpu && typeof e.gpu === 'object') {
    const g = e.gpu as Record<string, unknown>;
    add('GPU', `${String(g.count ?? 1)} x ${String(g.model)}${g.memoryGb ? ` (${String(g.memoryGb)} GB)` : ''}`);
  }
  for (const k of ['model', 'gpus', 'engine', 'precision', 'inputTokens', 'outputTokens', 'concurrency', 'mode']) if (r.section === 'throughput') add(k, e[k]);
  if (r.section === 'serverless') {
    add('memory MB', memoryRange(e.memoryMb));
    add('free tier', freeTier(e.freeTier));
    add('cold start ms', coldStart(e.coldStartMs));
  }
  const blocks: Block[] = [
    { kind: 'heading', text: `${String(e.id)}  ·  ${catalogLine(r.catalog)}` },
    ...(facts.length ? [{ kind: 'kv' as const, pairs: facts }] : []),
    { kind: 'table', id: 'rates', title: `Rates (${UNITS[r.section]})`, columns: [{ header: 'rate' }, { header: r.section === 'throughput' ? 'value' : 'price', align: 'right' }, { header: 'source (as of)' }], rows },
  ];
  const notes: string[] = [];
  for (const [f, how] of Object.entries(derived)) notes.push(`${f} is derived: ${how}`);
  if (typeof e.notes === 'string') notes.push(e.notes);
  for (const [k, s] of Object.entries(r.sources)) notes.push(`source${k === '*' ? '' : ` for ${k}`}: ${s.url}${s.note ? ` (${s.note})` : ''}`);
  if (notes.length) blocks.push({ kind: 'list', items: notes, tone: 'muted' });
  return { blocks };
}

type Fields = Record<string, unknown>;
const isFields = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);

/** { min: 128, max: 10240 } -> "128 to 10,240" */
function memoryRange(v: unknown): unknown {
  return isFields(v) && typeof v.min === 'number' && typeof v.max === 'number' ? `${formatNumber(v.min)} to ${formatNumber(v.max)}` : v;
}

/** { requests: 1000000, gbSeconds: 400000, vcpuSeconds: null, per: 'month' } -> "1,000,000 requests, 400,000 GB-seconds per month" */
function freeTier(v: unknown): unknown {
  if (!isFields(v)) return v;
  const units: [string, string][] = [['requests', 'requests'], ['gbSeconds', 'GB-seconds'], ['vcpuSeconds', 'vCPU-seconds'], ['gpuSeconds', 'GPU-seconds']];
  const parts = units.flatMap(([k, unit]) => (typeof v[k] === 'number' ? [`${formatNumber(v[k])} ${unit}`] : []));
  return parts.length ? `${parts.join(', ')} per ${typeof v.per === 'string' ? v.per : 'month'}` : undefined;
}

/** { typical: 250, p99: 1000 } -> "typical 250, p99 1,000" */
function coldStart(v: unknown): unknown {
  if (!isFields(v)) return v;
  const parts = Object.entries(v).flatMap(([k, n]) => (typeof n === 'number' ? [`${k} ${formatNumber(n)}`] : []));
  return parts.length ? parts.join(', ') : undefined;
}

export interface DiffResult {
  from: { id: string; version: string; hash: string; asOf?: string };
  to: { id: string; version: string; hash: string; asOf?: string };
  changes: RateChange[];
  summary: { changed: number; added: number; removed: number };
}

export function diffDoc(r: DiffResult): Doc {
  const blocks: Block[] = [
    { kind: 'heading', text: `Price changes ${r.from.version}${r.from.asOf ? ` on ${r.from.asOf}` : ''} -> ${r.to.version}${r.to.asOf ? ` on ${r.to.asOf}` : ''}` },
    { kind: 'text', text: `${r.summary.changed} changed, ${r.summary.added} added, ${r.summary.removed} removed\nfrom ${catalogLine(r.from)}\nto   ${catalogLine(r.to)}` },
  ];
  if (r.changes.length) {
    blocks.push({
      kind: 'table',
      id: 'changes',
      columns: [{ header: 'section' }, { header: 'id' }, { header: 'rate' }, { header: 'change' }, { header: 'old', align: 'right' }, { header: 'new', align: 'right' }, { header: '%', align: 'right' }],
      rows: r.changes.map((c) => [
        c.section,
        c.id,
        c.field === '*' ? (c.kind === 'added' ? 'new entry' : 'entry removed') : c.field,
        c.kind,
        c.section === 'throughput' ? c.old : rateCell(c.old),
        c.section === 'throughput' ? c.new : rateCell(c.new),
        c.changePercent === null ? '' : { value: c.changePercent, display: signedPct(c.changePercent), tone: c.changePercent < 0 ? 'good' : 'bad' },
      ]),
    });
  }
  return { blocks };
}

export interface LintResult {
  files: { file: string; version: string | null; violations: { rule: string; id: string; path: string; line?: number; col?: number; message: string }[] }[];
  violations: number;
}

export function lintDoc(r: LintResult): Doc {
  const blocks: Block[] = [];
  for (const f of r.files) {
    if (!f.violations.length) {
      blocks.push({ kind: 'text', text: `${f.file}: clean (version ${f.version ?? '?'})`, tone: 'good' });
      continue;
    }
    // compiler style, one line each, so editors and CI logs can jump to file:line:col
    blocks.push({ kind: 'pre', text: f.violations.map((v) => `${f.file}:${v.line ?? 1}:${v.col ?? 1} error [${v.rule}] ${v.id}: ${v.message}`).join('\n') });
    blocks.push({ kind: 'text', text: `${f.file}: ${f.violations.length} violation${f.violations.length === 1 ? '' : 's'}`, tone: 'bad' });
  }
  return { blocks };
}

/** `pricing history <id>`: the dated events of a model or a moving alias, each with its source. */
export function historyDoc(r: ModelHistory): Doc {
  const facts: [string, Cell][] = [
    ['id', r.id],
    ['kind', r.kind === 'alias' ? 'moving alias (points at a dated snapshot)' : 'model'],
  ];
  if (r.name) facts.push(['name', r.name]);
  if (r.aliases.length) facts.push([r.kind === 'alias' ? 'also written' : 'aliases', r.aliases.join(', ')]);
  const from = r.available.fromKnown ? r.available.from : `unknown (first listed ${r.available.from})`;
  facts.push(['available', `${from} to ${r.available.until ? `${r.available.until} (retired)` : 'now'}`]);
  for (const p of r.pointedAtBy) facts.push(['pointed at by', `${p.alias} from ${p.from}${p.until ? ` until ${p.until}` : ''}`]);
  facts.push(['catalog', `${r.catalog.id} ${r.catalog.version} (sha256 ${short(r.catalog.hash)})`]);
  return {
    blocks: [
      { kind: 'heading', level: 2, text: `Price history of ${r.id}` },
      { kind: 'kv', pairs: facts },
      {
        kind: 'table',
        id: 'history',
        title: 'Events (USD per 1M tokens; date: effective = the provider\'s day, announced = the announcement, listed = first seen on a price list, inferred = derived)',
        columns: [{ header: 'date', key: 'date' }, { header: 'event', key: 'event' }, { header: 'date is', key: 'date_kind', hideOrder: 2 }, { header: 'model', key: 'model', hideOrder: 3 }, { header: 'change', key: 'change' }, { header: 'source', key: 'source', hideOrder: 1 }],
        rows: r.events.map((e) => [e.date, e.event, e.dateKind, e.model, e.change, e.source ? `${e.source.key ?? e.source.url} (${e.source.asOf}${e.source.secondary ? ', second-hand' : ''})` : 'n/a']),
      },
    ],
  };
}
