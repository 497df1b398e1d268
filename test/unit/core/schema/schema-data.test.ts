import { describe, expect, it } from 'vitest';
import { COMMON_ATTRIBUTES } from '../../../../src/core/schema/common-attributes.js';
import { ENTERPRISE_USER_SCHEMA } from '../../../../src/core/schema/enterprise-user-schema.js';
import { GROUP_SCHEMA } from '../../../../src/core/schema/group-schema.js';
import { USER_SCHEMA } from '../../../../src/core/schema/user-schema.js';
import type { AttributeDef, SchemaDef } from '../../../../src/core/schema/types.js';

function find(schema: SchemaDef | readonly AttributeDef[], path: string): AttributeDef {
  const [top, sub] = path.split('.');
  const attrs = 'attributes' in schema ? schema.attributes : schema;
  const parent = attrs.find((a) => a.name === top);
  if (!parent) throw new Error(`no attribute ${top}`);
  if (sub === undefined) return parent;
  const child = parent.subAttributes?.find((a) => a.name === sub);
  if (!child) throw new Error(`no sub-attribute ${path}`);
  return child;
}

type Row = [SchemaDef | readonly AttributeDef[], string, Partial<AttributeDef>];

// RFC 7643 §3.1, §4.1–§4.3, §8.7.1 and verified errata (5368, 6004, 8471, 8472).
const FACTS: Row[] = [
  [USER_SCHEMA, 'userName', { type: 'string', required: true, uniqueness: 'server', caseExact: false, mutability: 'readWrite', returned: 'default' }],
  [USER_SCHEMA, 'name', { type: 'complex', multiValued: false, uniqueness: 'none' }],
  [USER_SCHEMA, 'name.givenName', { type: 'string', caseExact: false }],
  [USER_SCHEMA, 'name.honorificSuffix', { type: 'string' }],
  [USER_SCHEMA, 'displayName', { type: 'string', required: false }],
  [USER_SCHEMA, 'profileUrl', { type: 'reference', referenceTypes: ['external'] }],
  [USER_SCHEMA, 'active', { type: 'boolean', multiValued: false }],
  [USER_SCHEMA, 'password', { mutability: 'writeOnly', returned: 'never', type: 'string' }],
  [USER_SCHEMA, 'emails', { type: 'complex', multiValued: true, uniqueness: 'none' }],
  [USER_SCHEMA, 'emails.type', { canonicalValues: ['work', 'home', 'other'] }],
  [USER_SCHEMA, 'emails.primary', { type: 'boolean' }],
  [USER_SCHEMA, 'phoneNumbers.type', { canonicalValues: ['work', 'home', 'mobile', 'fax', 'pager', 'other'] }],
  [USER_SCHEMA, 'ims.type', { canonicalValues: ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo'] }],
  [USER_SCHEMA, 'photos.value', { type: 'reference', referenceTypes: ['external'] }],
  [USER_SCHEMA, 'addresses', { multiValued: true, uniqueness: 'none' }],
  [USER_SCHEMA, 'addresses.country', { type: 'string' }],
  [USER_SCHEMA, 'groups', { mutability: 'readOnly', multiValued: true }],
  [USER_SCHEMA, 'groups.$ref', { type: 'reference', referenceTypes: ['Group'], mutability: 'readOnly' }],
  [USER_SCHEMA, 'groups.type', { canonicalValues: ['direct', 'indirect'], mutability: 'readOnly' }],
  [USER_SCHEMA, 'x509Certificates.value', { type: 'binary' }],
  [USER_SCHEMA, 'entitlements', { multiValued: true, type: 'complex' }],
  [GROUP_SCHEMA, 'displayName', { required: true, type: 'string' }],
  [GROUP_SCHEMA, 'members', { multiValued: true, mutability: 'readWrite' }],
  [GROUP_SCHEMA, 'members.value', { mutability: 'immutable' }],
  [GROUP_SCHEMA, 'members.$ref', { type: 'reference', referenceTypes: ['User', 'Group'], mutability: 'immutable' }],
  [GROUP_SCHEMA, 'members.type', { canonicalValues: ['User', 'Group'], mutability: 'immutable' }],
  [ENTERPRISE_USER_SCHEMA, 'employeeNumber', { type: 'string', caseExact: false }],
  [ENTERPRISE_USER_SCHEMA, 'manager', { type: 'complex', multiValued: false }],
  [ENTERPRISE_USER_SCHEMA, 'manager.value', { caseExact: true }],
  [ENTERPRISE_USER_SCHEMA, 'manager.$ref', { type: 'reference', referenceTypes: ['User'] }],
  [ENTERPRISE_USER_SCHEMA, 'manager.displayName', { mutability: 'readOnly' }],
  [COMMON_ATTRIBUTES, 'id', { caseExact: true, mutability: 'readOnly', returned: 'always' }],
  [COMMON_ATTRIBUTES, 'externalId', { caseExact: true, mutability: 'readWrite', uniqueness: 'none' }],
  [COMMON_ATTRIBUTES, 'meta', { type: 'complex', mutability: 'readOnly' }],
  [COMMON_ATTRIBUTES, 'meta.created', { type: 'dateTime', mutability: 'readOnly' }],
  [COMMON_ATTRIBUTES, 'meta.resourceType', { caseExact: true, mutability: 'readOnly' }],
  [COMMON_ATTRIBUTES, 'meta.location', { type: 'reference' }],
];

describe('schema data (RFC 7643 §8.7.1 and errata)', () => {
  it.each(FACTS.map(([schema, path, facts]) => [path, schema, facts] as const))('%s', (path, schema, facts) => {
    expect(find(schema, path)).toMatchObject(facts);
  });

  it('publishes the URNs and names of §4', () => {
    expect(USER_SCHEMA.id).toBe('urn:ietf:params:scim:schemas:core:2.0:User');
    expect(GROUP_SCHEMA.id).toBe('urn:ietf:params:scim:schemas:core:2.0:Group');
    expect(ENTERPRISE_USER_SCHEMA.id).toBe('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User');
  });

  const everyDef = (defs: readonly AttributeDef[]): AttributeDef[] =>
    defs.flatMap((d) => [d, ...(d.subAttributes ?? [])]);
  const all = [USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_USER_SCHEMA].flatMap((s) => everyDef(s.attributes));

  it('names follow the RFC 7643 §2.1 grammar (S-2.1-02)', () => {
    for (const d of all) expect(d.name).toMatch(/^(\$ref|[A-Za-z][A-Za-z0-9$_-]*)$/);
  });

  it('has no complex sub-attributes (RFC 7643 §2.3.8, erratum 8415)', () => {
    for (const d of all) for (const s of d.subAttributes ?? []) expect(s.type).not.toBe('complex');
  });

  it('gives referenceTypes only to reference attributes (S-7-13)', () => {
    for (const d of all) if (d.referenceTypes) expect(d.type).toBe('reference');
  });

  it('gives every complex attribute sub-attributes (S-7-10)', () => {
    for (const d of all) if (d.type === 'complex') expect(d.subAttributes?.length).toBeGreaterThan(0);
  });

  it('lists the multi-valued User attributes of §4.1.2 (S-4.1.2-10)', () => {
    const multi = USER_SCHEMA.attributes.filter((a) => a.multiValued).map((a) => a.name);
    expect(multi.sort()).toEqual(
      ['emails', 'phoneNumbers', 'ims', 'photos', 'addresses', 'groups', 'entitlements', 'roles', 'x509Certificates'].sort(),
    );
  });
});
