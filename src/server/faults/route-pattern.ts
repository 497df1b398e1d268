/**
 * `route=POST /Users/*` in a fault spec: an optional method and a path pattern
 * matched against the last segments of the request path, so the same spec
 * works under any base path (`/scim/v2`, `/v1/enterprise/scim`).
 * `*` stands for one segment; resource type names compare case-insensitively
 * like the server's router.
 */

export interface RoutePattern {
  /** Upper-case method, or undefined for any method. */
  method?: string;
  segments: string[];
  /** The pattern as written, for messages. */
  text: string;
}

const METHOD = /^[A-Za-z]+$/;

/** Parse `[METHOD ]/path`; undefined when the text is not a route. */
export function parseRoutePattern(text: string): RoutePattern | undefined {
  const parts = text.trim().split(/\s+/);
  const [first, second, ...rest] = parts;
  if (first === undefined || rest.length > 0) return undefined;
  const method = second === undefined ? undefined : first;
  const path = second ?? first;
  if (method !== undefined && !METHOD.test(method)) return undefined;
  if (!path.startsWith('/')) return undefined;
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.length === 0) return undefined;
  return { ...(method ? { method: method.toUpperCase() } : {}), segments, text: text.trim() };
}

export function routeMatches(pattern: RoutePattern, method: string, path: string): boolean {
  if (pattern.method !== undefined && pattern.method !== method.toUpperCase()) return false;
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.length < pattern.segments.length) return false;
  const tail = segments.slice(segments.length - pattern.segments.length);
  return pattern.segments.every((p, i) => p === '*' || p.toLowerCase() === (tail[i] ?? '').toLowerCase());
}
