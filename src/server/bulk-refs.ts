/**
 * `bulkId:` references inside bulk operation data (RFC 7644 §3.7.2): finding
 * them, substituting permanent ids, and stripping the unresolved ones so one
 * side of a circular reference can be created first (§3.7.1).
 */

const PREFIX = 'bulkId:';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The bulkId a string refers to, if it is a `bulkId:<id>` reference. */
export function bulkRef(value: unknown): string | undefined {
  return typeof value === 'string' && value.startsWith(PREFIX) ? value.slice(PREFIX.length) : undefined;
}

/** Every bulkId referenced anywhere in `value`. */
export function collectRefs(value: unknown, into: Set<string> = new Set()): Set<string> {
  const ref = bulkRef(value);
  if (ref !== undefined) into.add(ref);
  else if (Array.isArray(value)) for (const v of value) collectRefs(v, into);
  else if (isObject(value)) for (const v of Object.values(value)) collectRefs(v, into);
  return into;
}

/** A copy of `value` with each resolvable reference replaced by its permanent id. */
export function substituteRefs(value: unknown, resolve: (bulkId: string) => string | undefined): unknown {
  const ref = bulkRef(value);
  if (ref !== undefined) return resolve(ref) ?? value;
  if (Array.isArray(value)) return value.map((v) => substituteRefs(v, resolve));
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteRefs(v, resolve)]));
  }
  return value;
}

function containsRef(value: unknown): boolean {
  return collectRefs(value).size > 0;
}

/**
 * The resource without the values that still hold a reference: multi-valued
 * elements and complex values are dropped whole (a member, a manager),
 * extension objects are entered. Used to create one side of a cycle first.
 */
export function stripRefs(resource: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource)) {
    if (key.toLowerCase().startsWith('urn:') && isObject(value)) out[key] = stripRefs(value);
    else if (Array.isArray(value)) out[key] = value.filter((v) => !containsRef(v));
    else if (!containsRef(value)) out[key] = value;
  }
  return out;
}
