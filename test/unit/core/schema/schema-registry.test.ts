import { describe, expect, it } from 'vitest';
import {
  createSchemaRegistry,
  defaultRegistry,
  resourceSchemas,
} from '../../../../src/core/schema/schema-registry.js';
import { GROUP_SCHEMA } from '../../../../src/core/schema/group-schema.js';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const r = defaultRegistry;

describe('schema registry', () => {
  it('finds resource types by name or endpoint, case-insensitively', () => {
    expect(r.resourceType('User')?.endpoint).toBe('/Users');
    expect(r.resourceType('/users')?.name).toBe('User');
    expect(r.resourceType('groups')?.name).toBe('Group');
    expect(r.resourceType('Nope')).toBeUndefined();
  });

  it('finds schemas by URN, case-insensitively', () => {
    expect(r.schema(CORE.toUpperCase())?.name).toBe('User');
    expect(r.schema('urn:x')).toBeUndefined();
  });

  it('resolves unqualified core names in any case', () => {
    const res = r.resolve('User', { name: 'USERNAME' });
    expect(res?.def.name).toBe('userName');
    expect(res?.schema).toBe(CORE);
    expect(res?.extension).toBe(false);
  });

  it('resolves sub-attributes with their parent', () => {
    const res = r.resolve('User', { name: 'name', sub: 'GIVENNAME' });
    expect(res?.def.name).toBe('givenName');
    expect(res?.parent?.name).toBe('name');
  });

  it('resolves URN-qualified core and extension names in any case (P-3.10-01, P-3.10-04)', () => {
    expect(r.resolve('User', { uri: CORE.toUpperCase(), name: 'name', sub: 'givenName' })?.def.name).toBe('givenName');
    const res = r.resolve('User', { uri: ENT.toUpperCase(), name: 'MANAGER', sub: 'value' });
    expect(res?.def.name).toBe('value');
    expect(res?.def.caseExact).toBe(true);
    expect(res?.extension).toBe(true);
    expect(res?.schema).toBe(ENT);
  });

  it('resolves unqualified extension names after the core schema', () => {
    const res = r.resolve('User', { name: 'employeeNumber' });
    expect(res?.extension).toBe(true);
    expect(res?.schema).toBe(ENT);
  });

  it('resolves common attributes for every resource type', () => {
    expect(r.resolve('Group', { name: 'id' })?.def.returned).toBe('always');
    expect(r.resolve('User', { name: 'meta', sub: 'lastModified' })?.def.type).toBe('dateTime');
    expect(r.resolve('User', { name: 'externalId' })?.def.caseExact).toBe(true);
    expect(r.resolve('User', { uri: CORE, name: 'id' })?.def.name).toBe('id');
    expect(r.resolve('User', { name: 'schemas' })?.def.multiValued).toBe(true);
  });

  it('refuses a URN that is not a schema of the resource type', () => {
    expect(r.resolve('Group', { uri: ENT, name: 'employeeNumber' })).toBeUndefined();
    expect(r.resolve('Group', { uri: CORE, name: 'userName' })).toBeUndefined();
    expect(r.resolve('User', { uri: 'urn:nope', name: 'userName' })).toBeUndefined();
  });

  it('returns undefined for unknown names, subs of simple attributes and unknown types', () => {
    expect(r.resolve('User', { name: 'favouriteColour' })).toBeUndefined();
    expect(r.resolve('User', { name: 'userName', sub: 'x' })).toBeUndefined();
    expect(r.resolve('User', { name: 'name', sub: 'nope' })).toBeUndefined();
    expect(r.resolve('Widget', { name: 'id' })).toBeUndefined();
    expect(r.resolve('Group', { name: 'userName' })).toBeUndefined();
  });

  it('resolves a bare extension URN, whole or split at its last colon', () => {
    const whole = r.resolve('User', { name: ENT.toLowerCase() });
    expect(whole?.extensionRoot).toBe(true);
    expect(whole?.def.type).toBe('complex');
    const split = r.resolve('User', { uri: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0', name: 'User' });
    expect(split?.extensionRoot).toBe(true);
    const manager = whole && r.resolveSub(whole, 'manager');
    expect(manager?.def.name).toBe('manager');
    expect(manager?.parent).toBeUndefined();
    const value = manager && r.resolveSub(manager, 'value');
    expect(value?.parent?.name).toBe('manager');
  });

  it('resolveSub works inside value filters and stops at one level', () => {
    const emails = r.resolve('User', { name: 'emails' });
    expect(emails).toBeDefined();
    const type = emails && r.resolveSub(emails, 'TYPE');
    expect(type?.def.name).toBe('type');
    expect(type && r.resolveSub(type, 'x')).toBeUndefined();
    const members = r.resolve('Group', { name: 'members' });
    expect(members && r.resolveSub(members, '$REF')?.def.type).toBe('reference');
  });

  it('lists a resource type schemas', () => {
    const s = resourceSchemas(r, 'User');
    expect(s?.core.id).toBe(CORE);
    expect(s?.extensions.map((e) => [e.schema.id, e.required])).toEqual([[ENT, false]]);
  });

  it('builds custom registries and rejects unknown schema references', () => {
    const groupsOnly = createSchemaRegistry({
      schemas: [GROUP_SCHEMA],
      resourceTypes: [
        { id: 'Team', name: 'Team', endpoint: '/Teams', description: 't', schema: GROUP_SCHEMA.id, schemaExtensions: [] },
      ],
    });
    expect(groupsOnly.resolve('/Teams', { name: 'displayName' })?.def.required).toBe(true);
    expect(() =>
      createSchemaRegistry({
        schemas: [],
        resourceTypes: [{ id: 'X', name: 'X', endpoint: '/X', description: '', schema: 'urn:x', schemaExtensions: [] }],
      }),
    ).toThrow(/unknown schema/);
  });
});
