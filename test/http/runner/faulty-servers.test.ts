/**
 * Given a SCIM server with exactly one defect, when scimctl runs the rfc
 * starter scenarios and the Entra fixture against it, then the defect is caught
 * with the requirement it breaks and the gate exits with the right code.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTransport } from '../../../src/runner/client/http-transport.js';
import { loadScenarios } from '../../../src/runner/load/find-scenarios.js';
import { expandPaths } from '../../../src/runner/load/find-scenarios.js';
import { runSuite } from '../../../src/runner/run-suite.js';
import type { CheckResult, RunResult, Scenario } from '../../../src/runner/types.js';
import { blockingFailureKeys, computeVerdict } from '../../../src/runner/verdict.js';
import { ERROR_SCHEMA } from '../../../src/core/scim-errors.js';
import { patchOps, startFaultyServer, TOKEN, withOps } from './faulty-server.js';
import type { Defect, FaultyServer, RawResponse } from './faulty-server.js';

// The starter scenarios (not the whole, growing built-in set) plus the Entra fixture.
const STARTERS = ['discovery', 'user-lifecycle', 'list-response', 'errors', 'patch-user', 'group-membership'].map((n) => `scenarios/rfc/${n}.yaml`);
const files = expandPaths([...STARTERS, 'test/fixtures/scenarios']);
if (!files.ok) throw new Error('scenario folders missing');
const loaded = loadScenarios(files.value);
if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
const scenarios = loaded.value;

let server: FaultyServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function run(defect: Defect, timeoutMs = 2000, only: readonly Scenario[] = scenarios): Promise<RunResult> {
  server = await startFaultyServer(defect);
  const transport = createHttpTransport({ timeoutMs });
  try {
    return await runSuite({
      baseUrl: server.url,
      transport,
      scenarios: only,
      auth: { token: TOKEN, headers: {} },
      mode: 'http',
      toolVersion: 'test',
    });
  } finally {
    await transport.close();
  }
}

function bad(result: RunResult): { scenario: string; step: string; check: CheckResult }[] {
  return result.scenarios.flatMap((s) =>
    s.steps.flatMap((step) => step.checks.filter((c) => c.status === 'failed' || c.status === 'errored').map((check) => ({ scenario: s.id, step: step.name, check }))),
  );
}

/** The product's gate: nothing blocking failed (SHOULD/MAY warnings are allowed), exit 0. */
function expectGateOpen(result: RunResult): void {
  expect(result.fatal).toBeUndefined();
  expect(blockingFailureKeys(result)).toEqual([]);
  expect(computeVerdict(result).exitCode).toBe(0);
}

const isList = (req: { method: string; path: string }) => req.method === 'GET' && /\/(Users|Groups)$/.test(req.path);
const isRead = (req: { method: string; path: string }) => req.method === 'GET' && /\/Users\/[^/]+$/.test(req.path);
const json = (res: RawResponse) => res.body as Record<string, unknown>;

describe('a correct server', () => {
  it('yields no blocking failure and exit 0', async () => {
    expectGateOpen(await run({}));
  });

  it('a SHOULD-level deviation (unknown query parameters refused) is a warning: the gate stays open', async () => {
    const pagination = loadScenarios(['scenarios/rfc/pagination.yaml']);
    if (!pagination.ok) throw new Error('scenarios/rfc/pagination.yaml does not load');
    const refuseFoo: Defect = {
      request: (req) =>
        new URLSearchParams(req.query).has('foo')
          ? { status: 400, headers: { 'Content-Type': 'application/scim+json' }, body: { schemas: [ERROR_SCHEMA], status: '400', detail: 'unknown parameter foo' } }
          : req,
    };
    const result = await run(refuseFoo, 2000, pagination.value);
    // The status check fails; the body of a refusal is not judged (no cascade), so one failure, not two.
    expect(bad(result).map((b) => `${b.check.requirement.id ?? ''} ${b.check.severity}`)).toEqual(['P-3.4.2-02 SHOULD']);
    expectGateOpen(result);
  });
});

