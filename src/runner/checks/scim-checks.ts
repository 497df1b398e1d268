/**
 * SCIM-aware checks built on the core: ListResponse, Error, resource validity,
 * Location, Content-Type and ETag. Each sub-check names its own requirement;
 * some carry the IdPs whose documented needs they encode.
 */
import { ERROR_SCHEMA, SCIM_TYPES } from '../../core/scim-errors.js';
import { checkResource } from '../../core/schema/validate-resource.js';
import type { SchemaRegistry } from '../../core/schema/types.js';
import type { CheckMeta, CheckResult, Requirement, ScimCheckSpec, Severity } from '../types.js';
import { parseRequirement } from '../load/parse-requirement.js';
import { jsonBody, makeCheck } from './check-context.js';
import type { CheckContext, Outcome, ResolvedMeta } from './check-context.js';

export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

export interface ScimCheckEnv {
  registry: SchemaRegistry;
}

const rfc = (id: string): Requirement => parseRequirement(id) as Requirement;

interface Sub {
  id: string;
  title: string;
  requirement: Requirement;
  severity?: Severity;
  /**
   * A structural rule with its own checklist item (the Error URN, Table 9's vocabulary): it keeps that citation and
   * its grade whatever requirement the scenario cites for the check as a whole (docs/verdicts.md, "Grades").
   */
  own?: boolean;
  /** IdP needs this sub-check encodes (evidence citations), added to those the scenario cites. */
  needs?: string[];
  outcome: Outcome;
}

export function runScimCheck(
  spec: ScimCheckSpec,
  ctx: CheckContext,
  env: ScimCheckEnv,
  fallback: ResolvedMeta,
  parent: CheckMeta,
): CheckResult[] {
  const subs = SCIM_CHECKS[spec.check](spec, ctx, env);
  return subs.map((s) => {
    const needs = new Set<string>([...(spec.needs ?? parent.needs ?? fallback.needs), ...(s.needs ?? [])]);
    const meta: ResolvedMeta = {
      requirement: s.own ? s.requirement : (spec.requirement ?? s.requirement),
      severity: spec.severity ?? s.severity ?? 'MUST',
      needs: [...needs],
    };
    const because = spec.because ?? parent.because;
    if (because) meta.because = because;
    const span = spec.span ?? fallback.span;
    if (span) meta.span = span;
    return makeCheck(`scim.${spec.check}.${s.id}`, s.title, meta, s.outcome);
  });
}

const pass: Outcome = { status: 'passed' };
const fail = (expected: unknown, actual: unknown, message: string): Outcome => ({ status: 'failed', expected, actual, message });
const isInt = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v);

type CheckFn = (spec: ScimCheckSpec, ctx: CheckContext, env: ScimCheckEnv) => Sub[];

