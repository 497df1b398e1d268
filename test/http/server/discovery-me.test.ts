import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_URN, LIST_URN, patch, startTestServer, user, type TestServer } from './helpers.js';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('discovery (RFC 7644 §4)', () => {
  it('/ServiceProviderConfig advertises patch, bulk limits, filter, sort, etag', async () => {
    t = await startTestServer({ bulk: { maxOperations: 7, maxPayloadSize: 4096 } });
    const res = await t.json('GET', '/ServiceProviderConfig');
    expect(res.status).toBe(200);
    expect(res.body.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig']);
    expect(res.body).toMatchObject({
      patch: { supported: true },
      bulk: { supported: true, maxOperations: 7, maxPayloadSize: 4096 },
      filter: { supported: true },
      sort: { supported: true },
      etag: { supported: true },
      changePassword: { supported: false },
    });
    expect(res.body.meta.location).toBe(`${t.url}/ServiceProviderConfig`);
  });

  it('/ResourceTypes and /Schemas list, and fetch one by id', async () => {
    t = await startTestServer();
    const types = await t.json('GET', '/ResourceTypes');
    expect(types.body.schemas).toEqual([LIST_URN]);
    expect(types.body.Resources.map((r: any) => r.name).sort()).toEqual(['Group', 'User']);
    expect((await t.json('GET', '/ResourceTypes/User')).body.endpoint).toBe('/Users');
    const schemas = await t.json('GET', '/Schemas');
    expect(schemas.body.totalResults).toBe(schemas.body.Resources.length);
    const userSchema = await t.json('GET', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User');
    expect(userSchema.status).toBe(200);
    expect(userSchema.body.id).toBe('urn:ietf:params:scim:schemas:core:2.0:User');
    expect((await t.json('GET', '/Schemas/urn:ietf:params:scim:api:messages:2.0:Error')).status).toBe(404);
    expect((await t.json('GET', '/ResourceTypes/Widget')).status).toBe(404);
  });

  it('ignores paging parameters and refuses filter with 403', async () => {
    t = await startTestServer();
    const all = await t.json('GET', '/Schemas?count=1&sortBy=name');
    expect(all.body.Resources.length).toBeGreaterThan(1);
    const filtered = await t.json('GET', '/ResourceTypes?filter=name%20eq%20%22User%22');
    expect(filtered.status).toBe(403);
    expect(filtered.body.schemas).toEqual([ERROR_URN]);
  });

  it('discovery endpoints take GET only (405)', async () => {
    t = await startTestServer();
    for (const path of ['/ServiceProviderConfig', '/ResourceTypes', '/Schemas']) {
      expect((await t.json('POST', path, {})).status, path).toBe(405);
    }
  });
});

describe('/Me (RFC 7644 §3.11)', () => {
  it('without --me: 501 with a SCIM error', async () => {
    t = await startTestServer();
    const res = await t.json('GET', '/Me');
    expect(res.status).toBe(501);
    expect(res.body).toMatchObject({ schemas: [ERROR_URN], status: '501' });
  });

  it('bound to a user: GET, PATCH and PUT act on it and carry its Location', async () => {
    t = await startTestServer({ me: 'bjensen' });
    await t.json('POST', '/Users', user('other'));
    await t.json('POST', '/Users', user('bjensen'));
    const me = await t.json('GET', '/Me');
    expect(me.status).toBe(200);
    expect(me.body.id).toBe('id-2');
    expect(me.headers.get('location')).toBe(`${t.url}/Users/id-2`);
    const patched = await t.json('PATCH', '/Me', patch({ op: 'replace', path: 'nickName', value: 'Babs' }));
    expect(patched.body.nickName).toBe('Babs');
    expect(patched.headers.get('location')).toBe(me.body.meta.location);
    const put = await t.json('PUT', '/Me', user('bjensen', { title: 'Boss' }));
    expect(put.body.title).toBe('Boss');
    expect((await t.call('DELETE', '/Me')).status).toBe(204);
    const gone = await t.json('GET', '/Me');
    expect(gone.status).toBe(404);
    expect(gone.body.detail).toContain('bjensen');
  });
});
