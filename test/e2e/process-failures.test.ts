import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { BIN, FIXTURES, ROOT, SEED_CATALOG, TEST_ENV, runBuilt } from '../helpers/cli.js';

/**
 * Issue #15, test gaps: the built CLI's own failure paths, run as a user runs it: an internal
 * error (exit 3, with and without --verbose), a pipe closed early (`| head -1`), and `pricing
 * show` / `pricing lint` failures.
 */
const STACK_LINE = /^\s+at .+[:(]/m;

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, ...TEST_ENV, ...extra };
  delete base.FORCE_COLOR;
  return base;
}

describe('exit 3: an internal error in the built CLI', () => {
  // A copy of the package whose mathjs (loaded lazily when a scenario holds an "=expression")
  // is broken: a real fault inside a command, as a damaged install would give; nothing mocked.
  let pkg = '';
  beforeAll(() => {
    pkg = mkdtempSync(join(tmpdir(), 'costopt-broken-'));
    for (const d of ['bin', 'dist', 'pricing']) cpSync(join(ROOT, d), join(pkg, d), { recursive: true });
    copyFileSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
    const modules = join(pkg, 'node_modules');
    mkdirSync(modules);
    for (const m of readdirSync(join(ROOT, 'node_modules'))) if (m !== 'mathjs') symlinkSync(join(ROOT, 'node_modules', m), join(modules, m));
    mkdirSync(join(modules, 'mathjs'));
    writeFileSync(join(modules, 'mathjs', 'package.json'), JSON.stringify({ name: 'mathjs', version: '0.0.0', type: 'module', exports: './index.js' }));
    writeFileSync(join(modules, 'mathjs', 'index.js'), "throw new TypeError('mathjs is damaged');\n");
  });
  afterAll(() => rmSync(pkg, { recursive: true, force: true }));

  const scenario = join(FIXTURES, 'internal-error', 'uses-an-expression.yaml');
  const run = (args: string[]) => spawnSync(process.execPath, [join(pkg, 'bin', 'costopt.js'), ...args], { cwd: ROOT, env: env(), encoding: 'utf8' });

  it('says it is a bug, asks for a report, and shows no stack trace', () => {
    const r = run(['estimate', scenario]);
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('costopt: internal error: mathjs is damaged\nThis is a bug in costopt. Please report it with the command you ran and the output of the same command with --verbose.\n');
  });

  it('--verbose adds the stack trace', () => {
    const r = run(['estimate', scenario, '--verbose']);
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^costopt: internal error: mathjs is damaged\nThis is a bug in costopt\./);
    expect(r.stderr).toContain('TypeError: mathjs is damaged');
    expect(r.stderr).toMatch(STACK_LINE);
  });
});

describe('a pipe closed early', () => {
  // more than a pipe's buffer (64 KB) of JSON, so the writer meets the closed pipe
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'costopt-pipe-'));
    const scenarios = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml'));
    for (const copy of ['a', 'b', 'c']) for (const f of scenarios) copyFileSync(join(ROOT, 'scenarios', f), join(dir, `${copy}-${basename(f)}`));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['head -1', 'head -1'],
    ['a reader that exits at once', 'true'],
  ])('`costopt ... | %s` exits 0 quietly, no EPIPE stack', (_name, reader) => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => JSON.stringify(join(dir, f))).join(' ');
    const script = `"${process.execPath}" "${BIN}" estimate ${files} --breakdown --format json 2>"${join(dir, 'stderr.txt')}" | ${reader}; echo "costopt exit \${PIPESTATUS[0]}"`;
    const r = spawnSync('bash', ['-c', script], { cwd: ROOT, env: env(), encoding: 'utf8' });
    expect(r.stdout).toMatch(/costopt exit 0\n$/);
    if (reader === 'head -1') expect(r.stdout.startsWith('{\n')).toBe(true);
    expect(readFileSync(join(dir, 'stderr.txt'), 'utf8')).toBe('');
  });

  it('the output is larger than a pipe buffer, so the test meets EPIPE', () => {
    const r = runBuilt(['estimate', ...readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => join(dir, f)), '--breakdown', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(128 * 1024);
  });
});

describe('pricing show and lint failures through the built CLI', () => {
  it('an unknown id: exit 2 with did you mean, nothing on stdout', () => {
    const r = runBuilt(['pricing', 'show', 'openai/gpt4o']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean "openai/gpt-4o"');
    expect(r.stdout).toBe('');
  });

  it('an unknown catalog version: exit 2 naming the shipped versions', () => {
    const r = runBuilt(['pricing', 'show', 'openai/gpt-4o', '--catalog', '2019-01-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown catalog version "2019-01-01"; shipped versions: .*2024-06-01.*2026-11-01/);
    expect(r.stdout).toBe('');
  });

  it('a malformed catalog: exit 2 at file:line:col', () => {
    const r = runBuilt(['pricing', 'show', 'test/x', '--catalog', join(FIXTURES, 'bad-catalogs', 'malformed-yaml.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/malformed-yaml\.yaml:11:1 error invalid YAML/);
    expect(r.stdout).toBe('');
  });

  it('pricing lint: exit 1 with each violation at file:line:col', () => {
    const r = runBuilt(['pricing', 'lint', join(FIXTURES, 'bad-catalogs', 'lint-violations.yaml')]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n').filter((l) => l.includes(' error ['));
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/lint-violations\.yaml:9:9 error \[batch-missing\]/);
  });

  it('pricing lint of a file that is not a catalog: exit 2', () => {
    const r = runBuilt(['pricing', 'lint', join(FIXTURES, 'bad-catalogs', 'negative-price.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/negative-price\.yaml:11:13 error models\[0\]\.output: a price cannot be negative/);
    expect(r.stdout).toBe('');
  });

  it('pricing lint of a missing file: exit 2 naming it', () => {
    const r = runBuilt(['pricing', 'lint', 'no-such-catalog.yaml', SEED_CATALOG]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no-such-catalog.yaml');
    expect(r.stdout).toBe('');
  });
});
