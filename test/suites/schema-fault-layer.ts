/**
 * Planted violations of the declarations in test/fixtures/schemas/acme-extension.yaml,
 * as a test-only layer over the reference handler (like fault-layer.ts): each
 * breaks one characteristic of one attribute, and `--schema-checks` must name it.
 */
import type { ScimHandler, ScimRequest, ScimResponse } from '../../src/server/types.js';

export const ACME = 'urn:example:params:scim:schemas:extension:acme:2.0:User';

type Json = Record<string, unknown>;
type Fault = (handler: ScimHandler) => ScimHandler;
let planted = 0;

const parse = (text: string | undefined): Json | undefined => {
  try {
    return text === undefined ? undefined : (JSON.parse(text) as Json);
  } catch {
    return undefined;
  }
};
const ext = (body: unknown): Json | undefined => (body && typeof body === 'object' ? ((body as Json)[ACME] as Json | undefined) : undefined);
const isUsers = (req: ScimRequest) => /\/Users(\/[^/]+)?$/i.test(req.path);
const param = (req: ScimRequest, name: string) => new URLSearchParams(req.query).get(name) ?? undefined;

/** Rewrite the request's extension container before the server sees it. */
const onRequestExt =
  (rewrite: (container: Json, req: ScimRequest) => Json | ScimResponse | undefined): Fault =>
  (handler) =>
  async (req) => {
    const body = parse(req.body);
    const container = ext(body);
    if (!isUsers(req) || !body || !container) return handler(req);
    const out = rewrite({ ...container }, req);
    if (out && 'status' in out && typeof out.status === 'number' && 'headers' in out) return out as ScimResponse;
    return handler({ ...req, body: JSON.stringify({ ...body, [ACME]: out ?? container }) });
  };

/** Rewrite the extension container of every User in the answer (single resources and list items). */
const onResponseExt =
  (rewrite: (container: Json, req: ScimRequest, sent: Json | undefined) => Json): Fault =>
  (handler) =>
  async (req) => {
    const res = await handler(req);
    if (!isUsers(req) || !res.body || typeof res.body !== 'object') return res;
    const sent = ext(parse(req.body));
    const fix = (r: Json): Json => {
      const container = ext(r);
      return container ? { ...r, [ACME]: rewrite({ ...container }, req, sent) } : r;
    };
    const b = res.body as Json;
    const body = Array.isArray(b.Resources) ? { ...b, Resources: (b.Resources as Json[]).map(fix) } : fix(b);
    return { ...res, body };
  };

const badRequest = (detail: string): ScimResponse => ({
  status: 400,
  headers: { 'Content-Type': 'application/scim+json' },
  body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', scimType: 'invalidValue', detail },
});

