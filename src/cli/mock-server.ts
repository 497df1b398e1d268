/**
 * What `scimctl test --mock` starts the built-in server with: the profile's
 * default seed plus one user that /Me stands for, so the `me` steps run
 * instead of being skipped (RFC 7644 §3.11 leaves how a credential maps to a
 * user to the provider; --mock binds it with the server's `me` option).
 */
import type { ServerProfile } from '../server/profiles/types.js';
import { defaultSeed } from '../server/seed.js';
import type { SeedData } from '../server/seed-data.js';

/** The mock's /Me user; an email address, so the mezmo profile's userName rule accepts it too. */
export const MOCK_ME_USERNAME = 'scimctl-me@example.com';

export interface MockServerSetup {
  seed: SeedData;
  me?: string;
}

/** `withMe: false` leaves the app without users, as Okta's first connection test sees it. */
export function mockServerSetup(profile: ServerProfile, options: { withMe?: boolean } = {}): MockServerSetup {
  const seed = defaultSeed(profile) ?? {};
  if (options.withMe === false) return { seed };
  const me = { userName: MOCK_ME_USERNAME, displayName: 'scimctl /Me', active: true };
  return { seed: { ...seed, users: [...(seed.users ?? []), me] }, me: MOCK_ME_USERNAME };
}
