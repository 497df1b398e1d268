/**
 * Attribute lookup by path (RFC 7644 §3.10 attribute notation). Names and
 * URNs compare case-insensitively (RFC 7643 §2.1, checklist P-3.10-04).
 */
import type { AttrPath } from '../filter/ast.js';
import { COMMON_ATTRIBUTES } from './common-attributes.js';
import { ENTERPRISE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA_ID } from './enterprise-user-schema.js';
import { GROUP_SCHEMA, GROUP_SCHEMA_ID } from './group-schema.js';
import { USER_SCHEMA, USER_SCHEMA_ID } from './user-schema.js';
import type { AttributeDef, ResolvedAttribute, ResourceTypeDef, SchemaDef, SchemaRegistry } from './types.js';

export const DEFAULT_RESOURCE_TYPES: readonly ResourceTypeDef[] = [
  {
    id: 'User',
    name: 'User',
    endpoint: '/Users',
    description: 'User Account',
    schema: USER_SCHEMA_ID,
    schemaExtensions: [{ schema: ENTERPRISE_USER_SCHEMA_ID, required: false }],
  },
  {
    id: 'Group',
    name: 'Group',
    endpoint: '/Groups',
    description: 'Group',
    schema: GROUP_SCHEMA_ID,
    schemaExtensions: [],
  },
];

export const DEFAULT_SCHEMAS: readonly SchemaDef[] = [USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_USER_SCHEMA];

/** A resource type's schemas, core first. */
export interface ResourceSchemas {
  resourceType: ResourceTypeDef;
  core: SchemaDef;
  extensions: { schema: SchemaDef; required: boolean }[];
}

interface Entry {
  def: AttributeDef;
  schema: string;
  extension: boolean;
}

/** Per resource type: core + common attributes, then each extension's, keyed by lower-case name. */
interface TypeIndex {
  schemas: ResourceSchemas;
  core: Map<string, Entry>;
  extensions: Map<string, Map<string, Entry>>;
}

const lower = (s: string): string => s.toLowerCase();

/** The synthetic complex attribute standing for a whole extension (`urn:…:enterprise:2.0:User`). */
export function extensionRootDef(schema: SchemaDef): AttributeDef {
  return {
    name: schema.id,
    type: 'complex',
    multiValued: false,
    description: schema.description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    subAttributes: schema.attributes,
  };
}

function findByName(defs: readonly AttributeDef[] | undefined, name: string): AttributeDef | undefined {
  const key = lower(name);
  return defs?.find((d) => lower(d.name) === key);
}

/**
 * A registry over `schemas` and `resourceTypes` (default: User with the
 * optional Enterprise extension, and Group).
 * @throws Error when a resource type names a schema that is not given.
 * @example createSchemaRegistry().resolve('User', { name: 'name', sub: 'givenName' })?.def.type // 'string'
 */
