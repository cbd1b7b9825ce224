import { describe, expect, it } from 'vitest';
import { FLATTEN_LIMITS, flattenRecord, recordsOf } from '../../src/core/billing/json-records.js';

/** Usage records in JSON to rows of named fields (core/billing/json-records.ts). */
const flat = (v: unknown) => Object.fromEntries(flattenRecord(v));

describe('flattenRecord', () => {
  it('nested objects become dotted names; OTel attribute maps keep their own dotted keys', () => {
    expect(flat({ message: { usage: { input_tokens: 5 } }, attributes: { 'gen_ai.usage.input_tokens': 97 } })).toEqual({ 'message.usage.input_tokens': '5', 'attributes.gen_ai.usage.input_tokens': '97' });
  });

  it('an OTLP attribute list is read as the map it encodes (intValue as a string, arrays, kvlists)', () => {
    const attributes = [
      { key: 'gen_ai.usage.input_tokens', value: { intValue: '40' } },
      { key: 'gen_ai.request.temperature', value: { doubleValue: 0.5 } },
      { key: 'gen_ai.response.finish_reasons', value: { arrayValue: { values: [{ stringValue: 'stop' }] } } },
      { key: 'nested', value: { kvlistValue: { values: [{ key: 'a', value: { boolValue: true } }] } } },
    ];
    expect(flat({ attributes })).toEqual({
      'attributes.gen_ai.usage.input_tokens': '40',
      'attributes.gen_ai.request.temperature': '0.5',
      'attributes.gen_ai.response.finish_reasons': '["stop"]',
      'attributes.gen_ai.response.finish_reasons.0': 'stop',
      'attributes.nested.a': 'true',
    });
  });

  it('a [sec, nanos] pair is kept as JSON and by index', () => {
    expect(flat({ startTime: [1770131992, 242000000] })).toEqual({ startTime: '[1770131992,242000000]', 'startTime.0': '1770131992', 'startTime.1': '242000000' });
  });

  it('a JSON object in a top-level metadata string is flattened; other JSON strings stay text', () => {
    const out = flat({ metadata: '{"usage_object": {"prompt_tokens": 10}}', messages: '{"a": 1}' });
    expect(out['metadata.usage_object.prompt_tokens']).toBe('10');
    expect(out.messages).toBe('{"a": 1}');
  });

  it('__proto__, constructor and prototype keys are dropped, nothing reaches Object.prototype', () => {
    const v: unknown = JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"x": 1}, "ok": 1, "attributes": [{"key": "__proto__", "value": {"stringValue": "p"}}]}');
    expect(flat(v)).toEqual({ ok: '1' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a record with more fields than the limit is marked truncated', () => {
    const wide = Object.fromEntries(Array.from({ length: FLATTEN_LIMITS.fields + 5 }, (_, i) => [`k${i}`, i]));
    expect(flattenRecord(wide).truncated).toBe(true);
    expect(flattenRecord({ a: 1 }).truncated).toBeUndefined();
  });
});

describe('recordsOf', () => {
  const paths = (doc: unknown) => [...recordsOf(doc)].map((r) => r.path);

  it('top-level arrays, Langfuse observations, API pages and buckets (bounds inherited)', () => {
    expect(paths([{ a: 1 }, { a: 2 }])).toEqual(['$[0]', '$[1]']);
    expect(paths({ trace: {}, observations: [{}, {}] })).toEqual(['$.observations[0]', '$.observations[1]']);
    const page = { object: 'page', data: [{ object: 'bucket', start_time: 1, end_time: 2, results: [{ input_tokens: 3 }] }, { object: 'bucket', start_time: 2, end_time: 3, results: [] }] };
    const recs = [...recordsOf(page)];
    expect(recs.map((r) => r.path)).toEqual(['$.data[0].results[0]']);
    expect(Object.fromEntries(flattenRecord(recs[0]!.value, recs[0]!.inherited))).toEqual({ 'bucket.object': 'bucket', 'bucket.start_time': '1', 'bucket.end_time': '2', input_tokens: '3' });
  });

  it('OTLP spans, with the resource attributes inherited as resource.*', () => {
    const doc = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] }, scopeSpans: [{ spans: [{ name: 'a' }, { name: 'b' }] }] }] };
    const recs = [...recordsOf(doc)];
    expect(recs.map((r) => r.path)).toEqual(['$.resourceSpans[0].scopeSpans[0].spans[0]', '$.resourceSpans[0].scopeSpans[0].spans[1]']);
    expect(Object.fromEntries(flattenRecord(recs[1]!.value, recs[1]!.inherited))).toEqual({ 'resource.service.name': 'api', name: 'b' });
  });
});
