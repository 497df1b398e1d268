/**
 * Request parsing and response building shared by every route: query strings,
 * media types, the JSON body and the SCIM error body.
 */
import { ScimError, scimErrorBody } from '../core/scim-errors.js';
import type { ScimRequest, ScimResponse } from './types.js';

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

/**
 * Query parameters by lower-case name. Both `+` and `%20` decode to a space
 * (Entra and older Okta send form encoding, current Okta sends `%20`;
 * RFC 7644 §1.2 / P-1.2-01). Parameter names compare case-insensitively.
 */
export function parseQuery(raw: string): Map<string, string> {
  const params = new Map<string, string>();
  if (raw === '') return params;
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decodeComponent(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decodeComponent(part.slice(eq + 1));
    // The first occurrence wins; a repeated parameter is most likely a client bug, not a list.
    if (!params.has(name.toLowerCase())) params.set(name.toLowerCase(), value);
  }
  return params;
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw new ScimError('badRequest', `The query string is not valid percent-encoding near "${text.slice(0, 40)}"`);
  }
}

/** True for media types whose body we parse as JSON: application/json, application/scim+json, any `+json`. */
function isJsonMediaType(contentType: string): boolean {
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/**
 * The request body as JSON. RFC 7644 §3.8: application/scim+json, and
 * application/json with any charset, are accepted; a body with no
 * Content-Type is parsed too (some clients omit it). Other media types are
 * answered 415 (P-3.8-07). Malformed JSON is 400 invalidSyntax (§3.12).
 */
export function readJsonBody(req: ScimRequest): unknown {
  const text = req.body;
  if (text === undefined || text.trim() === '') {
    throw new ScimError('invalidSyntax', 'The request needs a JSON body');
  }
  const contentType = req.headers['content-type'];
  if (contentType !== undefined && contentType.trim() !== '' && !isJsonMediaType(contentType)) {
    throw new ScimError(
      'unsupportedMediaType',
      `Content-Type "${contentType}" is not accepted; send application/scim+json or application/json`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ScimError('invalidSyntax', `The request body is not valid JSON: ${reason}`);
  }
}

/** A JSON object body, or 400 invalidSyntax. */
export function readJsonObject(req: ScimRequest): Record<string, unknown> {
  const body = readJsonBody(req);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ScimError('invalidSyntax', 'The request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): ScimResponse {
  return { status, headers: { 'Content-Type': SCIM_CONTENT_TYPE, ...headers }, body };
}

export function emptyResponse(status: 204 | 304, headers: Record<string, string> = {}): ScimResponse {
  return { status, headers: { 'Content-Type': SCIM_CONTENT_TYPE, ...headers } };
}

/** RFC 7644 §3.12: `schemas` with the Error URN, `status` as a string, `scimType` where Table 9 has one. */
export function errorResponse(err: ScimError, headers: Record<string, string> = {}): ScimResponse {
  return jsonResponse(err.status, scimErrorBody(err), headers);
}

/** Case-insensitive own-property lookup for message attributes (RFC 7643 §2.1: names are case-insensitive). */
export function member(obj: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(obj, name)) return obj[name];
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : obj[key];
}
