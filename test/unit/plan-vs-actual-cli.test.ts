import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, json, runCli } from '../helpers/cli.js';
import { generateRequestLog, planYaml } from '../helpers/usage-generator.js';

/** calibrate and variance through the CLI (in-process, the binary's code path): outputs, exit codes, messages. */
const CATALOG = join(FIXTURES, 'variance', 'prices.yaml');
const dir = mkdtempSync(join(tmpdir(), 'costopt-pva-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const usage = join(dir, 'usage.csv');
writeFileSync(usage, generateRequestLog({
  from: '2026-02-01', days: 28, requestsPerDay: 1200, mode: 'exact', seed: 3,
  mix: [{ model: 'test/large', share: 0.2 }, { model: 'test/small', share: 0.3 }, { model: 'test/mini', share: 0.5 }],
  inputTokens: 1000, outputTokens: 200, spread: 300, prefix: { tokens: 600, hitRate: 0.75 },
}));
const PLAN = planYaml(CATALOG);
const plan = join(dir, 'plan.yaml');
writeFileSync(plan, PLAN);

describe('costopt variance', () => {
  it('json: variance.{planned, actual, difference, parts[].{effect, amount}}; traffic +20% is all volume', async () => {
    const r = await runCli(['variance', 'plan.yaml', 'usage.csv', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const out = json<{ schemaVersion: number; command: string; variance: { planned: number; actual: number; difference: number; parts: { effect: string; amount: number }[] } }>(r);
    expect([out.schemaVersion, out.command]).toEqual([1, 'variance']);
    // $1.0395 a day planned (variance.test.ts) x 28 days; 20% more requests
    expect(out.variance.planned).toBe(29.106);
    expect(out.variance.actual).toBe(34.9272);
    expect(out.variance.parts).toEqual([
      { effect: 'volume', amount: 5.8212, exact: '5.8212' }, { effect: 'mix', amount: 0, exact: '0' }, { effect: 'input_tokens', amount: 0, exact: '0' }, { effect: 'output_tokens', amount: 0, exact: '0' },
      { effect: 'caching', amount: 0, exact: '0' }, { effect: 'batch', amount: 0, exact: '0' }, { effect: 'price', amount: 0, exact: '0' },
    ]);
  });

  it('markdown, for a PR or a monthly review', async () => {
    const r = await runCli(['variance', 'plan.yaml', 'usage.csv', '--format', 'markdown'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\| volume \(requests\) +\| +\+\$5\.82 \|/);
    expect(r.stdout).toContain('| test/large');
  });

  it('a scenario variance cannot compare is exit 2 at its file:line:col', async () => {
    writeFileSync(join(dir, 'cached.yaml'), PLAN.replace('  prompt_cache:', '  cache: { exact: { hit_rate: 10% } }\n  prompt_cache:'));
    const r = await runCli(['variance', 'cached.yaml', 'usage.csv'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cached\.yaml:12:3 .*strategies\.cache.*response cache/);
    expect(r.stdout).toBe('');
  });

  it('an unknown model in the plan is exit 2 at its line, with did-you-mean', async () => {
    writeFileSync(join(dir, 'typo.yaml'), PLAN.replace('model: test/small', 'model: test/smal'));
    const r = await runCli(['variance', 'typo.yaml', 'usage.csv'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^typo\.yaml:10:\d+ .*test\/smal.*test\/small/);
  });

  it('a bad usage row is exit 2 at its file:line, nothing on stdout', async () => {
    writeFileSync(join(dir, 'bad.csv'), 'timestamp,model,input_tokens,output_tokens\n2026-02-01T00:00:00Z,test/large,100,10\n2026-02-01T00:00:01Z,test/large,-5,10\n');
    const r = await runCli(['variance', 'plan.yaml', 'bad.csv'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.csv:3:1/);
    expect(r.stdout).toBe('');
  });

  it('a model the catalog cannot price makes the actual unknown: exit 2 naming it', async () => {
    writeFileSync(join(dir, 'unknown.csv'), 'timestamp,model,input_tokens,output_tokens\n2026-02-01T00:00:00Z,test/large,100,10\n2026-02-01T00:00:01Z,test/nope,100,10\n');
    const r = await runCli(['variance', 'plan.yaml', 'unknown.csv'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('test/nope');
  });

  it('no usage given is exit 2', async () => {
    const r = await runCli(['variance', 'plan.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('costopt variance <scenario.yaml> <usage...>');
  });
});

describe('costopt calibrate', () => {
  it('--out - prints the commented scenario; --out writes it, refuses to replace it without --force', async () => {
    const printed = await runCli(['calibrate', 'usage.csv', '--catalog', CATALOG, '--out', '-'], { cwd: dir });
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain('  requests_per_day: 1200\n');
    const first = await runCli(['calibrate', 'usage.csv', '--catalog', CATALOG, '--out', 'observed.yaml'], { cwd: dir });
    expect(first.code).toBe(0);
    expect(readFileSync(join(dir, 'observed.yaml'), 'utf8')).toBe(printed.stdout);
    writeFileSync(join(dir, 'observed.yaml'), 'mine\n');
    const again = await runCli(['calibrate', 'usage.csv', '--catalog', CATALOG, '--out', 'observed.yaml'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('observed.yaml');
    expect(again.stderr).toContain('--force');
    expect(readFileSync(join(dir, 'observed.yaml'), 'utf8')).toBe('mine\n');
    const forced = await runCli(['calibrate', 'usage.csv', '--catalog', CATALOG, '--out', 'observed.yaml', '--force'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, 'observed.yaml'), 'utf8')).toBe(printed.stdout);
  });

  it('json: the calibration with its intervals', async () => {
    const r = await runCli(['calibrate', 'usage.csv', '--catalog', CATALOG, '--format', 'json'], { cwd: dir });
    const out = json<{ command: string; calibration: { requestsPerDay: { value: number; low: number; high: number }; models: { model: string; sharePercent: { value: number } }[] } }>(r);
    expect(out.command).toBe('calibrate');
    expect(out.calibration.requestsPerDay).toMatchObject({ value: 1200, low: 1200, high: 1200 });
    // percentages are 0-100 in JSON (SPEC §6)
    expect(out.calibration.models.map((m) => [m.model, m.sharePercent.value])).toEqual([['test/mini', 50], ['test/small', 30], ['test/large', 20]]);
  });

  it('hostile model names stay inert: quoted in the YAML (which still loads), escaped on the terminal', async () => {
    writeFileSync(join(dir, 'hostile.csv'), 'timestamp,model,input_tokens,output_tokens\n2026-02-01T00:00:00Z,"evil\u009b31m\u2028""\nname: x # ",100,10\n2026-02-01T00:00:01Z,test/large,100,10\n');
    const y = await runCli(['calibrate', 'hostile.csv', '--catalog', CATALOG, '--out', '-'], { cwd: dir });
    expect(y.code).toBe(0);
    // a control byte (ESC) is refused by the reader itself; C1 CSI, LINE SEPARATOR, a quote and a newline get through to here
    expect(y.stdout).not.toMatch(/[\u009b\u2028]/);
    expect(y.stdout).not.toMatch(/^name: x/m);
    // (the CSV reader trims the cell's trailing space)
    expect(y.stdout).toContain('- { model: "evil\\u009b31m\\u2028\\"\\nname: x #", share: 50% }');
    writeFileSync(join(dir, 'hostile.yaml'), y.stdout);
    const v = await runCli(['validate', 'hostile.yaml', '--catalog', CATALOG], { cwd: dir });
    // the name is not a catalog id: validate says so (exit 2), it does not fail to parse
    expect(v.stderr).not.toMatch(/invalid YAML/);
    const t = await runCli(['calibrate', 'hostile.csv', '--catalog', CATALOG], { cwd: dir });
    expect(t.code).toBe(0);
    expect(t.stdout).not.toMatch(/[\u009b\u2028]/);
  });

  it('--as-of is refused (each request is priced at its own date)', async () => {
    const r = await runCli(['calibrate', 'usage.csv', '--as-of', '2026-01-01'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--as-of');
  });
});
