/**
 * Test-only variants of the reference server that lawfully lack one optional
 * feature each (issue 12: the built-in suites must give no blocking failure on
 * a server that lacks what RFC 7643/7644 leave optional). They are a layer
 * around the handler, set through `createScimServer({ lacking })`; no profile
 * and no CLI flag exposes them.
 *
 * | feature            | the variant …                                                                              |
 * |--------------------|--------------------------------------------------------------------------------------------|
 * | `enterprise`       | has no enterprise User extension (RFC 7643 §4.3): not in /ResourceTypes or /Schemas, dropped from writes, 400 on its paths |
 * | `sort`             | says `sort.supported: false` and ignores sortBy (RFC 7644 §3.4.2.3: sorting is OPTIONAL)   |
 * | `bulk`             | says `bulk.supported: false`, answers /Bulk 501 (RFC 7644 §3.7)                            |
 * | `etag`             | says `etag.supported: false`, sends no ETag or meta.version, ignores If-Match (RFC 7644 §3.14) |
 * | `search`           | answers POST …/.search 501 (RFC 7644 §3.4.3 is a MAY)                                       |
 * | `me`               | answers /Me 501 (RFC 7644 §3.11: "SHOULD respond with HTTP status code 501")             |
 * | `filter-operators` | filters with `eq` only; any other operator is 400 invalidFilter (RFC 7644 §3.4.2.2, Table 9) |
 * | `patch-body`       | answers a successful PATCH 204 with no body unless attributes were asked for (RFC 7644 §3.5.2) |
 * | `scim-media-type`  | answers `application/json` instead of `application/scim+json` (RFC 7644 §3.8 allows both) |
 */
import type { Filter } from '../../core/filter/ast.js';
import { tryParseFilter } from '../../core/filter/filter-parser.js';
import { ScimError } from '../../core/scim-errors.js';
import { errorResponse, parseQuery } from '../http-util.js';
import type { ScimHandler, ScimRequest, ScimResponse } from '../types.js';

export const LACKABLE_FEATURES = ['enterprise', 'sort', 'bulk', 'etag', 'search', 'me', 'filter-operators', 'patch-body', 'scim-media-type'] as const;
export type LackableFeature = (typeof LACKABLE_FEATURES)[number];

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:user';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function onlyEq(filter: Filter): boolean {
  switch (filter.kind) {
    case 'compare':
      return filter.op === 'eq';
    default:
      return false;
  }
}

function mentionsEnterprise(text: string): boolean {
  return text.toLowerCase().includes(ENTERPRISE);
}

/** Drops the extension from a resource object (input or output). */
function dropExtension(resource: Obj): void {
  for (const key of Object.keys(resource)) if (key.toLowerCase() === ENTERPRISE) delete resource[key];
  if (Array.isArray(resource['schemas'])) resource['schemas'] = resource['schemas'].filter((s) => typeof s !== 'string' || s.toLowerCase() !== ENTERPRISE);
}

function eachResource(body: unknown, fn: (r: Obj) => void): void {
  if (!isObj(body)) return;
  if (Array.isArray(body['Resources'])) for (const r of body['Resources']) if (isObj(r)) fn(r);
  fn(body);
}

function setQuery(req: ScimRequest, drop: (name: string) => boolean): ScimRequest {
  const query = req.query
    .split('&')
    .filter((p) => p !== '' && !drop(decodeURIComponent((p.split('=')[0] ?? '').replace(/\+/g, ' ')).toLowerCase()))
    .join('&');
  return { ...req, query };
}

