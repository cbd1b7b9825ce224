import { InputError, type SourcePosition } from '../core/errors.js';
import { INPUT_LIMITS } from './read-file.js';

/**
 * JSON from a user's file (price files, saved results, .meta.json): JSON.parse, after one linear
 * pass that finds what JSON.parse accepts silently or reports without a position: nesting deeper
 * than INPUT_LIMITS.depth, numbers that overflow to Infinity (1e400), `__proto__` keys, and
 * words JSON does not have (NaN, Infinity, undefined). Every problem is an exit-2 error at
 * file:line:col, never past the end of the file.
 */
export function parseJsonText(text: string, file: string): unknown {
  const body = text.replace(/^\uFEFF/, '');
  const problem = scanJson(body);
  if (problem) throw new InputError({ severity: 'error', file, ...lineCol(body, problem.offset), message: problem.message });
  try {
    return JSON.parse(body) as unknown;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const at = /at position (\d+)/.exec(msg)?.[1];
    // no position (end of input): just after the last character, on the last line, not past it
    const offset = at !== undefined ? Number(at) : lastCharOffset(body) + 1;
    throw new InputError({ severity: 'error', file, ...lineCol(body, offset), message: `invalid JSON: ${jsonErrorText(msg)}` });
  }
}

/** JSON.parse's message without the position or the quoted text (both said otherwise). */
export function jsonErrorText(message: string): string {
  return message
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/ at position \d+$/, '')
    .replace(/, (?:\.\.\.)?".*" is not valid JSON$/s, '')
    .replace(/ in JSON$/, '');
}

/** 1-based line and column of `offset`; past the end is just after the last character that is not white space. */
export function lineCol(text: string, offset: number): Required<Pick<SourcePosition, 'line' | 'col'>> {
  const o = Math.max(0, Math.min(offset, lastCharOffset(text) + 1));
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < o; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: o - start + 1 };
}

/** Offset of the last character that is not white space (0 for an empty text). */
function lastCharOffset(text: string): number {
  let i = text.length - 1;
  while (i > 0 && /\s/.test(text[i] ?? '')) i--;
  return Math.max(0, i);
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

function scanJson(text: string): { offset: number; message: string } | undefined {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // a string: find its end, skipping escapes
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 0x5c) j += 2;
        else if (d === 0x22) break;
        else j++;
      }
      if (j - i === 10 && text.slice(i + 1, j) === '__proto__') {
        let k = j + 1;
        while (k < n && WS.has(text.charCodeAt(k))) k++;
        if (text.charCodeAt(k) === 0x3a) return { offset: i, message: 'the key "__proto__" is not allowed (it would reach the prototype of every object)' };
      }
      i = j + 1;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > INPUT_LIMITS.depth) return { offset: i, message: `nesting deeper than ${INPUT_LIMITS.depth} levels of objects and arrays` };
      i++;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
      i++;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1;
      while (j < n && /[0-9eE+\-.]/.test(text[j] ?? '')) j++;
      const num = text.slice(i, j);
      const v = Number(num);
      if (!Number.isNaN(v) && !Number.isFinite(v)) return { offset: i, message: `number out of range: ${num} is not a finite number` };
      i = j;
    } else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) {
      let j = i + 1;
      while (j < n && /[A-Za-z]/.test(text[j] ?? '')) j++;
      const word = text.slice(i, j);
      if (word !== 'true' && word !== 'false' && word !== 'null') return { offset: i, message: `invalid JSON: unexpected ${JSON.stringify(word)}${word === 'NaN' || word === 'Infinity' ? ' (JSON has no NaN or Infinity; use null or a number)' : ''}` };
      i = j;
    } else i++;
  }
  return undefined;
}
