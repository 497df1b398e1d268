import { describe, expect, it } from 'vitest';
import { checkFilter, matchesElement, matchesFilter } from '../../../../src/core/filter/filter-evaluator.js';
import { parseFilter } from '../../../../src/core/filter/filter-parser.js';
import { ScimError } from '../../../../src/core/scim-errors.js';
import { attr } from '../../../../src/core/schema/attribute-def.js';
import {
  DEFAULT_RESOURCE_TYPES,
  DEFAULT_SCHEMAS,
  createSchemaRegistry,
  defaultRegistry,
} from '../../../../src/core/schema/schema-registry.js';
import type { ScimResource, SchemaDef } from '../../../../src/core/schema/types.js';

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** Okta's user (okta.md §4), with the work/home email trap of P-3.4.2.2-18. */
const alice: ScimResource = {
  schemas: [CORE_USER, ENTERPRISE],
  id: '23a35c27-23d3-4c03-b4c5-6443c09e7173',
  externalId: 'ext-Alice',
  userName: 'alice@example.com',
  name: { givenName: 'Alice', familyName: "O'Malley" },
  displayName: 'Alice O\'Malley',
  title: 'Engineer',
  userType: 'Employee',
  active: true,
  emails: [
    { type: 'work', value: 'alice@example.com', primary: true },
    { type: 'home', value: 'alice@home.net' },
  ],
  x509Certificates: [{ value: 'MIIDQzCC' }],
  meta: {
    resourceType: 'User',
    created: '2024-05-01T10:00:00Z',
    lastModified: '2024-05-01T12:30:00.250+02:00',
  },
  [ENTERPRISE]: { employeeNumber: '701984', department: 'Tech', manager: { value: 'MGR-1', displayName: 'Bob' } },
};

/** Entra's user, created without a title and with an empty email list. */
const bob: ScimResource = {
  schemas: [CORE_USER],
  id: 'b0b',
  externalId: 'ext-bob',
  userName: 'Bob@Contoso.com',
  displayName: '',
  active: false,
  emails: [],
  name: {},
  meta: { resourceType: 'User', created: '2023-01-01T00:00:00Z', lastModified: '2024-05-01T10:30:00Z' },
};

const engineering: ScimResource = {
  schemas: [GROUP],
  id: 'g-eng',
  displayName: 'Engineering',
  members: [
    { value: '23a35c27-23d3-4c03-b4c5-6443c09e7173', display: 'alice@example.com' },
    { value: 'b0b', $ref: 'https://example.com/v2/Users/b0b' },
  ],
};

const user = (text: string, resource: ScimResource = alice): boolean =>
  matchesFilter(defaultRegistry, 'User', parseFilter(text), resource);
const group = (text: string): boolean => matchesFilter(defaultRegistry, 'Group', parseFilter(text), engineering);
const users = (text: string): string[] =>
  [alice, bob].filter((u) => matchesFilter(defaultRegistry, 'User', parseFilter(text), u)).map((u) => String(u['id']));

function invalidFilter(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ScimError);
    expect((err as ScimError).scimType).toBe('invalidFilter');
    return (err as ScimError).detail;
  }
  throw new Error('expected invalidFilter');
}

