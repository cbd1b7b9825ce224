import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/render/html.js';
import { render } from '../../src/render/index.js';
import type { Doc } from '../../src/render/document.js';

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
    expect(html).toContain('<title>2025-01-02 service:Compute: spike</title>');
  });

  it('control characters from input are shown escaped, as in every format', () => {
    const out = render({ command: 'estimate', result: {}, doc: () => ({ blocks: [{ kind: 'heading', text: 'a\u001b[31mred' }] }) }, { format: 'html', color: false, width: 80 });
    expect(out).not.toContain('\u001b');
    expect(out).toContain('a\\x1b[31mred');
  });

  it('the other formats leave charts out', () => {
    for (const format of ['table', 'markdown', 'csv'] as const) {
      const out = render({ command: 'estimate', result: {}, doc: () => doc }, { format, color: false, width: 120 });
      expect(out, format).not.toContain('baseline $97,500.00; plan $8,608.47');
      expect(out, format).not.toContain('<svg');
    }
  });
});
