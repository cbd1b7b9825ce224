import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadReleaseFile, releaseAt } from '../../src/io/catalog-file.js';
import { findModel, whyUnpriced } from '../../src/core/billing/price.js';
import { ROOT } from '../helpers/cli.js';

/**
 * Coverage of release 2026-12-01 against the two community sources in ../shared/data: of the
 * models that both genai-prices and LiteLLM list for OpenAI, Anthropic, Google (Gemini API and
 * Vertex), Mistral, DeepSeek and xAI, and the Bedrock and Azure listings of those families, the
 * ones at rates they agree on must resolve in costopt, on the day of LiteLLM's last snapshot
 * (or, for a model retired before it, on its last day), by LiteLLM's own key, at those rates. The pairing and the comparison are written here, apart
 * from the release builder.
 */
const DATA = join(ROOT, '..', 'shared', 'data', 'pricing', 'history');
const have = existsSync(join(DATA, 'litellm-history.json'));

interface LChange { from: string; removed?: boolean; provider?: string; mode?: string; per_1m?: Record<string, string> }
interface GChange { seen: string; removed?: boolean; prices?: unknown; match?: unknown }

/** genai-prices match clauses, as its README defines them. */
function matches(clause: unknown, name: string): boolean {
  if (!clause || typeof clause !== 'object') return false;
  const c = clause as Record<string, unknown>;
  const n = name.toLowerCase();
  if (typeof c.equals === 'string') return n === c.equals.toLowerCase();
  if (typeof c.starts_with === 'string') return n.startsWith(c.starts_with.toLowerCase());
  if (typeof c.ends_with === 'string') return n.endsWith(c.ends_with.toLowerCase());
  if (typeof c.contains === 'string') return n.includes(c.contains.toLowerCase());
  if (typeof c.regex === 'string') return new RegExp(c.regex, 'i').test(name);
  if (Array.isArray(c.or)) return c.or.some((x) => matches(x, name));
  if (Array.isArray(c.and)) return c.and.every((x) => matches(x, name));
  return false;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : v && typeof v === 'object' && typeof (v as { base?: unknown }).base === 'number' ? (v as { base: number }).base : undefined);

/** genai-prices' input and output in force on `day` (the last set whose start_date is not after it). */
function genaiRates(prices: unknown, day: string): { input?: number; output?: number } {
  const list = Array.isArray(prices) ? (prices as { prices?: Record<string, unknown>; constraint?: { start_date?: string } }[]) : [{ prices: prices as Record<string, unknown> }];
  let pick = list[0];
  for (const e of list) if (!e.constraint?.start_date || e.constraint.start_date <= day) pick = e;
  return { input: num(pick?.prices?.input_mtok), output: num(pick?.prices?.output_mtok) };
}

/** LiteLLM provider -> genai-prices provider (and which keys are in scope). */
function genaiProvider(key: string, provider: string): string | undefined {
  if (provider === 'openai' || provider === 'text-completion-openai') return 'openai';
  if (provider === 'anthropic') return 'anthropic';
  if (provider === 'gemini' || provider.startsWith('vertex_ai-language')) return 'google';
  if (provider === 'mistral') return 'mistral';
  if (provider === 'deepseek') return 'deepseek';
  if (provider === 'xai') return 'x-ai';
  if ((provider === 'bedrock' || provider === 'bedrock_converse') && /(^|[./])(anthropic|mistral|deepseek|openai)\./.test(key)) return 'aws';
  if (provider === 'azure' && /^azure\/(gpt|o\d|text-embedding)/.test(key)) return 'azure';
  return undefined;
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 + 0.005 * Math.max(Math.abs(a), Math.abs(b));

describe.skipIf(!have)('coverage of release 2026-12-01 against LiteLLM and genai-prices', () => {
  it('resolves at least 95% of the models both list, at the rates they agree on', () => {
    const lit = JSON.parse(readFileSync(join(DATA, 'litellm-history.json'), 'utf8')) as { models: Record<string, LChange[]>; last_snapshot: string };
    const gen = JSON.parse(readFileSync(join(DATA, 'genai-prices-history.json'), 'utf8')) as { models: Record<string, GChange[]> };
    const day = lit.last_snapshot; // 2026-07-24
    const release = loadReleaseFile(join(ROOT, 'pricing', '2026-12-01.yaml'), 'shipped');
    const cat = releaseAt(release, day);

    const genaiByProvider = new Map<string, { key: string; match: unknown; prices: unknown }[]>();
    for (const [key, changes] of Object.entries(gen.models)) {
      const last = changes[changes.length - 1];
      if (!last || last.removed) continue;
      const p = key.slice(0, key.indexOf('/'));
      genaiByProvider.set(p, [...(genaiByProvider.get(p) ?? []), { key, match: last.match, prices: last.prices }]);
    }

    let agree = 0;
    let disagree = 0;
    const missing: string[] = [];
    for (const [key, changes] of Object.entries(lit.models)) {
      const last = changes[changes.length - 1];
      if (!last || last.removed || !last.per_1m || !['chat', 'responses', 'completion', 'embedding'].includes(last.mode ?? '')) continue;
      const gp = genaiProvider(key, last.provider ?? '');
      if (!gp) continue;
      const name = key.replace(/^(gemini|vertex_ai|mistral|deepseek|xai|azure|bedrock)\//, '').replace(/^(?:[a-z]{2}-[a-z]+-\d\/)/, '');
      const bare = name.replace(/^(us|eu|apac|global|jp|au|us-gov)\./, '');
      const g = (genaiByProvider.get(gp) ?? []).find((x) => x.key.slice(x.key.indexOf('/') + 1).toLowerCase() === bare.toLowerCase() || matches(x.match, bare));
      if (!g) continue; // listed by LiteLLM only
      const gr = genaiRates(g.prices, day);
      const li = Number(last.per_1m.input_cost_per_token);
      const lo = last.per_1m.output_cost_per_token === undefined ? undefined : Number(last.per_1m.output_cost_per_token);
      if (gr.input === undefined || !close(gr.input, li) || (gr.output !== undefined && lo !== undefined && lo !== 0 && !close(gr.output, lo))) {
        disagree++;
        continue;
      }
      agree++;
      // a model retired before the list's last day (the list kept it) is checked on its last day
      let m = findModel(cat, key);
      const why = m ? undefined : whyUnpriced(cat, key, day);
      const retired = why?.kind === 'unavailable' ? /retired on (\d{4}-\d{2}-\d{2})/.exec(why.reason)?.[1] : undefined;
      if (retired) m = findModel(releaseAt(release, new Date(Date.parse(`${retired}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)), key);
      if (!m || m.input === null || !close(m.input, li) || (lo !== undefined && lo !== 0 && (m.output == null || !close(m.output, lo)))) missing.push(`${key} (${g.key}): ${m ? `${m.id} ${m.input}/${m.output}` : 'unresolved'} vs ${li}/${lo}`);
    }
    const covered = (agree - missing.length) / agree;
    console.log(`coverage: ${agree} pairs agree (${disagree} disagree: the release keeps the rate of the list that prices that exact key, see pricing/sources/2026-12-01-report.md); ${agree - missing.length} resolved at those rates = ${(covered * 100).toFixed(1)}%`);
    if (missing.length) console.log(`not covered:\n  ${missing.join('\n  ')}`);
    expect(agree).toBeGreaterThan(200);
    expect(covered).toBeGreaterThanOrEqual(0.95);
  });
});