export function createSchemaRegistry(
  opts: { schemas?: SchemaDef[]; resourceTypes?: ResourceTypeDef[] } = {},
): SchemaRegistry {
  const schemas: readonly SchemaDef[] = opts.schemas ?? DEFAULT_SCHEMAS;
  const resourceTypes: readonly ResourceTypeDef[] = opts.resourceTypes ?? DEFAULT_RESOURCE_TYPES;
  const schemaById = new Map(schemas.map((s) => [lower(s.id), s]));
  const typeIndex = new Map<string, TypeIndex>();

  for (const rt of resourceTypes) {
    const core = schemaById.get(lower(rt.schema));
    if (!core) throw new Error(`resource type ${rt.name}: unknown schema ${rt.schema}`);
    const extensions = rt.schemaExtensions.map((e) => {
      const schema = schemaById.get(lower(e.schema));
      if (!schema) throw new Error(`resource type ${rt.name}: unknown extension schema ${e.schema}`);
      return { schema, required: e.required };
    });
    const coreMap = new Map<string, Entry>();
    for (const def of [...core.attributes, ...COMMON_ATTRIBUTES]) {
      if (!coreMap.has(lower(def.name))) coreMap.set(lower(def.name), { def, schema: core.id, extension: false });
    }
    const extMaps = new Map<string, Map<string, Entry>>();
    for (const { schema } of extensions) {
      extMaps.set(
        lower(schema.id),
        new Map(schema.attributes.map((def) => [lower(def.name), { def, schema: schema.id, extension: true }])),
      );
    }
    const index: TypeIndex = { schemas: { resourceType: rt, core, extensions }, core: coreMap, extensions: extMaps };
    typeIndex.set(lower(rt.name), index);
    typeIndex.set(lower(rt.endpoint.replace(/^\/?/, '/')), index);
  }

  const indexFor = (nameOrEndpoint: string): TypeIndex | undefined => {
    const key = lower(nameOrEndpoint);
    return typeIndex.get(key) ?? (key.startsWith('/') ? undefined : typeIndex.get(`/${key}`));
  };

  const withSub = (entry: Entry, sub: string | undefined): ResolvedAttribute | undefined => {
    const top: ResolvedAttribute = { def: entry.def, schema: entry.schema, extension: entry.extension };
    return sub === undefined ? top : registry.resolveSub(top, sub);
  };

  const registry: SchemaRegistry = {
    schemas,
    resourceTypes,
    resourceType: (nameOrEndpoint) => indexFor(nameOrEndpoint)?.schemas.resourceType,
    schema: (id) => schemaById.get(lower(id)),

    // RFC 7644 §3.10: `[urn:]attr[.sub]`; unqualified names try the core schema, then extensions.
    resolve(resourceType: string, path: AttrPath): ResolvedAttribute | undefined {
      const index = indexFor(resourceType);
      if (!index) return undefined;
      let uri = path.uri;
      let name = path.name;
      // A bare extension URN may reach us whole in `name`, or split at its last colon.
      const whole = uri === undefined ? name : `${uri}:${name}`;
      const extension = index.schemas.extensions.find((e) => lower(e.schema.id) === lower(whole));
      if (extension) {
        const root: ResolvedAttribute = {
          def: extensionRootDef(extension.schema),
          schema: extension.schema.id,
          extension: true,
          extensionRoot: true,
        };
        return path.sub === undefined ? root : registry.resolveSub(root, path.sub);
      }
      if (uri === undefined && name.includes(':')) {
        const cut = name.lastIndexOf(':');
        uri = name.slice(0, cut);
        name = name.slice(cut + 1);
      }
      if (uri !== undefined) {
        const key = lower(uri);
        const map = key === lower(index.schemas.core.id) ? index.core : index.extensions.get(key);
        const entry = map?.get(lower(name));
        return entry ? withSub(entry, path.sub) : undefined;
      }
      const key = lower(name);
      const entry =
        index.core.get(key) ?? [...index.extensions.values()].map((m) => m.get(key)).find((e) => e !== undefined);
      return entry ? withSub(entry, path.sub) : undefined;
    },

    resolveSub(parent: ResolvedAttribute, sub: string): ResolvedAttribute | undefined {
      // RFC 7643 §2.3.8: only one level of sub-attributes, except inside a whole extension.
      if (parent.parent && !parent.extensionRoot) return undefined;
      const def = findByName(parent.def.subAttributes, sub);
      if (!def) return undefined;
      if (parent.extensionRoot) return { def, schema: parent.schema, extension: true };
      return { def, parent: parent.def, schema: parent.schema, extension: parent.extension };
    },
  };
  return registry;
}

/** The core and extension schemas of a resource type, or undefined if the registry lacks it. */
export function resourceSchemas(registry: SchemaRegistry, resourceType: string): ResourceSchemas | undefined {
  const rt = registry.resourceType(resourceType);
  if (!rt) return undefined;
  const core = registry.schema(rt.schema);
  if (!core) return undefined;
  const extensions = rt.schemaExtensions.flatMap((e) => {
    const schema = registry.schema(e.schema);
    return schema ? [{ schema, required: e.required }] : [];
  });
  return { resourceType: rt, core, extensions };
}

/** User (with the optional Enterprise extension) and Group, as RFC 7643 §4 defines them. */
export const defaultRegistry: SchemaRegistry = createSchemaRegistry();
