import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, json, runBuilt, runCli } from '../helpers/cli.js';

/**
 * Issue #15, terminal injection: control characters and escape sequences from input (a
 * scenario name, an unknown key, a bill's service name, a file name, argv) are shown visibly
 * escaped in every format and on stderr, with colour off and on.
 */
const DIR = join(FIXTURES, 'hostile-output');
const ESCAPES = join(DIR, 'name-with-escape-sequences.yaml');
const FORMULA = join(DIR, 'name-starts-with-formula.yaml');
// control bytes past the first 4 KB (the binary-data check reads no further) and a formula service name
const BILL = join(DIR, 'focus-service-names-with-escapes.csv');

// every C0 control but LF, DEL, C1, and the bidi / line-separator controls
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/** The name of name-with-escape-sequences.yaml as it must be shown: each control written out. */
const SHOWN = String.raw`bot\x1b[2J\x1b]0;pwned\x07\rEVIL\u009b31m\x08\u202e`;

function noRaw(s: string): void {
  const m = RAW.exec(s);
  expect(m, m ? `raw U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${m.index}: ${JSON.stringify(s.slice(Math.max(0, m.index - 30), m.index + 10))}` : '').toBeNull();
}

describe('scenario names with escape sequences', () => {
  it.each(['table', 'markdown', 'csv'])('estimate --format %s shows them escaped (NO_COLOR)', async (format) => {
    const r = await runCli(['estimate', ESCAPES, '--format', format, '--breakdown']);
    expect(r.code).toBe(0);
    noRaw(r.stdout);
    noRaw(r.stderr);
    expect(r.stdout).toContain(SHOWN);
  });

  it('with colour on, the name is escaped and costopt\'s own colour codes are still written', async () => {
    const r = await runCli(['estimate', ESCAPES], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(SHOWN);
    // chalk's bold heading is there
    expect(r.stdout).toContain('\u001b[1m');
    // and the only escape sequences left are colour (SGR) codes
    // eslint-disable-next-line no-control-regex
    noRaw(r.stdout.replace(/\u001b\[[0-9;]*m/g, ''));
  });

  it('json keeps the name as it is, every control escaped by JSON (C1 and bidi too)', async () => {
    const r = await runCli(['estimate', ESCAPES, '--format', 'json']);
    expect(r.code).toBe(0);
    noRaw(r.stdout);
    expect(r.stdout).toContain(String.raw`"bot\u001b[2J\u001b]0;pwned\u0007\rEVIL\u009b31m\b\u202e"`);
    expect(json<{ scenarios: { name: string }[] }>(r).scenarios[0]!.name).toBe('bot\u001b[2J\u001b]0;pwned\u0007\rEVIL\u009b31m\b\u202e');
  });

  it('the --fail-on budget message on stderr shows the name escaped', async () => {
    const r = await runCli(['estimate', ESCAPES, '--fail-on', 'budget', '--format', 'json']);
    expect(r.code).toBe(1);
    noRaw(r.stderr);
    expect(r.stderr).toContain(`over budget: ${SHOWN} ($90,000.00/month against $1,000.00)`);
  });

  it('check --format github: annotations show the name escaped', async () => {
    const r = await runCli(['check', '--config', join(DIR, 'check', 'costopt.yaml'), '--format', 'github']);
    expect(r.code).toBe(1);
    noRaw(r.stdout);
    noRaw(r.stderr);
    expect(r.stdout).toContain(`::error file=`);
    expect(r.stdout).toContain(`${SHOWN}: plan per month $90,000.00 is over max_monthly $1,000.00`);
  });

  it('check --format table and markdown show it escaped', async () => {
    for (const format of ['table', 'markdown']) {
      const r = await runCli(['check', '--config', join(DIR, 'check', 'costopt.yaml'), '--format', format]);
      expect(r.code).toBe(1);
      noRaw(r.stdout);
      expect(r.stdout).toContain(SHOWN);
    }
  });
});

describe('workflow commands from input', () => {
  const WORKFLOW = join(DIR, 'name-with-workflow-command.yaml');
  const commandLines = (s: string) => s.split('\n').filter((l) => /^\s*::/.test(l));

  it.each(['table', 'markdown', 'csv'])('estimate --format %s: a name with line breaks and :: starts no line', async (format) => {
    const r = await runCli(['estimate', WORKFLOW, '--format', format, '--fail-on', 'budget', '--breakdown']);
    expect(r.code).toBe(1);
    expect(commandLines(r.stdout)).toEqual([]);
    expect(commandLines(r.stderr)).toEqual([]);
    // the name is one line, its breaks written \n, its first colon \x3a when it starts a line
    expect(r.stdout).toContain(String.raw`error file=README.md::looks real\n::add-mask::secret\n::stop-commands::x`);
  });
});

describe('error messages on stderr', () => {
  it('an unknown key holding ESC and CR is quoted escaped', async () => {
    const r = await runCli(['validate', join(DIR, 'unknown-key-with-escape.yaml')]);
    expect(r.code).toBe(2);
    noRaw(r.stderr);
    expect(r.stderr).toContain(String.raw`unknown key "bud\x1b[31mget\r"`);
  });

  it('an unknown option from argv (commander\'s message) is escaped', async () => {
    const r = await runCli(['estimate', ESCAPES, '--\u001b[31mred']);
    expect(r.code).toBe(2);
    noRaw(r.stderr);
    expect(r.stderr).toContain(String.raw`--\x1b[31mred`);
  });

  it('an unknown model id from argv is escaped', async () => {
    const r = await runCli(['pricing', 'show', 'openai/\u001b]0;x\u0007gpt', '--catalog', join(FIXTURES, 'catalogs', 'seed-prices.yaml')]);
    expect(r.code).toBe(2);
    noRaw(r.stderr);
    expect(r.stderr).toContain(String.raw`openai/\x1b]0;x\x07gpt`);
  });

  it('a file name holding escape sequences is escaped in the error and in the output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'costopt-esc-'));
    try {
      const name = 'bill\u001b[2J\r.csv';
      copyFileSync(BILL, join(dir, name));
      const ok = await runCli(['analyze', name, '--format', 'markdown'], { cwd: dir });
      expect(ok.code).toBe(0);
      noRaw(ok.stdout);
      noRaw(ok.stderr);
      const missing = await runCli(['analyze', 'missing\u001b[2J.csv'], { cwd: dir });
      expect(missing.code).toBe(2);
      noRaw(missing.stderr);
      expect(missing.stderr).toContain(String.raw`missing\x1b[2J.csv`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('pricing import --out -: a price file name holding ESC is escaped in the catalog header on stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'costopt-esc-'));
    try {
      const name = 'prices\u001b[2J\u009b.json';
      copyFileSync(join(FIXTURES, 'fuzz', 'litellm-sample.json'), join(dir, name));
      const r = await runCli(['pricing', 'import', 'litellm', join(dir, name), '--version', '2026-08-01', '--out', '-'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      noRaw(r.stdout);
      noRaw(r.stderr);
      expect(r.stdout).toContain(String.raw`# Origin file: prices\x1b[2J\u009b.json (sha256 `);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the built CLI escapes them too (NO_COLOR and colour on)', () => {
    const envs: Record<string, string>[] = [{}, { NO_COLOR: '', FORCE_COLOR: '1' }];
    for (const env of envs) {
      const r = runBuilt(['estimate', ESCAPES, '--fail-on', 'budget'], { env });
      expect(r.code).toBe(1);
      // eslint-disable-next-line no-control-regex
      noRaw(r.stdout.replace(/\u001b\[[0-9;]*m/g, ''));
      noRaw(r.stderr);
      expect(r.stdout).toContain(SHOWN);
    }
  });
});

describe('bill values (service and SKU names)', () => {
  it.each(['table', 'markdown', 'csv'])('analyze --format %s shows them escaped', async (format) => {
    const r = await runCli(['analyze', BILL, '--format', format]);
    expect(r.code).toBe(0);
    noRaw(r.stdout);
    noRaw(r.stderr);
    expect(r.stdout).toContain(String.raw`LLM\x1b[2J\x1b]0;pwned\x07 API`);
    expect(r.stdout).toContain(String.raw`sku\u009b31m-a\u202e`);
  });

});

describe('csv: no cell starts a formula', () => {
  /** Every cell of a CSV text, unquoted (a small reader: quotes, doubled quotes, commas, line breaks). */
  function cells(text: string): string[] {
    const out: string[] = [];
    let cur = '';
    let quoted = false;
    let start = true;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') quoted = false;
        else cur += c;
      } else if (c === '"' && start) { quoted = true; start = false; }
      else if (c === ',' || c === '\n') { out.push(cur); cur = ''; start = true; }
      else { cur += c; start = false; }
    }
    if (cur) out.push(cur);
    return out;
  }

  it('estimate --format csv --breakdown: the `# steps:` line of a name starting with = is one escaped cell', async () => {
    const r = await runCli(['estimate', FORMULA, '--format', 'csv', '--breakdown']);
    expect(r.code).toBe(0);
    const all = cells(r.stdout);
    expect(all.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    // the steps table's marker line: one quoted cell, its line break written \n
    expect(r.stdout).toContain(String.raw`"# steps:=HYPERLINK(""http://x.example"",""y""),=1+2\n@SUM(A1)"`);
    expect(r.stdout).toContain(String.raw`"# lines:=HYPERLINK(""http://x.example"",""y""),=1+2\n@SUM(A1):baseline"`);
  });

  it('analyze --format csv: a formula service name is escaped, a credit stays a negative number', async () => {
    const r = await runCli(['analyze', BILL, '--format', 'csv']);
    expect(r.code).toBe(0);
    noRaw(r.stdout);
    const all = cells(r.stdout);
    expect(all).toContain(`'=cmd|' /C calc'!A0`);
    // the credit row (-$2.00) is written as the number -2, not as the text '-2
    expect(all).toContain('-2');
    const formula = all.filter((c) => /^[=+\-@\t\r]/.test(c));
    expect(formula.every((c) => Number.isFinite(Number(c))), formula.join(' | ')).toBe(true);
  });
});
