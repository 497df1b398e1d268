/**
 * How list queries reach the store, asserted with the store's own counters
 * (never with timings; speed is measured in bench/). A page without a filter
 * or sortBy walks the directory once and renders only the page.
 */
import { describe, expect, it } from 'vitest';
import { inProcessTransport } from '../../../src/server/adapters/in-process.js';
import { createScimServer } from '../../../src/server/create-server.js';
import { ScimStore } from '../../../src/server/store.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

function directory(users: number, groups: number) {
  let n = 0;
  const store = new ScimStore({ newId: () => `r${++n}` });
  for (let i = 0; i < users; i++) store.create('User', { schemas: [USER], userName: `user${i}` });
  for (let i = 0; i < groups; i++) store.create('Group', { displayName: `group${i}` });
  return { store, transport: inProcessTransport(createScimServer({ store })) };
}

type List = { totalResults: number; startIndex: number; itemsPerPage: number; Resources: { id: string }[] };

describe('list pages without a filter', () => {
  it('visit each stored resource once and return the requested page in store order', async () => {
    const { store, transport } = directory(1000, 0);
    const before = store.stats.scanned;
    const res = await transport.send({ method: 'GET', path: '/scim/v2/Users', query: 'startIndex=101&count=100', headers: {} });
    const body = res.body as List;
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ totalResults: 1000, startIndex: 101, itemsPerPage: 100 });
    expect(body.Resources.map((r) => r.id)).toEqual(Array.from({ length: 100 }, (_, i) => `r${101 + i}`));
    expect(store.stats.scanned - before).toBe(1000);
  });

  it('page across users then groups on a root query', async () => {
    const { transport } = directory(3, 3);
    const res = await transport.send({ method: 'GET', path: '/scim/v2/', query: 'startIndex=3&count=2', headers: {} });
    const body = res.body as List;
    expect(body).toMatchObject({ totalResults: 6, startIndex: 3, itemsPerPage: 2 });
    expect(body.Resources.map((r) => r.id)).toEqual(['r3', 'r4']);
  });

  it('render each listed resource in full: meta and the derived groups', async () => {
    const { store, transport } = directory(2, 0);
    store.create('Group', { displayName: 'G', members: [{ value: 'r1' }] });
    const res = await transport.send({ method: 'GET', path: '/scim/v2/Users', query: 'count=1', headers: {} });
    const [first] = (res.body as { Resources: Record<string, unknown>[] }).Resources;
    expect(first).toMatchObject({ id: 'r1', meta: { resourceType: 'User' }, groups: [{ value: 'r3' }] });
  });
});
