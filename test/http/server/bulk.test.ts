import { afterEach, describe, expect, it } from 'vitest';
import { BULK_URN, GROUP_URN, PATCH_URN, USER_URN, startTestServer, type TestServer } from './helpers.js';

const BULK_RESPONSE_URN = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

function bulk(operations: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { schemas: [BULK_URN], Operations: operations, ...extra };
}
const postUser = (bulkId: string, userName: string, extra: Record<string, unknown> = {}) => ({
  method: 'POST',
  path: '/Users',
  bulkId,
  data: { schemas: [USER_URN], userName, ...extra },
});
const postGroup = (bulkId: string, displayName: string, members: string[]) => ({
  method: 'POST',
  path: '/Groups',
  bulkId,
  data: { schemas: [GROUP_URN], displayName, members: members.map((value) => ({ value })) },
});

async function groupByName(server: TestServer, name: string): Promise<any> {
  const res = await server.json('GET', `/Groups?filter=displayName%20eq%20%22${encodeURIComponent(name)}%22`);
  return res.body.Resources[0];
}

describe('POST /Bulk (RFC 7644 §3.7)', () => {
  it('creates users and a group referring to them, with the group first (forward references)', async () => {
    t = await startTestServer();
    const res = await t.json('POST', '/Bulk', bulk([postGroup('g', 'Team', ['bulkId:a', 'bulkId:b']), postUser('a', 'alice'), postUser('b', 'bob')]));
    expect(res.status).toBe(200);
    expect(res.body.schemas).toEqual([BULK_RESPONSE_URN]);
    expect(res.body.failOnErrors).toBeUndefined();
    expect(res.body.Operations.map((o: any) => [o.bulkId, o.status])).toEqual([
      ['a', '201'],
      ['b', '201'],
      ['g', '201'],
    ]);
    for (const op of res.body.Operations) expect(op.location).toMatch(new RegExp(`^${t.url}/(Users|Groups)/`));
    const team = await groupByName(t, 'Team');
    const ids = res.body.Operations.filter((o: any) => o.bulkId !== 'g').map((o: any) => o.location.split('/').pop());
    expect(team.members.map((m: any) => m.value).sort()).toEqual(ids.sort());
    expect(JSON.stringify(team)).not.toContain('bulkId:');
  });

  it('resolves the same graph in request order (users first)', async () => {
    t = await startTestServer();
    const res = await t.json('POST', '/Bulk', bulk([postUser('a', 'alice'), postGroup('g', 'Team', ['bulkId:a'])]));
    expect(res.body.Operations.map((o: any) => o.status)).toEqual(['201', '201']);
    expect((await groupByName(t, 'Team')).members).toHaveLength(1);
  });

  it('substitutes bulkIds inside extensions (manager.value)', async () => {
    t = await startTestServer();
    const ext = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    const res = await t.json(
      'POST',
      '/Bulk',
      bulk([postUser('e', 'employee', { schemas: [USER_URN, ext], [ext]: { manager: { value: 'bulkId:m' } } }), postUser('m', 'manager')]),
    );
    expect(res.body.Operations.map((o: any) => o.status)).toEqual(['201', '201']);
    const managerId = res.body.Operations.find((o: any) => o.bulkId === 'm').location.split('/').pop();
    const emp = await t.json('GET', '/Users?filter=userName%20eq%20%22employee%22');
    expect(emp.body.Resources[0][ext].manager.value).toBe(managerId);
  });

  it('circular references (§3.7.1): two groups that contain each other are both created', async () => {
    t = await startTestServer();
    const res = await t.json('POST', '/Bulk', bulk([postGroup('x', 'GroupX', ['bulkId:y']), postGroup('y', 'GroupY', ['bulkId:x'])]));
    expect(res.body.Operations.map((o: any) => o.status)).toEqual(['201', '201']);
    const x = await groupByName(t, 'GroupX');
    const y = await groupByName(t, 'GroupY');
    expect(x.members.map((m: any) => m.value)).toEqual([y.id]);
    expect(y.members.map((m: any) => m.value)).toEqual([x.id]);
    const xResult = res.body.Operations.find((o: any) => o.bulkId === 'x');
    expect(xResult.version).toBe(x.meta.version);
  });

  it('an unknown bulkId fails that operation (409) without stopping the others', async () => {
    t = await startTestServer();
    const res = await t.json('POST', '/Bulk', bulk([postGroup('g', 'Team', ['bulkId:nope']), postUser('a', 'alice')]));
    const byId = Object.fromEntries(res.body.Operations.map((o: any) => [o.bulkId, o]));
    expect(byId.a.status).toBe('201');
    expect(byId.g.status).toBe('409');
    expect(byId.g.response).toMatchObject({ status: '409', schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'] });
    expect(byId.g.location).toBeUndefined();
  });

  it('without failOnErrors every operation runs; errors carry a SCIM error response', async () => {
    t = await startTestServer();
    const res = await t.json('POST', '/Bulk', bulk([postUser('a', 'alice'), postUser('b', 'ALICE'), postUser('c', 'carol')]));
    expect(res.body.Operations.map((o: any) => o.status)).toEqual(['201', '409', '201']);
    expect(res.body.Operations[1].response.scimType).toBe('uniqueness');
  });

  it('failOnErrors stops after that many errors', async () => {
    t = await startTestServer();
    const res = await t.json(
      'POST',
      '/Bulk',
      bulk([postUser('a', 'alice'), postUser('b', 'alice'), postUser('c', 'carol')], { failOnErrors: 1 }),
    );
    expect(res.body.Operations.map((o: any) => o.status)).toEqual(['201', '409']);
    expect((await t.json('GET', '/Users?filter=userName%20eq%20%22carol%22')).body.totalResults).toBe(0);
  });

  it('PUT, PATCH and DELETE operations, with a version precondition', async () => {
    t = await startTestServer();
    const made = await t.json('POST', '/Users', { schemas: [USER_URN], userName: 'alice' });
    const id = made.body.id;
    const res = await t.json(
      'POST',
      '/Bulk',
      bulk([
        { method: 'PUT', path: `/Users/${id}`, data: { schemas: [USER_URN], userName: 'alice', title: 'T' } },
        { method: 'PATCH', path: `/Users/${id}`, version: 'W/"1"', data: { schemas: [PATCH_URN], Operations: [{ op: 'replace', path: 'title', value: 'U' }] } },
        { method: 'PATCH', path: `/Users/${id}`, data: { schemas: [PATCH_URN], Operations: [{ op: 'replace', path: 'title', value: 'V' }] } },
        { method: 'DELETE', path: `/Users/${id}` },
        { method: 'GET', path: `/Users/${id}` },
      ]),
    );
    expect(res.body.Operations.map((o: any) => o.status)).toEqual(['200', '412', '200', '204', '400']);
    expect(res.body.Operations[3].location).toBe(`${t.url}/Users/${id}`);
    expect((await t.json('GET', `/Users/${id}`)).status).toBe(404);
  });

  it('a PATCH can target a resource created earlier in the request by bulkId', async () => {
    t = await startTestServer();
    const res = await t.json(
      'POST',
      '/Bulk',
      bulk([
        { method: 'PATCH', path: '/Users/bulkId:a', data: { schemas: [PATCH_URN], Operations: [{ op: 'add', path: 'title', value: 'Lead' }] } },
        postUser('a', 'alice'),
      ]),
    );
    expect(res.body.Operations.map((o: any) => o.status)).toEqual(['201', '200']);
    expect((await t.json('GET', '/Users?filter=title%20eq%20%22Lead%22')).body.totalResults).toBe(1);
  });

  it('maxOperations and maxPayloadSize are advertised and enforced with 413 naming the limit', async () => {
    t = await startTestServer({ bulk: { maxOperations: 2, maxPayloadSize: 600 } });
    const tooMany = await t.json('POST', '/Bulk', bulk([postUser('a', 'a'), postUser('b', 'b'), postUser('c', 'c')]));
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.detail).toContain('maxOperations');
    const tooBig = await t.json('POST', '/Bulk', bulk([postUser('a', 'a', { displayName: 'x'.repeat(700) })]));
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.detail).toContain('maxPayloadSize');
    expect((await t.json('GET', '/Users')).body.totalResults).toBe(0);
  });

  it('refuses a malformed bulk request as a whole (400 invalidSyntax)', async () => {
    t = await startTestServer();
    expect((await t.json('POST', '/Bulk', { Operations: [] })).body.scimType).toBe('invalidSyntax');
    expect((await t.json('POST', '/Bulk', { schemas: [BULK_URN] })).body.scimType).toBe('invalidSyntax');
    expect((await t.json('POST', '/Bulk', bulk([], { failOnErrors: 'x' }))).status).toBe(400);
  });

  it('a POST operation without bulkId, and duplicate bulkIds, fail those operations', async () => {
    t = await startTestServer();
    const res = await t.json(
      'POST',
      '/Bulk',
      bulk([{ method: 'POST', path: '/Users', data: { schemas: [USER_URN], userName: 'a' } }, postUser('d', 'b'), postUser('d', 'c')]),
    );
    expect(res.body.Operations.map((o: any) => o.status)).toEqual(['400', '201', '400']);
  });
});
