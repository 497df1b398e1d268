/**
 * The server's only doorway into the SCIM core: filter, validation, PATCH,
 * projection, sort and paging. Keeping the calls here gives every route one
 * place that knows the core's signatures and the server's options.
 */
import type { Filter } from '../core/filter/ast.js';
import { checkFilter, matchesFilter } from '../core/filter/filter-evaluator.js';
import { parseFilter } from '../core/filter/filter-parser.js';
import { applyMemberOps, memberValueDef, splitMemberOps, type MemberOp } from '../core/patch/member-ops.js';
import { applyPatch, checkPatchedResource } from '../core/patch/patch-engine.js';
import { isReference } from '../core/schema/value-checks.js';
import { parseAttributeList, projectResource, resourceProjector } from '../core/projection.js';
import { prepareCreate, prepareReplace } from '../core/schema/validate-resource.js';
import type { ScimResource } from '../core/schema/types.js';
import { pageBounds, paginate, parsePaging, type Page } from '../core/paginate.js';
import { sortResources } from '../core/sort.js';
import { resourceTypeDocs, schemaDocs, serviceProviderConfigDoc } from '../core/schema/discovery.js';
import type { ServerContext } from './server-context.js';

export type { Page };
import type { ResourceKind } from './store.js';

export function compileFilter(text: string): Filter {
  return parseFilter(text);
}

/**
 * The resource types a filter can be evaluated on, checked before any resource is
 * seen, so `active gt true` is 400 invalidFilter on an empty store too.
 * A type error is always 400. In strict mode an attribute unknown to a type is
 * an error too, except in a root query (RFC 7644 §3.4.2.1), where it only means
 * that type has no matches: `userName eq "x"` over /.search finds Users and no
 * Groups. Only when no type knows the attribute is the query refused.
 */
export function filterableKinds(ctx: ServerContext, kinds: readonly ResourceKind[], filter: Filter): ResourceKind[] {
  for (const kind of kinds) checkFilter(ctx.registry, kind, filter, { unknownAttributes: 'lenient' });
  if (!ctx.strict) return [...kinds];
  let unknown: unknown;
  const usable = kinds.filter((kind) => {
    try {
      checkFilter(ctx.registry, kind, filter, { unknownAttributes: 'reject' });
      return true;
    } catch (err) {
      unknown ??= err;
      return false;
    }
  });
  if (usable.length === 0) throw unknown;
  return usable;
}

export function filterMatches(ctx: ServerContext, kind: ResourceKind, filter: Filter, resource: ScimResource): boolean {
  // Strict mode refuses attributes the schema does not define instead of treating them as absent.
  return matchesFilter(ctx.registry, kind, filter, resource, { unknownAttributes: ctx.strict ? 'reject' : 'lenient' });
}

export function prepareForCreate(ctx: ServerContext, kind: ResourceKind, body: unknown): ScimResource {
  return prepareCreate(ctx.registry, kind, body, { strict: ctx.strict });
}

export function prepareForReplace(
  ctx: ServerContext,
  kind: ResourceKind,
  current: ScimResource,
  body: unknown,
): ScimResource {
  return prepareReplace(ctx.registry, kind, current, body, { strict: ctx.strict });
}

export function applyPatchTo(ctx: ServerContext, kind: ResourceKind, current: ScimResource, body: unknown): ScimResource {
  return applyPatch(ctx.registry, kind, current, body, { strict: ctx.strict });
}

/** A Group PATCH as member operations plus operations that leave members alone (core/patch/member-ops.ts), else undefined. */
export function splitGroupPatch(ctx: ServerContext, body: unknown): { members: MemberOp[]; others: unknown[] } | undefined {
  return splitMemberOps(body, { strict: ctx.strict });
}

/** caseExact of Group `members.value`, or undefined when `members` is not the RFC 7643 §4.2 shape. */
export function memberValueCaseExact(ctx: ServerContext): boolean | undefined {
  const def = memberValueDef(ctx.registry, 'Group');
  return def ? def.caseExact === true : undefined;
}

/** The member ids the engine would leave after `ops`, or undefined when Group `members` is not the RFC 7643 §4.2 shape. */
export function applyMemberPatch(ctx: ServerContext, kind: ResourceKind, ids: readonly string[], ops: readonly MemberOp[]): string[] | undefined {
  const valueDef = memberValueDef(ctx.registry, kind);
  return valueDef && applyMemberOps(valueDef, ids, ops);
}

