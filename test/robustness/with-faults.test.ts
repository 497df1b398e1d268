/**
 * withFaults on the in-process reference server: each fault does what
 * docs/faults.md says, injected answers never reach the store, and a seed
 * replays the same faults.
 */
import { describe, expect, it } from 'vitest';
import { createScimServer } from '../../src/server/create-server.js';
import { parseFaultSpec } from '../../src/server/faults/fault-spec.js';
import { seededRng } from '../../src/shared/seeded-rng.js';
import { withFaults } from '../../src/server/faults/with-faults.js';
import type { ScimHandler, ScimRequest } from '../../src/server/types.js';

const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const JSON_HEADERS = { 'content-type': 'application/scim+json' };

function setup(specs: string[], rng: () => number = () => 0) {
  const server = createScimServer({ newId: (() => { let n = 0; return () => `id-${++n}`; })() });
  const sleeps: number[] = [];
  const handler: ScimHandler = withFaults(server, specs.map(parseFaultSpec), rng, async (ms) => {
    sleeps.push(ms);
  });
  return { server, handler, sleeps };
}

const get = (path: string): ScimRequest => ({ method: 'GET', path: `/scim/v2${path}`, query: '', headers: {} });
const postUser = (userName: string): ScimRequest => ({
  method: 'POST',
  path: '/scim/v2/Users',
  query: '',
  headers: JSON_HEADERS,
  body: JSON.stringify({ schemas: [USER_URN], userName }),
});

describe('withFaults', () => {
  it('latency waits the sum of the latencies that fire, then answers normally', async () => {
    const { handler, sleeps } = setup(['latency=200ms', 'latency=1s:route=/Users']);
    expect((await handler(get('/Users'))).status).toBe(200);
    expect((await handler(get('/Groups'))).status).toBe(200);
    expect(sleeps).toEqual([1200, 200]);
  });

  it('an injected status answers without touching the store', async () => {
    const { server, handler } = setup(['status=503:route=POST /Users']);
    const res = await handler(postUser('alice'));
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '503',
      detail: 'Injected fault (--fault status=503:route=POST /Users)',
    });
    expect(server.store.size('User')).toBe(0);
    // Other routes are untouched.
    expect((await handler(get('/Users'))).status).toBe(200);
    const group = await handler({ ...postUser(''), path: '/scim/v2/Groups', body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'G' }) });
    expect(group.status).toBe(201);
  });

  it('429 carries Retry-After', async () => {
    const { handler } = setup(['429:retry-after=5']);
    const res = await handler(get('/Users'));
    expect(res.status).toBe(429);
    expect(res.headers['Retry-After']).toBe('5');
    expect((res.body as { status: string }).status).toBe('429');
  });

  it('string-counts turns ListResponse counts into strings and leaves resources alone', async () => {
    const { handler } = setup(['string-counts']);
    await handler(postUser('alice'));
    const list = (await handler(get('/Users'))).body as Record<string, unknown>;
    expect([list.totalResults, list.startIndex, list.itemsPerPage]).toEqual(['1', '1', '1']);
    const one = (await handler(get('/Users/id-1'))).body as Record<string, unknown>;
    expect(one.userName).toBe('alice');
  });

  it('no-location removes the Location header from 201', async () => {
    const plain = await setup([]).handler(postUser('alice'));
    expect(plain.headers.Location).toMatch(/\/Users\/id-1$/);
    const res = await setup(['no-location']).handler(postUser('alice'));
    expect(res.status).toBe(201);
    expect(Object.keys(res.headers).map((h) => h.toLowerCase())).not.toContain('location');
  });

  it('drop answers nothing; before it the write is not applied, with when=after it is', async () => {
    const before = setup(['drop']);
    expect((await before.handler(postUser('alice'))).drop).toBe(true);
    expect(before.server.store.size('User')).toBe(0);
    const after = setup(['drop:when=after']);
    expect((await after.handler(postUser('alice'))).drop).toBe(true);
    expect(after.server.store.byUserName('alice')).toBeDefined();
  });

  it('error-rate fires as often as the dice say, and one seed replays the same faults', async () => {
    const N = 400;
    const run = async (seed: number): Promise<number[]> => {
      const { server, handler } = setup(['error-rate=0.25'], seededRng(seed));
      const statuses: number[] = [];
      for (let i = 0; i < N; i++) statuses.push((await handler(postUser(`u${i}`))).status);
      // Every 201 is in the store and nothing else is.
      expect(server.store.size('User')).toBe(statuses.filter((s) => s === 201).length);
      return statuses;
    };
    const a = await run(7);
    expect(await run(7)).toEqual(a);
    expect(await run(8)).not.toEqual(a);
    // The expected count comes from the same dice: one draw per request.
    const dice = seededRng(7);
    const expected = Array.from({ length: N }, () => dice() < 0.25).filter(Boolean).length;
    expect(a.filter((s) => s === 500)).toHaveLength(expected);
    expect(expected).toBeGreaterThan(N * 0.15);
    expect(expected).toBeLessThan(N * 0.35);
  });

  it('rate 0 never fires and no faults returns the handler itself', async () => {
    const server = createScimServer();
    expect(withFaults(server, [], () => 0)).toBe(server);
    const { handler } = setup(['status=500:rate=0']);
    expect((await handler(get('/Users'))).status).toBe(200);
  });
});

describe('drop through the other adapters', () => {
  it('the in-process transport and the msw handlers turn a dropped answer into a network error', async () => {
    const { inProcessTransport } = await import('../../src/server/adapters/in-process.js');
    const { scimHandlers } = await import('../../src/server/adapters/msw.js');
    const { setupServer } = await import('msw/node');
    const handler = withFaults(createScimServer(), [parseFaultSpec('drop:route=/Users')], () => 0);
    const transport = inProcessTransport(handler);
    await expect(transport.fetch('http://scim.test/scim/v2/Users')).rejects.toThrow(/dropped/);
    expect((await transport.fetch('http://scim.test/scim/v2/Groups')).status).toBe(200);
    const msw = setupServer(...scimHandlers({ baseUrl: 'http://msw.scim.test/scim/v2', handler }));
    msw.listen({ onUnhandledRequest: 'error' });
    try {
      await expect(fetch('http://msw.scim.test/scim/v2/Users')).rejects.toThrow(/fetch failed|Failed to fetch/);
      expect((await fetch('http://msw.scim.test/scim/v2/Groups')).status).toBe(200);
    } finally {
      msw.close();
    }
  });
});
