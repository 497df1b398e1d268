/** Shared resources and helpers for the PATCH engine tests. */
import { expect } from 'vitest';
import { applyPatch } from '../../../../src/core/patch/patch-engine.js';
import { PATCH_OP_SCHEMA } from '../../../../src/core/patch/patch-request.js';
import { isScimError, type ScimType } from '../../../../src/core/scim-errors.js';
import { defaultRegistry } from '../../../../src/core/schema/schema-registry.js';
import type { ScimResource } from '../../../../src/core/schema/types.js';
import type { CoreOptions } from '../../../../src/core/tolerances.js';

export const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const STRICT: CoreOptions = { strict: true };

/** A user as the store holds it: canonical keys, id and meta set by the server. */
export function user(): ScimResource {
  return {
    schemas: [USER_URN],
    id: '2819c223-7f76-453a-919d-413861904646',
    externalId: 'bjensen',
    userName: 'bjensen@example.com',
    name: { formatted: 'Ms. Barbara J Jensen, III', familyName: 'Jensen', givenName: 'Barbara' },
    displayName: 'Babs Jensen',
    title: 'Tour Guide',
    active: true,
    emails: [
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
    ],
    addresses: [
      {
        type: 'work',
        streetAddress: '100 Universal City Plaza',
        locality: 'Hollywood',
        region: 'CA',
        postalCode: '91608',
        country: 'US',
        primary: true,
      },
      { type: 'home', streetAddress: '456 Hollywood Blvd', locality: 'Hollywood', region: 'CA', country: 'US' },
    ],
    phoneNumbers: [{ value: '555-555-5555', type: 'work' }],
    groups: [{ value: 'e9e30dba-f08f-4109-8486-d5c6a331660a', display: 'Tour Guides', type: 'direct' }],
    meta: {
      resourceType: 'User',
      created: '2010-01-23T04:56:22Z',
      lastModified: '2011-05-13T04:42:34Z',
      version: 'W/"3694e05e9dff591"',
      location: 'https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646',
    },
  };
}

/** The same user with Enterprise User data. */
export function enterpriseUser(): ScimResource {
  return {
    ...user(),
    schemas: [USER_URN, ENTERPRISE_URN],
    [ENTERPRISE_URN]: {
      employeeNumber: '701984',
      department: 'Tour Operations',
      manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d', displayName: 'John Smith' },
    },
  };
}

export const MEMBER_1 = '2819c223-7f76-453a-919d-413861904646';
export const MEMBER_2 = '902c246b-6245-4190-8e05-00816be7344a';
export const MEMBER_3 = '08e1d05d-121c-4561-8b96-473d93df9210';

export function group(): ScimResource {
  return {
    schemas: [GROUP_URN],
    id: 'e9e30dba-f08f-4109-8486-d5c6a331660a',
    displayName: 'Tour Guides',
    members: [
      { value: MEMBER_1, display: 'Babs Jensen', type: 'User' },
      { value: MEMBER_2, display: 'Mandy Pepperidge', type: 'User' },
    ],
    meta: { resourceType: 'Group', created: '2010-01-23T04:56:22Z', lastModified: '2011-05-13T04:42:34Z' },
  };
}

/** A PatchOp body around `operations`. */
export function body(...operations: unknown[]): unknown {
  return { schemas: [PATCH_OP_SCHEMA], Operations: operations };
}

export function patchUser(resource: ScimResource, operations: unknown[], opts?: CoreOptions): ScimResource {
  return applyPatch(defaultRegistry, 'User', resource, body(...operations), opts);
}

export function patchGroup(resource: ScimResource, operations: unknown[], opts?: CoreOptions): ScimResource {
  return applyPatch(defaultRegistry, 'Group', resource, body(...operations), opts);
}

/** Runs `fn`, expects a ScimError with `scimType`, and returns it for further checks. */
export function expectScimError(fn: () => unknown, scimType: ScimType) {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, 'expected a ScimError to be thrown').toBeDefined();
  if (!isScimError(caught)) throw caught;
  expect(caught.scimType).toBe(scimType);
  expect(caught.status).toBe(400);
  return caught;
}

export function ext(resource: ScimResource): Record<string, unknown> | undefined {
  return resource[ENTERPRISE_URN] as Record<string, unknown> | undefined;
}
