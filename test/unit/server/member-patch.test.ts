/**
 * The member PATCH fast path (src/server/member-patch.ts) against the PATCH
 * engine: two servers with the same seed, clock and ids, one with the fast
 * path off, receive the same random sequences of member adds and removes
 * (with case and Unicode-normalisation variants of ids, unknown ids, the group
 * itself, strict mode, odd Host headers and requests only the engine handles).
 * Every response (status, headers, body as bytes) and the stored state after
 * each request must be identical. Seeds are fixed so runs are repeatable.
 * A second run uses only ids that need no folding, where the fast path works
 * on the member delta alone (O(change), asserted with the store's counters below).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createScimServer, type ScimServer } from '../../../src/server/create-server.js';
import type { ScimRequest } from '../../../src/server/types.js';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
// 'café' in NFC and NFD, and ids that differ only in case: members.value is caseExact false.
const USER_IDS = ['a', 'A', 'b', 'caf\u00e9', 'cafe\u0301', 'CAF\u00c9', 'u-5', 'U-5'];
const GROUP_ID = 'g1';
const OTHER_GROUP = 'g2';
const POOL = [...USER_IDS, OTHER_GROUP, GROUP_ID, 'missing', ''];

function server(fast: boolean, strict: boolean, initial: string[], userIds: readonly string[] = USER_IDS): ScimServer {
  let n = 0;
  return createScimServer({
    strict,
    memberFastPath: fast,
    now: () => new Date(Date.UTC(2026, 0, 1, 0, 0, n++)),
    newId: () => `id-${n++}`,
    seed: {
      users: userIds.map((id, i) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id, userName: `user${i}` })),
      groups: [
        { id: OTHER_GROUP, displayName: 'Other', members: [{ value: 'a' }] },
        { id: GROUP_ID, displayName: 'Team', members: initial.map((value) => ({ value })) },
      ],
    },
  });
}

function operationsOver(pool: readonly string[]) {
const id = fc.constantFrom(...pool);
const ids = fc.array(fc.record({ value: id }), { minLength: 1, maxLength: 3 });
const memberOp = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constantFrom('add', 'Add'), path: fc.constantFrom('members', 'MEMBERS'), value: ids }) },
  { weight: 3, arbitrary: id.map((v) => ({ op: 'remove', path: `members[value eq ${JSON.stringify(v)}]` })) },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('remove', 'Remove'), path: fc.constant('members'), value: ids }) },
);
// Requests the fast path must leave to the engine, mixed in.
const otherOp = fc.constantFrom<unknown>(
  { op: 'replace', path: 'displayName', value: 'Renamed' },
  { op: 'replace', path: 'displayName', value: 'other' },
  { op: 'add', path: 'members', value: [{ value: 'a', display: 'x' }] },
  { op: 'add', path: 'members', value: { value: 'b' } },
  { op: 'add', path: 'members', value: [] },
  { op: 'remove', path: 'members' },
  { op: 'remove', path: 'members[value co "a"]' },
  { op: 'remove', path: 'members[value eq "a"].display' },
  { op: 'replace', path: 'members', value: [{ value: 'b' }] },
  { op: 'add', value: { members: [{ value: 'A' }] } },
  { op: 'move', path: 'members' },
  { op: 'remove', path: 'members[value eq 1]' },
  { op: 'add', path: 'members[', value: [{ value: 'a' }] },
  // Operations beside members, which the fast path runs through the engine on the group without members.
  { op: 'replace', value: { id: GROUP_ID, displayName: 'Team' } },
  { op: 'replace', value: { id: GROUP_ID, displayName: 'Team B' } },
  { op: 'replace', value: { displayName: 'Other' } },
  { op: 'add', path: 'externalId', value: 'ext-1' },
  { op: 'remove', path: 'externalId' },
  { op: 'remove', path: 'displayName' },
  { op: 'replace', value: { members: [{ value: 'b' }] } },
  { op: 'replace', value: { 'urn:ietf:params:scim:schemas:core:2.0:Group:displayName': 'Team' } },
  { op: 'replace', path: 'urn:ietf:params:scim:schemas:core:2.0:Group:members', value: [] },
);
return fc.array(fc.oneof({ weight: 6, arbitrary: memberOp }, { weight: 2, arbitrary: otherOp }), {
  minLength: 1,
  maxLength: 3,
});
}
const requestOver = (pool: readonly string[]) => fc.record({
  operations: operationsOver(pool),
  host: fc.constantFrom('localhost', 'localhost', 'localhost', 'bad"host'),
  query: fc.constantFrom('', '', '', 'excludedAttributes=members', 'attributes=members.display', 'attributes=displayName'),
});

function patch(host: string, query: string, ops: unknown[]): ScimRequest {
  return {
    method: 'PATCH',
    path: `/scim/v2/Groups/${GROUP_ID}`,
    query,
    headers: { host, 'content-type': 'application/scim+json' },
    body: JSON.stringify({ schemas: [PATCH_OP], Operations: ops }),
  };
}

const get = (path: string): ScimRequest => ({ method: 'GET', path, query: '', headers: { host: 'localhost' } });

/** Everything a client can observe, as bytes: the group, every user's derived `groups`, and the stored snapshot. */
async function state(s: ScimServer, userIds: readonly string[] = USER_IDS): Promise<string> {
  const reads = await Promise.all([`/scim/v2/Groups/${GROUP_ID}`, `/scim/v2/Groups/${OTHER_GROUP}`, ...userIds.map((u) => `/scim/v2/Users/${encodeURIComponent(u)}`)].map((p) => s(get(p))));
  return JSON.stringify({ reads, snapshot: s.store.snapshot() });
}

