import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { BIN, json, ROOT, runBuilt, SEED_CATALOG } from '../helpers/cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'costopt-init-'));
const hasScript = spawnSync('script', ['--version']).status === 0;
const KEY = { enter: '\r', down: '\u001b[B', space: ' ', ctrlC: '\u0003' };
// eslint-disable-next-line no-control-regex
const plain = (s: string) => s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');

/**
 * Drive the built CLI through a pseudo-terminal (util-linux `script`), like expect: wait for
 * each prompt's text, then type the answer.
 */
function drive(args: string[], cwd: string, steps: [RegExp, string][]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const cmd = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
    const child = spawn('script', ['-qfec', cmd, '/dev/null'], { cwd, env: { ...process.env, TERM: 'xterm', COLUMNS: '120', NO_COLOR: '1' } });
    let out = '';
    let seen = 0;
    let i = 0;
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`timed out waiting for ${String(steps[i]?.[0])}; output so far:\n${plain(out)}`));
    }, 30_000);
    const advance = () => {
      while (i < steps.length) {
        const [re, keys] = steps[i]!;
        const fresh = plain(out.slice(seen));
        if (!re.test(fresh)) return;
        seen = out.length;
        i++;
        // type slowly enough for each prompt to take over the terminal
        setTimeout(() => child.stdin.write(keys), 150 * i);
        return;
      }
    };
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      advance();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out: plain(out) });
    });
  });
}

describe.skipIf(!hasScript)('costopt init: the wizard, through a pseudo-terminal', () => {
  it('asks for the workload, a catalog model and strategies, then writes a scenario that estimates', async () => {
    const dir = tmp();
    const r = await drive(['init', 'wiz.yaml', '--catalog', '2026-11-01'], dir, [
      [/Scenario name/, 'support' + KEY.enter],
      [/Requests per day/, '2M' + KEY.enter],
      [/Mean input tokens/, KEY.enter], // default 500
      [/Mean output tokens/, '150' + KEY.enter],
      [/Baseline model/, 'gpt-4o'],
      [/openai\/gpt-4o/, KEY.enter],
      [/Strategies to estimate/, KEY.space + KEY.down + KEY.space + KEY.down + KEY.space],
      [/◉ routing/, KEY.enter],
      [/Input tokens removed/, KEY.enter], // default 20%
      [/Cache hit rate/, '35%' + KEY.enter],
      [/Cost per cache hit/, '0.0002' + KEY.enter],
      [/Cheaper model for routed traffic/, KEY.enter], // gpt-4o-mini offered first
      [/Share of requests sent to openai\/gpt-4o-mini/, '70%' + KEY.enter],
      [/Set a monthly budget/, 'y' + KEY.enter],
      [/Monthly budget/, '20000' + KEY.enter],
    ]);
    expect(r.out).toContain('Wrote wiz.yaml');
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, 'wiz.yaml'), 'utf8');
    expect(text).toMatch(/^name: support$/m);
    expect(text).toMatch(/requests_per_day: 2M/);
    expect(text).toMatch(/output_tokens: 150/);
    expect(text).toMatch(/model: openai\/gpt-4o$/m);
    expect(text).toMatch(/input_token_reduction: 20%/);
    expect(text).toMatch(/exact: \{ hit_rate: 35%, cost_per_hit: 0\.0002 \}/);
    expect(text).toMatch(/- \{ model: openai\/gpt-4o-mini, share: 70% \}/);
    expect(text).toMatch(/# batch: \{ share: 30% \}/); // not picked: left as a commented example
    expect(text).toMatch(/monthly: 20000/);
    // baseline: 2M x (500 x $2.50 + 150 x $10.00)/1M = $5,500/day = $165,000/month
    const est = json<{ scenarios: { baseline: { monthly: number }; budget: { limitMonthly: number } }[] }>(runBuilt(['estimate', join(dir, 'wiz.yaml'), '--catalog', '2026-11-01', '--format', 'json']));
    expect(est.scenarios[0]!.baseline.monthly).toBeCloseTo(165000, 6);
    expect(est.scenarios[0]!.budget.limitMonthly).toBe(20000);
  });

  it('Ctrl+C cancels: exit 2, nothing written', async () => {
    const dir = tmp();
    const r = await drive(['init', 'x.yaml'], dir, [[/Scenario name/, KEY.ctrlC]]);
    expect(r.code).toBe(2);
    expect(r.out).toContain('cancelled; nothing written');
    expect(existsSync(join(dir, 'x.yaml'))).toBe(false);
  });
});

