/** Shared setup for the HTTP tests: a real node:http server on 127.0.0.1:0 with a fixed clock and ids. */
import { startNodeServer, type RunningServer } from '../../../src/server/adapters/node-http.js';
import { createScimServer, type ScimServer, type ScimServerOptions } from '../../../src/server/create-server.js';

export const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const LIST_URN = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const SEARCH_URN = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
export const BULK_URN = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

/** A clock that advances one second per reading, from a fixed instant. */
export function steppingClock(start = Date.UTC(2026, 0, 1)): () => Date {
  let t = start;
  return () => new Date((t += 1000));
}

/** Ids `<prefix>-1`, `<prefix>-2`, … */
export function sequentialIds(prefix = 'id'): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}

export interface TestServer {
  url: string;
  server: ScimServer;
  running: RunningServer;
  close(): Promise<void>;
  /** fetch relative to the base URL, with JSON body and SCIM content type when a body is given. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  json(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
}

export async function startTestServer(options: ScimServerOptions = {}): Promise<TestServer> {
  const server = createScimServer({ now: steppingClock(), newId: sequentialIds(), ...options });
  const running = await startNodeServer(server, { port: 0, basePath: server.basePath });
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> => {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/scim+json; charset=utf-8';
    }
    return fetch(`${running.url}${path}`, init);
  };
  return {
    url: running.url,
    server,
    running,
    close: () => running.close(),
    call,
    async json(method, path, body, headers) {
      const res = await call(method, path, body, headers);
      const text = await res.text();
      return { status: res.status, body: text === '' ? undefined : JSON.parse(text), headers: res.headers };
    },
  };
}

export function user(userName: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { schemas: [USER_URN], userName, ...extra };
}

export function group(displayName: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { schemas: [GROUP_URN], displayName, ...extra };
}

export function patch(...operations: unknown[]): Record<string, unknown> {
  return { schemas: [PATCH_URN], Operations: operations };
}
