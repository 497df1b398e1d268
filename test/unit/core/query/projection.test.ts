import { describe, expect, it } from 'vitest';
import { parseAttributeList, projectResource } from '../../../../src/core/projection.js';
import { ScimError } from '../../../../src/core/scim-errors.js';
import { attr, complex } from '../../../../src/core/schema/attribute-def.js';
import { createSchemaRegistry, defaultRegistry as registry } from '../../../../src/core/schema/schema-registry.js';
import type { ScimResource } from '../../../../src/core/schema/types.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const stored: ScimResource = {
  schemas: [USER, ENT],
  id: 'u1',
  externalId: 'ext-1',
  userName: 'bjensen',
  password: 'secret',
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  displayName: 'Babs',
  emails: [
    { value: 'b@x.io', type: 'work', primary: true },
    { value: 'b@home.io', type: 'home' },
  ],
  [ENT]: { employeeNumber: '701984', department: 'R&D', manager: { value: 'm1', displayName: 'Mia' } },
  meta: { resourceType: 'User', created: '2024-01-01T00:00:00Z', lastModified: '2024-01-01T00:00:00Z', location: 'https://x/Users/u1' },
};

const project = (opts: { attributes?: string[]; excludedAttributes?: string[] } = {}): ScimResource =>
  projectResource(registry, 'User', stored, opts);

describe('parseAttributeList', () => {
  it('splits on commas and trims', () => {
    expect(parseAttributeList(' userName, name.givenName ,,emails ')).toEqual(['userName', 'name.givenName', 'emails']);
    expect(parseAttributeList('')).toEqual([]);
  });
});

describe('projectResource (RFC 7644 §3.9, RFC 7643 §7)', () => {
  it('returns always + default attributes and never the password by default (P-3.4-01, S-7-02)', () => {
    const { password: _p, ...expected } = stored;
    expect(project()).toEqual(expected);
  });

  it('never returns the password, even when asked for it', () => {
    expect(project({ attributes: ['password'] })).toEqual({ schemas: [USER], id: 'u1' });
  });

  it('with attributes: always ones plus exactly the named ones (P-3.9-02, S-7-01, S-7-03)', () => {
    expect(project({ attributes: ['userName'] })).toEqual({ schemas: [USER], id: 'u1', userName: 'bjensen' });
  });

  it('a sub-attribute returns only that part (P-3.9-03)', () => {
    expect(project({ attributes: ['name.givenName'] })).toEqual({ schemas: [USER], id: 'u1', name: { givenName: 'Barbara' } });
    expect(project({ attributes: ['emails.value'] }).emails).toEqual([{ value: 'b@x.io' }, { value: 'b@home.io' }]);
  });

  it('a complex attribute returns all its sub-attributes (P-3.9-04)', () => {
    expect(project({ attributes: ['name'] }).name).toEqual(stored.name);
  });

  it('names are case-insensitive and may be URN-qualified (P-3.9-05, P-3.10-04)', () => {
    const out = project({ attributes: ['USERNAME', `${USER.toUpperCase()}:NAME.familyname`, `${ENT}:employeeNumber`] });
    expect(out).toEqual({
      schemas: [USER, ENT],
      id: 'u1',
      userName: 'bjensen',
      name: { familyName: 'Jensen' },
      [ENT]: { employeeNumber: '701984' },
    });
  });

  it('a bare extension URN selects the whole extension', () => {
    expect(project({ attributes: [ENT] })).toEqual({ schemas: [USER, ENT], id: 'u1', [ENT]: stored[ENT] });
    expect(project({ attributes: [`${ENT}:manager.value`] })[ENT]).toEqual({ manager: { value: 'm1' } });
  });

  it('unqualified extension names resolve too', () => {
    expect(project({ attributes: ['department'] })[ENT]).toEqual({ department: 'R&D' });
  });

  it('drops the extension URN from schemas when its data is projected away (RFC 7643 §3)', () => {
    expect(project({ attributes: ['userName'] }).schemas).toEqual([USER]);
  });

  it('excludedAttributes removes defaults but never always ones (P-3.9-06, P-3.4.2.5-03)', () => {
    const out = project({ excludedAttributes: ['id', 'userName', 'meta', 'emails.type', ENT] });
    expect(out).toEqual({
      schemas: [USER],
      id: 'u1',
      externalId: 'ext-1',
      name: stored.name,
      displayName: 'Babs',
      emails: [{ value: 'b@x.io', primary: true }, { value: 'b@home.io' }],
    });
  });

  it('excludes single extension attributes and sub-attributes', () => {
    const out = project({ excludedAttributes: [`${ENT}:manager.displayName`, 'department'] });
    expect(out[ENT]).toEqual({ employeeNumber: '701984', manager: { value: 'm1' } });
  });

  it('ignores unknown names (P-3.9-09)', () => {
    expect(project({ attributes: ['noSuchAttr'] })).toEqual({ schemas: [USER], id: 'u1' });
    expect(project({ excludedAttributes: ['noSuchAttr'] })).toEqual(project());
  });

  it('refuses both parameters together and malformed names (P-3.9-07)', () => {
    expect(() => project({ attributes: ['userName'], excludedAttributes: ['emails'] })).toThrow(ScimError);
    try {
      project({ attributes: ['name..givenName'] });
      expect.unreachable();
    } catch (err) {
      expect((err as ScimError).scimType).toBe('invalidValue');
      expect((err as ScimError).detail).toMatch(/^attributes: "name\.\.givenName" is not an attribute name/);
    }
  });

  it('never mutates the stored resource', () => {
    const before = structuredClone(stored);
    const out = project({ attributes: ['emails'] });
    (out.emails as { value: string }[])[0]!.value = 'changed';
    expect(stored).toEqual(before);
  });

  describe('returned: request', () => {
    const THING = 'urn:example:Thing';
    const custom = createSchemaRegistry({
      schemas: [
        {
          id: THING,
          name: 'Thing',
          description: 'test',
          attributes: [
            attr('label', 'default'),
            attr('secretish', 'request', { returned: 'request' }),
            complex('box', 'complex', [attr('a', 'default'), attr('b', 'request', { returned: 'request' })]),
          ],
        },
      ],
      resourceTypes: [{ id: 'Thing', name: 'Thing', endpoint: '/Things', description: '', schema: THING, schemaExtensions: [] }],
    });
    const thing: ScimResource = { schemas: [THING], id: 't', label: 'L', secretish: 'S', box: { a: 1, b: 2 } };

    it('is left out unless named in attributes (S-7-04)', () => {
      expect(projectResource(custom, 'Thing', thing)).toEqual({ schemas: [THING], id: 't', label: 'L', box: { a: 1 } });
      expect(projectResource(custom, 'Thing', thing, { attributes: ['secretish'] })).toEqual({ schemas: [THING], id: 't', secretish: 'S' });
      expect(projectResource(custom, 'Thing', thing, { attributes: ['box'] }).box).toEqual({ a: 1 });
      expect(projectResource(custom, 'Thing', thing, { attributes: ['box.b'] }).box).toEqual({ b: 2 });
    });
  });
});
