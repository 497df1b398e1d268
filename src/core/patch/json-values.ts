/**
 * Plain-JSON helpers for the PATCH engine: safe property writes, case-insensitive
 * key lookup (RFC 7643 §2.1), deep copy and deep equality.
 *
 * Every write goes through `put`, which defines an own data property, so a key
 * such as `__proto__` can never reach an object's prototype.
 */

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The own key of `obj` that equals `name` case-insensitively, if any. */
export function findKey(obj: JsonObject, name: string): string | undefined {
  if (Object.hasOwn(obj, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}

/** The value under `name` (any case), or undefined. */
export function getAttr(obj: JsonObject, name: string): unknown {
  const key = findKey(obj, name);
  return key === undefined ? undefined : obj[key];
}

/** Sets `name` to `value`, dropping any other spelling of the same key. */
export function put(obj: JsonObject, name: string, value: unknown): void {
  const lower = name.toLowerCase();
  // An existing key of the exact spelling keeps its place in the object.
  for (const k of Object.keys(obj)) if (k !== name && k.toLowerCase() === lower) delete obj[k];
  Object.defineProperty(obj, name, { value, enumerable: true, writable: true, configurable: true });
}

/** Deletes every spelling of `name`. */
export function removeAttr(obj: JsonObject, name: string): void {
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) delete obj[k];
}

/** A deep copy of a JSON value; own keys only, written safely. */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => cloneJson(v)) as T;
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, k, { value: cloneJson(v), enumerable: true, writable: true, configurable: true });
    }
    return out as T;
  }
  return value;
}

/** Structural equality of JSON values (object key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/** `[]`, `{}` and absent values all mean "unassigned" (RFC 7643 §2.5). */
export function isEmptyValue(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isObject(v)) return Object.keys(v).length === 0;
  return false;
}
