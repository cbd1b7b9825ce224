import type { Block, Cell } from '../document.js';
import { money, signedMoney, signedPct, sparkline } from '../format.js';
import type { Anomaly, DetectorResult } from '../../core/anomaly/types.js';

const KIND_LABEL: Record<Anomaly['kind'], string> = {
  spike: 'spike',
  shift: 'level shift',
  drift: 'drift',
  new: 'new spend',
  drop: 'drop',
};

function explainedBy(a: Anomaly, currency: string): string {
  const parts = a.attribution.slice(0, 3).map((c) => {
    const name = c.series.slice(c.series.lastIndexOf('/') + 1);
    const split = c.volumeEffect !== undefined && c.priceEffect !== undefined ? ` (volume ${signedMoney(c.volumeEffect, currency)}, price ${signedMoney(c.priceEffect, currency)})` : '';
    return `${name} ${Math.round(c.sharePercent)}%${split}`;
  });
  if (!parts.length && a.volumeEffect !== undefined && a.priceEffect !== undefined) parts.push(`volume ${signedMoney(a.volumeEffect, currency)}, price ${signedMoney(a.priceEffect, currency)}`);
  return parts.join('; ');
}

/** One line for a chart's mark: what happened, against what, and what drove it. */
export function anomalyLabel(a: Anomaly, currency: string): string {
  const why = explainedBy(a, currency);
  return `${KIND_LABEL[a.kind]} on ${a.series}: ${signedMoney(a.impact, currency)} against ${money(a.expected, currency)} expected${why ? `; ${why}` : ''}`;
}

/** the row's series, the series it explains (not listed apart) and the rows that explain a part of it */
function seriesCell(a: Anomaly): string {
  const notes = [...(a.also?.length ? [`also ${a.also.join(', ')}`] : []), ...(a.explainedBy?.length ? [`in part ${a.explainedBy.join(', ')}, listed apart`] : [])];
  return notes.length ? `${a.series} (${notes.join('; ')})` : a.series;
}

function period(a: Anomaly): string {
  const start = a.startedOn && a.startedOn !== a.date ? `from ${a.startedOn}, ` : '';
  if (a.status === 'ongoing') return `${start}ongoing`;
  if (a.status === 'new-normal') return `${start}${a.days ?? 1} days, now the normal`;
  return a.endDate === a.date && !start ? '1 day' : `${start}to ${a.endDate}`;
}

/**
 * The anomaly section of a report: a table of usage anomalies with a sparkline of each
 * series around the event, then the non-usage events (tax, purchases, credits...) apart,
 * then the detector's notes (too little history, folded series, a left-out last day).
 */
export function anomalyBlocks(result: DetectorResult, currency: string): Block[] {
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: 'Anomalies' }];
  const o = result.options;
  if (o) {
    blocks.push({
      kind: 'text',
      tone: 'muted',
      text: `Daily usage cost per series; flagged when the change is at least ${money(o.minImpact, currency)} and ${o.minPercent}% and unusual for that series (robust z >= ${o.zThreshold})${o.includeDrops ? '; drops included' : ''}.`,
    });
  }
  if (!result.anomalies.length && result.seriesScored === 0) {
    // nothing was scored: saying "no anomaly passed" would read as a clean bill
    blocks.push({ kind: 'text', text: result.notes.length ? 'Not checked: too little history (see the notes below).' : 'Not checked: no usage series to score.', tone: 'muted' });
  } else if (!result.anomalies.length) {
    blocks.push({ kind: 'text', text: 'No usage anomalies passed the thresholds.', tone: 'good' });
  } else {
    const rows: Cell[][] = result.anomalies.map((a) => [
      a.date,
      seriesCell(a),
      KIND_LABEL[a.kind],
      { value: a.expected, display: money(a.expected, currency) },
      { value: a.actual, display: money(a.actual, currency) },
      { value: a.impact, display: signedMoney(a.impact, currency), tone: a.impact > 0 ? 'bad' : 'good' },
      { value: a.impactPercent, display: a.kind === 'new' ? 'new' : signedPct(a.impactPercent, 0), tone: a.impact > 0 ? 'bad' : 'good' },
      period(a),
      sparkline(a.context.map((c) => c.cost)),
      explainedBy(a, currency),
    ]);
    blocks.push({
      kind: 'table',
      id: 'anomalies',
      columns: [
        { header: 'date', noWrap: true },
        { header: 'series' },
        { header: 'kind' },
        { header: 'expected', align: 'right' },
        { header: 'actual', align: 'right' },
        { header: 'impact', align: 'right' },
        { header: 'impact %', align: 'right', key: 'impact_percent' },
        { header: 'period' },
        { header: 'around the event', key: 'sparkline', noWrap: true },
        { header: 'explained by', key: 'explained_by' },
      ],
      rows,
    });
  }
  if (result.nonUsage.length) {
    blocks.push({
      kind: 'table',
      id: 'non-usage',
      title: 'Non-usage events (not anomalies: tax, purchases, credits, refunds, month-long charges)',
      columns: [{ header: 'date', noWrap: true }, { header: 'kind' }, { header: 'series' }, { header: 'amount', align: 'right' }, { header: 'description' }],
      rows: result.nonUsage.map((e) => [e.date, e.kind, e.series, { value: e.amount, display: money(e.amount, currency) }, e.description]),
    });
  }
  if (result.notes.length) blocks.push({ kind: 'list', title: 'Notes', items: result.notes, tone: 'muted' });
  return blocks;
}
