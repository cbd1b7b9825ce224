import type { Block, Cell } from '../document.js';
import { money2, money2Cell, moneyCell, num, rateCell } from '../format.js';
import type { DeploymentEstimate } from '../../core/estimate/types.js';

/**
 * The deployment table of one scenario (SPEC §3.3): option, kind, instances (peak/average),
 * instance-hours, monthly cost, cost per 1M requests, cheapest marked; then the notes.
 * Takes the result model as it appears in JSON (also when read back from a saved result).
 */
export function deploymentBlocks(deployments: DeploymentEstimate[], notes: string[]): Block[] {
  if (!deployments.length && !notes.length) return [];
  const rows: Cell[][] = deployments.map((d) => {
    const instances = asInstances(d.instances);
    const instanceHours = asNumber(d.instanceHours);
    const perM = asNumber(d.costPerMillionRequests);
    return [
      // the star marks the cheapest for people; CSV gets the bare name (it wrote "cpu-spot *")
      d.cheapest ? { value: d.name, display: `${d.name} *` } : d.name,
      KIND_LABEL[d.kind] ?? d.kind,
      typeof d.resource === 'string' ? d.resource : '',
      instances ? { value: `${instances.peak}/${round2(instances.average)}`, display: `${instances.peak} / ${num(instances.average, 2)}` } : { value: null, display: 'per request', tone: 'muted' },
      instanceHours === null ? { value: null, display: '-', tone: 'muted' } : { value: instanceHours, display: num(instanceHours, 1) },
      money2Cell(d.monthly, d.cheapest ? 'good' : undefined),
      moneyCell(perM),
    ];
  });
  const blocks: Block[] = [];
  if (deployments.length) {
    blocks.push({
      kind: 'table',
      id: 'deployments',
      title: 'Deployment options (* = cheapest; instances: peak / average over the day)',
      columns: [
        { header: 'option' },
        { header: 'kind' },
        // at 80 columns these go first, so names and kinds are not broken mid-word ("autoscal" / "ed")
        { header: 'runs on', key: 'runs_on', hideOrder: 2 },
        { header: 'instances', align: 'right', key: 'instances_peak_avg' },
        { header: 'inst-hours/mo', align: 'right', key: 'instance_hours', hideOrder: 1 },
        { header: 'monthly', align: 'right' },
        { header: 'per 1M requests', align: 'right', key: 'per_million_requests' },
      ],
      rows,
      highlightRows: deployments.flatMap((d, i) => (d.cheapest ? [i] : [])),
    });
    // the options side by side (the HTML report draws it)
    const priced = deployments.filter((d) => typeof d.monthly === 'number' && Number.isFinite(d.monthly));
    if (priced.length > 1) {
      const cheapest = priced.find((d) => d.cheapest);
      blocks.push({
        kind: 'chart',
        id: 'deployments-chart',
        title: 'Deployment options, per month',
        alt: `Monthly cost of each deployment option: ${priced.map((d) => `${d.name} ${money2(d.monthly)}`).join(', ')}${cheapest ? `; the cheapest is ${cheapest.name}` : ''}.`,
        chart: { type: 'bars', currency: 'USD', bars: priced.map((d) => ({ label: d.name, value: d.monthly, ...(d.cheapest ? { note: 'cheapest' } : {}) })) },
      });
    }
  }
  const optionNotes = deployments.flatMap((d) => (Array.isArray(d.notes) ? d.notes.filter((n): n is string => typeof n === 'string').map((n) => `${d.name}: ${n}`) : []));
  const all = [...notes, ...optionNotes];
  if (all.length) blocks.push({ kind: 'list', title: 'Deployment notes', items: all });
  return blocks;
}

/** Cost lines of each option (quantity x unit price), for --verbose style detail. */
export function deploymentLineBlocks(deployments: DeploymentEstimate[]): Block[] {
  const rows: Cell[][] = [];
  for (const d of deployments) {
    if (!Array.isArray(d.lines)) continue;
    for (const l of d.lines as unknown[]) {
      if (!isLine(l)) continue;
      rows.push([d.name, l.label, { value: l.quantity, display: `${num(l.quantity, 2)} ${l.unit}` }, rateCell(l.unitPrice), money2Cell(l.monthly)]);
    }
  }
  if (!rows.length) return [];
  return [{ kind: 'table', id: 'deployment-lines', title: 'Deployment cost lines (per month)', columns: [{ header: 'option' }, { header: 'line' }, { header: 'quantity', align: 'right' }, { header: 'unit price', align: 'right', key: 'unit_price' }, { header: 'monthly', align: 'right' }], rows }];
}

const KIND_LABEL: Record<string, string> = { always_on: 'always-on', autoscaled: 'autoscaled', spot: 'spot', reserved: 'reserved', serverless: 'serverless' };

function asNumber(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function asInstances(v: unknown): { peak: number; average: number } | null {
  if (typeof v !== 'object' || v === null) return null;
  const peak = (v as Record<string, unknown>).peak;
  const average = (v as Record<string, unknown>).average;
  return typeof peak === 'number' && typeof average === 'number' ? { peak, average } : null;
}

function isLine(v: unknown): v is { label: string; quantity: number; unit: string; unitPrice: number; monthly: number } {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.label === 'string' && typeof r.quantity === 'number' && typeof r.unit === 'string' && typeof r.unitPrice === 'number' && typeof r.monthly === 'number';
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
