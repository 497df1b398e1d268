/**
 * The directory every server under test starts with: N users and one group
 * holding the first GROUP_MEMBERS of them. Deterministic, so each server
 * answers the same requests about the same resources.
 */
export const GROUP_ID = 'g-big';
export const GROUP_MEMBERS = 10_000;

export const userId = (i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
export const userName = (i) => `user${i}@example.com`;

export function benchUser(i) {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    id: userId(i),
    externalId: `ext-${i}`,
    userName: userName(i),
    name: { givenName: 'Given', familyName: `Family${i}`, formatted: `Given Family${i}` },
    displayName: `Given Family${i}`,
    emails: [{ value: userName(i), type: 'work', primary: true }],
    active: true,
  };
}

/** Seed data in the shape `scimctl serve --seed` reads. */
export function benchSeed(users, groupMembers = Math.min(GROUP_MEMBERS, users)) {
  return {
    users: Array.from({ length: users }, (_, i) => benchUser(i)),
    groups:
      groupMembers > 0
        ? [{ id: GROUP_ID, displayName: 'Engineering', members: Array.from({ length: groupMembers }, (_, i) => ({ value: userId(i) })) }]
        : [],
  };
}
