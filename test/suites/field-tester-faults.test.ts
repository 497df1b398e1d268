/**
 * Tester faults the field runs found (field/triage.yaml, issue 12), each
 * replayed here on the reference server with the field server's lawful quirk
 * planted, so the fault cannot come back: the scenario must judge what it is
 * about, not a consequence of the quirk.
 */
import { describe, expect, it } from 'vitest';
import type { ScimHandler, ScimRequest, ScimResponse } from '../../src/server/types.js';
import { describeFailures, failures, runMock } from './mock-run.js';

type Json = Record<string, unknown>;
const parse = (req: ScimRequest): Json | undefined => {
  try {
    return req.body === undefined ? undefined : (JSON.parse(req.body) as Json);
  } catch {
    return undefined;
  }
};

describe('scenario fixes found by the field runs', () => {
  it('rfc/patch-semantics: a server that wrongly accepts `name..givenName` fails that step only, not the later add checks (SCIMMY)', async () => {
    // SCIMMY 1.3.5 reads the malformed path as name.givenName and stores "x".
    const wrap =
      (handler: ScimHandler): ScimHandler =>
      async (req) => {
        const body = parse(req);
        if (req.method !== 'PATCH' || !body || !JSON.stringify(body).includes('name..givenName')) return handler(req);
        return handler({ ...req, body: req.body?.replace('name..givenName', 'name.givenName') });
      };
    const run = await runMock({ profile: 'rfc', ids: ['rfc/patch-semantics'], wrap, runId: 'rfield1' });
    const failed = [...new Set(failures(run).map((f) => f.step))];
    expect(failed, describeFailures(failures(run))).toEqual(['a malformed path']);
  });

  it('rfc/unicode-usernames: a server that needs an email beside a non-email userName still gets the PRECIS checks (Better Auth)', async () => {
    // @better-auth/scim 1.7.5: 400 invalidValue "emails must contain an email when userName is not an email address".
    const wrap =
      (handler: ScimHandler): ScimHandler =>
      async (req): Promise<ScimResponse> => {
        const body = parse(req);
        if (req.method === 'POST' && /\/Users$/.test(req.path) && body && !Array.isArray(body['emails'])) {
          return {
            status: 400,
            headers: { 'Content-Type': 'application/scim+json' },
            body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', scimType: 'invalidValue', detail: 'emails must contain an email' },
          };
        }
        return handler(req);
      };
    const run = await runMock({ profile: 'rfc', ids: ['rfc/unicode-usernames'], wrap, runId: 'rfield2' });
    expect(failures(run), describeFailures(failures(run))).toEqual([]);
    const steps = run.scenarios[0]?.steps ?? [];
    expect(steps.filter((s) => s.phase === 'steps').map((s) => s.status)).toEqual(steps.filter((s) => s.phase === 'steps').map(() => 'passed'));
  });
  it('rfc/replace-put: a refused full PUT is one failure; the read-backs of its new state are not judged (Better Auth)', async () => {
    // @better-auth/scim 1.7.5: 400 invalidValue "[body.name] Invalid input: expected object, received null".
    const wrap =
      (handler: ScimHandler): ScimHandler =>
      async (req): Promise<ScimResponse> => {
        const body = parse(req);
        if (req.method === 'PUT' && body && body['name'] === null) {
          return { status: 400, headers: { 'Content-Type': 'application/scim+json' }, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', scimType: 'invalidValue', detail: 'expected object, received null' } };
        }
        return handler(req);
      };
    const run = await runMock({ profile: 'rfc', ids: ['rfc/replace-put'], wrap, runId: 'rfield3' });
    expect([...new Set(failures(run).map((f) => f.step))], describeFailures(failures(run))).toEqual(['PUT a full new state, echoing read-only values']);
    const steps = run.scenarios[0]?.steps ?? [];
    for (const name of ['the new state is stored', 'an omitted readWrite attribute is cleared or defaulted, not kept']) {
      expect(['passed', 'not-judged'], name).toContain(steps.find((s) => s.name === name)?.status);
    }
  });
});
