import { describe, expect, it } from 'vitest';
import { scenarioTemplate } from '../../src/core/scenario/template.js';

describe('costopt init: the written scenario', () => {
  it('workload comments sit in the file\'s comment column, whatever the value (they moved with its length)', () => {
    for (const [rpd, input, output] of [[1e6, 500, 200], [1.5e6, 12000, 80], [40, 7, 123456]] as const) {
      const text = scenarioTemplate({ name: 'x', requestsPerDay: rpd, inputTokens: input, outputTokens: output, model: 'openai/gpt-4o' });
      const column = text.split('\n').find((l) => l.startsWith('days_per_month:'))!.indexOf('#');
      expect(column).toBe(29);
      for (const key of ['requests_per_day', 'input_tokens', 'output_tokens']) {
        const line = text.split('\n').find((l) => l.startsWith(`  ${key}:`))!;
        expect(line.indexOf('#'), line).toBe(column);
      }
    }
  });
});
