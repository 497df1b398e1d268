import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_URN, GROUP_URN, PATCH_URN, USER_URN, group, patch, startTestServer, user, type TestServer } from './helpers.js';
import { parseAttributeList, projectResource } from '../../../src/core/projection.js';
import { defaultRegistry } from '../../../src/core/schema/schema-registry.js';

let t: TestServer;
beforeEach(async () => {
  t = await startTestServer();
});
afterEach(async () => {
  await t.close();
});

describe('Users', () => {
  it('POST creates: 201, server id and meta, Location equal to meta.location, ETag equal to meta.version', async () => {
    const res = await t.json('POST', '/Users', user('bjensen', { id: 'client-id', groups: [{ value: 'g' }], name: { givenName: 'Barbara' } }));
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/scim+json; charset=utf-8');
    expect(res.body.id).toBe('id-1');
    expect(res.body.groups).toBeUndefined();
    expect(res.body.meta).toEqual({
      resourceType: 'User',
      created: '2026-01-01T00:00:01.000Z',
      lastModified: '2026-01-01T00:00:01.000Z',
      location: `${t.url}/Users/id-1`,
      version: 'W/"1"',
    });
    expect(res.headers.get('location')).toBe(res.body.meta.location);
    expect(res.headers.get('etag')).toBe(res.body.meta.version);
    expect(res.body.schemas).toContain(USER_URN);
    expect(res.body.name).toEqual({ givenName: 'Barbara' });
  });

  it('GET by id returns the stored user; unknown id is 404 with a SCIM error', async () => {
    await t.json('POST', '/Users', user('bjensen'));
    const found = await t.json('GET', '/Users/id-1');
    expect(found.status).toBe(200);
    expect(found.body.userName).toBe('bjensen');
    expect(found.headers.get('etag')).toBe('W/"1"');
    const missing = await t.json('GET', '/Users/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ schemas: [ERROR_URN], status: '404' });
  });

  it('userName is unique case-insensitively: 409 uniqueness on create and on replace', async () => {
    await t.json('POST', '/Users', user('bjensen'));
    const dup = await t.json('POST', '/Users', user('BJensen'));
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ schemas: [ERROR_URN], status: '409', scimType: 'uniqueness' });
    await t.json('POST', '/Users', user('other'));
    const put = await t.json('PUT', '/Users/id-2', user('BJENSEN'));
    expect(put.status).toBe(409);
    expect(put.body.scimType).toBe('uniqueness');
  });

  it('userName is compared after PRECIS preparation: full width, case and NFD all collide (P-5-01, P-7.8-01)', async () => {
    await t.json('POST', '/Users', user('bjensen'));
    const wide = await t.json('POST', '/Users', user('\uFF42\uFF4A\uFF45\uFF4E\uFF53\uFF45\uFF4E')); // ｂｊｅｎｓｅｎ
    expect(wide.status).toBe(409);
    expect(wide.body.scimType).toBe('uniqueness');
    const found = await t.json('GET', `/Users?filter=${encodeURIComponent('userName eq "\uFF22\uFF2A\uFF25\uFF2E\uFF33\uFF25\uFF2E"')}`);
    expect(found.body.totalResults).toBe(1);
    await t.json('POST', '/Users', user('Jos\u00E9'));
    const nfd = await t.json('POST', '/Users', user('Jose\u0301'));
    expect(nfd.status).toBe(409);
    // A different name is still a different name.
    expect((await t.json('POST', '/Users', user('bjensen2'))).status).toBe(201);
  });

  it('a missing userName is 400 invalidValue', async () => {
    const res = await t.json('POST', '/Users', { schemas: [USER_URN] });
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('invalidValue');
  });

  it('PUT replaces, bumps version and lastModified; PUT never creates (404)', async () => {
    await t.json('POST', '/Users', user('bjensen', { title: 'Engineer' }));
    const res = await t.json('PUT', '/Users/id-1', user('bjensen', { displayName: 'Babs' }));
    expect(res.status).toBe(200);
    expect(res.body.displayName).toBe('Babs');
    expect(res.body.title).toBeUndefined();
    expect(res.body.meta.version).not.toBe('W/"1"');
    expect(res.body.meta.lastModified).not.toBe(res.body.meta.created);
    const absent = await t.json('PUT', '/Users/nope', user('x'));
    expect(absent.status).toBe(404);
    const list = await t.json('GET', '/Users');
    expect(list.body.totalResults).toBe(1);
  });

  it('PATCH answers 200 with the patched user', async () => {
    await t.json('POST', '/Users', user('bjensen'));
    const res = await t.json('PATCH', '/Users/id-1', patch({ op: 'replace', path: 'active', value: false }));
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    expect(res.headers.get('etag')).toBe(res.body.meta.version);
  });

  it('an invalid PATCH is refused and changes nothing', async () => {
    await t.json('POST', '/Users', user('bjensen'));
    const res = await t.json('PATCH', '/Users/id-1', patch({ op: 'replace', path: 'emails[type eq', value: 'x' }));
    expect(res.status).toBe(400);
    expect(res.body.schemas).toEqual([ERROR_URN]);
    const after = await t.json('GET', '/Users/id-1');
    expect(after.body.meta.version).toBe('W/"1"');
  });

  it('DELETE answers 204 with no body; afterwards the user is gone and its userName free', async () => {
    await t.json('POST', '/Users', user('bjensen'));
    const del = await t.call('DELETE', '/Users/id-1');
    expect(del.status).toBe(204);
    expect(await del.text()).toBe('');
    expect((await t.json('GET', '/Users/id-1')).status).toBe(404);
    expect((await t.json('DELETE', '/Users/id-1')).status).toBe(404);
    expect((await t.json('POST', '/Users', user('bjensen'))).status).toBe(201);
  });
});