/** Wraps `handler` so it lacks each of `features`; `basePath` is the server's (`/scim/v2`). */
export function withoutFeatures(handler: ScimHandler, features: readonly LackableFeature[], basePath: string): ScimHandler {
  const lacks = new Set(features);
  return async (incoming) => {
    let req = incoming;
    const below = req.path.startsWith(basePath) ? req.path.slice(basePath.length) : req.path;
    const segs = below.split('/').filter(Boolean).map((s) => s.toLowerCase());
    const method = req.method.toUpperCase();
    const refuse = (message: string) => errorResponse(new ScimError('notImplemented', message));
    try {
      if (lacks.has('me') && segs[0] === 'me') return finish(refuse('This service provider does not support /Me (RFC 7644 §3.11)'), req);
      if (lacks.has('bulk') && segs[0] === 'bulk') return finish(refuse('This service provider does not support bulk operations'), req);
      if (lacks.has('search') && segs.at(-1) === '.search') return finish(refuse('This service provider does not support POST .search'), req);
      if (lacks.has('sort')) req = setQuery(req, (name) => name === 'sortby' || name === 'sortorder');
      if (lacks.has('etag')) {
        const headers = { ...req.headers };
        delete headers['if-match'];
        delete headers['if-none-match'];
        req = { ...req, headers };
      }
      if (lacks.has('filter-operators') || lacks.has('enterprise')) {
        let filter = parseQuery(req.query).get('filter');
        if (filter === undefined && segs.at(-1) === '.search' && req.body) {
          const body = JSON.parse(req.body) as unknown;
          if (isObj(body) && typeof body['filter'] === 'string') filter = body['filter'];
        }
        if (filter !== undefined) {
          const parsed = tryParseFilter(filter);
          if (lacks.has('filter-operators') && parsed.ok && !onlyEq(parsed.value)) {
            throw new ScimError('invalidFilter', 'This service provider supports only the eq operator in filters');
          }
          if (lacks.has('enterprise') && mentionsEnterprise(filter)) throw new ScimError('invalidFilter', 'No such attribute: the enterprise User extension is not supported');
        }
      }
      if (lacks.has('enterprise') && segs[0] === 'schemas' && segs[1] === ENTERPRISE) throw new ScimError('notFound', `No schema ${segs[1]}`);
      if (lacks.has('enterprise') && segs[0] === 'users' && req.body && mentionsEnterprise(req.body)) req = withoutEnterpriseInput(req, method);
    } catch (err) {
      if (err instanceof ScimError) return finish(errorResponse(err), req);
      if (err instanceof SyntaxError) return handler(incoming);
      throw err;
    }
    return finish(await handler(req), req);
  };

  function finish(res: ScimResponse, req: ScimRequest): ScimResponse {
    const below = req.path.startsWith(basePath) ? req.path.slice(basePath.length) : req.path;
    const segs = below.split('/').filter(Boolean).map((s) => s.toLowerCase());
    let out: ScimResponse = { ...res, headers: { ...res.headers } };
    const body = structuredClone(res.body);
    if (body !== undefined) out.body = body;
    if (segs[0] === 'serviceproviderconfig' && isObj(body)) {
      if (lacks.has('sort')) body['sort'] = { supported: false };
      if (lacks.has('etag')) body['etag'] = { supported: false };
      if (lacks.has('bulk')) body['bulk'] = { supported: false, maxOperations: 0, maxPayloadSize: 0 };
    }
    if (lacks.has('enterprise')) {
      if (segs[0] === 'resourcetypes') eachResource(body, (t) => void (Array.isArray(t['schemaExtensions']) && (t['schemaExtensions'] = t['schemaExtensions'].filter((e) => !(isObj(e) && typeof e['schema'] === 'string' && e['schema'].toLowerCase() === ENTERPRISE)))));
      if (segs[0] === 'schemas' && isObj(body) && Array.isArray(body['Resources'])) {
        const kept = (body['Resources'] as unknown[]).filter((s) => !(isObj(s) && typeof s['id'] === 'string' && s['id'].toLowerCase() === ENTERPRISE));
        body['Resources'] = kept;
        body['totalResults'] = kept.length;
        if (typeof body['itemsPerPage'] === 'number') body['itemsPerPage'] = kept.length;
      }
      if (segs[0] === 'users' || segs[0] === 'me' || segs[0] === '.search' || segs[0] === undefined) eachResource(body, dropExtension);
    }
    if (lacks.has('etag')) {
      for (const k of Object.keys(out.headers)) if (k.toLowerCase() === 'etag') delete out.headers[k];
      eachResource(body, (r) => {
        if (isObj(r['meta'])) delete r['meta']['version'];
      });
    }
    // RFC 7644 §3.5.2: with `attributes` or `excludedAttributes` the server must answer 200 with the projection.
    const projected = ['attributes', 'excludedattributes'].some((p) => parseQuery(req.query).has(p));
    if (lacks.has('patch-body') && req.method.toUpperCase() === 'PATCH' && out.status === 200 && !projected) {
      out = { status: 204, headers: Object.fromEntries(Object.entries(out.headers).filter(([k]) => k.toLowerCase() !== 'content-type')) };
    }
    if (lacks.has('scim-media-type')) {
      for (const k of Object.keys(out.headers)) {
        if (k.toLowerCase() === 'content-type') out.headers[k] = (out.headers[k] ?? '').replace(/application\/scim\+json/i, 'application/json');
      }
    }
    return out;
  }
}

/** The request without the enterprise extension: dropped from POST/PUT bodies; a PATCH op on its paths is 400 invalidPath. */
function withoutEnterpriseInput(req: ScimRequest, method: string): ScimRequest {
  let body: unknown;
  try {
    body = JSON.parse(req.body ?? '');
  } catch {
    return req;
  }
  if (!isObj(body)) return req;
  if (method === 'PATCH' && Array.isArray(body['Operations'])) {
    for (const op of body['Operations']) {
      if (!isObj(op)) continue;
      if (typeof op['path'] === 'string' && mentionsEnterprise(op['path'])) {
        throw new ScimError('invalidPath', `No such attribute: ${op['path']} (the enterprise User extension is not supported)`);
      }
      if (isObj(op['value'])) dropExtension(op['value']);
    }
  } else {
    dropExtension(body);
  }
  return { ...req, body: JSON.stringify(body) };
}
