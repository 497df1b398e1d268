/**
 * JSON helpers the checks share: RFC 6901 pointers, deep equality, and the
 * partial match used by `body.match` (docs/formats.md).
 */

/** RFC 6901: `/Resources/0/id`; `''` is the whole document. */
export function getPointer(doc: unknown, pointer: string): { found: boolean; value?: unknown } {
  if (pointer === '') return { found: true, value: doc };
  let cur: unknown = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur) && /^(0|[1-9]\d*)$/.test(key) && Number(key) < cur.length) cur = cur[Number(key)];
    else if (cur && typeof cur === 'object' && !Array.isArray(cur) && Object.prototype.hasOwnProperty.call(cur, key)) {
      cur = (cur as Record<string, unknown>)[key];
    } else return { found: false };
  }
  return { found: true, value: cur };
}

/** RFC 7643 §2.5 (S-2.5-01): absent, `null` and `[]` are one state, "unassigned". */
export function isUnassigned(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * Partial match: objects need every expected key; arrays need every expected
 * element to match a different actual element, in any order; scalars are equal.
 * Returns the pointer of the first mismatch, or undefined when it matches.
 */
export function partialMismatch(expected: unknown, actual: unknown, at = ''): string | undefined {
  if (isUnassigned(expected) && isUnassigned(actual)) return undefined;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return at || '/';
    const used = new Set<number>();
    for (let i = 0; i < expected.length; i++) {
      const hit = actual.findIndex((a, j) => !used.has(j) && partialMismatch(expected[i], a) === undefined);
      if (hit < 0) return `${at}/${i}`;
      used.add(hit);
    }
    return undefined;
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return at || '/';
    for (const [k, v] of Object.entries(expected)) {
      const key = `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (!Object.prototype.hasOwnProperty.call(actual, k)) {
        if (isUnassigned(v)) continue;
        return key;
      }
      const miss = partialMismatch(v, (actual as Record<string, unknown>)[k], key);
      if (miss !== undefined) return miss;
    }
    return undefined;
  }
  return deepEqual(expected, actual) ? undefined : at || '/';
}

export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
