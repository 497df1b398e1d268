/**
 * Discover, then run: what the run learns from /ServiceProviderConfig,
 * /ResourceTypes and /Schemas, what it probes, the `requires:` vocabulary, and
 * the reasons a scenario or step is skipped. Against the reference server in
 * process, whole or as a test-only variant lacking optional features.
 */
import { describe, expect, it } from 'vitest';
import { hasCapability, missingCapabilities, readResourceTypes, readSchemas } from '../../../src/runner/capabilities.js';
import { createHandlerTransport } from '../../../src/runner/client/handler-transport.js';
import { loadScenarios } from '../../../src/runner/load/find-scenarios.js';
import { runSuite } from '../../../src/runner/run-suite.js';
import { orderScenarios } from '../../../src/runner/scenario-order.js';
import { isCapability } from '../../../src/runner/types.js';
import type { SupportEntry } from '../../../src/runner/types.js';
import { createScimServer } from '../../../src/server/create-server.js';
import type { ScimServerOptions } from '../../../src/server/create-server.js';
import type { ScimHandler } from '../../../src/server/types.js';

const TOKEN = 'tok-discover';
const loaded = loadScenarios(['scenarios/rfc/me.yaml', 'scenarios/rfc/discovery.yaml', 'scenarios/okta/push-new-group.yaml']);
if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
const scenarios = loaded.value;
const [me, discovery, pushGroup] = scenarios;

async function discover(options: ScimServerOptions & { wrap?: (h: ScimHandler) => ScimHandler; scenarios?: typeof scenarios } = {}) {
  const server = createScimServer({ token: TOKEN, ...options });
  return runSuite({
    baseUrl: 'http://mock.test/scim/v2',
    transport: createHandlerTransport(options.wrap ? options.wrap(server) : server),
    scenarios: options.scenarios ?? [],
    auth: { token: TOKEN, headers: {} },
    mode: 'mock',
    toolVersion: 't',
    runId: 'rdisc1',
  });
}

const entry = (supports: SupportEntry[] | undefined, feature: string) => supports?.find((s) => s.feature === feature);

describe('the requires: vocabulary', () => {
  it('takes the fixed names, filter.<op> and attr.<name>, and nothing else', () => {
    for (const ok of ['patch', 'groups.list', 'search', 'enterprise', 'me', 'filter.co', 'filter.valuepath', 'attr.x509Certificates', 'attr.name.formatted']) expect(isCapability(ok), ok).toBe(true);
    for (const bad of ['pach', 'filter.like', 'filter', 'attr.', 'attr.1x', 'attr.a.b.c', 'groups.rename']) expect(isCapability(bad), bad).toBe(bad === 'filter');
  });

  it('an operator follows `filter` until refused; an attribute is assumed until /Schemas says otherwise', () => {
    expect(hasCapability({ filter: true }, 'filter.co')).toBe(true);
    expect(hasCapability({ filter: false }, 'filter.eq')).toBe(false);
    expect(hasCapability({}, 'attr.x509Certificates')).toBe(true);
    expect(hasCapability({ 'attr.password': false }, 'attr.password')).toBe(false);
  });

  it('a skip reason names the capability and how the run knows', () => {
    const supports: SupportEntry[] = [
      { feature: 'groups.create', state: 'refused-by-design', how: 'refusal', detail: 'POST /Groups answered 403' },
      { feature: 'bulk', state: 'unsupported', how: 'discovery', detail: '/ServiceProviderConfig bulk.supported is false' },
    ];
    const caps = { 'groups.create': false, bulk: false };
    expect(missingCapabilities(['groups.create'], caps, supports)).toBe('refused by this target by design: `groups.create` (POST /Groups answered 403)');
    expect(missingCapabilities(['patch'], caps, supports)).toBeUndefined();
    expect(missingCapabilities(['bulk'], caps, supports)).toBe('the target lacks `bulk` (/ServiceProviderConfig bulk.supported is false)');
    expect(missingCapabilities(['sort'], { sort: false })).toBe('the target lacks `sort` (see /ServiceProviderConfig, --capability)');
  });
});

