/**
 * A recording replayed to a target that lacks a schema extension the IdP's
 * default mappings send. The IdP's admin removes those mappings for such an
 * app (Entra: Provisioning → Mappings; entra.md §2.3), so the replay leaves
 * the extension out of what it sends and of what it judges, and says so. The
 * extension is OPTIONAL (RFC 7643 §4.3): lacking it is not a defect.
 * Pure: data in, data out.
 */
import { isObject as isObj } from '../core/patch/json-values.js';
import type { JsonObject as Obj } from '../core/patch/json-values.js';
import type { Expectation, RecordedExchange } from './types.js';

const PATCH_OP_URN = 'urn:ietf:params:scim:api:messages:2.0:patchop';

/** RFC 7643 §3: schema URIs and attribute names compare case-insensitively. */
const isUrn = (key: string, urn: string): boolean => key.toLowerCase() === urn.toLowerCase();
const underUrn = (path: string, urn: string): boolean => {
  const p = path.toLowerCase();
  const u = urn.toLowerCase();
  return p === u || p.startsWith(`${u}:`) || p.startsWith(`${u}.`);
};

/** Whether a recorded request sends anything of the extension. */
export function sendsExtension(ex: RecordedExchange, urn: string): boolean {
  const text = ex.request.bodyText ?? (ex.request.hasBody ? JSON.stringify(ex.request.body) : '');
  return text.toLowerCase().includes(urn.toLowerCase());
}

/** An object without the extension's keys, and without the URN in its `schemas`. */
function withoutKey(obj: Obj, urn: string): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(obj)) {
    // The extension's object, or one of its attributes as a key (`urn:…:User:employeeNumber`, flag mode, entra.md §4).
    if (underUrn(k, urn)) continue;
    out[k] = k === 'schemas' && Array.isArray(v) ? v.filter((s) => !(typeof s === 'string' && isUrn(s, urn))) : v;
  }
  return out;
}

/**
 * The request body without the extension: a resource loses its key and `schemas` entry; a PatchOp loses the
 * operations whose path is in the extension (RFC 7644 §3.5.2: `urn:…:attr`) and the extension's key in path-less
 * values. `undefined` when nothing is left to send (every operation was the extension's).
 */
export function bodyWithoutExtension(body: unknown, urn: string): unknown {
  if (!isObj(body)) return body;
  const isPatch = Array.isArray(body['schemas']) && body['schemas'].some((s) => typeof s === 'string' && s.toLowerCase() === PATCH_OP_URN);
  const opsKey = Object.keys(body).find((k) => k.toLowerCase() === 'operations');
  if (!isPatch || opsKey === undefined || !Array.isArray(body[opsKey])) return withoutKey(body, urn);
  const ops: unknown[] = [];
  for (const op of body[opsKey] as unknown[]) {
    if (!isObj(op)) {
      ops.push(op);
      continue;
    }
    const path = op['path'];
    if (typeof path === 'string' && path !== '') {
      if (!underUrn(path, urn)) ops.push(op);
      continue;
    }
    if (!isObj(op['value'])) {
      ops.push(op);
      continue;
    }
    const value = withoutKey(op['value'], urn);
    if (Object.keys(value).length > 0) ops.push({ ...op, value });
  }
  return ops.length === 0 ? undefined : { ...body, [opsKey]: ops };
}

/** An expectation that no longer asks for the extension: its key leaves `match`/`equals`, its pointers leave `paths`. */
export function expectationWithoutExtension(exp: Expectation, urn: string): Expectation {
  const pointerIn = (pointer: string) => underUrn(decodeURIComponent(pointer.split('/')[1] ?? '').replace(/~1/g, '/').replace(/~0/g, '~'), urn);
  const body = exp.body
    ? {
        ...exp.body,
        ...(exp.body.hasMatch && isObj(exp.body.match) ? { match: withoutKey(exp.body.match, urn) } : {}),
        ...(exp.body.hasEquals && isObj(exp.body.equals) ? { equals: withoutKey(exp.body.equals, urn) } : {}),
      }
    : undefined;
  return { ...exp, ...(body ? { body } : {}), paths: exp.paths.filter((p) => !pointerIn(p.pointer)) };
}
