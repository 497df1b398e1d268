/**
 * The schema model (RFC 7643 §2.2 attribute characteristics, §7 schema definition).
 * Definitions are data; the discovery documents are generated from them.
 */
import type { AttrPath } from '../filter/ast.js';

export type AttributeType =
  | 'string'
  | 'boolean'
  | 'decimal'
  | 'integer'
  | 'dateTime'
  | 'binary'
  | 'reference'
  | 'complex';

export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type Returned = 'always' | 'never' | 'default' | 'request';
export type Uniqueness = 'none' | 'server' | 'global';

export interface AttributeDef {
  name: string;
  type: AttributeType;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: Mutability;
  returned: Returned;
  uniqueness: Uniqueness;
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: AttributeDef[];
}

export interface SchemaDef {
  id: string;
  name: string;
  description: string;
  attributes: AttributeDef[];
}

export interface ResourceTypeDef {
  id: string;
  name: string;
  endpoint: string;
  description: string;
  schema: string;
  schemaExtensions: { schema: string; required: boolean }[];
}

/** A resource as JSON: extension attributes live under their schema URN key (RFC 7643 §3.3). */
export type ScimResource = Record<string, unknown>;

/** Where an attribute path led: its definition and the schema that holds it. */
export interface ResolvedAttribute {
  /** The attribute itself (the sub-attribute when the path had one). */
  def: AttributeDef;
  /** The top-level attribute when `def` is a sub-attribute. */
  parent?: AttributeDef;
  /** URN of the schema that defines it (core or extension). */
  schema: string;
  /** True when the schema is an extension: its values live under `resource[schema]`. */
  extension: boolean;
  /**
   * True when the path named an extension schema itself (its bare URN). `def` is
   * then a synthetic complex attribute named by the URN whose sub-attributes are
   * the extension's attributes; `resolveSub` descends into them.
   */
  extensionRoot?: boolean;
}

/** Looks up attributes by path; names and URNs compare case-insensitively. */
export interface AttributeResolver {
  resolve(resourceType: string, path: AttrPath): ResolvedAttribute | undefined;
  /** Resolve `sub` inside a complex attribute (for paths inside a value filter). */
  resolveSub(parent: ResolvedAttribute, sub: string): ResolvedAttribute | undefined;
}

/** The schemas and resource types a server or tester works with. */
export interface SchemaRegistry extends AttributeResolver {
  readonly schemas: readonly SchemaDef[];
  readonly resourceTypes: readonly ResourceTypeDef[];
  /** By resource type name (`User`) or endpoint (`/Users`), case-insensitively. */
  resourceType(nameOrEndpoint: string): ResourceTypeDef | undefined;
  /** By schema URN, case-insensitively. */
  schema(id: string): SchemaDef | undefined;
}

/** One defect found by `checkResource`: where, what, and the rule it breaks. */
export interface SchemaIssue {
  /** RFC 6901 JSON pointer into the checked resource ('' for the whole resource). */
  pointer: string;
  message: string;
  /** A checklist ID (`S-3.1-03`) or RFC section (`RFC 7643 §2.1`). */
  rule: string;
}
