/** `remove` (RFC 7644 §3.5.2.2, area 15) and `replace` (§3.5.2.3, area 16) rules. */
import { describe, expect, it } from 'vitest';
import {
  ENTERPRISE_URN,
  MEMBER_3,
  STRICT,
  USER_URN,
  enterpriseUser,
  expectScimError,
  ext,
  group,
  patchGroup,
  patchUser,
  user,
} from './fixtures.js';

describe('remove', () => {
  it('unassigns a single-valued attribute (P-3.5.2.2-02)', () => {
    expect(patchUser(user(), [{ op: 'remove', path: 'title' }])).not.toHaveProperty('title');
  });

  it('removes every value of a multi-valued attribute (P-3.5.2.2-03)', () => {
    expect(patchUser(user(), [{ op: 'remove', path: 'emails' }])).not.toHaveProperty('emails');
  });

  it('removes one sub-attribute (P-3.5.2.2-06)', () => {
    const out = patchUser(user(), [{ op: 'remove', path: 'name.givenName' }]);
    expect(out['name']).toEqual({ formatted: 'Ms. Barbara J Jensen, III', familyName: 'Jensen' });
  });

  it('removes a sub-attribute of the matching elements only (P-3.5.2.2-06)', () => {
    const out = patchUser(user(), [{ op: 'remove', path: 'addresses[type eq "work"].postalCode' }]);
    const [work, home] = out['addresses'] as Record<string, unknown>[];
    expect(work).not.toHaveProperty('postalCode');
    expect(work?.['streetAddress']).toBe('100 Universal City Plaza');
    expect(home).toEqual((user()['addresses'] as unknown[])[1]);
  });

  it('drops a complex attribute whose last sub-attribute is removed', () => {
    const start = { ...user(), name: { givenName: 'B' } };
    expect(patchUser(start, [{ op: 'remove', path: 'name.givenName' }])).not.toHaveProperty('name');
  });

  it.each([
    ['User', 'userName'],
    ['User', 'id'],
    ['User', 'meta'],
    ['User', 'groups'],
    ['User', 'schemas'],
    ['Group', 'displayName'],
  ])('refuses to remove %s %s with mutability (P-3.5.2.2-07)', (type, path) => {
    const run = type === 'User' ? () => patchUser(user(), [{ op: 'remove', path }]) : () => patchGroup(group(), [{ op: 'remove', path }]);
    expectScimError(run, 'mutability');
  });

  it('ignores a value on remove of a single-valued attribute, in both modes', () => {
    expect(patchUser(user(), [{ op: 'remove', path: 'title', value: 'Tour Guide' }])).not.toHaveProperty('title');
    expect(patchUser(user(), [{ op: 'remove', path: 'title', value: 'x' }], STRICT)).not.toHaveProperty('title');
  });

  it('removes a writeOnly password, and keeps it through other operations (S-7-21)', () => {
    const start = { ...user(), password: 't1meMachine' };
    expect(patchUser(start, [{ op: 'remove', path: 'password' }])).not.toHaveProperty('password');
    expect(patchUser(start, [{ op: 'replace', path: 'title', value: 'T' }])['password']).toBe('t1meMachine');
  });

  it('treats removing a non-member as a successful no-op (P-3.5.2.2-08)', () => {
    const out = patchGroup(group(), [{ op: 'remove', path: `members[value eq "${MEMBER_3}"]` }]);
    expect(out['members']).toEqual(group()['members']);
  });

  it('treats removing an unset attribute as a no-op (P-3.5.2.2-09)', () => {
    expect(patchUser(user(), [{ op: 'remove', path: 'nickName' }])).toEqual(user());
  });

  it('drops the extension and its URN when its last attribute goes', () => {
    const start = { ...user(), schemas: [USER_URN, ENTERPRISE_URN], [ENTERPRISE_URN]: { department: 'R&D' } };
    const out = patchUser(start, [{ op: 'remove', path: `${ENTERPRISE_URN}:department` }]);
    expect(out).not.toHaveProperty(ENTERPRISE_URN);
    expect(out['schemas']).toEqual([USER_URN]);
  });

  it('removes a whole extension by its URN', () => {
    const out = patchUser(enterpriseUser(), [{ op: 'remove', path: ENTERPRISE_URN }]);
    expect(out).not.toHaveProperty(ENTERPRISE_URN);
    expect(out['schemas']).toEqual([USER_URN]);
  });

  it("removes the manager through a filter on the single-valued complex attribute (entra.md §2.5)", () => {
    const out = patchUser(enterpriseUser(), [
      { op: 'remove', path: `${ENTERPRISE_URN}:manager[value eq "26118915-6090-4610-87e4-49d8ca9f808d"]` },
    ]);
    expect(ext(out)).toEqual({ employeeNumber: '701984', department: 'Tour Operations' });
  });

  it('keeps the manager when that filter does not match', () => {
    const out = patchUser(enterpriseUser(), [{ op: 'remove', path: `${ENTERPRISE_URN}:manager[value eq "other"]` }]);
    expect(ext(out)?.['manager']).toEqual(ext(enterpriseUser())?.['manager']);
  });
});

