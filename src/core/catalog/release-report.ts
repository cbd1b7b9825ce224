import type { BuildReport } from './release-build.js';

/** The discrepancy report of a release build, as Markdown (kept beside the release in pricing/sources/). */
export function reportMarkdown(r: BuildReport, version: string): string {
  const out: string[] = [`# Release ${version}: build report`, '', `${r.models} models, ${r.aliases} moving aliases.`, ''];
  const section = <T>(title: string, rows: T[], head: string[], cells: (x: T) => string[], why: string) => {
    out.push(`## ${title} (${rows.length})`, '', why, '');
    if (!rows.length) {
      out.push('None.', '');
      return;
    }
    out.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`);
    for (const x of rows) out.push(`| ${cells(x).map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
    out.push('');
  };
  section('Transient prices dropped', r.transient, ['model', 'from', 'until', 'dropped'], (x) => [x.id, x.from, x.until, x.detail], `Judged on runs of listings at the same input and output: a LiteLLM price that lasted under 7 days and was replaced by the price before it, one more than 5x away from the prices on both sides of it that lasted under 14 days, or a first price that lasted under 7 days and whose correction held 30 days or more, is taken for a mistake of the list and dropped.`);
  section('Stale listings dropped', r.stale, ['model', 'listed from', 'dropped'], (x) => [x.id, x.from, x.detail], 'A listing that still shows a price from before a hand-sourced change is taken for a list that was not updated, not for a change back.');
  section('Changes moved to the effective date', r.movedToEffective, ['model', 'listed by LiteLLM', 'effective (genai-prices start_date)'], (x) => [x.id, x.listed, x.effective], 'LiteLLM lists a change when a snapshot first shows it; genai-prices dates it from the provider.');
  section('LiteLLM and genai-prices disagree (current rate)', r.disagreements, ['model', 'genai-prices entry', 'field', 'LiteLLM', 'genai-prices'], (x) => [x.id, x.genai, x.field, x.litellm, x.genaiValue], 'Beyond 0.5%. The release keeps the LiteLLM rate (the listing of that exact key) unless a hand-sourced event or the previous release says otherwise.');
  section('The previous release differs from the histories', r.previousDiffers, ['model', 'field', 'history', 'previous release'], (x) => [x.id, x.field, x.history, x.previous], 'The previous release was curated by hand: its rates are kept for the day it was published, and these differences are listed for review.');
  section('Jumps over 10x between successive prices', r.jumps, ['model', 'from', 'field', 'before', 'after'], (x) => [x.id, x.from, x.field, x.before, x.after], 'Each is either a real repricing or a mistake of the source: check it against the provider.');
  section('Hand-sourced events not used', r.curatedUnused, ['id', 'event', 'why'], (x) => [x.id, x.event, x.why], 'Events whose model is in neither price history and that carry no launch price to start one.');
  if (r.notes.length) out.push('## Notes', '', ...r.notes.map((n) => `- ${n}`), '');
  return out.join('\n');
}
