import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import lite from '../../src/render/string-width.js';

// the bundled replacement must measure exactly like the package cli-table3 depends on
const original = createRequire(import.meta.url)('string-width') as (s: string) => number;

describe('string-width replacement', () => {
  const samples = ['', 'plain ascii', '$1,234.50', '\u001b[1mbold\u001b[22m', '▁▂▃█ sparkline', 'café', 'e\u0301', '日本語', '🚀 launch', '✓ ok', '→ arrow', '·', 'tab\there', '┌──┐'];
  it.each(samples)('%j', (s) => expect(lite(s)).toBe(original(s)));
});
