import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';

type Loaded = { exports: { run: (argv: string[], io: object) => Promise<number> }; cacheRejected: boolean | null };
const { load, cacheKindFor } = createRequire(import.meta.url)(join(ROOT, 'bin', 'load.cjs')) as { load: (dist?: string, o?: { useCache?: boolean; cache?: 'quick' | 'full' }) => Loaded; cacheKindFor: (argv: string[]) => 'quick' | 'full' };

async function version(l: Loaded): Promise<string> {
  let out = '';
  const code = await l.exports.run(['--version'], { stdout: (s: string) => { out += s; }, stderr: () => {}, env: {}, stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false, columns: 80, cwd: ROOT });
  expect(code).toBe(0);
  return out.trim();
}

describe('bin/load.cjs: the bundled CLI with V8 code cache', () => {
  it('uses the caches written by the build', async () => {
    for (const cache of ['full', 'quick'] as const) {
      const l = load(join(ROOT, 'dist'), { cache });
      expect(l.cacheRejected).toBe(false);
      expect(await version(l)).toBe('0.1.0');
    }
  });
  it('picks the small cache for quick commands', () => {
    expect(cacheKindFor(['--version'])).toBe('quick');
    expect(cacheKindFor(['pricing', 'show', 'openai/gpt-4o'])).toBe('quick');
    expect(cacheKindFor(['--format', 'json', 'estimate', 'a.yaml'])).toBe('full');
    expect(cacheKindFor(['analyze', 'bill.csv'])).toBe('full');
  });
  it('still runs when the cache does not fit (another Node, a damaged file)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'costopt-cache-'));
    copyFileSync(join(ROOT, 'dist', 'cli.cjs'), join(dir, 'cli.cjs'));
    writeFileSync(join(dir, 'cli.cjs.cache'), Buffer.from('not a V8 code cache'));
    const l = load(dir);
    expect(l.cacheRejected).toBe(true);
    expect(await version(l)).toBe('0.1.0');
  });
  it('runs without any cache file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'costopt-cache-'));
    copyFileSync(join(ROOT, 'dist', 'cli.cjs'), join(dir, 'cli.cjs'));
    const l = load(dir);
    expect(l.cacheRejected).toBeNull();
    expect(await version(l)).toBe('0.1.0');
  });
});
