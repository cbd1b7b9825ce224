/** JSON contract (SPEC §6): every output has schemaVersion and command; amounts are USD numbers. */
export const SCHEMA_VERSION = 1;

export function renderJson(command: string, result: object): string {
  return JSON.stringify({ schemaVersion: SCHEMA_VERSION, command, ...result }, replacer, 2) + '\n';
}

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Map) return Object.fromEntries(value);
  return value;
}
