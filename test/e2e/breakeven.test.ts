import { describe, expect, test } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { BIN, ROOT, SEED_CATALOG, TEST_ENV, json, runBuilt, runCli } from '../helpers/cli.js';

interface BreakevenJson {
  schemaVersion: number;
  command: string;
  selfHosted: { perMillionTokens: number; monthly: number; capacityTokensPerHour: number };
  api: { perMillionTokens: number };
  breakEven: { tokensPerHour: number | null; tokensPerDay: number | null; tokensPerMonth: number | null; requestsPerDay: number | null };
  catalog?: { id: string; version: string; hash: string };
  inputs: { throughput: { source: string; row?: { id: string } } };
  sizing?: { fits: { instance: string }[] };
  commandLine?: string;
}

describe('costopt breakeven (built CLI)', () => {
  test('SPEC §3.2: $1.50/h, 3,000 tokens/s, API $0.60 -> $0.1389/1M, break-even 2.5M/h, 1.8B/month', () => {
    const r = runBuilt(['breakeven', '--gpu-hourly', '1.50', '--throughput', '3000', '--api-price', '0.60']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/self-hosted per 1M tokens\s+\$0\.1389 at 100% load/);
    expect(r.stdout).toMatch(/usable capacity\s+10\.8M tokens\/hour/);
    expect(r.stdout).toMatch(/break-even\s+2\.5M tokens\/hour = 60M\/day = 1\.8B\/month/);
    expect(r.stdout).toContain('^ break-even 2.5M/h');
  });

  test('JSON keys of SPEC §6', () => {
    const r = runBuilt(['breakeven', '--gpu-hourly', '1.50', '--throughput', '3000', '--api-price', '0.60', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = json<BreakevenJson>(r);
    expect(j.schemaVersion).toBe(1);
    expect(j.command).toBe('breakeven');
    expect(j.selfHosted.perMillionTokens).toBeCloseTo(1.5 / 10.8, 12);
    expect(j.selfHosted.monthly).toBeCloseTo(1080, 9);
    expect(j.selfHosted.capacityTokensPerHour).toBe(10_800_000);
    expect(j.api.perMillionTokens).toBe(0.6);
    expect(j.breakEven.tokensPerHour).toBeCloseTo(2_500_000, 6);
    expect(j.breakEven.tokensPerDay).toBeCloseTo(60_000_000, 4);
    expect(j.breakEven.tokensPerMonth).toBeCloseTo(1_800_000_000, 2);
  });

  test('catalog lookups say which benchmark row was used; requests/day from tokens per request', () => {
    const r = runBuilt(['breakeven', '--gpu', 'test/gpu-1.50', '--model', 'llama-3.1-8b', '--api-price', '0.60', '--input-tokens', '500', '--output-tokens', '200', '--catalog', SEED_CATALOG, '--format', 'json']);
    expect(r.code).toBe(0);
    const j = json<BreakevenJson>(r);
    expect(j.inputs.throughput).toMatchObject({ source: 'catalog', row: { id: 'llama-3.1-8b@a10g/vllm/fp16/max' } });
    expect(j.catalog).toMatchObject({ id: 'seed-test', version: '2025-01-01' });
    expect(j.breakEven.requestsPerDay).toBeCloseTo(60_000_000 / 700, 6);
    const t = runBuilt(['breakeven', '--gpu', 'test/gpu-1.50', '--model', 'llama-3.1-8b', '--api-price', '0.60', '--catalog', SEED_CATALOG]);
    expect(t.stdout).toContain('throughput from benchmark row llama-3.1-8b@a10g/vllm/fp16/max');
  });

  test('an hourly price is shown as given, not rounded to cents ($1.006/h x 720 h = $724.32)', async () => {
    const r = await runCli(['breakeven', '--gpu-hourly', '1.006', '--throughput', '3000', '--api-price', '0.60']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^GPU +\$1\.006\/h per GPU$/m);
    expect(r.stdout).toMatch(/^fleet +1 GPU, always on: \$1\.006\/h, \$724\.32\/month \(720-hour month\)$/m);
  });

  test('a CPU instance is "no GPU", not "1 x no GPU"', async () => {
    const r = await runCli(['breakeven', '--gpu', 'aws/c5.2xlarge', '--throughput', '100', '--api-price', '1', '--catalog', SEED_CATALOG]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^GPU +aws\/c5\.2xlarge at \$0\.34\/h \(no GPU\)$/m);
  });

  test('every example in `breakeven --help` runs (shipped catalog)', () => {
    const help = runBuilt(['breakeven', '--help']).stdout;
    const examples = help.split('\n').filter((l) => l.startsWith('  costopt breakeven '));
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const line of examples) {
      const r = runBuilt(line.trim().split(/\s+/).slice(1));
      expect({ line, code: r.code, stderr: r.stderr }).toEqual({ line, code: 0, stderr: '' });
    }
  });

  test('right-sizing alone needs no API or GPU flags', () => {
    const r = runBuilt(['breakeven', '--params', '8', '--precision', 'int4', '--catalog', SEED_CATALOG, '--format', 'json']);
    expect(r.code).toBe(0);
    const j = json<BreakevenJson>(r);
    expect(j.selfHosted).toBeNull();
    expect(j.sizing!.fits[0]!.instance).toBe('aws/g4dn.xlarge');
  });
});

describe('bad input: exit 2 naming the flag', () => {
  test.each([
    [['--gpu-hourly', '1.5', '--throughput', '3000', '--api-price', '0.6', '--utilization', '0'], 'error --utilization: expected a share above 0% and at most 100%'],
    [['--gpu-hourly', '1.5', '--throughput', '3000', '--api-price', '0.6', '--utilization', '101%'], 'error --utilization: expected a share above 0% and at most 100%'],
    [['--gpu-hourly', '1.5', '--throughput', '0', '--api-price', '0.6'], 'error --throughput: expected tokens per second > 0'],
    [['--gpu', 'aws/g4dn.xlarge', '--model', 'llama-3.1-8b', '--api-price', '0.6', '--catalog', SEED_CATALOG], 'error --model: no throughput row for llama-3.1-8b on T4 (--gpu aws/g4dn.xlarge); rows for this model: llama-3.1-8b@a10g/vllm/fp16/max (A10G'],
    [['--gpu', 'aws/g5.xlarg', '--throughput', '3000', '--api-price', '0.6', '--catalog', SEED_CATALOG], 'error --gpu: unknown instance "aws/g5.xlarg"'],
    [['--gpu', 'aws/g4dn.xlarg', '--throughput', '3000', '--api-price', '0.6', '--catalog', SEED_CATALOG], 'did you mean "aws/g4dn.xlarge"'],
    [['--api-model', 'openai/gpt-4o', '--input-share', '50%', '--gpu-hourly', '1.5', '--throughput', '3000', '--api-price', '1'], 'error --api-price: give --api-price or --api-model, not both'],
  ])('%j', (args, expected) => {
    const r = runBuilt(['breakeven', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(expected);
  });

  test('without a TTY, missing inputs are exit 2 listing the flags (nothing prompts)', () => {
    const r = runBuilt(['breakeven']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error --api-price: missing the API side: give --api-price <USD per 1M tokens>, or --api-model <id>');
    expect(r.stderr).toContain('error --gpu-hourly: missing the GPU: give --gpu-hourly <USD per GPU-hour>, or --gpu <instance id>');
    expect(r.stderr).toContain('error --throughput: missing the throughput: give --throughput <tokens/s per GPU>, or --model <open model>');
    expect(r.stderr).toContain('not a terminal, so nothing was asked');
    const partial = runBuilt(['breakeven', '--gpu-hourly', '1.5', '--throughput', '3000']);
    expect(partial.code).toBe(2);
    expect(partial.stderr).toContain('error --api-price: missing the API side');
    expect(partial.stderr).not.toContain('--gpu-hourly: missing');
    const mix = runBuilt(['breakeven', '--api-model', 'openai/gpt-4o', '--gpu-hourly', '1.5', '--throughput', '3000', '--catalog', SEED_CATALOG]);
    expect(mix.code).toBe(2);
    expect(mix.stderr).toContain('error --api-model: needs the token mix');
  });

  test('in-process runs agree (no TTY)', async () => {
    const r = await runCli(['breakeven', '--gpu-hourly', '1.5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing the API side');
  });
});

// ---------------------------------------------------------------------------------------------
// prompts, driven through a pseudo-terminal (util-linux `script`), as a user would answer them
// ---------------------------------------------------------------------------------------------

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/** Run the built CLI on a pty; `steps` are [text to wait for, keys to send]. */
function onPty(args: string[], steps: [RegExp, string][]): Promise<{ code: number | null; out: string }> {
  const cmd = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['-qfec', `stty cols 200 rows 50; ${cmd}`, '/dev/null'], { cwd: ROOT, env: { ...process.env, ...TEST_ENV, COLUMNS: '200', TERM: 'xterm' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let step = 0;
  let seen = 0;
  const advance = () => {
    while (step < steps.length) {
      const [wait, keys] = steps[step]!;
      const rest = out.slice(seen);
      const m = wait.exec(rest);
      if (!m) return;
      seen += m.index + m[0].length;
      step++;
      // answer once the prompt has finished drawing and put the terminal in raw mode (keys sent
      // earlier can be discarded when the line discipline switches)
      setTimeout(() => child.stdin.write(keys), 250);
    }
  };
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString('utf8');
    advance();
  });
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString('utf8');
  });
  return new Promise((resolve) => {
    const guard = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, out });
    });
  });
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[ -/]*[@-~]`, 'g');
const strip = (s: string) => s.replace(ANSI, '').replace(/\r/g, '');
const ENTER = '\r';

describe.skipIf(!hasScript)('prompts on a terminal (pty)', () => {
  test('every input is asked, picked from the catalog, then the equivalent command is printed', async () => {
    const r = await onPty(['breakeven', '--catalog', SEED_CATALOG], [
      [/API to compare against[^\n]*\n❯ Enter an API price[\s\S]*?select/, 'gpt-4o-mini'],
      [/❯ openai\/gpt-4o-mini/, ENTER],
      [/Input tokens per request/, ENTER], // default 500
      [/Output tokens per request/, ENTER], // default 200
      [/GPU instance to self-host on[^\n]*\n❯ Enter an hourly price[\s\S]*?select/, 'gpu-1.50'],
      [/❯ test\/gpu-1\.50/, ENTER],
      [/Open model served on A10G[\s\S]*?select/, ENTER], // the Llama 3.1 8B row
      [/Highest sustained utilization/, ENTER], // 100%
      [/Monthly ops overhead/, ENTER], // 0
    ]);
    const out = strip(r.out);
    expect(r.code, out).toBe(0);
    // API blended: (500 x 0.15 + 200 x 0.60) / 700 = $0.2786; break-even 1.50 / 0.2786e-6 = 5.38M tokens/hour
    expect(out).toContain('$0.2786 per 1M tokens');
    expect(out).toMatch(/break-even\s+5\.385M tokens\/hour|break-even\s+5\.38M tokens\/hour/);
    expect(out).toContain('throughput from benchmark row llama-3.1-8b@a10g/vllm/fp16/max');
    expect(out).toContain(`costopt breakeven --api-model openai/gpt-4o-mini --input-tokens 500 --output-tokens 200 --gpu test/gpu-1.50 --model meta-llama/Llama-3.1-8B-Instruct --catalog ${SEED_CATALOG}`);
  }, 30_000);

  test('typed numbers instead of catalog picks, with validation of a bad answer', async () => {
    const r = await onPty(['breakeven', '--catalog', SEED_CATALOG, '--format', 'json'], [
      [/API to compare against[^\n]*\n❯ Enter an API price[\s\S]*?select/, ENTER], // "Enter an API price per 1M tokens" is first
      [/API price, USD per 1M tokens/, `0.60${ENTER}`],
      [/GPU instance to self-host on[^\n]*\n❯ Enter an hourly price[\s\S]*?select/, ENTER], // "Enter an hourly price per GPU"
      [/GPU price, USD per hour/, `1.50${ENTER}`],
      [/Throughput, tokens\/s per GPU/, `0${ENTER}`],
      [/enter a number > 0/, `\u007f3000${ENTER}`], // the rejected answer stays on the line: erase it
      [/Highest sustained utilization/, `${'\u007f'.repeat(4)}150%${ENTER}`],
      [/at most 100%/, `${'\u007f'.repeat(4)}100%${ENTER}`],
      [/Monthly ops overhead/, ENTER],
    ]);
    const out = strip(r.out);
    expect(r.code, out).toBe(0);
    const body = out.slice(out.indexOf('{'), out.lastIndexOf('}') + 1);
    const j = JSON.parse(body) as BreakevenJson;
    expect(j.selfHosted.perMillionTokens).toBeCloseTo(1.5 / 10.8, 12);
    expect(j.breakEven.tokensPerHour).toBeCloseTo(2_500_000, 6);
    expect(j.commandLine).toBe(`costopt breakeven --api-price 0.60 --gpu-hourly 1.50 --throughput 3000 --catalog ${SEED_CATALOG} --format json`);
  }, 30_000);

  test('only the missing inputs are asked', async () => {
    const r = await onPty(['breakeven', '--gpu-hourly', '1.50', '--throughput', '3000', '--utilization', '100%', '--ops-monthly', '0', '--catalog', SEED_CATALOG], [
      [/API to compare against[^\n]*\n❯ Enter an API price[\s\S]*?select/, ENTER],
      [/API price, USD per 1M tokens/, `0.60${ENTER}`],
    ]);
    const out = strip(r.out);
    expect(r.code, out).toBe(0);
    expect(out).not.toContain('GPU instance to self-host on');
    expect(out).toMatch(/break-even\s+2\.5M tokens\/hour/);
  }, 30_000);
});

describe('breakeven JSON always echoes the catalog in force', () => {
  test('even when every number comes from flags', async () => {
    const { runCli, json } = await import('../helpers/cli.js');
    const r = await runCli(['breakeven', '--gpu-hourly', '1.50', '--throughput', '3000', '--api-price', '0.60', '--format', 'json', '--as-of', '2024-06-01']);
    expect(r.code).toBe(0);
    const j = json<{ catalog: { id: string; version: string; hash: string; asOf?: string } }>(r);
    expect(j.catalog).toMatchObject({ version: '2026-12-01', asOf: '2024-06-01' });
    expect(j.catalog.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
