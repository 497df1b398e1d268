/**
 * The requests of the server tables. Each cell builds its requests from a
 * counter, so ids vary over the whole directory and every POST and PATCH
 * writes something new (a repeated add would be a no-op).
 */
import { FIRST_FREE_USER, GROUP_ID, GROUP_MEMBERS, GROUP_NAME, SMALL_GROUPS, SMALL_MEMBERS, smallGroupId, smallGroupName, userId, userName } from './dataset.mjs';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
// A fresh object each time: autocannon writes Content-Length into the headers it is given.
const json = () => ({ 'content-type': 'application/scim+json' });

// A fixed-step walk over the directory: deterministic, and no two neighbours share cache lines.
const spread = (n, users) => (n * 7919) % users;
const k = (users) => (users >= 1e6 ? `${users / 1e6}M` : `${users / 1000}k`);

const patch = (base, groupId, operations) => ({
  method: 'PATCH',
  // What Okta and Entra read back is the group without its members (okta.md §10.2): the body stays small,
  // so the cell measures the write, not a render of every member.
  path: `${base}/Groups/${groupId}?excludedAttributes=members`,
  headers: json(),
  body: JSON.stringify({ schemas: [PATCH_OP], Operations: operations }),
});

/** @returns {{ name: string, label: string, reads?: boolean, make: (n: number, basePath: string) => object }[]} */
export function cells(users, tag) {
  let addedBig = 0;
  let addedSmall = 0;
  // Users no group holds at the start (dataset.mjs).
  const free = (n) => userId(FIRST_FREE_USER + (n % Math.max(1, users - FIRST_FREE_USER)));
  return [
    {
      name: 'get-by-id',
      reads: true,
      label: 'GET /Users/{id}',
      make: (n, base) => ({ method: 'GET', path: `${base}/Users/${userId(spread(n, users))}` }),
    },
    {
      name: 'filter-username',
      reads: true,
      label: `GET /Users?filter=userName eq "…" (${k(users)} users)`,
      make: (n, base) => ({
        method: 'GET',
        path: `${base}/Users?filter=${encodeURIComponent(`userName eq "${userName(spread(n, users))}"`)}`,
      }),
    },
    {
      name: 'list-100',
      reads: true,
      label: `GET /Users?startIndex=1&count=100 (${k(users)} users)`,
      make: (_n, base) => ({ method: 'GET', path: `${base}/Users?startIndex=1&count=100` }),
    },
    {
      name: 'list-100-deep',
      reads: true,
      label: `GET /Users?startIndex=${users - 99}&count=100 (${k(users)} users, last page)`,
      make: (_n, base) => ({ method: 'GET', path: `${base}/Users?startIndex=${users - 99}&count=100` }),
    },
    {
      name: 'post-user',
      label: 'POST /Users',
      make: (n, base) => ({
        method: 'POST',
        path: `${base}/Users`,
        headers: json(),
        body: JSON.stringify({
          schemas: [USER_URN],
          userName: `new-${tag}-${n}@example.com`,
          name: { givenName: 'New', familyName: `User${n}` },
          emails: [{ value: `new-${tag}-${n}@example.com`, type: 'work', primary: true }],
          active: true,
        }),
      }),
    },
    {
      name: 'patch-add-member',
      label: `PATCH /Groups/{id} add 1 member (${GROUP_MEMBERS / 1000}k members)`,
      // Each PATCH adds a user not yet in the group; the group grows by one per request.
      make: (_n, base) => patch(base, GROUP_ID, [{ op: 'add', path: 'members', value: [{ value: free(addedBig++) }] }]),
    },
    {
      name: 'patch-add-member-small',
      label: `PATCH /Groups/{id} add 1 member (${SMALL_MEMBERS} members)`,
      // Round-robin over the small groups, so each grows by one per SMALL_GROUPS requests.
      make: (_n, base) => {
        const n = addedSmall++;
        return patch(base, smallGroupId(n % SMALL_GROUPS), [{ op: 'add', path: 'members', value: [{ value: free(n) }] }]);
      },
    },
    {
      name: 'patch-rename',
      label: `PATCH /Groups/{id} Okta rename-in-place (${GROUP_MEMBERS / 1000}k members)`,
      make: (_n, base) => patch(base, GROUP_ID, [{ op: 'replace', value: { id: GROUP_ID, displayName: GROUP_NAME } }]),
    },
    {
      name: 'patch-rename-small',
      label: `PATCH /Groups/{id} Okta rename-in-place (${SMALL_MEMBERS} members)`,
      make: (n, base) => {
        const g = n % SMALL_GROUPS;
        return patch(base, smallGroupId(g), [{ op: 'replace', value: { id: smallGroupId(g), displayName: smallGroupName(g) } }]);
      },
    },
  ];
}
