/**
 * What Okta (okta.md §4, §6, §7, §12) and Entra (entra.md "Replay fixture
 * sketch") send, as clients that read the ids the server assigns, so the same
 * sequence runs against any server.
 */
import { expect } from 'vitest';
import { idpClient, type IdpResponse } from './helpers.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export const OKTA_PASSWORD = 'Okta-pl4ceholder-Pw';

function idOf(res: IdpResponse): string {
  const id = res.json?.['id'];
  expect(typeof id, `no id in ${JSON.stringify(res.json)}`).toBe('string');
  return id as string;
}

/** An OIN template app: lookups, creates with a password, group push, removal, path-less deactivation. */
export async function oktaSequence(baseUrl: string, token: string): Promise<void> {
  const send = idpClient(baseUrl, {
    Accept: 'application/scim+json',
    'Accept-Charset': 'utf-8',
    'Accept-Encoding': 'gzip,deflate',
    'User-Agent': 'Okta SCIM Client 1.0.0',
    Authorization: `Bearer ${token}`,
  });
  const user = (first: string, last: string, oktaId: string) => ({
    schemas: [USER],
    userName: `${first.toLowerCase()}@example.com`,
    name: { givenName: first, familyName: last },
    emails: [{ primary: true, value: `${first.toLowerCase()}@example.com`, type: 'work' }],
    displayName: `${first} ${last}`,
    locale: 'en-US',
    externalId: oktaId,
    groups: [],
    password: OKTA_PASSWORD,
    active: true,
  });
  expect((await send('GET', '/Users?startIndex=1&count=2')).status).toBe(200);
  expect((await send('GET', '/Users?filter=userName%20eq%20%22alice%40example.com%22&startIndex=1&count=100')).json?.['totalResults']).toBe(0);
  const alice = idOf(await send('POST', '/Users', user('Alice', 'Jones', '00uALICE')));
  expect((await send('GET', '/Users?filter=userName%20eq%20%22bob%40example.com%22&startIndex=1&count=100')).json?.['totalResults']).toBe(0);
  const bob = idOf(await send('POST', '/Users', user('Bob', 'Smith', '00uBOB')));
  expect((await send('GET', '/Groups?filter=displayName%20eq%20%22Engineering%22&startIndex=1&count=100')).json?.['totalResults']).toBe(0);
  const group = idOf(await send('POST', '/Groups', { schemas: [GROUP], displayName: 'Engineering', members: [] }));
  const add = await send('PATCH', `/Groups/${group}`, {
    schemas: [PATCH],
    Operations: [{ op: 'add', path: 'members', value: [{ value: alice, display: 'alice@example.com' }, { value: bob, display: 'bob@example.com' }] }],
  });
  expect([200, 204]).toContain(add.status);
  const remove = await send('PATCH', `/Groups/${group}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${bob}"]` }] });
  expect([200, 204]).toContain(remove.status);
  const off = await send('PATCH', `/Users/${bob}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: false } }] });
  expect(off.status).toBe(200);
  expect((await send('GET', `/Users/${bob}`)).json?.['active']).toBe(false);
}

/** Entra default mode: GUID probe, matching lookups, create, capitalised ops, "False", delete. */
export async function entraSequence(baseUrl: string, token: string): Promise<void> {
  const send = idpClient(baseUrl, { Authorization: `Bearer ${token}` });
  expect((await send('GET', '/Users?filter=userName+eq+%2270f5b0a4-9a0e-4c57-9d2b-3c1f0c2e9b11%22')).status).toBe(200);
  expect((await send('GET', '/Users?filter=userName+eq+%22carol%40contoso.com%22')).json?.['totalResults']).toBe(0);
  const carol = idOf(
    await send('POST', '/Users', {
      schemas: [USER, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
      externalId: 'carol',
      userName: 'carol@contoso.com',
      active: true,
      displayName: 'Carol Diaz',
      emails: [{ primary: true, type: 'work', value: 'carol@contoso.com' }],
      meta: { resourceType: 'User' },
      name: { formatted: 'Carol Diaz', familyName: 'Diaz', givenName: 'Carol' },
      roles: [],
    }),
  );
  expect((await send('GET', '/Groups?excludedAttributes=members&filter=displayName+eq+%22Sales%22')).json?.['totalResults']).toBe(0);
  const sales = idOf(await send('POST', '/Groups', { schemas: [GROUP], displayName: 'Sales', externalId: 'sales', members: [] }));
  expect([200, 204]).toContain((await send('PATCH', `/Groups/${sales}`, { schemas: [PATCH], Operations: [{ op: 'Add', path: 'members', value: [{ value: carol }] }] })).status);
  expect((await send('GET', `/Users/${carol}`)).status).toBe(200);
  expect([200, 204]).toContain((await send('PATCH', `/Users/${carol}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] })).status);
  expect([200, 204]).toContain((await send('PATCH', `/Groups/${sales}`, { schemas: [PATCH], Operations: [{ op: 'Remove', path: 'members', value: [{ value: carol }] }] })).status);
  expect((await send('DELETE', `/Users/${carol}`)).status).toBe(204);
}
