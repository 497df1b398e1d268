import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../../src/core/filter/filter-parser.js';
import { createScimServer } from '../../../src/server/create-server.js';
import { indexedCandidates } from '../../../src/server/index-lookup.js';
import { ScimStore } from '../../../src/server/store.js';
import { inProcessTransport } from '../../../src/server/adapters/in-process.js';

function idsFrom(prefix: string): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}

describe('ScimStore', () => {
  it('finds userName case-insensitively, externalId exactly, Group displayName case-insensitively', () => {
    const store = new ScimStore({ newId: idsFrom('u') });
    store.create('User', { userName: 'Alice', externalId: 'Ext-1' });
    store.create('Group', { displayName: 'Engineering', members: [{ value: 'u1' }] });
    expect(store.byUserName('ALICE')?.id).toBe('u1');
    expect(store.byExternalId('User', 'Ext-1')).toHaveLength(1);
    expect(store.byExternalId('User', 'ext-1')).toHaveLength(0);
    expect(store.byGroupDisplayName('engineering')?.id).toBe('u2');
    expect(store.groupsOf('u1').map((g) => g.id)).toEqual(['u2']);
  });

  it('re-indexes on replace: the old userName is free, the new one taken', () => {
    const store = new ScimStore({ newId: idsFrom('u') });
    store.create('User', { userName: 'old' });
    store.replace('User', 'u1', { userName: 'new' });
    expect(store.byUserName('old')).toBeUndefined();
    expect(store.byUserName('NEW')?.id).toBe('u1');
    expect(() => store.create('User', { userName: 'New' })).toThrow(/already in use/);
    expect(store.create('User', { userName: 'old' }).id).toBe('u2');
  });

  it('snapshots and restores indexes and membership', () => {
    const store = new ScimStore({ newId: idsFrom('x') });
    store.create('User', { userName: 'a' });
    store.create('Group', { displayName: 'G', members: [{ value: 'x1' }] });
    const copy = ScimStore.fromSnapshot(JSON.parse(JSON.stringify(store.snapshot())));
    expect(copy.byUserName('A')?.id).toBe('x1');
    expect(copy.groupsOf('x1').map((g) => g.id)).toEqual(['x2']);
    expect(copy.get('Group', 'x2')?.version).toBe(store.get('Group', 'x2')?.version);
  });

  it('a userName lookup among 100k users uses the index, not a scan', async () => {
    const store = new ScimStore({ newId: idsFrom('user-') });
    for (let i = 0; i < 100_000; i++) store.create('User', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `user${i}@example.com` });
    const transport = inProcessTransport(createScimServer({ store }));
    const before = store.stats.scanned;
    const res = await transport.send({
      method: 'GET',
      path: '/scim/v2/Users',
      query: 'filter=userName+eq+%22USER77777%40example.com%22',
      headers: {},
    });
    expect(res.status).toBe(200);
    expect((res.body as { totalResults: number; Resources: { id: string }[] }).Resources.map((r) => r.id)).toEqual(['user-77778']);
    expect(store.stats.scanned - before).toBe(0);
    // The same query without an indexable test does scan, so the counter does measure scans.
    const scan = await transport.send({ method: 'GET', path: '/scim/v2/Users', query: 'filter=userName+ew+%22%4077777.example.com%22', headers: {} });
    expect(scan.status).toBe(200);
    expect(store.stats.scanned - before).toBe(100_000);
  });
});

describe('indexedCandidates', () => {
  const store = new ScimStore({ newId: idsFrom('i') });
  store.create('User', { userName: 'a', externalId: 'e1' });
  store.create('User', { userName: 'b', externalId: 'e2' });
  store.create('Group', { displayName: 'G' });
  const ids = (text: string, kind: 'User' | 'Group' = 'User') =>
    indexedCandidates(store, kind, parseFilter(text))?.map((r) => r.id);

  it('answers eq on id, userName, externalId and Group displayName, also inside and/or', () => {
    expect(ids('id eq "i2"')).toEqual(['i2']);
    expect(ids('userName eq "A"')).toEqual(['i1']);
    expect(ids('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "b"')).toEqual(['i2']);
    expect(ids('externalId eq "e2"')).toEqual(['i2']);
    expect(ids('displayName eq "g"', 'Group')).toEqual(['i3']);
    expect(ids('title eq "x" and userName eq "a"')).toEqual(['i1']);
    expect(ids('userName eq "a" or externalId eq "e2"')).toEqual(['i1', 'i2']);
  });

  it('declines what an index cannot answer', () => {
    expect(ids('userName sw "a"')).toBeUndefined();
    expect(ids('userName eq "a" or title eq "x"')).toBeUndefined();
    expect(ids('not (userName eq "a")')).toBeUndefined();
    expect(ids('displayName eq "G"')).toBeUndefined();
  });
});
