import { describe, expect, it } from 'vitest';
import { ScimError } from '../../../../src/core/scim-errors.js';
import { attr, complex } from '../../../../src/core/schema/attribute-def.js';
import { createSchemaRegistry, defaultRegistry as registry } from '../../../../src/core/schema/schema-registry.js';
import type { ScimResource } from '../../../../src/core/schema/types.js';
import { prepareReplace } from '../../../../src/core/schema/validate-resource.js';

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

const META = {
  resourceType: 'User',
  created: '2024-01-01T00:00:00Z',
  lastModified: '2024-01-02T00:00:00Z',
  location: 'https://x/Users/u1',
  version: 'W/"1"',
};

const existing: ScimResource = {
  schemas: [USER, ENT],
  id: 'u1',
  userName: 'bjensen',
  title: 'Boss',
  password: 'old-secret',
  groups: [{ value: 'g1', display: 'Admins' }],
  [ENT]: { department: 'R&D', manager: { value: 'm1', displayName: 'Mia' } },
  meta: META,
};

describe('prepareReplace (RFC 7644 §3.5.1)', () => {
  it('keeps readOnly values and ignores changed ones (P-3.5.1-07)', () => {
    const out = prepareReplace(registry, 'User', existing, {
      schemas: [USER, ENT],
      id: 'other',
      userName: 'bjensen',
      meta: { created: '1999-01-01T00:00:00Z' },
      groups: [],
      [ENT]: { manager: { value: 'm1', displayName: 'Someone else' } },
    });
    expect(out.id).toBe('u1');
    expect(out.meta).toEqual(META);
    expect(out.groups).toEqual(existing.groups);
    expect(out[ENT]).toEqual({ manager: { value: 'm1', displayName: 'Mia' } });
  });

  it('replaces readWrite values and clears omitted ones (P-3.5.1-02, P-3.5.1-03)', () => {
    const out = prepareReplace(registry, 'User', existing, { schemas: [USER], userName: 'bjensen2', nickName: 'B' });
    expect(out.userName).toBe('bjensen2');
    expect(out.nickName).toBe('B');
    expect(out.title).toBeUndefined();
    expect(out[ENT]).toBeUndefined();
    expect(out.schemas).toEqual([USER]);
  });

  it('keeps a writeOnly password that was not re-sent, replaces one that was', () => {
    expect(prepareReplace(registry, 'User', existing, { schemas: [USER], userName: 'b' }).password).toBe('old-secret');
    expect(prepareReplace(registry, 'User', existing, { schemas: [USER], userName: 'b', password: 'new' }).password).toBe('new');
  });

  it("clears an omitted password with omittedWriteOnly 'clear' (a PATCH result)", () => {
    const out = prepareReplace(registry, 'User', existing, { schemas: [USER], userName: 'b' }, { omittedWriteOnly: 'clear' });
    expect(out).not.toHaveProperty('password');
  });

  it('drops the stored manager.displayName when the manager changes', () => {
    const out = prepareReplace(registry, 'User', existing, { schemas: [USER, ENT], userName: 'b', [ENT]: { manager: { value: 'm2' } } });
    expect(out[ENT]).toEqual({ manager: { value: 'm2' } });
  });

  it('requires required attributes (P-3.5.1-08)', () => {
    const err = errorOf(() => prepareReplace(registry, 'User', existing, { schemas: [USER], title: 'x' }));
    expect(err.scimType).toBe('invalidValue');
    expect(err.detail).toMatch(/userName is required/);
  });

  it('validates like create (types, tolerances, strict)', () => {
    expect(errorOf(() => prepareReplace(registry, 'User', existing, { schemas: [USER], userName: 'b', active: 3 })).scimType).toBe('invalidValue');
    expect(prepareReplace(registry, 'User', existing, { schemas: [USER], userName: 'b', active: 'False' }).active).toBe(false);
    expect(
      errorOf(() => prepareReplace(registry, 'User', existing, { schemas: [USER], userName: 'b', active: 'False' }, { strict: true })).scimType,
    ).toBe('invalidValue');
  });

  it('replaces Group members wholesale (members can be added and removed, RFC 7643 §4.2)', () => {
    const group: ScimResource = { schemas: [GROUP], id: 'g1', displayName: 'G', members: [{ value: 'u1' }] };
    const out = prepareReplace(registry, 'Group', group, { schemas: [GROUP], displayName: 'G', members: [{ value: 'u2' }] });
    expect(out.members).toEqual([{ value: 'u2' }]);
  });

  it('never mutates the existing resource or the body', () => {
    const before = structuredClone(existing);
    const body = { schemas: [USER], userName: 'x', [ENT]: { manager: { value: 'm1' } } };
    const bodyBefore = structuredClone(body);
    prepareReplace(registry, 'User', existing, body);
    expect(existing).toEqual(before);
    expect(body).toEqual(bodyBefore);
  });

  describe('immutable attributes (P-3.5.1-05, P-3.5.1-06)', () => {
    const THING = 'urn:example:Thing';
    const custom = createSchemaRegistry({
      schemas: [
        {
          id: THING,
          name: 'Thing',
          description: 'test',
          attributes: [
            attr('serial', 'immutable, case-insensitive', { mutability: 'immutable' }),
            attr('label', 'read-write'),
            complex('badge', 'single complex', [attr('code', 'immutable', { mutability: 'immutable', caseExact: true }), attr('note', 'rw')]),
          ],
        },
      ],
      resourceTypes: [{ id: 'Thing', name: 'Thing', endpoint: '/Things', description: '', schema: THING, schemaExtensions: [] }],
    });
    const stored: ScimResource = { schemas: [THING], id: 't1', serial: 'ABC', badge: { code: 'K1', note: 'n' } };

    it('refuses a different value with mutability', () => {
      const err = errorOf(() => prepareReplace(custom, 'Thing', stored, { schemas: [THING], serial: 'XYZ' }));
      expect(err.scimType).toBe('mutability');
      expect(err.status).toBe(400);
    });

    it('accepts the same value, compared by caseExact', () => {
      expect(prepareReplace(custom, 'Thing', stored, { schemas: [THING], serial: 'abc' }).serial).toBe('abc');
    });

    it('keeps the value when it is omitted', () => {
      expect(prepareReplace(custom, 'Thing', stored, { schemas: [THING], label: 'l' }).serial).toBe('ABC');
    });

    it('sets a value that was not set before', () => {
      const unset: ScimResource = { schemas: [THING], id: 't2' };
      expect(prepareReplace(custom, 'Thing', unset, { schemas: [THING], serial: 'NEW' }).serial).toBe('NEW');
    });

    it('applies to sub-attributes of a single complex value', () => {
      const err = errorOf(() => prepareReplace(custom, 'Thing', stored, { schemas: [THING], badge: { code: 'k1' } }));
      expect(err.scimType).toBe('mutability');
      expect(err.detail).toMatch(/badge\.code/);
      expect(prepareReplace(custom, 'Thing', stored, { schemas: [THING], badge: { note: 'm' } }).badge).toEqual({ note: 'm', code: 'K1' });
    });
  });
});
