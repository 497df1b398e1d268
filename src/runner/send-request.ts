/**
 * One request to the target: URL joining (the base URL's query is kept on every
 * request), default SCIM headers, auth, timing, body decoding and the redacted
 * exchange log that goes into the result tree.
 */
import type { Diagnostic } from '../core/errors.js';
import { isScimctlError } from '../core/errors.js';
import type { ResponseView } from './checks/check-context.js';
import type { OutgoingRequest, Transport } from './client/transport.js';
import { OAUTH_PLACEHOLDER } from './client/with-oauth.js';
import type { Redactor } from './redact.js';
import type { ExchangeLog } from './types.js';

export interface AuthConfig {
  token?: string;
  basic?: { username: string; password: string };
  /** OAuth 2.0 client credentials (`--oauth-token-url`): the token comes from client/with-oauth.ts. */
  oauth?: { tokenUrl: string; clientId: string; clientSecret: string; scope?: string };
  /** Extra headers (`--header 'Name: value'`), sent on every request. */
  headers: Record<string, string>;
}

export interface Target {
  /** Base URL without query (`http://h/scim/v2`). */
  base: string;
  /** The base URL's query without `?` and without the Entra mode flag (`tenant=a`), '' when none. */
  baseQuery: string;
}

/**
 * `aadOptscim062020` in a Tenant URL selects Entra's flag mode; Entra strips it and never sends it
 * (entra.md §0), so the runner treats it as a mode selector (defaultEntraMode) and keeps it off the wire.
 */
const ENTRA_MODE_FLAG = /^aadoptscim062020$/i;

export function parseTarget(baseUrl: string): Target {
  const u = new URL(baseUrl);
  const query = u.search
    .replace(/^\?/, '')
    .split('&')
    .filter((p) => p !== '' && !ENTRA_MODE_FLAG.test(decodeQueryName(p)))
    .join('&');
  u.search = '';
  u.hash = '';
  return { base: u.toString().replace(/\/+$/, ''), baseQuery: query };
}

function decodeQueryName(pair: string): string {
  const name = pair.split('=')[0] ?? '';
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

/** base + relative path, with the base query first and the request's own after it. */
export function joinUrl(target: Target, relPath: string, query: string): string {
  const q = [target.baseQuery, query].filter((s) => s !== '').join('&');
  return `${target.base}${relPath.startsWith('/') ? relPath : `/${relPath}`}${q ? `?${q}` : ''}`;
}

export function authHeaders(auth: AuthConfig, mode: 'default' | 'none' | 'invalid'): Record<string, string> {
  if (mode === 'none') return {};
  if (mode === 'invalid') return { Authorization: 'Bearer scimctl-invalid-token' };
  const out: Record<string, string> = {};
  if (auth.oauth) out['Authorization'] = OAUTH_PLACEHOLDER;
  else if (auth.token) out['Authorization'] = `Bearer ${auth.token}`;
  else if (auth.basic) out['Authorization'] = `Basic ${Buffer.from(`${auth.basic.username}:${auth.basic.password}`).toString('base64')}`;
  return { ...out, ...auth.headers };
}

export type SendOutcome =
  | { ok: true; view: ResponseView; log: ExchangeLog }
  | { ok: false; error: Diagnostic; errorCode: string; log: ExchangeLog };

/** Bodies kept in the result tree are cut here; reporters cut further for display. */
const LOG_BODY_LIMIT = 64 * 1024;

function clip(text: string): { body: string; bodyTruncated?: boolean } {
  return text.length > LOG_BODY_LIMIT ? { body: text.slice(0, LOG_BODY_LIMIT), bodyTruncated: true } : { body: text };
}

export async function sendRequest(
  transport: Transport,
  req: OutgoingRequest,
  redactor: Redactor,
  now: () => number,
  signal?: AbortSignal,
): Promise<SendOutcome> {
  const started = now();
  const requestLog: ExchangeLog['request'] = {
    method: req.method,
    url: redactor.text(req.url),
    headers: redactor.headers(req.headers),
    ...(req.body !== undefined ? clip(redactor.text(req.body)) : {}),
  };
  try {
    const res = await transport.send(req, signal);
    const log: ExchangeLog = {
      request: requestLog,
      response: {
        status: res.status,
        headers: redactor.headers(res.headers),
        ...(res.bodyText !== '' ? clip(redactor.text(res.bodyText)) : {}),
      },
      durationMs: now() - started,
      ...(res.throttles ? { throttles: res.throttles } : {}),
    };
    return { ok: true, view: decode(res.status, res.headers, res.bodyText), log };
  } catch (err) {
    const code = isScimctlError(err) ? err.code : 'TARGET_UNREACHABLE';
    const message = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      errorCode: code,
      error: { code, severity: 'error', message: redactor.text(message) },
      log: { request: requestLog, durationMs: now() - started },
    };
  }
}

/** Parse the body as JSON; say why not when it is not (HTML, invalid JSON). */
export function decode(status: number, headers: Record<string, string>, bodyText: string): ResponseView {
  const view: ResponseView = { status, headers, bodyText };
  if (bodyText.trim() === '') return view;
  const type = headers['content-type'] ?? '';
  try {
    view.json = JSON.parse(bodyText);
  } catch (err) {
    const html = /html/i.test(type) || /^\s*</.test(bodyText);
    view.bodyError = html
      ? { code: 'HTML_RESPONSE', severity: 'error', message: `the target answered ${status} with HTML (\`${snippet(bodyText)}\`), not JSON` }
      : { code: 'INVALID_JSON', severity: 'error', message: `the ${status} response body is not valid JSON: ${(err as Error).message} (\`${snippet(bodyText)}\`)` };
  }
  return view;
}

function snippet(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 40 ? `${one.slice(0, 37)}...` : one;
}
