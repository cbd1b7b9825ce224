import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/render/html.js';
import { render } from '../../src/render/index.js';
import type { Doc } from '../../src/render/document.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { htmlProblem } from '../fuzz/harness.js';
import { ROOT } from '../helpers/cli.js';

/**
 * The HTML report: one self-contained file. Text from input (a scenario name, a service from a
 * bill) is escaped, never markup; nothing in it can fetch anything (no script, no link, no src,
 * no url(), a CSP of default-src 'none'); charts carry their text alternative; the other
 * formats leave charts out.
 */
const doc: Doc = {
  blocks: [
    { kind: 'heading', text: 'bot <script>alert(1)</script>' },
    { kind: 'table', id: 't', columns: [{ header: 'step' }, { header: 'per month', align: 'right' }], rows: [['baseline', { value: 97500, display: '$97,500.00' }], ['<img src=x onerror=alert(1)>', { value: 8608.47, display: '$8,608.47', tone: 'good' }]] },
    { kind: 'chart', id: 'waterfall:bot', title: 'bot: baseline to plan', alt: 'baseline $97,500.00; plan $8,608.47', chart: { type: 'waterfall', currency: 'USD', start: { label: 'baseline', value: 97500 }, changes: [{ label: 'cache "x"', value: -88891.53 }], end: { label: 'plan', value: 8608.47 } } },
    { kind: 'chart', id: 'daily', title: 'daily', alt: 'two days', chart: { type: 'stacked', currency: 'USD', x: ['2025-01-01', '2025-01-02'], series: [{ name: "Compute's", values: [100, 400] }], marks: [{ x: '2025-01-02', series: 'service:Compute', label: 'spike' }] } },
  ],
};

