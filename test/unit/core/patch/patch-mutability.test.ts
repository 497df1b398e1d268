/**
 * Mutability (RFC 7643 §2.2, §7; RFC 7644 §3.5.2 P-3.5.2-09/-10) and the single
 * primary value (RFC 7643 §2.4, P-3.5.2-16).
 */
import { describe, expect, it } from 'vitest';
import { attr } from '../../../../src/core/schema/attribute-def.js';
import { applyPatch } from '../../../../src/core/patch/patch-engine.js';
import { DEFAULT_RESOURCE_TYPES, DEFAULT_SCHEMAS, createSchemaRegistry } from '../../../../src/core/schema/schema-registry.js';
import type { SchemaDef } from '../../../../src/core/schema/types.js';
import {
  ENTERPRISE_URN,
  MEMBER_1,
  body,
  enterpriseUser,
  expectScimError,
  ext,
  group,
  patchGroup,
  patchUser,
  user,
} from './fixtures.js';

const DEVICE_URN = 'urn:example:params:scim:schemas:Device';
const DEVICE_SCHEMA: SchemaDef = {
  id: DEVICE_URN,
  name: 'Device',
  description: 'A test resource with an immutable attribute',
  attributes: [
    attr('serialNumber', 'Set once, never changed.', { mutability: 'immutable' }),
    attr('label', 'A free label.'),
  ],
};
const ASSET_URN = 'urn:example:params:scim:schemas:extension:Asset';
const ASSET_SCHEMA: SchemaDef = {
  id: ASSET_URN,
  name: 'Asset',
  description: 'A required extension',
  attributes: [attr('tag', 'Inventory tag.', { required: true })],
};
const registry = createSchemaRegistry({
  schemas: [...DEFAULT_SCHEMAS, DEVICE_SCHEMA, ASSET_SCHEMA],
  resourceTypes: [
    ...DEFAULT_RESOURCE_TYPES,
    {
      id: 'Device',
      name: 'Device',
      endpoint: '/Devices',
      description: 'Device',
      schema: DEVICE_URN,
      schemaExtensions: [{ schema: ASSET_URN, required: true }],
    },
  ],
});
const device = (extra: Record<string, unknown> = {}) => ({
  schemas: [DEVICE_URN, ASSET_URN],
  id: 'd1',
  label: 'L',
  [ASSET_URN]: { tag: 'T-1' },
  ...extra,
});
const patchDevice = (resource: Record<string, unknown>, ...ops: unknown[]) =>
  applyPatch(registry, 'Device', resource, body(...ops));

describe('readOnly attributes (P-3.5.2-09, S-7-19)', () => {
  it.each([
    ['id', 'x'],
    ['meta.created', '2020-01-01T00:00:00Z'],
    ['meta', { version: 'W/"1"' }],
    ['groups', [{ value: 'g1' }]],
    [`${ENTERPRISE_URN}:manager.displayName`, 'Boss'],
  ])('refuses replace and add of %s with mutability', (path, value) => {
    expectScimError(() => patchUser(enterpriseUser(), [{ op: 'replace', path, value }]), 'mutability');
    expectScimError(() => patchUser(enterpriseUser(), [{ op: 'add', path, value }]), 'mutability');
  });

  it('refuses readOnly attributes in a value without a path', () => {
    expectScimError(() => patchUser(user(), [{ op: 'add', value: { groups: [{ value: 'g1' }] } }]), 'mutability');
    expectScimError(() => patchUser(user(), [{ op: 'replace', value: { meta: { version: 'x' } } }]), 'mutability');
  });

  it('ignores readOnly sub-attributes inside a value, as PUT does (S-4.3-04)', () => {
    const out = patchUser(user(), [
      { op: 'add', path: `${ENTERPRISE_URN}:manager`, value: { value: 'boss-id', displayName: 'Boss' } },
    ]);
    expect(ext(out)).toEqual({ manager: { value: 'boss-id' } });
  });
});

