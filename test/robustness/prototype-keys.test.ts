/**
 * Prototype names as endpoint names: `/scim/v2/__proto__`, `/constructor`,
 * `/toString` must be unknown endpoints (404), not lookups that find
 * Object.prototype members and fail with 500. The router bug this pins was
 * found by server-fuzz.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { expectNoPollution, fuzzTarget, probe, prototypeFingerprint, request } from './server-harness.js';

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
});
