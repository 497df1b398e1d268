/**
 * POST /Bulk (RFC 7644 §3.7): operations run in dependency order so a
 * `bulkId:` reference may point forward or backward (§3.7.2); circular
 * references are resolved by creating one side without the reference and
 * completing it once the other side exists (§3.7.1). Limits are enforced
 * with 413 (§3.7.4), `failOnErrors` stops processing (§3.7).
 */
import { ScimError, isScimError, scimErrorBody } from '../../core/scim-errors.js';
import type { ScimResource } from '../../core/schema/types.js';
import { bulkRef, collectRefs, stripRefs, substituteRefs } from '../bulk-refs.js';
import { jsonResponse, member, readJsonObject } from '../http-util.js';
import { locationOf } from '../render.js';
import type { ResourceKind, StoredResource } from '../store.js';
import type { ScimResponse } from '../types.js';
import { createResource, deleteResource, patchResource, replaceResource } from '../write-ops.js';
import type { RouteCall } from './route-types.js';

export const BULK_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
export const BULK_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';

type BulkMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface BulkOp {
  index: number;
  method: BulkMethod;
  /** Set when the operation itself is malformed: it fails, in its turn, with this error. */
  invalid?: { error: ScimError; method: string; bulkId?: string };
  bulkId?: string;
  version?: string;
  kind: ResourceKind;
  /** The target id (or `bulkId:x` reference) for PUT, PATCH and DELETE. */
  target?: string;
  data?: unknown;
  refs: Set<string>;
}

interface OpResult {
  method: string;
  bulkId?: string;
  location?: string;
  version?: string;
  status: string;
  response?: unknown;
}

const KINDS: Record<string, ResourceKind> = { users: 'User', groups: 'Group' };

function opError(index: number, detail: string): ScimError {
  return new ScimError('invalidValue', `Operations[${index}]: ${detail}`);
}

/** Checks one operation's shape (§3.7: method, path, bulkId on POST, data on POST/PUT/PATCH). */
function parseOp(raw: unknown, index: number): BulkOp {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw opError(index, 'must be an object');
  const obj = raw as Record<string, unknown>;
  const methodText = member(obj, 'method');
  const method = typeof methodText === 'string' ? methodText.toUpperCase() : '';
  if (method !== 'POST' && method !== 'PUT' && method !== 'PATCH' && method !== 'DELETE') {
    throw opError(index, '"method" must be POST, PUT, PATCH or DELETE');
  }
  const path = member(obj, 'path');
  if (typeof path !== 'string') throw opError(index, '"path" is required');
  const parts = path.split('?')[0]?.split('/').filter((p) => p !== '') ?? [];
  const kind = KINDS[(parts[0] ?? '').toLowerCase()];
  if (!kind) throw opError(index, `"path" ${JSON.stringify(path)} is not /Users or /Groups`);
  const op: BulkOp = { index, method, kind, refs: new Set() };
  if (method === 'POST') {
    if (parts.length !== 1) throw opError(index, 'a POST "path" names the endpoint, e.g. "/Users"');
    const bulkId = member(obj, 'bulkId');
    if (typeof bulkId !== 'string' || bulkId === '') throw opError(index, '"bulkId" is required on POST');
    op.bulkId = bulkId;
  } else {
    if (parts.length !== 2 || parts[1] === undefined) throw opError(index, `"path" must name one resource, e.g. "/${parts[0]}/{id}"`);
    op.target = decodeURIComponent(parts[1]);
    const version = member(obj, 'version');
    if (typeof version === 'string') op.version = version;
  }
  if (method !== 'DELETE') {
    const data = member(obj, 'data');
    if (data === undefined) throw opError(index, `"data" is required on ${method}`);
    op.data = data;
  }
  collectRefs(op.data, op.refs);
  const targetRef = bulkRef(op.target);
  if (targetRef !== undefined) op.refs.add(targetRef);
  return op;
}

function failure(op: { method: string; bulkId?: string }, err: unknown, location?: string): OpResult {
  const e = isScimError(err) ? err : new ScimError('internal', 'The operation failed unexpectedly');
  const result: OpResult = { method: op.method, status: String(e.status), response: scimErrorBody(e) };
  if (op.bulkId !== undefined) result.bulkId = op.bulkId;
  if (location !== undefined) result.location = location;
  return result;
}

function limitError(detail: string): ScimError {
  return new ScimError('payloadTooLarge', detail);
}