describe('Groups and membership', () => {
  it('POST /Groups with members; the user shows the group in its derived groups', async () => {
    await t.json('POST', '/Users', user('alice', { displayName: 'Alice' }));
    const g = await t.json('POST', '/Groups', group('Engineering', { members: [{ value: 'id-1', display: 'ignored' }] }));
    expect(g.status).toBe(201);
    expect(g.body.schemas).toContain(GROUP_URN);
    expect(g.body.members).toEqual([{ value: 'id-1', $ref: `${t.url}/Users/id-1`, type: 'User', display: 'Alice' }]);
    expect(g.body.meta.resourceType).toBe('Group');
    const u = await t.json('GET', '/Users/id-1');
    expect(u.body.groups).toEqual([
      { value: 'id-2', $ref: `${t.url}/Groups/id-2`, type: 'direct', display: 'Engineering' },
    ]);
  });

  it('Group displayName is unique (409 uniqueness), case-insensitively', async () => {
    await t.json('POST', '/Groups', group('Engineering'));
    const dup = await t.json('POST', '/Groups', group('engineering'));
    expect(dup.status).toBe(409);
    expect(dup.body.scimType).toBe('uniqueness');
  });

  it('a member that does not exist is 400 invalidValue', async () => {
    const res = await t.json('POST', '/Groups', group('Engineering', { members: [{ value: 'ghost' }] }));
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('invalidValue');
  });

  it('User.groups is readOnly: a client value is ignored on create and replace', async () => {
    await t.json('POST', '/Groups', group('Engineering'));
    const created = await t.json('POST', '/Users', user('alice', { groups: [{ value: 'id-1' }] }));
    expect(created.body.groups).toBeUndefined();
    const replaced = await t.json('PUT', '/Users/id-2', user('alice', { groups: [{ value: 'id-1' }] }));
    expect(replaced.body.groups).toBeUndefined();
  });

  it('a deleted user leaves every group, and those groups get a new version', async () => {
    await t.json('POST', '/Users', user('alice'));
    await t.json('POST', '/Users', user('bob'));
    const g1 = await t.json('POST', '/Groups', group('One', { members: [{ value: 'id-1' }, { value: 'id-2' }] }));
    await t.json('POST', '/Groups', group('Two', { members: [{ value: 'id-1' }] }));
    await t.call('DELETE', '/Users/id-1');
    const one = await t.json('GET', '/Groups/id-3');
    const two = await t.json('GET', '/Groups/id-4');
    expect(one.body.members.map((m: { value: string }) => m.value)).toEqual(['id-2']);
    expect(two.body.members ?? []).toEqual([]);
    expect(one.body.meta.version).not.toBe(g1.body.meta.version);
  });

  it('PATCH add and remove members keeps both directions consistent', async () => {
    await t.json('POST', '/Users', user('alice'));
    await t.json('POST', '/Groups', group('Engineering'));
    const added = await t.json('PATCH', '/Groups/id-2', patch({ op: 'add', path: 'members', value: [{ value: 'id-1' }] }));
    expect(added.status).toBe(200);
    expect((await t.json('GET', '/Users/id-1')).body.groups).toHaveLength(1);
    await t.json('PATCH', '/Groups/id-2', patch({ op: 'remove', path: 'members[value eq "id-1"]' }));
    expect((await t.json('GET', '/Users/id-1')).body.groups).toBeUndefined();
  });

  it('excludedAttributes=members leaves members out of group responses', async () => {
    await t.json('POST', '/Users', user('alice'));
    await t.json('POST', '/Groups', group('Engineering', { members: [{ value: 'id-1' }] }));
    const one = await t.json('GET', '/Groups/id-2?excludedAttributes=members');
    expect(one.body.members).toBeUndefined();
    expect(one.body.displayName).toBe('Engineering');
    const list = await t.json('GET', '/Groups?excludedAttributes=members');
    expect(list.body.Resources[0].members).toBeUndefined();
  });

  it('nested groups show up as indirect memberships, cycles included', async () => {
    await t.json('POST', '/Users', user('alice'));
    await t.json('POST', '/Groups', group('Inner', { members: [{ value: 'id-1' }] }));
    await t.json('POST', '/Groups', group('Outer', { members: [{ value: 'id-2' }] }));
    await t.json('PATCH', '/Groups/id-2', patch({ op: 'add', path: 'members', value: [{ value: 'id-3' }] }));
    const u = await t.json('GET', '/Users/id-1');
    expect(u.body.groups.map((g: any) => [g.display, g.type])).toEqual([
      ['Inner', 'direct'],
      ['Outer', 'indirect'],
    ]);
    const outer = await t.json('GET', '/Groups/id-3');
    expect(outer.body.members).toEqual([{ value: 'id-2', $ref: `${t.url}/Groups/id-2`, type: 'Group', display: 'Inner' }]);
  });

  it('a deleted group disappears from its members’ groups', async () => {
    await t.json('POST', '/Users', user('alice'));
    await t.json('POST', '/Groups', group('Engineering', { members: [{ value: 'id-1' }] }));
    expect((await t.call('DELETE', '/Groups/id-2')).status).toBe(204);
    expect((await t.json('GET', '/Users/id-1')).body.groups).toBeUndefined();
  });
});

