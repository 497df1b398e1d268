/**
 * POST /Bulk (RFC 7644 §3.7): operations run in dependency order so a
 * `bulkId:` reference may point forward or backward (§3.7.2); circular
 * references are resolved by creating one side without the reference and
 * completing it once the other side exists (§3.7.1). `failOnErrors` stops
 * processing (§3.7).
 */
import { ScimError, isScimError, scimErrorBody } from '../../core/scim-errors.js';
import type { ScimResource } from '../../core/schema/types.js';
import { BULK_RESPONSE_SCHEMA, readBulkRequest, type BulkOp } from '../bulk-request.js';
import { stripRefs, substituteRefs } from '../bulk-refs.js';
import { jsonResponse } from '../http-util.js';
import { locationOf } from '../render.js';
import { membersOf, type StoredResource } from '../store.js';
import type { ScimResponse } from '../types.js';
import { createResource, deleteResource, patchResource, replaceResource } from '../write-ops.js';
import type { RouteCall } from './route-types.js';

interface OpResult {
  method: string;
  bulkId?: string;
  location?: string;
  version?: string;
  status: string;
  response?: unknown;
}

function failure(op: { method: string; bulkId?: string }, err: unknown, location?: string): OpResult {
  const e = isScimError(err) ? err : new ScimError('internal', 'The operation failed unexpectedly');
  const result: OpResult = { method: op.method, status: String(e.status), response: scimErrorBody(e) };
  if (op.bulkId !== undefined) result.bulkId = op.bulkId;
  if (location !== undefined) result.location = location;
  return result;
}

export function postBulk(call: RouteCall): ScimResponse {
  const { ctx, scope } = call;
  const { operations, declared, maxErrors } = readBulkRequest(call.req, ctx.limits);
  const pending = [...operations];
  const results: OpResult[] = [];
  let errors = 0;
  const record = (r: OpResult): void => {
    results.push(r);
    if (Number(r.status) >= 400) errors++;
  };

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
    // A group listing itself can never be completed: failing it now keeps other operations from building on a
    // resource that the completion step would delete again (their results would claim effects that are gone).
    if (op.kind === 'Group' && op.bulkId !== undefined && membersOf(op.data as ScimResource).some((m) => m.value === `bulkId:${op.bulkId}`)) {
      failedIds.add(op.bulkId);
      record(failure(op, new ScimError('invalidValue', 'a group cannot be a member of itself')));
      continue;
    }
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
      if (ctx.store.get(op.kind, stored.id)) ctx.store.delete(op.kind, stored.id);
    }
  }

  if (results.some((r) => Number(r.status) < 300)) ctx.commit();
  // RFC 7644 §3.7: a processed bulk job is 200 even when operations failed; failOnErrors never echoes.
  return jsonResponse(200, { schemas: [BULK_RESPONSE_SCHEMA], Operations: results });
}
