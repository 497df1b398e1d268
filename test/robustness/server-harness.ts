/**
 * The reference server as a fuzz target: a seeded in-process server, and
 * `probe()`, which sends one request and checks the invariants every answer
 * must keep (no 5xx, a proper SCIM error body, no store change from a
 * rejected or read-only request, no internal error).
 */
import { expect } from 'vitest';
import { createScimServer, type ScimServer } from '../../src/server/create-server.js';
import type { ScimRequest, ScimResponse } from '../../src/server/types.js';

export const TOKEN = 'fuzz-token-0123456789';
export const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const BULK_URN = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
export const SEARCH_URN = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';

export interface FuzzTarget {
  server: ScimServer;
  internalErrors: unknown[];
  /** Requests sent and the answers by class, for the figures. */
  tally: { cases: number; '2xx/3xx': number; '4xx': number; '5xx': number; 'store changed by a rejection': number };
}

/** A server with two users (id-1 alice, id-2 bob) and a group (id-3) holding alice. */
export function fuzzTarget(): FuzzTarget {
  const internalErrors: unknown[] = [];
  let n = 0;
  const server = createScimServer({
    token: TOKEN,
    now: () => new Date(Date.UTC(2026, 0, 1)),
    newId: () => `id-${++n}`,
    me: 'alice@example.com',
    seed: {
      users: [
        {
          schemas: [USER_URN, ENTERPRISE_URN],
          userName: 'alice@example.com',
          name: { givenName: 'Alice', familyName: 'A' },
          emails: [{ value: 'alice@example.com', type: 'work', primary: true }],
          [ENTERPRISE_URN]: { employeeNumber: '1', manager: { value: 'id-2' } },
        },
        { schemas: [USER_URN], userName: 'bob@example.com', active: true },
      ],
      groups: [{ schemas: [GROUP_URN], displayName: 'Team', members: [{ value: 'id-1' }] }],
    },
    onInternalError: (err) => internalErrors.push(err),
  });
  return { server, internalErrors, tally: { cases: 0, '2xx/3xx': 0, '4xx': 0, '5xx': 0, 'store changed by a rejection': 0 } };
}

export function request(method: string, path: string, init: Partial<ScimRequest> = {}): ScimRequest {
  return {
    method,
    path: `/scim/v2${path}`,
    query: '',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json', ...init.headers },
    ...(init.query !== undefined ? { query: init.query } : {}),
    ...(init.body !== undefined ? { body: init.body } : {}),
  };
}

/** Percent-encode any string, lone surrogates included (encodeURIComponent throws on those). */
export function pct(text: string): string {
  return encodeURIComponent(text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The store's resources as text. The version counter (`seq`) is left out: an
 * attempt that fails half-way (a Bulk cycle completed and rolled back) may use
 * up a version number, which is harmless because versions only have to differ.
 */
export function storeText(server: ScimServer): string {
  const { seq: _seq, ...rest } = server.store.snapshot();
  return JSON.stringify(rest);
}

/** Send one request and assert the invariants; returns the response for further checks. */
export async function probe(target: FuzzTarget, req: ScimRequest): Promise<ScimResponse> {
  const before = storeText(target.server);
  const errorsBefore = target.internalErrors.length;
  const res = await target.server(req);
  target.tally.cases++;
  const status = res.status;
  if (status >= 500) target.tally['5xx']++;
  else if (status >= 400) target.tally['4xx']++;
  else target.tally['2xx/3xx']++;
  const after = storeText(target.server);
  const rejected = status >= 400 || !WRITES.has(req.method.toUpperCase());
  if (rejected && after !== before) target.tally['store changed by a rejection']++;
  const where = `${req.method} ${req.path}?${req.query.slice(0, 200)} body=${(req.body ?? '').slice(0, 300)}`;
  expect(target.internalErrors.slice(errorsBefore).map(String), where).toEqual([]);
  expect(status, `${where} → ${JSON.stringify(res.body)?.slice(0, 300)}`).toBeLessThan(500);
  if (rejected) expect(after === before, `${where} changed the store`).toBe(true);
  // The body survives serialisation, and an error is an RFC 7644 §3.12 error.
  const text = res.body === undefined ? undefined : JSON.stringify(res.body);
  if (status >= 400) {
    const body = JSON.parse(text ?? 'null') as { schemas?: unknown; status?: unknown };
    expect(body?.schemas, where).toEqual([ERROR_URN]);
    expect(body?.status, where).toBe(String(status));
  }
  return res;
}

/** Own property names of the built-in prototypes, to prove no request added one. */
export function prototypeFingerprint(): string {
  const protos = [Object.prototype, Array.prototype, Function.prototype, String.prototype, Number.prototype, Map.prototype];
  return JSON.stringify(protos.map((p) => Object.getOwnPropertyNames(p).sort()));
}

export function expectNoPollution(fingerprint: string): void {
  expect(prototypeFingerprint()).toBe(fingerprint);
  const probeObject: Record<string, unknown> = {};
  for (const key of ['polluted', 'isAdmin', 'x', 'value', 'userName']) expect(probeObject[key], key).toBeUndefined();
}
