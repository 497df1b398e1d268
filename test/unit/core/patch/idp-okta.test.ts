/**
 * Okta's PATCH bodies, verbatim from okta.md §6–§8, in tolerant (default) and
 * strict mode. Only 'pathless-replace-repeats-id' concerns Okta; its other
 * bodies are RFC-conformant and must pass in both modes.
 */
import { describe, expect, it } from 'vitest';
import { applyPatch } from '../../../../src/core/patch/patch-engine.js';
import { defaultRegistry } from '../../../../src/core/schema/schema-registry.js';
import type { ScimResource } from '../../../../src/core/schema/types.js';
import { GROUP_URN, STRICT, USER_URN, expectScimError } from './fixtures.js';

const MODES = [
  ['tolerant', {}],
  ['strict', STRICT],
] as const;

const OKTA_USER_ID = '23a35c27-23d3-4c03-b4c5-6443c09e7173';
const OLD_MEMBER = '89bb1940-b905-4575-9e7f-6f887cfb368e';
const GID = 'abf4dd94-a4c0-4f67-89c9-76b03340cb9b';

const oktaUser = (): ScimResource => ({
  schemas: [USER_URN],
  id: OKTA_USER_ID,
  userName: 'test.user@okta.local',
  name: { givenName: 'Test', familyName: 'User' },
  emails: [{ primary: true, value: 'test.user@okta.local', type: 'work', display: 'test.user@okta.local' }],
  active: true,
  meta: { resourceType: 'User' },
});

const oktaGroup = (): ScimResource => ({
  schemas: [GROUP_URN],
  id: GID,
  displayName: 'Test SCIMv2',
  members: [{ value: OLD_MEMBER, display: 'old.user@okta.local' }],
  meta: { resourceType: 'Group' },
});

const run = (type: 'User' | 'Group', resource: ScimResource, json: string, opts: object) =>
  applyPatch(defaultRegistry, type, resource, JSON.parse(json), opts);

describe.each(MODES)('Okta, %s mode', (_mode, opts) => {
  it('deactivates with a path-less replace (okta.md §6)', () => {
    const out = run(
      'User',
      oktaUser(),
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}',
      opts,
    );
    expect(out['active']).toBe(false);
    expect(out['userName']).toBe('test.user@okta.local');
  });

  it('reactivates with the same shape (okta.md §6, inferred)', () => {
    const inactive = { ...oktaUser(), active: false };
    const out = run(
      'User',
      inactive,
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":true}}]}',
      opts,
    );
    expect(out['active']).toBe(true);
  });

  it('removes one member and adds another in one request (okta.md §7.2)', () => {
    const out = run(
      'Group',
      oktaGroup(),
      `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
 "Operations":[
  {"op":"remove","path":"members[value eq \\"89bb1940-b905-4575-9e7f-6f887cfb368e\\"]"},
  {"op":"add","path":"members","value":[{"value":"23a35c27-23d3-4c03-b4c5-6443c09e7173","display":"test.user@okta.local"}]}]}`,
      opts,
    );
    expect(out['members']).toEqual([{ value: OKTA_USER_ID, display: 'test.user@okta.local' }]);
  });

  it('adds a member without type (okta.md §7.1, SCIM-SDK#419)', () => {
    const out = run(
      'Group',
      { ...oktaGroup(), members: [] },
      `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":[{"value":"${OKTA_USER_ID}","display":"ABaker@example.com"}]}]}`,
      opts,
    );
    expect(out['members']).toEqual([{ value: OKTA_USER_ID, display: 'ABaker@example.com' }]);
  });

  it('replaces all members on a full push (okta.md §7.2)', () => {
    const out = run(
      'Group',
      oktaGroup(),
      `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"members","value":[{"value":"${OKTA_USER_ID}","display":"test.user@okta.local"}]}]}`,
      opts,
    );
    expect(out['members']).toEqual([{ value: OKTA_USER_ID, display: 'test.user@okta.local' }]);
  });

  it('syncs a password with a path-less replace (okta.md §8, inferred body)', () => {
    const out = run(
      'User',
      oktaUser(),
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"password":"n3w-Secret"}}]}',
      opts,
    );
    expect(out['password']).toBe('n3w-Secret');
  });

  it('refuses a rename that changes the id, always (okta.md §7.3)', () => {
    const err = expectScimError(
      () =>
        run(
          'Group',
          oktaGroup(),
          '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"id":"another-id","displayName":"Renamed"}}]}',
          opts,
        ),
      'mutability',
    );
    expect(err.detail).toContain('id');
  });
});

describe("tolerance 'pathless-replace-repeats-id' (okta.md §7.2, §7.3)", () => {
  const rename = `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"id":"${GID}","displayName":"Test SCIMv2 renamed"}}]}`;

  it('accepts the unchanged id by default and applies the rest', () => {
    const out = run('Group', oktaGroup(), rename, {});
    expect(out['id']).toBe(GID);
    expect(out['displayName']).toBe('Test SCIMv2 renamed');
  });

  it('accepts the rename that follows every membership change, name unchanged (go-scim#57)', () => {
    const same = `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"id":"${GID}","displayName":"Test SCIMv2"}}]}`;
    expect(run('Group', oktaGroup(), same, {})).toEqual(oktaGroup());
  });

  it('refuses the id with mutability in strict mode', () => {
    const err = expectScimError(() => run('Group', oktaGroup(), rename, STRICT), 'mutability');
    expect(err.detail).toContain("'pathless-replace-repeats-id'");
  });

  it('does not extend to add or to a path', () => {
    expectScimError(() => run('Group', oktaGroup(), rename.replace('"replace"', '"add"'), {}), 'mutability');
    expectScimError(
      () =>
        applyPatch(defaultRegistry, 'Group', oktaGroup(), {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'replace', path: 'id', value: GID }],
        }),
      'mutability',
    );
  });
});
