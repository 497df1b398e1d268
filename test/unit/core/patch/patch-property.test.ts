/**
 * Property: whatever PATCH document arrives, applyPatch either throws a
 * ScimError or returns a resource the schema validator accepts, and never
 * changes its input. Seeds are fixed so runs are repeatable.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPatch } from '../../../../src/core/patch/patch-engine.js';
import { isScimError } from '../../../../src/core/scim-errors.js';
import { defaultRegistry } from '../../../../src/core/schema/schema-registry.js';
import { checkResource } from '../../../../src/core/schema/validate-resource.js';
import type { ScimResource } from '../../../../src/core/schema/types.js';
import { ENTERPRISE_URN, USER_URN, enterpriseUser, group, user } from './fixtures.js';

const PATHS = [
  'title', 'displayName', 'nickName', 'userName', 'active', 'externalId', 'id', 'meta', 'meta.created', 'schemas',
  'password', 'locale', 'profileUrl', 'groups', 'name', 'name.givenName', 'NAME.FAMILYNAME', 'name.middleName',
  'emails', 'emails.value', 'emails.primary', 'emails[type eq "work"]', 'emails[type eq "work"].value',
  'emails[type eq "work"].primary', 'emails[value ew "example.com"]', 'emails[type eq "home" or primary eq true].display',
  'emails[not (type eq "work")]', 'phoneNumbers[type eq "mobile"].value', 'addresses[type eq "work"].streetAddress',
  'addresses[type eq "home"]', 'addresses.country', 'roles', 'roles[value eq "admin"]', 'x509Certificates',
  'entitlements[primary eq true].value', 'ims', 'photos[type eq "photo"].value',
  `${USER_URN}:nickName`, ENTERPRISE_URN, `${ENTERPRISE_URN}:employeeNumber`, `${ENTERPRISE_URN}:manager`,
  `${ENTERPRISE_URN}:manager.value`, `${ENTERPRISE_URN}:manager.displayName`, 'manager[value eq "m1"]',
  'emails[type eq', 'emails[0].value', 'name..givenName', '__proto__', 'constructor.prototype', '', ' ', 'x[', 'urn:',
];

const word = fc.constantFrom('work', 'home', 'True', 'false', 'admin', 'a@example.com', 'x', '', 'AQID', 'US', 'm1');
const scalar = fc.oneof(word, fc.boolean(), fc.integer({ min: -5, max: 5 }), fc.constant(null), fc.string({ maxLength: 6 }));
const element = fc.dictionary(
  fc.constantFrom('value', 'type', 'primary', 'display', 'Value', 'streetAddress', 'country', '$ref', '__proto__', 'bogus'),
  scalar,
  { maxKeys: 4 },
);
const attrValue = fc.oneof(scalar, element, fc.array(element, { maxLength: 3 }), fc.array(scalar, { maxLength: 2 }));
const pathlessValue = fc.dictionary(fc.constantFrom(...PATHS, 'emails', 'name', 'active', 'bogus'), attrValue, { maxKeys: 4 });

const noisyOperation = fc.record(
  {
    op: fc.constantFrom('add', 'remove', 'replace', 'Add', 'REPLACE', 'Remove', 'move', 7),
    path: fc.oneof(fc.constantFrom(...PATHS), fc.string({ maxLength: 12 })),
    value: fc.oneof(attrValue, pathlessValue),
  },
  { requiredKeys: ['op'] },
);

/** Operations an IdP would plausibly send: well-typed values for real paths. */
const text = fc.constantFrom('Babs', 'Tour Guide', 'a@example.com', 'b@example.org', 'en-US', 'X');
const email = fc.record(
  { value: text, type: fc.constantFrom('work', 'home', 'other'), primary: fc.boolean(), display: text },
  { requiredKeys: ['value'] },
);
const writeOp = fc.constantFrom('add', 'replace', 'Replace');
const plausibleOperation = fc.oneof(
  fc.record({ op: writeOp, path: fc.constantFrom('title', 'displayName', 'nickName', 'locale', 'name.givenName', 'userName'), value: text }),
  fc.record({ op: writeOp, path: fc.constantFrom('active', 'emails[type eq "work"].primary'), value: fc.constantFrom(true, false, 'True', 'False') }),
  fc.record({ op: writeOp, path: fc.constantFrom('emails', 'emails[type eq "home"]'), value: fc.oneof(email, fc.array(email, { maxLength: 3 })) }),
  fc.record({ op: writeOp, path: fc.constantFrom('emails[type eq "work"].value', 'emails[primary eq true].display'), value: text }),
  fc.record({ op: writeOp, path: fc.constant('name'), value: fc.record({ givenName: text, familyName: text }, { requiredKeys: [] }) }),
  fc.record({ op: writeOp, path: fc.constantFrom(`${ENTERPRISE_URN}:department`, `${ENTERPRISE_URN}:employeeNumber`), value: text }),
  fc.record({ op: writeOp, path: fc.constant(`${ENTERPRISE_URN}:manager`), value: fc.oneof(text, fc.record({ value: text })) }),
  fc.record({
    op: fc.constantFrom('remove', 'Remove'),
    path: fc.constantFrom('title', 'nickName', 'emails', 'emails[type eq "home"]', 'name.givenName', 'addresses[type eq "work"].region', ENTERPRISE_URN, 'manager[value eq "m1"]'),
  }),
  fc.record({
    op: writeOp,
    value: fc.record({ active: fc.boolean(), displayName: text, 'name.familyName': text, [`${ENTERPRISE_URN}:costCenter`]: text }, { requiredKeys: [] }),
  }),
);

