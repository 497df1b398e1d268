import { describe, expect, it } from 'vitest';
import {
  RESOURCE_TYPE_SCHEMA,
  SCHEMA_SCHEMA,
  SERVICE_PROVIDER_CONFIG_SCHEMA,
  resourceTypeDocs,
  schemaDocs,
  serviceProviderConfigDoc,
} from '../../../../src/core/schema/discovery.js';
import type { ServiceProviderConfigOptions } from '../../../../src/core/schema/discovery.js';
import { defaultRegistry as registry } from '../../../../src/core/schema/schema-registry.js';

const BASE = 'https://scim.example.com/v2/';

const spcOptions: ServiceProviderConfigOptions = {
  documentationUri: 'https://example.com/help/scim.html',
  patch: true,
  bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
  filter: { supported: true, maxResults: 200 },
  changePassword: false,
  sort: true,
  etag: true,
  authenticationSchemes: [{ type: 'oauthbearertoken', name: 'OAuth Bearer Token', description: 'Bearer token', primary: true }],
  location: 'https://scim.example.com/v2/ServiceProviderConfig',
};

describe('serviceProviderConfigDoc (RFC 7643 §5)', () => {
  it('has every REQUIRED member with the right types (S-5-01..07, P-4-01)', () => {
    const doc = serviceProviderConfigDoc(spcOptions);
    expect(doc).toEqual({
      schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
      documentationUri: 'https://example.com/help/scim.html',
      patch: { supported: true },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      authenticationSchemes: [{ type: 'oauthbearertoken', name: 'OAuth Bearer Token', description: 'Bearer token', primary: true }],
      meta: { resourceType: 'ServiceProviderConfig', location: 'https://scim.example.com/v2/ServiceProviderConfig' },
    });
  });

  it('leaves optional members out when not given', () => {
    const { documentationUri: _d, location: _l, ...rest } = spcOptions;
    const doc = serviceProviderConfigDoc(rest);
    expect(doc).not.toHaveProperty('documentationUri');
    expect(doc.meta).toEqual({ resourceType: 'ServiceProviderConfig' });
  });

  it('refuses an unusable configuration with a clear error', () => {
    expect(() => serviceProviderConfigDoc({ ...spcOptions, authenticationSchemes: [] })).toThrow(/at least one scheme/);
    expect(() => serviceProviderConfigDoc({ ...spcOptions, filter: { supported: true, maxResults: 1.5 } })).toThrow(
      /filter.maxResults must be a non-negative integer/,
    );
    expect(() =>
      serviceProviderConfigDoc({
        ...spcOptions,
        authenticationSchemes: [{ type: 'kerberos' as 'oauth', name: 'k', description: 'k' }],
      }),
    ).toThrow(/unknown authentication scheme type/);
  });
});

