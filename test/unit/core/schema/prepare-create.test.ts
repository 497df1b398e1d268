import { describe, expect, it } from 'vitest';
import { ScimError } from '../../../../src/core/scim-errors.js';
import { attr } from '../../../../src/core/schema/attribute-def.js';
import { createSchemaRegistry, defaultRegistry as registry } from '../../../../src/core/schema/schema-registry.js';
import { prepareCreate } from '../../../../src/core/schema/validate-resource.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

function errorOf(fn: () => unknown): ScimError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ScimError) return err;
    throw err;
  }
  throw new Error('expected a ScimError');
}

const user = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ schemas: [USER], userName: 'bjensen', ...extra });

describe('prepareCreate: envelope (RFC 7644 §3.3, RFC 7643 §3)', () => {
  it.each([null, 'x', 42, [], [user()]])('refuses a body that is not an object: %j', (body) => {
    expect(errorOf(() => prepareCreate(registry, 'User', body)).scimType).toBe('invalidSyntax');
  });

  it('refuses a body without schemas, or with malformed schemas', () => {
    expect(errorOf(() => prepareCreate(registry, 'User', { userName: 'a' })).scimType).toBe('invalidSyntax');
    expect(errorOf(() => prepareCreate(registry, 'User', { schemas: USER, userName: 'a' })).scimType).toBe('invalidSyntax');
    expect(errorOf(() => prepareCreate(registry, 'User', { schemas: [1], userName: 'a' })).scimType).toBe('invalidSyntax');
  });

  it('refuses schemas without the core schema', () => {
    const err = errorOf(() => prepareCreate(registry, 'User', { schemas: [GROUP], userName: 'a' }));
    expect(err.scimType).toBe('invalidSyntax');
    expect(err.detail).toContain(USER);
  });

  it('accepts schemas in any order and case, deduplicated, unknown URNs dropped (S-3-03, S-3-04)', () => {
    const out = prepareCreate(registry, 'User', {
      schemas: [ENT.toUpperCase(), USER, USER.toLowerCase(), 'urn:vendor:x'],
      userName: 'a',
    });
    expect(out.schemas).toEqual([USER, ENT]);
  });

  it('adds the extension URN when extension data is present', () => {
    const out = prepareCreate(registry, 'User', user({ [ENT]: { department: 'R&D' } }));
    expect(out.schemas).toEqual([USER, ENT]);
  });

  it('refuses an unknown resource type with a clear error', () => {
    expect(errorOf(() => prepareCreate(registry, 'Widget', {})).status).toBe(404);
  });
});

