/**
 * Prototype names as endpoint names: `/scim/v2/__proto__`, `/constructor`,
 * `/toString` must be unknown endpoints (404), not lookups that find
 * Object.prototype members and fail with 500; the same for Bulk operation
 * paths. Both bugs were found by server-fuzz.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { BULK_URN, expectNoPollution, fuzzTarget, probe, prototypeFingerprint, request, USER_URN } from './server-harness.js';

const NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf'];

describe('prototype names in URLs', () => {
  it.each(NAMES)('/%s and below it are 404 for every method', async (name) => {
    const fingerprint = prototypeFingerprint();
    const t = fuzzTarget();
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      for (const path of [`/${name}`, `/${name}/id-1`, `/${name}/.search`]) {
        const res = await probe(t, request(method, path, { body: '{}' }));
        expect(res.status, `${method} ${path}`).toBe(404);
      }
      // As an id they name no resource.
      for (const path of [`/Users/${name}`, `/Groups/${name}`, `/Schemas/${name}`, `/ResourceTypes/${name}`]) {
        const res = await probe(t, request(method, path, { body: '{}' }));
        expect([404, 405], `${method} ${path}`).toContain(res.status);
      }
    }
    expectNoPollution(fingerprint);
  });

  it('a Bulk operation whose path names a prototype key fails alone with 400, not 500', async () => {
    const fingerprint = prototypeFingerprint();
    const t = fuzzTarget();
    const operations = NAMES.flatMap((name, i) => [
      { method: 'POST', path: `/${name}`, bulkId: `b${i}`, data: { schemas: [USER_URN], userName: `p${i}` } },
      { method: 'DELETE', path: `/${name}/id-1` },
    ]);
    const res = await probe(t, request('POST', '/Bulk', { body: JSON.stringify({ schemas: [BULK_URN], Operations: operations }) }));
    expect(res.status).toBe(200);
    const statuses = (res.body as { Operations: { status: string }[] }).Operations.map((o) => o.status);
    expect(statuses).toEqual(operations.map(() => '400'));
    expectNoPollution(fingerprint);
  });
});
