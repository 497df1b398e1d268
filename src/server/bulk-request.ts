/**
 * The BulkRequest message (RFC 7644 §3.7): limits first (§3.7.4, 413 naming
 * the limit), then the envelope, then each operation's shape. A malformed
 * operation does not fail the request; it fails in its turn.
 */
import { ScimError, isScimError } from '../core/scim-errors.js';
import { bulkRef, collectRefs } from './bulk-refs.js';
import { member, readJsonObject } from './http-util.js';
import type { ServerLimits } from './server-context.js';
import type { ResourceKind } from './store.js';
import type { ScimRequest } from './types.js';

export const BULK_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
export const BULK_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';

export type BulkMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface BulkOp {
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
  const endpoint = (parts[0] ?? '').toLowerCase();
  // Own keys only: a path of "/__proto__" or "/constructor" must not find Object.prototype members.
  const kind = Object.hasOwn(KINDS, endpoint) ? KINDS[endpoint] : undefined;
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

function limitError(detail: string): ScimError {
  return new ScimError('payloadTooLarge', detail);
}

export interface BulkRequest {
  /** Operations in request order; malformed ones carry `invalid`. */
  operations: BulkOp[];
  /** The bulkIds POST operations declare. */
  declared: Set<string>;
  /** `failOnErrors`, or Infinity. */
  maxErrors: number;
}

export function readBulkRequest(req: ScimRequest, limits: ServerLimits): BulkRequest {
  const { bulkMaxOperations, bulkMaxPayloadSize } = limits;
  // RFC 7644 §3.7.4: 413 and a detail naming the limit.
  const size = new TextEncoder().encode(req.body ?? '').length;
  if (size > bulkMaxPayloadSize) {
    throw limitError(`The bulk request is ${size} bytes; maxPayloadSize is ${bulkMaxPayloadSize}`);
  }
  const body = readJsonObject(req);
  const schemas = member(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.includes(BULK_REQUEST_SCHEMA)) {
    throw new ScimError('invalidSyntax', `A bulk body must have "schemas": ["${BULK_REQUEST_SCHEMA}"]`);
  }
  const rawOperations = member(body, 'Operations');
  if (!Array.isArray(rawOperations)) throw new ScimError('invalidSyntax', 'A bulk body needs an "Operations" array');
  if (rawOperations.length > bulkMaxOperations) {
    throw limitError(`The bulk request has ${rawOperations.length} operations; maxOperations is ${bulkMaxOperations}`);
  }
  const failOnErrors = member(body, 'failOnErrors');
  if (failOnErrors !== undefined && (!Number.isInteger(failOnErrors) || (failOnErrors as number) < 1)) {
    throw new ScimError('invalidSyntax', '"failOnErrors" must be a positive integer');
  }
  const maxErrors = (failOnErrors as number | undefined) ?? Infinity;

  const operations: BulkOp[] = [];
  const declared = new Set<string>();
  rawOperations.forEach((raw: unknown, index) => {
    try {
      const op = parseOp(raw, index);
      if (op.bulkId !== undefined && declared.has(op.bulkId)) throw opError(index, `bulkId "${op.bulkId}" is used twice`);
      if (op.bulkId !== undefined) declared.add(op.bulkId);
      operations.push(op);
    } catch (err) {
      const r = raw as Record<string, unknown> | null;
      const method = typeof r?.method === 'string' ? r.method.toUpperCase() : 'UNKNOWN';
      const bulkId = typeof r?.bulkId === 'string' ? { bulkId: r.bulkId } : {};
      const error = isScimError(err) ? err : new ScimError('invalidValue', `Operations[${index}] is not valid`);
      operations.push({ index, method: 'POST', kind: 'User', refs: new Set(), invalid: { error, method, ...bulkId } });
    }
  });
  return { operations, declared, maxErrors };
}