describe('IdP lookups (okta.md §4, entra.md §1)', () => {
  it('finds a user by userName, case-insensitively (caseExact false)', () => {
    expect(user('userName eq "alice@example.com"')).toBe(true);
    expect(user('userName eq "ALICE@EXAMPLE.COM"')).toBe(true);
    expect(user('userName eq "alice@example.co"')).toBe(false);
    expect(user('userName eq "7d420df3-9995-4831-a406-ecf8166f5f6a"')).toBe(false);
  });

  it('finds a user by externalId, case-sensitively (caseExact true, S-3.1-11)', () => {
    expect(user('externalId eq "ext-Alice"')).toBe(true);
    expect(user('externalId eq "EXT-ALICE"')).toBe(false);
  });

  it('compares id case-sensitively (S-3.1-08)', () => {
    expect(user('id eq "23a35c27-23d3-4c03-b4c5-6443c09e7173"')).toBe(true);
    expect(user('id eq "23A35C27-23D3-4C03-B4C5-6443C09E7173"')).toBe(false);
  });

  it('finds a group by displayName in any case and by member', () => {
    expect(group('displayName eq "Engineering"')).toBe(true);
    expect(group('displayName eq "engineering"')).toBe(true);
    expect(group('displayName eq "Test SCIMv2"')).toBe(false);
    expect(group('members[value eq "b0b"]')).toBe(true);
    expect(group('members[value eq "nobody"]')).toBe(false);
    expect(group('members[$ref eq "https://example.com/v2/Users/b0b"]')).toBe(true);
  });

  it('matches the Entra uniqueness filter on the work email', () => {
    expect(user('emails[type eq "work"].value eq "alice@example.com"')).toBe(true);
  });
});

describe('attribute names and URNs', () => {
  it('matches names case-insensitively, also against resource keys in another case', () => {
    expect(user('USERNAME eq "alice@example.com"')).toBe(true);
    expect(user('NAME.GIVENNAME eq "alice"')).toBe(true);
    const { userName: _dropped, ...rest } = alice;
    expect(user('userName eq "x"', { ...rest, USERNAME: 'x' })).toBe(true);
  });

  it('resolves URN-qualified core and extension attributes (P-3.4.2.2-22, S-4.3-05)', () => {
    expect(user(`${CORE_USER}:userName sw "alice"`)).toBe(true);
    expect(user(`${CORE_USER}:name.familyName co "malley"`)).toBe(true);
    expect(user(`${ENTERPRISE}:employeeNumber eq "701984"`)).toBe(true);
    expect(user(`${ENTERPRISE}:manager.value eq "MGR-1"`)).toBe(true);
    expect(user(`${ENTERPRISE.toUpperCase()}:DEPARTMENT eq "tech"`)).toBe(true);
  });

  it('finds unqualified extension attributes after the core schema', () => {
    expect(user('employeeNumber eq "701984"')).toBe(true);
    expect(user('department eq "tech"')).toBe(true);
  });

  it('compares manager.value case-sensitively (erratum 8472)', () => {
    expect(user(`${ENTERPRISE}:manager.value eq "mgr-1"`)).toBe(false);
  });

  it('tests a whole extension with pr on its bare URN', () => {
    expect(user(`${ENTERPRISE} pr`)).toBe(true);
    expect(user(`${ENTERPRISE} pr`, bob)).toBe(false);
  });

  it('selects by schema through the schemas attribute (P-3.4.2.2-28)', () => {
    expect(users(`schemas eq "${ENTERPRISE}"`)).toEqual([alice['id']]);
  });
});

