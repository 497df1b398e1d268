/**
 * `scimctl serve --fault <spec>`: the text form of one injected fault.
 *
 *   latency=200ms            every answer waits 200 ms (also `2s`)
 *   error-rate=0.1           10% of requests answer 500 (`:status=503` for another 5xx)
 *   429:retry-after=5        answer 429 with `Retry-After: 5`
 *   status=503:route=POST /Users   a given status on one route
 *   string-counts            ListResponse counts as JSON strings
 *   no-location              no Location header on 201
 *   drop:rate=0.05           close the connection without answering (`:when=after` applies the write first)
 *
 * Every fault takes `:rate=<0..1>` (default 1) and `:route=[METHOD ]/path`.
 * See docs/faults.md.
 */
import { ScimctlError } from '../../core/errors.js';
import { parseRoutePattern, type RoutePattern } from './route-pattern.js';

interface FaultBase {
  /** Probability per matching request, 0..1. */
  rate: number;
  route?: RoutePattern;
  /** The spec as written, quoted in the injected error bodies. */
  spec: string;
}

export type Fault = FaultBase &
  (
    | { kind: 'latency'; ms: number }
    | { kind: 'status'; status: number }
    | { kind: 'too-many-requests'; retryAfter: number }
    | { kind: 'string-counts' }
    | { kind: 'no-location' }
    | { kind: 'drop'; when: 'before' | 'after' }
  );

/** A `--fault` value that cannot be parsed: row FAULT_SPEC_INVALID of the error table. */
export class FaultSpecError extends ScimctlError {
  override readonly name = 'FaultSpecError';
  constructor(message: string) {
    super('FAULT_SPEC_INVALID', message);
  }
}

export const FAULT_NAMES = ['latency', 'error-rate', '429', 'status', 'string-counts', 'no-location', 'drop'] as const;

/** Longest latency accepted: a fault should slow a client down, not hang it for good. */
const MAX_LATENCY_MS = 10 * 60 * 1000;

function fail(spec: string, why: string): never {
  throw new FaultSpecError(`--fault "${spec}": ${why}`);
}

function parseRate(spec: string, text: string, name: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) fail(spec, `${name} must be a number from 0 to 1 (got "${text}")`);
  return n;
}

function parseDuration(spec: string, text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(text.trim());
  if (!m) fail(spec, `latency needs a duration such as 200ms or 2s (got "${text}")`);
  const ms = Number(m[1]) * (m[2] === 's' ? 1000 : 1);
  if (ms > MAX_LATENCY_MS) fail(spec, `latency is at most 10 minutes (got "${text}")`);
  return Math.round(ms);
}

function parseInteger(spec: string, text: string, name: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min || n > max) fail(spec, `${name} must be an integer from ${min} to ${max} (got "${text}")`);
  return n;
}

/** Parameters each fault accepts besides rate and route. */
const EXTRA_PARAMS: Record<(typeof FAULT_NAMES)[number], string[]> = {
  latency: [],
  'error-rate': ['status'],
  '429': ['retry-after'],
  status: [],
  'string-counts': [],
  'no-location': [],
  drop: ['when'],
};

/** Parse one `--fault` value; throws FaultSpecError with a message that names the problem. */
export function parseFaultSpec(text: string): Fault {
  const spec = text.trim();
  if (spec === '') fail(text, `empty; use one of ${FAULT_NAMES.join(', ')}`);
  const [head = '', ...paramTexts] = spec.split(':');
  const eq = head.indexOf('=');
  const name = (eq < 0 ? head : head.slice(0, eq)).trim().toLowerCase();
  const value = eq < 0 ? undefined : head.slice(eq + 1).trim();
  if (!(FAULT_NAMES as readonly string[]).includes(name)) {
    fail(spec, `unknown fault "${name}"; use one of ${FAULT_NAMES.join(', ')}`);
  }
  const kind = name as (typeof FAULT_NAMES)[number];

  const params = new Map<string, string>();
  for (const p of paramTexts) {
    const i = p.indexOf('=');
    const key = (i < 0 ? p : p.slice(0, i)).trim().toLowerCase();
    if (i < 0) fail(spec, `"${p}" is not key=value`);
    const allowed = ['rate', 'route', ...EXTRA_PARAMS[kind]];
    if (!allowed.includes(key)) fail(spec, `${kind} takes ${allowed.map((a) => `${a}=`).join(', ')} (got "${key}")`);
    if (params.has(key)) fail(spec, `${key}= is given twice`);
    params.set(key, p.slice(i + 1).trim());
  }

  const routeText = params.get('route');
  const route = routeText === undefined ? undefined : parseRoutePattern(routeText);
  if (routeText !== undefined && !route) fail(spec, `route must look like "POST /Users" or "/Groups/*" (got "${routeText}")`);
  const rateText = params.get('rate');
  const base: FaultBase = {
    rate: rateText === undefined ? 1 : parseRate(spec, rateText, 'rate'),
    ...(route ? { route } : {}),
    spec,
  };
  const needsNoValue = (): void => {
    if (value !== undefined) fail(spec, `${kind} takes no value; write "${kind}" or "${kind}:rate=0.5"`);
  };

  switch (kind) {
    case 'latency':
      if (value === undefined) fail(spec, 'latency needs a duration, e.g. latency=200ms');
      return { ...base, kind: 'latency', ms: parseDuration(spec, value) };
    case 'error-rate': {
      if (value === undefined) fail(spec, 'error-rate needs a probability, e.g. error-rate=0.1');
      if (rateText !== undefined) fail(spec, 'error-rate is itself the rate; drop rate=');
      const status = params.get('status');
      return {
        ...base,
        kind: 'status',
        rate: parseRate(spec, value, 'error-rate'),
        status: status === undefined ? 500 : parseInteger(spec, status, 'status', 500, 599),
      };
    }
    case '429': {
      needsNoValue();
      const retryAfter = params.get('retry-after');
      return {
        ...base,
        kind: 'too-many-requests',
        retryAfter: retryAfter === undefined ? 1 : parseInteger(spec, retryAfter, 'retry-after', 0, 86_400),
      };
    }
    case 'status':
      if (value === undefined) fail(spec, 'status needs a code, e.g. status=503:route=POST /Users');
      return { ...base, kind: 'status', status: parseInteger(spec, value, 'status', 400, 599) };
    case 'string-counts':
      needsNoValue();
      return { ...base, kind: 'string-counts' };
    case 'no-location':
      needsNoValue();
      return { ...base, kind: 'no-location' };
    case 'drop': {
      needsNoValue();
      const when = params.get('when') ?? 'before';
      if (when !== 'before' && when !== 'after') fail(spec, `when must be before or after (got "${when}")`);
      return { ...base, kind: 'drop', when };
    }
  }
}
