/**
 * Given a replayed exchange the recorded server answered with success, when
 * the target refuses it with an RFC 7644 §3.12 error, then only the status
 * check fails: the error body is not judged as a resource or for Location.
 */
import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../../src/core/schema/schema-registry.js';
import { autoExpectation } from '../../../src/runner/auto-checks.js';
import type { Operation } from '../../../src/runner/auto-checks.js';
import type { ResolvedMeta } from '../../../src/runner/checks/check-context.js';
import { runExpectation } from '../../../src/runner/checks/run-expectation.js';
import { decode } from '../../../src/runner/send-request.js';

const fallback: ResolvedMeta = { requirement: { source: 'RFC7644', section: '3' }, severity: 'MUST', needs: [] };
const ERROR = { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', scimType: 'invalidValue', detail: 'no' };

function judged(op: Operation, method: string, path: string) {
  const exp = autoExpectation(op, 200, ['entra']);
  if (!exp) throw new Error(`no auto expectation for ${op}`);
  const response = decode(400, { 'content-type': 'application/scim+json' }, JSON.stringify(ERROR));
  const checks = runExpectation(exp, { request: { method, path }, response }, {}, fallback, { registry: defaultRegistry });
  return {
    failed: checks.filter((c) => c.status === 'failed').map((c) => `${c.checkId} ${c.requirement.id ?? ''}`),
    skipped: checks.filter((c) => c.status === 'skipped').map((c) => c.checkId),
  };
}

describe('auto checks on an error answer', () => {
  it('a 400 to a PATCH fails the status check only', () => {
    const r = judged('patch', 'PATCH', '/Users/u1');
    expect(r.failed).toEqual(['status P-3.5.2-19']);
    expect(r.skipped).toEqual(['scim.resource.body']);
  });

  it('a 400 to a create fails the status check only, not Location', () => {
    const r = judged('create', 'POST', '/Users');
    expect(r.failed).toEqual(['status P-3.3-06']);
    expect(r.skipped).toEqual(['scim.location.header', 'scim.resource.body']);
  });
});
