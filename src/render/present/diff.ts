import type { Block, Cell, Doc, Tone } from '../document.js';
import { money, money2, pct, signedMoney, signedPct } from '../format.js';
import type { Change, DiffReport, ScenarioDiff, SideRef } from '../../core/diff/diff.js';

const EPS = 0.005; // under half a cent a month is no change
const tone = (n: number | null): Tone | undefined => (n === null || Math.abs(n) < EPS ? undefined : n > 0 ? 'bad' : 'good');
const amount = (n: number | null): Cell => ({ value: n, display: n === null ? 'n/a' : money2(n) });
const delta = (n: number | null): Cell => ({ value: n, display: n === null ? 'n/a' : Math.abs(n) < EPS ? '$0.00' : signedMoney(Number(n.toFixed(2))), tone: tone(n) });
const deltaPct = (c: Change): Cell => ({
  value: c.changePercent,
  display: c.changePercent === null ? (c.oldMonthly === null ? 'new' : c.newMonthly === null ? 'removed' : c.changeMonthly === 0 ? '0%' : 'from $0') : signedPct(c.changePercent),
  tone: tone(c.changeMonthly),
});

/** "$97,500.00 -> $21,405.00: -$76,095.00 (-78.05%)" */
export function changeLine(c: Change): string {
  const pctText = c.changePercent === null ? '' : ` (${signedPct(c.changePercent)})`;
  return `${c.oldMonthly === null ? 'none' : money2(c.oldMonthly)} -> ${c.newMonthly === null ? 'none' : money2(c.newMonthly)}: ${Math.abs(c.changeMonthly) < EPS ? 'no change' : `${signedMoney(Number(c.changeMonthly.toFixed(2)))}${pctText}`}`;
}

export function splitLine(c: Change): string {
  if (c.priceChange === null || c.assumptionChange === null) return 'price and assumption changes not separated';
  const p = (n: number) => (Math.abs(n) < EPS ? '$0.00' : signedMoney(Number(n.toFixed(2))));
  return `prices ${p(c.priceChange)}, assumptions ${p(c.assumptionChange)}`;
}

const sideText = (s: SideRef | null) => (s ? `${s.source} (catalog ${s.catalog.id} ${s.catalog.version})` : 'none');

const METHOD: Record<ScenarioDiff['split']['method'], string> = {
  'same-catalog': 'both sides priced with the same catalog: every change comes from the assumptions',
  'head-assumptions-at-both-catalogs': "price change = head's assumptions priced with head's catalog minus the same assumptions priced with base's catalog; the rest is assumptions",
  'base-assumptions-at-both-catalogs': "price change = base's assumptions priced with head's catalog minus the same assumptions priced with base's catalog; the rest is assumptions",
  unavailable: 'price and assumption changes could not be separated',
};

// A narrow terminal hides columns (and says which) before it would break a name or a figure:
// the change % first, then old and new (each details block repeats them in its summary line),
// then the split; the change itself always stays.
const COLUMNS = [
  { header: 'step' },
  { header: 'old / month', align: 'right' as const, hideOrder: 2 },
  { header: 'new / month', align: 'right' as const, hideOrder: 3 },
  { header: 'change', align: 'right' as const },
  { header: 'change %', align: 'right' as const, hideOrder: 1 },
  { header: 'prices', align: 'right' as const, hideOrder: 4 },
  { header: 'assumptions', align: 'right' as const, hideOrder: 5 },
];

const changeCells = (c: Change): Cell[] => [amount(c.oldMonthly), amount(c.newMonthly), delta(c.changeMonthly), deltaPct(c), delta(c.priceChange), delta(c.assumptionChange)];

export function scenarioBlocks(s: ScenarioDiff): Block[] {
  const blocks: Block[] = [];
  blocks.push({ kind: 'kv', pairs: [['base', sideText(s.base)], ['head', sideText(s.head)], ['monthly plan', changeLine(s)], ['split', splitLine(s)]] });
  blocks.push({
    kind: 'table',
    id: `steps:${s.name}`,
    columns: COLUMNS,
    rows: s.steps.map((st) => [st.absentIn ? `${st.strategy} (not in ${st.absentIn})` : st.strategy, ...changeCells(st)]),
    footer: ['plan (total)', ...changeCells(s)],
  });
  const notes = [
    s.status === 'added' || s.status === 'removed'
      ? `${s.status === 'added' ? 'new in head' : 'removed in head'}: all of its cost counts as an assumption change`
      : METHOD[s.split.method] + (s.split.reason ? `: ${s.split.reason}` : ''),
  ];
  if (s.perRequest.old !== null && s.perRequest.new !== null) notes.push(`per request: ${money(s.perRequest.old)} -> ${money(s.perRequest.new)}${s.perRequest.changePercent === null ? '' : ` (${signedPct(s.perRequest.changePercent)})`}`);
  if (s.simulation) {
    const parts = Object.entries(s.simulation.monthly).map(([k, v]) => `${k === 'mean' ? 'mean' : k.toUpperCase()} ${money2(v.old)} -> ${money2(v.new)}${v.changePercent === null ? '' : ` (${signedPct(v.changePercent)})`}`);
    const p = s.simulation.budgetBreachProbability;
    const odds = p.old !== null && p.new !== null ? `; budget breach probability ${pct(p.old * 100, 1)} -> ${pct(p.new * 100, 1)}` : '';
    notes.push(`simulated monthly: ${parts.join(', ')}${odds}`);
  }
  if (s.steps.some((st) => st.absentIn)) notes.push('a step one side does not have carries the cost of the step before it (costs are after each step)');
  blocks.push({ kind: 'list', items: notes, tone: 'muted' });
  return blocks;
}