/** RFC 7644 §3.4.2 and §3.4.2.4; okta.md §1 "Response rules Okta relies on". */
const listResponse: CheckFn = (_spec, ctx) => {
  // An error answer is not a ListResponse: the status check judges it (RFC 7644 §3.12).
  if (ctx.response.status >= 400) return [{ id: 'body', title: 'ListResponse body', requirement: rfc('P-3.4.2-03'), outcome: notAResource(ctx) }];
  // okta.md §1: Okta never calls /ServiceProviderConfig, /Schemas or /ResourceTypes, so its list rules do not apply there.
  const discovery = /^\/(Schemas|ResourceTypes|ServiceProviderConfig)\b/i.test(ctx.request.path);
  const okta = (need: string): string[] => (discovery ? [] : [need]);
  const body = jsonBody(ctx);
  if (!body.ok) return [{ id: 'body', title: 'ListResponse body', requirement: rfc('P-3.4.2-03'), outcome: body.outcome }];
  const b = body.value as Record<string, unknown>;
  const obj = b && typeof b === 'object' && !Array.isArray(b) ? b : {};
  const schemas = obj['schemas'];
  const total = obj['totalResults'];
  const resources = obj['Resources'];
  const subs: Sub[] = [
    {
      id: 'schemas',
      title: 'schemas is the ListResponse URN',
      requirement: rfc('P-3.4.2-03'),
      outcome:
        Array.isArray(schemas) && schemas.includes(LIST_RESPONSE_SCHEMA)
          ? pass
          : fail([LIST_RESPONSE_SCHEMA], schemas, `schemas does not contain ${LIST_RESPONSE_SCHEMA}`),
    },
    {
      id: 'totalResults',
      title: 'totalResults is a non-negative integer',
      requirement: rfc('P-3.4.2-04'),
      needs: okta('okta.md §1 (KB-str)'),
      outcome: isInt(total) && (total as number) >= 0 ? pass : fail('a non-negative integer', total, `totalResults is ${JSON.stringify(total) ?? 'missing'}`),
    },
  ];
  for (const key of ['startIndex', 'itemsPerPage'] as const) {
    const v = obj[key];
    subs.push({
      id: key,
      title: `${key} is an integer`,
      // RFC 7644 §3.4.2 names no type for these; Okta stops provisioning on a string startIndex (KB-str).
      requirement: discovery ? { source: 'RFC7644', section: '3.4.2' } : { source: 'okta', doc: 'okta.md §1 (KB-str)' },
      outcome:
        v === undefined || isInt(v)
          ? pass
          : fail('an integer', v, `${key} is ${JSON.stringify(v)} (${typeof v}), not an integer; Okta stops provisioning on this`),
    });
  }
  const needResources = isInt(total) && (total as number) > 0 && obj['itemsPerPage'] !== 0;
  subs.push({
    id: 'Resources',
    title: 'Resources is an array',
    requirement: rfc('P-3.4.2-05'),
    outcome:
      Array.isArray(resources) || (resources === undefined && !needResources)
        ? pass
        : fail('an array of resources', resources, resources === undefined ? `totalResults is ${String(total)} but Resources is missing` : 'Resources is not an array'),
  });
  const ipp = obj['itemsPerPage'];
  if (isInt(ipp) && (Array.isArray(resources) || resources === undefined)) {
    const n = Array.isArray(resources) ? resources.length : 0;
    subs.push({
      id: 'itemsPerPage-count',
      title: 'itemsPerPage equals the number of Resources',
      requirement: rfc('P-3.4.2.4-08'),
      needs: okta('okta.md §1 (ory/polis#4054)'),
      outcome: ipp === n ? pass : fail(n, ipp, `itemsPerPage is ${String(ipp)} but ${n} resource(s) were returned`),
    });
  }
  return subs;
};

/** RFC 7644 §3.12. */
const error: CheckFn = (spec, ctx) => {
  const status = ctx.response.status;
  if (status < 400) {
    return [{ id: 'status', title: 'an error response', requirement: rfc('P-3.12-02'), outcome: fail('an HTTP error status', status, `expected an error, got ${status}`) }];
  }
  const body = jsonBody(ctx);
  if (!body.ok) return [{ id: 'body', title: 'error body is JSON', requirement: rfc('P-3.12-02'), outcome: body.outcome }];
  const b = (body.value && typeof body.value === 'object' ? body.value : {}) as Record<string, unknown>;
  const subs: Sub[] = [
    {
      id: 'schemas',
      title: 'schemas is the Error URN',
      requirement: rfc('P-3.12-03'),
      own: true,
      outcome: Array.isArray(b['schemas']) && b['schemas'].includes(ERROR_SCHEMA) ? pass : fail([ERROR_SCHEMA], b['schemas'], `schemas does not contain ${ERROR_SCHEMA}`),
    },
    {
      id: 'status',
      title: 'status is a string equal to the HTTP status',
      requirement: rfc('P-3.12-04'),
      own: true,
      outcome:
        b['status'] === String(status)
          ? pass
          : fail(
              String(status),
              b['status'],
              typeof b['status'] === 'number'
                ? `status is the number ${String(b['status'])}; RFC 7644 §3.12 wants the string "${status}"`
                : `status is ${JSON.stringify(b['status']) ?? 'missing'}, expected "${status}"`,
            ),
    },
  ];
  const scimType = b['scimType'];
  if (scimType !== undefined) {
    subs.push({
      id: 'scimType',
      title: 'scimType is a RFC 7644 Table 9 keyword',
      requirement: rfc('P-3.12-05'),
      own: true,
      outcome:
        typeof scimType === 'string' && (SCIM_TYPES as readonly string[]).includes(scimType)
          ? pass
          : fail(SCIM_TYPES, scimType, `scimType ${JSON.stringify(scimType)} is not defined by RFC 7644 Table 9`),
    });
  }
  if (spec.scimType) {
    subs.push({
      id: 'scimType-expected',
      title: `scimType is ${spec.scimType.join(' or ')}`,
      requirement: { source: 'RFC7644', section: '3.12' },
      outcome: typeof scimType === 'string' && spec.scimType.includes(scimType) ? pass : fail(spec.scimType, scimType, `scimType is ${JSON.stringify(scimType) ?? 'missing'}, expected ${spec.scimType.join(' or ')}`),
    });
  }
  return subs;
};

