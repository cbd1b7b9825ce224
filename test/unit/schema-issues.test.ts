import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { zodIssues } from '../../src/core/schema-issues.js';
import { quantity, share } from '../../src/core/fields.js';

const schema = z.strictObject({ memory_mb: quantity, hit_rate: share.optional(), name: z.string() });

describe('schema issues read like a person wrote them', () => {
  it('a missing required field says required, with the types that would do', () => {
    const r = schema.safeParse({ name: 'a' });
    expect(zodIssues(schema, r.error!.issues)).toEqual([{ path: ['memory_mb'], message: 'required: expected number or string' }]);
  });
  it('a value of the wrong type names what it got', () => {
    const r = schema.safeParse({ name: 'a', memory_mb: true });
    expect(zodIssues(schema, r.error!.issues)).toEqual([{ path: ['memory_mb'], message: 'expected number or string, got boolean' }]);
  });
  it('a share out of range is an error, not clamped', () => {
    const r = schema.safeParse({ name: 'a', memory_mb: 1, hit_rate: '130%' });
    expect(zodIssues(schema, r.error!.issues)[0]?.message).toBe('expected a share between 0% and 100%, got "130%"');
  });
  it('unknown keys get "did you mean"', () => {
    const r = schema.safeParse({ name: 'a', memory_mb: 1, hit_rte: 0.3 });
    expect(zodIssues(schema, r.error!.issues)).toEqual([{ path: ['hit_rte'], atKey: true, message: 'unknown key "hit_rte"; did you mean "hit_rate"?', hint: undefined }]);
  });
});
