/**
 * The common attributes of every resource (RFC 7643 §3.1) and `schemas`
 * (§3). The §8.7.1 schema listings leave them out, and so does /Schemas
 * (S-3.1-19 only constrains a server that lists them); the registry resolves
 * them for every resource type so filters, sortBy and projection can use them.
 */
import { attr, complex } from './attribute-def.js';
import type { AttributeDef } from './types.js';

export const COMMON_ATTRIBUTES: readonly AttributeDef[] = [
  // RFC 7643 §3: REQUIRED on every representation; a list of schema URIs.
  attr('schemas', 'The schema URIs the resource conforms to.', {
    type: 'reference',
    referenceTypes: ['uri'],
    multiValued: true,
    required: true,
    caseExact: true,
    returned: 'always',
  }),
  // RFC 7643 §3.1: issued by the service provider, stable, returned always.
  attr('id', 'A unique identifier for a SCIM resource as defined by the service provider.', {
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  attr('externalId', 'A String that is an identifier for the resource as defined by the provisioning client.', {
    caseExact: true,
  }),
  complex(
    'meta',
    'A complex attribute containing resource metadata.',
    [
      attr('resourceType', 'The name of the resource type of the resource.', { caseExact: true, mutability: 'readOnly' }),
      attr('created', 'The "DateTime" that the resource was added to the service provider.', {
        type: 'dateTime',
        mutability: 'readOnly',
      }),
      attr('lastModified', 'The most recent DateTime that the details of this resource were updated at the service provider.', {
        type: 'dateTime',
        mutability: 'readOnly',
      }),
      attr('location', 'The URI of the resource being returned.', {
        type: 'reference',
        referenceTypes: ['uri'],
        caseExact: true,
        mutability: 'readOnly',
      }),
      attr('version', 'The version of the resource being returned.', { caseExact: true, mutability: 'readOnly' }),
    ],
    { mutability: 'readOnly' },
  ),
];
