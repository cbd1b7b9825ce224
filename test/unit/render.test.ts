import { describe, expect, it } from 'vitest';
import { renderCsv, field } from '../../src/render/csv.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { renderTable } from '../../src/render/table.js';
import { renderJson } from '../../src/render/json.js';
import { money, money2, rate, pct, sparkline, compact } from '../../src/render/format.js';
import type { Doc } from '../../src/render/document.js';
import { initDoc } from '../../src/render/present/estimate.js';

const doc: Doc = {
  blocks: [
    { kind: 'heading', text: 'Costs' },
    {
      kind: 'table',
      id: 'costs',
      columns: [{ header: 'item' }, { header: 'monthly', align: 'right' }],
      rows: [
        ['=HYPERLINK("x")', { value: 1234.5, display: '$1,234.50' }],
        ['-2+3', { value: -5, display: '-$5.00' }],
        ['a, "quoted" name', null],
      ],
    },
  ],
};

describe('csv renderer', () => {
  it('escapes formula cells, quotes separators and keeps numbers raw', () => {
    expect(renderCsv(doc)).toBe(['item,monthly', `"'=HYPERLINK(""x"")",1234.5`, "'-2+3,-5", '"a, ""quoted"" name",', ''].join('\n'));
  });
  it('escapes @ and + prefixes', () => {
    expect(field('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(field('+1')).toBe("'+1");
    expect(field(-3)).toBe('-3');
  });
  it('writes numbers without float noise, keeping their real digits', () => {
    expect(field(8942.999999999998)).toBe('8943'); // 8,943.00 as summed in floating point
    expect(field(1560.7500000000018)).toBe('1560.75');
    expect(field(0.1 + 0.2)).toBe('0.3');
    expect(field(0.00028694899999999994)).toBe('0.000286949');
    expect(field(0.0000166667)).toBe('0.0000166667');
    expect(field(23328000000)).toBe('23328000000');
    expect(field(1 / 3)).toBe('0.333333333333333');
  });
});

describe('markdown renderer', () => {
  it('writes a GitHub table with right-aligned numbers', () => {
    expect(renderMarkdown(doc)).toBe(
      ['## Costs', '', '| item | monthly |', '|---|---:|', '| =HYPERLINK("x") | $1,234.50 |', '| -2+3 | -$5.00 |', '| a, "quoted" name |  |', ''].join('\n'),
    );
  });
});

describe('table renderer', () => {
  it('has no colour codes when colour is off', () => {
    const out = renderTable(doc, { color: false, width: 120 });
    expect(out).not.toContain('\u001b[');
    expect(out).toContain('$1,234.50');
  });
  it('uses colour codes when asked', () => {
    expect(renderTable(doc, { color: true, width: 120 })).toContain('\u001b[1m');
  });
  it('fits a narrow terminal by wrapping', () => {
    const wide: Doc = { blocks: [{ kind: 'table', id: 't', columns: [{ header: 'a' }, { header: 'b' }], rows: [['x'.repeat(60), 'y'.repeat(60)]] }] };
    const lines = renderTable(wide, { color: false, width: 60 }).trimEnd().split('\n');
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(60);
  });
});

describe('json renderer', () => {
  it('carries schemaVersion and command', () => {
    expect(JSON.parse(renderJson('estimate', { a: 1 }))).toEqual({ schemaVersion: 1, command: 'estimate', a: 1 });
  });
});

describe('formatting', () => {
  it('money has currency and thousands separators', () => {
    expect(money(97500)).toBe('$97,500.00');
    expect(money(0.00325)).toBe('$0.00325');
    expect(money(-1234.5)).toBe('-$1,234.50');
    expect(money2(21405)).toBe('$21,405.00');
  });
  it('rates keep their decimals', () => {
    expect(rate(2.5)).toBe('$2.50');
    expect(rate(0.0000166667)).toBe('$0.0000166667');
    expect(rate(0.075)).toBe('$0.075');
  });
  it('percent, compact and sparkline', () => {
    expect(pct(78.05)).toBe('78.05%');
    expect(compact(1.8e9)).toBe('1.8B');
    expect(sparkline([1, 2, 3, 8])).toBe('▁▂▃█');
  });
});

describe('formatNumber (no Intl on the hot path)', () => {
  it('matches en-US grouping and fraction rules', async () => {
    const { formatNumber } = await import('../../src/render/format.js');
    expect(formatNumber(1234567.891, 2, 2)).toBe('1,234,567.89');
    expect(formatNumber(1000, 0, 2)).toBe('1,000');
    expect(formatNumber(0.5, 2, 4)).toBe('0.50');
    expect(formatNumber(-0.001, 2, 2)).toBe('0.00');
    expect(formatNumber(-1234.5, 0, 1)).toBe('-1,234.5');
    expect(formatNumber(999.999, 0, 2)).toBe('1,000');
  });
  it('rounds the decimal a figure is written as, half up (toFixed rounded 0.0012775 and 1.005 down)', async () => {
    const { formatNumber } = await import('../../src/render/format.js');
    // support-bot after response caching: 0.3 x $0.0001 + 0.2 x $0.0003 + 0.5 x $0.002375 = $0.0012775 per request
    expect(money(0.0012775)).toBe('$0.001278');
    expect(money2(1.005)).toBe('$1.01');
    expect(money2(-1.005)).toBe('-$1.01');
    expect(formatNumber(2.5, 0, 0)).toBe('3');
    expect(formatNumber(0.0000001, 0, 2)).toBe('0');
    expect(formatNumber(1.5e-7, 0, 8)).toBe('0.00000015');
    expect(formatNumber(123456789012.345, 2, 2)).toBe('123,456,789,012.35');
    // compact rounds once: 1.50 / ($0.2786 per 1M) = 5,384,615 tokens/hour
    expect(compact(1.5 / (1.95 / 7) * 1e6)).toBe('5.38M');
    expect(compact(12_345_678)).toBe('12.35M');
    expect(compact(123_456_789)).toBe('123.5M');
    expect(compact(1_800_000_000)).toBe('1.8B');
  });
});

describe('init summary', () => {
  const r = { file: 'my bot.yaml', name: 'my-bot', catalog: { id: 'costopt-public', version: '2026-11-01', hash: 'sha256:12ad8b754113ff' }, baseline: { monthly: 97500 }, plan: { monthly: 31992 }, savings: { monthly: 65508, percent: 67.19 } };
  it('names the catalog once and quotes a file name the shell would split', () => {
    const out = renderTable(initDoc(r), { color: false, width: 120 });
    expect(out).toContain('catalog   costopt-public 2026-11-01 (sha256 12ad8b754113)\n');
    expect(out).toContain("Next: costopt estimate 'my bot.yaml' --breakdown");
    expect(renderTable(initDoc({ ...r, file: 'bot.yaml' }), { color: false, width: 120 })).toContain('Next: costopt estimate bot.yaml --breakdown');
  });
});

describe('table renderer on a narrow terminal: figures are never cut', () => {
  const money = (n: string) => ({ value: Number(n.replace(/[$,]/g, '')), display: n });
  const steps: Doc = {
    blocks: [
      {
        kind: 'table',
        id: 'steps',
        columns: [{ header: 'step' }, { header: 'per request', align: 'right' }, { header: 'per day', align: 'right' }, { header: 'per month', align: 'right' }, { header: 'per year', align: 'right' }, { header: 'saved / month', align: 'right' }, { header: 'vs baseline', align: 'right' }],
        rows: [
          ['baseline', money('$0.00325'), money('$3,250.00'), money('$97,500.00'), money('$1,170,000.00'), '', ''],
          ['1. prompt optimisation', money('$0.002375'), money('$2,375.00'), money('$71,250.00'), money('$855,000.00'), money('$26,250.00'), '26.92%'],
        ],
      },
    ],
  };
  const figures = ['$0.00325', '$3,250.00', '$97,500.00', '$1,170,000.00', '$0.002375', '$2,375.00', '$71,250.00', '$855,000.00', '$26,250.00', '26.92%'];

  it('at 100 columns: wraps headers and text at spaces, every figure whole on one line', () => {
    // natural width 111: step 24, per request 13, per day 11, per month 12, per year 15, saved / month 15, vs baseline 13, + 8 borders
    const out = renderTable(steps, { color: false, width: 100 });
    for (const l of out.trimEnd().split('\n')) expect([...l].length).toBeLessThanOrEqual(100);
    expect(out).not.toContain('…');
    for (const f of figures) expect(out).toContain(` ${f} `);
    expect(out).toMatch(/│ 1\. prompt +│/);
    expect(out).toMatch(/│ optimisation +│/);
  });

  it('too narrow for whole figures (80 columns): one block of "header  value" lines per row', () => {
    const out = renderTable(steps, { color: false, width: 80 });
    expect(out).not.toContain('…');
    expect(out).toBe(
      [
        'baseline',
        '  per request    $0.00325',
        '  per day        $3,250.00',
        '  per month      $97,500.00',
        '  per year       $1,170,000.00',
        '1. prompt optimisation',
        '  per request    $0.002375',
        '  per day        $2,375.00',
        '  per month      $71,250.00',
        '  per year       $855,000.00',
        '  saved / month  $26,250.00',
        '  vs baseline    26.92%',
        '',
      ].join('\n'),
    );
  });

  it('a figure in the first column keeps its header in the stacked form', () => {
    const vols: Doc = { blocks: [{ kind: 'table', id: 'v', columns: [{ header: 'tokens/hour', align: 'right' }, { header: 'self-hosted monthly', align: 'right' }, { header: 'API monthly', align: 'right' }], rows: [['625k', money('$1,080.00'), money('$270.00')]] }] };
    expect(renderTable(vols, { color: false, width: 24 })).toBe(['tokens/hour 625k', '  self-hosted monthly  $1,080.00', '  API monthly          $270.00', ''].join('\n'));
  });

  it('breaks a long name after a hyphen rather than cutting it', () => {
    // natural 20 + 7 + 3 borders = 30 > 23: the name column gives up 7 and breaks after its hyphen
    const wide: Doc = { blocks: [{ kind: 'table', id: 't', columns: [{ header: 'scenario' }, { header: 'note' }], rows: [['deployment-options', 'short']] }] };
    const out = renderTable(wide, { color: false, width: 23 });
    expect(out).toContain('│ deployment- │');
    expect(out).toContain('│ options     │');
    expect(out).not.toContain('…');
  });
});

describe('markdown renderer: literal asterisks', () => {
  it('escapes * in cells so a bold row with the cheapest marker still renders as bold', () => {
    const d: Doc = { blocks: [{ kind: 'table', id: 'd', columns: [{ header: 'option' }, { header: 'monthly', align: 'right' }], rows: [['lambda', '$155.00'], ['cpu-spot *', '$73.44']], highlightRows: [1] }] };
    expect(renderMarkdown(d)).toBe(['| option | monthly |', '|---|---:|', '| lambda | $155.00 |', '| **cpu-spot \\*** | **$73.44** |', ''].join('\n'));
  });
});

describe('narrow terminals hide optional columns before wrapping', () => {
  const wide: Doc = {
    blocks: [
      {
        kind: 'table',
        id: 't',
        columns: [{ header: 'step' }, { header: 'per month', align: 'right' }, { header: 'per year', align: 'right', hideOrder: 1 }, { header: 'note' }],
        rows: [['baseline', '$97,500.00', '$1,170,000.00', 'all-traffic-one-model']],
      },
    ],
  };
  it('shows every column when there is room', () => {
    const out = renderTable(wide, { color: false, width: 120 });
    expect(out).toContain('$1,170,000.00');
    expect(out).not.toContain('hidden');
  });
  it('hides the optional column and says so', () => {
    // 'baseline' 8+2, '$97,500.00' 10+2, '$1,170,000.00' 13+2, 'all-traffic-one-model' (one word) 21+2, borders 5 = 65 > 60;
    // without per year: 10 + 12 + 23 + 4 = 49, which fits without breaking a word
    const out = renderTable(wide, { color: false, width: 60 });
    expect(out).not.toContain('$1,170,000.00');
    expect(out).toContain('$97,500.00');
    expect(out).toContain('(per year hidden to fit 60 columns');
    for (const l of out.trimEnd().split('\n')) if (l.startsWith('│') || l.startsWith('┌')) expect([...l].length).toBeLessThanOrEqual(60);
  });
});
