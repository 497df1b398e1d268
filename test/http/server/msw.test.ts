/** The msw adapter with global fetch, as a user of `scimctl/msw` would set it up. */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scimHandlers } from '../../../src/server/adapters/msw.js';
import { ERROR_URN, LIST_URN, group, patch, sequentialIds, steppingClock, user } from './helpers.js';

const BASE = 'https://scim.example.test/scim/v2';
const MEZMO = 'https://mezmo.example.test/v1/enterprise/scim';

const server = setupServer(
  ...scimHandlers({ baseUrl: BASE, token: 'msw-token', now: steppingClock(), newId: sequentialIds('m') }),
  ...scimHandlers({ baseUrl: MEZMO, profile: 'mezmo' }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const auth = { authorization: 'Bearer msw-token' };
async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = auth) {
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
}

describe('scimHandlers (msw)', () => {
  it('serves the whole API under the base URL with absolute locations', async () => {
    const created = await call('POST', '/Users', user('alice'));
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`${BASE}/Users/m-1`);
    expect(created.headers.get('content-type')).toBe('application/scim+json; charset=utf-8');
    const g = await call('POST', '/Groups', group('Team', { members: [{ value: 'm-1' }] }));
    expect(g.body.members[0].$ref).toBe(`${BASE}/Users/m-1`);
    const list = await call('GET', '/Users?filter=userName+eq+%22ALICE%22');
    expect(list.body).toMatchObject({ schemas: [LIST_URN], totalResults: 1 });
    const patched = await call('PATCH', '/Users/m-1', patch({ op: 'Replace', path: 'active', value: 'False' }));
    expect(patched.body.active).toBe(false);
    const notModified = await call('GET', '/Users/m-1', undefined, { ...auth, 'if-none-match': patched.headers.get('etag') as string });
    expect(notModified.status).toBe(304);
    expect((await call('DELETE', '/Groups/m-2')).status).toBe(204);
    expect((await call('GET', '/ServiceProviderConfig', undefined, {})).status).toBe(200);
  });

  it('answers 401 with a SCIM error without the token, 404/405 as SCIM errors', async () => {
    const res = await call('GET', '/Users', undefined, {});
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
    expect(res.body.schemas).toEqual([ERROR_URN]);
    expect((await call('GET', '/Nope')).status).toBe(404);
    expect((await call('PUT', '/Users')).status).toBe(405);
  });

  it('the mezmo profile loads its default child organizations and refuses group creation', async () => {
    const groups = (await (await fetch(`${MEZMO}/Groups?aadOptscim062020`)).json()) as { totalResults: number };
    expect(groups.totalResults).toBe(5);
    const post = await fetch(`${MEZMO}/Groups`, {
      method: 'POST',
      headers: { 'content-type': 'application/scim+json' },
      body: JSON.stringify(group('New')),
    });
    expect(post.status).toBe(403);
  });

  it('requests outside the base URL are not handled', async () => {
    await expect(fetch('https://scim.example.test/other')).rejects.toThrow();
  });
});
