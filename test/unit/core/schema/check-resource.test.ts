import { describe, expect, it } from 'vitest';
import { defaultRegistry as registry } from '../../../../src/core/schema/schema-registry.js';
import type { ScimResource } from '../../../../src/core/schema/types.js';
import { checkResource } from '../../../../src/core/schema/validate-resource.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

// RFC 7643 §8.2-style full representation.
const good: ScimResource = {
  schemas: [USER, ENT],
  id: '2819c223-7f76-453a-919d-413861904646',
  externalId: 'bjensen',
  userName: 'bjensen@example.com',
  name: { formatted: 'Ms. Barbara J Jensen, III', familyName: 'Jensen', givenName: 'Barbara' },
  displayName: 'Babs Jensen',
  active: true,
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  addresses: [{ type: 'work', streetAddress: '100 Universal City Plaza', country: 'US', primary: true }],
  groups: [{ value: 'e9e30dba', $ref: 'https://example.com/v2/Groups/e9e30dba', display: 'Tour Guides' }],
  x509Certificates: [{ value: 'MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx' }],
  [ENT]: { employeeNumber: '701984', manager: { value: '26118915', $ref: '../Users/26118915', displayName: 'John Smith' } },
  meta: {
    resourceType: 'User',
    created: '2010-01-23T04:56:22Z',
    lastModified: '2011-05-13T04:42:34Z',
    version: 'W/"3694e05e9dff591"',
    location: 'https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646',
  },
};

const rulesOf = (resource: unknown, ctx: 'request' | 'response' = 'response'): string[] =>
  checkResource(registry, 'User', resource, ctx).map((i) => i.rule);