describe('operators', () => {
  it('eq, ne', () => {
    expect(users('userName eq "bob@contoso.com"')).toEqual(['b0b']);
    expect(users('userName ne "bob@contoso.com"')).toEqual([alice['id']]);
  });

  it('co, sw, ew respect caseExact and match identical strings', () => {
    expect(user('userName co "EXAMPLE"')).toBe(true);
    expect(user('userName sw "alice@example.com"')).toBe(true);
    expect(user('userName ew "@Example.Com"')).toBe(true);
    expect(user('userName sw "example"')).toBe(false);
    expect(user('externalId co "alice"')).toBe(false);
    expect(user('externalId co "Alice"')).toBe(true);
  });

  it('gt, ge, lt, le order strings lexicographically', () => {
    expect(user('userName gt "alice"')).toBe(true);
    expect(user('userName lt "b"')).toBe(true);
    expect(user('userName ge "ALICE@EXAMPLE.COM"')).toBe(true);
    expect(user('userName le "ALICE@EXAMPLE.COM"')).toBe(true);
    expect(user('userName gt "ALICE@EXAMPLE.COM"')).toBe(false);
    expect(user('externalId lt "ext-alice"')).toBe(true);
  });

  it('orders dateTime values as instants, across time zones (P-3.4.2.2-13)', () => {
    // alice.meta.lastModified is 10:30:00.25Z written with +02:00.
    expect(user('meta.lastModified gt "2024-05-01T10:30:00Z"')).toBe(true);
    expect(user('meta.lastModified lt "2024-05-01T10:30:00.3Z"')).toBe(true);
    expect(user('meta.lastModified eq "2024-05-01T10:30:00.25Z"')).toBe(true);
    expect(user('meta.lastModified eq "2024-05-01T10:30:00.2500Z"')).toBe(true);
    expect(user('meta.lastModified ge "2024-05-01T11:00:00Z"')).toBe(false);
    expect(users('meta.lastModified gt "2024-05-01T10:30:00Z"')).toEqual([alice['id']]);
    expect(users('meta.created le "2023-01-01T01:00:00+01:00"')).toEqual(['b0b']);
  });

  it('pr: present, not null, not empty (P-3.4.2.2-12)', () => {
    expect(users('title pr')).toEqual([alice['id']]);
    expect(users('emails pr')).toEqual([alice['id']]);
    expect(users('name pr')).toEqual([alice['id']]);
    expect(users('displayName pr')).toEqual([alice['id']]);
    expect(users('nickName pr')).toEqual([]);
    expect(users('active pr')).toEqual([alice['id'], 'b0b']);
  });

  it('and, or, not with precedence (P-3.4.2.2-15/-17)', () => {
    expect(users('title pr and userType eq "Employee"')).toEqual([alice['id']]);
    expect(users('title pr or active eq false')).toEqual([alice['id'], 'b0b']);
    expect(users('not (userName eq "alice@example.com")')).toEqual(['b0b']);
    // or(userName eq bob, and(title pr, userType eq "Z")): bob only; left-to-right would give nobody.
    expect(users('userName eq "bob@contoso.com" or title pr and userType eq "Z"')).toEqual(['b0b']);
    expect(users('(userName eq "bob@contoso.com" or title pr) and userType eq "Z"')).toEqual([]);
  });

  it('prepares Unicode strings (NFC) before comparing (P-7.8-01)', () => {
    const jose = { ...alice, userName: 'Jos\u00e9' };
    expect(user('userName eq "Jose\u0301"', jose)).toBe(true);
    expect(user('userName eq "JOSE\u0301"', jose)).toBe(true);
    expect(user('userName eq "Jose"', jose)).toBe(false);
  });

  it('compares booleans with eq/ne', () => {
    expect(users('active eq true')).toEqual([alice['id']]);
    expect(users('active ne true')).toEqual(['b0b']);
  });
});

describe('multi-valued and value paths', () => {
  it('matches when any value matches (P-3.4.2.2-23)', () => {
    expect(user('emails.value eq "alice@home.net"')).toBe(true);
    expect(user('emails.type eq "home"')).toBe(true);
  });

  it('reads a complex multi-valued attribute without sub-attribute as its value', () => {
    expect(user('emails co "home.net"')).toBe(true);
    expect(user('emails eq "alice@example.com"')).toBe(true);
  });

  it('requires one element to satisfy the whole bracket (P-3.4.2.2-18)', () => {
    expect(user('emails[type eq "work" and value co "@home.net"]')).toBe(false);
    expect(user('emails.type eq "work" and emails.value co "@home.net"')).toBe(true);
    expect(user('emails[type eq "home" and value co "@home.net"]')).toBe(true);
    expect(user('emails[type eq "work" and (value ew "@x.io" or value ew "@example.com")]')).toBe(true);
    expect(user('emails[not (type eq "work")]')).toBe(true);
  });

  it('applies a trailing sub-attribute test to the same element (the home/work trap)', () => {
    expect(user('emails[type eq "work"].value eq "alice@home.net"')).toBe(false);
    expect(user('emails[type eq "home"].value eq "alice@home.net"')).toBe(true);
    expect(user('emails[type eq "home"].primary eq true')).toBe(false);
    expect(user('emails[type eq "work"].primary eq true')).toBe(true);
    expect(user('emails[type eq "home"].primary pr')).toBe(false);
  });

  it('treats a missing primary as not true (S-2.4-03)', () => {
    expect(user('emails[primary eq true]', { ...alice, emails: [{ value: 'a@x.io' }, { value: 'b@y.io' }] })).toBe(false);
  });

  it('matches nothing on an empty or absent multi-valued attribute', () => {
    expect(user('emails[type eq "work"]', bob)).toBe(false);
    expect(user('emails.value co "@"', bob)).toBe(false);
    expect(user('phoneNumbers[type eq "work"]')).toBe(false);
  });

  it('value paths on a single-valued complex attribute see it as one element', () => {
    expect(user(`${ENTERPRISE}:manager[value eq "MGR-1"]`)).toBe(true);
  });
});

