/**
 * The examples of RFC 7644 §3.5.2.1–§3.5.2.3, applied to the §8 sample
 * resources. Each test names the checklist rows it exercises.
 */
import { describe, expect, it } from 'vitest';
import {
  MEMBER_1,
  MEMBER_2,
  MEMBER_3,
  USER_URN,
  expectScimError,
  group,
  patchGroup,
  patchUser,
  user,
} from './fixtures.js';

const BABS = {
  display: 'Babs Jensen',
  $ref: `https://example.com/v2/Users/${MEMBER_1}`,
  value: MEMBER_1,
};
const JAMES = {
  display: 'James Smith',
  $ref: `https://example.com/v2/Users/${MEMBER_3}`,
  value: MEMBER_3,
};

describe('RFC 7644 §3.5.2.1 add', () => {
  it('adds a member to a group (P-3.5.2.1-09, P-3.5.2.1-05)', () => {
    const empty = { ...group(), members: [] };
    const out = patchGroup(empty, [{ op: 'add', path: 'members', value: [BABS] }]);
    expect(out['members']).toEqual([BABS]);
  });

  it('appends a new member and keeps the old ones', () => {
    const out = patchGroup(group(), [{ op: 'add', path: 'members', value: [JAMES] }]);
    expect((out['members'] as { value: string }[]).map((m) => m.value)).toEqual([MEMBER_1, MEMBER_2, MEMBER_3]);
  });

  it('does not duplicate a member that is already present (P-3.5.2.1-08)', () => {
    const before = group();
    const out = patchGroup(before, [{ op: 'add', path: 'members', value: [{ value: MEMBER_1, display: 'renamed' }] }]);
    expect(out['members']).toEqual(before['members']);
  });

  it('adds emails and a nickname without a path; key case follows the schema (P-3.5.2.1-02)', () => {
    const start = { ...user(), emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }] };
    const out = patchUser(start, [
      { op: 'add', value: { emails: [{ value: 'babs@jensen.org', type: 'home' }], nickname: 'Babs' } },
    ]);
    expect(out['emails']).toEqual([
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
    ]);
    expect(out['nickName']).toBe('Babs');
    expect(out).not.toHaveProperty('nickname');
  });

  it('re-adding an email already present changes nothing (P-3.5.2.1-08)', () => {
    const before = user();
    const out = patchUser(before, [{ op: 'add', value: { emails: [{ value: 'BABS@jensen.org', type: 'home' }] } }]);
    expect(out['emails']).toEqual(before['emails']);
  });
});

describe('RFC 7644 §3.5.2.2 remove', () => {
  it('removes a single member by value filter (P-3.5.2.2-04)', () => {
    const out = patchGroup(group(), [{ op: 'remove', path: `members[value eq "${MEMBER_1}"]` }]);
    expect(out['members']).toEqual([{ value: MEMBER_2, display: 'Mandy Pepperidge', type: 'User' }]);
  });

  it('removes all members (P-3.5.2.2-03)', () => {
    const out = patchGroup(group(), [{ op: 'remove', path: 'members' }]);
    expect(out).not.toHaveProperty('members');
    expect(out['displayName']).toBe('Tour Guides');
  });

  it('removes the matching records of a complex multi-valued attribute (P-3.5.2.2-05)', () => {
    const out = patchUser(user(), [{ op: 'remove', path: 'emails[type eq "work" and value ew "example.com"]' }]);
    expect(out['emails']).toEqual([{ value: 'babs@jensen.org', type: 'home' }]);
  });

  it('leaves the attribute unassigned when the filter removes every element (P-3.5.2.2-04)', () => {
    const out = patchUser(user(), [{ op: 'remove', path: 'phoneNumbers[type eq "work"]' }]);
    expect(out).not.toHaveProperty('phoneNumbers');
  });

  it('replaces the member list with remove then add (P-3.5.2-15)', () => {
    const out = patchGroup(group(), [
      { op: 'remove', path: 'members' },
      { op: 'add', path: 'members', value: [BABS, JAMES] },
    ]);
    expect(out['members']).toEqual([BABS, JAMES]);
  });
});

describe('RFC 7644 §3.5.2.3 replace', () => {
  it('replaces all members (P-3.5.2.3-03)', () => {
    const out = patchGroup(group(), [{ op: 'replace', path: 'members', value: [BABS, JAMES] }]);
    expect(out['members']).toEqual([BABS, JAMES]);
  });

  it('replaces the work address as a whole (P-3.5.2.3-06)', () => {
    const work = {
      type: 'work',
      streetAddress: '911 Universal City Plaza',
      locality: 'Hollywood',
      region: 'CA',
      postalCode: '91608',
      country: 'US',
      formatted: '911 Universal City Plaza\nHollywood, CA 91608 US',
      primary: true,
    };
    const out = patchUser(user(), [{ op: 'replace', path: 'addresses[type eq "work"]', value: work }]);
    const addresses = out['addresses'] as Record<string, unknown>[];
    expect(addresses[0]).toEqual(work);
    expect(addresses[1]).toEqual((user()['addresses'] as unknown[])[1]);
  });

  it('replaces one sub-attribute of the matching address (P-3.5.2.3-07)', () => {
    const out = patchUser(user(), [
      { op: 'replace', path: 'addresses[type eq "work"].streetAddress', value: '1010 Broadway Ave' },
    ]);
    const [work, home] = out['addresses'] as Record<string, unknown>[];
    expect(work).toMatchObject({ streetAddress: '1010 Broadway Ave', locality: 'Hollywood', postalCode: '91608' });
    expect(home?.['streetAddress']).toBe('456 Hollywood Blvd');
  });

  it('replaces several attributes without a path and leaves the others (P-3.5.2.3-01)', () => {
    const emails = [
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
    ];
    const start = { ...user(), emails: [{ value: 'old@example.com', type: 'other' }] };
    const out = patchUser(start, [{ op: 'replace', value: { emails, nickname: 'Babs' } }]);
    expect(out['emails']).toEqual(emails);
    expect(out['nickName']).toBe('Babs');
    expect(out['title']).toBe('Tour Guide');
    expect(out['schemas']).toEqual([USER_URN]);
  });

  it('answers noTarget when a value path matches nothing (P-3.5.2.3-08)', () => {
    expectScimError(
      () => patchUser(user(), [{ op: 'replace', path: 'emails[type eq "nosuch"].value', value: 'x@example.com' }]),
      'noTarget',
    );
  });
});