const operation = fc.oneof({ weight: 4, arbitrary: plausibleOperation }, { weight: 1, arbitrary: noisyOperation });

const request = fc.oneof(
  { weight: 8, arbitrary: fc.array(operation, { minLength: 1, maxLength: 5 }).map((Operations) => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations })) },
  { weight: 1, arbitrary: fc.jsonValue() },
);

function judge(type: 'User' | 'Group', resource: ScimResource, body: unknown, opts: object): void {
  const snapshot = structuredClone(resource);
  let result: ScimResource | undefined;
  try {
    result = applyPatch(defaultRegistry, type, resource, body, opts);
  } catch (err) {
    if (!isScimError(err)) throw err;
    expect(err.status).toBeGreaterThanOrEqual(400);
    expect(err.status).toBeLessThan(500);
  }
  expect(resource).toEqual(snapshot);
  if (result !== undefined) expect(checkResource(defaultRegistry, type, result, 'request')).toEqual([]);
}

describe('random PATCH documents', () => {
  it.each([
    ['plain User, tolerant', user, {}, 101],
    ['enterprise User, tolerant', enterpriseUser, {}, 202],
    ['plain User, strict', user, { strict: true }, 303],
    ['enterprise User, strict', enterpriseUser, { strict: true }, 404],
  ])('%s: a ScimError or a valid resource', (_label, make, opts, seed) => {
    fc.assert(fc.property(request, (body) => judge('User', make(), body, opts)), { seed, numRuns: 400 });
  });

  it('Group: a ScimError or a valid resource', () => {
    const groupOp = fc.record({
      op: fc.constantFrom('add', 'remove', 'replace', 'Remove'),
      path: fc.constantFrom('members', 'members[value eq "902c246b-6245-4190-8e05-00816be7344a"]', 'members.display', 'displayName', 'id', 'externalId'),
      value: fc.oneof(attrValue, fc.array(fc.record({ value: fc.constantFrom('u1', 'u2') }), { maxLength: 3 })),
    });
    const body = fc.array(groupOp, { minLength: 1, maxLength: 4 }).map((Operations) => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations }));
    fc.assert(fc.property(body, (b) => judge('Group', group(), b, {})), { seed: 505, numRuns: 300 });
  });

  it('does accept a fair share of documents, so the property is not vacuous', () => {
    let accepted = 0;
    fc.assert(
      fc.property(request, (body) => {
        try {
          applyPatch(defaultRegistry, 'User', user(), body);
          accepted += 1;
        } catch (err) {
          if (!isScimError(err)) throw err;
        }
      }),
      { seed: 606, numRuns: 400 },
    );
    // About a third of the documents are all-valid; far fewer would mean the generator only tests errors.
    expect(accepted).toBeGreaterThan(100);
  });
});
