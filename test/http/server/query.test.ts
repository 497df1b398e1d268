import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LIST_URN, SEARCH_URN, group, startTestServer, user, type TestServer } from './helpers.js';

let t: TestServer;
beforeEach(async () => {
  t = await startTestServer();
  for (const [name, title] of [['carol', 'B'], ['alice', 'C'], ['bob', 'A']] as const) {
    await t.json('POST', '/Users', user(name, { title, externalId: `ext-${name}` }));
  }
  await t.json('POST', '/Groups', group('Engineering', { members: [{ value: 'id-1' }] }));
});
afterEach(async () => {
  await t.close();
});

const names = (body: any): string[] => body.Resources.map((r: any) => r.userName ?? r.displayName);

describe('GET list (RFC 7644 §3.4.2)', () => {
  it('a ListResponse with integer counts, in creation order', async () => {
    const res = await t.json('GET', '/Users');
    expect(res.body).toMatchObject({ schemas: [LIST_URN], totalResults: 3, startIndex: 1, itemsPerPage: 3 });
    expect(names(res.body)).toEqual(['carol', 'alice', 'bob']);
  });

  it('filters, case-insensitively on userName, exactly on externalId', async () => {
    expect(names((await t.json('GET', '/Users?filter=userName%20eq%20%22ALICE%22')).body)).toEqual(['alice']);
    expect(names((await t.json('GET', '/Users?filter=externalId%20eq%20%22ext-bob%22')).body)).toEqual(['bob']);
    expect((await t.json('GET', '/Users?filter=externalId%20eq%20%22EXT-BOB%22')).body.totalResults).toBe(0);
    expect(names((await t.json('GET', '/Users?filter=title%20sw%20%22B%22%20or%20title%20eq%20%22A%22')).body)).toEqual(['carol', 'bob']);
  });

  it('a filter matching nothing is 200 with totalResults 0, never 404', async () => {
    const res = await t.json('GET', '/Users?filter=userName%20eq%20%22nobody%22');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ totalResults: 0, Resources: [] });
  });

  it('an invalid filter is 400 invalidFilter', async () => {
    const res = await t.json('GET', '/Users?filter=userName%20eq');
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('invalidFilter');
  });

  it('sorts by sortBy/sortOrder', async () => {
    expect(names((await t.json('GET', '/Users?sortBy=userName')).body)).toEqual(['alice', 'bob', 'carol']);
    expect(names((await t.json('GET', '/Users?sortBy=title&sortOrder=descending')).body)).toEqual(['alice', 'carol', 'bob']);
  });

  it('pages with 1-based startIndex and count; itemsPerPage is what the page holds', async () => {
    const page = await t.json('GET', '/Users?startIndex=2&count=1');
    expect(page.body).toMatchObject({ totalResults: 3, startIndex: 2, itemsPerPage: 1 });
    expect(names(page.body)).toEqual(['alice']);
    const past = await t.json('GET', '/Users?startIndex=101&count=100');
    expect(past.body).toMatchObject({ totalResults: 3, startIndex: 101, itemsPerPage: 0, Resources: [] });
    const bad = await t.json('GET', '/Users?count=many');
    expect(bad.status).toBe(400);
  });

  it('caps a page at filter.maxResults', async () => {
    await t.close();
    t = await startTestServer({ maxResults: 2 });
    for (const n of ['a', 'b', 'c']) await t.json('POST', '/Users', user(n));
    const res = await t.json('GET', '/Users?count=50');
    expect(res.body).toMatchObject({ totalResults: 3, itemsPerPage: 2 });
    const spc = await t.json('GET', '/ServiceProviderConfig');
    expect(spc.body.filter.maxResults).toBe(2);
  });

  it('projects with attributes (id and schemas always returned)', async () => {
    const res = await t.json('GET', '/Users?attributes=userName&filter=userName%20eq%20%22bob%22');
    expect(Object.keys(res.body.Resources[0]).sort()).toEqual(['id', 'schemas', 'userName']);
  });
});

describe('POST .search (RFC 7644 §3.4.3)', () => {
  it('per resource type: same answer as GET, no resource created', async () => {
    const res = await t.json('POST', '/Users/.search', { schemas: [SEARCH_URN], filter: 'title eq "A"', attributes: ['userName'] });
    expect(res.status).toBe(200);
    expect(res.body.schemas).toEqual([LIST_URN]);
    expect(names(res.body)).toEqual(['bob']);
    expect((await t.json('GET', '/Users')).body.totalResults).toBe(3);
  });

  it('at the root: searches users and groups', async () => {
    const all = await t.json('POST', '/.search', { schemas: [SEARCH_URN] });
    expect(all.body.totalResults).toBe(4);
    const groups = await t.json('POST', '/.search', { schemas: [SEARCH_URN], filter: 'meta.resourceType eq "Group"' });
    expect(names(groups.body)).toEqual(['Engineering']);
    const paged = await t.json('POST', '/.search', { schemas: [SEARCH_URN], startIndex: 4, count: 1 });
    expect(paged.body).toMatchObject({ totalResults: 4, startIndex: 4, itemsPerPage: 1 });
  });

  it('refuses a body without the SearchRequest schema, and an invalid filter', async () => {
    expect((await t.json('POST', '/Users/.search', { filter: 'userName pr' })).body.scimType).toBe('invalidSyntax');
    const bad = await t.json('POST', '/Users/.search', { schemas: [SEARCH_URN], filter: 'userName eq' });
    expect(bad.status).toBe(400);
    expect(bad.body.scimType).toBe('invalidFilter');
  });

  it('GET on the root is a root query too', async () => {
    const res = await t.json('GET', '?filter=displayName%20eq%20%22Engineering%22');
    expect(res.status).toBe(200);
    expect(names(res.body)).toEqual(['Engineering']);
  });
});

describe('filters are checked before any resource is seen', () => {
  it('a type error is 400 invalidFilter even when nothing would be evaluated (RFC 7644 §3.4.2.2)', async () => {
    const empty = await startTestServer();
    try {
      const res = await empty.json('GET', `/Users?filter=${encodeURIComponent('active gt true')}`);
      expect(res.status).toBe(400);
      expect(res.body.scimType).toBe('invalidFilter');
    } finally {
      await empty.close();
    }
  });

  it('strict: a root query filters each type on what it defines; an attribute no type knows is refused (P-3.4.2.1-04)', async () => {
    const strict = await startTestServer({ strict: true });
    try {
      await strict.json('POST', '/Users', user('dana'));
      await strict.json('POST', '/Groups', group('Support'));
      const users = await strict.json('POST', '/.search', { schemas: [SEARCH_URN], filter: 'userName eq "dana"' });
      expect(users.status).toBe(200);
      expect(names(users.body)).toEqual(['dana']);
      const groups = await strict.json('GET', `?filter=${encodeURIComponent('displayName eq "Support"')}`);
      expect(names(groups.body)).toEqual(['Support']);
      const nowhere = await strict.json('POST', '/.search', { schemas: [SEARCH_URN], filter: 'favouriteColour eq "red"' });
      expect(nowhere.status).toBe(400);
      expect(nowhere.body.scimType).toBe('invalidFilter');
      // On one type, an attribute it does not define stays an error in strict mode.
      expect((await strict.json('GET', `/Groups?filter=${encodeURIComponent('userName eq "dana"')}`)).status).toBe(400);
    } finally {
      await strict.close();
    }
  });
});
