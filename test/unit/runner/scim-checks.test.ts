import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../../src/core/schema/schema-registry.js';
import { runScimCheck } from '../../../src/runner/checks/scim-checks.js';
import type { ResolvedMeta } from '../../../src/runner/checks/check-context.js';
import { decode } from '../../../src/runner/send-request.js';
import type { ScimCheckName } from '../../../src/runner/types.js';

const fallback: ResolvedMeta = { requirement: { source: 'RFC7644', section: '3' }, severity: 'MUST', needs: [] };
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERR = 'urn:ietf:params:scim:api:messages:2.0:Error';

function check(name: ScimCheckName, status: number, body: unknown, headers: Record<string, string> = { 'content-type': 'application/scim+json' }, path = '/Users', extra = {}) {
  const view = decode(status, headers, body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body));
  return runScimCheck({ check: name, ...extra }, { request: { method: 'GET', path }, response: view }, { registry: defaultRegistry }, fallback, {});
}
const failedIds = (results: ReturnType<typeof check>) => results.filter((r) => r.status === 'failed').map((r) => `${r.checkId} ${r.requirement.id ?? r.requirement.doc ?? r.requirement.section}`);

describe('listResponse', () => {
  it('passes a valid ListResponse', () => {
    expect(failedIds(check('listResponse', 200, { schemas: [LIST], totalResults: 1, startIndex: 1, itemsPerPage: 1, Resources: [{ id: 'a' }] }))).toEqual([]);
  });
  it('fails string counts, a count mismatch, a missing URN and missing Resources', () => {
    expect(failedIds(check('listResponse', 200, { schemas: ['x'], totalResults: '2', startIndex: '1', itemsPerPage: 5, Resources: [{ id: 'a' }] }))).toEqual([
      'scim.listResponse.schemas P-3.4.2-03',
      'scim.listResponse.totalResults P-3.4.2-04',
      // RFC 7644 §3.4.2 names no type for startIndex; Okta's need (KB-str) is what fails.
      'scim.listResponse.startIndex okta.md §1 (KB-str)',
      'scim.listResponse.itemsPerPage-count P-3.4.2.4-08',
    ]);
    expect(failedIds(check('listResponse', 200, { schemas: [LIST], totalResults: 3 }))).toEqual(['scim.listResponse.Resources P-3.4.2-05']);
  });
  it('okta is blocked by non-integer counts', () => {
    const r = check('listResponse', 200, { schemas: [LIST], totalResults: 0, startIndex: '1', Resources: [] }).find((c) => c.checkId.endsWith('startIndex'));
    expect(r?.blocks).toEqual(['okta']);
    expect(r?.evidence).toEqual(['okta.md §1 (KB-str)']);
    // No checklist item grades the JSON type of startIndex: the check is as strict as MUST only through Okta's need.
    expect(r?.severity).toBe('MUST');
  });
  it('itemsPerPage that echoes count blocks Okta through ory/polis#4054, graded by its DEF item otherwise', () => {
    const r = check('listResponse', 200, { schemas: [LIST], totalResults: 2, startIndex: 1, itemsPerPage: 100, Resources: [{ id: 'a' }, { id: 'b' }] }).find((c) =>
      c.checkId.endsWith('itemsPerPage-count'),
    );
    expect(r && [r.status, r.blocks, r.evidence]).toEqual(['failed', ['okta'], ['okta.md §1 (ory/polis#4054)']]);
  });
});

describe('error', () => {
  it('passes an RFC error', () => {
    expect(failedIds(check('error', 409, { schemas: [ERR], status: '409', scimType: 'uniqueness' }, undefined, '/Users', { scimType: ['uniqueness'] }))).toEqual([]);
  });
  it('fails a numeric status, an unknown scimType and the wrong scimType', () => {
    expect(failedIds(check('error', 400, { schemas: [ERR], status: 400, scimType: 'badThing' }, undefined, '/Users', { scimType: ['invalidFilter'] }))).toEqual([
      'scim.error.status P-3.12-04',
      'scim.error.scimType P-3.12-05',
      'scim.error.scimType-expected 3.12',
    ]);
  });
  it('fails a success where an error was expected', () => {
    expect(failedIds(check('error', 200, {}))).toEqual(['scim.error.status P-3.12-02']);
  });
});

