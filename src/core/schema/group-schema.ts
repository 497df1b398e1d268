/**
 * The Group schema, RFC 7643 §4.2 as published in §8.7.1, with erratum 5368
 * (verified: `displayName` is required) and erratum 6011 (reported: members
 * carry a `display`, which the RFC's own examples send).
 */
import { attr, complex } from './attribute-def.js';
import type { SchemaDef } from './types.js';

export const GROUP_SCHEMA_ID = 'urn:ietf:params:scim:schemas:core:2.0:Group';

export const GROUP_SCHEMA: SchemaDef = {
  id: GROUP_SCHEMA_ID,
  name: 'Group',
  description: 'Group',
  attributes: [
    attr('displayName', 'A human-readable name for the Group. REQUIRED.', { required: true }),
    // RFC 7643 §4.2: members can be added and removed, but a member's parts never change.
    complex(
      'members',
      'A list of members of the Group.',
      [
        attr('value', 'Identifier of the member of this Group.', { mutability: 'immutable' }),
        attr('$ref', 'The URI corresponding to a SCIM resource that is a member of this Group.', {
          type: 'reference',
          referenceTypes: ['User', 'Group'],
          mutability: 'immutable',
        }),
        attr('type', 'A label indicating the type of resource, e.g., \'User\' or \'Group\'.', {
          canonicalValues: ['User', 'Group'],
          mutability: 'immutable',
        }),
        attr('display', 'A human-readable name, primarily used for display purposes.', { mutability: 'immutable' }),
      ],
      { multiValued: true },
    ),
  ],
};
