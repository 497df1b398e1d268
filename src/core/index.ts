/**
 * scimctl/core: the pure SCIM 2.0 model shared by the server and the tester.
 * No I/O; every export is listed here by hand so the public surface can be
 * reviewed in one file.
 *
 * @see ../../docs/architecture.md
 */

// Errors (RFC 7644 §3.12) and the tool's own error table
export { ScimError, SCIM_ERRORS, SCIM_TYPES, ERROR_SCHEMA, scimErrorBody, isScimError } from './scim-errors.js';
export type { ScimType, ScimErrorKey, ScimErrorTemplate, ScimErrorBody } from './scim-errors.js';
export { ScimctlError, SCIMCTL_ERRORS, EXIT_CODES, isScimctlError, exitCodeFor } from './errors.js';
export type { Diagnostic, SourceSpan, SourcePosition, ScimctlErrorCode, Result } from './errors.js';

// IdP tolerances
export { TOLERANCES, tolerates } from './tolerances.js';
export type { ToleranceName, CoreOptions } from './tolerances.js';

// Filters and paths (RFC 7644 §3.4.2.2, §3.5.2)
export { parseFilter, tryParseFilter } from './filter/filter-parser.js';
export { parsePath, tryParsePath, parseAttrPath, tryParseAttrPath } from './filter/path-parser.js';
export { printFilter, printPath, printAttrPath } from './filter/filter-printer.js';
export { matchesFilter, matchesElement, checkFilter } from './filter/filter-evaluator.js';
export { equalityLookup } from './filter/filter-index-hint.js';
export type { Filter, AttrPath, PatchPath, Literal, CompareOp, SyntaxErrorInfo } from './filter/ast.js';
export type { ParseResult } from './filter/filter-parser.js';
export type { GrammarOptions } from './filter/attr-path-syntax.js';
export type { MatchOptions } from './filter/filter-evaluator.js';

// Schema model (RFC 7643)
export { USER_SCHEMA, USER_SCHEMA_ID } from './schema/user-schema.js';
export { GROUP_SCHEMA, GROUP_SCHEMA_ID } from './schema/group-schema.js';
export { ENTERPRISE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA_ID } from './schema/enterprise-user-schema.js';
export { createSchemaRegistry, defaultRegistry } from './schema/schema-registry.js';
export { prepareCreate, prepareReplace, checkResource } from './schema/validate-resource.js';
export { serviceProviderConfigDoc, resourceTypeDocs, schemaDocs } from './schema/discovery.js';
export type {
  AttributeDef,
  AttributeType,
  Mutability,
  Returned,
  Uniqueness,
  SchemaDef,
  ResourceTypeDef,
  ScimResource,
  ResolvedAttribute,
  AttributeResolver,
  SchemaRegistry,
  SchemaIssue,
} from './schema/types.js';
export type { ServiceProviderConfigOptions, AuthenticationScheme } from './schema/discovery.js';

// PATCH (RFC 7644 §3.5.2)
export { applyPatch } from './patch/patch-engine.js';
export { PATCH_OP_SCHEMA } from './patch/patch-request.js';

// Queries: projection, sort, pagination (RFC 7644 §3.4.2.3–§3.4.2.5, §3.9)
export { projectResource, parseAttributeList } from './projection.js';
export { sortResources } from './sort.js';
export { paginate, parsePaging } from './paginate.js';
export type { ProjectionOptions } from './projection.js';
export type { SortOptions } from './sort.js';
export type { PageOptions, Page } from './paginate.js';
