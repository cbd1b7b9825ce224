import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runBuilt } from '../helpers/cli.js';

/**
 * The HTML reports in a real browser: Debian's Chromium, headless, loads each report from disk
 * with every network request sent to a closed port, and the test asserts that the browser logged
 * no console message (the report's Content-Security-Policy, default-src 'none', makes any load or
 * script a logged violation: checked by hand with an <img> and a <script>), that every
 * figure of the command's markdown tables is in the rendered DOM, and saves a screenshot
 * (test-results/html/, or COSTOPT_SCREENSHOTS). `.ci/run` installs Chromium when it is missing;
 * without it these tests are skipped and say so.
 */
const CHROMIUM = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => !!p && existsSync(p));
const SHOTS = process.env.COSTOPT_SCREENSHOTS ?? join(ROOT, 'test-results', 'html');

const seed = join(ROOT, 'test', 'fixtures', 'catalogs', 'seed-prices.yaml');
const REPORTS: { name: string; args: string[]; code: number }[] = [
  { name: 'estimate', args: ['estimate', 'scenarios/support-bot.yaml'], code: 0 },
  { name: 'breakeven', args: ['breakeven', '--gpu', 'test/gpu-1.50', '--model', 'llama-3.1-8b', '--api-model', 'openai/gpt-4o-mini', '--input-tokens', '500', '--output-tokens', '200', '--utilization', '80%', '--ops-monthly', '500', '--catalog', seed], code: 0 },
  { name: 'analyze', args: ['analyze', 'test/fixtures/billing/focus-30-days-compute-spike-on-jan-25.csv', '--budget', '1500'], code: 0 },
  { name: 'diff', args: ['diff', 'test/fixtures/check/diff/support-bot-2024.yaml', 'scenarios/support-bot.yaml'], code: 0 },
  { name: 'check', args: ['check', '--config', 'test/fixtures/check/breaches/costopt.yaml'], code: 1 },
];

/** The text of every cell of the markdown tables (what the HTML tables must show too). */
function markdownCells(md: string): string[] {
  return md.split('\n').filter((l) => l.startsWith('|') && !/^\|[-:| ]+\|$/.test(l))
    .flatMap((l) => l.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim().replace(/^\*\*(.*)\*\*$/, '$1').replace(/\\([*|])/g, '$1').replace(/<br>/g, ' ')))
    .filter(Boolean);
}

const text = (dom: string) => dom.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<br>/g, ' ').replace(/<[^>]+>/g, ' ')
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');

describe.skipIf(!CHROMIUM)(`HTML reports in headless Chromium (${CHROMIUM ?? 'not installed: skipped'})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'costopt-html-'));
  mkdirSync(SHOTS, { recursive: true });
  for (const r of REPORTS) {
    it(`${r.name}: loads offline with no console error or request, shows every table figure, screenshot`, () => {
      const html = runBuilt([...r.args, '--format', 'html']);
      expect(html.code).toBe(r.code);
      const file = join(dir, `${r.name}.html`);
      writeFileSync(file, html.stdout);
      const browser = (extra: string[]) => spawnSync(CHROMIUM!, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-extensions', '--proxy-server=127.0.0.1:9', '--enable-logging=stderr', '--v=0', ...extra, `file://${file}`], { encoding: 'utf8', timeout: 60_000 });
      const dom = browser(['--dump-dom']);
      expect(dom.status).toBe(0);
      // console messages and CSP refusals are logged as CONSOLE / "Refused to" lines
      expect(dom.stderr.split('\n').filter((l) => /CONSOLE|Refused to|net::ERR/.test(l))).toEqual([]);
      const shown = text(dom.stdout);
      const md = runBuilt([...r.args, '--format', 'markdown']);
      // check's markdown marks a status with an emoji for PR comments; the other formats write OVER / within
      const cells = markdownCells(md.stdout).map((c) => c.replace(/^❌ over$/, 'OVER').replace(/^✅ within$/, 'within'));
      expect(cells.length).toBeGreaterThan(5);
      expect(cells.filter((c) => !shown.includes(c))).toEqual([]);
      const shot = join(SHOTS, `${r.name}.png`);
      const png = browser([`--screenshot=${shot}`, '--window-size=1100,1600', '--hide-scrollbars']);
      expect(png.status).toBe(0);
      expect(statSync(shot).size).toBeGreaterThan(10_000);
    }, 120_000);
  }

  it('estimate, breakeven, analyze, diff and the deployment options draw their charts (an SVG with a text alternative)', () => {
    const figures = (args: string[]) => [...runBuilt([...args, '--format', 'html']).stdout.matchAll(/<figure id="([^"]+)"><h3>[^<]+<\/h3><svg role="img"[^>]*><title>[^<]+<\/title><desc>[^<]+<\/desc>/g)].map((m) => m[1]);
    expect(figures(REPORTS[0]!.args)).toEqual(['waterfall-support-bot']);
    expect(figures(REPORTS[1]!.args)).toEqual(['per-million-chart']);
    // the daily cost by service, then the month's cumulative cost against the budget
    expect(figures(REPORTS[2]!.args)).toEqual(['daily-chart-USD', 'forecast-chart-USD']);
    // $100 + $20 a day and $50 of tax spread over 31 days: $121.61 a day passes $1,500 on day 13
    expect(runBuilt([...REPORTS[2]!.args, '--format', 'html']).stdout).toContain('<title>over budget on 2025-01-13</title>');
    const be = runBuilt([...REPORTS[1]!.args, '--format', 'html']).stdout;
    const kv = be.match(/<dt>break-even<\/dt><dd class="strong">([\d.]+[kMB]) tokens\/hour/)![1];
    expect(be).toContain(`<title>break-even ${kv}/h</title>`);
    expect(figures(REPORTS[3]!.args)).toEqual(['diff-waterfall']);
    // a scenario with no step has no waterfall; its deployment options are drawn side by side
    expect(figures(['estimate', 'scenarios/deployment-options.yaml'])).toEqual(['deployments-chart']);
  });
});
