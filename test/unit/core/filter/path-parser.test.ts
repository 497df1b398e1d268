import { describe, expect, it } from 'vitest';
import {
  parseAttrPath,
  parsePath,
  tryParseAttrPath,
  tryParsePath,
} from '../../../../src/core/filter/path-parser.js';
import { ScimError } from '../../../../src/core/scim-errors.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

describe('parsePath (RFC 7644 §3.5.2 PATH = attrPath / valuePath [subAttr])', () => {
  it.each([
    ['members', { attr: { name: 'members' } }],
    ['name.givenName', { attr: { name: 'name', sub: 'givenName' } }],
    ['active', { attr: { name: 'active' } }],
    [`${ENTERPRISE}:manager`, { attr: { uri: ENTERPRISE, name: 'manager' } }],
    [`${ENTERPRISE}:manager.value`, { attr: { uri: ENTERPRISE, name: 'manager', sub: 'value' } }],
    [`${ENTERPRISE}:department`, { attr: { uri: ENTERPRISE, name: 'department' } }],
    [`${CORE_USER}:name.familyName`, { attr: { uri: CORE_USER, name: 'name', sub: 'familyName' } }],
    [ENTERPRISE, { attr: { name: ENTERPRISE, schemaRoot: true } }],
    [CORE_USER, { attr: { name: CORE_USER, schemaRoot: true } }],
    ['urn:acme:params:scim:schemas:extension:acme:2.0:User', {
      attr: { name: 'urn:acme:params:scim:schemas:extension:acme:2.0:User', schemaRoot: true },
    }],
    ['urn:okta:custom:group:1.0', { attr: { name: 'urn:okta:custom:group:1.0', schemaRoot: true } }],
    ['  displayName  ', { attr: { name: 'displayName' } }],
  ])('parses %s', (text, expected) => {
    expect(parsePath(text)).toEqual(expected);
  });

  it('treats URNs listed in schemaUris as schema roots', () => {
    expect(parsePath('urn:okta:app:1.0:user:custom')).toEqual({
      attr: { uri: 'urn:okta:app:1.0:user', name: 'custom' },
    });
    expect(parsePath('urn:okta:app:1.0:user:custom', { schemaUris: ['urn:okta:app:1.0:user:custom'] })).toEqual({
      attr: { name: 'urn:okta:app:1.0:user:custom', schemaRoot: true },
    });
  });

  it('parses a member removal path (Okta, Entra flag mode)', () => {
    expect(parsePath('members[value eq "2819c223-7f76-453a-919d-413861904646"]')).toEqual({
      attr: { name: 'members' },
      filter: {
        kind: 'compare',
        path: { name: 'value' },
        op: 'eq',
        value: { kind: 'string', value: '2819c223-7f76-453a-919d-413861904646' },
      },
    });
  });

  it('parses a value path with a sub-attribute (Entra)', () => {
    expect(parsePath('emails[type eq "work"].value')).toEqual({
      attr: { name: 'emails' },
      filter: { kind: 'compare', path: { name: 'type' }, op: 'eq', value: { kind: 'string', value: 'work' } },
      sub: 'value',
    });
    expect(parsePath('addresses[type eq "work"].streetAddress')).toMatchObject({ sub: 'streetAddress' });
  });

  it('parses the RFC 7644 §3.5.2 example with and inside the brackets', () => {
    expect(parsePath('emails[type eq "work" and value ew "example.com"]')).toMatchObject({
      attr: { name: 'emails' },
      filter: { kind: 'and' },
    });
  });

  it('parses a value filter on a single-valued complex attribute (Entra manager removal)', () => {
    expect(parsePath('manager[value eq "x"]')).toMatchObject({ attr: { name: 'manager' }, filter: { kind: 'compare' } });
  });

  it.each([
    ['', 0, 'the path is empty'],
    ['emails[0].value', 7, 'no array indices'],
    ['emails[type eq "work"', 21, 'is not closed'],
    ['emails[type zz "work"]', 12, "unknown operator 'zz'"],
    ['emails[type eq "work"] value', 23, 'expected the end of the path'],
    ['emails[type eq "work"].', 23, "expected a sub-attribute name after '.'"],
    ['emails[type eq "work"].value.x', 23, "'value.x' is not a sub-attribute name"],
    ['emails[type eq "work"] .value', 22, "unexpected space before '.'"],
    ['name.givenName[x eq "y"]', 14, "a value filter cannot follow 'name.givenName'"],
    [`${ENTERPRISE}[x eq "y"]`, ENTERPRISE.length, 'a value filter cannot follow'],
    ['userName eq "x"', 9, 'expected the end of the path'],
    ['"userName"', 0, 'expected an attribute path'],
    ['a.b.c', 3, 'at most one sub-attribute level'],
    ['members[value eq "a" and members[x pr]]', 32, 'value filters cannot be nested'],
    ['emails[type eq "work"]]', 22, "expected the end of the path, found ']'"],
  ])('rejects %j at offset %i (%s)', (text, offset, fragment) => {
    const result = tryParsePath(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.offset).toBe(offset);
    expect(result.error.message).toContain(fragment);
    expect(() => parsePath(text)).toThrow(ScimError);
    try {
      parsePath(text);
    } catch (err) {
      expect((err as ScimError).scimType).toBe('invalidPath');
    }
  });
});

describe('parseAttrPath (attributes, excludedAttributes, sortBy)', () => {
  it.each([
    ['userName', { name: 'userName' }],
    ['name.familyName', { name: 'name', sub: 'familyName' }],
    ['meta.lastModified', { name: 'meta', sub: 'lastModified' }],
    [`${CORE_USER}:userName`, { uri: CORE_USER, name: 'userName' }],
    [`${ENTERPRISE}:manager.displayName`, { uri: ENTERPRISE, name: 'manager', sub: 'displayName' }],
    [ENTERPRISE, { name: ENTERPRISE, schemaRoot: true }],
    [' emails ', { name: 'emails' }],
  ])('parses %s', (text, expected) => {
    expect(parseAttrPath(text)).toEqual(expected);
  });

  it.each([
    ['', 0, 'the attribute path is empty'],
    ['emails[type eq "work"]', 6, 'a value filter is not allowed here'],
    ['userName,emails', 8, "unexpected character ','"],
    ['name..givenName', 5, "expected a sub-attribute name after '.'"],
    ['userName desc', 9, 'expected the end of the attribute path'],
  ])('rejects %j at offset %i (%s)', (text, offset, fragment) => {
    const result = tryParseAttrPath(text);
    expect(result).toMatchObject({ ok: false, error: { offset } });
    if (!result.ok) expect(result.error.message).toContain(fragment);
    expect(() => parseAttrPath(text)).toThrow(expect.objectContaining({ scimType: 'invalidPath' }));
  });
});
