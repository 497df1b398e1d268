/**
 * Custom schema extensions for the reference server (`scimctl serve --schema`,
 * a seed's `schemas:`): RFC 7643 §7 Schema documents checked by the core,
 * attached to the resource type their URN names (`urn:…:User`), and served in
 * /Schemas and /ResourceTypes `schemaExtensions` (RFC 7643 §6).
 */
import { extendedTypeOf, parseSchemaDoc } from '../core/schema/schema-doc.js';
import { createSchemaRegistry, DEFAULT_RESOURCE_TYPES, DEFAULT_SCHEMAS, defaultRegistry } from '../core/schema/schema-registry.js';
import type { SchemaDef, SchemaIssue, SchemaRegistry } from '../core/schema/types.js';

/** One extension: its schema, the resource type it extends, and whether every resource must carry it. */
export interface ExtensionSchema {
  schema: SchemaDef;
  resourceType: string;
  required: boolean;
}

/** A problem in one Schema document: which document (index in its list), where inside it, what. */
export interface ExtensionIssue extends SchemaIssue {
  doc: number;
}

export type ExtensionParse = { ok: true; extensions: ExtensionSchema[] } | { ok: false; issues: ExtensionIssue[] };

const TYPE_NAMES = DEFAULT_RESOURCE_TYPES.map((t) => t.name);

/**
 * Schema documents → extensions. A document is refused when it contradicts RFC 7643 §7, redefines a built-in
 * schema, repeats another's id, or its id does not end in a resource type name (`:User`, `:Group`).
 */
export function extensionsFromDocs(docs: readonly unknown[]): ExtensionParse {
  const issues: ExtensionIssue[] = [];
  const extensions: ExtensionSchema[] = [];
  const ids = new Set(DEFAULT_SCHEMAS.map((s) => s.id.toLowerCase()));
  docs.forEach((raw, doc) => {
    const parsed = parseSchemaDoc(raw, { mode: 'file' });
    issues.push(...parsed.issues.map((i) => ({ ...i, doc })));
    const schema = parsed.schema;
    if (!schema || parsed.issues.length > 0) return;
    if (ids.has(schema.id.toLowerCase())) {
      issues.push({ doc, pointer: '/id', message: `schema ${schema.id} is already defined (a built-in schema or an earlier document)`, rule: 'S-7-07' });
      return;
    }
    const resourceType = extendedTypeOf(schema.id, TYPE_NAMES);
    if (!resourceType) {
      issues.push({ doc, pointer: '/id', message: `cannot tell which resource type ${schema.id} extends: end its id with :${TYPE_NAMES.join(' or :')}`, rule: 'S-3.3-04' });
      return;
    }
    ids.add(schema.id.toLowerCase());
    const required = typeof (raw as Record<string, unknown>).required === 'boolean' ? Boolean((raw as Record<string, unknown>).required) : false;
    extensions.push({ schema, resourceType, required });
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, extensions };
}

/** The built-in registry plus `extensions`, each listed in its resource type's `schemaExtensions`. */
export function registryWithExtensions(extensions: readonly ExtensionSchema[]): SchemaRegistry {
  if (extensions.length === 0) return defaultRegistry;
  return createSchemaRegistry({
    schemas: [...DEFAULT_SCHEMAS, ...extensions.map((e) => e.schema)],
    resourceTypes: DEFAULT_RESOURCE_TYPES.map((rt) => ({
      ...rt,
      schemaExtensions: [
        ...rt.schemaExtensions,
        ...extensions.filter((e) => e.resourceType === rt.name).map((e) => ({ schema: e.schema.id, required: e.required })),
      ],
    })),
  });
}
