/**
 * Microsoft Entra's PATCH bodies, verbatim from entra.md §2.4–§4 and its replay
 * sketch (B2–B5), in tolerant (default) and strict mode. Each tolerance is
 * shown accepted by default and refused (or read the RFC way) under `strict`.
 */
import { describe, expect, it } from 'vitest';
import { applyPatch } from '../../../../src/core/patch/patch-engine.js';
import { defaultRegistry } from '../../../../src/core/schema/schema-registry.js';
import type { ScimResource } from '../../../../src/core/schema/types.js';
import { ENTERPRISE_URN, GROUP_URN, STRICT, USER_URN, expectScimError, ext } from './fixtures.js';

const alice = (): ScimResource => ({
  schemas: [USER_URN, ENTERPRISE_URN],
  id: 'u-alice',
  externalId: 'alice',
  userName: 'alice@contoso.com',
  active: true,
  displayName: 'Alice Jones',
  emails: [
    { primary: true, type: 'work', value: 'alice@contoso.com' },
    { type: 'home', value: 'alice@home.example' },
  ],
  name: { formatted: 'Alice Jones', familyName: 'Jones', givenName: 'Alice' },
  [ENTERPRISE_URN]: { employeeNumber: '1001', department: 'R&D' },
  meta: { resourceType: 'User' },
});

const engineering = (): ScimResource => ({
  schemas: [GROUP_URN],
  id: 'g-eng',
  displayName: 'Engineering',
  members: [{ value: 'u-alice' }, { value: 'u-bob' }, { value: 'u1091' }],
  meta: { resourceType: 'Group' },
});

