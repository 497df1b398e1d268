/**
 * What a target declares in /ResourceTypes and /Schemas (RFC 7644 §4), read
 * with the core's Schema-document reader in 'served' mode, and which of its
 * attributes `--schema-checks` generates checks for: every attribute of every
 * extension except the enterprise one, and every core attribute the built-in
 * suites do not cover (anything beyond RFC 7643 §4.1, §4.2, or of a custom type).
 */
import { ENTERPRISE_USER_SCHEMA_ID } from '../../core/schema/enterprise-user-schema.js';
import { GROUP_SCHEMA } from '../../core/schema/group-schema.js';
import { parseSchemaDoc } from '../../core/schema/schema-doc.js';
import type { AttributeDef, SchemaDef, SchemaIssue } from '../../core/schema/types.js';
import { USER_SCHEMA } from '../../core/schema/user-schema.js';

export interface DeclaredType {
  name: string;
  endpoint: string;
  schema: string;
  extensions: { schema: string; required: boolean }[];
}

export interface DeclaredSchema {
  def: SchemaDef;
  /** JSON pointer of this Schema in the /Schemas ListResponse (`/Resources/3`). */
  pointer: string;
  issues: SchemaIssue[];
  /** The served document, as served. */
  raw: Record<string, unknown>;
  /** Index of each attribute (by lower-case name) in the served `attributes` list. */
  index: Map<string, number>;
}

/** One attribute `--schema-checks` covers, with where it lives. */
export interface ScopedAttribute {
  type: DeclaredType;
  schema: DeclaredSchema;
  extension: boolean;
  def: AttributeDef;
  /** Pointer of the definition in the /Schemas ListResponse. */
  pointer: string;
}

export interface Declarations {
  types: DeclaredType[];
  schemas: Map<string, DeclaredSchema>;
  /** Why the declarations could not be read, when they could not. */
  problem?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const lower = (s: string) => s.toLowerCase();
const resourcesOf = (body: unknown): unknown[] | undefined => (isObject(body) && Array.isArray(body.Resources) ? body.Resources : Array.isArray(body) ? body : undefined);

/** Reads the two discovery bodies; malformed entries are left out (the discovery suite judges them). */
export function readDeclarations(resourceTypesBody: unknown, schemasBody: unknown): Declarations {
  const types: DeclaredType[] = [];
  for (const raw of resourcesOf(resourceTypesBody) ?? []) {
    if (!isObject(raw) || typeof raw.name !== 'string' || typeof raw.endpoint !== 'string' || typeof raw.schema !== 'string') continue;
    const exts = Array.isArray(raw.schemaExtensions) ? raw.schemaExtensions : [];
    types.push({
      name: raw.name,
      endpoint: raw.endpoint.startsWith('/') ? raw.endpoint : `/${raw.endpoint}`,
      schema: raw.schema,
      extensions: exts.filter(isObject).filter((e) => typeof e.schema === 'string').map((e) => ({ schema: e.schema as string, required: e.required === true })),
    });
  }
  const schemas = new Map<string, DeclaredSchema>();
  const list = resourcesOf(schemasBody);
  list?.forEach((raw, i) => {
    const parsed = parseSchemaDoc(raw, { mode: 'served' });
    if (!parsed.schema) return;
    const index = new Map<string, number>();
    const attrs = isObject(raw) && Array.isArray(raw.attributes) ? raw.attributes : [];
    attrs.forEach((a, j) => {
      if (isObject(a) && typeof a.name === 'string' && !index.has(lower(a.name))) index.set(lower(a.name), j);
    });
    schemas.set(lower(parsed.schema.id), { def: parsed.schema, pointer: `/Resources/${i}`, issues: parsed.issues, index, raw: raw as Record<string, unknown> });
  });
  const problem = types.length === 0 ? '/ResourceTypes lists no resource type' : list === undefined ? '/Schemas is not a ListResponse' : undefined;
  return { types, schemas, ...(problem ? { problem } : {}) };
}

const COVERED: Record<string, Set<string>> = {
  [lower(USER_SCHEMA.id)]: new Set(USER_SCHEMA.attributes.map((a) => lower(a.name))),
  [lower(GROUP_SCHEMA.id)]: new Set(GROUP_SCHEMA.attributes.map((a) => lower(a.name))),
  [lower(ENTERPRISE_USER_SCHEMA_ID)]: new Set(['*']),
};
// Common attributes (RFC 7643 §3.1) some targets list in their core schemas; the suites cover them.
const COMMON = new Set(['id', 'externalid', 'meta', 'schemas']);

function inScope(schemaId: string, def: AttributeDef): boolean {
  const covered = COVERED[lower(schemaId)];
  if (COMMON.has(lower(def.name))) return false;
  return !covered || (!covered.has('*') && !covered.has(lower(def.name)));
}

/** The attributes `--schema-checks` generates checks for, in declaration order. */
export function scopedAttributes(decl: Declarations): ScopedAttribute[] {
  const out: ScopedAttribute[] = [];
  for (const type of decl.types) {
    const entries = [{ id: type.schema, extension: false }, ...type.extensions.map((e) => ({ id: e.schema, extension: true }))];
    for (const { id, extension } of entries) {
      const schema = decl.schemas.get(lower(id));
      if (!schema) continue;
      for (const def of schema.def.attributes) {
        const j = schema.index.get(lower(def.name));
        if (j !== undefined && inScope(schema.def.id, def)) out.push({ type, schema, extension, def, pointer: `${schema.pointer}/attributes/${j}` });
      }
    }
  }
  return out;
}

/** Schemas whose declarations are in scope (those holding a scoped attribute), for the declaration checks. */
export function scopedSchemas(decl: Declarations): DeclaredSchema[] {
  const seen = new Map<string, DeclaredSchema>();
  for (const a of scopedAttributes(decl)) seen.set(lower(a.schema.def.id), a.schema);
  return [...seen.values()];
}
