// Load TypeScript sources from src/ without a full build: bundle one entry with esbuild
// into a temporary ES module and import it (the detector is pure, so this is all it needs).
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function loadTs(entry) {
  const dir = mkdtempSync(join(tmpdir(), 'costopt-anomaly-'));
  const out = join(dir, 'module.mjs');
  try {
    await build({ absWorkingDir: ROOT, entryPoints: [entry], outfile: out, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning' });
    return await import(pathToFileURL(out).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
