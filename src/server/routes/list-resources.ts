/**
 * Queries: GET on a resource endpoint or the root, and POST `.search`
 * (RFC 7644 §3.4.2, §3.4.3). Filter, sort, paginate, project, then a
 * ListResponse with integer counts (Okta fails on strings, okta.md §1).
 */
import type { Filter } from '../../core/filter/ast.js';
import { ScimError } from '../../core/scim-errors.js';
import type { ScimResource } from '../../core/schema/types.js';
import { compileFilter, filterableKinds, filterMatches, pageOf, pageWindow, parseAttrList, projectorFor, sortList, type Page } from '../core-ops.js';
import { jsonResponse, member } from '../http-util.js';
import { indexedCandidates } from '../index-lookup.js';
import { renderResource } from '../render.js';
import type { RequestScope, ServerContext } from '../server-context.js';
import type { ResourceKind, StoredResource } from '../store.js';
import type { ScimResponse } from '../types.js';

export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const SEARCH_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

/** The query parameters of §3.4.2, as text, whether from the URL or a SearchRequest. */
export interface QuerySpec {
  filter?: string;
  sortBy?: string;
  sortOrder?: string;
  startIndex?: string;
  count?: string;
  attributes?: string[];
  excludedAttributes?: string[];
}

export function querySpecFromParams(params: Map<string, string>): QuerySpec {
  const spec: QuerySpec = {};
  const text = (name: string): string | undefined => params.get(name.toLowerCase());
  const filter = text('filter');
  if (filter !== undefined) spec.filter = filter;
  const sortBy = text('sortBy');
  if (sortBy !== undefined) spec.sortBy = sortBy;
  const sortOrder = text('sortOrder');
  if (sortOrder !== undefined) spec.sortOrder = sortOrder;
  const startIndex = text('startIndex');
  if (startIndex !== undefined) spec.startIndex = startIndex;
  const count = text('count');
  if (count !== undefined) spec.count = count;
  const attributes = text('attributes');
  if (attributes !== undefined) spec.attributes = parseAttrList(attributes);
  const excluded = text('excludedAttributes');
  if (excluded !== undefined) spec.excludedAttributes = parseAttrList(excluded);
  return spec;
}

function stringMember(body: Record<string, unknown>, name: string): string | undefined {
  const v = member(body, name);
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && (name === 'startIndex' || name === 'count')) return String(v);
  throw new ScimError('invalidSyntax', `SearchRequest "${name}" must be a ${name === 'startIndex' || name === 'count' ? 'number' : 'string'}`);
}

function listMember(body: Record<string, unknown>, name: string): string[] | undefined {
  const v = member(body, name);
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
    throw new ScimError('invalidSyntax', `SearchRequest "${name}" must be an array of strings`);
  }
  return v.flatMap((x: string) => parseAttrList(x));
}

/** RFC 7644 §3.4.3: the SearchRequest message, same members as the URL parameters. */
export function querySpecFromSearch(body: Record<string, unknown>): QuerySpec {
  const schemas = member(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.includes(SEARCH_REQUEST_SCHEMA)) {
    throw new ScimError('invalidSyntax', `A search body must have "schemas": ["${SEARCH_REQUEST_SCHEMA}"]`);
  }
  const spec: QuerySpec = {};
  for (const name of ['filter', 'sortBy', 'sortOrder', 'startIndex', 'count'] as const) {
    const v = stringMember(body, name);
    if (v !== undefined) spec[name] = v;
  }
  const attributes = listMember(body, 'attributes');
  if (attributes) spec.attributes = attributes;
  const excluded = listMember(body, 'excludedAttributes');
  if (excluded) spec.excludedAttributes = excluded;
  return spec;
}

/** Records matching `filter`, from an index when one answers it, else from a scan (each rendered once to test it). */
function matching(ctx: ServerContext, scope: RequestScope, kind: ResourceKind, filter: Filter | undefined): StoredResource[] {
  const candidates = indexedCandidates(ctx.store, kind, filter) ?? ctx.store.scan(kind);
  if (!filter) return [...candidates];
  const out: StoredResource[] = [];
  for (const record of candidates) {
    if (filterMatches(ctx, kind, filter, renderResource(ctx.store, scope, record))) out.push(record);
  }
  return out;
}