/** Wraps an `Operations` array given as JSON text, as entra.md prints them. */
const ops = (operations: string) =>
  JSON.parse(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":${operations}}`) as unknown;
const user = (operations: string, opts: object = {}, resource = alice()) =>
  applyPatch(defaultRegistry, 'User', resource, ops(operations), opts);
const grp = (operations: string, opts: object = {}, resource = engineering()) =>
  applyPatch(defaultRegistry, 'Group', resource, ops(operations), opts);
const memberIds = (g: ScimResource) => ((g['members'] ?? []) as { value: string }[]).map((m) => m.value);

describe('Entra with aadOptscim062020 (RFC-conformant bodies): tolerant and strict alike', () => {
  it.each([{}, STRICT])('disables a user: B4′ (%j)', (opts) => {
    expect(user('[{"op":"replace","path":"active","value":false}]', opts)['active']).toBe(false);
  });

  it.each([{}, STRICT])('adds a single-value string (%j)', (opts) => {
    expect(user('[{"op":"add","path":"nickName","value":"Babs"}]', opts)['nickName']).toBe('Babs');
  });

  it.each([{}, STRICT])('removes a member by value filter: B5′ (%j)', (opts) => {
    expect(memberIds(grp('[{"op":"remove","path":"members[value eq \\"u-bob\\"]"}]', opts))).toEqual(['u-alice', 'u1091']);
  });

  it.each([{}, STRICT])('adds members: B2 flag form (%j)', (opts) => {
    const out = grp('[{"op":"add","path":"members","value":[{"value":"u-alice"},{"value":"u-carol"}]}]', opts);
    expect(memberIds(out)).toEqual(['u-alice', 'u-bob', 'u1091', 'u-carol']);
  });

  it.each([{}, STRICT])('adds an extension attribute with the colon form (%j)', (opts) => {
    const out = user('[{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"Tech Infrastructure"}]', opts);
    expect(ext(out)?.['department']).toBe('Tech Infrastructure');
  });

  it.each([{}, STRICT])('sets primary through a value path (older docs) (%j)', (opts) => {
    const start = { ...alice(), emails: [{ type: 'home', value: 'h@x.io', primary: true }, { type: 'work', value: 'w@x.io' }] };
    const out = user('[{"op":"replace","path":"emails[type eq \\"work\\"].primary","value":true}]', opts, start);
    expect(out['emails']).toEqual([
      { type: 'home', value: 'h@x.io', primary: false },
      { type: 'work', value: 'w@x.io', primary: true },
    ]);
  });

  it.each([{}, STRICT])('removes the manager with a filter on the single-valued complex (%j)', (opts) => {
    const start = { ...alice(), [ENTERPRISE_URN]: { manager: { value: 'u-bob' } } };
    const out = user('[{"op":"remove","path":"manager[value eq \\"u-bob\\"]"}]', opts, start);
    expect(out).not.toHaveProperty(ENTERPRISE_URN);
    expect(out['schemas']).toEqual([USER_URN]);
  });
});

describe("tolerance 'op-case' with Entra's default bodies", () => {
  const B3 = `[{"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"alicia.smith@contoso.com"},
 {"op":"Replace","path":"name.givenName","value":"Alicia"},
 {"op":"Replace","path":"name.familyName","value":"Smith"},
 {"op":"Replace","path":"name.formatted","value":"Alicia Smith"}]`;

  it('applies B3 by default and leaves the home email alone (entra.md §2.4)', () => {
    const out = user(B3);
    expect(out['name']).toEqual({ formatted: 'Alicia Smith', familyName: 'Smith', givenName: 'Alicia' });
    expect(out['emails']).toEqual([
      { primary: true, type: 'work', value: 'alicia.smith@contoso.com' },
      { type: 'home', value: 'alice@home.example' },
    ]);
  });

  it('refuses B3 in strict mode', () => {
    expectScimError(() => user(B3, STRICT), 'invalidSyntax');
  });

  it('renames a group with Replace by default, not in strict mode', () => {
    const body = '[{"op":"Replace","path":"displayName","value":"New name"}]';
    expect(grp(body)['displayName']).toBe('New name');
    expectScimError(() => grp(body, STRICT), 'invalidSyntax');
  });

  it('adds members with Add and "$ref": null by default (B2, older docs)', () => {
    const out = grp('[{"op":"Add","path":"members","value":[{"$ref":null,"value":"u-dave"}]}]');
    expect(out['members']).toContainEqual({ value: 'u-dave' });
  });
});

describe("tolerance 'string-booleans' (entra.md §2.6)", () => {
  it('reads "False" and "True" as booleans by default: B4', () => {
    expect(user('[{"op":"Replace","path":"active","value":"False"}]')['active']).toBe(false);
    expect(user('[{"op":"Replace","path":"active","value":"True"}]', {}, { ...alice(), active: false })['active']).toBe(true);
  });

  it('accepts the S1 form "Replace" with a real boolean', () => {
    expect(user('[{"op":"Replace","path":"active","value":false}]')['active']).toBe(false);
  });

  it('refuses a string boolean in strict mode with invalidValue', () => {
    const err = expectScimError(() => user('[{"op":"replace","path":"active","value":"False"}]', STRICT), 'invalidValue');
    expect(err.detail).toContain("'string-booleans'");
  });

  it('refuses strings that are not booleans even when tolerant', () => {
    expectScimError(() => user('[{"op":"replace","path":"active","value":"no"}]'), 'invalidValue');
  });
});

describe("tolerance 'pathless-path-keys' (entra.md §4, B3′)", () => {
  const B3_FLAG = `[{"op":"replace","path":"emails[type eq \\"work\\"].value","value":"alicia.smith@contoso.com"},
 {"op":"replace","value":{"name.givenName":"Alicia","name.familyName":"Smith","name.formatted":"Alicia Smith"}}]`;
  const SEVERAL = `[{"op":"replace","path":"emails[type eq \\"work\\"].value","value":"bjfe@contoso.com"},{"op":"replace","value":{"displayName":"Bjfe","name.givenName":"Kkom","name.familyName":"Unua","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"Aklq"}}]`;

  it('applies each path key as its own operation by default', () => {
    const out = user(B3_FLAG);
    expect(out['name']).toEqual({ formatted: 'Alicia Smith', familyName: 'Smith', givenName: 'Alicia' });
    expect((out['emails'] as { value: string }[])[0]?.value).toBe('alicia.smith@contoso.com');
  });

  it('applies URN-qualified keys into the extension', () => {
    const out = user(SEVERAL);
    expect(out['displayName']).toBe('Bjfe');
    expect(out['name']).toMatchObject({ givenName: 'Kkom', familyName: 'Unua' });
    expect(ext(out)).toEqual({ employeeNumber: 'Aklq', department: 'R&D' });
  });

  it('applies a value-path key', () => {
    const out = user('[{"op":"replace","value":{"emails[type eq \\"work\\"].value":"w@contoso.com"}}]');
    expect((out['emails'] as { value: string }[])[0]?.value).toBe('w@contoso.com');
  });

  it('refuses path keys in strict mode with invalidValue', () => {
    expect(expectScimError(() => user(B3_FLAG, STRICT), 'invalidValue').detail).toContain("'pathless-path-keys'");
    expectScimError(() => user(SEVERAL, STRICT), 'invalidValue');
  });

  it('still accepts the RFC forms in strict mode: names and extension URN objects', () => {
    const out = user(
      `[{"op":"replace","value":{"displayName":"Bjfe","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"Aklq"}}}]`,
      STRICT,
    );
    expect(out['displayName']).toBe('Bjfe');
    expect(ext(out)).toEqual({ employeeNumber: 'Aklq', department: 'R&D' });
  });
});

describe("tolerance 'member-remove-value-array' (entra.md §3, B5)", () => {
  const B5 = '[{"op":"Remove","path":"members","value":[{"value":"u-bob"}]}]';

  it('removes only the listed members by default', () => {
    expect(memberIds(grp(B5))).toEqual(['u-alice', 'u1091']);
    expect(memberIds(grp('[{"op":"Remove","path":"members","value":[{"value":"u1091"}]}]'))).toEqual(['u-alice', 'u-bob']);
  });

  it('matches by value even when the stored member has display and $ref (scim-patch probe)', () => {
    const start = { ...engineering(), members: [{ value: 'u-bob', display: 'Bob', $ref: 'https://sp.example/Users/u-bob' }, { value: 'u-alice' }] };
    expect(memberIds(grp(B5, {}, start))).toEqual(['u-alice']);
  });

  it('removes nothing for a value array naming a non-member', () => {
    expect(memberIds(grp('[{"op":"remove","path":"members","value":[{"value":"u-zed"}]}]'))).toEqual(['u-alice', 'u-bob', 'u1091']);
  });

  it('removes all members in strict mode, as the RFC reads a remove without filter (directory-scimple#447 form)', () => {
    expect(grp('[{"op":"remove","path":"members","value":[{"value":"u-bob"}]}]', STRICT)).not.toHaveProperty('members');
  });
});

describe("tolerance 'manager-bare-string' (entra.md §2.5)", () => {
  const ADD = '[{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"u-bob"}]';

  it('wraps a bare id as {value} by default, for add and replace', () => {
    expect(ext(user(ADD))?.['manager']).toEqual({ value: 'u-bob' });
    const replace = '[{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"u-carol"}]';
    expect(ext(user(replace, {}, { ...alice(), [ENTERPRISE_URN]: { manager: { value: 'u-bob' } } }))?.['manager']).toEqual({ value: 'u-carol' });
  });

  it('accepts the Validator form {"value": "X"} in both modes', () => {
    const body = '[{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":{"value":"X"}}]';
    expect(ext(user(body, STRICT))?.['manager']).toEqual({ value: 'X' });
  });

  it('refuses the bare string in strict mode with invalidValue', () => {
    const err = expectScimError(() => user(ADD.replace('"Add"', '"add"'), STRICT), 'invalidValue');
    expect(err.detail).toContain("'manager-bare-string'");
  });
});

describe("tolerance 'value-path-add-builds-element' (entra.md §2.4, E-8097-01)", () => {
  const noWork = () => ({ ...alice(), emails: [{ type: 'home', value: 'alice@home.example' }] });
  const EMAIL = `[{"op":"add","path":"emails[type eq \\"work\\"].value","value":"alice@contoso.com"},
 {"op":"add","path":"emails[type eq \\"work\\"].primary","value":true}]`;
  const ADDRESS = `[{"op":"Add","path":"addresses[type eq \\"work\\"].formatted","value":"1 Main St, Springfield"},
 {"op":"Add","path":"addresses[type eq \\"work\\"].locality","value":"Springfield"},
 {"op":"Add","path":"addresses[type eq \\"work\\"].region","value":"IL"}]`;

  it('builds one work email from two adds', () => {
    expect(user(EMAIL, {}, noWork())['emails']).toEqual([
      { type: 'home', value: 'alice@home.example' },
      { type: 'work', value: 'alice@contoso.com', primary: true },
    ]);
  });

  it('builds one work address from three adds to an absent attribute', () => {
    expect(user(ADDRESS)['addresses']).toEqual([
      { type: 'work', formatted: '1 Main St, Springfield', locality: 'Springfield', region: 'IL' },
    ]);
  });

  it('answers noTarget in strict mode', () => {
    expect(expectScimError(() => user(EMAIL, STRICT, noWork()), 'noTarget').detail).toContain("'value-path-add-builds-element'");
  });

  it('answers noTarget when the filter does not describe an element', () => {
    expectScimError(() => user('[{"op":"add","path":"emails[value co \\"zzz\\"].display","value":"X"}]', {}, noWork()), 'noTarget');
    expectScimError(
      () => user('[{"op":"add","path":"emails[type eq \\"a\\" and type eq \\"b\\"].value","value":"x@y.z"}]', {}, noWork()),
      'noTarget',
    );
  });

  it('never builds elements for replace (P-3.5.2.3-08)', () => {
    expectScimError(() => user(EMAIL.replaceAll('"add"', '"replace"'), {}, noWork()), 'noTarget');
  });
});

describe('other Entra shapes', () => {
  it('stores app roles sent as JSON text in value (SCIM-SDK#516)', () => {
    const out = user('[{"op":"Add","path":"roles","value":[{"value":"{\\"id\\":\\"r1\\",\\"value\\":\\"Admin\\",\\"displayName\\":\\"Admin\\"}"}]}]');
    expect(out['roles']).toEqual([{ value: '{"id":"r1","value":"Admin","displayName":"Admin"}' }]);
  });

  it('disables and renames in one path-less replace (older docs)', () => {
    const out = user('[{"op":"replace","value":{"active":false,"userName":"someone"}}]', STRICT);
    expect(out).toMatchObject({ active: false, userName: 'someone' });
  });
});
