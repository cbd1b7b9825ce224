import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
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
