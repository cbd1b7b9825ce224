import { describe, expect, it } from 'vitest';
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
