/**
 * What `scimctl test --mock` starts the built-in server with: the profile's
 * default seed plus one user that /Me stands for, so the `me` steps run
 * instead of being skipped (RFC 7644 §3.11 leaves how a credential maps to a
 * user to the provider; --mock binds it with the server's `me` option).
 */
import { createHandlerTransport } from '../runner/client/handler-transport.js';
import type { Transport } from '../runner/client/transport.js';
import { createScimServer, PROFILES } from '../server/create-server.js';
import type { ScimServer } from '../server/create-server.js';
import type { ProfileName, ServerProfile } from '../server/profiles/types.js';
import type { ScimHandler } from '../server/types.js';
import type { LackableFeature } from '../server/variants/lacking.js';
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

export interface MockTargetOptions {
  profile: ProfileName;
  token: string;
  /** Start without the /Me user: an app with no users at all, as Okta's first connection test sees it. */
  withMe?: boolean;
  /** serve --strict: the reference server without its IdP tolerances. */
  strict?: boolean;
  /** Injectable clock for deterministic tests. */
  now?: () => Date;
  /** Wraps the reference handler (tests: the fault layer). */
  wrap?: (handler: ScimHandler) => ScimHandler;
  /** Test-only variants that lawfully lack optional features (src/server/variants/lacking.ts); no CLI flag sets this. */
  lacking?: readonly LackableFeature[];
}

export interface MockTarget {
  server: ScimServer;
  baseUrl: string;
  transport: Transport;
}

/**
 * The built-in server `scimctl test --mock` runs against, for any profile: the
 * profile's own seed plus the /Me user. Nothing here depends on which profile
 * it is; what the profile can and cannot do, the run discovers (discover-target.ts).
 */
export function createMockTarget(options: MockTargetOptions): MockTarget {
  return mockTargetFor(createMockServer(options), options.wrap);
}

/** The reference server --mock starts for a profile (its seed and the /Me user). */
export function createMockServer(options: Omit<MockTargetOptions, 'wrap'>): ScimServer {
  const profile = PROFILES[options.profile];
  const { seed, me } = mockServerSetup(profile, { withMe: options.withMe ?? true });
  return createScimServer({
    profile: options.profile,
    token: options.token,
    seed,
    ...(me ? { me } : {}),
    ...(options.strict !== undefined ? { strict: options.strict } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.lacking ? { lacking: options.lacking } : {}),
  });
}

/** The in-process target over a server --mock built (tests reuse one server for runs in a row). */
export function mockTargetFor(server: ScimServer, wrap?: (handler: ScimHandler) => ScimHandler): MockTarget {
  return {
    server,
    baseUrl: `http://scimctl.mock${server.basePath}`,
    transport: createHandlerTransport(wrap ? wrap(server) : server),
  };
}
