/** `add` rules (RFC 7644 §3.5.2.1, checklist area 14) and path handling (area 13). */
import { describe, expect, it } from 'vitest';
import { ENTERPRISE_URN, USER_URN, STRICT, enterpriseUser, expectScimError, ext, patchUser, user } from './fixtures.js';

describe('add to single-valued attributes', () => {
  it('creates an attribute that has no value (P-3.5.2.1-03)', () => {
    const start = user();
    delete start['title'];
    expect(patchUser(start, [{ op: 'add', path: 'title', value: 'T' }])['title']).toBe('T');
  });

  it('replaces an existing single value (P-3.5.2.1-06)', () => {
    expect(patchUser(user(), [{ op: 'add', path: 'title', value: 'X' }])['title']).toBe('X');
  });

  it('merges sub-attributes into a complex attribute and keeps the others (P-3.5.2.1-04)', () => {
    const out = patchUser(user(), [{ op: 'add', path: 'name', value: { givenName: 'G', MIDDLENAME: 'Jane' } }]);
    expect(out['name']).toEqual({
      formatted: 'Ms. Barbara J Jensen, III',
      familyName: 'Jensen',
      givenName: 'G',
      middleName: 'Jane',
    });
  });

  it('refuses a non-object value for a complex attribute (P-3.5.2.1-04)', () => {
    expectScimError(() => patchUser(user(), [{ op: 'add', path: 'name', value: 'G' }]), 'invalidValue');
  });

  it('sets a sub-attribute, creating its parent when absent (P-3.5.2.1-07)', () => {
    const start = user();
    delete start['name'];
    const out = patchUser(start, [{ op: 'add', path: 'name.middleName', value: 'Jane' }]);
    expect(out['name']).toEqual({ middleName: 'Jane' });
  });

  it('unassigns a single-valued attribute given null (RFC 7643 §2.5)', () => {
    expect(patchUser(user(), [{ op: 'add', path: 'title', value: null }])).not.toHaveProperty('title');
  });
});

describe('add to multi-valued attributes', () => {
  it('appends the given values (P-3.5.2.1-05)', () => {
    const out = patchUser(user(), [{ op: 'add', path: 'emails', value: [{ value: 'w2@example.com', type: 'work' }] }]);
    expect(out['emails']).toHaveLength(3);
    expect((out['emails'] as unknown[])[2]).toEqual({ value: 'w2@example.com', type: 'work' });
  });

  it('accepts a single element instead of an array', () => {
    const out = patchUser(user(), [{ op: 'add', path: 'emails', value: { value: 'w2@example.com', type: 'work' } }]);
    expect(out['emails']).toHaveLength(3);
  });

  it('creates the attribute when it has none', () => {
    const out = patchUser(user(), [{ op: 'add', path: 'roles', value: [{ value: 'admin' }] }]);
    expect(out['roles']).toEqual([{ value: 'admin' }]);
  });

  it('adds nothing for an empty array', () => {
    expect(patchUser(user(), [{ op: 'add', path: 'emails', value: [] }])['emails']).toEqual(user()['emails']);
  });

  it('sets a sub-attribute on the elements a value filter selects', () => {
    const out = patchUser(user(), [{ op: 'add', path: 'emails[type eq "work"].display', value: 'Work mail' }]);
    const [work, home] = out['emails'] as Record<string, unknown>[];
    expect(work).toEqual({ value: 'bjensen@example.com', type: 'work', primary: true, display: 'Work mail' });
    expect(home).not.toHaveProperty('display');
  });

  it('merges an object into the elements a value filter selects', () => {
    const out = patchUser(user(), [{ op: 'add', path: 'emails[type eq "home"]', value: { display: 'Home' } }]);
    expect((out['emails'] as unknown[])[1]).toEqual({ value: 'babs@jensen.org', type: 'home', display: 'Home' });
  });

  it('types values by the schema: a string for a boolean is invalidValue (P-3.5.2-11)', () => {
    expectScimError(
      () => patchUser(user(), [{ op: 'add', path: 'emails', value: [{ value: 'a@b.c', primary: 'yes' }] }]),
      'invalidValue',
    );
    expectScimError(() => patchUser(user(), [{ op: 'add', path: 'emails', value: ['a@b.c'] }]), 'invalidValue');
  });

  it('refuses a sub-attribute the schema does not define', () => {
    expectScimError(
      () => patchUser(user(), [{ op: 'add', path: 'emails', value: [{ value: 'a@b.c', colour: 'red' }] }]),
      'invalidValue',
    );
  });
});

