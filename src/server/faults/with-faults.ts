/**
 * `withFaults(handler, faults, rng)`: a ScimHandler wrapper that makes the
 * reference server misbehave on purpose, so teams can test their SCIM clients
 * against latency, errors, throttling, odd bodies and dropped connections.
 *
 * Per request every fault whose route matches draws once from `rng` (rate 1
 * draws nothing), all before anything happens, so one seed and one request
 * sequence always give the same faults. Then, in this order: the latencies
 * add up into one wait; a `drop` (before) or an injected status answers
 * without reaching the server, so the store is untouched; otherwise the server
 * answers and `drop:when=after`, `string-counts` and `no-location` rewrite or
 * discard its answer.
 */
import { ERROR_SCHEMA } from '../../core/scim-errors.js';
import { SCIM_CONTENT_TYPE } from '../http-util.js';
import type { ScimHandler, ScimRequest, ScimResponse } from '../types.js';
import type { Fault } from './fault-spec.js';
import { routeMatches } from './route-pattern.js';

const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const COUNT_MEMBERS = ['totalResults', 'startIndex', 'itemsPerPage'];

export type Sleep = (ms: number) => Promise<void>;

const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The response a dropped connection stands for; adapters destroy the socket instead of sending it. */
export const DROPPED: ScimResponse = Object.freeze({ status: 0, headers: {}, drop: true }) as ScimResponse;

function fires(fault: Fault, req: ScimRequest, rng: () => number): boolean {
  if (fault.route && !routeMatches(fault.route, req.method, req.path)) return false;
  if (fault.rate >= 1) return true;
  if (fault.rate <= 0) return false;
  return rng() < fault.rate;
}

function injectedError(status: number, spec: string, headers: Record<string, string> = {}): ScimResponse {
  return {
    status,
    headers: { 'Content-Type': SCIM_CONTENT_TYPE, ...headers },
    body: { schemas: [ERROR_SCHEMA], status: String(status), detail: `Injected fault (--fault ${spec})` },
  };
}

function stringCounts(res: ScimResponse): ScimResponse {
  const body = res.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return res;
  const obj = body as Record<string, unknown>;
  if (!Array.isArray(obj.schemas) || !obj.schemas.includes(LIST_RESPONSE)) return res;
  const out: Record<string, unknown> = { ...obj };
  for (const name of COUNT_MEMBERS) if (typeof out[name] === 'number') out[name] = String(out[name]);
  return { ...res, body: out };
}

function withoutLocation(res: ScimResponse): ScimResponse {
  const headers = Object.fromEntries(Object.entries(res.headers).filter(([name]) => name.toLowerCase() !== 'location'));
  return { ...res, headers };
}

/**
 * Wrap `handler` with `faults` (from parseFaultSpec). `rng` returns numbers in
 * [0, 1) (seededRng for reproducible runs); `sleep` is injectable for tests.
 *
 * @example
 * const handler = withFaults(createScimServer(), [parseFaultSpec('error-rate=0.1')], seededRng(42));
 */
export function withFaults(handler: ScimHandler, faults: readonly Fault[], rng: () => number, sleep: Sleep = realSleep): ScimHandler {
  if (faults.length === 0) return handler;
  return async (req) => {
    const active = faults.filter((f) => fires(f, req, rng));
    const delay = active.reduce((ms, f) => ms + (f.kind === 'latency' ? f.ms : 0), 0);
    if (delay > 0) await sleep(delay);
    for (const f of active) {
      if (f.kind === 'drop' && f.when === 'before') return DROPPED;
      if (f.kind === 'status') return injectedError(f.status, f.spec);
      if (f.kind === 'too-many-requests') {
        return injectedError(429, f.spec, { 'Retry-After': String(f.retryAfter) });
      }
    }
    let res = await handler(req);
    for (const f of active) {
      if (f.kind === 'drop' && f.when === 'after') return DROPPED;
      if (f.kind === 'string-counts') res = stringCounts(res);
      if (f.kind === 'no-location') res = withoutLocation(res);
    }
    return res;
  };
}
