import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { group, patch, startTestServer, user, type TestServer } from './helpers.js';

let t: TestServer;
beforeEach(async () => {
  t = await startTestServer();
  await t.json('POST', '/Users', user('bjensen'));
});
afterEach(async () => {
  await t.close();
});

describe('ETags (RFC 7644 §3.14)', () => {
  it('GET with If-None-Match of the current version is 304 with no body; a stale one returns the resource', async () => {
    const first = await t.json('GET', '/Users/id-1');
    const etag = first.headers.get('etag') as string;
    expect(etag).toMatch(/^W\/".+"$/);
    const same = await t.call('GET', '/Users/id-1', undefined, { 'if-none-match': etag });
    expect(same.status).toBe(304);
    expect(await same.text()).toBe('');
    await t.json('PATCH', '/Users/id-1', patch({ op: 'replace', path: 'displayName', value: 'B' }));
    const changed = await t.json('GET', '/Users/id-1', undefined, { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('If-Match with a stale version is 412 on PUT, PATCH and DELETE, and nothing changes', async () => {
    const stale = 'W/"999"';
    const put = await t.json('PUT', '/Users/id-1', user('bjensen', { displayName: 'X' }), { 'if-match': stale });
    expect(put.status).toBe(412);
    expect(put.body).toMatchObject({ status: '412' });
    expect((await t.json('PATCH', '/Users/id-1', patch({ op: 'replace', path: 'displayName', value: 'X' }), { 'if-match': stale })).status).toBe(412);
    expect((await t.json('DELETE', '/Users/id-1', undefined, { 'if-match': stale })).status).toBe(412);
    const after = await t.json('GET', '/Users/id-1');
    expect(after.body.displayName).toBeUndefined();
    expect(after.body.meta.version).toBe('W/"1"');
  });

  it('If-Match with the current version (weak or strong form) or * proceeds', async () => {
    const ok = await t.json('PATCH', '/Users/id-1', patch({ op: 'replace', path: 'displayName', value: 'X' }), { 'if-match': 'W/"1"' });
    expect(ok.status).toBe(200);
    const v = ok.body.meta.version as string;
    const strongForm = v.replace(/^W\//, '');
    expect((await t.json('PUT', '/Users/id-1', user('bjensen'), { 'if-match': strongForm })).status).toBe(200);
    expect((await t.json('PUT', '/Users/id-1', user('bjensen', { title: 'T' }), { 'if-match': '*' })).status).toBe(200);
    expect((await t.call('DELETE', '/Users/id-1', undefined, { 'if-match': '*' })).status).toBe(204);
  });

  it('the version changes with every change and not on a no-op', async () => {
    const before = (await t.json('GET', '/Users/id-1')).body.meta.version;
    const noop = await t.json('PUT', '/Users/id-1', user('bjensen'));
    expect(noop.body.meta.version).toBe(before);
    const change = await t.json('PUT', '/Users/id-1', user('bjensen', { title: 'CTO' }));
    expect(change.body.meta.version).not.toBe(before);
  });

  it('a group’s version changes when a member is added', async () => {
    const g = await t.json('POST', '/Groups', group('G'));
    const added = await t.json('PATCH', '/Groups/id-2', patch({ op: 'add', path: 'members', value: [{ value: 'id-1' }] }));
    expect(added.headers.get('etag')).not.toBe(g.headers.get('etag'));
  });
});