describe('HTML report', () => {
  const html = renderHtml(doc, { title: 'costopt estimate', generator: 'costopt' });

  it('is one complete document that fetches nothing', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
    expect(html).not.toMatch(/<(script|link|img|iframe|object|embed|video|audio)\b/i);
    // no tag has an attribute that loads something; no stylesheet fetches
    expect(html).not.toMatch(/<[^>]*\s(src|href|srcset|action|background)=/i);
    expect(html).not.toMatch(/url\(|@import/i);
    // the one URL: the SVG namespace, an identifier that is never fetched
    expect(html.match(/https?:\/\/[^"\s]+/g)).toEqual(['http://www.w3.org/2000/svg', 'http://www.w3.org/2000/svg']);
  });

  it('escapes text from input', () => {
    expect(html).toContain('bot &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('cache &quot;x&quot;');
    expect(html).toContain('Compute&#39;s');
  });

  it('keeps the exact figures in the table and gives each chart its text alternative', () => {
    expect(html).toContain('<td class="r">$97,500.00</td>');
    expect(html).toContain('<td class="r good">$8,608.47</td>');
    expect(html).toMatch(/<svg role="img"[^>]*><title>bot: baseline to plan<\/title><desc>baseline \$97,500.00; plan \$8,608.47<\/desc>/);
    expect(html).toContain('<figcaption>baseline $97,500.00; plan $8,608.47</figcaption>');
    // the waterfall's change is labelled with its amount; the anomaly mark says what it is
    expect(html).toContain('-$88,891.53');
    expect(html).toContain('<title>2025-01-02: spike</title>');
  });

  it('control characters from input are shown escaped, as in every format', () => {
    const out = render({ command: 'estimate', result: {}, doc: () => ({ blocks: [{ kind: 'heading', text: 'a\u001b[31mred' }] }) }, { format: 'html', color: false, width: 80 });
    expect(out).not.toContain('\u001b');
    expect(out).toContain('a\\x1b[31mred');
  });

  it('a line chart draws a repeated x as an upright step, dashes a projection, marks an x and a limit', () => {
    const lines: Doc = {
      blocks: [
        { kind: 'chart', id: 'per-1m', title: 'per 1M', alt: 'they cross at 2.5M', chart: { type: 'lines', currency: 'USD', x: 'count', xLabel: 'tokens/hour', yLabel: 'USD per 1M', series: [{ name: 'self-hosted', color: 'base', points: [[1e6, 4], [5e6, 1], [5e6, 2], [1e7, 1]] }, { name: 'API', color: 'accent', dashed: true, points: [[1e6, 3], [1e7, 3]] }], marks: [{ x: 2.5e6, label: 'break-even <2.5M>' }], limit: { value: 3.5, label: 'limit' } } },
        { kind: 'chart', id: 'days', title: 'days', alt: 'a month', chart: { type: 'lines', currency: 'USD', x: 'day', xLabel: '2025-01', yLabel: 'USD', series: [{ name: 'actual', points: [[20089, 10], [20090, 20]] }] } },
        { kind: 'pre', text: 'S*A ascii chart', textChart: true },
        { kind: 'pre', text: 'costopt breakeven --gpu x' },
      ],
    };
    const out = renderHtml(lines, { title: 't', generator: 'costopt' });
    // x runs over the axis 0..10M: 656 px from x=88, 65.6 px per 1M; y over $0..$4: 228 px from
    // y=244 up, 57 px per $1. The step at 5M: (416, 187) then (416, 130)
    const d = out.match(/<path d="([^"]+)" fill="none" stroke="#0072B2"/)![1]!;
    expect(d).toBe('M153.6 16 L416 187 L416 130 L744 187');
    expect(out).toMatch(/<path d="M153.6 73 L744 73" fill="none" stroke="#E69F00" stroke-width="2.5" stroke-dasharray="7 5">/);
    expect(out).toContain('<line x1="252" x2="252" y1="16" y2="244"');
    expect(out).toContain('break-even &lt;2.5M&gt;');
    expect(out).toContain('<text x="744" y="40.5" text-anchor="end">limit</text>');
    // days since 1970 are drawn as MM-DD: 20089 is 2025-01-02
    expect(out).toContain('>01-02</text>');
    // the character chart is for terminals; the command line stays
    expect(out).not.toContain('S*A ascii chart');
    expect(out).toContain('costopt breakeven --gpu x');
    expect(render({ command: 'breakeven', result: {}, doc: () => lines }, { format: 'markdown', color: false, width: 100 })).toContain('S*A ascii chart');
  });

  it('an anomaly is marked on top of its own band that day, or on top of the day', () => {
    const stacked: Doc = { blocks: [{ kind: 'chart', id: 'd', title: 'd', alt: 'd', chart: { type: 'stacked', currency: 'USD', x: ['2025-01-01', '2025-01-02'], series: [{ name: 'A', values: [100, 100] }, { name: 'B', values: [50, 300] }], marks: [{ x: '2025-01-02', series: 'A', label: 'on A' }, { x: '2025-01-02', series: '', label: 'on the total' }] } }] };
    const out = renderHtml(stacked, { title: 't', generator: 'costopt' });
    // y over $0..$400: 228 px from y=244 up; A's top on day 2 is $100 (y 187), the day's top $400 (y 16);
    // day 2's slot is 88 + 328 .. 744, centre 580; the triangle's tip is on the top
    expect(out).toContain('<title>2025-01-02: on A</title><path d="M574 177 L586 177 L580 187 Z"');
    expect(out).toContain('<title>2025-01-02: on the total</title><path d="M574 6 L586 6 L580 16 Z"');
  });

  it('a currency from input is shown escaped in a chart\'s axis labels (found by the fuzz suite: a C1 control in a bill\'s currency column)', () => {
    const chart: Doc = { blocks: [{ kind: 'chart', id: 'c', title: 't', alt: 'a', chart: { type: 'lines', currency: '\u009b31M', x: 'day', xLabel: 'm', yLabel: 'y', series: [{ name: 's', points: [[20089, 10], [20090, 40]] }] } }] };
    const out = render({ command: 'analyze', result: {}, doc: () => chart }, { format: 'html', color: false, width: 80 });
    expect(out).not.toMatch(/[\u0080-\u009f]/);
    expect(out).toContain('40.00 \\u009b31M');
  });

  it('the other formats leave charts out', () => {
    for (const format of ['table', 'markdown', 'csv'] as const) {
      const out = render({ command: 'estimate', result: {}, doc: () => doc }, { format, color: false, width: 120 });
      expect(out, format).not.toContain('baseline $97,500.00; plan $8,608.47');
      expect(out, format).not.toContain('<svg');
    }
  });

  it('the fuzz suite\'s HTML check passes every golden report and catches markup, handlers and loads', () => {
    const goldens = readdirSync(join(ROOT, 'test', 'cases')).filter((d) => d.startsWith('html-'));
    expect(goldens.length).toBeGreaterThanOrEqual(4);
    for (const d of goldens) expect(htmlProblem(readFileSync(join(ROOT, 'test', 'cases', d, 'expected.stdout'), 'utf8')), d).toBeNull();
    expect(htmlProblem(html)).toBeNull();
    expect(htmlProblem('<!doctype html><p><script>x</script></p>')).toMatch(/<script>/);
    expect(htmlProblem('<!doctype html><p><img src=x></p>')).toMatch(/<img>/);
    expect(htmlProblem('<!doctype html><p onclick="x">a</p>')).toMatch(/onclick/);
    expect(htmlProblem('<!doctype html><p style="background:url(x)">a</p>')).toMatch(/loads/);
    // input text that only names such things, escaped, is fine
    expect(htmlProblem('<!doctype html><p>javascript: &lt;script&gt; url(x)</p>')).toBeNull();
  });
});
