import { describe, expect, it } from 'vitest';
import { equalityLookup } from '../../../../src/core/filter/filter-index-hint.js';
import { parseFilter } from '../../../../src/core/filter/filter-parser.js';

const hint = (text: string) => equalityLookup(parseFilter(text));

describe('equalityLookup', () => {
  it('recognises attr eq value (the Okta and Entra lookups)', () => {
    expect(hint('userName eq "alice@example.com"')).toEqual({
      path: { name: 'userName' },
      value: { kind: 'string', value: 'alice@example.com' },
    });
    expect(hint('externalId eq "e-1"')).toMatchObject({ path: { name: 'externalId' } });
    expect(hint('displayName eq "Engineering"')).toMatchObject({ path: { name: 'displayName' } });
    expect(hint('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "a"')).toMatchObject({
      path: { uri: 'urn:ietf:params:scim:schemas:core:2.0:User', name: 'userName' },
    });
  });

  it('takes either side of an and, the left one first', () => {
    expect(hint('title pr and userName eq "a"')).toMatchObject({ path: { name: 'userName' } });
    expect(hint('userName eq "a" and externalId eq "b"')).toMatchObject({ path: { name: 'userName' } });
    expect(hint('(title pr and active eq true) and nickName pr')).toMatchObject({
      path: { name: 'active' },
      value: { kind: 'boolean', value: true },
    });
  });

  it('gives no hint where the index could miss matches', () => {
    expect(hint('userName eq "a" or userName eq "b"')).toBeUndefined();
    expect(hint('not (userName eq "a")')).toBeUndefined();
    expect(hint('userName ne "a"')).toBeUndefined();
    expect(hint('userName co "a"')).toBeUndefined();
    expect(hint('title eq null')).toBeUndefined();
    expect(hint('emails[type eq "work"]')).toBeUndefined();
    expect(hint('title pr')).toBeUndefined();
  });
});