describe('resourceTypeDocs (RFC 7643 §6)', () => {
  const docs = resourceTypeDocs(registry, BASE);

  it('describes User with the enterprise extension, and Group (S-6-01..05)', () => {
    expect(docs).toEqual([
      {
        schemas: [RESOURCE_TYPE_SCHEMA],
        id: 'User',
        name: 'User',
        endpoint: '/Users',
        description: 'User Account',
        schema: 'urn:ietf:params:scim:schemas:core:2.0:User',
        schemaExtensions: [{ schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', required: false }],
        meta: { resourceType: 'ResourceType', location: 'https://scim.example.com/v2/ResourceTypes/User' },
      },
      {
        schemas: [RESOURCE_TYPE_SCHEMA],
        id: 'Group',
        name: 'Group',
        endpoint: '/Groups',
        description: 'Group',
        schema: 'urn:ietf:params:scim:schemas:core:2.0:Group',
        meta: { resourceType: 'ResourceType', location: 'https://scim.example.com/v2/ResourceTypes/Group' },
      },
    ]);
  });

  it('names only schemas that /Schemas serves (S-6-04, S-6-05)', () => {
    const ids = new Set(schemaDocs(registry, BASE).map((s) => s.id));
    for (const rt of docs) {
      expect(ids.has(rt.schema)).toBe(true);
      for (const ext of (rt.schemaExtensions as { schema: string }[] | undefined) ?? []) expect(ids.has(ext.schema)).toBe(true);
    }
  });
});

describe('schemaDocs (RFC 7643 §7)', () => {
  const docs = schemaDocs(registry, 'https://scim.example.com/v2');
  type Attr = Record<string, unknown> & { subAttributes?: Attr[] };
  const allAttrs = (attrs: Attr[]): Attr[] => attrs.flatMap((a) => [a, ...(a.subAttributes ?? [])]);

  it('carries schemas, id, name, description and meta (S-7-06..08)', () => {
    expect(docs.map((d) => d.id)).toEqual([
      'urn:ietf:params:scim:schemas:core:2.0:User',
      'urn:ietf:params:scim:schemas:core:2.0:Group',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
    ]);
    for (const doc of docs) {
      expect(doc.schemas).toEqual([SCHEMA_SCHEMA]);
      expect(doc.name).toEqual(expect.any(String));
      expect(doc.description).toEqual(expect.any(String));
      expect(doc.meta).toEqual({ resourceType: 'Schema', location: `https://scim.example.com/v2/Schemas/${String(doc.id)}` });
    }
  });

  it('lists every characteristic with valid values (S-7-09, S-7-11, S-7-12, S-7-13)', () => {
    for (const doc of docs) {
      for (const a of allAttrs(doc.attributes as Attr[])) {
        expect(a).toEqual(
          expect.objectContaining({
            name: expect.any(String),
            multiValued: expect.any(Boolean),
            description: expect.any(String),
            required: expect.any(Boolean),
            caseExact: expect.any(Boolean),
          }),
        );
        expect(['string', 'boolean', 'decimal', 'integer', 'dateTime', 'binary', 'reference', 'complex']).toContain(a.type);
        expect(['readOnly', 'readWrite', 'immutable', 'writeOnly']).toContain(a.mutability);
        expect(['always', 'never', 'default', 'request']).toContain(a.returned);
        expect(['none', 'server', 'global']).toContain(a.uniqueness);
        if (a.referenceTypes !== undefined) expect(a.type).toBe('reference');
        if (a.type === 'complex') expect(a.subAttributes?.length).toBeGreaterThan(0);
      }
    }
  });

  it('publishes the verified errata (E-8471-01, E-8472-01, S-4.2-02)', () => {
    const user = docs[0]?.attributes as Attr[];
    const groups = user.find((a) => a.name === 'groups');
    expect(groups?.subAttributes?.find((s) => s.name === '$ref')?.referenceTypes).toEqual(['Group']);
    const ent = docs[2]?.attributes as Attr[];
    expect(ent.find((a) => a.name === 'manager')?.subAttributes?.find((s) => s.name === 'value')?.caseExact).toBe(true);
    const group = docs[1]?.attributes as Attr[];
    expect(group.find((a) => a.name === 'displayName')?.required).toBe(true);
  });

  it('leaves the common attributes out, as §8.7.1 does', () => {
    const names = (docs[0]?.attributes as Attr[]).map((a) => a.name);
    expect(names).toContain('userName');
    expect(names).not.toContain('id');
    expect(names).not.toContain('meta');
  });

  it('returns copies: editing a document never changes the model', () => {
    const first = schemaDocs(registry, BASE);
    const emails = (first[0]?.attributes as Attr[]).find((a) => a.name === 'emails');
    const type = emails?.subAttributes?.find((s) => s.name === 'type');
    (type?.canonicalValues as string[]).push('bogus');
    const again = schemaDocs(registry, BASE);
    const typeAgain = (again[0]?.attributes as Attr[]).find((a) => a.name === 'emails')?.subAttributes?.find((s) => s.name === 'type');
    expect(typeAgain?.canonicalValues).toEqual(['work', 'home', 'other']);
  });
});
