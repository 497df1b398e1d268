/**
 * A test-only fault layer over the reference server: each fault breaks one
 * behaviour an IdP or the RFC relies on, by rewriting the request, answering
 * it without the server, or rewriting the answer.
 */
import type { ScimHandler, ScimRequest, ScimResponse } from '../../src/server/types.js';

export type Fault = (handler: ScimHandler) => ScimHandler;

type Json = Record<string, unknown>;
interface Op {
  op?: unknown;
  path?: unknown;
  value?: unknown;
}

const parse = (req: ScimRequest): Json | undefined => {
  try {
    return req.body === undefined ? undefined : (JSON.parse(req.body) as Json);
  } catch {
    return undefined;
  }
};
const withBody = (req: ScimRequest, body: unknown): ScimRequest => ({ ...req, body: JSON.stringify(body) });
const ops = (body: Json | undefined): Op[] => (Array.isArray(body?.['Operations']) ? (body['Operations'] as Op[]) : []);
/** `/Users`, `/Groups/abc`: the path below the base path. */
const below = (req: ScimRequest): string => req.path.replace(/^.*?(\/(Users|Groups|Bulk|Me|ServiceProviderConfig|ResourceTypes|Schemas)(\/.*)?)$/i, '$1');
const isCollection = (req: ScimRequest, name: 'Users' | 'Groups') => new RegExp(`^/${name}/?$`, 'i').test(below(req));
const isResource = (req: ScimRequest, name: 'Users' | 'Groups') => new RegExp(`^/${name}/[^/]+$`, 'i').test(below(req));
const noContent = (): ScimResponse => ({ status: 204, headers: {} });
const scimError = (status: number, scimType: string | undefined, detail: string): ScimResponse => ({
  status,
  headers: { 'Content-Type': 'application/scim+json' },
  body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status), ...(scimType ? { scimType } : {}), detail },
});

/** Rewrite the request before the server sees it. */
const onRequest =
  (rewrite: (req: ScimRequest) => ScimRequest | ScimResponse): Fault =>
  (handler) =>
  async (req) => {
    const r = rewrite(req);
    return 'status' in r ? r : handler(r);
  };

/** Rewrite the server's answer. */
const onResponse =
  (rewrite: (req: ScimRequest, res: ScimResponse) => ScimResponse): Fault =>
  (handler) =>
  async (req) =>
    rewrite(req, await handler(req));

