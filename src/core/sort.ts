/**
 * `sortBy` / `sortOrder` (RFC 7644 §3.4.2.3): order by one attribute's value,
 * compared by its type and caseExact; resources without a value go last when
 * ascending and first when descending. The sort is stable.
 */
import { parseAttrPath } from './filter/path-parser.js';
import { ScimError, isScimError } from './scim-errors.js';
import { dateTimeInstant } from './schema/value-checks.js';
import type { AttributeDef, ResolvedAttribute, SchemaRegistry, ScimResource } from './schema/types.js';

export interface SortOptions {
  sortBy: string;
  /** Case-insensitive; anything other than ascending/descending is refused. Default ascending. */
  sortOrder?: 'ascending' | 'descending' | (string & {});
}

const lower = (s: string): string => s.toLowerCase();
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A key lookup by attribute name in any case (RFC 7643 §2.1). */
function get(obj: unknown, name: string): unknown {
  if (!isObject(obj)) return undefined;
  if (Object.hasOwn(obj, name)) return obj[name];
  const key = Object.keys(obj).find((k) => lower(k) === lower(name));
  return key === undefined ? undefined : obj[key];
}

// RFC 7644 §3.4.2.3: a multi-valued attribute sorts by its primary value, else its first.
function pickElement(values: unknown[]): unknown {
  return values.find((v) => isObject(v) && get(v, 'primary') === true) ?? values[0];
}

/** Where the sort key lives: the attribute, and the sub-attribute to read inside it (if any). */
interface SortTarget {
  top: AttributeDef;
  sub?: AttributeDef;
  container?: string;
  type: AttributeDef;
}

function targetOf(resolved: ResolvedAttribute, sortBy: string): SortTarget {
  const container = resolved.extension ? resolved.schema : undefined;
  if (resolved.extensionRoot) throw new ScimError('invalidValue', `sortBy: "${sortBy}" names a whole extension, not an attribute`);
  if (resolved.parent) return { top: resolved.parent, sub: resolved.def, container, type: resolved.def };
  const def = resolved.def;
  if (def.type !== 'complex') return { top: def, container, type: def };
  // A complex attribute sorts through a sub-attribute (P-3.4.2.3-04); `value` is the natural one.
  const value = def.subAttributes?.find((s) => s.name === 'value');
  if (!value) {
    const example = `${def.name}.${def.subAttributes?.[0]?.name ?? 'value'}`;
    throw new ScimError('invalidValue', `sortBy: "${sortBy}" is complex; name a sub-attribute such as ${example}`);
  }
  return { top: def, sub: value, container, type: value };
}

type Key = string | number | boolean;

/** The comparable key of one resource, or undefined when it has no usable value. */
function keyOf(target: SortTarget, resource: ScimResource): Key | undefined {
  const holder = target.container === undefined ? resource : get(resource, target.container);
  let value = get(holder, target.top.name);
  if (Array.isArray(value)) value = pickElement(value);
  if (target.sub) value = get(value, target.sub.name);
  if (Array.isArray(value)) value = value[0];
  const def = target.type;
  switch (def.type) {
    case 'string':
    case 'reference':
    case 'binary':
      if (typeof value !== 'string') return undefined;
      // RFC 7643 §2.3.7 / §2.3.6: references and binary values are case-exact.
      return def.caseExact || def.type !== 'string' ? value : lower(value);
    case 'dateTime':
      return typeof value === 'string' ? dateTimeInstant(value) : undefined;
    case 'integer':
    case 'decimal':
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'complex':
      return undefined;
  }
}

/** Code point order, with no locale (P-3.4.2.3-08); `<` alone would order UTF-16 units. */
function compareCodePoints(a: string, b: string): number {
  for (let i = 0; i < a.length && i < b.length; ) {
    const ca = a.codePointAt(i) ?? 0;
    const cb = b.codePointAt(i) ?? 0;
    if (ca !== cb) return ca < cb ? -1 : 1;
    i += ca > 0xffff ? 2 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function compareKeys(a: Key, b: Key): number {
  if (a === b) return 0;
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  return a < b ? -1 : 1;
}

/**
 * Returns a sorted copy of `resources` (RFC 7644 §3.4.2.3). `sortBy` takes the
 * standard attribute notation (URN-qualified, any case, `name.familyName`);
 * an attribute the resource type does not define leaves the order unchanged.
 * @throws ScimError invalidValue for a malformed `sortBy` or an unknown `sortOrder`.
 * @example sortResources(defaultRegistry, 'User', users, { sortBy: 'name.familyName', sortOrder: 'descending' })
 */
export function sortResources(
  registry: SchemaRegistry,
  resourceType: string,
  resources: ScimResource[],
  opts: SortOptions,
): ScimResource[] {
  const order = lower(opts.sortOrder ?? 'ascending');
  if (order !== 'ascending' && order !== 'descending') {
    throw new ScimError('invalidValue', `sortOrder must be "ascending" or "descending", got "${String(opts.sortOrder).slice(0, 40)}"`);
  }
  let path;
  try {
    path = parseAttrPath(opts.sortBy);
  } catch (err) {
    const why = isScimError(err) ? err.detail : 'malformed';
    throw new ScimError('invalidValue', `sortBy: "${opts.sortBy.slice(0, 100)}" is not an attribute name: ${why}`);
  }
  const resolved = registry.resolve(resourceType, path);
  if (!resolved) return [...resources];
  const target = targetOf(resolved, opts.sortBy);
  const sign = order === 'descending' ? -1 : 1;
  const keyed = resources.map((resource, index) => ({ resource, index, key: keyOf(target, resource) }));
  keyed.sort((x, y) => {
    let c: number;
    if (x.key === undefined || y.key === undefined) {
      // Missing values go last ascending; descending reverses that, so they come first.
      c = x.key === undefined ? (y.key === undefined ? 0 : 1) : -1;
    } else {
      c = compareKeys(x.key, y.key);
    }
    return c !== 0 ? c * sign : x.index - y.index;
  });
  return keyed.map((k) => k.resource);
}
