import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, FIXTURES, ROOT, TEST_ENV, runCli, type CliResult } from '../helpers/cli.js';

/**
 * Hostile and odd input (issue #15, the input half): every class is exit 2 with a message at
 * file:line:col, fast, with nothing on stdout; never a stack trace, a hang or exit 3. Fixtures
 * are in test/fixtures/hostile/, named for the behaviour; the large or special inputs (a 100,000
 * character name, a FIFO, symlink loops) are made in a temporary folder.
 */
const H = join(FIXTURES, 'hostile');
const h = (p: string) => `test/fixtures/hostile/${p}`;
const PLAIN = h('numbers/plain.yaml');
const ACME_BILL = 'test/fixtures/billing/acme-usage-cents-negative-dmy.csv';

/** The built CLI with a time limit: a hang fails the test instead of stalling the suite. */
function runBin(args: string[], opts: { cwd?: string; timeoutMs?: number } = {}): CliResult & { ms: number } {
  const env: Record<string, string | undefined> = { ...process.env, ...TEST_ENV };
  delete env.FORCE_COLOR;
  const t = Date.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env, input: '', encoding: 'utf8', timeout: opts.timeoutMs ?? 20_000, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms: Date.now() - t };
}

function badInput(r: CliResult): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(/internal error|Maximum call stack|\n\s+at /);
}

const tmp = () => mkdtempSync(join(tmpdir(), 'costopt-hostile-'));

describe('one hardened reader for YAML and JSON', () => {
  it('an alias bomb is exit 2 at its first alias, in a scenario, costopt.yaml, a --map file, an overrides file and a catalog', () => {
    const bomb = h('yaml/alias-bomb-nested.yaml');
    const runs = [
      ['estimate', bomb],
      ['check', '--config', bomb],
      ['analyze', ACME_BILL, '--map', bomb],
      ['estimate', PLAIN, '--pricing-overrides', bomb],
      ['pricing', 'lint', bomb],
    ];
    for (const args of runs) {
      const r = runBin(args);
      badInput(r);
      // line 5 is `b: &b [*a, ...`: the first alias, *a, is in column 8
      expect(r.stderr, args.join(' ')).toContain(`${bomb}:5:8 error YAML aliases expand to too much data`);
    }
  });

  it('aliases of one big list (no alias inside another) are refused past a million nodes', () => {
    const f = h('yaml/aliases-of-a-big-list.yaml');
    const r = runBin(['validate', f]);
    badInput(r);
    // root map 1 + version key and value 2 + big key 1 + (list 1 + 1,000 items) + copies key 1
    // + (list 1 + 1,001 copies of 1,001 nodes) = 1 + 2 + 1 + 1,001 + 1 + 1 + 1,002,001 = 1,003,008
    expect(r.stderr).toContain(`${f}:5:10 error YAML aliases expand to 1003008 nodes (the limit is 1,000,000)`);
  });

  it('JSON nested 100,000 deep is a clean error naming the file, not "Maximum call stack size exceeded"', () => {
    const dir = tmp();
    const n = 100_000;
    writeFileSync(join(dir, 'deep.json'), '['.repeat(n) + ']'.repeat(n));
    writeFileSync(join(dir, 'deep.yaml'), 'a: ' + '{b: '.repeat(n) + '1' + '}'.repeat(n) + '\n');
    for (const args of [['estimate', 'deep.json'], ['diff', 'deep.json', 'deep.json'], ['check', '--config', 'deep.yaml'], ['pricing', 'import', 'litellm', 'deep.json', '--version', '2026-01-01', '--out', '-']]) {
      const r = runBin(args, { cwd: dir });
      badInput(r);
      expect(r.stderr, args.join(' ')).toMatch(/^deep\.(json|yaml):1:\d+ error nesting deeper than 64 levels/);
      expect(r.ms).toBeLessThan(5000);
    }
  });

  it('block YAML nested 70 deep is refused at the map that goes past 64 levels', () => {
    const dir = tmp();
    let text = '';
    for (let i = 0; i < 70; i++) text += `${' '.repeat(i)}k:\n`;
    writeFileSync(join(dir, 'deep.yaml'), text + `${' '.repeat(70)}x: 1\n`);
    const r = runBin(['validate', 'deep.yaml'], { cwd: dir });
    badInput(r);
    // the 65th nested map starts on line 65, after 64 spaces
    expect(r.stderr).toContain('deep.yaml:65:65 error nesting deeper than 64 levels of maps and lists');
  });

  it('a saved result nested 70 deep names the file and the bracket past the limit', () => {
    const f = h('json/saved-result-nested-70-deep.json');
    const r = runBin(['diff', f, f]);
    badInput(r);
    // `{"schemaVersion": 1, "command": "estimate", "scenarios": ` is 57 characters and its { is
    // level 1, so the first [ (column 58) is level 2 and level 65 is the 64th [: column 58 + 63
    expect(r.stderr).toContain(`${f}:1:121 error nesting deeper than 64 levels of objects and arrays`);
  });

  it('a NaN in a LiteLLM file is reported where it is (line 5), not on a line past the end of the file', () => {
    const f = h('json/litellm-nan-price.json');
    const r = runBin(['pricing', 'import', 'litellm', f, '--version', '2026-01-01', '--out', '-']);
    badInput(r);
    expect(r.stderr).toContain(`${f}:5:29 error invalid JSON: unexpected "NaN"`);
  });

  it('a price of 1e400 in a LiteLLM file (Infinity once parsed) is exit 2 at its position', () => {
    const f = h('json/litellm-price-overflows.json');
    const r = runBin(['pricing', 'import', 'litellm', f, '--version', '2026-01-01', '--out', '-']);
    badInput(r);
    expect(r.stderr).toContain(`${f}:5:29 error number out of range: 1e400 is not a finite number`);
  });

  it('a __proto__ key in a scenario is exit 2 at the key', () => {
    const f = h('yaml/proto-key.yaml');
    const r = runBin(['validate', f]);
    badInput(r);
    expect(r.stderr).toContain(`${f}:6:3 error the key "__proto__" is not allowed`);
  });

  it('a file over the size limit is refused before it is parsed', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'big.yaml'), `version: 1\n# ${'x'.repeat(8 * 1024 * 1024)}\n`);
    const r = runBin(['validate', 'big.yaml'], { cwd: dir });
    badInput(r);
    expect(r.stderr).toContain('big.yaml error file is larger than 8 MiB, the limit for a scenario, config, mapping, overrides or saved-result file');
  });
});

