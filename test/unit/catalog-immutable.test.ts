import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';

/**
 * Released catalog versions never change: a price change is a new version file. This pins the
 * content hash of every shipped version; adding a version means adding its line to pricing/HASHES.
 */
describe('shipped catalog versions are immutable', () => {
  const dir = join(ROOT, 'pricing');
  const pinned = new Map(
    readFileSync(join(dir, 'HASHES'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' ') as [string, string]),
  );
  const files = readdirSync(dir).filter((f) => /^\d{4}-\d{2}-\d{2}\.yaml$/.test(f));
  it('ships a historical and a current version', () => {
    expect(files).toContain('2024-06-01.yaml');
    expect(files).toContain('2026-11-01.yaml');
  });
  it.each(files)('%s matches its pinned hash', (f) => {
    const hash = 'sha256:' + createHash('sha256').update(readFileSync(join(dir, f))).digest('hex');
    expect(pinned.get(f.replace('.yaml', ''))).toBe(hash);
  });
});