describe('null, absent and ne (RFC 7643 §2.5; open points recorded in the checklist)', () => {
  it('eq null matches an absent or null attribute, ne null a present one', () => {
    expect(users('title eq null')).toEqual(['b0b']);
    expect(users('title ne null')).toEqual([alice['id']]);
    expect(user('nickName eq null', { ...alice, nickName: null })).toBe(true);
    expect(users('emails eq null')).toEqual(['b0b']);
  });

  it('ne matches an absent attribute (ne = no value is equal)', () => {
    expect(users('title ne "Engineer"')).toEqual(['b0b']);
    expect(users('emails.value ne "alice@home.net"')).toEqual(['b0b']);
  });
});

describe('invalid combinations answer invalidFilter (P-3.4.2.2-14, -24)', () => {
  it.each([
    ['active gt true', 'cannot order booleans'],
    ['active le false', 'cannot order'],
    ['x509Certificates.value lt "AA=="', "'x509Certificates.value' is binary"],
    ['x509Certificates lt "AA=="', 'binary'],
    ['name eq "x"', "'name' is complex"],
    [`${ENTERPRISE} eq "x"`, 'is complex'],
    ['userName co 1', "'co' needs a string value"],
    ['userName gt null', "only 'eq' and 'ne' can compare with null"],
    ['active eq "true"', "'active' is boolean; compare it with a boolean value"],
    ['userName eq 5', 'compare it with a string value'],
    ['meta.created gt "yesterday"', 'not an xsd:dateTime'],
    ['meta.created gt "2024-02-30T00:00:00Z"', 'not an xsd:dateTime'],
    ['active co "t"', "applies to strings only"],
    ['userName[value eq "x"]', 'not a complex attribute'],
    ['emails[primary gt true]', 'cannot order'],
    ['emails[type eq "work"].primary lt false', 'cannot order'],
  ])('%s', (text, fragment) => {
    expect(invalidFilter(() => user(text))).toContain(fragment);
    expect(invalidFilter(() => checkFilter(defaultRegistry, 'User', parseFilter(text)))).toContain(fragment);
  });

  it('checkFilter accepts valid filters', () => {
    for (const text of ['userName eq "x"', 'emails[type eq "work"].value co "@"', 'meta.created gt "2024-01-01T00:00:00Z"']) {
      expect(() => checkFilter(defaultRegistry, 'User', parseFilter(text))).not.toThrow();
    }
  });
});

describe('attributes outside the schema (P-3.4.2.2-31)', () => {
  it('by default compares what the resource holds, strings case-insensitively', () => {
    expect(user('noSuchAttr eq "x"')).toBe(false);
    expect(user('customField eq "ABC"', { ...alice, customField: 'abc' })).toBe(true);
    expect(user('score ge 3', { ...alice, score: 4 })).toBe(true);
    expect(user('score eq "4"', { ...alice, score: 4 })).toBe(false);
    expect(user('urn:acme:ext:1.0:User:badge eq "A1"', { ...alice, 'urn:acme:ext:1.0:User': { badge: 'a1' } })).toBe(true);
  });

  it("rejects them with unknownAttributes: 'reject'", () => {
    const detail = invalidFilter(() =>
      matchesFilter(defaultRegistry, 'User', parseFilter('noSuchAttr eq "x"'), alice, { unknownAttributes: 'reject' }),
    );
    expect(detail).toContain("unknown attribute 'noSuchAttr'");
    expect(
      invalidFilter(() =>
        checkFilter(defaultRegistry, 'User', parseFilter('emails[nope eq "x"]'), { unknownAttributes: 'reject' }),
      ),
    ).toContain("'emails.nope'");
  });

  it('a Group attribute in a User filter simply does not match (root queries, P-3.4.2.1-04)', () => {
    expect(matchesFilter(defaultRegistry, 'Group', parseFilter('userName pr'), engineering)).toBe(false);
  });
});