/** The PATCH engine's final schema check of a patched resource (RFC 7644 §3.5.2); throws as the engine does. */
export function checkPatched(ctx: ServerContext, kind: ResourceKind, current: ScimResource, working: ScimResource): ScimResource {
  return checkPatchedResource(ctx.registry, kind, current, working, { strict: ctx.strict });
}

/** RFC 7643 §2.3.7 reference syntax, as the schema check judges `$ref`. */
export function isUriReference(text: string): boolean {
  return isReference(text);
}

export function parseAttrList(text: string): string[] {
  return parseAttributeList(text);
}

export function project(
  ctx: ServerContext,
  resource: ScimResource,
  attributes: string[] | undefined,
  excludedAttributes: string[] | undefined,
): ScimResource {
  const kind = (resource.meta as { resourceType?: string } | undefined)?.resourceType ?? 'User';
  return projectResource(ctx.registry, kind, resource, { attributes, excludedAttributes });
}

/** `project` for many resources with the same parameters (a list page): each type's projection is prepared once. */
export function projectorFor(
  ctx: ServerContext,
  attributes: string[] | undefined,
  excludedAttributes: string[] | undefined,
): (resource: ScimResource) => ScimResource {
  const byKind = new Map<string, (resource: ScimResource) => ScimResource>();
  return (resource) => {
    const kind = (resource.meta as { resourceType?: string } | undefined)?.resourceType ?? 'User';
    let f = byKind.get(kind);
    if (!f) byKind.set(kind, (f = resourceProjector(ctx.registry, kind, { attributes, excludedAttributes })));
    return f(resource);
  };
}

export function sortList(
  ctx: ServerContext,
  kinds: readonly ResourceKind[],
  resources: ScimResource[],
  sortBy: string,
  sortOrder: string | undefined,
): ScimResource[] {
  // A root query sorts by the first type's definition of sortBy; resources lacking it sort last (§3.4.2.3).
  return sortResources(ctx.registry, kinds[0] ?? 'User', resources, sortOrder === undefined ? { sortBy } : { sortBy, sortOrder });
}

/** RFC 7644 §3.4.2.4 paging, with `count` capped at filter.maxResults (RFC 7643 §5). */
export function pageOf<T>(
  items: T[],
  startIndex: string | undefined,
  count: string | undefined,
  maxResults: number,
): Page<T> {
  const query = { ...(startIndex === undefined ? {} : { startIndex }), ...(count === undefined ? {} : { count }) };
  return paginate(items, { ...parsePaging(query), maxCount: maxResults });
}

/** Where `pageOf` would cut a list of `total` items, without the list (RFC 7644 §3.4.2.4). */
export function pageWindow(
  total: number,
  startIndex: string | undefined,
  count: string | undefined,
  maxResults: number,
): { startIndex: number; from: number; size: number } {
  const query = { ...(startIndex === undefined ? {} : { startIndex }), ...(count === undefined ? {} : { count }) };
  return pageBounds(total, { ...parsePaging(query), maxCount: maxResults });
}

/** RFC 7643 §5: what this server supports, with the bulk limits it enforces. */
export function serviceProviderConfig(ctx: ServerContext, baseUrl: string): ScimResource {
  return serviceProviderConfigDoc({
    patch: true,
    bulk: {
      supported: true,
      maxOperations: ctx.limits.bulkMaxOperations,
      maxPayloadSize: ctx.limits.bulkMaxPayloadSize,
    },
    filter: { supported: true, maxResults: ctx.limits.maxResults },
    changePassword: false,
    sort: true,
    etag: true,
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'A static bearer token given to the server with --token or SCIMCTL_TOKEN',
        specUri: 'https://www.rfc-editor.org/rfc/rfc6750',
        primary: true,
      },
    ],
    location: `${baseUrl}/ServiceProviderConfig`,
  });
}

export function resourceTypes(ctx: ServerContext, baseUrl: string): ScimResource[] {
  return resourceTypeDocs(ctx.registry, baseUrl);
}

export function schemas(ctx: ServerContext, baseUrl: string): ScimResource[] {
  return schemaDocs(ctx.registry, baseUrl);
}
