import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROFILES } from '../../../src/server/create-server.js';
import { defaultSeed } from '../../../src/server/seed.js';
import { BULK_URN, ERROR_URN, GROUP_URN, PATCH_URN, patch, startTestServer, user, type TestServer } from './helpers.js';

let t: TestServer;
beforeEach(async () => {
  t = await startTestServer({ profile: 'mezmo', seed: defaultSeed(PROFILES.mezmo) });
});
afterEach(async () => {
  await t.close();
});

describe('mezmo profile', () => {
  it('serves under /v1/enterprise/scim only', async () => {
    expect(t.url).toMatch(/\/v1\/enterprise\/scim$/);
    const elsewhere = await fetch(t.url.replace('/v1/enterprise/scim', '/scim/v2/Users'));
    expect(elsewhere.status).toBe(404);
  });

  it('groups are the seeded child organizations: listed, read, filtered', async () => {
    const list = await t.json('GET', '/Groups');
    expect(list.body.totalResults).toBe(5);
    expect(list.body.Resources.map((g: any) => g.displayName)).toContain('Department');
    const one = await t.json('GET', '/Groups/org-department');
    expect(one.status).toBe(200);
    const byName = await t.json('GET', '/Groups?excludedAttributes=members&filter=displayName+eq+%22Department%22');
    expect(byName.body.totalResults).toBe(1);
    expect(byName.body.Resources[0].id).toBe('org-department');
    expect(byName.body.Resources[0].members).toBeUndefined();
  });

  it('POST /Groups and DELETE /Groups/{id} are 403 with a SCIM error that says why', async () => {
    const post = await t.json('POST', '/Groups', { schemas: [GROUP_URN], displayName: 'New Org', members: [] });
    expect(post.status).toBe(403);
    expect(post.body).toMatchObject({ schemas: [ERROR_URN], status: '403' });
    expect(post.body.detail).toMatch(/child organization/i);
    const del = await t.json('DELETE', '/Groups/org-department');
    expect(del.status).toBe(403);
    expect(del.body.detail).toMatch(/cannot be deleted/);
    expect((await t.json('GET', '/Groups/org-department')).status).toBe(200);
  });

  it('group creation is refused inside /Bulk too', async () => {
    const res = await t.json('POST', '/Bulk', {
      schemas: [BULK_URN],
      Operations: [{ method: 'POST', path: '/Groups', bulkId: 'g', data: { schemas: [GROUP_URN], displayName: 'Sneaky' } }],
    });
    expect(res.body.Operations[0].status).toBe('403');
  });

  it('members are added and removed', async () => {
    const u = await t.json('POST', '/Users', user('alice@example.com'));
    const add = await t.json('PATCH', '/Groups/org-production', patch({ op: 'add', path: 'members', value: [{ value: u.body.id }] }));
    expect(add.status).toBe(200);
    expect(add.body.members.map((m: any) => m.value)).toEqual([u.body.id]);
    const remove = await t.json('PATCH', '/Groups/org-production', patch({ op: 'remove', path: `members[value eq "${u.body.id}"]` }));
    expect(remove.status).toBe(200);
    expect(remove.body.members ?? []).toEqual([]);
  });

  it('renaming is 400 mutability (PATCH with path, path-less, and PUT)', async () => {
    const byPath = await t.json('PATCH', '/Groups/org-staging', patch({ op: 'Replace', path: 'displayName', value: 'Renamed' }));
    expect(byPath.status).toBe(400);
    expect(byPath.body.scimType).toBe('mutability');
    const pathless = await t.json('PATCH', '/Groups/org-staging', patch({ op: 'replace', value: { id: 'org-staging', displayName: 'Renamed' } }));
    expect(pathless.status).toBe(400);
    expect(pathless.body.scimType).toBe('mutability');
    const put = await t.json('PUT', '/Groups/org-staging', { schemas: [GROUP_URN], displayName: 'staging' });
    expect(put.status).toBe(400);
    expect(put.body.scimType).toBe('mutability');
    expect((await t.json('GET', '/Groups/org-staging')).body.displayName).toBe('Staging');
  });

  it('a replace that repeats the current name succeeds (Okta sends one after each membership change)', async () => {
    const okta = await t.json('PATCH', '/Groups/org-staging', {
      schemas: [PATCH_URN],
      Operations: [{ op: 'replace', value: { id: 'org-staging', displayName: 'Staging' } }],
    });
    expect(okta.status).toBe(200);
    expect(okta.body.displayName).toBe('Staging');
    const put = await t.json('PUT', '/Groups/org-staging', { schemas: [GROUP_URN], displayName: 'Staging', members: [] });
    expect(put.status).toBe(200);
  });

  it('userName must be an email address: 400 invalidValue on create, replace and patch', async () => {
    const bad = await t.json('POST', '/Users', user('alice'));
    expect(bad.status).toBe(400);
    expect(bad.body.scimType).toBe('invalidValue');
    expect(bad.body.detail).toMatch(/email/);
    const ok = await t.json('POST', '/Users', user('alice@example.com'));
    expect(ok.status).toBe(201);
    const put = await t.json('PUT', `/Users/${ok.body.id}`, user('alice'));
    expect(put.status).toBe(400);
    expect(put.body.scimType).toBe('invalidValue');
    const patched = await t.json('PATCH', `/Users/${ok.body.id}`, patch({ op: 'replace', path: 'userName', value: 'not an email' }));
    expect(patched.status).toBe(400);
    expect(patched.body.scimType).toBe('invalidValue');
  });

  it('accepts the aadOptscim062020 query parameter on every path', async () => {
    const flag = 'aadOptscim062020';
    const created = await t.json('POST', `/Users?${flag}`, user('bob@example.com'));
    expect(created.status).toBe(201);
    const id = created.body.id;
    const checks: [string, string, unknown, number][] = [
      ['GET', `/Users?${flag}`, undefined, 200],
      ['GET', `/Users?filter=userName+eq+%22bob%40example.com%22&${flag}`, undefined, 200],
      ['GET', `/Users/${id}?${flag}`, undefined, 200],
      ['PATCH', `/Users/${id}?${flag}`, patch({ op: 'replace', path: 'active', value: false }), 200],
      ['PUT', `/Users/${id}?${flag}`, user('bob@example.com'), 200],
      ['GET', `/Groups?${flag}`, undefined, 200],
      ['GET', `/Groups/org-department?${flag}`, undefined, 200],
      ['PATCH', `/Groups/org-department?${flag}`, patch({ op: 'add', path: 'members', value: [{ value: id }] }), 200],
      ['GET', `/ServiceProviderConfig?${flag}`, undefined, 200],
      ['GET', `/Schemas?${flag}`, undefined, 200],
      ['GET', `/ResourceTypes?${flag}`, undefined, 200],
      ['DELETE', `/Users/${id}?${flag}`, undefined, 204],
    ];
    for (const [method, path, body, status] of checks) {
      expect((await t.call(method, path, body)).status, `${method} ${path}`).toBe(status);
    }
  });
});
