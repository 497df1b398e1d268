/**
 * `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9) combined with
 * each attribute's `returned` characteristic (RFC 7643 §7).
 */
import { parseAttrPath } from './filter/path-parser.js';
import { ScimError, isScimError } from './scim-errors.js';
import { COMMON_ATTRIBUTES } from './schema/common-attributes.js';
import { resourceSchemas } from './schema/schema-registry.js';
import type { AttributeDef, ResolvedAttribute, SchemaRegistry, ScimResource } from './schema/types.js';

export interface ProjectionOptions {
  attributes?: string[];
  excludedAttributes?: string[];
}

/**
 * Splits a comma-separated `attributes` / `excludedAttributes` value (RFC 7644 §3.4.2.5).
 * @example parseAttributeList('userName, emails.value') // ['userName', 'emails.value']
 */
export function parseAttributeList(param: string): string[] {
  return param
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const lower = (s: string): string => s.toLowerCase();
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Selection keys: `schema|attr`, `schema|attr|sub`, or `schema|*` for a whole extension. */
function keyOf(r: ResolvedAttribute): string {
  if (r.extensionRoot) return `${r.schema}|*`;
  return r.parent ? `${r.schema}|${r.parent.name}|${r.def.name}` : `${r.schema}|${r.def.name}`;
}

/**
 * Resolves each listed name; names that resolve to nothing are ignored
 * (P-3.9-09), malformed ones are refused.
 */
function selection(registry: SchemaRegistry, resourceType: string, names: string[], param: string): Set<string> {
  const keys = new Set<string>();
  for (const name of names) {
    let path;
    try {
      path = parseAttrPath(name);
    } catch (err) {
      const why = isScimError(err) ? err.detail : 'malformed';
      throw new ScimError('invalidValue', `${param}: "${name.slice(0, 100)}" is not an attribute name: ${why}`);
    }
    const resolved = registry.resolve(resourceType, path);
    if (resolved) keys.add(keyOf(resolved));
  }
  return keys;
}

type Mode =
  | { kind: 'default'; excluded: Set<string> }
  | { kind: 'attributes'; named: Set<string> };

type SubDecision = 'keep' | 'copy' | 'drop';

class Projector {
  /** Sub-attribute decisions by attribute key, then element key: they depend on the keys only. */
  private readonly decided = new Map<string, Map<string, SubDecision>>();

  constructor(private readonly mode: Mode) {}

  /** One attribute of the resource or of an extension container; undefined drops it. */
  attribute(def: AttributeDef, value: unknown, schema: string, containerNamed: boolean, containerExcluded: boolean): unknown {
    // RFC 7643 §7: `never` is never returned, `always` always is.
    if (def.returned === 'never') return undefined;
    const key = `${schema}|${def.name}`;
    if (def.returned === 'always') return this.subs(def, value, key, 'whole');
    if (this.mode.kind === 'attributes') {
      const named = this.mode.named;
      if (named.has(key) || containerNamed) return this.subs(def, value, key, 'whole');
      // RFC 7644 §3.9: `name.givenName` returns only that part of the complex value.
      if ([...named].some((k) => k.startsWith(`${key}|`))) return this.subs(def, value, key, 'pick');
      return undefined;
    }
    // `request` attributes are returned only when named in `attributes`.
    if (def.returned === 'request') return undefined;
    if (this.mode.excluded.has(key) || containerExcluded) return undefined;
    return this.subs(def, value, key, 'whole');
  }

  /** Applies the sub-attribute rules to a complex value (or each element of a multi-valued one). */
  private subs(def: AttributeDef, value: unknown, key: string, how: 'whole' | 'pick'): unknown {
    if (def.type !== 'complex' || !def.subAttributes) return Array.isArray(value) ? [...value] : value;
    // The rule for a key depends only on the key: decided once per attribute and projector, not per element.
    const slot = `${key}|${how}`;
    let decisions = this.decided.get(slot);
    if (!decisions) this.decided.set(slot, (decisions = new Map()));
    if (Array.isArray(value)) {
      const items = value.map((v) => this.element(def, v, key, how, decisions)).filter((v) => v !== undefined);
      return items.length > 0 ? items : undefined;
    }
    return this.element(def, value, key, how, decisions);
  }

  private element(def: AttributeDef, value: unknown, key: string, how: 'whole' | 'pick', decisions: Map<string, SubDecision>): unknown {
    if (!isObject(value)) return how === 'whole' ? value : undefined;
    const out: ScimResource = {};
    for (const [k, v] of Object.entries(value)) {
      let decision = decisions.get(k);
      if (decision === undefined) decisions.set(k, (decision = this.decideSub(def, k, key, how)));
      if (decision === 'keep') out[k] = v;
      else if (decision === 'copy') out[k] = Array.isArray(v) ? [...v] : v;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }

  /** What happens to the key `k` of an element: kept as is (not in the schema), copied, or dropped. */
  private decideSub(def: AttributeDef, k: string, key: string, how: 'whole' | 'pick'): SubDecision {
    if (FORBIDDEN.has(k)) return 'drop';
    const sub = def.subAttributes?.find((s) => lower(s.name) === lower(k));
    if (!sub) return how === 'whole' ? 'keep' : 'drop';
    return this.keepSub(sub, `${key}|${sub.name}`, how) ? 'copy' : 'drop';
  }

  private keepSub(sub: AttributeDef, key: string, how: 'whole' | 'pick'): boolean {
    if (sub.returned === 'never') return false;
    if (sub.returned === 'always') return true;
    if (this.mode.kind === 'attributes') {
      if (this.mode.named.has(key)) return true;
      return how === 'whole' && sub.returned !== 'request';
    }
    return sub.returned !== 'request' && !this.mode.excluded.has(key);
  }
}

/** Attribute definitions of a resource type by lower-case name, built once per registry and type. */
interface TypePlan {
  core: string;
  coreSchema: object;
  coreDefs: Map<string, AttributeDef>;
  extensions: Map<string, { id: string; defs: Map<string, AttributeDef> }>;
}

const plans = new WeakMap<SchemaRegistry, Map<string, TypePlan>>();

function byLowerName(defs: readonly AttributeDef[]): Map<string, AttributeDef> {
  const map = new Map<string, AttributeDef>();
  // The first definition of a name wins, as a find() over the list would.
  for (const d of defs) if (!map.has(lower(d.name))) map.set(lower(d.name), d);
  return map;
}

function typePlan(registry: SchemaRegistry, resourceType: string): TypePlan {
  const schemas = resourceSchemas(registry, resourceType);
  if (!schemas) throw new ScimError('notFound', `unknown resource type "${resourceType}"`);
  let byType = plans.get(registry);
  if (!byType) plans.set(registry, (byType = new Map()));
  const cached = byType.get(resourceType);
  if (cached && cached.coreSchema === schemas.core && cached.extensions.size === schemas.extensions.length) return cached;
  const plan: TypePlan = {
    core: schemas.core.id,
    coreSchema: schemas.core,
    coreDefs: byLowerName([...schemas.core.attributes, ...COMMON_ATTRIBUTES]),
    extensions: new Map(schemas.extensions.map((e) => [lower(e.schema.id), { id: e.schema.id, defs: byLowerName(e.schema.attributes) }])),
  };
  byType.set(resourceType, plan);
  return plan;
}

/**
 * A projection of many resources of one type with the same parameters (a list
 * page): the parameters are resolved and each sub-attribute decided once.
 * Each call gives what `projectResource` gives.
 * @throws ScimError invalidValue when both lists are given or a name is malformed.
 */
export function resourceProjector(
  registry: SchemaRegistry,
  resourceType: string,
  opts: ProjectionOptions = {},
): (resource: ScimResource) => ScimResource {
  const plan = typePlan(registry, resourceType);
  const attributes = opts.attributes ?? [];
  const excluded = opts.excludedAttributes ?? [];
  // RFC 7644 §3.9: the two parameters are alternatives (checklist P-3.9-07).
  if (attributes.length > 0 && excluded.length > 0) {
    throw new ScimError('invalidValue', 'attributes and excludedAttributes cannot be used together');
  }
  const mode: Mode =
    attributes.length > 0
      ? { kind: 'attributes', named: selection(registry, resourceType, attributes, 'attributes') }
      : { kind: 'default', excluded: selection(registry, resourceType, excluded, 'excludedAttributes') };
  const projector = new Projector(mode);
  return (resource) => {
    const out: ScimResource = {};
    for (const key of Object.keys(resource)) {
      const value = resource[key];
      if (FORBIDDEN.has(key) || value === undefined) continue;
      const ext = plan.extensions.get(lower(key));
      if (ext) {
        if (!isObject(value)) continue;
        const id = ext.id;
        const named = mode.kind === 'attributes' && mode.named.has(`${id}|*`);
        const dropped = mode.kind === 'default' && mode.excluded.has(`${id}|*`);
        const container: ScimResource = {};
        for (const [k, v] of Object.entries(value)) {
          const def = ext.defs.get(lower(k));
          if (!def || FORBIDDEN.has(k)) continue;
          const kept = projector.attribute(def, v, id, named, dropped);
          if (kept !== undefined) container[k] = kept;
        }
        if (Object.keys(container).length > 0) out[key] = container;
        continue;
      }
      const def = plan.coreDefs.get(lower(key));
      if (!def) {
        // Not in the schema: returned by default, never selected by name.
        if (mode.kind === 'default') out[key] = value;
        continue;
      }
      const kept = projector.attribute(def, value, plan.core, false, false);
      if (kept !== undefined) out[key] = kept;
    }
    return withExtensionUris(out, resource);
  };
}

/**
 * The representation of `resource` to return (RFC 7644 §3.9, RFC 7643 §7):
 * `always` attributes and `schemas` always, `never` ones (password) never,
 * `default` ones unless `attributes` leaves them out or `excludedAttributes`
 * names them, `request` ones only when named in `attributes`. Names may be
 * URN-qualified (a bare extension URN means the whole extension) and compare
 * case-insensitively; unknown names are ignored.
 * @throws ScimError invalidValue when both lists are given or a name is malformed.
 * @example projectResource(defaultRegistry, 'User', user, { attributes: ['userName', 'name.givenName'] })
 * // { schemas, id, userName, name: { givenName } }
 */
export function projectResource(
  registry: SchemaRegistry,
  resourceType: string,
  resource: ScimResource,
  opts: ProjectionOptions = {},
): ScimResource {
  return resourceProjector(registry, resourceType, opts)(resource);
}

/** Keeps `schemas` in step with the extension containers the projection dropped (RFC 7643 §3). */
function withExtensionUris(out: ScimResource, resource: ScimResource): ScimResource {
  const list = out.schemas;
  if (!Array.isArray(list)) return out;
  const dropped = (uri: unknown): boolean =>
    typeof uri === 'string' && isObject(resource[uri]) && out[uri] === undefined;
  return { ...out, schemas: list.filter((u) => !dropped(u)) };
}
