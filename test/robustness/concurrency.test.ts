/**
 * The reference server under concurrent clients over real HTTP: optimistic
 * concurrency with If-Match loses no update, parallel member additions all
 * land, uniqueness holds across racing creates, and Bulk applies each
 * operation whole or not at all (RFC 7644 §3.7, §3.5.2, §3.14).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startNodeServer, type RunningServer } from '../../src/server/adapters/node-http.js';
import { createScimServer, type ScimServer } from '../../src/server/create-server.js';
import { recordFigure, scaled } from './figures.js';
import { BULK_URN, GROUP_URN, PATCH_URN, USER_URN } from './server-harness.js';

const TOKEN = 'concurrency-token';
let server: ScimServer;
let running: RunningServer;
let base: string;

beforeEach(async () => {
  let n = 0;
  server = createScimServer({ token: TOKEN, newId: () => `id-${++n}`, onInternalError: (err) => { throw err; } });
  running = await startNodeServer(server, { port: 0 });
  base = `${running.url}/scim/v2`;
});
afterEach(() => running.close());

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json', ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, etag: res.headers.get('etag'), body: text === '' ? undefined : (JSON.parse(text) as any) };
}

const patch = (...ops: unknown[]) => ({ schemas: [PATCH_URN], Operations: ops });

describe('concurrent clients', () => {
  it('If-Match: each conflicting PATCH applies or gets 412, and the final state holds exactly the applied ones', async () => {
    const clients = scaled(24);
    const created = await call('POST', '/Users', { schemas: [USER_URN], userName: 'counter', title: '0' });
    expect(created.status).toBe(201);
    const applied: string[] = [];
    let conflicts = 0;
    let attempts = 0;
    // Rounds: every waiting client reads, then all write against what they read, at once.
    // All read the same version, so exactly one write per round lands; the others get 412 and retry.
    let waiting = Array.from({ length: clients }, (_, i) => i);
    while (waiting.length > 0) {
      const reads = await Promise.all(waiting.map(() => call('GET', '/Users/id-1')));
      const writes = await Promise.all(
        waiting.map((i, k) => {
          const read = reads[k]!;
          const next = String(Number(read.body.title) + 1);
          const ops = patch({ op: 'replace', path: 'title', value: next }, { op: 'add', path: 'emails', value: [{ value: `c${i}@example.com` }] });
          return call('PATCH', '/Users/id-1', ops, { 'if-match': read.etag as string });
        }),
      );
      attempts += writes.length;
      expect(writes.filter((w) => w.status === 200)).toHaveLength(1);
      for (const w of writes) if (w.status !== 200) expect([w.status, w.body.status]).toEqual([412, '412']);
      conflicts += writes.filter((w) => w.status === 412).length;
      applied.push(...waiting.filter((_, k) => writes[k]!.status === 200).map((i) => `c${i}@example.com`));
      waiting = waiting.filter((_, k) => writes[k]!.status !== 200);
    }
    const final = await call('GET', '/Users/id-1');
    const emails: string[] = (final.body.emails ?? []).map((e: { value: string }) => e.value);
    recordFigure({
      suite: 'concurrency',
      target: 'If-Match PATCH races',
      cases: attempts,
      outcomes: { clients, applied: applied.length, 'answered 412': conflicts, 'updates lost': applied.filter((a) => !emails.includes(a)).length + Math.max(0, applied.length - Number(final.body.title)) },
    });
    // Nothing lost: the counter counts the applied writes, and each left its email.
    expect(final.body.title).toBe(String(applied.length));
    expect(applied).toHaveLength(clients);
    expect(final.body.emails.map((e: { value: string }) => e.value).sort()).toEqual([...applied].sort());
    expect(conflicts).toBe((clients * (clients - 1)) / 2);
  });

  it('a blind write with a stale If-Match never lands', async () => {
    await call('POST', '/Users', { schemas: [USER_URN], userName: 'stale', title: 'a' });
    const first = await call('GET', '/Users/id-1');
    const writes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => call('PATCH', '/Users/id-1', patch({ op: 'replace', path: 'title', value: `w${i}` }), { 'if-match': first.etag as string })),
    );
    const ok = writes.filter((w) => w.status === 200);
    expect(ok).toHaveLength(1);
    expect(writes.filter((w) => w.status === 412)).toHaveLength(9);
    expect((await call('GET', '/Users/id-1')).body.title).toBe(ok[0]?.body.title);
  });

  it('parallel member additions to one group all land', async () => {
    const members = scaled(40);
    const group = await call('POST', '/Groups', { schemas: [GROUP_URN], displayName: 'Everyone' });
    const users = await Promise.all(Array.from({ length: members }, (_, i) => call('POST', '/Users', { schemas: [USER_URN], userName: `m${i}` })));
    const ids = users.map((u) => u.body.id as string);
    const adds = await Promise.all(ids.map((id) => call('PATCH', `/Groups/${group.body.id}`, patch({ op: 'add', path: 'members', value: [{ value: id }] }))));
    expect(adds.map((a) => a.status)).toEqual(ids.map(() => 200));
    const final = await call('GET', `/Groups/${group.body.id}`);
    const landed: string[] = (final.body.members ?? []).map((m: { value: string }) => m.value);
    recordFigure({ suite: 'concurrency', target: 'parallel member additions', cases: members * 2, outcomes: { 'additions landed': landed.length, 'additions lost': ids.filter((id) => !landed.includes(id)).length } });
    expect(final.body.members.map((m: { value: string }) => m.value).sort()).toEqual([...ids].sort());
    // And they leave in parallel too.
    const removes = await Promise.all(ids.slice(0, members / 2).map((id) => call('PATCH', `/Groups/${group.body.id}`, patch({ op: 'remove', path: `members[value eq "${id}"]` }))));
    expect(removes.every((r) => r.status === 200)).toBe(true);
    expect((await call('GET', `/Groups/${group.body.id}`)).body.members.map((m: { value: string }) => m.value).sort()).toEqual(ids.slice(members / 2).sort());
  });

  it('racing creates of one userName: exactly one wins, the rest get 409 uniqueness', async () => {
    const racers = scaled(30);
    const res = await Promise.all(Array.from({ length: racers }, (_, i) => call('POST', '/Users', { schemas: [USER_URN], userName: i % 2 ? 'Same@Example.com' : 'same@example.com' })));
    expect(res.filter((r) => r.status === 201)).toHaveLength(1);
    expect(res.filter((r) => r.status === 409 && r.body.scimType === 'uniqueness')).toHaveLength(racers - 1);
    expect(server.store.size('User')).toBe(1);
  });

  it('Bulk applies each operation whole or not at all, also with bulks running side by side', async () => {
    await call('POST', '/Users', { schemas: [USER_URN], userName: 'target', title: 'before', nickName: 'nick' });
    const bulks = scaled(12);
    const bulk = (i: number) => ({
      schemas: [BULK_URN],
      Operations: [
        { method: 'POST', path: '/Users', bulkId: 'u', data: { schemas: [USER_URN], userName: `bulk-${i}` } },
        // The second operation of this PATCH is invalid: the first must not apply either (§3.5.2).
        { method: 'PATCH', path: '/Users/id-1', data: patch({ op: 'replace', path: 'title', value: `b${i}` }, { op: 'replace', path: 'id', value: 'x' }) },
        { method: 'POST', path: '/Users', bulkId: 'dup', data: { schemas: [USER_URN], userName: 'shared-name' } },
        { method: 'PATCH', path: '/Users/id-1', data: patch({ op: 'add', path: 'emails', value: [{ value: `b${i}@example.com` }] }) },
      ],
    });
    const results = await Promise.all(Array.from({ length: bulks }, (_, i) => call('POST', '/Bulk', bulk(i))));
    let operations = 0;
    for (const r of results) {
      expect(r.status).toBe(200);
      const statuses = r.body.Operations.map((o: { status: string }) => o.status);
      operations += statuses.length;
      expect(statuses[0]).toBe('201');
      expect(statuses[1]).toMatch(/^4/);
      expect(statuses[3]).toBe('200');
    }
    // shared-name: one bulk created it, every other got a 409 for that operation only.
    expect(results.filter((r) => r.body.Operations[2].status === '201')).toHaveLength(1);
    expect(results.filter((r) => r.body.Operations[2].status === '409')).toHaveLength(bulks - 1);
    const target = await call('GET', '/Users/id-1');
    expect(target.body.title).toBe('before');
    expect(target.body.emails.map((e: { value: string }) => e.value).sort()).toEqual(Array.from({ length: bulks }, (_, i) => `b${i}@example.com`).sort());
    expect(server.store.size('User')).toBe(1 + bulks + 1);
    recordFigure({ suite: 'concurrency', target: 'side-by-side Bulk requests', cases: operations, outcomes: { bulks, 'half-applied operations': target.body.title === 'before' ? 0 : 1 } });
  });
});

describe('Bulk with a group that lists itself', () => {
  it('fails that operation up front, so no other operation reports an effect that is later undone', async () => {
    const ops = [
      { method: 'POST', path: '/Groups', bulkId: 'A', data: { schemas: [GROUP_URN], displayName: 'A', members: [{ value: 'bulkId:B' }, { value: 'bulkId:A' }] } },
      { method: 'POST', path: '/Groups', bulkId: 'B', data: { schemas: [GROUP_URN], displayName: 'B', members: [{ value: 'bulkId:A' }] } },
      { method: 'POST', path: '/Groups', bulkId: 'C', data: { schemas: [GROUP_URN], displayName: 'C' } },
      { method: 'PATCH', path: '/Groups/bulkId:C', data: patch({ op: 'add', path: 'members', value: [{ value: 'bulkId:A' }] }) },
    ];
    const res = await call('POST', '/Bulk', { schemas: [BULK_URN], Operations: ops });
    const results = res.body.Operations as { bulkId?: string; method: string; status: string; version?: string; location?: string }[];
    const byOp = (method: string, bulkId?: string) => results.find((r) => r.method === method && r.bulkId === bulkId);
    expect(byOp('POST', 'A')?.status).toBe('400');
    expect(byOp('POST', 'B')?.status).toBe('409');
    expect(byOp('POST', 'C')?.status).toBe('201');
    expect(byOp('PATCH')?.status).toBe('409');
    // Every success reported is the state served: C exists at the version the result names, with no members.
    const c = await call('GET', new URL(byOp('POST', 'C')!.location!).pathname.replace(/^.*\/scim\/v2/, ''));
    expect(c.body.meta.version).toBe(byOp('POST', 'C')?.version);
    expect(c.body.members ?? []).toEqual([]);
    expect(server.store.size('Group')).toBe(1);
  });
});