describe('projection on writes', () => {
  it('bad attributes/excludedAttributes are refused before the write happens', async () => {
    const res = await t.json('POST', '/Users?attributes=userName&excludedAttributes=title', user('alice'));
    expect(res.status).toBe(400);
    expect((await t.json('GET', '/Users')).body.totalResults).toBe(0);
    const ok = await t.json('POST', '/Users?attributes=userName', user('alice', { title: 'T' }));
    expect(ok.status).toBe(201);
    expect(ok.body.title).toBeUndefined();
    expect(ok.body.userName).toBe('alice');
  });

  // RFC 7644 §3.9: attributes / excludedAttributes apply to every response that carries a resource.
  it('POST, PUT and PATCH answer with the projection asked for, users and groups alike', async () => {
    const created = await t.json('POST', '/Users?excludedAttributes=title,emails', user('alice', { title: 'T' }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'id-1', userName: 'alice' });
    expect(created.body).not.toHaveProperty('title');
    const put = await t.json('PUT', '/Users/id-1?attributes=title', user('alice', { title: 'U' }));
    expect(put.status).toBe(200);
    expect(Object.keys(put.body).sort()).toEqual(['id', 'schemas', 'title']);
    const patched = await t.json('PATCH', '/Users/id-1?attributes=userName', { schemas: [PATCH_URN], Operations: [{ op: 'replace', path: 'title', value: 'V' }] });
    expect(patched.status).toBe(200);
    expect(Object.keys(patched.body).sort()).toEqual(['id', 'schemas', 'userName']);
    expect((await t.json('GET', '/Users/id-1')).body.title).toBe('V');

    const g = await t.json('POST', '/Groups?excludedAttributes=members', group('Eng', { members: [{ value: 'id-1' }] }));
    expect(g.status).toBe(201);
    expect(g.body).toMatchObject({ id: 'id-2', displayName: 'Eng' });
    expect(g.body).not.toHaveProperty('members');
    const gp = await t.json('PUT', '/Groups/id-2?attributes=members.value', group('Eng', { members: [{ value: 'id-1' }] }));
    expect(gp.body.members).toEqual([{ value: 'id-1' }]);
    expect(gp.body).not.toHaveProperty('displayName');
    const gpatch = await t.json('PATCH', '/Groups/id-2?attributes=displayName', {
      schemas: [PATCH_URN],
      Operations: [{ op: 'replace', value: { id: 'id-2', displayName: 'Eng 2' } }],
    });
    expect(gpatch.status).toBe(200);
    expect(Object.keys(gpatch.body).sort()).toEqual(['displayName', 'id', 'schemas']);
    expect((await t.json('GET', '/Groups/id-2')).body.members).toHaveLength(1);
  });

  it('a group rendered without members (because the projection drops them) answers as projecting the full group would', async () => {
    await t.json('POST', '/Users', user('alice'));
    await t.json('POST', '/Groups', group('Eng', { members: [{ value: 'id-1' }] }));
    const queries = [
      'excludedAttributes=members',
      'excludedAttributes=MEMBERS,displayName',
      `excludedAttributes=${GROUP_URN}:members`,
      'attributes=displayName',
      'attributes=members',
      'attributes=Members.display',
      'excludedAttributes=members.display',
      'attributes=',
    ];
    for (const query of queries) {
      const full = await t.json('GET', '/Groups/id-2');
      const asked = await t.json('GET', `/Groups/id-2?${query}`);
      const expected = projectResource(defaultRegistry, 'Group', full.body, {
        attributes: new URLSearchParams(query).has('attributes') ? parseAttributeList(new URLSearchParams(query).get('attributes') ?? '') : undefined,
        excludedAttributes: new URLSearchParams(query).has('excludedAttributes') ? parseAttributeList(new URLSearchParams(query).get('excludedAttributes') ?? '') : undefined,
      });
      expect([query, asked.body]).toEqual([query, expected]);
    }
  });
});
