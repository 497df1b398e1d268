/**
 * The route table: which handler answers a method on a path below the base
 * path (RFC 7644 §3.2 method map). Unknown paths are 404, known paths with
 * another method 405 with an `Allow` header, both as SCIM errors.
 */
import { readJsonObject } from './http-util.js';
import { postBulk } from './routes/bulk.js';
import { getDiscovery, type DiscoveryEndpoint } from './routes/discovery.js';
import { querySpecFromParams, querySpecFromSearch, runQuery } from './routes/list-resources.js';
import {
  deleteResourceRoute,
  getResource,
  meUserId,
  patchResourceRoute,
  postResource,
  putResource,
  withMeLocation,
} from './routes/resources.js';
import type { RouteCall, RouteHandler } from './routes/route-types.js';
import type { ResourceKind } from './store.js';

export type Methods = Partial<Record<string, RouteHandler>>;

const BOTH: readonly ResourceKind[] = ['User', 'Group'];
const RESOURCE_ENDPOINTS: Record<string, ResourceKind> = { users: 'User', groups: 'Group' };
const DISCOVERY_ENDPOINTS: Record<string, DiscoveryEndpoint> = {
  serviceproviderconfig: 'ServiceProviderConfig',
  resourcetypes: 'ResourceTypes',
  schemas: 'Schemas',
};

const search =
  (kinds: readonly ResourceKind[]): RouteHandler =>
  (call) =>
    runQuery(call.ctx, call.scope, kinds, querySpecFromSearch(readJsonObject(call.req)));

const list =
  (kinds: readonly ResourceKind[]): RouteHandler =>
  (call) =>
    runQuery(call.ctx, call.scope, kinds, querySpecFromParams(call.params));

function collectionRoutes(kind: ResourceKind): Methods {
  return { GET: list([kind]), POST: (call) => postResource(call, kind) };
}

function itemRoutes(kind: ResourceKind, id: string): Methods {
  return {
    GET: (call) => getResource(call, kind, id),
    PUT: (call) => putResource(call, kind, id),
    PATCH: (call) => patchResourceRoute(call, kind, id),
    DELETE: (call) => deleteResourceRoute(call, kind, id),
  };
}

/** RFC 7644 §3.11: /Me takes all five methods on the bound user. */
const meRoutes: Methods = {
  GET: (call) => withMe(call, (id) => getResource(call, 'User', id)),
  PUT: (call) => withMe(call, (id) => putResource(call, 'User', id)),
  PATCH: (call) => withMe(call, (id) => patchResourceRoute(call, 'User', id)),
  DELETE: (call) => {
    const id = meUserId(call);
    return deleteResourceRoute(call, 'User', id);
  },
  POST: (call) => {
    meUserId(call);
    return postResource(call, 'User');
  },
};

function withMe(call: RouteCall, run: (id: string) => ReturnType<RouteHandler>): ReturnType<RouteHandler> {
  const id = meUserId(call);
  return withMeLocation(call, run(id), id);
}

/** The methods served at `segments`, or undefined when nothing lives there. */
export function routeFor(segments: string[]): Methods | undefined {
  const [first, second, ...rest] = segments;
  if (first === undefined) return { GET: list(BOTH) };
  if (rest.length > 0) return undefined;
  const name = first.toLowerCase();
  if (second === undefined && name === '.search') return { POST: search(BOTH) };
  // Own keys only: `/__proto__` or `/constructor` must not find Object.prototype members.
  const kind = Object.hasOwn(RESOURCE_ENDPOINTS, name) ? RESOURCE_ENDPOINTS[name] : undefined;
  if (kind) {
    if (second === undefined) return collectionRoutes(kind);
    if (second === '.search') return { POST: search([kind]) };
    return itemRoutes(kind, second);
  }
  const discovery = Object.hasOwn(DISCOVERY_ENDPOINTS, name) ? DISCOVERY_ENDPOINTS[name] : undefined;
  if (discovery) {
    if (discovery === 'ServiceProviderConfig' && second !== undefined) return undefined;
    return { GET: (call) => getDiscovery(call.ctx, call.scope, discovery, second, call.params) };
  }
  if (second !== undefined) return undefined;
  if (name === 'bulk') return { POST: postBulk };
  if (name === 'me') return meRoutes;
  return undefined;
}
