/**
 * The discovery documents (RFC 7644 §4), generated from the schema model:
 * /ServiceProviderConfig (RFC 7643 §5), /ResourceTypes (§6), /Schemas (§7).
 * Each carries `schemas` and `meta` (erratum 8417, checklist area 22).
 */
import type { AttributeDef, SchemaRegistry } from './types.js';

export const SERVICE_PROVIDER_CONFIG_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
export const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
export const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

/** RFC 7643 §5 `authenticationSchemes.type` canonical values. */
export type AuthenticationSchemeType = 'oauth' | 'oauth2' | 'oauthbearertoken' | 'httpbasic' | 'httpdigest';

export interface AuthenticationScheme {
  type: AuthenticationSchemeType;
  name: string;
  description: string;
  specUri?: string;
  documentationUri?: string;
  primary?: boolean;
}

export interface ServiceProviderConfigOptions {
  documentationUri?: string;
  patch: boolean;
  bulk: { supported: boolean; maxOperations: number; maxPayloadSize: number };
  filter: { supported: boolean; maxResults: number };
  changePassword: boolean;
  sort: boolean;
  etag: boolean;
  authenticationSchemes: AuthenticationScheme[];
  /** Absolute URL of /ServiceProviderConfig, for `meta.location`. */
  location?: string;
}

const AUTH_TYPES: readonly string[] = ['oauth', 'oauth2', 'oauthbearertoken', 'httpbasic', 'httpdigest'];

function nonNegativeInteger(value: number, name: string): number {
  // RFC 7643 §2.3.4 / S-2.3.4-01: the limits are JSON integers.
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
  return value;
}

/**
 * The /ServiceProviderConfig body (RFC 7643 §5; §8.5 example).
 * @throws Error when the configuration itself is unusable (no authentication scheme, bad limits).
 * @see RFC 7643 §8.5 for the document this produces.
 */
export function serviceProviderConfigDoc(opts: ServiceProviderConfigOptions): Record<string, unknown> {
  // S-5-07: a non-empty list, each with a canonical type, a name and a description.
  if (opts.authenticationSchemes.length === 0) throw new Error('authenticationSchemes must list at least one scheme');
  for (const scheme of opts.authenticationSchemes) {
    if (!AUTH_TYPES.includes(scheme.type)) throw new Error(`unknown authentication scheme type "${String(scheme.type)}"`);
  }
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
    ...(opts.documentationUri === undefined ? {} : { documentationUri: opts.documentationUri }),
    patch: { supported: opts.patch },
    bulk: {
      supported: opts.bulk.supported,
      maxOperations: nonNegativeInteger(opts.bulk.maxOperations, 'bulk.maxOperations'),
      maxPayloadSize: nonNegativeInteger(opts.bulk.maxPayloadSize, 'bulk.maxPayloadSize'),
    },
    filter: { supported: opts.filter.supported, maxResults: nonNegativeInteger(opts.filter.maxResults, 'filter.maxResults') },
    changePassword: { supported: opts.changePassword },
    sort: { supported: opts.sort },
    // RFC 7643 §5 (and §8.5) include etag although the §8.7.2 listing omits it (checklist open point 12).
    etag: { supported: opts.etag },
    authenticationSchemes: opts.authenticationSchemes.map((s) => ({
      type: s.type,
      name: s.name,
      description: s.description,
      ...(s.specUri === undefined ? {} : { specUri: s.specUri }),
      ...(s.documentationUri === undefined ? {} : { documentationUri: s.documentationUri }),
      ...(s.primary === undefined ? {} : { primary: s.primary }),
    })),
    meta: {
      resourceType: 'ServiceProviderConfig',
      ...(opts.location === undefined ? {} : { location: opts.location }),
    },
  };
}

const trimBase = (baseUrl: string): string => baseUrl.replace(/\/+$/, '');

/**
 * One document per resource type (RFC 7643 §6; §8.6 example).
 * @example resourceTypeDocs(defaultRegistry, 'https://h/scim/v2')[0]?.meta // { resourceType: 'ResourceType', location: 'https://h/scim/v2/ResourceTypes/User' }
 */
export function resourceTypeDocs(registry: SchemaRegistry, baseUrl: string): Record<string, unknown>[] {
  const base = trimBase(baseUrl);
  return registry.resourceTypes.map((rt) => ({
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: rt.id,
    name: rt.name,
    endpoint: rt.endpoint,
    description: rt.description,
    schema: rt.schema,
    // Erratum 7522: schemaExtensions is multi-valued; left out when there are none (as in §8.6).
    ...(rt.schemaExtensions.length === 0
      ? {}
      : { schemaExtensions: rt.schemaExtensions.map((e) => ({ schema: e.schema, required: e.required })) }),
    meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/${rt.id}` },
  }));
}

/** An attribute definition as RFC 7643 §7 lists it, in the §8.7.1 key order. */
function attributeDoc(def: AttributeDef): Record<string, unknown> {
  return {
    name: def.name,
    type: def.type,
    multiValued: def.multiValued,
    description: def.description,
    required: def.required,
    caseExact: def.caseExact,
    ...(def.canonicalValues === undefined ? {} : { canonicalValues: [...def.canonicalValues] }),
    mutability: def.mutability,
    returned: def.returned,
    uniqueness: def.uniqueness,
    // Erratum 5607: referenceTypes is multi-valued.
    ...(def.referenceTypes === undefined ? {} : { referenceTypes: [...def.referenceTypes] }),
    ...(def.subAttributes === undefined ? {} : { subAttributes: def.subAttributes.map(attributeDoc) }),
  };
}

/**
 * One document per schema (RFC 7643 §7; §8.7.1). The common attributes
 * (id, externalId, meta) are not listed, as in §8.7.1.
 * @see resourceTypeDocs
 */
export function schemaDocs(registry: SchemaRegistry, baseUrl: string): Record<string, unknown>[] {
  const base = trimBase(baseUrl);
  return registry.schemas.map((schema) => ({
    schemas: [SCHEMA_SCHEMA],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes.map(attributeDoc),
    meta: { resourceType: 'Schema', location: `${base}/Schemas/${schema.id}` },
  }));
}
