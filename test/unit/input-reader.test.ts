import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/io/yaml.js';
import { parseJsonText } from '../../src/io/json.js';
import { parseQuantity } from '../../src/core/units.js';
import { isCalendarDate } from '../../src/core/date.js';
import { parseDate } from '../../src/core/billing/dates.js';
import { applySets } from '../../src/core/scenario/set.js';
import { InputError } from '../../src/core/errors.js';

const diag = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e.diagnostics[0];
    throw e;
  }
  throw new Error('no error');
};

describe('YAML reader limits', () => {
  it('nesting over 64 levels (flow) is an error at the 65th collection', () => {
    // the map is level 1; the first [ (column 4) is level 2, so level 65 is the 64th [: column 4 + 63
    expect(diag(() => parseYaml('a: ' + '['.repeat(65) + ']'.repeat(65), 'f.yaml'))).toMatchObject({ file: 'f.yaml', line: 1, col: 67, message: 'nesting deeper than 64 levels of maps and lists' });
    // 63 lists inside the top-level map: 64 levels, accepted
    expect(parseYaml('a: ' + '['.repeat(63) + ']'.repeat(63), 'f.yaml').data).toBeTruthy();
  });

  it('numbers that overflow and .inf are errors at their position', () => {
    expect(diag(() => parseYaml('x: 1\ny: 1e400\n', 'f.yaml'))).toMatchObject({ line: 2, col: 4, message: 'number out of range: 1e400 is not a finite number' });
    expect(diag(() => parseYaml('y: -.inf\n', 'f.yaml'))).toMatchObject({ line: 1, col: 4 });
  });
});

describe('JSON reader', () => {
  it('positions: NaN where it is, an unexpected end on the last line, never past it', () => {
    expect(diag(() => parseJsonText('{\n  "a": NaN\n}\n\n', 'f.json'))).toMatchObject({ line: 2, col: 8 });
    expect(diag(() => parseJsonText('{\n  "a": 1\n\n', 'f.json'))).toMatchObject({ line: 2, col: 9 });
    expect(diag(() => parseJsonText('{"__proto__": {"x": 1}}', 'f.json'))).toMatchObject({ line: 1, col: 2, message: 'the key "__proto__" is not allowed (it would reach the prototype of every object)' });
  });
});

describe('numbers', () => {
  it('a comma only as a thousands separator', () => {
    expect(parseQuantity('1,200')).toBe(1200);
    expect(parseQuantity('1,000,000')).toBe(1e6);
    expect(parseQuantity('1,5')).toBeUndefined();
    expect(parseQuantity('1,50')).toBeUndefined();
    expect(parseQuantity('12,34,567')).toBeUndefined();
  });
});

describe('dates', () => {
  it('the calendar decides: no February 30, February 29 only in leap years', () => {
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('1900-02-29')).toBe(false);
    expect(isCalendarDate('2000-02-29')).toBe(true);
    expect(isCalendarDate('2026-04-31')).toBe(false);
    expect(parseDate('2026-02-30', 'iso')).toBeUndefined();
  });
});

describe('--set paths', () => {
  it('applySets refuses prototype segments even when called directly, and leaves Object.prototype alone', () => {
    const r = applySets({ a: 1 }, [{ raw: '__proto__.x=1', path: ['__proto__', 'x'], value: 1 }, { raw: 'constructor.prototype.y=1', path: ['constructor', 'prototype', 'y'], value: 1 }]);
    expect(r.issues.map((i) => i.message)).toEqual([
      'the path segment "__proto__" is not allowed (it would reach the prototype of every object); no scenario field has that name',
      'the path segment "constructor" is not allowed (it would reach the prototype of every object); no scenario field has that name',
    ]);
    expect(Object.prototype).not.toHaveProperty('x');
    expect(Object.prototype).not.toHaveProperty('y');
  });
});
