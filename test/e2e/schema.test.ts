import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runBuilt } from '../helpers/cli.js';

describe('costopt schema (built CLI)', () => {
  for (const kind of ['scenario', 'config', 'mapping', 'catalog', 'overrides']) {
    it(`schema ${kind}: the JSON the package ships as schemas/${kind}.json`, () => {
      const r = runBuilt(['schema', kind]);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(readFileSync(join(ROOT, 'schemas', `${kind}.json`), 'utf8'));
      expect(JSON.parse(r.stdout)).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema' });
    });
  }

  it('an unknown kind is exit 2, naming the kinds, with nothing on stdout', () => {
    const r = runBuilt(['schema', 'constructor']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('expected one of scenario, config, mapping, catalog, overrides, got "constructor"');
  });
});