/** Each planted violation: the attribute it breaks, the characteristic the failing step must name, and a rule it must cite. */
export const SCHEMA_FAULTS: Record<string, { attr: string; characteristic: string; rule: string; fault: Fault }> = {
  integerAsString: {
    attr: 'level',
    characteristic: 'type integer',
    rule: 'S-2.3.4-01',
    fault: onResponseExt((c) => (typeof c.level === 'number' ? { ...c, level: String(c.level) } : c)),
  },
  requiredNotEnforced: {
    attr: 'employeeCode',
    characteristic: 'required',
    rule: 'S-7-27',
    fault: onRequestExt((c) => (c.employeeCode === undefined ? { ...c, employeeCode: 'filled-in' } : c)),
  },
  readOnlyStored: {
    attr: 'auditId',
    characteristic: 'mutability readOnly',
    rule: 'S-7-19',
    fault: onResponseExt((c, _req, sent) => (sent?.auditId !== undefined ? { ...c, auditId: sent.auditId } : c)),
  },
  immutableChangeable: {
    attr: 'externalRef',
    characteristic: 'mutability immutable',
    rule: 'P-3.5.1-05',
    fault: onRequestExt((c, req) => {
      if (req.method !== 'PUT') return c;
      const { externalRef: _dropped, ...rest } = c;
      return rest;
    }),
  },
  writeOnlyEchoed: {
    attr: 'pin',
    characteristic: 'mutability writeOnly',
    rule: 'S-7-21',
    fault: onResponseExt((c, _req, sent) => (sent?.pin !== undefined ? { ...c, pin: sent.pin } : c)),
  },
  neverReturned: {
    attr: 'hidden',
    characteristic: 'returned never',
    rule: 'S-7-02',
    fault: onResponseExt((c) => ({ ...c, hidden: 'leaked' })),
  },
  requestByDefault: {
    attr: 'note',
    characteristic: 'returned request',
    rule: 'S-7-04',
    fault: onResponseExt((c, req) => (param(req, 'attributes') === undefined ? { ...c, note: 'by default' } : c)),
  },
  alwaysExcluded: {
    attr: 'region',
    characteristic: 'returned always',
    rule: 'P-3.4.2.5-03',
    fault: onResponseExt((c, req) => {
      if (!param(req, 'excludedAttributes')?.toLowerCase().includes('region')) return c;
      const { region: _dropped, ...rest } = c;
      return rest;
    }),
  },
  uniquenessIgnored: {
    attr: 'badge',
    characteristic: 'uniqueness server',
    rule: 'S-7-24',
    // The server stores a value nobody else has, so a duplicate never conflicts.
    fault: onRequestExt((c, req) => (req.method === 'POST' && typeof c.badge === 'string' ? { ...c, badge: `${c.badge}-${(planted += 1)}` } : c)),
  },
  caseExactFilterIgnored: {
    attr: 'serial',
    characteristic: 'caseExact true',
    rule: 'S-7-16',
    fault: (handler) => async (req) => {
      const filter = param(req, 'filter');
      if (!filter || !/serial eq/i.test(filter)) return handler(req);
      const q = new URLSearchParams(req.query);
      q.set('filter', filter.replace(/(serial eq ")([^"]*)"/i, (_m, head: string, v: string) => `${head}${v.toLowerCase()}"`));
      return handler({ ...req, query: q.toString() });
    },
  },
  canonicalRefused: {
    attr: 'clearance',
    characteristic: 'canonicalValues',
    rule: 'S-7-15',
    fault: onRequestExt((c) => (c.clearance === 'secret' ? badRequest('clearance "secret" is not allowed') : c)),
  },
  referenceLowerCased: {
    attr: 'homepage',
    characteristic: 'referenceTypes',
    rule: 'S-2.3.7-04',
    fault: onResponseExt((c) => (typeof c.homepage === 'string' ? { ...c, homepage: c.homepage.toLowerCase() } : c)),
  },
  multiValuedAsSingle: {
    attr: 'tags',
    characteristic: 'type string (multi-valued)',
    rule: 'P-3.3-13',
    fault: onResponseExt((c) => (Array.isArray(c.tags) ? { ...c, tags: c.tags[0] } : c)),
  },
  binaryNotChecked: {
    attr: 'avatar',
    characteristic: 'type binary',
    rule: 'S-2.3.6-01',
    fault: onRequestExt((c) => (c.avatar === '***' ? { ...c, avatar: 'c2NpbWN0bA==' } : c)),
  },
  complexSubDropped: {
    attr: 'locker',
    characteristic: 'type complex',
    rule: 'S-7-22',
    fault: onResponseExt((c) => (c.locker && typeof c.locker === 'object' ? { ...c, locker: { number: (c.locker as Json).number } } : c)),
  },
  declarationContradicts: {
    attr: 'badge',
    characteristic: 'declarations',
    rule: 'S-7-13',
    fault: (handler) => async (req) => {
      const res = await handler(req);
      if (!/\/Schemas$/i.test(req.path) || !res.body) return res;
      const b = res.body as { Resources: Json[] };
      const Resources = b.Resources.map((s) =>
        s.id === ACME ? { ...s, attributes: (s.attributes as Json[]).map((a) => (a.name === 'badge' ? { ...a, referenceTypes: ['external'] } : a)) } : s,
      );
      return { ...res, body: { ...b, Resources } };
    },
  },
};