describe('checkResource', () => {
  it('passes a correct response and a correct stored resource', () => {
    expect(checkResource(registry, 'User', good, 'response')).toEqual([]);
    expect(checkResource(registry, 'User', { ...good, password: 'x' }, 'request')).toEqual([]);
    expect(checkResource(registry, 'Group', { schemas: [GROUP], id: 'g', displayName: 'G', members: [{ value: 'u' }] }, 'response')).toEqual([]);
  });

  it('tolerates unknown attributes, nulls and case-varied keys in a response', () => {
    expect(checkResource(registry, 'User', { ...good, vendorThing: { a: 1 }, nickName: null }, 'response')).toEqual([]);
    const { userName, ...rest } = good;
    expect(checkResource(registry, 'User', { ...rest, USERNAME: userName }, 'response')).toEqual([]);
  });

  const defects: [string, ScimResource | unknown, string, string][] = [
    ['not an object', [good], 'P-3.8-08', ''],
    ['missing schemas', { ...good, schemas: undefined }, 'S-3-01', '/schemas'],
    ['empty schemas', { ...good, schemas: [] }, 'S-3-01', '/schemas'],
    ['schemas without the core schema', { ...good, schemas: [ENT] }, 'S-3.3-01', '/schemas'],
    ['a foreign schema', { ...good, schemas: [USER, ENT, GROUP] }, 'S-3-02', '/schemas/2'],
    ['duplicate schemas', { ...good, schemas: [USER, ENT, USER] }, 'S-3-03', '/schemas'],
    ['extension data without its URN', { ...good, schemas: [USER] }, 'S-3.3-02', `/${ENT}`],
    ['missing id', { ...good, id: undefined }, 'S-3.1-03', '/id'],
    ['numeric id', { ...good, id: 42 }, 'S-3.1-03', '/id'],
    ['id containing bulkId', { ...good, id: 'bulkId:x' }, 'S-3.1-07', '/id'],
    ['password returned', { ...good, password: 'x' }, 'S-7-02', '/password'],
    ['boolean as a string', { ...good, active: 'true' }, 'S-2.3.2-01', '/active'],
    ['bad dateTime in meta', { ...good, meta: { ...(good.meta as object), created: '2010-01-23' } }, 'S-2.3.5-01', '/meta/created'],
    ['lastModified before created', { ...good, meta: { ...(good.meta as object), lastModified: '2009-01-01T00:00:00Z' } }, 'S-3.1-16', '/meta/lastModified'],
    ['wrong meta.resourceType', { ...good, meta: { ...(good.meta as object), resourceType: 'Group' } }, 'S-3.1-14', '/meta/resourceType'],
    ['meta.location of another resource', { ...good, meta: { ...(good.meta as object), location: 'https://example.com/v2/Users/other' } }, 'S-3.1-17', '/meta/location'],
    ['single value for a multi-valued attribute', { ...good, emails: 'a@x.io' }, 'P-3.3-13', '/emails'],
    ['array for a single-valued attribute', { ...good, displayName: ['a'] }, 'P-3.8-08', '/displayName'],
    ['two primary emails', { ...good, emails: [{ value: 'a', primary: true }, { value: 'b', primary: true }] }, 'S-2.4-02', '/emails'],
    ['non-base64 binary', { ...good, x509Certificates: [{ value: '***' }] }, 'S-2.3.6-01', '/x509Certificates/0/value'],
    ['bad reference', { ...good, groups: [{ value: 'g', $ref: 'not a uri' }] }, 'S-2.3.7-01', '/groups/0/$ref'],
    ['complex as a string', { ...good, name: 'Babs' }, 'P-3.8-08', '/name'],
    ['missing userName', { ...good, userName: undefined }, 'S-7-27', '/userName'],
    ['wrong type in an extension', { ...good, [ENT]: { employeeNumber: 701984 } }, 'RFC 7643 §2.3.1', `/${ENT}/employeeNumber`],
    ['extension that is not an object', { ...good, [ENT]: 'x' }, 'S-3.3-02', `/${ENT}`],
  ];
  it.each(defects)('catches %s', (_label, resource, rule, pointer) => {
    const issues = checkResource(registry, 'User', resource, 'response');
    expect(issues).toContainEqual(expect.objectContaining({ rule, pointer }));
  });

  it("tolerates a target's own extension URN in a response, not in a request", () => {
    const vendor = { ...good, schemas: [USER, ENT, 'urn:example:vendor:2.0:User'], 'urn:example:vendor:2.0:User': { x: 1 } };
    expect(checkResource(registry, 'User', vendor, 'response')).toEqual([]);
    expect(rulesOf(vendor, 'request')).toEqual(['S-3-02', 'S-2-01']);
  });

  it('accepts a meta.location with a trailing slash', () => {
    const meta = { ...(good.meta as object), location: `https://example.com/v2/Users/${String(good.id)}/` };
    expect(checkResource(registry, 'User', { ...good, meta }, 'response')).toEqual([]);
  });

  it('lists every defect, not only the first', () => {
    const rules = rulesOf({ ...good, id: 1, active: 'yes', password: 'p', emails: 'x' });
    expect(rules).toEqual(expect.arrayContaining(['S-3.1-03', 'S-2.3.2-01', 'S-7-02', 'P-3.3-13']));
  });

  it('does not require attributes of a projected response when partial', () => {
    const projected = { schemas: [USER], id: 'u1' };
    expect(rulesOf(projected)).toContain('S-7-27');
    expect(checkResource(registry, 'User', projected, 'response', { partial: true })).toEqual([]);
  });

  it("in 'request' context: id is optional, writeOnly allowed, unknown attributes and odd spelling are defects", () => {
    const stored = { schemas: [USER], userName: 'a', password: 'p' };
    expect(checkResource(registry, 'User', stored, 'request')).toEqual([]);
    expect(rulesOf({ ...stored, favouriteColour: 'red' }, 'request')).toEqual(['S-2-01']);
    expect(rulesOf({ ...stored, name: { givenName: 'g', nick: 'n' } }, 'request')).toEqual(['S-2-01']);
    expect(rulesOf({ schemas: [USER], USERNAME: 'a' }, 'request')).toEqual(['RFC 7643 §2.1']);
    expect(rulesOf({ ...stored, userName: '' }, 'request')).toEqual(['S-7-27']);
  });

  it('reports an unknown resource type instead of throwing', () => {
    expect(checkResource(registry, 'Widget', {}, 'response')[0]?.message).toMatch(/unknown resource type/);
  });

  it('gives human-readable messages without values', () => {
    const issues = checkResource(registry, 'User', { ...good, password: 'hunter2' }, 'response');
    expect(issues[0]?.message).toBe('attribute password must never be returned');
  });
});
