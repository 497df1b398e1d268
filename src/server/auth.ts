/**
 * Bearer-token authentication (RFC 6750 §2.1, RFC 7644 §2). The token is
 * compared in constant time: both sides are hashed to equal-length digests
 * first, so neither the content nor the length leaks through timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ScimError } from '../core/scim-errors.js';

export interface AuthResult {
  ok: boolean;
  /** The error to answer with when `ok` is false. */
  error?: ScimError;
  /** The `WWW-Authenticate` challenge for a 401 (RFC 7644 §2, RFC 6750 §3). */
  challenge?: string;
}

export type Authenticator = (authorization: string | undefined) => AuthResult;

const REALM = 'scimctl';

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Bearer values issued elsewhere (the OAuth token endpoint): a result, or 'unknown' to fall through. */
export type TokenLookup = (bearer: string) => AuthResult | 'unknown';

/**
 * An authenticator for one bearer token; with no token and no `issued` lookup every
 * request passes (the CLI warns loudly). `issued` adds the OAuth tokens beside the token.
 */
export function createBearerAuth(token: string | undefined, issued?: TokenLookup): Authenticator {
  if ((token === undefined || token === '') && !issued) return () => ({ ok: true });
  const expected = token === undefined || token === '' ? undefined : digest(token);
  return (authorization) => {
    if (authorization === undefined || authorization.trim() === '') {
      return {
        ok: false,
        error: new ScimError('unauthorized', 'Authorization header missing: send "Authorization: Bearer <token>"'),
        challenge: `Bearer realm="${REALM}"`,
      };
    }
    const match = /^bearer\s+(.+)$/i.exec(authorization.trim());
    const presented = match?.[1]?.trim() ?? '';
    const known = match !== null && issued ? issued(presented) : 'unknown';
    if (known !== 'unknown') return known;
    const valid = match !== null && expected !== undefined && timingSafeEqual(digest(presented), expected);
    if (valid) return { ok: true };
    return {
      ok: false,
      error: new ScimError(
        'unauthorized',
        match ? 'The bearer token is not valid' : 'Only the Bearer authorization scheme is accepted',
      ),
      challenge: `Bearer realm="${REALM}", error="invalid_token"`,
    };
  };
}
