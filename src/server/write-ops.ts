/**
 * The four writes (create, replace, patch, delete) shared by the HTTP routes
 * and /Bulk. Each runs the profile's rules, the core's validation or PATCH
 * engine, the version precondition, then the store.
 */
import { ScimError } from '../core/scim-errors.js';
import type { ScimResource } from '../core/schema/types.js';
import { checkDeclaredUniqueness } from './declared-uniqueness.js';
import { applyPatchTo, prepareForCreate, prepareForReplace } from './core-ops.js';
import { etagMatches } from './etag.js';
import { patchGroupDelta } from './member-patch.js';
import { renderResource } from './render.js';
import type { RequestScope, ServerContext } from './server-context.js';
import { membersOf, type ResourceKind, type StoredResource } from './store.js';

/**
 * What the store keeps of a validated resource: not the server-owned
 * attributes (RFC 7643 §3.1, §4.1.2: readOnly), and not `password`, which this
 * server never uses (changePassword is unsupported) and so never stores in
 * cleartext (RFC 7643 §9.2); Okta sends one with every create (okta.md §4.2).
 */
function toStored(kind: ResourceKind, resource: ScimResource): ScimResource {
  const { id: _id, meta: _meta, groups: _groups, password: _password, ...rest } = resource;
  if (kind === 'Group' && Array.isArray(rest.members)) rest.members = membersOf(rest);
  return rest;
}

function profileCheck(ctx: ServerContext, kind: ResourceKind, before: ScimResource | undefined, after: ScimResource): void {
  if (kind === 'User') ctx.profile.checkUser(after);
  else ctx.profile.checkGroup(before, after);
}

function deny(ctx: ServerContext, action: 'create' | 'replace' | 'patch' | 'delete', kind: ResourceKind): void {
  const refusal = ctx.profile.denyWrite(action, kind);
  if (refusal) throw refusal;
}

export function requireRecord(ctx: ServerContext, kind: ResourceKind, id: string): StoredResource {
  const record = ctx.store.get(kind, id);
  if (!record) throw new ScimError('notFound', `${kind} "${id}" not found`);
  return record;
}

/** RFC 7644 §3.14: a PUT, PATCH or DELETE whose If-Match names another version fails 412. */
function checkPrecondition(record: StoredResource, ifMatch: string | undefined): void {
  if (ifMatch !== undefined && !etagMatches(ifMatch, record.version)) {
    throw new ScimError(
      'preconditionFailed',
      `If-Match ${ifMatch} does not match the current version ${record.version} of ${record.resourceType} "${record.id}"`,
    );
  }
}

/** The common start of PUT and PATCH: profile refusal, 404, If-Match. */
function openForWrite(
  ctx: ServerContext,
  action: 'replace' | 'patch',
  kind: ResourceKind,
  id: string,
  ifMatch: string | undefined,
): StoredResource {
  deny(ctx, action, kind);
  const record = requireRecord(ctx, kind, id);
  checkPrecondition(record, ifMatch);
  return record;
}

export function createResource(ctx: ServerContext, kind: ResourceKind, body: unknown): StoredResource {
  deny(ctx, 'create', kind);
  // RFC 7644 §3.3: readOnly attributes in the request (id, meta, groups) are ignored.
  const prepared = toStored(kind, prepareForCreate(ctx, kind, body));
  profileCheck(ctx, kind, undefined, prepared);
  checkDeclaredUniqueness(ctx, kind, prepared, undefined);
  return ctx.store.create(kind, prepared);
}

export function replaceResource(
  ctx: ServerContext,
  scope: RequestScope,
  kind: ResourceKind,
  id: string,
  body: unknown,
  ifMatch?: string,
): StoredResource {
  // RFC 7644 §3.5.1: PUT never creates; an unknown id is 404.
  const record = openForWrite(ctx, 'replace', kind, id, ifMatch);
  const current = renderResource(ctx.store, scope, record);
  const prepared = toStored(kind, prepareForReplace(ctx, kind, current, body));
  profileCheck(ctx, kind, record.data, prepared);
  checkDeclaredUniqueness(ctx, kind, prepared, id);
  return ctx.store.replace(kind, id, prepared);
}

export function patchResource(
  ctx: ServerContext,
  scope: RequestScope,
  kind: ResourceKind,
  id: string,
  body: unknown,
  ifMatch?: string,
): StoredResource {
  const record = openForWrite(ctx, 'patch', kind, id, ifMatch);
  // RFC 7644 §3.5.2: all operations apply or none; the engine works on a copy of the resource as clients
  // see it. A Group PATCH of members (and of attributes beside them) takes a path with the same result
  // that costs only the change (member-patch.ts).
  const delta = patchGroupDelta(ctx, scope, record, body);
  if (delta) {
    const others = toStored('Group', delta.others);
    profileCheck(ctx, 'Group', record.data, others);
    const { members } = delta;
    if ('all' in members) return ctx.store.replace('Group', id, { ...others, members: members.all.map((value) => ({ value })) });
    return ctx.store.patchGroup(id, others, members.removed, members.added);
  }
  const patched = toStored(kind, applyPatchTo(ctx, kind, renderResource(ctx.store, scope, record), body));
  profileCheck(ctx, kind, record.data, patched);
  checkDeclaredUniqueness(ctx, kind, patched, id);
  return ctx.store.replace(kind, id, patched);
}

export function deleteResource(ctx: ServerContext, kind: ResourceKind, id: string, ifMatch?: string): void {
  deny(ctx, 'delete', kind);
  const record = requireRecord(ctx, kind, id);
  checkPrecondition(record, ifMatch);
  ctx.store.delete(kind, id);
}
