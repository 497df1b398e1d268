/**
 * `withOAuth(options)(transport)`: OAuth 2.0 client credentials (RFC 6749 §4.4)
 * for the target. A request whose Authorization header is OAUTH_PLACEHOLDER
 * (send-request.ts puts it there when the run uses OAuth) gets the cached access
 * token instead. The token is fetched on first use, fetched again `refreshSkewMs`
 * before it expires, and once more when the target answers 401 to it. The token
 * request goes through the wrapped transport (the run's one undici pool).
 *
 * Secrets: the client secret and every access token are the wrapper's; the token
 * never reaches the request log (send-request.ts logs the placeholder, and the
 * redactor drops Authorization), and a target that echoes it back gets it
 * replaced in the response before anyone reads it.
 */
import { ScimctlError } from '../../core/errors.js';
import { REDACTED } from '../redact.js';
import type { IncomingResponse, OutgoingRequest, Transport } from './transport.js';

export interface OAuthClientOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  /** Fetch a new token this long before the old one expires (default 30 s, at most half its lifetime). */
  refreshSkewMs?: number;
  /** Wall-clock ms; injectable so tests need no real time. */
  now?: () => number;
}

/** What send-request.ts sends in place of the token; only this wrapper knows the real one. */
export const OAUTH_PLACEHOLDER = 'Bearer scimctl-oauth-access-token';

interface CachedToken {
  value: string;
  /** Wall-clock ms after which it is fetched again; Infinity when the server gave no expires_in. */
  refreshAt: number;
}

export function withOAuth(options: OAuthClientOptions): (transport: Transport) => Transport {
  const now = options.now ?? Date.now;
  const skew = options.refreshSkewMs ?? 30_000;
  return (inner) => {
    let cached: CachedToken | undefined;
    let pending: Promise<CachedToken> | undefined;
    const seen = new Set<string>();

    const fetchToken = async (signal?: AbortSignal): Promise<CachedToken> => {
      const form = new URLSearchParams({ grant_type: 'client_credentials' });
      if (options.scope) form.set('scope', options.scope);
      // RFC 6749 §2.3.1: client_secret_basic, both parts form-encoded first.
      const basic = Buffer.from(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`).toString('base64');
      const asked = now();
      const res = await inner.send(
        {
          method: 'POST',
          url: options.tokenUrl,
          headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
          body: form.toString(),
        },
        signal,
      );
      let json: { access_token?: unknown; token_type?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } = {};
      try {
        json = JSON.parse(res.bodyText) as typeof json;
      } catch {
        // Diagnosed below.
      }
      const where = `the token endpoint ${safeOrigin(options.tokenUrl)}`;
      if (res.status !== 200) {
        const why = typeof json.error === 'string' ? ` ${json.error}${typeof json.error_description === 'string' ? `: ${json.error_description}` : ''}` : '';
        throw new ScimctlError('AUTH_REJECTED', `${where} answered ${res.status}${why} (RFC 6749 §5.2)`);
      }
      if (typeof json.access_token !== 'string' || json.access_token === '') {
        throw new ScimctlError('AUTH_REJECTED', `${where} answered 200 without an access_token (RFC 6749 §5.1)`);
      }
      if (typeof json.token_type !== 'string' || json.token_type.toLowerCase() !== 'bearer') {
        throw new ScimctlError('AUTH_REJECTED', `${where} issued a "${String(json.token_type)}" token; only Bearer is supported (RFC 6750)`);
      }
      seen.add(json.access_token);
      const lifetime = typeof json.expires_in === 'number' && json.expires_in > 0 ? json.expires_in * 1000 : undefined;
      const refreshAt = lifetime === undefined ? Infinity : asked + lifetime - Math.min(skew, lifetime / 2);
      return { value: json.access_token, refreshAt };
    };

    const token = async (signal?: AbortSignal, stale?: string): Promise<string> => {
      if (cached && cached.value !== stale && now() < cached.refreshAt) return cached.value;
      // One fetch at a time: concurrent scenarios share it.
      pending ??= fetchToken(signal).finally(() => (pending = undefined));
      cached = await pending;
      return cached.value;
    };

    const scrub = (res: IncomingResponse): IncomingResponse => {
      if (seen.size === 0) return res;
      let bodyText = res.bodyText;
      const headers = { ...res.headers };
      for (const t of seen) {
        bodyText = bodyText.split(t).join(REDACTED);
        for (const [k, v] of Object.entries(headers)) headers[k] = v.split(t).join(REDACTED);
      }
      return { ...res, headers, bodyText };
    };

    const withToken = (req: OutgoingRequest, value: string): OutgoingRequest => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = k.toLowerCase() === 'authorization' && v === OAUTH_PLACEHOLDER ? `Bearer ${value}` : v;
      return { ...req, headers };
    };

    return {
      async send(req, signal) {
        const uses = Object.entries(req.headers).some(([k, v]) => k.toLowerCase() === 'authorization' && v === OAUTH_PLACEHOLDER);
        if (!uses) return scrub(await inner.send(req, signal));
        const first = await token(signal);
        const res = await inner.send(withToken(req, first), signal);
        if (res.status !== 401) return scrub(res);
        // RFC 6750 §3.1 invalid_token: the token expired or was revoked early; fetch a new one once.
        const second = await token(signal, first);
        return scrub(await inner.send(withToken(req, second), signal));
      },
      close: () => inner.close(),
    };
  };
}

function safeOrigin(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