describe('special files are refused fast, with bounded memory', () => {
  const fifoDir = tmp();
  const fifo = join(fifoDir, 'pipe.yaml');
  const made = spawnSync('mkfifo', [fifo]).status === 0;

  it('/dev/zero as a scenario, a config, a mapping, a catalog and a bill', () => {
    const runs = [['estimate', '/dev/zero'], ['check', '--config', '/dev/zero'], ['analyze', ACME_BILL, '--map', '/dev/zero'], ['estimate', PLAIN, '--catalog', '/dev/zero'], ['analyze', '/dev/zero']];
    for (const args of runs) {
      const r = runBin(args, { timeoutMs: 10_000 });
      badInput(r);
      expect(r.stderr, args.join(' ')).toContain('/dev/zero error cannot read file: is a device, not a regular file');
    }
  });

  it.runIf(made)('a FIFO as a scenario and as a bill (opening it would wait for a writer forever)', () => {
    for (const args of [['estimate', fifo], ['analyze', fifo]]) {
      const r = runBin(args, { timeoutMs: 10_000 });
      badInput(r);
      expect(r.stderr).toContain(`${fifo} error cannot read file: is a named pipe (FIFO), not a regular file`);
    }
  });
});

describe('globs', () => {
  it('a malformed brace or class in costopt.yaml is exit 2 at the config line (was "Invalid regular expression", exit 3)', () => {
    const r = runBin(['check', '--config', h('config/malformed-globs/costopt.yaml')]);
    badInput(r);
    const f = h('config/malformed-globs/costopt.yaml');
    expect(r.stderr).toContain(`${f}:4:11 error scenarios[0].path: malformed glob "scenarios/{a,b.yaml": unclosed "{" at character 1 in "{a,b.yaml"`);
    expect(r.stderr).toContain(`${f}:6:11 error scenarios[1].path: malformed glob "scenarios/[z-a].yaml": bad range "z-a"`);
  });

  it('many * against a long name is fast (the regular expression backtracked for minutes)', () => {
    const dir = tmp();
    mkdirSync(join(dir, 's'));
    writeFileSync(join(dir, 's', 'a'.repeat(200)), '');
    writeFileSync(join(dir, 'plain.yaml'), readFileSync(join(H, 'numbers/plain.yaml'), 'utf8').replace('../../catalogs/seed-prices.yaml', join(FIXTURES, 'catalogs', 'seed-prices.yaml')));
    writeFileSync(join(dir, 'costopt.yaml'), `version: 1\nscenarios:\n  - path: "s/${'*a'.repeat(30)}*b"\n    max_monthly: 100\n  - path: plain.yaml\n    max_monthly: 100\n`);
    const r = runBin(['check'], { cwd: dir });
    badInput(r);
    expect(r.stderr).toContain('costopt.yaml:3:11 error scenarios[0].path: no scenario file matches');
    expect(r.ms).toBeLessThan(5000);
  });

  it('** over a folder with symlinks back to its parent does not loop', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'scenarios', 'sub'), { recursive: true });
    writeFileSync(join(dir, 'scenarios', 'plain.yaml'), readFileSync(join(H, 'numbers/plain.yaml'), 'utf8').replace('../../catalogs/seed-prices.yaml', join(FIXTURES, 'catalogs', 'seed-prices.yaml')));
    symlinkSync('..', join(dir, 'scenarios', 'sub', 'up'));
    symlinkSync('../../scenarios', join(dir, 'scenarios', 'sub', 'top'));
    symlinkSync('.', join(dir, 'scenarios', 'self'));
    writeFileSync(join(dir, 'costopt.yaml'), 'version: 1\nscenarios:\n  - path: "scenarios/**/*.yaml"\n    max_monthly: 100\n');
    const r = runBin(['check', '--format', 'json'], { cwd: dir, timeoutMs: 15_000 });
    expect(r.code, r.stderr).toBe(0);
    // plain.yaml is checked once, under its own name
    const files = (JSON.parse(r.stdout) as { scenarios: { file: string }[] }).scenarios.map((s) => s.file);
    expect(files).toEqual(['scenarios/plain.yaml']);
  });
});

