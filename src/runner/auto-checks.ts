/**
 * The checks a replayed exchange gets without the scenario asking: chosen by
 * the operation (RFC 7644 §3.3–§3.6) and by what the recorded server answered.
 */
import type { Expectation, Requirement, ScimCheckSpec, StatusMatcher } from './types.js';
import { parseRequirement } from './load/parse-requirement.js';

export type Operation = 'create' | 'list' | 'read' | 'replace' | 'patch' | 'delete' | 'other';

/** Classify by method and the path below the base URL (`/Users/abc`). */
export function classifyOperation(method: string, relPath: string): Operation {
  const segs = relPath.split('?')[0]?.split('/').filter(Boolean) ?? [];
  const resource = segs.length > 0 && !['ServiceProviderConfig', 'ResourceTypes', 'Schemas', 'Bulk'].includes(segs[0] ?? '');
  if (!resource) return 'other';
  if (method === 'POST' && segs.length === 1) return 'create';
  if (method === 'GET') return segs.length === 1 ? 'list' : 'read';
  if (method === 'PUT' && segs.length === 2) return 'replace';
  if (method === 'PATCH' && segs.length === 2) return 'patch';
  if (method === 'DELETE' && segs.length === 2) return 'delete';
  return 'other';
}

const req = (id: string): Requirement => parseRequirement(id) as Requirement;

/** The evidence a recording's replayed status checks cite: its `source`, when it names an IdP document. */
export function recordingNeeds(recording: { source?: string }): string[] {
  return recording.source ? [recording.source] : [];
}

/** `needs` go on the status check only: the recorded IdP got that status, so answering another breaks it. */
function expectation(status: StatusMatcher, requirement: Requirement, scim: ScimCheckSpec[], needs: string[]): Expectation {
  return { status: { matcher: status, requirement, ...(needs.length > 0 ? { needs } : {}) }, headers: [], paths: [], scim };
}

/** The recorded list answer matched nothing (`totalResults: 0`): the case P-3.4.2-07 is about. */
function emptyList(recordedBody: unknown): boolean {
  let body = recordedBody;
  // A recording may keep the body as text (bodyText, as `scimctl record` writes it).
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return false;
    }
  }
  return typeof body === 'object' && body !== null && (body as { totalResults?: unknown }).totalResults === 0;
}

/**
 * Built-in expectations for one replayed exchange. `needs` cites the recording's source (its IdP's documented
 * traffic); only the status check carries it, so body details block no IdP unless the scenario cites a need.
 * A list's status cites P-3.4.2-07 ("a query matching nothing answers 200, never 404") only when the recorded
 * answer matched nothing; any other list cites RFC 7644 §3.4.2.
 */
export function autoExpectation(op: Operation, recordedStatus: number, needs: string[], recordedBody?: unknown): Expectation | undefined {
  const scim = (...names: ScimCheckSpec['check'][]): ScimCheckSpec[] => names.map((check) => ({ check }));
  if (recordedStatus >= 400) {
    // The recorded server refused; the target must refuse the same way (RFC 7644 §3.12).
    return expectation({ kind: 'value', value: recordedStatus }, { source: 'RFC7644', section: '3.12' }, scim('error', 'contentType'), needs);
  }
  switch (op) {
    case 'create':
      return expectation({ kind: 'value', value: 201 }, req('P-3.3-06'), scim('location', 'resource', 'contentType'), needs);
    case 'list':
      return expectation(
        { kind: 'value', value: 200 },
        emptyList(recordedBody) ? req('P-3.4.2-07') : { source: 'RFC7644', section: '3.4.2' },
        scim('listResponse', 'contentType'),
        needs,
      );
    case 'read':
      return expectation({ kind: 'value', value: 200 }, req('P-3.4.1-01'), scim('resource', 'contentType'), needs);
    case 'replace':
      return expectation({ kind: 'value', value: 200 }, req('P-3.5.1-09'), scim('resource', 'contentType'), needs);
    case 'patch':
      return expectation({ kind: 'set', values: [200, 204] }, req('P-3.5.2-19'), scim('resource', 'contentType'), needs);
    case 'delete':
      return expectation({ kind: 'value', value: 204 }, req('P-3.6-01'), [], needs);
    case 'other':
      return expectation({ kind: 'range', hundreds: Math.floor(recordedStatus / 100) }, { source: 'RFC7644', section: '3' }, [], needs);
  }
}