/** A page cut from the store's insertion order by position: O(page), whatever the directory (RFC 7644 §3.4.2.4). */
function storeOrderPage(ctx: ServerContext, kinds: readonly ResourceKind[], spec: QuerySpec): Page<StoredResource> {
  const total = kinds.reduce((n, kind) => n + ctx.store.size(kind), 0);
  const { startIndex, from, size } = pageWindow(total, spec.startIndex, spec.count, ctx.limits.maxResults);
  const page: StoredResource[] = [];
  // A root query pages through Users, then Groups.
  let offset = 0;
  for (const kind of kinds) {
    const n = ctx.store.size(kind);
    const start = Math.max(from, offset);
    const end = Math.min(from + size, offset + n);
    if (end > start) page.push(...ctx.store.range(kind, start - offset, end - start));
    offset += n;
  }
  return { startIndex, itemsPerPage: page.length, totalResults: total, page };
}

/**
 * Sorted orders of whole resource types, kept until the store next changes: the
 * first sorted page costs a sort of the directory, the pages after it O(page)
 * (Okta and Entra page through an import with the same sortBy).
 */
const sortedOrders = new WeakMap<object, Map<string, { generation: number; records: StoredResource[] }>>();
const SORTED_ORDERS_KEPT = 4;

function sortedRecords(
  ctx: ServerContext,
  scope: RequestScope,
  kinds: readonly ResourceKind[],
  records: () => StoredResource[],
  spec: QuerySpec & { sortBy: string },
  cacheable: boolean,
): StoredResource[] {
  const key = JSON.stringify([kinds, spec.sortBy, spec.sortOrder ?? null]);
  let cache = sortedOrders.get(ctx.store);
  if (!cache) sortedOrders.set(ctx.store, (cache = new Map()));
  const hit = cacheable ? cache.get(key) : undefined;
  if (hit && hit.generation === ctx.store.generation()) return hit.records;
  // The sort reads resources as clients see them; each rendering maps back to its record.
  const recordOf = new Map<ScimResource, StoredResource>();
  const rendered = records().map((record) => {
    const resource = renderResource(ctx.store, scope, record);
    recordOf.set(resource, record);
    return resource;
  });
  const sorted = sortList(ctx, kinds, rendered, spec.sortBy, spec.sortOrder).map((r) => recordOf.get(r) as StoredResource);
  if (cacheable) {
    cache.delete(key);
    cache.set(key, { generation: ctx.store.generation(), records: sorted });
    if (cache.size > SORTED_ORDERS_KEPT) cache.delete(cache.keys().next().value as string);
  }
  return sorted;
}

function matchingPage(
  ctx: ServerContext,
  scope: RequestScope,
  kinds: readonly ResourceKind[],
  spec: QuerySpec,
  filter: Filter | undefined,
): Page<StoredResource> {
  const sortBy = spec.sortBy;
  // No filter and no sortBy: the page is known by position.
  if (filter === undefined && sortBy === undefined) return storeOrderPage(ctx, kinds, spec);
  const searched = filter === undefined ? kinds : filterableKinds(ctx, kinds, filter);
  const found = () => searched.flatMap((kind) => matching(ctx, scope, kind, filter));
  // Only the order of whole resource types is worth keeping: a filtered match list is rebuilt anyway.
  const listed = sortBy === undefined ? found() : sortedRecords(ctx, scope, kinds, found, { ...spec, sortBy }, filter === undefined);
  // RFC 7644 §3.4.2.4: 1-based startIndex; itemsPerPage is what this page holds (ory/polis#4054).
  return pageOf(listed, spec.startIndex, spec.count, ctx.limits.maxResults);
}

/** Runs a query over one resource type, or over both for a root query (§3.4.2.1). */
export function runQuery(
  ctx: ServerContext,
  scope: RequestScope,
  kinds: readonly ResourceKind[],
  spec: QuerySpec,
): ScimResponse {
  const filter = spec.filter === undefined ? undefined : compileFilter(spec.filter);
  const page = matchingPage(ctx, scope, kinds, spec, filter);
  // Only the page is rendered for the response, with one projection prepared for all of it.
  const projectOne = projectorFor(ctx, spec.attributes, spec.excludedAttributes);
  const resources = page.page.map((record) => projectOne(renderResource(ctx.store, scope, record)));
  return jsonResponse(200, {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: page.totalResults,
    startIndex: page.startIndex,
    itemsPerPage: page.itemsPerPage,
    Resources: resources,
  });
}
