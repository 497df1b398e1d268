/**
 * In-process adapter: call a ScimHandler like fetch, without sockets.
 * `scimctl test --mock` uses it to run a suite against the reference server.
 */
import type { ScimHandler, ScimRequest, ScimResponse } from '../types.js';

export interface InProcessTransport {
  /** fetch-compatible: a URL and RequestInit in, a standard Response out. */
  fetch(input: string | URL, init?: RequestInit): Promise<Response>;
  /** The plain request/response pair, for callers that don't need a Response. */
  send(req: ScimRequest): Promise<ScimResponse>;
}

function headersOf(init: RequestInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init?.headers).forEach((value, name) => {
    out[name.toLowerCase()] = value;
  });
  return out;
}

async function bodyText(body: RequestInit['body']): Promise<string | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  return new Response(body).text();
}

/**
 * Wrap a handler so it can be called like fetch.
 *
 * @example
 * const transport = inProcessTransport(createScimServer());
 * const res = await transport.fetch('http://scim.test/scim/v2/Users');
 */
export function inProcessTransport(handler: ScimHandler): InProcessTransport {
  const send = (req: ScimRequest): Promise<ScimResponse> => handler(req);
  return {
    send,
    async fetch(input, init) {
      const url = new URL(String(input));
      const req: ScimRequest = {
        method: (init?.method ?? 'GET').toUpperCase(),
        path: url.pathname,
        query: url.search.replace(/^\?/, ''),
        headers: headersOf(init),
        origin: url.origin,
      };
      const body = await bodyText(init?.body);
      if (body !== undefined) req.body = body;
      const res = await send(req);
      if (res.drop) throw new TypeError('fetch failed: the connection was dropped');
      const hasBody = res.body !== undefined && res.status !== 204 && res.status !== 304;
      return new Response(hasBody ? JSON.stringify(res.body) : null, { status: res.status, headers: res.headers });
    },
  };
}
