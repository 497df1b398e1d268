/** A small, fixed RunResult: one passing, one failing, one errored and one skipped scenario. */
import type { CheckResult, RunResult } from '../../../src/runner/types.js';

const pass = (checkId: string, title: string): CheckResult => ({
  checkId,
  title,
  status: 'passed',
  requirement: { source: 'RFC7644', section: '3.3', id: 'P-3.3-06' },
  severity: 'MUST',
  blocks: [],
});

export function runFixture(): RunResult {
  return {
    version: 1,
    tool: { name: 'scimctl', version: '0.1.0' },
    runId: 'r12345',
    startedAt: '2026-11-28T00:00:00.000Z',
    durationMs: 1234,
    target: { baseUrl: 'http://127.0.0.1:4000/scim/v2', mode: 'http', entraMode: 'both' },
    capabilities: { patch: true },
    aborted: false,
    discovery: [],
    supports: [],
    scenarios: [
      {
        id: 'rfc/ok',
        name: 'All good',
        file: 'scenarios/rfc/ok.yaml',
        tags: ['rfc'],
        status: 'passed',
        durationMs: 5,
        steps: [{ name: 'create', phase: 'steps', status: 'passed', durationMs: 3, checks: [pass('status', 'status is 201')] }],
      },
      {
        id: 'okta/create',
        name: 'Okta creates a user',
        file: 'scenarios/okta/create.yaml',
        tags: ['okta'],
        status: 'failed',
        durationMs: 7,
        steps: [
          {
            name: 'create alice',
            phase: 'steps',
            status: 'failed',
            durationMs: 4,
            exchange: {
              request: { method: 'POST', url: 'http://127.0.0.1:4000/scim/v2/Users', headers: { Authorization: '<redacted>' }, body: '{"userName":"alice"}' },
              response: { status: 200, headers: { 'content-type': 'application/scim+json' }, body: '{"id":"1"}' },
              durationMs: 4,
            },
            checks: [
              {
                checkId: 'status',
                title: 'status is 201',
                status: 'failed',
                expected: '201',
                actual: 200,
                message: 'expected status 201, got 200',
                requirement: { source: 'RFC7644', section: '3.3', id: 'P-3.3-06' },
                severity: 'MUST',
                blocks: ['okta'],
                evidence: ['okta.md §4.2'],
                span: { file: 'scenarios/okta/create.yaml', start: { line: 12, col: 7 }, end: { line: 12, col: 12 } },
              },
              {
                checkId: 'scim.contentType.media',
                title: 'Content-Type is application/scim+json',
                status: 'failed',
                expected: 'application/scim+json',
                actual: 'text/plain',
                message: 'Content-Type is `text/plain`',
                requirement: { source: 'RFC7644', section: '8.1', id: 'P-8.1-01' },
                severity: 'SHOULD',
                blocks: [],
              },
            ],
          },
        ],
      },
      {
        id: 'entra/flag',
        name: 'Entra flag mode',
        file: 'scenarios/entra/flag.yaml',
        tags: ['entra-aadopt'],
        status: 'errored',
        durationMs: 300,
        steps: [
          {
            name: 'read',
            phase: 'steps',
            status: 'errored',
            durationMs: 300,
            exchange: { request: { method: 'GET', url: 'http://127.0.0.1:4000/scim/v2/Users/1', headers: {} }, durationMs: 300 },
            checks: [
              {
                checkId: 'transport',
                title: 'the target answers',
                status: 'errored',
                error: { code: 'TIMEOUT', severity: 'error', message: 'no response from 127.0.0.1:4000 within 300 ms' },
                requirement: { source: 'entra', doc: 'entra.md §2.2' },
                severity: 'MUST',
                blocks: ['entra'],
                evidence: ['entra.md §2.2'],
              },
            ],
          },
        ],
      },
      { id: 'mezmo/groups', name: 'Mezmo groups', file: 'scenarios/mezmo/groups.yaml', tags: ['mezmo'], status: 'skipped', reason: 'the target lacks `groups.create`', durationMs: 0, steps: [] },
    ],
  };
}
