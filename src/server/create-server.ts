/**
 * createScimServer: the reference SCIM server as one function from a plain
 * request to a plain response. The pipeline is auth → size limit → route →
 * handler; every failure becomes an RFC 7644 §3.12 error body.
 */
import { MAX_REQUEST_BODY_BYTES } from '../core/limits.js';
import { ScimError, isScimError } from '../core/scim-errors.js';
import { createBearerAuth } from './auth.js';
import { extensionsFromDocs, registryWithExtensions, type ExtensionSchema } from './extensions.js';
import type { OAuthIssuer } from './oauth/oauth-issuer.js';
import { errorResponse, parseQuery } from './http-util.js';
import { mezmoProfile } from './profiles/mezmo.js';
import { rfcProfile } from './profiles/rfc.js';
import type { ProfileName, ServerProfile } from './profiles/types.js';
import { routeFor } from './router.js';
import type { RouteCall } from './routes/route-types.js';
import { applySeed, SeedError, type SeedData, type SeedStream } from './seed-data.js';
import type { ServerContext } from './server-context.js';
import { ScimStore } from './store.js';
import type { ScimHandler, ScimRequest, ScimResponse } from './types.js';
import { withoutFeatures } from './variants/lacking.js';
import type { LackableFeature } from './variants/lacking.js';

/** The built-in profiles by name. @see docs/serve.md "Profile rfc" and "Profile mezmo" */
export const PROFILES: Record<ProfileName, ServerProfile> = { rfc: rfcProfile, mezmo: mezmoProfile };

/** Limits used unless options say otherwise; bulk limits are advertised in /ServiceProviderConfig. */
export const DEFAULT_LIMITS = {
  maxBodyBytes: MAX_REQUEST_BODY_BYTES,
  bulkMaxOperations: 1000,
  bulkMaxPayloadSize: 1024 * 1024,
  maxResults: 200,
} as const;

export interface ScimServerOptions {
  /** `rfc` (default) or `mezmo`, or a profile object. */
  profile?: ProfileName | ServerProfile;
  /** Overrides the profile's base path (`/scim/v2`). */
  basePath?: string;
  /** Bearer token clients must send; none (and no `oauth`) → the server is open. */
  token?: string;
  /** An OAuth 2.0 token endpoint (`serve --oauth-client`): its tokens are accepted beside `token`. */
  oauth?: OAuthIssuer;
  /**
   * Resources to start with, in memory or read as they are applied (`openSeedFile`); ignored when
   * `store` is given (its `schemas` still apply).
   */
  seed?: SeedData | SeedStream;
  /** Custom extensions (`--schema`), beside those the seed declares (docs/serve.md, "Custom extensions"). */
  extensions?: ExtensionSchema[];
  /** A store to serve (persistence loads one); otherwise a fresh one from `seed`. */
  store?: ScimStore;
  /** userName of the user `/Me` stands for. */
  me?: string;
  /** Turn off every named IdP tolerance in the core (see src/core/tolerances.ts). */
  strict?: boolean;
  /**
   * Apply member adds and removes on a Group without the PATCH engine (default true); the result is the
   * same, so this exists only for tests and benchmarks that compare the two.
   */
  memberFastPath?: boolean;
  /** Injectable clock and id source for deterministic tests. */
  now?: () => Date;
  newId?: () => string;
  maxBodyBytes?: number;
  bulk?: { maxOperations?: number; maxPayloadSize?: number };
  maxResults?: number;
  /** Absolute origin for meta.location when a request carries none (`http://localhost`). */
  defaultOrigin?: string;
  /** Called after each acknowledged change, before the response (persistence). Must be synchronous. */
  onCommit?: (store: ScimStore) => void;
  /**
   * Tests only (no profile or CLI flag sets it): optional features this server lawfully lacks,
   * one layer around the handler (variants/lacking.ts).
   */
  lacking?: readonly LackableFeature[];
  /** Receives unexpected internal errors (they are answered 500 without details). */
  onInternalError?: (err: unknown) => void;
}

/** The handler with its store exposed, for adapters that persist or inspect it. */
export interface ScimServer extends ScimHandler {
  readonly store: ScimStore;
  readonly basePath: string;
  readonly profile: ServerProfile;
}

function normaliseBasePath(path: string): string {
  const trimmed = path.trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** RFC 7643 §5 (S-5-08): discovery, including authenticationSchemes, is readable without credentials. */
function isPublic(req: ScimRequest, segments: string[] | undefined): boolean {
  const first = segments?.[0]?.toLowerCase();
  return (
    req.method.toUpperCase() === 'GET' &&
    (first === 'serviceproviderconfig' || first === 'resourcetypes' || first === 'schemas')
  );
}

function segmentsBelow(basePath: string, path: string): string[] | undefined {
  const clean = path.replace(/\/+$/, '');
  if (clean !== basePath && !clean.startsWith(`${basePath}/`)) return undefined;
  return clean
    .slice(basePath.length)
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        throw new ScimError('notFound', `The path segment "${s}" is not valid percent-encoding`);
      }
    });
}

