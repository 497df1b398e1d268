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

/** An authenticator for one bearer token; with no token every request passes (the CLI warns loudly). */
export function createBearerAuth(token: string | undefined): Authenticator {
  if (token === undefined || token === '') return () => ({ ok: true });
  const expected = digest(token);
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
    const valid = match !== null && timingSafeEqual(digest(presented), expected);
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
