/**
 * How list queries reach the store, asserted with the store's own counters
 * (never with timings; speed is measured in bench/). A page without a filter
 * or with an indexed one touches only the page's records, however deep it starts
 * and however large the directory; a sorted order is built once per change.
 */
import fc from 'fast-check';
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

type List = { totalResults: number; startIndex: number; itemsPerPage: number; Resources: { id: string; userName?: string }[] };

async function list(transport: ReturnType<typeof directory>['transport'], query: string, path = '/scim/v2/Users') {
  const res = await transport.send({ method: 'GET', path, query, headers: {} });
  expect(res.status).toBe(200);
  return res.body as List;
}

describe('list pages without a filter', () => {
  it('return the requested page in store order, reading only the page', async () => {
    const { store, transport } = directory(1000, 0);
    const { scanned, paged } = store.stats;
    const body = await list(transport, 'startIndex=101&count=100');
    expect(body).toMatchObject({ totalResults: 1000, startIndex: 101, itemsPerPage: 100 });
    expect(body.Resources.map((r) => r.id)).toEqual(Array.from({ length: 100 }, (_, i) => `r${101 + i}`));
    expect(store.stats.scanned - scanned).toBe(0);
    expect(store.stats.paged - paged).toBe(100);
  });

  it('touch O(page) records at 100k users, first page and deep page alike, with an exact total', async () => {
    const { store, transport } = directory(100_000, 0);
    for (const [query, first] of [['startIndex=1&count=100', 1], ['startIndex=99901&count=100', 99_901], ['startIndex=50000&count=7', 50_000]] as const) {
      const { scanned, paged } = store.stats;
      const body = await list(transport, query);
      expect(body.totalResults).toBe(100_000);
      expect(body.Resources[0]?.id).toBe(`r${first}`);
      expect(store.stats.scanned - scanned).toBe(0);
      expect(store.stats.paged - paged).toBe(body.itemsPerPage);
    }
    // Deleting leaves holes that a page steps over, still without a scan.
    for (let i = 2; i <= 100_000; i += 2) store.delete('User', `r${i}`);
    const { scanned, paged } = store.stats;
    const body = await list(transport, 'startIndex=25001&count=3');
    expect(body).toMatchObject({ totalResults: 50_000, itemsPerPage: 3 });
    expect(body.Resources.map((r) => r.id)).toEqual(['r50001', 'r50003', 'r50005']);
    expect(store.stats.scanned - scanned).toBe(0);
    expect(store.stats.paged - paged).toBe(3);
  });

  it('an indexed filter at 100k users reads no record beyond its matches', async () => {
    const { store, transport } = directory(100_000, 0);
    const { scanned, paged } = store.stats;
    const body = await list(transport, `filter=${encodeURIComponent('userName eq "USER77777"')}&startIndex=1&count=100`);
    expect(body.totalResults).toBe(1);
    expect(body.Resources.map((r) => r.id)).toEqual(['r77778']);
    expect(store.stats.scanned - scanned).toBe(0);
    expect(store.stats.paged - paged).toBe(0);
  });

  it('page across users then groups on a root query', async () => {
    const { transport } = directory(3, 3);
    const body = await list(transport, 'startIndex=3&count=2', '/scim/v2/');
    expect(body).toMatchObject({ totalResults: 6, startIndex: 3, itemsPerPage: 2 });
    expect(body.Resources.map((r) => r.id)).toEqual(['r3', 'r4']);
  });

  it('render each listed resource in full: meta and the derived groups', async () => {
    const { store, transport } = directory(2, 0);
    store.create('Group', { displayName: 'G', members: [{ value: 'r1' }] });
    const body = await list(transport, 'count=1');
    expect(body.Resources[0]).toMatchObject({ id: 'r1', meta: { resourceType: 'User' }, groups: [{ value: 'r3' }] });
  });

  it('keep insertion order and positions through any mix of creates and deletes', () => {
    const op = fc.oneof(fc.constant<'create'>('create'), fc.nat(400).map((k) => ({ del: k })));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600 }), fc.nat(300), fc.nat(50), (ops, from, count) => {
        const store = new ScimStore();
        const live: string[] = [];
        let n = 0;
        for (const o of ops) {
          if (o === 'create') live.push(store.create('User', { userName: `u${n++}` }).id);
          else if (live.length > 0) store.delete('User', live.splice(o.del % live.length, 1)[0] as string);
        }
        expect(store.range('User', from, count).map((r) => r.id)).toEqual(live.slice(from, from + count));
      }),
      { seed: 3442, numRuns: 200 },
    );
  });
});

describe('sorted list pages', () => {
  it('sort the directory once, then serve later pages without a scan until something changes', async () => {
    const { store, transport } = directory(2000, 0);
    const query = (start: number) => `sortBy=userName&sortOrder=descending&startIndex=${start}&count=3`;
    let { scanned } = store.stats;
    const first = await list(transport, query(1));
    // Descending by userName, compared as strings: user999, user998, user997.
    expect(first.Resources.map((r) => r.userName)).toEqual(['user999', 'user998', 'user997']);
    expect(store.stats.scanned - scanned).toBe(2000);
    ({ scanned } = store.stats);
    const deep = await list(transport, query(1998));
    expect(deep.Resources.map((r) => r.userName)).toEqual(['user10', 'user1', 'user0']);
    expect(deep.totalResults).toBe(2000);
    expect(store.stats.scanned - scanned).toBe(0);
    // A write invalidates the order: the new user sorts first and the next page scans again.
    store.create('User', { schemas: [USER], userName: 'zed' });
    ({ scanned } = store.stats);
    const after = await list(transport, query(1));
    expect(after.Resources.map((r) => r.userName)).toEqual(['zed', 'user999', 'user998']);
    expect(after.totalResults).toBe(2001);
    expect(store.stats.scanned - scanned).toBe(2001);
  });

  it('a different sortOrder is a different order', async () => {
    const { transport } = directory(20, 0);
    const asc = await list(transport, 'sortBy=userName&count=2');
    const desc = await list(transport, 'sortBy=userName&sortOrder=descending&count=2');
    expect(asc.Resources.map((r) => r.userName)).toEqual(['user0', 'user1']);
    expect(desc.Resources.map((r) => r.userName)).toEqual(['user9', 'user8']);
  });
});
