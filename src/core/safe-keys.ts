/**
 * Keys that reach an object's prototype when user data is assigned by key (`o[k] = v`):
 * refused in every path a user writes (`--set a.b=1`), so nothing from a scenario, a flag or a
 * bill can change how every object in the process behaves.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'prototype', 'constructor']);

export function isForbiddenKey(k: PropertyKey): boolean {
  return typeof k === 'string' && FORBIDDEN_KEYS.has(k);
}

/**
 * `obj[key]` for a key that comes from a user (a task type, a var name): only the object's own
 * property, so "constructor" or "toString" never find Object.prototype's.
 */
export function ownValue<T>(obj: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}