describe('prepareCreate: normalisation', () => {
  it('normalises key case, including sub-attributes and extension URN keys (S-2.1-01)', () => {
    const out = prepareCreate(registry, 'User', {
      SCHEMAS: [USER, ENT],
      USERNAME: 'bjensen',
      Name: { GivenName: 'Barbara', familyname: 'Jensen' },
      EMAILS: [{ VALUE: 'b@x.io', Type: 'work', PRIMARY: true }],
      [ENT.toUpperCase()]: { EmployeeNumber: '701984', MANAGER: { VALUE: 'm1' } },
    });
    expect(out).toEqual({
      schemas: [USER, ENT],
      userName: 'bjensen',
      name: { givenName: 'Barbara', familyName: 'Jensen' },
      emails: [{ value: 'b@x.io', type: 'work', primary: true }],
      [ENT]: { employeeNumber: '701984', manager: { value: 'm1' } },
    });
  });

  it('accepts URN-qualified top-level keys (RFC 7644 §3.10)', () => {
    const out = prepareCreate(registry, 'User', {
      schemas: [USER],
      [`${USER}:userName`]: 'a',
      [`${ENT}:department`]: 'Ops',
    });
    expect(out.userName).toBe('a');
    expect(out[ENT]).toEqual({ department: 'Ops' });
    expect(out.schemas).toEqual([USER, ENT]);
  });

  it('never mutates the input', () => {
    const body = user({ active: 'True', name: { givenName: 'B' }, id: 'x' });
    const copy = structuredClone(body);
    const out = prepareCreate(registry, 'User', body);
    expect(body).toEqual(copy);
    expect(out.name).not.toBe(body.name);
  });

  it('ignores readOnly attributes: id, meta, groups, manager.displayName (P-3.3-02, S-3.1-06, S-3.1-12, S-4.3-04)', () => {
    const out = prepareCreate(registry, 'User', {
      ...user(),
      id: 'mine',
      meta: { created: '1999-01-01T00:00:00Z', resourceType: 'Group' },
      groups: [{ value: 'g1' }],
      [ENT]: { manager: { value: 'm1', displayName: 'Boss' } },
    });
    expect(out).toEqual({ schemas: [USER, ENT], userName: 'bjensen', [ENT]: { manager: { value: 'm1' } } });
  });

  it('ignores unknown attributes and sub-attributes (S-2-01)', () => {
    const out = prepareCreate(registry, 'User', user({ favouriteColour: 'red', name: { givenName: 'B', nick: 'x' } }));
    expect(out).toEqual({ schemas: [USER], userName: 'bjensen', name: { givenName: 'B' } });
  });

  it('treats null and [] as unassigned (RFC 7643 §2.5, P-3.3-05)', () => {
    const out = prepareCreate(registry, 'User', user({ nickName: null, emails: [], name: {} }));
    expect(out).toEqual({ schemas: [USER], userName: 'bjensen' });
  });

  it('keeps writeOnly password (it is projected away later) and immutable members', () => {
    expect(prepareCreate(registry, 'User', user({ password: 's3cret' })).password).toBe('s3cret');
    const g = prepareCreate(registry, 'Group', { schemas: [GROUP], displayName: 'G', members: [{ value: 'u1', display: 'U' }] });
    expect(g.members).toEqual([{ value: 'u1', display: 'U' }]);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('never copies a %s key or pollutes a prototype', (key) => {
    const body = JSON.parse(
      `{"schemas":["${USER}"],"userName":"a","${key}":{"polluted":true},"name":{"${key}":{"polluted":true},"givenName":"g"},"${ENT}":{"${key}":{"polluted":true}}}`,
    ) as unknown;
    const out = prepareCreate(registry, 'User', body);
    expect(Object.keys(out)).toEqual(['schemas', 'userName', 'name']);
    expect(Object.keys(out.name as object)).toEqual(['givenName']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
});

describe('prepareCreate: types (RFC 7643 §2.3)', () => {
  const bad: [string, Record<string, unknown>, RegExp][] = [
    ['string', { displayName: 42 }, /displayName: expected a string, got an integer/],
    ['boolean', { active: 'maybe' }, /active: expected a boolean/],
    ['reference', { profileUrl: 'not a uri' }, /profileUrl: expected a URI reference/],
    ['binary', { x509Certificates: [{ value: '***' }] }, /x509Certificates\[0\]\.value: expected base64/],
    ['complex', { name: 'Barbara' }, /name: expected an object, got a string/],
    ['multi-valued as single', { emails: 'a@x.io' }, /emails: expected an array, got a string/],
    ['multi-valued object', { emails: { value: 'a@x.io' } }, /emails: expected an array, got an object/],
    ['single as array', { title: ['a'] }, /title: expected a single value, got an array/],
    ['null element', { emails: [null] }, /emails\[0\]: expected an object, got null/],
    ['sub-attribute', { emails: [{ value: 1 }] }, /emails\[0\]\.value: expected a string/],
    ['boolean sub-attribute', { emails: [{ value: 'a', primary: 'yes' }] }, /emails\[0\]\.primary: expected a boolean/],
    ['extension container', { [ENT]: 'x' }, /expected an object/],
    ['extension attribute', { [ENT]: { department: true } }, /department: expected a string, got a boolean/],
  ];
  it.each(bad)('refuses a bad %s with invalidValue', (_label, extra, message) => {
    const err = errorOf(() => prepareCreate(registry, 'User', user(extra)));
    expect(err.scimType).toBe('invalidValue');
    expect(err.detail).toMatch(message);
  });

  it('never echoes the offending value (secrets stay out of errors)', () => {
    const err = errorOf(() => prepareCreate(registry, 'User', user({ password: ['hunter2'] })));
    expect(err.detail).toContain('password');
    expect(err.detail).not.toContain('hunter2');
  });

  it('accepts valid values of each type', () => {
    const out = prepareCreate(registry, 'User', user({
      active: false,
      profileUrl: 'https://login.example.com/bjensen',
      photos: [{ value: 'https://photos.example.com/profilephoto/72930000000Ccne/F', type: 'photo' }],
      x509Certificates: [{ value: 'MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx' }],
      groups: [],
    }));
    expect(out.active).toBe(false);
    expect(out.x509Certificates).toHaveLength(1);
  });
});

describe('prepareCreate: dateTime, decimal and integer (custom schema)', () => {
  const THING = 'urn:example:Thing';
  const custom = createSchemaRegistry({
    schemas: [
      {
        id: THING,
        name: 'Thing',
        description: 'test',
        attributes: [
          attr('when', 'd', { type: 'dateTime' }),
          attr('ratio', 'd', { type: 'decimal' }),
          attr('size', 'd', { type: 'integer' }),
        ],
      },
    ],
    resourceTypes: [{ id: 'Thing', name: 'Thing', endpoint: '/Things', description: '', schema: THING, schemaExtensions: [] }],
  });
  const make = (extra: Record<string, unknown>) => prepareCreate(custom, 'Thing', { schemas: [THING], ...extra });

  it.each(['2015-01-23T04:56:22Z', '2015-01-23T04:56:22.123+02:00', '2016-02-29T00:00:00', '2015-12-31T24:00:00Z'])(
    'accepts dateTime %s',
    (when) => expect(make({ when }).when).toBe(when),
  );
  it.each(['2015-01-23', '2015-13-01T00:00:00Z', '2015-02-29T00:00:00Z', '2015-01-23T25:00:00Z', 'yesterday', '2015-01-23 04:56:22Z'])(
    'refuses dateTime %s (S-2.3.5-01)',
    (when) => expect(errorOf(() => make({ when })).scimType).toBe('invalidValue'),
  );
  it('checks decimals and integers (S-2.3.4-01)', () => {
    expect(make({ ratio: 1.5, size: 3 })).toMatchObject({ ratio: 1.5, size: 3 });
    expect(errorOf(() => make({ size: 1.5 })).detail).toMatch(/size: expected an integer/);
    expect(errorOf(() => make({ size: '3' })).scimType).toBe('invalidValue');
    expect(errorOf(() => make({ ratio: '1.5' })).detail).toMatch(/ratio: expected a decimal/);
  });
});

describe('prepareCreate: required and primary', () => {
  it('requires userName, non-empty (S-4.1.1-01, P-3.3-11)', () => {
    expect(errorOf(() => prepareCreate(registry, 'User', { schemas: [USER] })).detail).toMatch(/userName is required/);
    expect(errorOf(() => prepareCreate(registry, 'User', { schemas: [USER], userName: '' })).scimType).toBe('invalidValue');
  });

  it('requires Group displayName (S-4.2-02)', () => {
    const err = errorOf(() => prepareCreate(registry, 'Group', { schemas: [GROUP], members: [] }));
    expect(err.scimType).toBe('invalidValue');
    expect(err.detail).toMatch(/displayName is required/);
  });

  it('refuses two primary elements (RFC 7643 §2.4, S-2.4-02)', () => {
    const err = errorOf(() =>
      prepareCreate(registry, 'User', user({ emails: [{ value: 'a', primary: true }, { value: 'b', primary: true }] })),
    );
    expect(err.scimType).toBe('invalidValue');
    expect(err.detail).toMatch(/at most one element may have primary true/);
  });

  it('accepts one primary element', () => {
    const out = prepareCreate(registry, 'User', user({ emails: [{ value: 'a', primary: true }, { value: 'b', primary: false }] }));
    expect(out.emails).toHaveLength(2);
  });
});

describe('prepareCreate: tolerances', () => {
  it.each([['True', true], ['False', false], ['true', true], ['FALSE', false]])(
    "'string-booleans': %s becomes %s unless strict",
    (text, value) => {
      expect(prepareCreate(registry, 'User', user({ active: text })).active).toBe(value);
      expect(errorOf(() => prepareCreate(registry, 'User', user({ active: text }), { strict: true })).scimType).toBe('invalidValue');
    },
  );

  it("'string-booleans' applies to sub-attributes too (roles[].primary)", () => {
    const out = prepareCreate(registry, 'User', user({ roles: [{ value: 'r', primary: 'True' }] }));
    expect(out.roles).toEqual([{ value: 'r', primary: true }]);
  });

  it("'manager-bare-string': a bare id becomes { value } unless strict", () => {
    const body = user({ [ENT]: { manager: 'u-bob' } });
    expect(prepareCreate(registry, 'User', body)[ENT]).toEqual({ manager: { value: 'u-bob' } });
    const err = errorOf(() => prepareCreate(registry, 'User', body, { strict: true }));
    expect(err.scimType).toBe('invalidValue');
    expect(err.detail).toMatch(/manager-bare-string/);
  });

  it("'manager-bare-string': an empty string leaves the manager unassigned", () => {
    expect(prepareCreate(registry, 'User', user({ [ENT]: { manager: '' } }))[ENT]).toBeUndefined();
  });
});

describe('prepareCreate: recorded IdP bodies', () => {
  it('accepts Okta POST /Users (okta.md §4.2): groups ignored, password kept', () => {
    const out = prepareCreate(registry, 'User', {
      schemas: [USER],
      userName: 'test.user@okta.local',
      name: { givenName: 'Test', familyName: 'User' },
      emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
      displayName: 'Test User',
      locale: 'en-US',
      externalId: '00ujl29u0le5T6Aj10h7',
      groups: [],
      password: '1mz050nq',
      active: true,
    }, { strict: true });
    expect(out).not.toHaveProperty('groups');
    expect(out).toMatchObject({ userName: 'test.user@okta.local', externalId: '00ujl29u0le5T6Aj10h7', active: true, password: '1mz050nq' });
  });

  it('accepts Entra POST /Users (entra.md §2.3): meta ignored, roles [] unassigned', () => {
    const out = prepareCreate(registry, 'User', {
      schemas: [USER, ENT],
      externalId: 'alice',
      userName: 'alice@contoso.com',
      active: true,
      displayName: 'Alice Jones',
      title: 'Engineer',
      emails: [{ primary: true, type: 'work', value: 'alice@contoso.com' }],
      meta: { resourceType: 'User' },
      name: { formatted: 'Alice Jones', familyName: 'Jones', givenName: 'Alice' },
      phoneNumbers: [{ type: 'work', value: '+1 555 0100' }],
      [ENT]: { employeeNumber: '1001', department: 'R&D' },
      roles: [],
    }, { strict: true });
    expect(out).not.toHaveProperty('meta');
    expect(out).not.toHaveProperty('roles');
    expect(out.schemas).toEqual([USER, ENT]);
    expect(out[ENT]).toEqual({ employeeNumber: '1001', department: 'R&D' });
  });

  it('accepts Entra POST /Groups with an unknown schema URI (entra.md §3)', () => {
    const out = prepareCreate(registry, 'Group', {
      schemas: [GROUP, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
      externalId: '0899060-370e-46a-bc5f-3aas207ed41d',
      displayName: 'Org Admin',
      members: [],
      meta: { resourceType: 'Group' },
    }, { strict: true });
    expect(out).toEqual({ schemas: [GROUP], externalId: '0899060-370e-46a-bc5f-3aas207ed41d', displayName: 'Org Admin' });
  });
});
