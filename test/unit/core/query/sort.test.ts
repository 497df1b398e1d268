import { describe, expect, it } from 'vitest';
import { ScimError } from '../../../../src/core/scim-errors.js';
import { attr } from '../../../../src/core/schema/attribute-def.js';
import { createSchemaRegistry, defaultRegistry as registry } from '../../../../src/core/schema/schema-registry.js';
import type { ScimResource } from '../../../../src/core/schema/types.js';
import { sortResources } from '../../../../src/core/sort.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const u = (id: string, extra: Record<string, unknown> = {}): ScimResource => ({ schemas: [USER], id, userName: id, ...extra });
const ids = (rs: ScimResource[]): unknown[] => rs.map((r) => r.id);
const sort = (rs: ScimResource[], sortBy: string, sortOrder?: string): unknown[] =>
  ids(sortResources(registry, 'User', rs, { sortBy, ...(sortOrder === undefined ? {} : { sortOrder }) }));

describe('sortResources (RFC 7644 §3.4.2.3)', () => {
  it('sorts caseExact=false strings case-insensitively, ascending by default (P-3.4.2.3-07, -08)', () => {
    expect(sort([u('carol'), u('Bob'), u('alice')], 'userName')).toEqual(['alice', 'Bob', 'carol']);
  });

  it('sorts caseExact=true strings by code point (externalId)', () => {
    const rs = [u('1', { externalId: 'b' }), u('2', { externalId: 'B' }), u('3', { externalId: 'a' })];
    expect(sort(rs, 'externalId')).toEqual(['2', '3', '1']);
  });

  it('sorts descending', () => {
    expect(sort([u('a'), u('c'), u('b')], 'userName', 'descending')).toEqual(['c', 'b', 'a']);
    expect(sort([u('a'), u('c'), u('b')], 'userName', 'DESCENDING')).toEqual(['c', 'b', 'a']);
  });

  it('sorts dateTime values chronologically, across zones (P-3.4.2.3-09)', () => {
    const m = (created: string) => ({ meta: { created } });
    const rs = [u('x', m('2024-01-01T12:00:00+02:00')), u('y', m('2024-01-01T09:00:00Z')), u('z', m('2024-01-01T10:30:00Z'))];
    expect(sort(rs, 'meta.created')).toEqual(['y', 'x', 'z']);
  });

  it('sorts by a sub-attribute, URN-qualified and in any case (P-3.4.3-01)', () => {
    const rs = [u('1', { name: { familyName: 'Young' } }), u('2', { name: { familyName: 'adams' } })];
    expect(sort(rs, 'name.familyName')).toEqual(['2', '1']);
    expect(sort(rs, `${USER.toUpperCase()}:NAME.FAMILYNAME`)).toEqual(['2', '1']);
  });

  it('sorts by an extension attribute', () => {
    const rs = [u('1', { [ENT]: { employeeNumber: '9' } }), u('2', { [ENT]: { employeeNumber: '1' } })];
    expect(sort(rs, `${ENT}:employeeNumber`)).toEqual(['2', '1']);
    expect(sort(rs, 'employeeNumber')).toEqual(['2', '1']);
  });

  it('sorts multi-valued attributes by the primary value, else the first (P-3.4.2.3-03)', () => {
    const rs = [
      u('1', { emails: [{ value: 'a@x' }, { value: 'z@x', primary: true }] }),
      u('2', { emails: [{ value: 'm@x' }, { value: 'b@x' }] }),
    ];
    expect(sort(rs, 'emails.value')).toEqual(['2', '1']);
    expect(sort(rs, 'emails')).toEqual(['2', '1']);
  });

  it('puts missing values last ascending and first descending (P-3.4.2.3-05)', () => {
    const rs = [u('none'), u('b', { title: 'B' }), u('a', { title: 'a' })];
    expect(sort(rs, 'title')).toEqual(['a', 'b', 'none']);
    expect(sort(rs, 'title', 'descending')).toEqual(['none', 'b', 'a']);
  });

  it('is stable in both directions', () => {
    const rs = [u('1', { title: 'same' }), u('2', { title: 'SAME' }), u('3', { title: 'same' }), u('4'), u('5')];
    expect(sort(rs, 'title')).toEqual(['1', '2', '3', '4', '5']);
    expect(sort(rs, 'title', 'descending')).toEqual(['4', '5', '1', '2', '3']);
  });

  it('returns a copy and leaves the input order alone', () => {
    const rs = [u('b'), u('a')];
    const out = sortResources(registry, 'User', rs, { sortBy: 'userName' });
    expect(ids(rs)).toEqual(['b', 'a']);
    expect(out).not.toBe(rs);
  });

  it('leaves the order unchanged for an attribute the type does not define', () => {
    expect(sort([u('b'), u('a')], 'noSuchAttr')).toEqual(['b', 'a']);
  });

  it('sorts numbers and booleans by value', () => {
    const THING = 'urn:example:Thing';
    const custom = createSchemaRegistry({
      schemas: [{ id: THING, name: 'T', description: '', attributes: [attr('n', '', { type: 'decimal' }), attr('b', '', { type: 'boolean' })] }],
      resourceTypes: [{ id: 'T', name: 'T', endpoint: '/T', description: '', schema: THING, schemaExtensions: [] }],
    });
    const rs: ScimResource[] = [{ id: '1', n: 10, b: true }, { id: '2', n: 9.5, b: false }, { id: '3', n: -1 }];
    expect(ids(sortResources(custom, 'T', rs, { sortBy: 'n' }))).toEqual(['3', '2', '1']);
    expect(ids(sortResources(custom, 'T', rs, { sortBy: 'b' }))).toEqual(['2', '1', '3']);
  });

  it.each([
    ['an unknown sortOrder', { sortBy: 'userName', sortOrder: 'sideways' }, /sortOrder must be/],
    ['a malformed sortBy', { sortBy: 'name..x' }, /sortBy: "name\.\.x" is not an attribute name/],
    ['a complex attribute without a value sub-attribute', { sortBy: 'name' }, /name a sub-attribute such as name\.formatted/],
    ['a whole extension', { sortBy: ENT }, /names a whole extension/],
  ])('refuses %s with invalidValue', (_label, opts, message) => {
    try {
      sortResources(registry, 'User', [u('a')], opts);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ScimError);
      expect((err as ScimError).scimType).toBe('invalidValue');
      expect((err as ScimError).detail).toMatch(message);
    }
  });
});

describe('sortResources: code point order', () => {
  it('orders astral characters after U+FFxx, as code points do', () => {
    const rs = [u('1', { externalId: '\u{1F600}' }), u('2', { externalId: '\uFF21' })];
    expect(sort(rs, 'externalId')).toEqual(['2', '1']);
  });
});