describe('replace', () => {
  it('replaces a single value (P-3.5.2.3-02)', () => {
    expect(patchUser(user(), [{ op: 'replace', path: 'displayName', value: 'New' }])['displayName']).toBe('New');
  });

  it('adds an attribute that does not exist yet (P-3.5.2.3-04)', () => {
    const start = user();
    delete start['title'];
    expect(patchUser(start, [{ op: 'replace', path: 'title', value: 'T' }])['title']).toBe('T');
  });

  it('replaces only the given sub-attributes of a complex value (P-3.5.2.3-05)', () => {
    const start = { ...user(), name: { givenName: 'A', familyName: 'B' } };
    const out = patchUser(start, [{ op: 'replace', path: 'name', value: { givenName: 'C' } }]);
    expect(out['name']).toEqual({ givenName: 'C', familyName: 'B' });
  });

  it('replaces the whole set of a multi-valued attribute (P-3.5.2.3-03)', () => {
    const out = patchUser(user(), [{ op: 'replace', path: 'emails', value: [{ value: 'x@example.com' }] }]);
    expect(out['emails']).toEqual([{ value: 'x@example.com' }]);
  });

  it.each([[[]], [null]])('unassigns with %j (P-3.5.2.3-09)', (value) => {
    expect(patchUser(user(), [{ op: 'replace', path: 'emails', value }])).not.toHaveProperty('emails');
    expect(patchUser(user(), [{ op: 'replace', path: 'title', value: null }])).not.toHaveProperty('title');
  });

  it('replaces every matching element (P-3.5.2.3-06)', () => {
    const start = {
      ...user(),
      emails: [
        { value: 'a@example.com', type: 'work' },
        { value: 'h@example.com', type: 'home' },
        { value: 'b@example.com', type: 'work' },
      ],
    };
    const out = patchUser(start, [{ op: 'replace', path: 'emails[type eq "work"]', value: { value: 'n@x.io', type: 'work' } }]);
    expect(out['emails']).toEqual([
      { value: 'n@x.io', type: 'work' },
      { value: 'h@example.com', type: 'home' },
      { value: 'n@x.io', type: 'work' },
    ]);
  });

  it('replaces a sub-attribute of every matching element and leaves the others (entra.md §2.4)', () => {
    const out = patchUser(user(), [{ op: 'replace', path: 'emails[type eq "work"].value', value: 'new@example.com' }]);
    expect(out['emails']).toEqual([
      { value: 'new@example.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
    ]);
  });

  it('answers noTarget for a sub-attribute path on an attribute with no values', () => {
    const start = user();
    delete start['phoneNumbers'];
    expectScimError(() => patchUser(start, [{ op: 'replace', path: 'phoneNumbers.display', value: 'x' }]), 'noTarget');
  });

  it('refuses a non-object value without a path (P-3.5.2-21)', () => {
    expectScimError(() => patchUser(user(), [{ op: 'replace', value: 'x' }]), 'invalidValue');
    expectScimError(() => patchUser(user(), [{ op: 'add', value: ['title'] }]), 'invalidValue');
  });

  it('refuses an unknown attribute in a value without a path', () => {
    expectScimError(() => patchUser(user(), [{ op: 'replace', value: { favouriteColour: 'red' } }]), 'invalidValue');
  });

  it('refuses a value of the wrong type (P-3.5.2-11)', () => {
    expectScimError(() => patchUser(user(), [{ op: 'replace', path: 'active', value: 'notbool' }]), 'invalidValue');
    expectScimError(() => patchUser(user(), [{ op: 'replace', path: 'userName', value: 42 }]), 'invalidValue');
    expectScimError(() => patchUser(user(), [{ op: 'replace', path: 'emails', value: 'a@b.c' }]), 'invalidValue');
  });

  it('lets the schema check refuse a value that breaks its format', () => {
    expectScimError(
      () => patchUser(user(), [{ op: 'replace', path: 'x509Certificates', value: [{ value: 'not base64!' }] }]),
      'invalidValue',
    );
  });
});