describe('numbers (integer and decimal attributes)', () => {
  const DEVICE = 'urn:example:schemas:Device';
  const deviceSchema: SchemaDef = {
    id: DEVICE,
    name: 'Device',
    description: 'test schema',
    attributes: [
      attr('serial', 'serial', { caseExact: true }),
      attr('ports', 'ports', { type: 'integer' }),
      attr('weight', 'weight', { type: 'decimal' }),
      attr('codes', 'codes', { type: 'integer', multiValued: true }),
    ],
  };
  const registry = createSchemaRegistry({
    schemas: [...DEFAULT_SCHEMAS, deviceSchema],
    resourceTypes: [
      ...DEFAULT_RESOURCE_TYPES,
      { id: 'Device', name: 'Device', endpoint: '/Devices', description: 'd', schema: DEVICE, schemaExtensions: [] },
    ],
  });
  const device = { schemas: [DEVICE], id: 'd1', serial: 'SN-1', ports: 8, weight: 1.25, codes: [3, 17] };
  const dev = (text: string) => matchesFilter(registry, 'Device', parseFilter(text), device);

  it('compares numerically, whatever the literal spelling', () => {
    expect(dev('ports eq 8')).toBe(true);
    expect(dev('ports eq 8.0')).toBe(true);
    expect(dev('ports eq 0.8e1')).toBe(true);
    expect(dev('ports gt 10')).toBe(false);
    expect(dev('ports lt 10')).toBe(true);
    expect(dev('weight ge 1.25')).toBe(true);
    expect(dev('weight gt 1.2')).toBe(true);
    expect(dev('weight le -1')).toBe(false);
    expect(dev('codes eq 17')).toBe(true);
    expect(dev('codes gt 20')).toBe(false);
    expect(dev('serial eq "sn-1"')).toBe(false);
  });

  it('rejects a string literal and substring operators on numbers', () => {
    expect(invalidFilter(() => dev('ports eq "8"'))).toContain('compare it with a number value');
    expect(invalidFilter(() => dev('ports co 8'))).toContain("'co' needs a string value");
    expect(invalidFilter(() => dev('ports sw "8"'))).toContain('applies to strings only');
  });
});

describe('matchesElement (PATCH value filters)', () => {
  it('evaluates a value filter against one element with the parent’s sub-attribute definitions', () => {
    const f = parseFilter('type eq "WORK" and value ew "@example.com"');
    const [work, home] = alice['emails'] as unknown[];
    expect(matchesElement(defaultRegistry, 'User', { name: 'emails' }, f, work)).toBe(true);
    expect(matchesElement(defaultRegistry, 'User', { name: 'emails' }, f, home)).toBe(false);
    expect(matchesElement(defaultRegistry, 'User', { name: 'emails' }, f, 'not an object')).toBe(false);
  });

  it('respects caseExact of the sub-attribute (manager.value)', () => {
    const manager = { value: 'MGR-1' };
    const path = { uri: ENTERPRISE, name: 'manager' };
    expect(matchesElement(defaultRegistry, 'User', path, parseFilter('value eq "MGR-1"'), manager)).toBe(true);
    expect(matchesElement(defaultRegistry, 'User', path, parseFilter('value eq "mgr-1"'), manager)).toBe(false);
  });
});
