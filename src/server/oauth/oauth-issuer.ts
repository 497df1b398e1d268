/**
 * `scimctl serve --oauth-client ID:SECRET`: a minimal OAuth 2.0 authorization
 * server at `<origin>/oauth/token` and the check of the tokens it issued.
 *
 * - Grants: `client_credentials` (RFC 6749 §4.4) and `refresh_token` (§6; the
 *   refresh token is rotated on every use). A refresh token is issued with the
 *   client credentials grant too, so an Okta-like refresh flow (okta.md §1) can be
 *   exercised without a browser; §4.4.3 says it SHOULD NOT be, docs/serve.md says so.
 * - Client authentication: `client_secret_basic` or `client_secret_post` (§2.3.1),
 *   compared in constant time. A wrong secret is 401 `invalid_client` (§5.2).
 * - Access tokens live `ttlMs` by the injected clock; an expired one is answered
 *   401 with `WWW-Authenticate: Bearer error="invalid_token"` (RFC 6750 §3.1).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ScimError } from '../../core/scim-errors.js';
import type { AuthResult } from '../auth.js';
import type { ScimRequest, ScimResponse } from '../types.js';

export interface OAuthClient {
  id: string;
  secret: string;
}

export interface OAuthIssuerOptions {
  clients: readonly OAuthClient[];
  /** Access token lifetime in ms (`--oauth-token-ttl`, default 1 h). */
  ttlMs?: number;
  /** Wall clock in ms; injectable so tests need no real time. */
  now?: () => number;
  /** Token source; injectable for deterministic tests. */
  newToken?: () => string;
}

export interface OAuthIssuer {
  /** Where the token endpoint lives, below the origin (not the SCIM base path). */
  readonly path: string;
  handleToken(req: ScimRequest): ScimResponse;
  /** 'unknown' when the bearer value is not one of ours (another authenticator may know it). */
  authenticate(bearer: string): AuthResult | 'unknown';
}

export const OAUTH_TOKEN_PATH = '/oauth/token';
export const DEFAULT_OAUTH_TTL_MS = 60 * 60 * 1000;
/** Issued tokens kept at most; the oldest go first (a client that never stops asking cannot exhaust memory). */
const MAX_TOKENS = 100_000;

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

function oauthError(status: number, error: string, description: string, headers: Record<string, string> = {}): ScimResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/json;charset=UTF-8', 'Cache-Control': 'no-store', Pragma: 'no-cache', ...headers },
    body: { error, error_description: description },
  };
}

function formDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

export function createOAuthIssuer(options: OAuthIssuerOptions): OAuthIssuer {
  const ttl = options.ttlMs ?? DEFAULT_OAUTH_TTL_MS;
  const now = options.now ?? Date.now;
  const newToken = options.newToken ?? (() => randomBytes(32).toString('base64url'));
  const clients = options.clients.map((c) => ({ id: c.id, secret: digest(c.secret) }));
  const access = new Map<string, { clientId: string; expiresAt: number }>();
  const refresh = new Map<string, string>();

  const remember = <V>(map: Map<string, V>, key: string, value: V) => {
    map.set(key, value);
    if (map.size > MAX_TOKENS) map.delete(map.keys().next().value as string);
  };

  const issue = (clientId: string, scope: string | undefined): ScimResponse => {
    const t = now();
    for (const [k, v] of access) if (v.expiresAt <= t) access.delete(k);
    const accessToken = newToken();
    const refreshToken = newToken();
    remember(access, accessToken, { clientId, expiresAt: t + ttl });
    remember(refresh, refreshToken, clientId);
    return {
      status: 200,
      headers: { 'Content-Type': 'application/json;charset=UTF-8', 'Cache-Control': 'no-store', Pragma: 'no-cache' },
      body: {
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: Math.max(1, Math.floor(ttl / 1000)),
        refresh_token: refreshToken,
        ...(scope ? { scope } : {}),
      },
    };
  };

  /** RFC 6749 §2.3.1: exactly one of Basic or body credentials. */
  const clientOf = (req: ScimRequest, form: URLSearchParams): { ok: true; id: string } | { ok: false; res: ScimResponse } => {
    const header = req.headers.authorization?.trim();
    const basic = header ? /^basic\s+(\S+)$/i.exec(header) : null;
    const bodyId = form.get('client_id');
    const bodySecret = form.get('client_secret');
    let id: string | undefined;
    let secret: string | undefined;
    if (basic && bodySecret !== null) {
      return { ok: false, res: oauthError(400, 'invalid_request', 'Use one client authentication method, not the Authorization header and client_secret together (RFC 6749 §2.3)') };
    }
    if (basic) {
      const decoded = Buffer.from(basic[1] as string, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon >= 0) {
        id = formDecode(decoded.slice(0, colon));
        secret = formDecode(decoded.slice(colon + 1));
      }
    } else if (bodyId !== null && bodySecret !== null) {
      id = bodyId;
      secret = bodySecret;
    }
    const challenge = { 'WWW-Authenticate': 'Basic realm="scimctl"' };
    if (id === undefined || secret === undefined) {
      return { ok: false, res: oauthError(401, 'invalid_client', 'Client authentication is required: HTTP Basic with the client id and secret (RFC 6749 §2.3.1)', challenge) };
    }
    const presented = digest(secret);
    // Every client is compared, so the time taken does not say which id exists.
    let match: string | undefined;
    for (const c of clients) if (timingSafeEqual(presented, c.secret) && c.id === id) match = c.id;
    if (!match) return { ok: false, res: oauthError(401, 'invalid_client', 'Unknown client or wrong client secret', challenge) };
    return { ok: true, id: match };
  };

  return {
    path: OAUTH_TOKEN_PATH,
    handleToken(req) {
      if (req.method.toUpperCase() !== 'POST') {
        return { ...oauthError(405, 'invalid_request', 'The token endpoint takes POST (RFC 6749 §3.2)'), headers: { 'Content-Type': 'application/json;charset=UTF-8', Allow: 'POST' } };
      }
      const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== 'application/x-www-form-urlencoded') {
        return oauthError(400, 'invalid_request', 'Send the parameters as application/x-www-form-urlencoded (RFC 6749 §4.4.2)');
      }
      const form = new URLSearchParams(req.body ?? '');
      const client = clientOf(req, form);
      if (!client.ok) return client.res;
      const grant = form.get('grant_type');
      const scope = form.get('scope') ?? undefined;
      if (grant === 'client_credentials') return issue(client.id, scope);
      if (grant === 'refresh_token') {
        const presented = form.get('refresh_token');
        if (!presented) return oauthError(400, 'invalid_request', 'refresh_token is missing (RFC 6749 §6)');
        if (refresh.get(presented) !== client.id) return oauthError(400, 'invalid_grant', 'The refresh token is not valid for this client');
        refresh.delete(presented);
        return issue(client.id, scope);
      }
      if (grant === null) return oauthError(400, 'invalid_request', 'grant_type is missing');
      return oauthError(400, 'unsupported_grant_type', `grant_type "${grant}" is not supported; use client_credentials or refresh_token`);
    },
    authenticate(bearer) {
      const entry = access.get(bearer);
      if (!entry) return 'unknown';
      if (now() < entry.expiresAt) return { ok: true };
      return {
        ok: false,
        error: new ScimError('unauthorized', 'The access token expired; get a new one from the token endpoint'),
        challenge: 'Bearer realm="scimctl", error="invalid_token", error_description="The access token expired"',
      };
    },
  };
}