export const FAULTS = {
  /** A create answers 200 instead of 201. */
  create200: onResponse((req, res) => (req.method === 'POST' && res.status === 201 ? { ...res, status: 200 } : res)),
  /** A create answers without the Location header. */
  dropLocation: onResponse((req, res) => {
    if (req.method !== 'POST' || res.status !== 201) return res;
    const headers = Object.fromEntries(Object.entries(res.headers).filter(([k]) => k.toLowerCase() !== 'location'));
    return { ...res, headers };
  }),
  /** An empty list comes back without Resources (KB-empty: "No results for users returned"). */
  emptyListWithoutResources: onResponse((req, res) => {
    const b = res.body as Json | undefined;
    if (req.method !== 'GET' || res.status !== 200 || b?.['totalResults'] !== 0) return res;
    const { Resources: _dropped, ...rest } = b;
    return { ...res, body: rest };
  }),
  /** A query that matches nothing answers 404 instead of an empty ListResponse. */
  list404: onResponse((req, res) => {
    const b = res.body as Json | undefined;
    return req.method === 'GET' && res.status === 200 && b?.['totalResults'] === 0 && Array.isArray(b['Resources'])
      ? scimError(404, undefined, 'No such user')
      : res;
  }),
  /** itemsPerPage echoes the count asked for, not the number of resources returned (ory/polis#4054). */
  itemsPerPageIsCount: onResponse((req, res) => {
    const count = /(?:^|&)count=(\d+)/.exec(req.query)?.[1];
    const b = res.body as Json | undefined;
    return req.method === 'GET' && count && b && typeof b['itemsPerPage'] === 'number' ? { ...res, body: { ...b, itemsPerPage: Number(count) } } : res;
  }),
  /** A PATCH with a path-less replace of `active` is acknowledged but ignored (pond/scimitar#29). */
  ignorePathlessActive: onRequest((req) => {
    const body = parse(req);
    if (req.method !== 'PATCH' || !ops(body).some((o) => o.path === undefined && o.value !== null && typeof o.value === 'object' && 'active' in (o.value as Json))) return req;
    return noContent();
  }),
  /** A PATCH `remove` of members by value filter removes every member. */
  removeFilterWipesGroup: onRequest((req) => {
    const body = parse(req);
    if (req.method !== 'PATCH' || !isResource(req, 'Groups')) return req;
    const rewritten = ops(body).map((o) => (String(o.op).toLowerCase() === 'remove' && typeof o.path === 'string' && /^members\[/i.test(o.path) ? { op: 'remove', path: 'members' } : o));
    return withBody(req, { ...body, Operations: rewritten });
  }),
  /** A PATCH `remove` of members with a value array (Entra default) removes every member (azure-docs#30826). */
  removeValueWipesGroup: onRequest((req) => {
    const body = parse(req);
    if (req.method !== 'PATCH' || !isResource(req, 'Groups')) return req;
    const rewritten = ops(body).map((o) => (String(o.op).toLowerCase() === 'remove' && o.path === 'members' && o.value !== undefined ? { op: 'remove', path: 'members' } : o));
    return withBody(req, { ...body, Operations: rewritten });
  }),
  /** A PATCH `remove` of a member by value filter is acknowledged and ignored. */
  ignoreMemberFilterRemoval: onRequest((req) => {
    const body = parse(req);
    const hit = ops(body).some((o) => String(o.op).toLowerCase() === 'remove' && typeof o.path === 'string' && /^members\[/i.test(o.path));
    return req.method === 'PATCH' && hit ? noContent() : req;
  }),
  /** `id` inside a path-less replace value is refused as read-only, even when unchanged. */
  refuseIdInPathlessValue: onRequest((req) => {
    const body = parse(req);
    const hit = ops(body).some((o) => o.path === undefined && o.value !== null && typeof o.value === 'object' && 'id' in (o.value as Json));
    return req.method === 'PATCH' && hit ? scimError(400, 'mutability', 'id is readOnly') : req;
  }),
  /** PUT refuses echoed read-only values (id, meta) instead of ignoring them. */
  putRefusesReadOnly: onRequest((req) => {
    const body = parse(req);
    return req.method === 'PUT' && body && ('meta' in body || 'id' in body) ? scimError(400, 'mutability', 'meta and id are readOnly') : req;
  }),
  /** PUT on a user drops `name` and `displayName` from the new state. */
  putDropsName: onRequest((req) => {
    const body = parse(req);
    if (req.method !== 'PUT' || !isResource(req, 'Users') || !body) return req;
    const { name: _n, displayName: _d, ...rest } = body;
    return withBody(req, rest);
  }),
  /** PUT on a user ignores `active` (keeps whatever was stored). */
  putIgnoresActive: onRequest((req) => {
    const body = parse(req);
    if (req.method !== 'PUT' || !isResource(req, 'Users') || !body) return req;
    const { active: _a, ...rest } = body;
    return withBody(req, rest);
  }),
  /** PUT on a group ignores `members`. */
  putIgnoresMembers: onRequest((req) => {
    const body = parse(req);
    if (req.method !== 'PUT' || !isResource(req, 'Groups') || !body) return req;
    const { members: _m, ...rest } = body;
    return withBody(req, rest);
  }),
  /** Capitalised PATCH ops (Entra default: "Replace", "Add") are refused. */
  caseSensitiveOps: onRequest((req) => {
    const body = parse(req);
    return req.method === 'PATCH' && ops(body).some((o) => typeof o.op === 'string' && o.op !== o.op.toLowerCase())
      ? scimError(400, 'invalidSyntax', 'unknown op')
      : req;
  }),
  /** Keys of a path-less value that are attribute paths ("name.givenName", URN-qualified) are ignored. */
  ignoreDottedKeys: onRequest((req) => {
    const body = parse(req);
    if (req.method !== 'PATCH' || !body) return req;
    const rewritten = ops(body).map((o) => {
      if (o.path !== undefined || !o.value || typeof o.value !== 'object') return o;
      const kept = Object.fromEntries(Object.entries(o.value as Json).filter(([k]) => !k.includes('.')));
      return { ...o, value: kept };
    });
    return withBody(req, { ...body, Operations: rewritten });
  }),
  /** `add` on a value path (`addresses[type eq "work"].locality`) is dropped: nothing is built for an absent element. */
  ignoreValuePathAdds: onRequest((req) => {
    const body = parse(req);
    if (req.method !== 'PATCH' || !body) return req;
    const kept = ops(body).filter((o) => !(String(o.op).toLowerCase() === 'add' && typeof o.path === 'string' && o.path.includes('[')));
    return withBody(req, { ...body, Operations: kept.length > 0 ? kept : [{ op: 'replace', path: 'active', value: true }] });
  }),
  /** The enterprise manager sent as a bare string id is refused. */
  refuseStringManager: onRequest((req) => {
    const body = parse(req);
    const hit = ops(body).some((o) => typeof o.path === 'string' && /manager$/i.test(o.path) && typeof o.value === 'string');
    return req.method === 'PATCH' && hit ? scimError(400, 'invalidValue', 'manager must be an object') : req;
  }),
  /** A path-less replace of displayName is ignored. */
  ignorePathlessDisplayName: onRequest((req) => {
    const body = parse(req);
    if (req.method !== 'PATCH' || !body) return req;
    const rewritten = ops(body).filter((o) => !(o.path === undefined && o.value && typeof o.value === 'object' && 'displayName' in (o.value as Json)));
    return rewritten.length === ops(body).length ? req : noContent();
  }),
  /** userName filters compare case-sensitively. */
  caseSensitiveUserName: (handler) => async (req) => {
    const res = await handler(req);
    const filter = new URLSearchParams(req.query).get('filter') ?? '';
    const m = /userName eq "([^"]*)"/i.exec(filter);
    const b = res.body as Json | undefined;
    if (req.method !== 'GET' || !m || !isCollection(req, 'Users') || !Array.isArray(b?.['Resources'])) return res;
    const kept = (b['Resources'] as Json[]).filter((r) => r['userName'] === m[1]);
    return { ...res, body: { ...b, totalResults: kept.length, itemsPerPage: kept.length, Resources: kept } };
  },
  /** excludedAttributes=members is ignored on Groups. */
  ignoreExcludedMembers: (handler) => async (req) => {
    const params = new URLSearchParams(req.query);
    if (params.get('excludedAttributes') !== 'members') return handler(req);
    params.delete('excludedAttributes');
    return handler({ ...req, query: params.toString() });
  },
  /** startIndex is read 0-based (off by one). */
  zeroBasedStartIndex: onRequest((req) => {
    if (req.method !== 'GET' || !/(^|&)startIndex=/.test(req.query)) return req;
    return { ...req, query: req.query.replace(/(^|&)startIndex=(-?\d+)/, (_m, pre: string, n: string) => `${pre}startIndex=${Number(n) + 1}`) };
  }),
  /** sortBy=userName orders by code point, upper case first, ignoring caseExact=false. */
  sortByteOrder: onResponse((req, res) => {
    const params = new URLSearchParams(req.query);
    const b = res.body as Json | undefined;
    if (req.method !== 'GET' || params.get('sortBy') !== 'userName' || !Array.isArray(b?.['Resources'])) return res;
    const sorted = [...(b['Resources'] as Json[])].sort((x, y) => (String(x['userName']) < String(y['userName']) ? -1 : 1));
    return { ...res, body: { ...b, Resources: params.get('sortOrder') === 'descending' ? sorted.reverse() : sorted } };
  }),
  /** The attributes query parameter is ignored. */
  ignoreAttributes: onRequest((req) => {
    const params = new URLSearchParams(req.query);
    if (!params.has('attributes')) return req;
    params.delete('attributes');
    return { ...req, query: params.toString() };
  }),
  /** A PATCH applies its operations one by one, so a failing one leaves the earlier ones applied. */
  patchNotAtomic: (handler) => async (req) => {
    const body = parse(req);
    const list = ops(body);
    if (req.method === 'PATCH' && list.length > 1) await handler(withBody(req, { ...body, Operations: [list[0]] }));
    return handler(req);
  },
  /** If-Match and If-None-Match are ignored. */
  ignorePreconditions: onRequest((req) => {
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'if-match' && k !== 'if-none-match'));
    return { ...req, headers };
  }),
  /** Bulk results leave out the bulkId of POST operations. */
  bulkDropsBulkId: onResponse((req, res) => {
    const b = res.body as Json | undefined;
    if (!/\/Bulk$/i.test(req.path) || !Array.isArray(b?.['Operations'])) return res;
    return { ...res, body: { ...b, Operations: (b['Operations'] as Json[]).map(({ bulkId: _b, ...rest }) => rest) } };
  }),
  /** Users come back with their password. */
  returnPassword: onResponse((req, res) => {
    const b = res.body as Json | undefined;
    if (!b || b['id'] === undefined || !isResource({ ...req, path: String((b['meta'] as Json | undefined)?.['location'] ?? '') }, 'Users')) return res;
    return { ...res, body: { ...b, password: 'hunter2' } };
  }),
  /** Error bodies carry status as a number. */
  numericErrorStatus: onResponse((_req, res) => {
    const b = res.body as Json | undefined;
    return res.status >= 400 && typeof b?.['status'] === 'string' ? { ...res, body: { ...b, status: Number(b['status']) } } : res;
  }),
  /** /ServiceProviderConfig leaves out etag. */
  spcWithoutEtag: onResponse((req, res) => {
    const b = res.body as Json | undefined;
    if (!/ServiceProviderConfig$/i.test(req.path) || !b) return res;
    const { etag: _e, ...rest } = b;
    return { ...res, body: rest };
  }),
  /** A filter the server cannot parse ends in a 500. */
  invalidFilter500: onResponse((_req, res) => {
    const b = res.body as Json | undefined;
    return b?.['scimType'] === 'invalidFilter' ? scimError(500, undefined, 'internal error') : res;
  }),
  /** DELETE answers 200 instead of 204. */
  delete200: onResponse((req, res) => (req.method === 'DELETE' && res.status === 204 ? { ...res, status: 200 } : res)),
  /** A duplicate create is answered as if it had created a user. */
  acceptDuplicates: onResponse((req, res) => {
    if (req.method !== 'POST' || res.status !== 409) return res;
    const body = parse(req) ?? {};
    return { status: 201, headers: { 'Content-Type': 'application/scim+json' }, body: { ...body, id: 'duplicate', meta: { resourceType: 'User' } } };
  }),
  /** 401 answers carry no WWW-Authenticate challenge. */
  noChallenge: onResponse((_req, res) => {
    if (res.status !== 401) return res;
    return { ...res, headers: Object.fromEntries(Object.entries(res.headers).filter(([k]) => k.toLowerCase() !== 'www-authenticate')) };
  }),
} satisfies Record<string, Fault>;

export type FaultName = keyof typeof FAULTS;