describe('reading discovery documents (RFC 7643 §6, §7)', () => {
  it('resource types by name or id, and the User type\'s enterprise extension', () => {
    const facts = readResourceTypes({
      Resources: [{ id: 'User', name: 'User', schema: 'urn:ietf:params:scim:schemas:core:2.0:User', schemaExtensions: [{ schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', required: false }] }],
    });
    expect(facts).toEqual({ groups: false, enterprise: true });
    // A bare array is read as well; an empty list says nothing.
    expect(readResourceTypes([{ id: 'Group', schema: 'urn:ietf:params:scim:schemas:core:2.0:Group' }])).toEqual({ groups: true, enterprise: false });
    expect(readResourceTypes({ Resources: [] })).toBeUndefined();
  });

  it('User attributes with sub-attributes, lower case', () => {
    const facts = readSchemas({
      Resources: [{ id: 'urn:ietf:params:scim:schemas:core:2.0:User', attributes: [{ name: 'userName' }, { name: 'name', subAttributes: [{ name: 'givenName' }] }] }],
    });
    expect([...(facts?.userAttributes ?? [])]).toEqual(['username', 'name', 'name.givenname']);
    expect(facts?.enterpriseAttributes).toBeUndefined();
    expect(readSchemas({ Resources: [{ id: 'urn:other' }] })).toBeUndefined();
  });
});

describe('discover, then run', () => {
  it('the reference server: features from discovery, /Me and .search probed, every exchange kept', async () => {
    const r = await discover({ me: 'me@example.com', seed: { users: [{ userName: 'me@example.com' }] } });
    expect(r.fatal).toBeUndefined();
    expect(entry(r.supports, 'enterprise')).toEqual({ feature: 'enterprise', state: 'supported', how: 'discovery', detail: 'a schemaExtension of the User resource type' });
    expect(entry(r.supports, 'me')).toEqual({ feature: 'me', state: 'supported', how: 'probe', detail: 'GET /Me answered 200' });
    expect(entry(r.supports, 'search')).toEqual({ feature: 'search', state: 'supported', how: 'probe', detail: 'POST /Users/.search answered 200' });
    expect(entry(r.supports, 'groups.list')).toMatchObject({ state: 'supported', how: 'probe' });
    expect(r.discovery).toHaveLength(7);
  });

  it('a variant lacking optional features: each is found out, with how', async () => {
    const r = await discover({ lacking: ['enterprise', 'sort', 'bulk', 'etag', 'search', 'me'] });
    expect(r.capabilities).toMatchObject({ enterprise: false, sort: false, bulk: false, etag: false, search: false, me: false, patch: true, filter: true });
    expect(entry(r.supports, 'me')).toEqual({ feature: 'me', state: 'unsupported', how: 'probe', detail: 'GET /Me answered 501' });
    expect(entry(r.supports, 'sort')).toEqual({ feature: 'sort', state: 'unsupported', how: 'discovery', detail: '/ServiceProviderConfig sort.supported is false' });
    expect(entry(r.supports, 'enterprise')).toMatchObject({ state: 'unsupported', how: 'discovery' });
  });

  it('rfc/me asks a target without /Me only for a clear answer; the steps that need /Me are skipped', async () => {
    const r = await discover({ scenarios: [me!] });
    expect(r.scenarios[0]).toMatchObject({ id: 'rfc/me', status: 'passed' });
    const [first, ...rest] = r.scenarios[0]?.steps ?? [];
    expect(first).toMatchObject({ name: '/Me never fails with a server error', status: 'passed' });
    expect(rest.map((s) => s.status)).toEqual(['skipped', 'skipped']);
    expect(rest[0]?.reason).toMatch(/^the target lacks `me` \(GET \/Me answered (404|501)\)$/);
  });

  it('a server error on /Me is not taken for its absence: the run says unknown and rfc/me fails it', async () => {
    const wrap = (inner: ScimHandler): ScimHandler => async (req) => (/\/Me$/.test(req.path) ? { status: 500, headers: {} } : inner(req));
    const r = await discover({ scenarios: [me!], wrap });
    expect(entry(r.supports, 'me')).toEqual({ feature: 'me', state: 'unknown', how: 'probe', detail: 'GET /Me answered 500' });
    expect(r.scenarios[0]?.steps[0]).toMatchObject({ name: '/Me never fails with a server error', status: 'failed' });
  });

  it('attr.<name> comes from the User schema in /Schemas; an absent one skips the step with the reason', async () => {
    const hide = (h: ScimHandler): ScimHandler => async (req) => {
      const res = await h(req);
      if (!req.path.endsWith('/Schemas')) return res;
      const body = res.body as { Resources: { id: string; attributes: { name: string }[] }[] };
      for (const s of body.Resources) if (s.id.endsWith(':core:2.0:User')) s.attributes = s.attributes.filter((a) => a.name !== 'x509Certificates');
      return res;
    };
    const scenario = { ...discovery!, requires: [], steps: discovery!.steps.slice(0, 1).map((s) => ({ ...s, requires: ['attr.x509Certificates' as const, 'attr.userName' as const] })), teardown: [], setup: [] };
    const r = await discover({ wrap: hide, scenarios: [scenario] });
    expect(entry(r.supports, 'attr.x509Certificates')).toEqual({ feature: 'attr.x509Certificates', state: 'unsupported', how: 'discovery', detail: 'the User schema of /Schemas has no `x509Certificates`' });
    expect(entry(r.supports, 'attr.userName')).toMatchObject({ state: 'supported', how: 'discovery' });
    expect(r.scenarios[0]?.steps[0]).toMatchObject({ status: 'skipped', reason: 'the target lacks `attr.x509Certificates` (the User schema of /Schemas has no `x509Certificates`)' });
  });

  it('no discovery endpoints: the defaults are assumed and said so, the probes still run', async () => {
    const noDiscovery = (h: ScimHandler): ScimHandler => async (req) =>
      /\/(ServiceProviderConfig|ResourceTypes|Schemas)$/.test(req.path) ? { status: 404, headers: { 'Content-Type': 'text/plain' }, body: 'not found' } : h(req);
    const r = await discover({ wrap: noDiscovery });
    expect(r.fatal).toBeUndefined();
    expect(entry(r.supports, 'patch')).toEqual({ feature: 'patch', state: 'unknown', how: 'assumed', detail: 'no /ServiceProviderConfig (404)' });
    expect(entry(r.supports, 'enterprise')).toEqual({ feature: 'enterprise', state: 'unknown', how: 'assumed', detail: 'no /ResourceTypes or /Schemas to say' });
    expect(entry(r.supports, 'groups')).toMatchObject({ state: 'supported', how: 'probe', detail: 'GET /Groups answered 200' });
  });

  it('a 404 to /Users with no /ServiceProviderConfig either: NOT_SCIM_ENDPOINT naming the base path, whatever the 404\'s body', async () => {
    for (const body of [{ type: 'application/scim+json', text: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404', detail: 'Resource not found' }), seen: '404 application/scim+json (a SCIM error: "Resource not found")' }, { type: 'text/plain', text: 'not found', seen: '404 text/plain that is not JSON (`not found`)' }]) {
      const nothing: ScimHandler = async () => ({ status: 404, headers: { 'Content-Type': body.type }, body: body.text });
      const r = await discover({ wrap: () => nothing });
      expect(r.fatal?.code).toBe('NOT_SCIM_ENDPOINT');
      expect(r.fatal?.message).toContain(`GET http://mock.test/scim/v2/Users?startIndex=1&count=1 answered ${body.seen}: no Users endpoint at this base URL, so no scenario ran.`);
      expect(r.fatal?.message).toContain('Likely cause: a wrong base path (the SCIM base URL is the path under which /Users and /Groups are served');
      expect(r.discovery.map((d) => d.request.url)).toEqual(['http://mock.test/scim/v2/ServiceProviderConfig', 'http://mock.test/scim/v2/Users?startIndex=1&count=1']);
    }
  });

  it('a 404 to /Users while /ServiceProviderConfig answers SCIM: discovery goes on (a lawful target is never stopped on a guess)', async () => {
    const noUsersList = (h: ScimHandler): ScimHandler => async (req) =>
      req.method === 'GET' && /\/Users$/.test(req.path) ? { status: 404, headers: { 'Content-Type': 'application/scim+json' }, body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' }) } : h(req);
    const r = await discover({ wrap: noUsersList });
    expect(r.fatal).toBeUndefined();
    expect(entry(r.supports, 'patch')).toMatchObject({ how: 'discovery' });
  });

  it('a target that refuses group creation: refused by design, push-new-group skipped with that reason, nothing left behind', async () => {
    const server = createScimServer({ token: TOKEN, profile: 'mezmo', seed: { groups: [{ displayName: 'Org A' }] } });
    const r = await runSuite({
      baseUrl: 'http://mock.test/v1/enterprise/scim',
      transport: createHandlerTransport(server),
      scenarios: [pushGroup!],
      auth: { token: TOKEN, headers: {} },
      mode: 'mock',
      toolVersion: 't',
    });
    expect(entry(r.supports, 'groups.create')).toEqual({ feature: 'groups.create', state: 'refused-by-design', how: 'refusal', detail: 'POST /Groups answered 403' });
    expect(r.scenarios[0]?.status).toBe('skipped');
    expect(r.scenarios[0]?.reason).toMatch(/^refused by this target by design: `groups\.create` \(POST \/Groups answered 403\)/);
    expect(server.store.size('Group')).toBe(1);
  });

  it('a target that creates groups: the probe group is the run\'s first own group and is deleted at the end', async () => {
    const server = createScimServer({ token: TOKEN });
    const r = await runSuite({
      baseUrl: 'http://mock.test/scim/v2',
      transport: createHandlerTransport(server),
      scenarios: [pushGroup!],
      auth: { token: TOKEN, headers: {} },
      mode: 'mock',
      toolVersion: 't',
      runId: 'rdisc2',
    });
    expect(entry(r.supports, 'groups.create')).toEqual({ feature: 'groups.create', state: 'supported', how: 'probe', detail: 'POST /Groups answered 201' });
    expect(r.discovery.some((d) => d.request.method === 'POST' && d.request.body?.includes('scimctl rdisc2 group 1'))).toBe(true);
    expect(server.store.size('Group')).toBe(0);
  });
});

describe('--order', () => {
  it('file, reverse, and a seeded random permutation that is the same for the same seed', () => {
    expect(orderScenarios(4)).toEqual([0, 1, 2, 3]);
    expect(orderScenarios(4, { kind: 'reverse' })).toEqual([3, 2, 1, 0]);
    const a = orderScenarios(20, { kind: 'random', seed: 7 });
    expect(orderScenarios(20, { kind: 'random', seed: 7 })).toEqual(a);
    expect([...a].sort((x, y) => x - y)).toEqual(orderScenarios(20));
    expect(orderScenarios(20, { kind: 'random', seed: 8 })).not.toEqual(a);
  });
});

describe('a target without discovery documents', () => {
  const noDiscovery = (inner: ScimHandler): ScimHandler => async (req) =>
    /\/(ServiceProviderConfig|ResourceTypes|Schemas)$/.test(req.path)
      ? { status: 404, headers: { 'Content-Type': 'application/scim+json' }, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' } }
      : inner(req);
  async function withUsers(options: ScimServerOptions & { wrap?: (h: ScimHandler) => ScimHandler } = {}) {
    const server = createScimServer({ token: TOKEN, ...options });
    for (const userName of ['zed@example.com', 'amy@example.com']) {
      await server({ method: 'POST', path: '/scim/v2/Users', query: '', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' }, body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName }) });
    }
    return runSuite({
      baseUrl: 'http://mock.test/scim/v2',
      transport: createHandlerTransport((options.wrap ?? noDiscovery)(server)),
      scenarios: [],
      auth: { token: TOKEN, headers: {} },
      mode: 'mock',
      toolVersion: 't',
      runId: 'rdisc2',
    });
  }

  it('probes etag, sort and bulk (writing nothing) and says so', async () => {
    const run = await withUsers();
    expect(entry(run.supports, 'etag')).toMatchObject({ state: 'supported', how: 'probe', detail: 'a listed user carries meta.version' });
    expect(entry(run.supports, 'sort')).toMatchObject({ state: 'supported', how: 'probe' });
    expect(entry(run.supports, 'bulk')).toMatchObject({ state: 'supported', how: 'probe', detail: 'POST /Bulk with no operations answered 200' });
    // Nothing a probe cannot tell is claimed: changePassword stays an assumption.
    expect(entry(run.supports, 'changePassword')).toMatchObject({ how: 'assumed' });
    expect(run.discovery.filter((d) => d.request.method === 'POST').map((d) => d.request.url)).toEqual(['http://mock.test/scim/v2/Bulk', 'http://mock.test/scim/v2/Users/.search']);
  });

  it('finds a server that ignores sortBy, sends no versions and has no /Bulk', async () => {
    const lacking = (inner: ScimHandler): ScimHandler => noDiscovery(async (req) => {
      if (/\/Bulk$/.test(req.path)) return { status: 501, headers: {} };
      const res = await inner({ ...req, query: req.query.replace(/sortBy=[^&]*&?|sortOrder=[^&]*&?/g, '') });
      const strip = (r: unknown) => (r && typeof r === 'object' ? (delete (r as { meta?: { version?: unknown } }).meta?.version, r) : r);
      const body = res.body as { Resources?: unknown[] } | undefined;
      if (body?.Resources) body.Resources.forEach(strip);
      else strip(body);
      return { ...res, headers: Object.fromEntries(Object.entries(res.headers).filter(([k]) => k.toLowerCase() !== 'etag')) };
    });
    const run = await withUsers({ wrap: lacking });
    expect(entry(run.supports, 'etag')).toMatchObject({ state: 'unsupported', how: 'probe' });
    expect(entry(run.supports, 'sort')).toMatchObject({ state: 'unsupported', how: 'probe', detail: 'sortBy=userName left the order unchanged' });
    expect(entry(run.supports, 'bulk')).toMatchObject({ state: 'unsupported', how: 'probe' });
  });

  it('probes nothing /ServiceProviderConfig already answers', async () => {
    const run = await discover();
    expect(run.discovery.map((d) => d.request.url).filter((u) => /Bulk|sortBy/.test(u))).toEqual([]);
  });
});
