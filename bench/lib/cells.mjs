/**
 * The five requests of the server table. Each cell builds its requests from a
 * counter, so ids vary over the whole directory and every POST and PATCH
 * writes something new (a repeated add would be a no-op).
 */
import { GROUP_ID, GROUP_MEMBERS, userId, userName } from './dataset.mjs';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
// A fresh object each time: autocannon writes Content-Length into the headers it is given.
const json = () => ({ 'content-type': 'application/scim+json' });

// A fixed-step walk over the directory: deterministic, and no two neighbours share cache lines.
const spread = (n, users) => (n * 7919) % users;

/** @returns {{ name: string, label: string, reads?: boolean, make: (n: number, basePath: string) => object }[]} */
export function cells(users, tag) {
  let added = 0;
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
      label: `GET /Users?filter=userName eq "…" (${users / 1000}k users)`,
      make: (n, base) => ({
        method: 'GET',
        path: `${base}/Users?filter=${encodeURIComponent(`userName eq "${userName(spread(n, users))}"`)}`,
      }),
    },
    {
      name: 'list-100',
      reads: true,
      label: `GET /Users?startIndex=1&count=100 (${users / 1000}k users)`,
      make: (_n, base) => ({ method: 'GET', path: `${base}/Users?startIndex=1&count=100` }),
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
      make: (_n, base) => ({
        method: 'PATCH',
        path: `${base}/Groups/${GROUP_ID}`,
        headers: json(),
        body: JSON.stringify({
          schemas: [PATCH_OP],
          Operations: [{ op: 'add', path: 'members', value: [{ value: userId(GROUP_MEMBERS + (added++ % (users - GROUP_MEMBERS))) }] }],
        }),
      }),
    },
  ];
}