describe('costopt init without a terminal', () => {
  it('exits 2 and names the flags to pass instead', () => {
    const dir = tmp();
    const r = runBuilt(['init', 'x.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no terminal to ask questions on');
    expect(r.stderr).toContain('--requests-per-day <n>, --input-tokens <n>, --output-tokens <n>, --model <provider/model>');
    expect(r.stderr).toContain('scenarios/support-bot.yaml');
    expect(existsSync(join(dir, 'x.yaml'))).toBe(false);
  });

  it('names only the flags still missing', () => {
    const r = runBuilt(['init', 'x.yaml', '--requests-per-day', '1M', '--model', 'openai/gpt-4o'], { cwd: tmp() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('pass --input-tokens <n>, --output-tokens <n>\n');
  });

  it('writes a commented scenario from flags, which estimates to the hand-worked numbers', () => {
    const dir = tmp();
    const r = runBuilt(['init', 'bot.yaml', '--requests-per-day', '1M', '--input-tokens', '500', '--output-tokens', '200', '--model', 'openai/gpt-4o', '--strategies', 'cache', '--cache-hit-rate', '30%', '--catalog', '2026-11-01', '--pin'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, 'bot.yaml'), 'utf8');
    // the first line points editors (yaml-language-server) at the scenario schema shipped with this costopt
    const modeline = /^# yaml-language-server: \$schema=(.+)\n# bot: written by `costopt init`/.exec(text);
    expect(modeline).not.toBeNull();
    expect(resolve(dir, modeline![1]!)).toBe(join(ROOT, 'schemas', 'scenario.json'));
    expect(existsSync(resolve(dir, modeline![1]!))).toBe(true);
    expect(text).toMatch(/^catalog: 2026-11-01/m);
    expect(text.split('\n').filter((l) => l.includes('#')).length).toBeGreaterThan(10);
    const j = json<{ scenarios: { baseline: { daily: number }; plan: { daily: number } }[] }>(runBuilt(['estimate', join(dir, 'bot.yaml'), '--format', 'json']));
    // $3,250/day on gpt-4o; 30% hits at $0.0001: 700k x $0.00325 + 300k x $0.0001 = $2,305/day
    expect(j.scenarios[0]!.baseline.daily).toBeCloseTo(3250, 6);
    expect(j.scenarios[0]!.plan.daily).toBeCloseTo(2305, 6);
  });

  it('refuses to overwrite without --force', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'keep.yaml'), 'mine\n');
    const args = ['init', 'keep.yaml', '--requests-per-day', '1M', '--input-tokens', '500', '--output-tokens', '200', '--model', 'openai/gpt-4o'];
    const r = runBuilt(args, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('keep.yaml error file exists; not overwritten (pass --force');
    expect(readFileSync(join(dir, 'keep.yaml'), 'utf8')).toBe('mine\n');
    const forced = runBuilt([...args, '--force'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, 'keep.yaml'), 'utf8')).toContain('model: openai/gpt-4o');
  });

  it('a directory or a file in the way is exit 2 with the reason, never an internal error', () => {
    const dir = tmp();
    const flags = ['--requests-per-day', '1M', '--input-tokens', '500', '--output-tokens', '200', '--model', 'openai/gpt-4o'];
    mkdirSync(join(dir, 'out'));
    for (const args of [['init', 'out', ...flags], ['init', 'out', ...flags, '--force']]) {
      const r = runBuilt(args, { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('out error is a directory; name the scenario file to write (e.g. costopt init out/scenario.yaml)\n');
    }
    writeFileSync(join(dir, 'plain'), 'x\n');
    const r = runBuilt(['init', 'plain/bot.yaml', ...flags], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('plain/bot.yaml error cannot write the scenario file: a folder on its path is a file\n');
    expect(r.stdout).toBe('');
  });

  it('--pin with --catalog <file> pins the file (relative to the scenario), so the scenario loads again', () => {
    const dir = tmp();
    const r = runBuilt(['init', 'sub/bot.yaml', '--requests-per-day', '1M', '--input-tokens', '500', '--output-tokens', '200', '--model', 'openai/gpt-4o', '--catalog', SEED_CATALOG, '--pin'], { cwd: dir });
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, 'sub', 'bot.yaml'), 'utf8');
    expect(text).toContain(`catalog: ${JSON.stringify(relative(join(dir, 'sub'), SEED_CATALOG))}`);
    // seed prices: gpt-4o $2.50/$10, 500 + 200 tokens: $0.00325 x 1M = $3,250/day
    const j = json<{ scenarios: { catalog: { version: string }; baseline: { daily: number } }[] }>(runBuilt(['estimate', 'sub/bot.yaml', '--format', 'json'], { cwd: dir }));
    expect(j.scenarios[0]!.catalog.version).toBe('2025-01-01');
    expect(j.scenarios[0]!.baseline.daily).toBeCloseTo(3250, 6);
  });

  it('bad flag values and unknown models: exit 2 naming the flag', () => {
    const r = runBuilt(['init', 'x.yaml', '--requests-per-day', 'lots', '--input-tokens', '500', '--output-tokens', '200', '--model', 'openai/gpt4o', '--strategies', 'cache,magic'], { cwd: tmp() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error --requests-per-day: expected a number >= 1');
    expect(r.stderr).toContain('error --strategies: unknown strategy "magic"');
    const m = runBuilt(['init', 'x.yaml', '--requests-per-day', '1M', '--input-tokens', '500', '--output-tokens', '200', '--model', 'openai/gpt4o'], { cwd: tmp() });
    expect(m.code).toBe(2);
    expect(m.stderr).toContain('error --model: unknown model "openai/gpt4o"; did you mean "openai/gpt-4o"');
  });
});
