import { describe, expect, it } from 'vitest';
import { matchChoices, matchModels, prefixTokensCheck } from '../../src/cli/prompts.js';

const models = ['openai/gpt-4o', 'openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5', 'anthropic/claude-haiku-4-5', 'bedrock/anthropic.claude-sonnet-4-5'].map((id) => ({ id, description: '' }));
const ids = (term: string | undefined, preferred = '') => matchModels(models, term, preferred).map((m) => m.id);

describe('costopt init wizard: the model search', () => {
  it('"claude son" finds the Sonnet models (every word must appear; the whole phrase had to)', () => {
    expect(ids('claude son')).toEqual(['anthropic/claude-sonnet-4-5', 'bedrock/anthropic.claude-sonnet-4-5']);
    expect(ids('Anthropic  SONNET')).toEqual(['anthropic/claude-sonnet-4-5', 'bedrock/anthropic.claude-sonnet-4-5']);
    expect(ids('gpt mini')).toEqual(['openai/gpt-4o-mini']);
    expect(ids('claude gpt')).toEqual([]);
  });
  it('nothing typed: every model, the preferred one first', () => {
    expect(ids('', 'openai/gpt-4o-mini')[0]).toBe('openai/gpt-4o-mini');
    expect(ids(undefined)).toHaveLength(models.length);
  });
});

describe('costopt init wizard: the prefix tokens question', () => {
  it('re-asks when the prefix is longer than the prompt (it was accepted, then exit 2 after every question)', () => {
    const check = prefixTokensCheck(500);
    expect(check('900')).toBe('at most 500: the prefix is part of the 500-token prompt');
    expect(check('500')).toBe(true);
    expect(check('250')).toBe(true);
    expect(check('0')).toBe('at least 1');
    expect(check('lots')).toMatch(/^a number/);
  });
});

describe('costopt breakeven prompts: the API and GPU search', () => {
  const list = [
    { value: '\u0000number', name: 'Enter an API price per 1M tokens' },
    { value: 'openai/gpt-4o', name: 'openai/gpt-4o  ($2.50 in / $10.00 out per 1M)' },
    { value: 'openai/gpt-4o-mini', name: 'openai/gpt-4o-mini  ($0.15 in / $0.60 out per 1M)' },
    { value: 'aws/g5.xlarge', name: 'aws/g5.xlarge  (1 x A10G, $1.006/h)' },
  ];
  it('"4o mini" finds gpt-4o-mini (it found nothing); words may match the id or the label', () => {
    expect(matchChoices(list, '4o mini').map((c) => c.value)).toEqual(['openai/gpt-4o-mini']);
    expect(matchChoices(list, 'aws a10g').map((c) => c.value)).toEqual(['aws/g5.xlarge']);
    expect(matchChoices(list, '').length).toBe(4);
    expect(matchChoices(list, 'enter price').map((c) => c.name)).toEqual(['Enter an API price per 1M tokens']);
  });
});