describe('each defect is caught with its requirement', () => {
  it('200 instead of 201 on create', async () => {
    const result = await run({ response: (req, res) => (req.method === 'POST' && res.status === 201 ? { ...res, status: 200 } : res) });
    const hit = bad(result).find((b) => b.check.checkId === 'status' && b.check.requirement.id === 'P-3.3-06');
    expect(hit?.check.status).toBe('failed');
    expect(hit?.check.status === 'failed' && hit.check.actual).toBe(200);
    expect(computeVerdict(result).exitCode).toBe(1);
  });

  it('a string startIndex', async () => {
    const result = await run({
      response: (req, res) => (isList(req) && res.status === 200 ? { ...res, body: { ...json(res), startIndex: String(json(res)['startIndex']) } } : res),
    });
    const hit = bad(result).find((b) => b.check.checkId === 'scim.listResponse.startIndex');
    // RFC 7644 §3.4.2 names no type for startIndex: the failure is Okta's documented need (KB-str).
    expect(hit?.check.requirement).toMatchObject({ source: 'okta', doc: 'okta.md §1 (KB-str)' });
    expect(hit?.check.blocks).toContain('okta');
    expect(computeVerdict(result).exitCode).toBe(1);
  });

  it('itemsPerPage not matching the resources returned', async () => {
    const result = await run({
      response: (req, res) => (isList(req) && res.status === 200 ? { ...res, body: { ...json(res), itemsPerPage: 100 } } : res),
    });
    const hit = bad(result).find((b) => b.check.checkId === 'scim.listResponse.itemsPerPage-count');
    expect(hit?.check.requirement.id).toBe('P-3.4.2.4-08');
    expect(computeVerdict(result).exitCode).toBe(1);
  });

  it('no Location header', async () => {
    const result = await run({
      response: (_req, res) => {
        const headers = { ...res.headers };
        delete headers['Location'];
        return { ...res, headers };
      },
    });
    const hits = bad(result).filter((b) => b.check.requirement.id === 'P-3.3-08');
    expect(hits.map((h) => h.check.checkId)).toEqual(expect.arrayContaining(['header.Location', 'scim.location.header']));
    expect(computeVerdict(result).exitCode).toBe(1);
  });

  it('a case-sensitive userName filter', async () => {
    const result = await run({
      request: (req) => {
        const filter = new URLSearchParams(req.query).get('filter') ?? '';
        const m = /^userName eq "(.*)"$/.exec(filter);
        if (isList(req) && m && m[1] !== m[1]?.toLowerCase()) {
          return { status: 200, headers: { 'Content-Type': 'application/scim+json' }, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] } };
        }
        return req;
      },
    });
    const hit = bad(result).find((b) => b.step === 'userName filter ignores case');
    expect(hit?.check.requirement.id).toBe('S-4.1.1-03');
    expect(computeVerdict(result).exitCode).toBe(1);
  });

  it('a text/html Content-Type', async () => {
    const result = await run({ response: (_req, res) => ({ ...res, headers: { ...res.headers, 'Content-Type': 'text/html; charset=utf-8' } }) });
    const hit = bad(result).find((b) => b.check.checkId === 'scim.contentType.media');
    expect(hit?.check.requirement.id).toBe('P-3.8-03');
    expect(hit?.check.blocks).toContain('entra');
    expect(computeVerdict(result).exitCode).toBe(1);
  });

  it('application/json passes under the named tolerance', async () => {
    const result = await run({ response: (_req, res) => ({ ...res, headers: { ...res.headers, 'Content-Type': 'application/json' } }) });
    expectGateOpen(result);
    const tolerated = result.scenarios.flatMap((s) => s.steps.flatMap((st) => st.checks)).filter((c) => c.tolerance === 'content-type-json');
    expect(tolerated.length).toBeGreaterThan(0);
  });

  it('404 on an empty filter result', async () => {
    const result = await run({
      response: (req, res) =>
        isList(req) && req.query.includes('filter') && json(res)['totalResults'] === 0
          ? { status: 404, headers: { 'Content-Type': 'application/scim+json' }, body: { schemas: [ERROR_SCHEMA], status: '404', detail: 'no such user' } }
          : res,
    });
    const hit = bad(result).find((b) => b.check.checkId === 'status' && b.check.requirement.id === 'P-3.4.2-07');
    expect(hit?.check.status === 'failed' && hit.check.actual).toBe(404);
    expect(computeVerdict(result).exitCode).toBe(1);
  });

  it('a group wiped by an Entra value-array member removal', async () => {
    const result = await run({
      request: (req) => {
        const ops = patchOps(req);
        if (!ops || !/\/Groups\//.test(req.path)) return req;
        return withOps(req, ops.map((o) => (o.op.toLowerCase() === 'remove' && o.path === 'members' && Array.isArray(o.value) ? { op: 'remove', path: 'members' } : o)));
      },
    });
    const hit = bad(result).find((b) => b.step === 'alice is still a member after bob\'s removal' && b.check.checkId === 'body.match');
    expect(hit?.check.requirement).toEqual({ source: 'entra', doc: 'entra.md §3 (member removal with a value array)' });
    expect(hit?.check.blocks).toEqual(['entra']);
    expect(computeVerdict(result).idps.find((i) => i.key === 'entra-default')?.state).toBe('blocked');
    expect(computeVerdict(result).exitCode).toBe(1);
  });

  it('a path-less active:false replace ignored', async () => {
    const result = await run({
      request: (req) => {
        const ops = patchOps(req);
        if (!ops || !/\/Users\//.test(req.path)) return req;
        const kept = ops.filter((o) => !(o.op.toLowerCase() === 'replace' && o.path === undefined && typeof o.value === 'object'));
        if (kept.length === ops.length) return req;
        return kept.length === 0 ? { status: 204, headers: {} } : withOps(req, kept);
      },
    });
    const hit = bad(result).find((b) => b.step === 'the user is inactive');
    expect(hit?.check.requirement.source).toBe('okta');
    expect(hit?.check.blocks).toContain('okta');
    expect(computeVerdict(result).idps.find((i) => i.key === 'okta')?.state).toBe('blocked');
    expect(computeVerdict(result).exitCode).toBe(1);
  });

  it('a capitalised op rejected', async () => {
    const result = await run({
      request: (req) => {
        const ops = patchOps(req);
        if (ops?.some((o) => o.op !== o.op.toLowerCase())) {
          return { status: 400, headers: { 'Content-Type': 'application/scim+json' }, body: { schemas: [ERROR_SCHEMA], status: '400', scimType: 'invalidSyntax', detail: 'op must be lower case' } };
        }
        return req;
      },
    });
    const hit = bad(result).find((b) => b.step.includes('add-members') && b.check.checkId === 'status');
    expect(hit?.check.requirement).toMatchObject({ source: 'entra' });
    expect(hit?.check.status === 'failed' && hit.check.actual).toBe(400);
    expect(computeVerdict(result).exitCode).toBe(1);
  });

  it('a hang past the timeout', async () => {
    const result = await run({ request: (req) => (isRead(req) ? { hang: true } : req) }, 300);
    const hit = bad(result).find((b) => b.check.status === 'errored' && b.step === 'read it back');
    expect(hit?.check.status === 'errored' && hit.check.error.code).toBe('TIMEOUT');
    expect(hit?.check.status === 'errored' && hit.check.error.message).toMatch(/no response from 127\.0\.0\.1:\d+ within 300 ms/);
    expect(hit?.check.requirement.id).toBe('P-3.4.1-01');
    expect(computeVerdict(result).exitCode).toBe(1);
  });

  it('a connection reset', async () => {
    const result = await run({ request: (req) => (req.method === 'DELETE' ? { reset: true } : req) });
    const hit = bad(result).find((b) => b.check.status === 'errored');
    expect(hit?.check.status === 'errored' && hit.check.error.code).toBe('CONNECTION_RESET');
    expect(hit?.check.requirement.id).toBe('P-3.6-01');
    expect(computeVerdict(result).exitCode).toBe(1);
  });

  it('invalid JSON', async () => {
    const result = await run({
      response: (req, res) => (isRead(req) && res.status === 200 ? { ...res, raw: '{"id": "x", "userName": ' } : res),
    });
    const hits = bad(result).filter((b) => b.check.status === 'errored' && b.check.error.code === 'INVALID_JSON' && b.step === 'read it back');
    expect(hits.map((h) => h.check.requirement.id)).toContain('P-3.4.1-01');
    expect(hits[0]?.check.status === 'errored' && hits[0].check.error.message).toMatch(/^the 200 response body is not valid JSON: .*`\{"id": "x", "userName":`\)$/);
    expect(computeVerdict(result).exitCode).toBe(1);
  });
});

describe('the target cannot be judged at all', () => {
  it('unreachable → fatal TARGET_UNREACHABLE, exit 3', async () => {
    const transport = createHttpTransport({ timeoutMs: 1000 });
    const result = await runSuite({ baseUrl: 'http://127.0.0.1:1/scim/v2', transport, scenarios, auth: { headers: {} }, mode: 'http', toolVersion: 'test' });
    await transport.close();
    expect(result.fatal?.code).toBe('TARGET_UNREACHABLE');
    expect(result.fatal?.message).toBe('connection refused by 127.0.0.1:1');
    expect(computeVerdict(result).exitCode).toBe(3);
  });

  it('wrong credentials → fatal AUTH_REJECTED, exit 3', async () => {
    server = await startFaultyServer();
    const transport = createHttpTransport({ timeoutMs: 1000 });
    const result = await runSuite({ baseUrl: server.url, transport, scenarios, auth: { token: 'wrong-token', headers: {} }, mode: 'http', toolVersion: 'test' });
    await transport.close();
    expect(result.fatal?.code).toBe('AUTH_REJECTED');
    expect(computeVerdict(result).exitCode).toBe(3);
  });
});