// Ids that case folding and normalisation leave as they are, so the fast path takes its O(change) branch.
const STABLE_IDS = ['a', 'b', 'c', 'u-5', 'caf\u00e9'];

async function compare(userIds: readonly string[], pool: readonly string[], seed: number): Promise<number> {
  let fastTaken = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.boolean(),
      fc.subarray([...userIds]),
      fc.array(requestOver(pool), { minLength: 1, maxLength: 5 }),
      async (strict, initial, requests) => {
        const fast = server(true, strict, initial, userIds);
        const engine = server(false, strict, initial, userIds);
        for (const { operations: ops, host, query } of requests) {
          const [a, b] = await Promise.all([fast(patch(host, query, ops)), engine(patch(host, query, ops))]);
          expect(JSON.stringify(a)).toBe(JSON.stringify(b));
          expect(await state(fast, userIds)).toBe(await state(engine, userIds));
        }
        expect(engine.store.stats.memberPatches).toBe(0);
        fastTaken += fast.store.stats.memberPatches;
      },
    ),
    { seed, numRuns: 400 },
  );
  return fastTaken;
}

describe('member PATCH fast path', () => {
  it('answers and stores exactly what the PATCH engine does', async () => {
    // The comparison means something only if the fast path ran often.
    expect(await compare(USER_IDS, POOL, 7644)).toBeGreaterThan(300);
  });

  it('does so on the O(change) branch too, where every id is stable', async () => {
    const pool = [...STABLE_IDS, 'A', 'CAF\u00c9', 'cafe\u0301', OTHER_GROUP, GROUP_ID, 'missing', ''];
    expect(await compare(STABLE_IDS, pool, 7643)).toBeGreaterThan(300);
  });

  it('handles an Okta member add and an Entra removal without the engine', async () => {
    const s = server(true, false, ['a']);
    const ops = [
      [{ op: 'add', path: 'members', value: [{ value: 'b' }] }],
      [{ op: 'remove', path: 'members[value eq "a"]' }],
      [{ op: 'Remove', path: 'members', value: [{ value: 'b' }] }],
    ];
    for (const o of ops) expect((await s(patch('localhost', '', o))).status).toBe(200);
    expect(s.store.stats.memberPatches).toBe(3);
    expect(s.store.stats.scanned).toBe(0);
    expect(s.store.get('Group', GROUP_ID)?.data.members).toEqual([]);
  });

  it('refuses a member add naming an unknown id, as the engine does', async () => {
    const s = server(true, false, []);
    const res = await s(patch('localhost', '', [{ op: 'add', path: 'members', value: [{ value: 'missing' }] }]));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('no User or Group has id');
    expect(s.store.get('Group', GROUP_ID)?.version).toBe(server(true, false, []).store.get('Group', GROUP_ID)?.version);
  });
});

describe('member PATCH cost on a 10k-member group', () => {
  const MEMBERS = 10_000;
  const big = () =>
    createScimServer({
      seed: {
        users: Array.from({ length: MEMBERS + 5 }, (_, i) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: `u${i}`, userName: `user${i}` })),
        groups: [{ id: GROUP_ID, displayName: 'Team', members: Array.from({ length: MEMBERS }, (_, i) => ({ value: `u${i}` })) }],
      },
    });

  it('visits only the members it adds or removes, and renders none when the response excludes them', async () => {
    const s = big();
    const cases: [unknown[], number][] = [
      [[{ op: 'add', path: 'members', value: [{ value: `u${MEMBERS}` }] }], 1],
      [[{ op: 'remove', path: 'members[value eq "u7"]' }], 1],
      [[{ op: 'remove', path: 'members', value: [{ value: 'u8' }, { value: 'u9' }] }], 2],
      // Okta's rename-in-place after a membership change (okta.md §10.2): no member is touched.
      [[{ op: 'replace', value: { id: GROUP_ID, displayName: 'Team' } }], 0],
      [[{ op: 'replace', value: { id: GROUP_ID, displayName: 'Team 2' } }, { op: 'add', path: 'members', value: [{ value: `u${MEMBERS + 1}` }] }], 1],
    ];
    for (const [ops, visits] of cases) {
      const before = s.store.stats.memberVisits;
      const res = await s(patch('localhost', 'excludedAttributes=members', ops));
      expect(res.status).toBe(200);
      expect(res.body).not.toHaveProperty('members');
      expect(s.store.stats.memberVisits - before).toBe(visits);
    }
    expect(s.store.stats.memberPatches).toBe(cases.length);
    expect(s.store.memberIds(GROUP_ID).size).toBe(MEMBERS + 2 - 3);
    const ids = [...s.store.memberIds(GROUP_ID)];
    expect(ids.slice(-2)).toEqual([`u${MEMBERS}`, `u${MEMBERS + 1}`]);
    expect(ids).not.toContain('u7');
    expect(s.store.get('Group', GROUP_ID)?.data.displayName).toBe('Team 2');
  });

  it('keeps the version when the rename-in-place changes nothing (RFC 7644 §3.14)', async () => {
    const s = big();
    const version = s.store.get('Group', GROUP_ID)?.version;
    const res = await s(patch('localhost', 'excludedAttributes=members', [{ op: 'replace', value: { id: GROUP_ID, displayName: 'Team' } }]));
    expect(res.status).toBe(200);
    expect(res.headers.ETag).toBe(version);
  });

  it('still answers with every member when the response does not exclude them', async () => {
    const s = big();
    const res = await s(patch('localhost', '', [{ op: 'add', path: 'members', value: [{ value: `u${MEMBERS}` }] }]));
    expect((res.body as { members: unknown[] }).members).toHaveLength(MEMBERS + 1);
  });
});
