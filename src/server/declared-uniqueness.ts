/**
 * RFC 7643 §7 `uniqueness` for the attributes of custom extensions: a value of
 * a `server` or `global` attribute may belong to one resource of the type
 * only (409 uniqueness, RFC 7644 §3.3, §3.12), compared as the attribute's
 * `caseExact` says (S-7-24). userName and Group displayName keep their own
 * indexes in the store; extensions are few and scanned.
 */
import { ScimError } from '../core/scim-errors.js';
import type { AttributeDef, ScimResource } from '../core/schema/types.js';
import type { ServerContext } from './server-context.js';
import type { ResourceKind } from './store.js';

interface UniqueAttr {
  container: string;
  def: AttributeDef;
}

const cache = new WeakMap<object, Map<string, UniqueAttr[]>>();

/** The unique simple attributes of the resource type's custom extensions. */
function uniqueAttrs(ctx: ServerContext, kind: ResourceKind): UniqueAttr[] {
  let byKind = cache.get(ctx.registry);
  if (!byKind) cache.set(ctx.registry, (byKind = new Map()));
  const hit = byKind.get(kind);
  if (hit) return hit;
  const rt = ctx.registry.resourceType(kind);
  const out: UniqueAttr[] = [];
  for (const ext of rt?.schemaExtensions ?? []) {
    if (!ctx.customSchemas.has(ext.schema.toLowerCase())) continue;
    for (const def of ctx.registry.schema(ext.schema)?.attributes ?? []) {
      if (def.type !== 'complex' && def.uniqueness !== 'none') out.push({ container: ext.schema, def });
    }
  }
  byKind.set(kind, out);
  return out;
}

function keysOf(def: AttributeDef, value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return values.map((v) => (typeof v === 'string' ? (def.caseExact ? v : v.toLowerCase()) : JSON.stringify(v)));
}

const valueIn = (resource: ScimResource, container: string, name: string): unknown =>
  (resource[container] as Record<string, unknown> | undefined)?.[name];

/** Throws 409 uniqueness when another resource of `kind` holds a value `data` claims. */
export function checkDeclaredUniqueness(ctx: ServerContext, kind: ResourceKind, data: ScimResource, selfId: string | undefined): void {
  const attrs = uniqueAttrs(ctx, kind);
  if (attrs.length === 0) return;
  const claims = attrs
    .map((a) => ({ ...a, keys: new Set(keysOf(a.def, valueIn(data, a.container, a.def.name))) }))
    .filter((a) => a.keys.size > 0);
  if (claims.length === 0) return;
  for (const record of ctx.store.all(kind)) {
    if (record.id === selfId) continue;
    for (const claim of claims) {
      if (keysOf(claim.def, valueIn(record.data, claim.container, claim.def.name)).some((k) => claim.keys.has(k))) {
        throw new ScimError('uniqueness', `${claim.container}:${claim.def.name} has uniqueness "${claim.def.uniqueness}" and the value is already in use`);
      }
    }
  }
}
