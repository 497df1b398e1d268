/**
 * Atomicity (RFC 7644 §3.5.2, P-3.5.2-17) and hostile input: the input resource
 * is never changed, a failed request changes nothing, and no path or value key
 * can reach Object.prototype.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { applyPatch } from '../../../../src/core/patch/patch-engine.js';
import { isScimError } from '../../../../src/core/scim-errors.js';
import { defaultRegistry } from '../../../../src/core/schema/schema-registry.js';
import { STRICT, body, enterpriseUser, expectScimError, group, patchGroup, patchUser } from './fixtures.js';

describe('atomicity (P-3.5.2-17)', () => {
  it.each([
    ['a readOnly change', { op: 'replace', path: 'id', value: 'x' }, 'mutability'],
    ['an unmatched value path', { op: 'replace', path: 'emails[type eq "nosuch"].value', value: 'x' }, 'noTarget'],
    ['a bad value', { op: 'replace', path: 'active', value: 'maybe' }, 'invalidValue'],
    ['a bad path', { op: 'add', path: 'emails[type eq', value: 'x' }, 'invalidPath'],
    ['a required removal', { op: 'remove', path: 'userName' }, 'mutability'],
  ] as const)('a later %s throws and leaves the input untouched', (_label, failing, scimType) => {
    const input = enterpriseUser();
    const snapshot = structuredClone(input);
    expectScimError(
      () =>
        patchUser(input, [
          { op: 'replace', path: 'title', value: 'Z' },
          { op: 'add', path: 'emails', value: [{ value: 'new@example.com' }] },
          { op: 'replace', path: 'emails[type eq "work"].value', value: 'changed@example.com' },
          { op: 'remove', path: 'name.givenName' },
          { op: 'add', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', value: 'X' },
          failing,
        ]),
      scimType,
    );
    expect(input).toEqual(snapshot);
  });

  it('does not change the input on success either, and shares no objects with it', () => {
    const input = enterpriseUser();
    const snapshot = structuredClone(input);
    const out = patchUser(input, [
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'changed@example.com' },
      { op: 'add', path: 'name.middleName', value: 'Jane' },
    ]);
    expect(input).toEqual(snapshot);
    (out['emails'] as Record<string, unknown>[]).push({ value: 'late@example.com' });
    (out['name'] as Record<string, unknown>)['givenName'] = 'Mutated';
    expect(input).toEqual(snapshot);
  });

  it('does not alias the request body into the result', () => {
    const members = [{ value: 'u-new', display: 'New' }];
    const out = patchGroup(group(), [{ op: 'add', path: 'members', value: members }]);
    members[0]!.display = 'changed later';
    expect((out['members'] as { display?: string }[])[2]?.display).toBe('New');
  });
});

const PATHS = [
  '__proto__',
  '__proto__.polluted',
  'constructor',
  'constructor.prototype',
  'prototype',
  'name.__proto__',
  'name.constructor',
  'emails[__proto__ eq "x"].value',
  'emails[type eq "work"].__proto__',
  'emails[constructor pr].value',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:__proto__',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:constructor',
];

const VALUES = [
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"prototype":{"polluted":true}}',
  '{"name":{"__proto__":{"polluted":true}}}',
  '{"name":{"constructor":{"prototype":{"polluted":true}}}}',
  '{"emails":[{"value":"a@b.c","__proto__":{"polluted":true}}]}',
  '{"__proto__.polluted":true}',
  '{"constructor.prototype.polluted":true}',
  '{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"__proto__":{"polluted":true}}}',
];

function unpolluted(): void {
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
}

describe('prototype pollution', () => {
  afterEach(unpolluted);

  describe.each([
    ['tolerant', {}],
    ['strict', STRICT],
  ])('%s mode', (_mode, opts) => {
    it.each(PATHS)('refuses the path %j', (path) => {
      for (const op of ['add', 'replace', 'remove']) {
        const run = () => patchUser(enterpriseUser(), [{ op, path, value: { polluted: true } }], opts);
        let err: unknown;
        try {
          run();
        } catch (e) {
          err = e;
        }
        expect(isScimError(err), `${op} ${path}`).toBe(true);
        unpolluted();
      }
    });

    it.each(VALUES)('refuses the path-less value %s', (json) => {
      for (const op of ['add', 'replace']) {
        const request = JSON.parse(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"${op}","value":${json}}]}`) as unknown;
        let err: unknown;
        try {
          applyPatch(defaultRegistry, 'User', enterpriseUser(), request, opts);
        } catch (e) {
          err = e;
        }
        expect(isScimError(err), `${op} ${json}`).toBe(true);
        unpolluted();
      }
    });
  });

  it('refuses a __proto__ key inside a value given with a path', () => {
    const value = JSON.parse('{"givenName":"G","__proto__":{"polluted":true}}') as unknown;
    expectScimError(() => patchUser(enterpriseUser(), [{ op: 'add', path: 'name', value }]), 'invalidValue');
  });

  it('copies a stored resource carrying an own __proto__ key without changing any prototype', () => {
    const stored = JSON.parse('{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"g1","displayName":"G","__proto__":{"polluted":true}}') as Record<string, unknown>;
    const out = applyPatch(defaultRegistry, 'Group', stored, body({ op: 'replace', path: 'displayName', value: 'H' }));
    expect(out['displayName']).toBe('H');
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
});