describe('resource, location, contentType, etag', () => {
  const user = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'u1', userName: 'a', meta: { resourceType: 'User', location: 'http://t/Users/u1', version: 'W/"1"' } };
  it('a valid user passes; one without id fails S-3.1-03', () => {
    expect(failedIds(check('resource', 200, user, undefined, '/Users/u1'))).toEqual([]);
    expect(failedIds(check('resource', 200, { ...user, id: undefined }, undefined, '/Users/u1'))).toContain('scim.resource.valid/id S-3.1-03');
  });
  it('judges a projected resource as partial: attributes= may leave out required attributes (RFC 7644 §3.4.2.5)', () => {
    const projected = { schemas: user.schemas, id: 'u1' };
    const view = decode(200, { 'content-type': 'application/scim+json' }, JSON.stringify(projected));
    const run = (query: string) =>
      runScimCheck({ check: 'resource' }, { request: { method: 'GET', path: '/Users/u1', query }, response: view }, { registry: defaultRegistry }, fallback, {})
        .filter((r) => r.status === 'failed')
        .map((r) => r.checkId);
    expect(run('attributes=id')).toEqual([]);
    expect(run('excludedAttributes=userName')).toEqual([]);
    // Without projection the same body lacks the required userName.
    expect(run('')).not.toEqual([]);
  });
  it('Location must equal meta.location', () => {
    expect(failedIds(check('location', 201, user, { location: 'http://t/Users/u1' }))).toEqual([]);
    expect(failedIds(check('location', 201, user, { location: 'http://t/Users/other' }))).toEqual(['scim.location.equals P-3.3-08']);
    expect(failedIds(check('location', 201, user, {}))).toEqual(['scim.location.header P-3.3-08']);
  });
  it('contentType: scim+json passes, application/json passes under a named tolerance, text/html fails', () => {
    expect(check('contentType', 200, user)[0]?.status).toBe('passed');
    const json = check('contentType', 200, user, { 'content-type': 'application/json' })[0];
    expect(json?.status === 'passed' && json.tolerance).toBe('content-type-json');
    // Without an Accept header (Entra's GETs) the rule is that JSON can be produced at all (P-3.8-01) ...
    expect(failedIds(check('contentType', 200, user, { 'content-type': 'text/html' }))).toEqual(['scim.contentType.media P-3.8-01']);
    // ... and P-3.8-03 binds a request that asked for application/scim+json.
    const view = decode(200, { 'content-type': 'text/html' }, JSON.stringify(user));
    const asked = runScimCheck({ check: 'contentType' }, { request: { method: 'GET', path: '/Users', accept: 'application/scim+json' }, response: view }, { registry: defaultRegistry }, fallback, {});
    expect(failedIds(asked)).toEqual(['scim.contentType.media P-3.8-03']);
    expect(asked[0]?.blocks).toEqual(['entra']);
  });
  it('etag equals meta.version when sent', () => {
    expect(failedIds(check('etag', 200, user, { etag: 'W/"1"' }))).toEqual([]);
    expect(failedIds(check('etag', 200, user, { etag: 'W/"2"' }))).toEqual(['scim.etag.version P-3.14-03']);
    expect(check('etag', 200, user, {})[0]?.status).toBe('skipped');
  });
  it('an HTML body cannot be judged: errored with a one-line diagnosis', () => {
    const r = check('resource', 200, '<html><body>Login</body></html>', { 'content-type': 'text/html' }, '/Users/u1')[0];
    expect(r?.status === 'errored' && r.error).toEqual({
      code: 'HTML_RESPONSE',
      severity: 'error',
      message: 'the target answered 200 with HTML (`<html><body>Login</body></html>`), not JSON',
    });
  });
});

describe('field faults guarded (docs/field-report.md)', () => {
  it('a ListResponse check does not judge an error body (Better Auth refusing a filter it lacks)', () => {
    const r = check('listResponse', 400, { schemas: [ERR], status: '400', scimType: 'invalidFilter' });
    expect(r.map((c) => c.status)).toEqual(['skipped']);
  });
  it("Okta's list rules do not apply to discovery endpoints Okta never calls (okta.md §1)", () => {
    const r = check('listResponse', 200, { schemas: [LIST], totalResults: 2, startIndex: '1', itemsPerPage: 20, Resources: [{ id: 'a' }, { id: 'b' }] }, undefined, '/ResourceTypes');
    const bad = r.filter((c) => c.status === 'failed');
    expect(bad.map((c) => c.checkId).sort()).toEqual(['scim.listResponse.itemsPerPage-count', 'scim.listResponse.startIndex']);
    expect(bad.every((c) => c.blocks.length === 0)).toBe(true);
  });
});
