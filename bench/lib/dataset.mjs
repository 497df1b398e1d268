/**
 * The directory every server under test starts with: N users, one group
 * holding the first GROUP_MEMBERS of them, and SMALL_GROUPS groups of
 * SMALL_MEMBERS users each, taken from the users after those (the small-group
 * baseline of the member PATCH cells). The first page of users is the same
 * 100 users in the same one group at 1k, 100k and 1M users.
 * Deterministic, so each server answers the same requests about the same resources.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

export const GROUP_ID = 'g-big';
export const GROUP_NAME = 'Engineering';
export const GROUP_MEMBERS = 10_000;
export const SMALL_GROUPS = 1000;
export const SMALL_MEMBERS = 10;
/** The first user no group holds at the start. */
export const FIRST_FREE_USER = GROUP_MEMBERS + SMALL_GROUPS * SMALL_MEMBERS;

const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';

export const userId = (i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
export const userName = (i) => `user${i}@example.com`;
export const smallGroupId = (k) => `g-small-${k}`;
export const smallGroupName = (k) => `Team ${k}`;

export function benchUser(i) {
  return {
    schemas: [USER_URN],
    id: userId(i),
    externalId: `ext-${i}`,
    userName: userName(i),
    name: { givenName: 'Given', familyName: `Family${i}`, formatted: `Given Family${i}` },
    displayName: `Given Family${i}`,
    emails: [{ value: userName(i), type: 'work', primary: true }],
    active: true,
  };
}

/** The groups of a directory of `users` users: the big one, and the small ones when there are users for them. */
export function benchGroups(users, groupMembers = Math.min(GROUP_MEMBERS, users)) {
  const groups = [];
  if (groupMembers > 0) {
    groups.push({ schemas: [GROUP_URN], id: GROUP_ID, displayName: GROUP_NAME, members: Array.from({ length: groupMembers }, (_, i) => ({ value: userId(i) })) });
  }
  const small = users >= FIRST_FREE_USER ? SMALL_GROUPS : 0;
  for (let k = 0; k < small; k++) {
    groups.push({
      schemas: [GROUP_URN],
      id: smallGroupId(k),
      displayName: smallGroupName(k),
      members: Array.from({ length: SMALL_MEMBERS }, (_, j) => ({ value: userId(GROUP_MEMBERS + k * SMALL_MEMBERS + j) })),
    });
  }
  return groups;
}

/** Seed data in memory, in the shape `scimctl serve --seed x.json` reads (for peers that take an object). */
export function benchSeed(users, groupMembers) {
  return { users: Array.from({ length: users }, (_, i) => benchUser(i)), groups: benchGroups(users, groupMembers) };
}

/** The same directory as a JSON Lines seed, written in batches (a million users never sit in memory). */
export function writeSeedJsonl(path, users, groupMembers) {
  const fd = openSync(path, 'w');
  try {
    let batch = [];
    const flush = () => {
      if (batch.length) writeSync(fd, `${batch.join('\n')}\n`);
      batch = [];
    };
    for (let i = 0; i < users; i++) {
      batch.push(JSON.stringify(benchUser(i)));
      if (batch.length === 10_000) flush();
    }
    for (const g of benchGroups(users, groupMembers)) batch.push(JSON.stringify(g));
    flush();
  } finally {
    closeSync(fd);
  }
}
