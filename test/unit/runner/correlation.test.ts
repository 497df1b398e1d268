import { describe, expect, it } from 'vitest';
import { Correlation, runScopedNames } from '../../../src/runner/correlation.js';

describe('Correlation', () => {
  it('maps what the recorded server assigned to what the target assigned', () => {
    const c = new Correlation();
    c.learn(
      { headers: { Location: 'https://rec.example/scim/v2/Users/U-A', ETag: 'W/"1"' }, body: { id: 'U-A', meta: { location: 'https://rec.example/scim/v2/Users/U-A', version: 'W/"1"' } } },
      { headers: { location: 'http://t/scim/v2/Users/9f1', etag: 'W/"abc"' }, json: { id: '9f1', meta: { location: 'http://t/scim/v2/Users/9f1', version: 'W/"abc"' } } },
    );
    expect(c.ids).toEqual({ 'U-A': '9f1' });
    expect(c.apply('/Users/U-A')).toBe('/Users/9f1');
    expect(c.apply('W/"1"')).toBe('W/"abc"');
    expect(c.applyJson({ members: [{ value: 'U-A', $ref: 'https://rec.example/scim/v2/Users/U-A' }] })).toEqual({
      members: [{ value: '9f1', $ref: 'http://t/scim/v2/Users/9f1' }],
    });
  });

  it('learns from a one-result list (an existence check that found the resource)', () => {
    const c = new Correlation();
    c.learn({ headers: {}, body: { Resources: [{ id: 'g-eng' }] } }, { headers: {}, json: { Resources: [{ id: '77' }] } });
    expect(c.ids).toEqual({ 'g-eng': '77' });
  });

  it('rewrites raw, percent-encoded and form-encoded forms in URLs and encodes replacements', () => {
    const c = new Correlation();
    c.set('alice@contoso.com', 'alice+r1@contoso.com');
    c.set('Engineering', 'scimctl r1 group 1');
    expect(c.apply('filter=userName+eq+%22alice%40contoso.com%22', true)).toBe('filter=userName+eq+%22alice%2Br1%40contoso.com%22');
    expect(c.apply('filter=displayName+eq+%22Engineering%22', true)).toBe('filter=displayName+eq+%22scimctl%20r1%20group%201%22');
    expect(c.apply('alice@contoso.com')).toBe('alice+r1@contoso.com');
  });

  it('never rewrites a replacement again, and prefers the longest literal', () => {
    const c = new Correlation();
    c.set('U-A', 'U-AB');
    c.set('U-AB', 'zzz');
    expect(c.apply('U-A U-AB')).toBe('U-AB zzz');
  });
});

describe('Correlation with short numeric ids', () => {
  it('rewrites an id only where it stands alone, never inside numbers, other ids or percent-escapes', () => {
    const c = new Correlation();
    c.set('1', 'u-one');
    c.set('20', 'u-twenty');
    expect(c.apply('/Users/1')).toBe('/Users/u-one');
    expect(c.apply('/Users/10')).toBe('/Users/10');
    expect(c.apply('U-1')).toBe('U-1');
    expect(c.apply('members[value eq "1"]')).toBe('members[value eq "u-one"]');
    expect(c.apply('filter=members.value%20eq%20%221%22', true)).toBe('filter=members.value%20eq%20%22u-one%22');
    expect(c.apply('userName%20eq%20%22a%22', true)).toBe('userName%20eq%20%22a%22');
    expect(c.applyJson({ members: [{ value: '1' }, { value: '20' }] })).toEqual({ members: [{ value: 'u-one' }, { value: 'u-twenty' }] });
  });

  it('leaves paging numbers in a query alone', () => {
    const c = new Correlation();
    c.set('1', 'u-one');
    expect(c.applyQuery('filter=id%20eq%20%221%22&startIndex=1&count=1')).toBe('filter=id%20eq%20%22u-one%22&startIndex=1&count=1');
  });
});

describe('runScopedNames', () => {
  it('gives userName, externalId and group displayName the run id, keeping substituted values', () => {
    const pairs = runScopedNames(
      [
        { collection: 'Users', body: { userName: 'alice@example.com', externalId: '00uALICE' } },
        { collection: 'Users', body: { userName: 'bob' } },
        { collection: 'Groups', body: { displayName: 'Engineering' } },
        { collection: 'Groups', body: { displayName: 'Linked' } },
      ],
      'r1a2b3',
      (v) => v === 'Linked',
    );
    expect(pairs).toEqual([
      ['alice@example.com', 'alice+r1a2b3@example.com'],
      ['00uALICE', '00uALICE-r1a2b3'],
      ['bob', 'bob-r1a2b3'],
      ['Engineering', 'Engineering r1a2b3'],
    ]);
  });
});