export function postBulk(call: RouteCall): ScimResponse {
  const { ctx, scope } = call;
  const { bulkMaxOperations, bulkMaxPayloadSize } = ctx.limits;
  // RFC 7644 §3.7.4: 413 and a detail naming the limit.
  const size = new TextEncoder().encode(call.req.body ?? '').length;
  if (size > bulkMaxPayloadSize) {
    throw limitError(`The bulk request is ${size} bytes; maxPayloadSize is ${bulkMaxPayloadSize}`);
  }
  const body = readJsonObject(call.req);
  const schemas = member(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.includes(BULK_REQUEST_SCHEMA)) {
    throw new ScimError('invalidSyntax', `A bulk body must have "schemas": ["${BULK_REQUEST_SCHEMA}"]`);
  }
  const operations = member(body, 'Operations');
  if (!Array.isArray(operations)) throw new ScimError('invalidSyntax', 'A bulk body needs an "Operations" array');
  if (operations.length > bulkMaxOperations) {
    throw limitError(`The bulk request has ${operations.length} operations; maxOperations is ${bulkMaxOperations}`);
  }
  const failOnErrors = member(body, 'failOnErrors');
  if (failOnErrors !== undefined && (!Number.isInteger(failOnErrors) || (failOnErrors as number) < 1)) {
    throw new ScimError('invalidSyntax', '"failOnErrors" must be a positive integer');
  }
  const maxErrors = (failOnErrors as number | undefined) ?? Infinity;

  const results: OpResult[] = [];
  let errors = 0;
  const record = (r: OpResult): void => {
    results.push(r);
    if (Number(r.status) >= 400) errors++;
  };

  const pending: BulkOp[] = [];
  const declared = new Map<string, BulkOp>();
  operations.forEach((raw: unknown, index) => {
    try {
      const op = parseOp(raw, index);
      if (op.bulkId !== undefined && declared.has(op.bulkId)) throw opError(index, `bulkId "${op.bulkId}" is used twice`);
      if (op.bulkId !== undefined) declared.set(op.bulkId, op);
      pending.push(op);
    } catch (err) {
      const r = raw as Record<string, unknown> | null;
      const method = typeof r?.method === 'string' ? r.method.toUpperCase() : 'UNKNOWN';
      const bulkId = typeof r?.bulkId === 'string' ? { bulkId: r.bulkId } : {};
      const error = isScimError(err) ? err : new ScimError('invalidValue', `Operations[${index}] is not valid`);
      pending.push({ index, method: 'POST', kind: 'User', refs: new Set(), invalid: { error, method, ...bulkId } });
    }
  });

  const created = new Map<string, StoredResource>();
  const failedIds = new Set<string>();
  const resolve = (bulkId: string): string | undefined => created.get(bulkId)?.id;
  const completions: { op: BulkOp; stored: StoredResource }[] = [];

  const execute = (op: BulkOp, data: unknown): StoredResource | undefined => {
    const target = op.target === undefined ? undefined : (substituteRefs(op.target, resolve) as string);
    switch (op.method) {
      case 'POST':
        return createResource(ctx, op.kind, data);
      case 'PUT':
        return replaceResource(ctx, scope, op.kind, target as string, data, op.version);
      case 'PATCH':
        return patchResource(ctx, scope, op.kind, target as string, data, op.version);
      case 'DELETE':
        deleteResource(ctx, op.kind, target as string, op.version);
        return undefined;
    }
  };

  const run = (op: BulkOp, data: unknown): void => {
    if (op.invalid) {
      record(failure(op.invalid, op.invalid.error));
      return;
    }
    const targetLocation =
      op.target === undefined ? undefined : locationOf(scope, op.kind, substituteRefs(op.target, resolve) as string);
    try {
      const stored = execute(op, data);
      const result: OpResult = { method: op.method, status: op.method === 'POST' ? '201' : op.method === 'DELETE' ? '204' : '200' };
      if (op.bulkId !== undefined) result.bulkId = op.bulkId;
      if (stored) {
        result.location = locationOf(scope, stored.resourceType, stored.id);
        result.version = stored.version;
        if (op.bulkId !== undefined) created.set(op.bulkId, stored);
      } else if (targetLocation !== undefined) result.location = targetLocation;
      record(result);
    } catch (err) {
      if (op.bulkId !== undefined) failedIds.add(op.bulkId);
      record(failure(op, err, targetLocation));
    }
  };

  while (pending.length > 0 && errors < maxErrors) {
    // 1. Run the first operation whose references all resolve, in request order.
    const ready = pending.findIndex((op) => [...op.refs].every((id) => created.has(id)));
    if (ready >= 0) {
      const [op] = pending.splice(ready, 1) as [BulkOp];
      run(op, substituteRefs(op.data, resolve));
      continue;
    }
    // 2. A reference to a bulkId that failed or that no operation declares can never resolve (§3.7.2).
    const hopeless = pending.findIndex((op) => [...op.refs].some((id) => failedIds.has(id) || !declared.has(id)));
    if (hopeless >= 0) {
      const [op] = pending.splice(hopeless, 1) as [BulkOp];
      const missing = [...op.refs].filter((id) => !created.has(id));
      if (op.bulkId !== undefined) failedIds.add(op.bulkId);
      record(failure(op, new ScimError('conflict', `bulkId reference(s) ${missing.map((m) => `"${m}"`).join(', ')} could not be resolved`)));
      continue;
    }
    // 3. Only cycles remain (§3.7.1): create the first POST without its open references, finish it later.
    const cyclic = pending.findIndex((op) => op.method === 'POST');
    if (cyclic < 0) {
      for (const op of pending.splice(0)) {
        record(failure(op, new ScimError('conflict', 'circular bulkId references between operations that are not POSTs')));
      }
      break;
    }
    const [op] = pending.splice(cyclic, 1) as [BulkOp];
    const partial = stripRefs(substituteRefs(op.data, resolve) as ScimResource);
    const before = results.length;
    run(op, partial);
    const stored = op.bulkId === undefined ? undefined : created.get(op.bulkId);
    if (stored && results.length > before) completions.push({ op, stored });
  }

  // Complete the resources created without their circular references.
  for (const { op, stored } of completions) {
    try {
      const full = substituteRefs(op.data, resolve) as ScimResource;
      const done = replaceResource(ctx, scope, op.kind, stored.id, { ...full, id: stored.id });
      const result = results.find((r) => r.bulkId === op.bulkId && r.method === 'POST');
      if (result) result.version = done.version;
    } catch (err) {
      const at = results.findIndex((r) => r.bulkId === op.bulkId && r.method === 'POST');
      if (at >= 0) results[at] = failure(op, err);
      ctx.store.delete(op.kind, stored.id);
    }
  }

  if (results.some((r) => Number(r.status) < 300)) ctx.commit();
  // RFC 7644 §3.7: a processed bulk job is 200 even when operations failed; failOnErrors never echoes.
  return jsonResponse(200, { schemas: [BULK_RESPONSE_SCHEMA], Operations: results });
}
