import { jsonVisible } from './sanitize.js';

/** JSON contract (SPEC §6): every output has schemaVersion and command; amounts are USD numbers. */
export const SCHEMA_VERSION = 1;

export function renderJson(command: string, result: object): string {
  return jsonVisible(JSON.stringify({ schemaVersion: SCHEMA_VERSION, command, ...result }, replacer, 2)) + '\n';
}

/**
 * A non-integer number is written with 15 significant digits: the noise of sums in doubles
 * goes (286.94899999999996 -> 286.949) and no real digit is lost, since every decimal of up to
 * 15 significant digits survives a trip through a double. Integers are written as they are.
 */
export function normaliseNumber(v: number): number {
  return Number.isInteger(v) || !Number.isFinite(v) ? v : Number(v.toPrecision(15));
}

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  if (typeof value === 'number') return normaliseNumber(value);
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Map) return Object.fromEntries(value);
  return value;
}