describe('immutable attributes (P-3.5.2-10, S-7-20)', () => {
  it('may be set while unset, and re-set to the same value', () => {
    const out = patchDevice(device(), { op: 'add', path: 'serialNumber', value: 'SN1' });
    expect(out['serialNumber']).toBe('SN1');
    expect(patchDevice(out, { op: 'replace', path: 'serialNumber', value: 'SN1' })['serialNumber']).toBe('SN1');
    // serialNumber is caseExact=false, so a change of case is the same value.
    expect(patchDevice(out, { op: 'replace', path: 'serialNumber', value: 'sn1' })['serialNumber']).toBe('sn1');
  });

  it('refuses a different value once set', () => {
    expectScimError(() => patchDevice(device({ serialNumber: 'SN1' }), { op: 'add', path: 'serialNumber', value: 'SN2' }), 'mutability');
    expectScimError(() => patchDevice(device({ serialNumber: 'SN1' }), { op: 'replace', value: { serialNumber: 'SN2' } }), 'mutability');
  });

  it('refuses removing a set value', () => {
    expectScimError(() => patchDevice(device({ serialNumber: 'SN1' }), { op: 'remove', path: 'serialNumber' }), 'mutability');
  });

  it("refuses changing a member's immutable value (S-4.2-06)", () => {
    expectScimError(
      () => patchGroup(group(), [{ op: 'replace', path: `members[value eq "${MEMBER_1}"].value`, value: 'other' }]),
      'mutability',
    );
    expectScimError(
      () => patchGroup(group(), [{ op: 'replace', path: `members[value eq "${MEMBER_1}"]`, value: { value: 'other' } }]),
      'mutability',
    );
  });

  it('still lets whole members be added, removed and replaced (members is readWrite)', () => {
    const out = patchGroup(group(), [{ op: 'replace', path: 'members', value: [{ value: 'new' }] }]);
    expect(out['members']).toEqual([{ value: 'new' }]);
  });
});

describe('required attributes (P-3.5.2.2-07)', () => {
  it('refuses removing a required extension or its required attribute', () => {
    expectScimError(() => patchDevice(device(), { op: 'remove', path: ASSET_URN }), 'mutability');
    expectScimError(() => patchDevice(device(), { op: 'replace', path: ASSET_URN, value: null }), 'mutability');
    expectScimError(() => patchDevice(device(), { op: 'remove', path: `${ASSET_URN}:tag` }), 'mutability');
  });

  it('lets a required extension attribute be replaced', () => {
    const out = patchDevice(device(), { op: 'replace', path: `${ASSET_URN}:tag`, value: 'T-2' });
    expect(out[ASSET_URN]).toEqual({ tag: 'T-2' });
  });

  it('refuses emptying a required attribute with replace null', () => {
    expectScimError(() => patchUser(user(), [{ op: 'replace', path: 'userName', value: null }]), 'mutability');
  });

  it('lets the schema check refuse an empty userName (S-4.1.1-01)', () => {
    expectScimError(() => patchUser(user(), [{ op: 'replace', path: 'userName', value: '' }]), 'invalidValue');
  });
});

describe('primary stays unique (RFC 7643 §2.4, P-3.5.2-16)', () => {
  const primaries = (out: Record<string, unknown>) =>
    (out['emails'] as Record<string, unknown>[]).map((e) => e['primary'] === true);

  it('moves primary to the element a value path sets', () => {
    const out = patchUser(user(), [{ op: 'replace', path: 'emails[value eq "babs@jensen.org"].primary', value: true }]);
    expect(primaries(out)).toEqual([false, true]);
  });

  it('moves primary to an added element', () => {
    const out = patchUser(user(), [{ op: 'add', path: 'emails', value: [{ value: 'n@x.io', primary: true }] }]);
    expect(primaries(out)).toEqual([false, false, true]);
  });

  it('moves primary to a replaced element', () => {
    const out = patchUser(user(), [{ op: 'replace', path: 'emails[type eq "home"]', value: { value: 'h@x.io', type: 'home', primary: true } }]);
    expect(primaries(out)).toEqual([false, true]);
  });

  it('refuses two primary values in one operation', () => {
    const two = [
      { value: 'a@x.io', primary: true },
      { value: 'b@x.io', primary: true },
    ];
    expectScimError(() => patchUser(user(), [{ op: 'replace', path: 'emails', value: two }]), 'invalidValue');
    expectScimError(() => patchUser(user(), [{ op: 'replace', path: 'emails.primary', value: true }]), 'invalidValue');
  });

  it('leaves primary alone when an operation does not write it', () => {
    const out = patchUser(user(), [{ op: 'replace', path: 'emails[type eq "home"].display', value: 'Home' }]);
    expect(primaries(out)).toEqual([true, false]);
  });

  it('keeps the other elements when primary is set false', () => {
    const out = patchUser(user(), [{ op: 'replace', path: 'emails[type eq "work"].primary', value: false }]);
    expect(primaries(out)).toEqual([false, false]);
  });
});