describe('--set and prototype pollution', () => {
  it('__proto__, prototype and constructor segments are exit 2, and Object.prototype is untouched afterwards', async () => {
    for (const set of ['__proto__.polluted=1', 'workload.__proto__.polluted=1', 'constructor.prototype.polluted=1', 'baseline.constructor.prototype.polluted=1']) {
      const r = await runCli(['estimate', PLAIN, '--set', set]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`--set ${set} error`);
      expect(r.stderr).toMatch(/the path segment "(__proto__|prototype|constructor)" is not allowed/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('a --set value of 1e400 (Infinity) is exit 2 naming the flag', async () => {
    const r = await runCli(['estimate', PLAIN, '--set', 'workload.requests_per_day=1e400']);
    badInput(r);
    expect(r.stderr).toContain('--set workload.requests_per_day=1e400 error workload.requests_per_day: number out of range: 1e400 is not a finite number');
  });
});

describe('dates', () => {
  it('2026-02-30 is not a date: --as-of, a catalog\'s published date', () => {
    const a = runBin(['estimate', PLAIN, '--as-of', '2026-02-30']);
    badInput(a);
    expect(a.stderr).toContain('error --as-of: expected a date YYYY-MM-DD, got "2026-02-30"');
    const f = h('dates/catalog-published-feb-30.yaml');
    const c = runBin(['pricing', 'lint', f]);
    badInput(c);
    expect(c.stderr).toContain(`${f}:5:12 error published: expected a date YYYY-MM-DD, got "2026-02-30"`);
  });

  it('request-log rows at the calendar\'s edges are bad rows with their line, not a stack overflow', () => {
    const f = h('billing/request-log-calendar-edges.csv');
    const r = runBin(['analyze', f, '--format', 'json', '--catalog', 'test/fixtures/catalogs/seed-prices.yaml'], { timeoutMs: 15_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.ms).toBeLessThan(8000);
    expect(r.stderr).toContain(`${f}:3:1 timestamp: a date before 2015-01-01, got "0001-01-01T00:00:00Z"`);
    expect(r.stderr).toMatch(new RegExp(`${f}:5:1 timestamp: a date after \\d{4}-\\d{2}-\\d{2} \\(more than a year after the run date\\), got "9999-12-31T23:59:59Z"`));
    expect(r.stderr).toContain(`${f}:6:1 timestamp: a date before 2015-01-01, got "2014-12-31T23:59:59Z"`);
    const out = JSON.parse(r.stdout) as { files: { rows: number; skipped: number }[] };
    expect(out.files[0]).toMatchObject({ rows: 5, skipped: 3 });
  });
});

describe('numbers', () => {
  it('max_monthly: "1,5" is an error naming the field (it was read as 15)', () => {
    const f = h('config/comma-decimal/costopt.yaml');
    const r = runBin(['check', '--config', f]);
    badInput(r);
    expect(r.stderr).toContain(`${f}:6:18 error scenarios[0].max_monthly: expected a number`);
    expect(r.stderr).toContain('got "1,5"');
  });

  it('1e400 in a scenario is exit 2 at its line, never Infinity or null in the output', () => {
    const f = h('numbers/requests-overflow-1e400.yaml');
    const r = runBin(['estimate', f, '--format', 'json']);
    badInput(r);
    expect(r.stderr).toContain(`${f}:5:21 error number out of range: 1e400 is not a finite number`);
  });

  it('a product that overflows (1e300 requests x 1e300 tokens) is exit 2 naming the field, not "$Infinity"', async () => {
    const r = await runCli(['estimate', PLAIN, '--set', 'workload.requests_per_day=1e300', '--set', 'workload.input_tokens=1e300', '--format', 'json']);
    badInput(r);
    expect(r.stderr).toContain('--set workload.requests_per_day=1e300 error workload.requests_per_day: the estimate overflows: baseline.daily');
  });
});

describe('linear time in the size of the input', () => {
  it('validate with a 100,000-character scenario name takes well under the seconds it took for 10,000', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'long.yaml'), readFileSync(join(H, 'numbers/plain.yaml'), 'utf8').replace('name: plain', `name: ${'x'.repeat(100_000)}`).replace('../../catalogs/seed-prices.yaml', join(FIXTURES, 'catalogs', 'seed-prices.yaml')));
    const r = runBin(['validate', 'long.yaml'], { cwd: dir, timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.ms).toBeLessThan(8000);
  });
});

describe('wrong answers from input', () => {
  it('an overrides file naming one id twice is exit 2 naming both places (it compounded: 36% off)', () => {
    const f = h('overrides/same-id-twice.yaml');
    const r = runBin(['estimate', PLAIN, '--pricing-overrides', f]);
    badInput(r);
    expect(r.stderr).toContain(`${f}:8:9 error overrides[2].id: "OpenAI/GPT-4o" is overridden twice: here and at ${f}:4:9`);
  });

  it('a mapping rule on a column the bill lacks is an error at the mapping file line (the rule was ignored)', () => {
    const f = h('mapping/charge-rule-on-missing-column.yaml');
    const r = runBin(['analyze', ACME_BILL, '--map', f]);
    badInput(r);
    expect(r.stderr).toContain(`${f}:14:11 error charge_kind.column: no column "Typ" in ${ACME_BILL}`);
  });

  it('a blank column in a mapping is an error at the mapping file, not at the bill', () => {
    const f = h('mapping/blank-billed-column.yaml');
    const r = runBin(['analyze', ACME_BILL, '--map', f]);
    badInput(r);
    expect(r.stderr).toContain(`${f}:5:11 error columns.billed: expected a column name, got an empty one`);
    expect(r.stderr).not.toContain(`${ACME_BILL}:1:1`);
  });
});

describe('linear time: many keys, long expressions', () => {
  it('a scenario with 20,000 vars is refused in seconds (the YAML duplicate-key check compared every key with every earlier one: 7 s a parse)', () => {
    const dir = tmp();
    let vars = 'vars:\n  v0: 1\n';
    for (let i = 1; i < 20_000; i++) vars += `  v${i}: "=v${i - 1} + 1"\n`;
    const plain = readFileSync(join(H, 'numbers/plain.yaml'), 'utf8').replace('../../catalogs/seed-prices.yaml', join(FIXTURES, 'catalogs', 'seed-prices.yaml'));
    writeFileSync(join(dir, 'vars.yaml'), plain.replace('workload:', `${vars}workload:`).replace('requests_per_day: 1000', 'requests_per_day: "=v19999"'));
    const r = runBin(['estimate', 'vars.yaml'], { cwd: dir, timeoutMs: 30_000 });
    badInput(r);
    // vars: goes in before workload: (line 5), so its map starts on line 6, column 3
    expect(r.stderr).toContain('vars.yaml:6:3 error vars: more than 1000 vars in one scenario');
    expect(r.ms).toBeLessThan(10_000);
  });

  it('an expression nested 50,000 brackets deep is refused unparsed, not "Maximum call stack size exceeded"', () => {
    const dir = tmp();
    const plain = readFileSync(join(H, 'numbers/plain.yaml'), 'utf8').replace('../../catalogs/seed-prices.yaml', join(FIXTURES, 'catalogs', 'seed-prices.yaml'));
    writeFileSync(join(dir, 'expr.yaml'), plain.replace('requests_per_day: 1000', `requests_per_day: "=${'('.repeat(40)}1${')'.repeat(40)}"`));
    const r = runBin(['estimate', 'expr.yaml'], { cwd: dir });
    badInput(r);
    expect(r.stderr).toContain('is brackets nested more than 32 deep');
    writeFileSync(join(dir, 'expr.yaml'), plain.replace('requests_per_day: 1000', `requests_per_day: "=${'('.repeat(50_000)}1${')'.repeat(50_000)}"`));
    const long = runBin(['estimate', 'expr.yaml'], { cwd: dir });
    badInput(long);
    expect(long.stderr).toContain('is longer than 1000 characters');
  });
});

describe('bill amounts too large to be amounts', () => {
  it('1e400 and 1e999999999 in a cost column are unreadable rows with their line (exit 3 and a bigint of a billion digits before)', () => {
    const f = h('billing/focus-costs-1e400-and-1e999999999.csv');
    const r = runBin(['analyze', f, '--format', 'json'], { timeoutMs: 15_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${f}:3:1 BilledCost: expected a number, got "1e400"`);
    expect(r.stderr).toContain(`${f}:4:1 BilledCost: expected a number, got "1e999999999"`);
    // the two readable rows: 10.00 on March 1 and 20.00 on March 2
    const out = JSON.parse(r.stdout) as { totals: { usage: number; net: number } };
    expect(out.totals).toMatchObject({ usage: 30, net: 30 });
  });
});

describe('keys from users are looked up as own keys only', () => {
  it('task types named "constructor" and "toString" are routed by the default rule, not dropped', async () => {
    const r = await runCli(['estimate', h('yaml/task-types-named-constructor-and-tostring.yaml'), '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const s = (JSON.parse(r.stdout) as { scenarios: { plan: { monthly: number }; baseline: { monthly: number } }[] }).scenarios[0]!;
    // baseline gpt-4o: (100 x 2.50 + 10 x 10.00) / 1M = $0.00035 a request, x 1000 x 30 = $10.50
    // plan gpt-4o-mini for every task: (100 x 0.15 + 10 x 0.60) / 1M = $0.000021, x 30,000 = $0.63
    expect(s.baseline.monthly).toBeCloseTo(10.5, 10);
    expect(s.plan.monthly).toBeCloseTo(0.63, 10);
  });
});

describe('catalog sources are own keys too', () => {
  it('a model whose source is "constructor" is an unknown source at its line (it passed as Object.prototype.constructor)', () => {
    const f = h('yaml/catalog-source-named-constructor.yaml');
    const r = runBin(['pricing', 'lint', f]);
    badInput(r);
    expect(r.stderr).toContain(`${f}:14:13 error models[0].source: unknown source "constructor"`);
  });
});

describe('no Infinity or null for a number that overflows, whatever the command', () => {
  it('breakeven with prices of 1e300 is exit 2 naming the results that overflow (it printed them as null and $Infinity)', () => {
    const r = runBin(['breakeven', '--api-price', '1e300', '--gpu-hourly', '1e300', '--throughput', '1e300', '--ops-monthly', '1e300', '--format', 'json']);
    badInput(r);
    expect(r.stderr).toMatch(/^error a number in the result overflows \(breakEven\.selfHostedCheaperAbove, .* is not a finite number\)/);
  });
});