/** The HTML report's chart for several scenarios: each one's change, its price part and its assumption part side by side. */
function perScenarioChart(r: DiffReport): Block {
  const unsplit = r.scenarios.some((s) => s.priceChange === null || s.assumptionChange === null);
  const series = ['prices', 'assumptions', ...(unsplit ? ['not split'] : [])];
  const groups = r.scenarios.map((s) => {
    const split = s.priceChange !== null && s.assumptionChange !== null;
    const values = split ? [s.priceChange!, s.assumptionChange!] : [0, 0];
    if (unsplit) values.push(split ? 0 : s.changeMonthly);
    return { label: s.status === 'changed' || s.status === 'unchanged' ? s.name : `${s.name} (${s.status})`, values };
  });
  const part = (s: DiffReport['scenarios'][number]) => (s.priceChange !== null && s.assumptionChange !== null ? `prices ${signedMoney(s.priceChange)}, assumptions ${signedMoney(s.assumptionChange)}` : `${signedMoney(s.changeMonthly)} not split`);
  return {
    kind: 'chart',
    id: 'diff-per-scenario',
    title: 'Monthly change per scenario: prices and assumptions',
    alt: `${r.scenarios.length} scenarios: ${r.scenarios.slice(0, 8).map((s) => `${s.name} ${part(s)}`).join('; ')}${r.scenarios.length > 8 ? `; and ${r.scenarios.length - 8} more` : ''}. The figures are in the table below.`,
    chart: { type: 'grouped', currency: 'USD', series, groups },
  };
}

export function diffDoc(r: DiffReport, o: { markdown?: boolean } = {}): Doc {
  const blocks: Block[] = [];
  const one = r.scenarios.length === 1 ? r.scenarios[0] : undefined;
  const head = `Monthly cost ${changeLine(r)}; ${splitLine(r)}`;
  blocks.push(o.markdown ? { kind: 'text', text: `**${head}**` } : { kind: 'text', text: head, tone: 'strong' });
  // base to head through the price part and the assumption part (the HTML report draws it)
  if (r.oldMonthly !== null && r.newMonthly !== null) {
    const split = r.priceChange !== null && r.assumptionChange !== null;
    const changes = split ? [{ label: 'prices', value: r.priceChange! }, { label: 'assumptions', value: r.assumptionChange! }] : [{ label: 'change', value: r.changeMonthly }];
    blocks.push({
      kind: 'chart',
      id: 'diff-waterfall',
      title: 'Monthly cost, base to head',
      alt: `Monthly cost ${money2(r.oldMonthly)} on the base and ${money2(r.newMonthly)} on the head: ${changes.map((c) => `${c.label} ${signedMoney(c.value)}`).join(', ')}${split ? '' : ' (prices and assumptions could not be told apart)'}.`,
      chart: { type: 'waterfall', currency: 'USD', start: { label: 'base', value: r.oldMonthly }, changes, end: { label: 'head', value: r.newMonthly } },
    });
  }
  if (!one && r.scenarios.length) blocks.push(perScenarioChart(r));
  if (one) {
    blocks.push({ kind: 'heading', text: one.name, level: 2 });
    blocks.push(...scenarioBlocks(one));
    return { blocks };
  }
  blocks.push({
    kind: 'table',
    id: 'scenarios',
    columns: [{ header: 'scenario' }, ...COLUMNS.slice(1)],
    rows: r.scenarios.map((s) => [s.status === 'changed' || s.status === 'unchanged' ? s.name : `${s.name} (${s.status})`, ...changeCells(s)]),
    footer: ['total', ...changeCells(r)],
  });
  for (const s of r.scenarios) {
    if (s.status === 'unchanged') continue;
    blocks.push({ kind: 'details', summary: `${s.name}: ${changeLine(s)}`, blocks: scenarioBlocks(s) });
  }
  return { blocks };
}
