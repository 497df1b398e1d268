/**
 * msw request handlers that mock a SCIM service with the reference server,
 * for users' own tests:
 *
 * @example
 * import { setupServer } from 'msw/node';
 * import { scimHandlers } from 'scimctl/msw';
 * const server = setupServer(...scimHandlers({ baseUrl: 'https://scim.example.test/scim/v2' }));
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import { createScimServer, PROFILES, type ScimServerOptions } from '../create-server.js';
import { defaultSeed } from '../seed.js';
import type { ScimHandler, ScimRequest } from '../types.js';

export interface ScimHandlersOptions extends Omit<ScimServerOptions, 'basePath' | 'profile'> {
  /** Absolute base URL the mock answers under; default `http://localhost` + the profile's base path. */
  baseUrl?: string;
  profile?: 'rfc' | 'mezmo';
  /** A handler to serve instead of building one (e.g. a server shared with other adapters). */
  handler?: ScimHandler;
}

async function toScimRequest(request: Request): Promise<ScimRequest> {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
  const req: ScimRequest = {
    method: request.method,
    path: url.pathname,
    query: url.search.replace(/^\?/, ''),
    headers,
    origin: url.origin,
  };
  if (text !== '') req.body = text;
  return req;
}

/** One factory for every route: all methods under the base URL go to the SCIM handler. */
export function scimHandlers(options: ScimHandlersOptions = {}): HttpHandler[] {
  const profileName = options.profile ?? 'rfc';
  const profile = PROFILES[profileName];
  const base = new URL(options.baseUrl ?? `http://localhost${profile.basePath}`);
  const basePath = base.pathname.replace(/\/+$/, '');
  const { baseUrl: _baseUrl, handler: given, ...serverOptions } = options;
  const seed = serverOptions.seed ?? (serverOptions.store ? undefined : defaultSeed(profile));
  const handler =
    given ?? createScimServer({ ...serverOptions, ...(seed ? { seed } : {}), profile: profileName, basePath });
  const resolver = async ({ request }: { request: Request }): Promise<Response> => {
    const res = await handler(await toScimRequest(request));
    if (res.drop) return HttpResponse.error();
    const hasBody = res.body !== undefined && res.status !== 204 && res.status !== 304;
    return new HttpResponse(hasBody ? JSON.stringify(res.body) : null, { status: res.status, headers: res.headers });
  };
  const root = `${base.origin}${basePath}`;
  return [http.all(root, resolver), http.all(`${root}/*`, resolver)];
}