/**
 * An error answer (RFC 7644 §3.12) carries no resource: judging its body as one
 * would add false failures on top of the status check, which already fails it.
 */
function notAResource(ctx: CheckContext): Outcome {
  return { status: 'skipped', reason: `the response is an error (${ctx.response.status}), not a resource; the status check judges it` };
}

/** The resource type a path addresses: `/Users/abc` → User. */
export function resourceTypeOf(path: string, registry: SchemaRegistry): string | undefined {
  const seg = path.split('/').filter(Boolean)[0];
  if (!seg) return undefined;
  if (seg.toLowerCase() === 'me') return 'User';
  return registry.resourceType(`/${seg}`)?.name;
}

/** RFC 7643 §2–§4 through the core's checkResource. */
const resource: CheckFn = (spec, ctx, env) => {
  const type = spec.resourceType ?? resourceTypeOf(ctx.request.path, env.registry);
  const requirement: Requirement = { source: 'RFC7643', section: '3' };
  if (!type) {
    return [{ id: 'type', title: 'resource', requirement, outcome: { status: 'skipped', reason: `no resource type for path ${ctx.request.path}` } }];
  }
  if (ctx.response.status >= 400) return [{ id: 'body', title: `${type} is valid`, requirement, outcome: notAResource(ctx) }];
  if (ctx.response.status === 204 && ctx.response.bodyText === '') {
    return [{ id: 'body', title: `${type} is valid`, requirement, outcome: { status: 'skipped', reason: 'the response has no body (204)' } }];
  }
  const body = jsonBody(ctx);
  if (!body.ok) return [{ id: 'body', title: `${type} is valid`, requirement, outcome: body.outcome }];
  // RFC 7644 §3.4.2.5: a projected resource may lack required attributes it was not asked for.
  const partial = /(?:^|&)(?:attributes|excludedAttributes)=/i.test(ctx.request.query ?? '');
  const issues = checkResource(env.registry, type, body.value, 'response', { partial });
  if (issues.length === 0) return [{ id: 'valid', title: `${type} is valid against its schema`, requirement, outcome: pass }];
  return issues.map((issue) => ({
    id: `valid${issue.pointer}`,
    title: `${type} is valid against its schema`,
    requirement: parseRequirement(issue.rule) ?? requirement,
    outcome: fail('a valid resource', issue.pointer, `${issue.pointer || '/'}: ${issue.message}`),
  }));
};