describe('extension attributes', () => {
  it('creates the extension and lists its URN in schemas (P-3.5.2-14)', () => {
    const out = patchUser(user(), [{ op: 'add', path: `${ENTERPRISE_URN}:employeeNumber`, value: '7' }]);
    expect(ext(out)).toEqual({ employeeNumber: '7' });
    expect(out['schemas']).toEqual([USER_URN, ENTERPRISE_URN]);
  });

  it('adds through the bare extension URN with an object of its attributes', () => {
    const out = patchUser(enterpriseUser(), [{ op: 'add', path: ENTERPRISE_URN, value: { costCenter: '4130' } }]);
    expect(ext(out)).toMatchObject({ employeeNumber: '701984', costCenter: '4130' });
  });

  it('adds an extension object given without a path, keyed by its URN', () => {
    const out = patchUser(user(), [{ op: 'add', value: { [ENTERPRISE_URN]: { department: 'R&D' } } }], STRICT);
    expect(ext(out)).toEqual({ department: 'R&D' });
    expect(out['schemas']).toContain(ENTERPRISE_URN);
  });

  it('sees a schemas change made by an earlier operation (P-3.5.2-13)', () => {
    const out = patchUser(user(), [
      { op: 'replace', path: 'schemas', value: [USER_URN, ENTERPRISE_URN] },
      { op: 'add', path: `${ENTERPRISE_URN}:department`, value: 'R&D' },
    ]);
    expect(out['schemas']).toEqual([USER_URN, ENTERPRISE_URN]);
    expect(ext(out)).toEqual({ department: 'R&D' });
  });
});

describe('path notation (P-3.5.2-12)', () => {
  it('matches names case-insensitively and writes the schema spelling', () => {
    const out = patchUser(user(), [{ op: 'add', path: 'NAME.FAMILYNAME', value: 'J' }]);
    expect((out['name'] as Record<string, unknown>)['familyName']).toBe('J');
    expect(out['name']).not.toHaveProperty('FAMILYNAME');
  });

  it('accepts the core schema URN prefix', () => {
    const out = patchUser(user(), [{ op: 'add', path: `${USER_URN}:nickName`, value: 'Babs' }]);
    expect(out['nickName']).toBe('Babs');
  });

  it.each(['emails[type eq', 'name..givenName', 'emails[type eq "work"]]', 'emails[0].value', ''])(
    'refuses the malformed path %j with invalidPath (P-3.5.2-07, P-3.5.2-02)',
    (path) => {
      expectScimError(() => patchUser(user(), [{ op: 'add', path, value: 'x' }]), 'invalidPath');
    },
  );

  it('refuses a bad filter inside a path (P-3.5.2-08)', () => {
    expectScimError(
      () => patchUser(user(), [{ op: 'add', path: 'emails[type zz "work"]', value: { display: 'x' } }]),
      'invalidPath',
    );
  });

  it('refuses a path to an attribute the schema does not define', () => {
    expectScimError(() => patchUser(user(), [{ op: 'add', path: 'favouriteColour', value: 'red' }]), 'invalidPath');
    expectScimError(() => patchUser(user(), [{ op: 'add', path: 'name.nickname', value: 'x' }]), 'invalidPath');
  });

  it('refuses a value filter on a simple attribute', () => {
    expectScimError(() => patchUser(user(), [{ op: 'add', path: 'title[value eq "x"]', value: 'y' }]), 'invalidPath');
  });

  it('refuses an unknown attribute inside a value filter with invalidFilter', () => {
    expectScimError(
      () => patchUser(user(), [{ op: 'add', path: 'emails[colour eq "red"].display', value: 'x' }]),
      'invalidFilter',
    );
  });
});

describe('operation order (P-3.5.2-15)', () => {
  it('applies operations in order, each seeing the previous result', () => {
    const out = patchUser(user(), [
      { op: 'add', path: 'title', value: 'A' },
      { op: 'replace', path: 'title', value: 'B' },
      { op: 'remove', path: 'emails' },
      { op: 'add', path: 'emails', value: [{ value: 'x@example.com' }] },
    ]);
    expect(out['title']).toBe('B');
    expect(out['emails']).toEqual([{ value: 'x@example.com' }]);
  });
});
