/**
 * RFC 7644 §3.12 (P-3.12-16): client mistakes are never answered 500. Arbitrary
 * JSON bodies, query strings and paths go through the whole pipeline; every
 * answer is a known status, and every error has the RFC error shape.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createScimServer } from '../../../src/server/create-server.js';
import type { ScimHandler, ScimResponse } from '../../../src/server/types.js';

const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';

function seeded(): ScimHandler {
  let n = 0;
  const server = createScimServer({
    newId: () => `r-${++n}`,
    now: () => new Date(Date.UTC(2026, 0, 1)),
    seed: {
      users: [{ id: 'u1', userName: 'alice' }, { id: 'u2', userName: 'bob' }],
      groups: [{ id: 'g1', displayName: 'G', members: [{ value: 'u1' }] }],
    },
  });
  return server;
}

function checkResponse(res: ScimResponse): void {
  expect(res.status).not.toBe(500);
  expect(res.headers['Content-Type']).toBe('application/scim+json; charset=utf-8');
  if (res.status >= 400) {
    const body = res.body as { schemas: string[]; status: string };
    expect(body.schemas).toEqual([ERROR_URN]);
    expect(body.status).toBe(String(res.status));
  }
}

const paths = fc.constantFrom('/Users', '/Users/u1', '/Groups', '/Groups/g1', '/Users/.search', '/.search', '/Bulk', '/Me', '/Schemas', '/');
const methods = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE');
const attrs = fc.constantFrom('userName', 'members', 'displayName', 'active', 'emails', 'name', 'schemas', 'Operations', 'op', 'path', 'value', 'filter', 'bulkId', 'method', 'data', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User');
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom('bulkId:x', 'u1', 'g1', 'urn:ietf:params:scim:api:messages:2.0:PatchOp', 'urn:ietf:params:scim:api:messages:2.0:BulkRequest', 'urn:ietf:params:scim:api:messages:2.0:SearchRequest', 'replace', 'add', 'remove', 'members[value eq "u1"]', 'POST', '/Users'),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(attrs, tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('no internal errors', () => {
  it('arbitrary JSON bodies on every endpoint', async () => {
    await fc.assert(
      fc.asyncProperty(methods, paths, json, async (method, path, body) => {
        const res = await seeded()({ method, path: `/scim/v2${path === '/' ? '' : path}`, query: '', headers: { 'content-type': 'application/scim+json' }, body: JSON.stringify(body) });
        checkResponse(res);
      }),
      { numRuns: 300, seed: 20261128 },
    );
  });

  it('arbitrary query strings and raw bodies', async () => {
    await fc.assert(
      fc.asyncProperty(methods, paths, fc.string(), fc.string(), async (method, path, query, body) => {
        const res = await seeded()({ method, path: `/scim/v2${path}`, query, headers: {}, body });
        checkResponse(res);
      }),
      { numRuns: 300, seed: 20261129 },
    );
  });
});
