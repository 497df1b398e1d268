/**
 * `--log`: a handler wrapper that writes one line per request (method, path,
 * status, milliseconds). Only the path and a redacted query are logged: never
 * headers (the token) or bodies (passwords).
 *
 * Wrappers like this one are the seam for later middleware (fault injection).
 */
import type { ScimHandler } from './types.js';

const SECRET_PARAMS = /^(access_token|token|password|secret)$/i;

function redactQuery(query: string): string {
  if (query === '') return '';
  const parts = query.split('&').map((part) => {
    const name = part.split('=')[0] ?? '';
    return SECRET_PARAMS.test(decodeURIComponentSafe(name)) ? `${name}=REDACTED` : part;
  });
  return `?${parts.join('&')}`;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Wrap a handler so each request is logged as `METHOD /path?query STATUS Nms`.
 * @example const handler = withRequestLog(createScimServer(), (line) => console.error(line));
 */
export function withRequestLog(
  handler: ScimHandler,
  write: (line: string) => void,
  clock: () => number = () => performance.now(),
): ScimHandler {
  return async (req) => {
    const start = clock();
    const res = await handler(req);
    const ms = Math.round(clock() - start);
    write(`${req.method} ${req.path}${redactQuery(req.query)} ${res.status} ${ms}ms`);
    return res;
  };
}