/** The extensions a seed declares under `schemas:`; a bad one is a SeedError naming the document. */
function seedExtensions(seed: SeedData | SeedStream | undefined): ExtensionSchema[] {
  if (!seed?.schemas || seed.schemas.length === 0) return [];
  const parsed = extensionsFromDocs(seed.schemas);
  if (parsed.ok) return parsed.extensions;
  const first = parsed.issues[0];
  throw new SeedError(`schemas[${first?.doc ?? 0}]${first?.pointer ?? ''}: ${first?.message ?? 'invalid'} (${first?.rule ?? 'RFC 7643 §7'})`);
}

/**
 * Create the reference SCIM server.
 *
 * @example
 * const handler = createScimServer({ profile: 'rfc', token: 's3cret' });
 * const { url, close } = await startNodeServer(handler, { port: 0 });
 */
export function createScimServer(options: ScimServerOptions = {}): ScimServer {
  const profile = typeof options.profile === 'object' ? options.profile : PROFILES[options.profile ?? 'rfc'];
  const basePath = normaliseBasePath(options.basePath ?? profile.basePath);
  const storeOptions = { ...(options.now ? { now: options.now } : {}), ...(options.newId ? { newId: options.newId } : {}) };
  const store = options.store ?? new ScimStore(storeOptions);
  const limits = {
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_LIMITS.maxBodyBytes,
    bulkMaxOperations: options.bulk?.maxOperations ?? DEFAULT_LIMITS.bulkMaxOperations,
    bulkMaxPayloadSize: options.bulk?.maxPayloadSize ?? DEFAULT_LIMITS.bulkMaxPayloadSize,
    maxResults: options.maxResults ?? DEFAULT_LIMITS.maxResults,
  };
  const extensions = [...(options.extensions ?? []), ...seedExtensions(options.seed)];
  const ctx: ServerContext = {
    store,
    profile,
    registry: registryWithExtensions(extensions),
    customSchemas: new Set(extensions.map((e) => e.schema.id.toLowerCase())),
    strict: options.strict ?? false,
    memberFastPath: options.memberFastPath ?? true,
    basePath,
    limits,
    meUserName: options.me,
    commit: () => options.onCommit?.(store),
  };
  if (!options.store && options.seed) applySeed(ctx, options.seed);
  const oauth = options.oauth;
  const authenticate = createBearerAuth(options.token, oauth ? (bearer) => oauth.authenticate(bearer) : undefined);
  const defaultOrigin = (options.defaultOrigin ?? 'http://localhost').replace(/\/+$/, '');

  const handle = (req: ScimRequest): ScimResponse => {
    try {
      // The token endpoint lives at the origin, outside the SCIM base path, and authenticates clients itself.
      if (oauth && req.path.replace(/\/+$/, '') === oauth.path) return oauth.handleToken(req);
      const segments = segmentsBelow(basePath, req.path);
      const auth = isPublic(req, segments) ? { ok: true } : authenticate(req.headers.authorization);
      if (!auth.ok && auth.error) {
        return errorResponse(auth.error, auth.challenge ? { 'WWW-Authenticate': auth.challenge } : {});
      }
      if (!segments) throw new ScimError('notFound', `No SCIM endpoint at ${req.path}; the base path is ${basePath || '/'}`);
      const methods = routeFor(segments);
      if (!methods) throw new ScimError('notFound', `No SCIM endpoint at ${req.path}`);
      const handler = methods[req.method.toUpperCase()];
      if (!handler) {
        const allow = Object.keys(methods).join(', ');
        const err = new ScimError('methodNotAllowed', `${req.method} is not allowed on ${req.path}; allowed: ${allow}`);
        return errorResponse(err, { Allow: allow });
      }
      const bytes = req.body === undefined ? 0 : new TextEncoder().encode(req.body).length;
      if (bytes > limits.maxBodyBytes) {
        throw new ScimError('payloadTooLarge', `The request body is ${bytes} bytes; the limit is ${limits.maxBodyBytes}`);
      }
      const origin = (req.origin ?? (req.headers.host ? `http://${req.headers.host}` : defaultOrigin)).replace(/\/+$/, '');
      const call: RouteCall = { ctx, scope: { baseUrl: origin + basePath }, req, params: parseQuery(req.query), segments };
      return handler(call);
    } catch (err) {
      if (isScimError(err)) return errorResponse(err);
      options.onInternalError?.(err);
      return errorResponse(new ScimError('internal', 'The server failed to handle the request'));
    }
  };

  const plain: ScimHandler = async (req: ScimRequest) => handle(req);
  const server = (options.lacking && options.lacking.length > 0 ? withoutFeatures(plain, options.lacking, basePath) : plain) as ScimServer;
  Object.defineProperties(server, {
    store: { value: store },
    basePath: { value: basePath },
    profile: { value: profile },
  });
  return server;
}
