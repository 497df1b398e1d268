import { describe, expect, it } from 'vitest';
import { createScimServer } from '../../../src/server/create-server.js';
import { extensionsFromDocs } from '../../../src/server/extensions.js';
import { SeedError } from '../../../src/server/seed-data.js';
import type { ScimRequest } from '../../../src/server/types.js';

const URN = 'urn:example:ext:2.0:User';
const schema = {
  id: URN,
  name: 'Ext',
  description: 'x',
  attributes: [
    { name: 'badge', uniqueness: 'server' },
    { name: 'serial', uniqueness: 'server', caseExact: true },
    { name: 'level', type: 'integer' },
  ],
};
const req = (method: string, path: string, body?: unknown, query = ''): ScimRequest => ({
  method,
  path: `/scim/v2${path}`,
  query,
  headers: { 'content-type': 'application/scim+json' },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});
const user = (name: string, ext: Record<string, unknown>) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', URN], userName: name, [URN]: ext });

describe('custom extensions in the reference server', () => {
  it("come from the seed's schemas:, are served in /Schemas and /ResourceTypes, and seed users may use them", async () => {
    const server = createScimServer({ seed: { schemas: [schema], users: [{ userName: 'seeded', schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', URN], [URN]: { badge: 'B1' } }] } });
    const types = (await server(req('GET', '/ResourceTypes/User'))).body as { schemaExtensions: { schema: string }[] };
    expect(types.schemaExtensions.map((e) => e.schema)).toContain(URN);
    const served = (await server(req('GET', `/Schemas/${URN}`))).body as { attributes: { name: string; type: string; uniqueness: string }[] };
    expect(served.attributes.map((a) => `${a.name}:${a.type}:${a.uniqueness}`)).toEqual(['badge:string:server', 'serial:string:server', 'level:integer:none']);
    const list = (await server(req('GET', '/Users', undefined, `filter=${encodeURIComponent(`${URN}:badge eq "b1"`)}`))).body as { totalResults: number };
    expect(list.totalResults).toBe(1);
  });

  it('validates types and enforces declared uniqueness with its caseExact', async () => {
    const server = createScimServer({ extensions: (extensionsFromDocs([schema]) as { ok: true; extensions: never[] }).extensions });
    expect((await server(req('POST', '/Users', user('a', { badge: 'B1', serial: 'S1', level: 3 })))).status).toBe(201);
    expect((await server(req('POST', '/Users', user('b', { level: 1.5 })))).status).toBe(400);
    const dup = await server(req('POST', '/Users', user('c', { badge: 'b1' })));
    expect([dup.status, (dup.body as { scimType?: string }).scimType]).toEqual([409, 'uniqueness']);
    expect((await server(req('POST', '/Users', user('d', { serial: 's1' })))).status).toBe(201);
    expect((await server(req('POST', '/Users', user('e', { serial: 'S1' })))).status).toBe(409);
  });

  it('refuses a schema that contradicts RFC 7643 §7 or cannot say what it extends', () => {
    expect(() => createScimServer({ seed: { schemas: [{ ...schema, attributes: [{ name: 'x', type: 'text' }] }] } })).toThrow(SeedError);
    const parsed = extensionsFromDocs([{ ...schema, id: 'urn:example:ext:2.0:Device' }]);
    expect(parsed.ok ? [] : parsed.issues.map((i) => i.message)).toEqual(['cannot tell which resource type urn:example:ext:2.0:Device extends: end its id with :User or :Group']);
  });
});
