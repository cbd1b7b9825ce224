import { cellText, cellTone, type Block, type Cell, type Chart, type Doc, type LineSeries, type Tone } from './document.js';
import { compact, money2, signedMoney } from './format.js';

/**
 * One self-contained HTML file: styles inline, charts as SVG drawn here, no script, no font, no
 * image, no request of any kind (a Content-Security-Policy of `default-src 'none'` says so to the
 * browser too). It opens offline from an e-mail attachment or a CI artifact, follows the
 * reader's light or dark setting and prints on white. Every chart has a text alternative (the
 * SVG's title and description, and a caption under it) and the table beside it carries the
 * exact figures. Colours: the Okabe-Ito palette, told apart with colour-blindness.
 */
export function renderHtml(doc: Doc, o: { title: string; generator: string }): string {
  const body = doc.blocks.map(block).filter(Boolean).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="generator" content="${esc(o.generator)}">
<title>${esc(o.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>${esc(o.title)}</h1>
${body}
</main>
</body>
</html>
`;
}

/** Okabe-Ito, without the yellow that fades on white */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#999999', '#000000'];
const GOOD = '#009E73';
const BAD = '#D55E00';
const BASE = '#0072B2';

const CSS = `
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #57606a; --bg: #ffffff; --line: #d0d7de; --stripe: #f6f8fa; --good: #1a7f37; --bad: #b3261e; --warn: #9a6700; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9da7b3; --bg: #0d1117; --line: #30363d; --stripe: #161b22; --good: #3fb950; --bad: #ff7b72; --warn: #d29922; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 24px; }
h1 { font-size: 1.5rem; margin: 0 0 16px; } h2 { font-size: 1.2rem; margin: 28px 0 8px; } h3 { font-size: 1.05rem; margin: 20px 0 6px; }
p { margin: 8px 0; } .muted { color: var(--muted); } .good { color: var(--good); } .bad { color: var(--bad); } .warn { color: var(--warn); } .strong { font-weight: 600; }
table { border-collapse: collapse; margin: 8px 0 16px; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--stripe); } td.r, th.r { text-align: right; } td.c, th.c { text-align: center; }
tr.hl td, tfoot td { font-weight: 600; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: 4px 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0 16px; } dt { color: var(--muted); } dd { margin: 0; }
pre { background: var(--stripe); padding: 8px; overflow-x: auto; } .wide { overflow-x: auto; }
figure { margin: 12px 0 20px; } figcaption { color: var(--muted); font-size: 0.9rem; }
svg { max-width: 100%; height: auto; } svg text { fill: var(--fg); font: 12px system-ui, sans-serif; } svg .axis { stroke: var(--line); } svg .grid { stroke: var(--line); stroke-dasharray: 2 3; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 0.9rem; margin: 4px 0; } .legend span::before { content: ""; display: inline-block; width: 10px; height: 10px; margin-right: 6px; background: var(--c); }
details { margin: 8px 0; } summary { cursor: pointer; font-weight: 600; }
@media print { :root { --fg: #000; --muted: #444; --bg: #fff; --line: #999; --stripe: #eee; } main { max-width: none; padding: 0; } details > * { display: block; } figure, table { break-inside: avoid; } .wide { overflow: visible; } }
`;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const toneClass = (t: Tone | undefined) => (t ? ` class="${t}"` : '');
const cellHtml = (c: Cell) => esc(cellText(c)).replace(/\n/g, '<br>');

function block(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `<h${(b.level ?? 1) + 1}>${esc(b.text)}</h${(b.level ?? 1) + 1}>`;
    case 'text':
      return `<p${toneClass(b.tone)}>${esc(b.text).replace(/\n/g, '<br>')}</p>`;
    case 'pre':
      return b.textChart ? '' : `<pre>${esc(b.text)}</pre>`;
    case 'list':
      return `${b.title ? `<h3>${esc(b.title)}</h3>` : ''}<ul${toneClass(b.tone)}>${b.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
    case 'kv':
      return `${b.title ? `<h3>${esc(b.title)}</h3>` : ''}<dl>${b.pairs.map(([k, v]) => `<dt>${esc(k)}</dt><dd${toneClass(cellTone(v))}>${cellHtml(v)}</dd>`).join('')}</dl>`;
    case 'details':
      return `<details><summary>${esc(b.summary)}</summary>${b.blocks.map(block).join('\n')}</details>`;
    case 'table': {
      if (b.csvOnly) return '';
      const al = (a: string | undefined) => (a === 'right' ? ' class="r"' : a === 'center' ? ' class="c"' : '');
      const hl = new Set(b.highlightRows ?? []);
      const row = (r: Cell[], cls = '') => `<tr${cls}>${b.columns.map((c, i) => { const x = r[i] ?? null; const t = cellTone(x); return `<td${c.align === 'right' ? ' class="r' + (t ? ` ${t}` : '') + '"' : toneClass(t)}>${cellHtml(x)}</td>`; }).join('')}</tr>`;
      return `<div class="wide"><table>${b.title ? `<caption>${esc(b.title)}</caption>` : ''}<thead><tr>${b.columns.map((c) => `<th scope="col"${al(c.align)}>${esc(c.header)}</th>`).join('')}</tr></thead><tbody>${b.rows.map((r, i) => row(r, hl.has(i) ? ' class="hl"' : '')).join('')}</tbody>${b.footer ? `<tfoot>${row(b.footer)}</tfoot>` : ''}</table></div>`;
    }
    case 'chart':
      return `<figure id="${esc(b.id.replace(/[^\w-]+/g, '-'))}"><h3>${esc(b.title)}</h3>${svg(b.chart, b.title, b.alt)}<figcaption>${esc(b.alt)}</figcaption></figure>`;
  }
}

// --- charts -------------------------------------------------------------------------------

const W = 760;
const H = 300;
const M = { top: 16, right: 16, bottom: 56, left: 88 };
const fin = (n: number) => (Number.isFinite(n) ? n : 0);
const f1 = (n: number) => (Math.round(n * 10) / 10).toString();

/** A "nice" axis: 0 (or below) to a round maximum, with about five ticks. */
function axis(lo: number, hi: number): { lo: number; hi: number; ticks: number[] } {
  const span = Math.max(hi - lo, Math.abs(hi) * 1e-9, 1e-9);
  const raw = span / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((k) => k * mag).find((s) => s >= raw) ?? 10 * mag;
  const a = Math.floor(lo / step) * step;
  const b = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let t = a; t <= b + step / 2 && ticks.length < 12; t += step) ticks.push(Math.round(t / step) * step);
  return { lo: a, hi: b, ticks };
}

function frame(title: string, alt: string, inner: string, yTicks: number[], y: (v: number) => number, currency: string): string {
  const grid = yTicks.map((t) => `<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${f1(y(t))}" y2="${f1(y(t))}"/><text x="${M.left - 6}" y="${f1(y(t) + 4)}" text-anchor="end">${esc(money2(t, currency).replace(/\.00$/, ''))}</text>`).join('');
  return `<svg role="img" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg"><title>${esc(title)}</title><desc>${esc(alt)}</desc>${grid}<line class="axis" x1="${M.left}" x2="${W - M.right}" y1="${f1(y(0))}" y2="${f1(y(0))}"/>${inner}</svg>`;
}

const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function svg(c: Chart, title: string, alt: string): string {
  switch (c.type) {
    case 'waterfall': {
      const bars: { label: string; from: number; to: number; color: string; text: string }[] = [{ label: c.start.label, from: 0, to: fin(c.start.value), color: BASE, text: money2(c.start.value, c.currency) }];
      let at = fin(c.start.value);
      for (const ch of c.changes) {
        const v = fin(ch.value);
        bars.push({ label: ch.label, from: at, to: at + v, color: v <= 0 ? GOOD : BAD, text: signedMoney(v, c.currency) });
        at += v;
      }
      bars.push({ label: c.end.label, from: 0, to: fin(c.end.value), color: BASE, text: money2(c.end.value, c.currency) });
      const ax = axis(Math.min(0, ...bars.map((b) => Math.min(b.from, b.to))), Math.max(0, ...bars.map((b) => Math.max(b.from, b.to))));
      const y = (v: number) => M.top + ((ax.hi - v) / (ax.hi - ax.lo)) * (H - M.top - M.bottom);
      const slot = (W - M.left - M.right) / bars.length;
      const inner = bars.map((b, i) => {
        const x = M.left + i * slot + slot * 0.15;
        const top = y(Math.max(b.from, b.to));
        const h = Math.max(1, Math.abs(y(b.from) - y(b.to)));
        return `<g><title>${esc(`${b.label}: ${b.text}`)}</title><rect x="${f1(x)}" y="${f1(top)}" width="${f1(slot * 0.7)}" height="${f1(h)}" fill="${b.color}"/><text x="${f1(x + slot * 0.35)}" y="${f1(top - 4)}" text-anchor="middle">${esc(b.text)}</text><text x="${f1(x + slot * 0.35)}" y="${H - M.bottom + 16}" text-anchor="middle">${esc(short(b.label, Math.max(6, Math.floor(slot / 7))))}</text></g>`;
      }).join('');
      return frame(title, alt, inner, ax.ticks, y, c.currency);
    }
    case 'stacked': {
      const n = c.x.length;
      const totals = c.x.map((_, i) => c.series.reduce((s, se) => s + Math.max(0, fin(se.values[i] ?? 0)), 0));
      const ax = axis(0, Math.max(0, ...totals, c.limit ? fin(c.limit.value) : 0));
      const y = (v: number) => M.top + ((ax.hi - v) / (ax.hi - ax.lo)) * (H - M.top - M.bottom);
      const slot = (W - M.left - M.right) / Math.max(1, n);
      const parts: string[] = [];
      const base = new Array<number>(n).fill(0);
      c.series.forEach((se, k) => {
        const color = PALETTE[k % PALETTE.length]!;
        const rects = c.x.map((d, i) => {
          const v = Math.max(0, fin(se.values[i] ?? 0));
          const y0 = y(base[i]!);
          const y1 = y(base[i]! + v);
          base[i]! += v;
          return v > 0 ? `<rect x="${f1(M.left + i * slot + slot * 0.1)}" y="${f1(y1)}" width="${f1(slot * 0.8)}" height="${f1(Math.max(0.5, y0 - y1))}" fill="${color}"><title>${esc(`${d} ${se.name}: ${money2(v, c.currency)}`)}</title></rect>` : '';
        }).join('');
        parts.push(`<g>${rects}</g>`);
      });
      const every = Math.max(1, Math.ceil(n / 10));
      const labels = c.x.map((d, i) => (i % every === 0 ? `<text x="${f1(M.left + i * slot + slot / 2)}" y="${H - M.bottom + 16}" text-anchor="middle">${esc(d.slice(5))}</text>` : '')).join('');
      // the top of each band on each day, to put a mark on its series
      const tops = new Map<string, number[]>();
      const running = new Array<number>(n).fill(0);
      for (const se of c.series) tops.set(se.name, c.x.map((_, i) => (running[i]! += Math.max(0, fin(se.values[i] ?? 0)))));
      const marks = (c.marks ?? []).map((m) => {
        const i = c.x.indexOf(m.x);
        if (i < 0) return '';
        const cx = M.left + i * slot + slot / 2;
        const cy = y(tops.get(m.series)?.[i] ?? totals[i]!) - 2;
        return `<g><title>${esc(`${m.x}: ${m.label}`)}</title><path d="M${f1(cx - 6)} ${f1(cy - 8)} L${f1(cx + 6)} ${f1(cy - 8)} L${f1(cx)} ${f1(cy + 2)} Z" style="fill: var(--fg); stroke: var(--bg); stroke-width: 1.5"/></g>`;
      }).join('');
      const limit = c.limit ? `<line x1="${M.left}" x2="${W - M.right}" y1="${f1(y(c.limit.value))}" y2="${f1(y(c.limit.value))}" stroke="${BAD}" stroke-dasharray="6 4"/><text x="${W - M.right}" y="${f1(y(c.limit.value) - 4)}" text-anchor="end">${esc(c.limit.label)}</text>` : '';
      const legend = `<div class="legend">${c.series.map((se, k) => `<span style="--c:${PALETTE[k % PALETTE.length]}">${esc(se.name)}</span>`).join('')}${c.marks?.length ? `<span style="--c: var(--fg)">anomaly (▼)</span>` : ''}</div>`;
      return frame(title, alt, parts.join('') + labels + marks + limit, ax.ticks, y, c.currency) + legend;
    }
    case 'bars': {
      const ax = axis(Math.min(0, ...c.bars.map((b) => fin(b.value))), Math.max(0, ...c.bars.map((b) => fin(b.value))));
      const y = (v: number) => M.top + ((ax.hi - v) / (ax.hi - ax.lo)) * (H - M.top - M.bottom);
      const slot = (W - M.left - M.right) / Math.max(1, c.bars.length);
      const inner = c.bars.map((b, i) => {
        const v = fin(b.value);
        const x = M.left + i * slot + slot * 0.15;
        const top = y(Math.max(0, v));
        const h = Math.max(1, Math.abs(y(0) - y(v)));
        return `<g><title>${esc(`${b.label}: ${money2(v, c.currency)}${b.note ? ` (${b.note})` : ''}`)}</title><rect x="${f1(x)}" y="${f1(top)}" width="${f1(slot * 0.7)}" height="${f1(h)}" fill="${b.note === 'cheapest' ? GOOD : BASE}"/><text x="${f1(x + slot * 0.35)}" y="${f1(top - 4)}" text-anchor="middle">${esc(money2(v, c.currency))}</text><text x="${f1(x + slot * 0.35)}" y="${H - M.bottom + 16}" text-anchor="middle">${esc(short(b.label, Math.max(6, Math.floor(slot / 7))))}</text></g>`;
      }).join('');
      return frame(title, alt, inner, ax.ticks, y, c.currency);
    }
    case 'lines':
      return lines(c, title, alt);
    case 'grouped':
      return grouped(c, title, alt);
  }
}

function grouped(c: Extract<Chart, { type: 'grouped' }>, title: string, alt: string): string {
  const all = c.groups.flatMap((g) => g.values.map(fin));
  const ax = axis(Math.min(0, ...all), Math.max(0, ...all));
  const y = (v: number) => M.top + ((ax.hi - v) / (ax.hi - ax.lo)) * (H - M.top - M.bottom);
  const slot = (W - M.left - M.right) / Math.max(1, c.groups.length);
  const bw = (slot * 0.8) / Math.max(1, c.series.length);
  const inner = c.groups.map((g, i) => {
    const bars = c.series.map((name, k) => {
      const v = fin(g.values[k] ?? 0);
      const x = M.left + i * slot + slot * 0.1 + k * bw;
      const top = y(Math.max(0, v));
      const h = Math.max(v === 0 ? 0 : 1, Math.abs(y(0) - y(v)));
      const text = bw >= 56 && v !== 0 ? `<text x="${f1(x + bw / 2)}" y="${f1(v >= 0 ? top - 4 : top + h + 14)}" text-anchor="middle">${esc(signedMoney(v, c.currency))}</text>` : '';
      return `<g><title>${esc(`${g.label}, ${name}: ${signedMoney(v, c.currency)}`)}</title><rect x="${f1(x)}" y="${f1(top)}" width="${f1(bw * 0.92)}" height="${f1(h)}" fill="${PALETTE[k % PALETTE.length]}"/>${text}</g>`;
    }).join('');
    return `${bars}<text x="${f1(M.left + i * slot + slot / 2)}" y="${H - M.bottom + 16}" text-anchor="middle">${esc(short(g.label, Math.max(6, Math.floor(slot / 7))))}</text>`;
  }).join('');
  const legend = `<div class="legend">${c.series.map((s, k) => `<span style="--c:${PALETTE[k % PALETTE.length]}">${esc(s)}</span>`).join('')}</div>`;
  return frame(title, alt, inner, ax.ticks, y, c.currency) + legend;
}

const SERIES_COLOR: Record<NonNullable<LineSeries['color']>, string> = { base: BASE, accent: PALETTE[1]!, good: GOOD, bad: BAD };
const colorOf = (s: LineSeries, k: number): string => (s.color ? SERIES_COLOR[s.color] : PALETTE[k % PALETTE.length]!);
const DAY_MS = 86_400_000;
const dayText = (d: number) => new Date(d * DAY_MS).toISOString().slice(5, 10);

/** Ticks on x: about six round volumes, or every k-th day from the first. */
function xTicks(kind: 'count' | 'day', lo: number, hi: number): { lo: number; hi: number; ticks: number[] } {
  if (kind === 'count') return axis(Math.min(0, lo), hi);
  const step = Math.max(1, Math.ceil((hi - lo) / 8));
  const ticks: number[] = [];
  for (let t = lo; t <= hi + 1e-9; t += step) ticks.push(t);
  return { lo, hi: Math.max(hi, lo + 1), ticks };
}

function lines(c: Extract<Chart, { type: 'lines' }>, title: string, alt: string): string {
  const drawn = c.series.map((s) => s.points.filter(([x, v]) => Number.isFinite(x) && Number.isFinite(v)));
  const pts = drawn.flat();
  if (!pts.length) return frame(title, alt, '', [0], () => H - M.bottom, c.currency);
  const xs = [...pts.map(([x]) => x), ...(c.marks ?? []).map((m) => fin(m.x))];
  const ax = xTicks(c.x, Math.min(...xs), Math.max(...xs));
  const ay = axis(Math.min(0, ...pts.map(([, v]) => v)), Math.max(0, ...pts.map(([, v]) => v), c.limit ? fin(c.limit.value) : 0));
  const y = (v: number) => M.top + ((ay.hi - v) / (ay.hi - ay.lo)) * (H - M.top - M.bottom);
  const x = (v: number) => M.left + ((v - ax.lo) / (ax.hi - ax.lo || 1)) * (W - M.left - M.right);
  const xText = (v: number) => (c.x === 'day' ? dayText(v) : compact(v));
  const xAxis = ax.ticks.map((t) => `<text x="${f1(x(t))}" y="${H - M.bottom + 16}" text-anchor="middle">${esc(xText(t))}</text>`).join('') + `<text x="${f1((M.left + W - M.right) / 2)}" y="${H - M.bottom + 36}" text-anchor="middle">${esc(c.xLabel)}</text>`;
  const yLabel = `<text transform="translate(14 ${f1((M.top + H - M.bottom) / 2)}) rotate(-90)" text-anchor="middle">${esc(c.yLabel)}</text>`;
  const paths = c.series.map((s, k) => {
    const ok = drawn[k]!;
    if (!ok.length) return '';
    const d = ok.map(([px, pv], i) => `${i ? 'L' : 'M'}${f1(x(px))} ${f1(y(pv))}`).join(' ');
    const color = colorOf(s, k);
    return `<path d="${d}" fill="none" stroke="${color}" stroke-width="2.5"${s.dashed ? ' stroke-dasharray="7 5"' : ''}><title>${esc(s.name)}</title></path>`;
  }).join('');
  const marks = (c.marks ?? []).map((m, k) => {
    const mx = x(fin(m.x));
    const right = mx > (M.left + W - M.right) / 2;
    const ty = M.top + 8 + 16 * k;
    return `<g><title>${esc(m.label)}</title><line x1="${f1(mx)}" x2="${f1(mx)}" y1="${M.top}" y2="${H - M.bottom}" stroke="${BAD}" stroke-width="1.5" stroke-dasharray="3 3"/><circle cx="${f1(mx)}" cy="${ty - 4}" r="4" fill="${BAD}"/><text x="${f1(right ? mx - 8 : mx + 8)}" y="${ty}"${right ? ' text-anchor="end"' : ''}>${esc(m.label)}</text></g>`;
  }).join('');
  const limit = c.limit ? `<line x1="${M.left}" x2="${W - M.right}" y1="${f1(y(c.limit.value))}" y2="${f1(y(c.limit.value))}" stroke="${BAD}" stroke-dasharray="6 4"/><text x="${W - M.right}" y="${f1(y(c.limit.value) - 4)}" text-anchor="end">${esc(c.limit.label)}</text>` : '';
  const legend = `<div class="legend">${c.series.map((s, k) => `<span style="--c:${colorOf(s, k)}">${esc(s.name)}${s.dashed ? ' (dashed)' : ''}</span>`).join('')}</div>`;
  return frame(title, alt, paths + limit + marks + xAxis + yLabel, ay.ticks, y, c.currency) + legend;
}
