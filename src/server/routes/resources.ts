/**
 * /Users and /Groups: GET by id, POST, PUT, PATCH, DELETE (RFC 7644 §3.3–§3.6),
 * with meta, Location and ETag headers (§3.1, §3.14).
 */
import { ScimError } from '../../core/scim-errors.js';
import type { ScimResource } from '../../core/schema/types.js';
import { parseAttrList, project } from '../core-ops.js';
import { emptyResponse, jsonResponse, readJsonBody } from '../http-util.js';
import { etagMatches } from '../etag.js';
import { renderOptionsFor, renderResource } from '../render.js';
import type { ResourceKind, StoredResource } from '../store.js';
import type { ScimResponse } from '../types.js';
import { createResource, deleteResource, patchResource, replaceResource, requireRecord } from '../write-ops.js';
import type { RouteCall } from './route-types.js';

function projectAs(call: RouteCall, resource: ScimResource): ScimResource {
  const attributes = call.params.get('attributes');
  const excluded = call.params.get('excludedattributes');
  return project(
    call.ctx,
    resource,
    attributes === undefined ? undefined : parseAttrList(attributes),
    excluded === undefined ? undefined : parseAttrList(excluded),
  );
}

/**
 * Refuse bad `attributes` / `excludedAttributes` before a write, so a change is
 * never committed and then answered with an error.
 */
function checkProjection(call: RouteCall, kind: ResourceKind): void {
  if (call.params.has('attributes') || call.params.has('excludedattributes')) {
    projectAs(call, { schemas: [], id: '', meta: { resourceType: kind } });
  }
}

/** The resource as the client asked for it (attributes / excludedAttributes, §3.9), with ETag. */
export function resourceResponse(call: RouteCall, record: StoredResource, status: 200 | 201): ScimResponse {
  const rendered = renderResource(call.ctx.store, call.scope, record, renderOptionsFor(call.params));
  const body = projectAs(call, rendered);
  const headers: Record<string, string> = { ETag: record.version };
  // RFC 7644 §3.3: the Location header equals meta.location.
  if (status === 201) headers.Location = (rendered.meta as { location: string }).location;
  return jsonResponse(status, body, headers);
}

export function getResource(call: RouteCall, kind: ResourceKind, id: string): ScimResponse {
  const record = requireRecord(call.ctx, kind, id);
  // RFC 7644 §3.14: If-None-Match naming the current version → 304 without a body.
  const ifNoneMatch = call.req.headers['if-none-match'];
  if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch, record.version)) {
    return emptyResponse(304, { ETag: record.version });
  }
  return resourceResponse(call, record, 200);
}

export function postResource(call: RouteCall, kind: ResourceKind): ScimResponse {
  checkProjection(call, kind);
  const record = createResource(call.ctx, kind, readJsonBody(call.req));
  call.ctx.commit();
  return resourceResponse(call, record, 201);
}

export function putResource(call: RouteCall, kind: ResourceKind, id: string): ScimResponse {
  checkProjection(call, kind);
  const body = readJsonBody(call.req);
  const record = replaceResource(call.ctx, call.scope, kind, id, body, call.req.headers['if-match']);
  call.ctx.commit();
  return resourceResponse(call, record, 200);
}

/** PATCH answers 200 with the resource: the RFC also allows 204, but Okta and Entra read the body. */
export function patchResourceRoute(call: RouteCall, kind: ResourceKind, id: string): ScimResponse {
  checkProjection(call, kind);
  const body = readJsonBody(call.req);
  const record = patchResource(call.ctx, call.scope, kind, id, body, call.req.headers['if-match']);
  call.ctx.commit();
  return resourceResponse(call, record, 200);
}

export function deleteResourceRoute(call: RouteCall, kind: ResourceKind, id: string): ScimResponse {
  deleteResource(call.ctx, kind, id, call.req.headers['if-match']);
  call.ctx.commit();
  // RFC 7644 §3.6: 204 No Content.
  return emptyResponse(204);
}

/** RFC 7644 §3.11: /Me is the user bound with `--me`; 501 when none is. */
export function meUserId(call: RouteCall): string {
  const userName = call.ctx.meUserName;
  if (userName === undefined) {
    throw new ScimError('notImplemented', '/Me is not bound to a user; start the server with --me <userName>');
  }
  const user = call.ctx.store.byUserName(userName);
  if (!user) throw new ScimError('notFound', `/Me is bound to userName "${userName}", which does not exist`);
  return user.id;
}

/** RFC 7644 §3.11: whatever the answer, Location carries the aliased resource's URI. */
export function withMeLocation(call: RouteCall, response: ScimResponse, id: string): ScimResponse {
  if (response.status >= 300 && response.status !== 304) return response;
  const record = call.ctx.store.get('User', id);
  if (!record) return response;
  const location = (renderResource(call.ctx.store, call.scope, record).meta as { location: string }).location;
  return { ...response, headers: { ...response.headers, Location: location } };
}
