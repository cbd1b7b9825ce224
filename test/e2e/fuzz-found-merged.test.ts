import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBuilt } from '../helpers/cli.js';

// A map used as a key made the yaml library print its own warning on stderr ("Keys with collection
// values will be stringified..."), quoting the key raw: past costopt's sanitiser.
describe('the yaml library writes nothing of its own', () => {
  it('a collection key holding ESC: one costopt error, escaped, and no library warning (the built CLI, as a user runs it)', () => {
    const r = runBuilt(['validate', 'test/fixtures/hostile/yaml/collection-key-with-escape.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('Keys with collection values');
    expect(r.stderr).not.toContain('\u001b');
    expect(r.stderr).toContain('unknown key');
  });
});

// Found by the merged fuzz run (seed 20261206, configs target, path 76079): a bills: folder that
// cannot be listed (/proc/1/fdinfo, EACCES even for root) was exit 3.
describe('a folder of bills that cannot be listed', () => {
  let unreadable = false;
  try {
    readdirSync('/proc/1/fdinfo');
  } catch {
    unreadable = true;
  }
  it.skipIf(!unreadable)('is exit 2 naming it', () => {
    // /proc/1 lists; its fdinfo folder does not
    const r = runBuilt(['analyze', '/proc/1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/proc/1/fdinfo error cannot read folder: permission denied');
  });
});

// Found by the review of the whole change: with --catalog <folder>, the note that rows dated
// before the oldest version were priced with it went into an array nobody read.
describe('a request log priced with a folder of catalog versions', () => {
  it('says when rows are dated before the oldest version', () => {
    const dir = mkdtempSync(join(tmpdir(), 'costopt-early-'));
    const log = join(dir, 'early.csv');
    // test/chat-a in the 2025-01-01 version: 2.00 in, 8.00 out; 1k x 2 + 1k x 8 = 0.01
    writeFileSync(log, 'timestamp,model,input_tokens,output_tokens\n2024-12-31T12:00:00Z,test/chat-a,1000,1000\n');
    const r = runBuilt(['analyze', log, '--catalog', 'test/fixtures/catalogs/billing-versions', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('requests dated before the oldest catalog version (2025-01-01) were priced with it');
    expect((JSON.parse(r.stdout) as { totals: { usage: number } }).totals.usage).toBe(0.01);
  });
});
