/**
 * Each Okta and Entra request form from /work/shared/reference (okta.md,
 * entra.md), sent with the headers the IdP sends, checked for what the IdP
 * needs from the answer.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENTERPRISE_URN, GROUP_URN, LIST_URN, PATCH_URN, USER_URN, startTestServer, type TestServer } from './helpers.js';

const TOKEN = 'idp-secret-token';

// okta.md §1 "Request headers Okta sends" (MOCK capture) and §12.
const OKTA = {
  accept: 'application/scim+json',
  'accept-charset': 'utf-8',
  'accept-encoding': 'gzip,deflate',
  authorization: `Bearer ${TOKEN}`,
  'user-agent': 'Okta SCIM Client 1.0.0',
};
const OKTA_BODY = { ...OKTA, 'content-type': 'application/scim+json; charset=utf-8' };
// entra.md §5: Bearer token; no Accept on GETs; bodies as application/scim+json; charset=utf-8.
const ENTRA = { authorization: `Bearer ${TOKEN}` };
const ENTRA_BODY = { ...ENTRA, 'content-type': 'application/scim+json; charset=utf-8' };

let t: TestServer;
afterEach(async () => {
  await t.close();
});

async function send(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
}

function expectEmptyList(body: any): void {
  expect(body.schemas).toEqual([LIST_URN]);
  expect(body.totalResults).toBe(0);
  expect(Number.isInteger(body.startIndex)).toBe(true);
  expect(Number.isInteger(body.itemsPerPage)).toBe(true);
  expect(body.Resources).toEqual([]);
}

describe('Okta', () => {
  beforeEach(async () => {
    t = await startTestServer({ token: TOKEN });
  });

  const oktaUser = {
    schemas: [USER_URN],
    userName: 'test.user@okta.local',
    name: { givenName: 'Test', familyName: 'User' },
    emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
    displayName: 'Test User',
    locale: 'en-US',
    externalId: '00ujl29u0le5T6Aj10h7',
    groups: [],
    password: '1mz050nq',
    active: true,
  };

  it('test connection GET /Users?startIndex=1&count=2: a ListResponse with Resources and integer counts', async () => {
    const res = await send('GET', '/Users?startIndex=1&count=2', OKTA);
    expect(res.status).toBe(200);
    expectEmptyList(res.body);
  });

  it('wrong token: 401 with detail and status "401"', async () => {
    const res = await send('GET', '/Users?filter=userName%20eq%20%22x%22', { ...OKTA, authorization: 'non-token' });
    expect(res.status).toBe(401);
    expect(res.body.status).toBe('401');
    expect(res.body.detail).toBeTruthy();
  });

  it('lookup with %20 encoding, create, then lookup again (also in upper case)', async () => {
    const lookup = '/Users?filter=userName%20eq%20%22test.user%40okta.local%22&startIndex=1&count=100';
    expectEmptyList((await send('GET', lookup, OKTA)).body);
    const created = await send('POST', '/Users', OKTA_BODY, oktaUser);
    expect(created.status).toBe(201);
    expect(created.body.id).toEqual(expect.any(String));
    expect(created.body.meta.resourceType).toBe('User');
    expect(created.body.password).toBeUndefined();
    expect(created.body.active).toBe(true);
    const found = await send('GET', lookup, OKTA);
    expect(found.body.totalResults).toBe(1);
    expect(found.body.itemsPerPage).toBe(1);
    expect(found.body.Resources[0].id).toBe(created.body.id);
    const caps = await send('GET', '/Users?filter=userName%20eq%20%22TEST.USER%40OKTA.LOCAL%22', OKTA);
    expect(caps.status).toBe(200);
    expect(caps.body.totalResults).toBe(1);
    const again = await send('POST', '/Users', OKTA_BODY, oktaUser);
    expect(again.status).toBe(409);
  });

  it('lookup with + encoding (LEGACY form)', async () => {
    await send('POST', '/Users', OKTA_BODY, { ...oktaUser, userName: 'jane.doe@example.com' });
    const res = await send('GET', '/Users?filter=userName+eq+%22jane.doe%40example.com%22&startIndex=1&count=100', OKTA);
    expect(res.body.totalResults).toBe(1);
  });

  it('PUT echoing the GET representation (id, meta, server fields) plus a change: 200 with the change', async () => {
    const created = await send('POST', '/Users', OKTA_BODY, oktaUser);
    const read = await send('GET', `/Users/${created.body.id}`, OKTA);
    const echoed = { ...read.body, name: { ...read.body.name, givenName: 'Alicia' }, password: 'TkdFNVdIVkxhM2c9' };
    const put = await send('PUT', `/Users/${created.body.id}`, OKTA_BODY, echoed);
    expect(put.status).toBe(200);
    expect(put.body.name.givenName).toBe('Alicia');
    expect(put.body.id).toBe(created.body.id);
    expect(put.body.meta.created).toBe(read.body.meta.created);
    expect(put.body.password).toBeUndefined();
  });

  it('deactivate with a path-less replace {active:false}: 200 with active false', async () => {
    const created = await send('POST', '/Users', OKTA_BODY, oktaUser);
    const res = await send('PATCH', `/Users/${created.body.id}`, OKTA_BODY, {
      schemas: [PATCH_URN],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    // A deactivated user is still returned by id and by filter.
    const lookup = await send('GET', '/Users?filter=userName%20eq%20%22test.user%40okta.local%22', OKTA);
    expect(lookup.body.Resources[0].active).toBe(false);
  });

  it('group push: lookup, create, add members with display, then the {id, displayName} replace; remove by filter', async () => {
    const u = await send('POST', '/Users', OKTA_BODY, oktaUser);
    const lookup = await send('GET', '/Groups?filter=displayName%20eq%20%22Test%20SCIMv2%22&startIndex=1&count=100', OKTA);
    expectEmptyList(lookup.body);
    const g = await send('POST', '/Groups', OKTA_BODY, { schemas: [GROUP_URN], displayName: 'Test SCIMv2', members: [] });
    expect(g.status).toBe(201);
    expect(g.body.meta.resourceType).toBe('Group');
    const add = await send('PATCH', `/Groups/${g.body.id}`, OKTA_BODY, {
      schemas: [PATCH_URN],
      Operations: [{ op: 'add', path: 'members', value: [{ value: u.body.id, display: 'test.user@okta.local' }] }],
    });
    expect(add.status).toBe(200);
    expect(add.body.members.map((m: any) => m.value)).toEqual([u.body.id]);
    const rename = await send('PATCH', `/Groups/${g.body.id}`, OKTA_BODY, {
      schemas: [PATCH_URN],
      Operations: [{ op: 'replace', value: { id: g.body.id, displayName: 'Test SCIMv2' } }],
    });
    expect(rename.status).toBe(200);
    expect(rename.body.members).toHaveLength(1);
    const remove = await send('PATCH', `/Groups/${g.body.id}`, OKTA_BODY, {
      schemas: [PATCH_URN],
      Operations: [{ op: 'remove', path: `members[value eq "${u.body.id}"]` }],
    });
    expect(remove.status).toBe(200);
    expect(remove.body.members ?? []).toEqual([]);
  });
});

describe('Okta forms in strict mode', () => {
  beforeEach(async () => {
    t = await startTestServer({ token: TOKEN, strict: true });
  });

  it('the {id, displayName} path-less replace repeats the readOnly id: refused (tolerance pathless-replace-repeats-id off)', async () => {
    const g = await send('POST', '/Groups', OKTA_BODY, { schemas: [GROUP_URN], displayName: 'Team' });
    const res = await send('PATCH', `/Groups/${g.body.id}`, OKTA_BODY, {
      schemas: [PATCH_URN],
      Operations: [{ op: 'replace', value: { id: g.body.id, displayName: 'Team' } }],
    });
    expect(res.status).toBe(400);
    const plain = await send('PATCH', `/Groups/${g.body.id}`, OKTA_BODY, {
      schemas: [PATCH_URN],
      Operations: [{ op: 'replace', value: { displayName: 'Team 2' } }],
    });
    expect(plain.status).toBe(200);
  });

  it('path-less values keyed by attribute paths are refused (tolerance pathless-path-keys off)', async () => {
    const u = await send('POST', '/Users', OKTA_BODY, { schemas: [USER_URN], userName: 'a@example.com' });
    const res = await send('PATCH', `/Users/${u.body.id}`, OKTA_BODY, {
      schemas: [PATCH_URN],
      Operations: [{ op: 'replace', value: { 'name.givenName': 'A' } }],
    });
    expect(res.status).toBe(400);
    expect((await send('GET', `/Users/${u.body.id}`, OKTA)).body.name).toBeUndefined();
  });
});

describe('Entra', () => {
  const b1 = (nick: string) => ({
    schemas: [USER_URN, ENTERPRISE_URN],
    externalId: nick,
    userName: `${nick}@contoso.com`,
    active: true,
    displayName: `${nick} Jones`,
    emails: [{ primary: true, type: 'work', value: `${nick}@contoso.com` }],
    meta: { resourceType: 'User' },
    name: { formatted: `${nick} Jones`, familyName: 'Jones', givenName: nick },
    [ENTERPRISE_URN]: { employeeNumber: '1001', department: 'R&D' },
    roles: [],
  });

  async function setup(strict = false): Promise<{ alice: string; bob: string; group: string }> {
    t = await startTestServer({ token: TOKEN, strict });
    const alice = (await send('POST', '/Users', ENTRA_BODY, b1('alice'))).body.id;
    const bob = (await send('POST', '/Users', ENTRA_BODY, b1('bob'))).body.id;
    const group = (await send('POST', '/Groups', ENTRA_BODY, { schemas: [GROUP_URN], displayName: 'Engineering' })).body.id;
    return { alice, bob, group };
  }

  const patchOps = (...ops: unknown[]) => ({ schemas: [PATCH_URN], Operations: ops });

  it('test connection: a random-GUID userName lookup, + encoded, no Accept → 200 empty ListResponse', async () => {
    t = await startTestServer({ token: TOKEN });
    const guid = crypto.randomUUID();
    const res = await send('GET', `/Users?filter=userName+eq+%22${guid}%22`, ENTRA);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/scim+json; charset=utf-8');
    expectEmptyList(res.body);
  });

  it('create (B1, with meta.resourceType and roles:[]) → 201 with id; lookup with + encoding finds it', async () => {
    t = await startTestServer({ token: TOKEN });
    const created = await send('POST', '/Users', ENTRA_BODY, b1('alice'));
    expect(created.status).toBe(201);
    expect(created.body.id).toEqual(expect.any(String));
    expect(created.body[ENTERPRISE_URN].department).toBe('R&D');
    const res = await send('GET', '/Users?filter=userName+eq+%22alice%40contoso.com%22', ENTRA);
    expect(res.body.totalResults).toBe(1);
    expect(res.body.Resources[0].id).toBe(created.body.id);
  });

  it('group lookup with excludedAttributes=members answers without members', async () => {
    const { alice, group } = await setup();
    await send('PATCH', `/Groups/${group}`, ENTRA_BODY, patchOps({ op: 'Add', path: 'members', value: [{ value: alice }] }));
    const res = await send('GET', '/Groups?excludedAttributes=members&filter=displayName+eq+%22Engineering%22', ENTRA);
    expect(res.body.totalResults).toBe(1);
    expect(res.body.Resources[0].members).toBeUndefined();
  });

  it.each([
    ['default: Replace with "False"', { op: 'Replace', path: 'active', value: 'False' }],
    ['flag: replace with false', { op: 'replace', path: 'active', value: false }],
    ['docs: Replace with false', { op: 'Replace', path: 'active', value: false }],
  ])('disable, %s → 200 with active false; re-enable with "True"', async (_label, op) => {
    const { bob } = await setup();
    const res = await send('PATCH', `/Users/${bob}`, ENTRA_BODY, patchOps(op));
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    const lookup = await send('GET', '/Users?filter=userName+eq+%22bob%40contoso.com%22', ENTRA);
    expect(lookup.body.Resources[0].active).toBe(false);
    const again = await send('PATCH', `/Users/${bob}`, ENTRA_BODY, patchOps({ op: 'Replace', path: 'active', value: 'True' }));
    expect(again.body.active).toBe(true);
  });

  it('strict mode refuses the "False" string and the capitalised op', async () => {
    const { bob } = await setup(true);
    const str = await send('PATCH', `/Users/${bob}`, ENTRA_BODY, patchOps({ op: 'replace', path: 'active', value: 'False' }));
    expect(str.status).toBe(400);
    const cap = await send('PATCH', `/Users/${bob}`, ENTRA_BODY, patchOps({ op: 'Replace', path: 'active', value: false }));
    expect(cap.status).toBe(400);
    expect((await send('GET', `/Users/${bob}`, ENTRA)).body.active).toBe(true);
  });

  it('member add (default form with $ref:null, several members in one op)', async () => {
    const { alice, bob, group } = await setup();
    const res = await send('PATCH', `/Groups/${group}`, ENTRA_BODY, patchOps({ op: 'Add', path: 'members', value: [{ $ref: null, value: alice }, { value: bob }] }));
    expect(res.status).toBe(200);
    expect(res.body.members.map((m: any) => m.value).sort()).toEqual([alice, bob].sort());
  });

  it('member removal, default form: Remove with a value array removes only those members', async () => {
    const { alice, bob, group } = await setup();
    await send('PATCH', `/Groups/${group}`, ENTRA_BODY, patchOps({ op: 'Add', path: 'members', value: [{ value: alice }, { value: bob }] }));
    const res = await send('PATCH', `/Groups/${group}`, ENTRA_BODY, patchOps({ op: 'Remove', path: 'members', value: [{ value: bob }] }));
    expect(res.status).toBe(200);
    expect(res.body.members.map((m: any) => m.value)).toEqual([alice]);
    expect((await send('GET', `/Users/${bob}`, ENTRA)).body.groups).toBeUndefined();
    expect((await send('GET', `/Users/${alice}`, ENTRA)).body.groups).toHaveLength(1);
  });

  it('member removal, default form in strict mode follows the RFC (the whole attribute goes)', async () => {
    const { alice, bob, group } = await setup(true);
    await send('PATCH', `/Groups/${group}`, ENTRA_BODY, patchOps({ op: 'add', path: 'members', value: [{ value: alice }, { value: bob }] }));
    const res = await send('PATCH', `/Groups/${group}`, ENTRA_BODY, patchOps({ op: 'remove', path: 'members', value: [{ value: bob }] }));
    expect(res.status).toBe(200);
    expect(res.body.members ?? []).toEqual([]);
  });

  it('member removal, flag form: remove with a value filter path', async () => {
    const { alice, bob, group } = await setup();
    await send('PATCH', `/Groups/${group}`, ENTRA_BODY, patchOps({ op: 'add', path: 'members', value: [{ value: alice }, { value: bob }] }));
    const res = await send('PATCH', `/Groups/${group}`, ENTRA_BODY, patchOps({ op: 'remove', path: `members[value eq "${bob}"]` }));
    expect(res.status).toBe(200);
    expect(res.body.members.map((m: any) => m.value)).toEqual([alice]);
  });

  it('manager as a bare string id → stored as {value}; strict mode refuses it', async () => {
    const { alice, bob } = await setup();
    const res = await send('PATCH', `/Users/${alice}`, ENTRA_BODY, patchOps({ op: 'add', path: `${ENTERPRISE_URN}:manager`, value: bob }));
    expect(res.status).toBe(200);
    expect(res.body[ENTERPRISE_URN].manager.value).toBe(bob);
    await t.close();
    const strict = await setup(true);
    const refused = await send('PATCH', `/Users/${strict.alice}`, ENTRA_BODY, patchOps({ op: 'add', path: `${ENTERPRISE_URN}:manager`, value: strict.bob }));
    expect(refused.status).toBe(400);
  });

  it('update, default form (one Replace per attribute, value-filter path) and flag form (path-less dotted keys)', async () => {
    const { alice, bob } = await setup();
    const def = await send(
      'PATCH',
      `/Users/${alice}`,
      ENTRA_BODY,
      patchOps(
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'alicia.smith@contoso.com' },
        { op: 'Replace', path: 'name.givenName', value: 'Alicia' },
        { op: 'Replace', path: 'name.familyName', value: 'Smith' },
      ),
    );
    expect(def.status).toBe(200);
    expect(def.body.emails[0].value).toBe('alicia.smith@contoso.com');
    expect(def.body.name).toMatchObject({ givenName: 'Alicia', familyName: 'Smith' });
    const flag = await send(
      'PATCH',
      `/Users/${bob}`,
      ENTRA_BODY,
      patchOps(
        { op: 'replace', path: 'emails[type eq "work"].value', value: 'robert@contoso.com' },
        { op: 'replace', value: { 'name.givenName': 'Robert', [`${ENTERPRISE_URN}:employeeNumber`]: '2002' } },
      ),
    );
    expect(flag.status).toBe(200);
    expect(flag.body.name.givenName).toBe('Robert');
    expect(flag.body[ENTERPRISE_URN].employeeNumber).toBe('2002');
  });

  it('delete → 204; afterwards GET by id is 404 and the lookup is empty', async () => {
    const { alice } = await setup();
    const del = await fetch(`${t.url}/Users/${alice}`, { method: 'DELETE', headers: ENTRA });
    expect(del.status).toBe(204);
    expect((await send('GET', `/Users/${alice}`, ENTRA)).status).toBe(404);
    expectEmptyList((await send('GET', '/Users?filter=userName+eq+%22alice%40contoso.com%22', ENTRA)).body);
  });
});