/** RFC 7644 §3.3: Location header equals meta.location. */
const location: CheckFn = (_spec, ctx) => {
  const requirement = rfc('P-3.3-08');
  if (ctx.response.status >= 400) return [{ id: 'header', title: 'Location header is present', requirement, outcome: notAResource(ctx) }];
  const header = ctx.response.headers['location'];
  if (header === undefined) {
    return [{ id: 'header', title: 'Location header is present', requirement, outcome: fail('a Location header', undefined, 'the response has no Location header') }];
  }
  const body = jsonBody(ctx);
  if (!body.ok) return [{ id: 'meta', title: 'Location equals meta.location', requirement, outcome: body.outcome }];
  const meta = (body.value as { meta?: { location?: unknown } } | null)?.meta;
  return [
    {
      id: 'equals',
      title: 'Location equals meta.location',
      requirement,
      outcome: meta?.location === header ? pass : fail(header, meta?.location, `Location is ${header} but meta.location is ${JSON.stringify(meta?.location) ?? 'missing'}`),
    },
  ];
};

/** RFC 7644 §3.8 / §8.1; entra.md §5 (responses in application/scim+json; a body Entra cannot read fails it). */
const contentType: CheckFn = (_spec, ctx) => {
  const raw = ctx.response.headers['content-type'];
  if (ctx.response.bodyText === '' && raw === undefined) {
    return [{ id: 'media', title: 'Content-Type', requirement: rfc('P-8.1-01'), severity: 'SHOULD', outcome: { status: 'skipped', reason: 'the response has no body' } }];
  }
  const media = (raw ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (media === 'application/scim+json') {
    return [{ id: 'media', title: 'Content-Type is application/scim+json', requirement: rfc('P-8.1-01'), severity: 'SHOULD', outcome: pass }];
  }
  if (media === 'application/json') {
    return [
      {
        id: 'media',
        title: 'Content-Type is application/scim+json',
        requirement: rfc('P-8.1-01'),
        severity: 'SHOULD',
        outcome: { status: 'passed', tolerance: 'content-type-json' },
      },
    ];
  }
  // P-3.8-03 binds a request that asked for application/scim+json; without that Accept header (Entra's
  // GETs, entra.md §5) the rule is that the server can answer JSON at all (P-3.8-01).
  const asked = /application\/scim\+json/i.test(ctx.request.accept ?? '');
  return [
    {
      id: 'media',
      title: 'Content-Type is a JSON media type',
      requirement: rfc(asked ? 'P-3.8-03' : 'P-3.8-01'),
      needs: ['entra.md §5'],
      outcome: fail('application/scim+json', raw, `Content-Type is ${raw === undefined ? 'missing' : `\`${raw}\``}, not application/scim+json`),
    },
  ];
};

/** RFC 7644 §3.14: the ETag header and meta.version carry the same value. */
const etag: CheckFn = (_spec, ctx) => {
  const requirement = rfc('P-3.14-03');
  const header = ctx.response.headers['etag'];
  if (header === undefined) return [{ id: 'version', title: 'ETag equals meta.version', requirement, severity: 'SHOULD', outcome: { status: 'skipped', reason: 'no ETag header' } }];
  const body = jsonBody(ctx);
  if (!body.ok) return [{ id: 'version', title: 'ETag equals meta.version', requirement, severity: 'SHOULD', outcome: body.outcome }];
  const version = (body.value as { meta?: { version?: unknown } } | null)?.meta?.version;
  // meta.version is OPTIONAL (RFC 7643 §3.1, S-3.1-18 "if provided"): an ETag without it has nothing to disagree with.
  if (version === undefined) {
    return [{ id: 'version', title: 'ETag equals meta.version', requirement, severity: 'SHOULD', outcome: { status: 'skipped', reason: 'no meta.version (OPTIONAL, RFC 7643 §3.1)' } }];
  }
  return [
    {
      id: 'version',
      title: 'ETag equals meta.version',
      requirement,
      severity: 'SHOULD',
      outcome: version === header ? pass : fail(header, version, `ETag is ${header} but meta.version is ${JSON.stringify(version) ?? 'missing'}`),
    },
  ];
};

const SCIM_CHECKS: Record<ScimCheckSpec['check'], CheckFn> = { listResponse, error, resource, location, contentType, etag };
