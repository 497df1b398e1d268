import { describe, expect, it } from 'vitest';
import { renderDiffHtml } from '../../../../src/reporters/diff-html.js';
import { unifiedDiff } from '../../../../src/reporters/diff-lines.js';
import { renderDiffPretty } from '../../../../src/reporters/diff-pretty.js';
import { compareRuns } from '../../../../src/runner/diff/compare-runs.js';
import { IdNumbering, normaliseExchange } from '../../../../src/runner/diff/normalise-exchange.js';
import type { CheckResult, ExchangeLog, RunResult, StepResult } from '../../../../src/runner/types.js';

const exchange = (method: string, url: string, status: number, body: unknown, headers: Record<string, string> = {}): ExchangeLog => ({
  request: { method, url, headers: {} },
  response: { status, headers: { 'content-type': 'application/scim+json; charset=utf-8', ...headers }, body: JSON.stringify(body) },
  durationMs: 1,
});
const user = (base: string, id: string, extra: Record<string, unknown> = {}) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  id,
  userName: 'alice+r1',
  emails: [{ value: 'b@x.io' }, { value: 'a@x.io', primary: true }],
  meta: { resourceType: 'User', created: '2026-01-01T00:00:00Z', lastModified: '2026-01-01T00:00:00.123Z', version: 'W/"3"', location: `${base}/Users/${id}` },
  ...extra,
});
const step = (name: string, x: ExchangeLog, checks: CheckResult[] = []): StepResult => ({ name, phase: 'steps', status: checks.length ? 'failed' : 'passed', durationMs: 1, exchange: x, checks });
const run = (base: string, steps: StepResult[]): RunResult => ({
  version: 1,
  tool: { name: 'scimctl', version: 't' },
  runId: 'r1',
  startedAt: '2026-01-01T00:00:00Z',
  durationMs: 1,
  target: { baseUrl: base, mode: 'http', entraMode: 'both' },
  capabilities: {},
  aborted: false,
  discovery: [],
  supports: [],
  scenarios: [{ id: 's', name: 'S', file: 'f', tags: [], status: 'passed', durationMs: 1, steps }],
});

describe('diff normalisation', () => {
  it('numbers ids by first appearance and rewrites them in paths, locations and member values; dates, versions, bases and order go', () => {
    const side = { baseUrl: 'https://a.example/scim/v2', ids: new IdNumbering() };
    const n = normaliseExchange(exchange('POST', 'https://a.example/scim/v2/Users', 201, user('https://a.example/scim/v2', 'u-123456789'), { Location: 'https://a.example/scim/v2/Users/u-123456789', ETag: 'W/"3"' }), side);
    expect(n).toEqual({
      request: 'POST {base}/Users',
      status: 201,
      headers: { 'content-type': 'application/scim+json', location: '{base}/Users/<id:1>', etag: '<version>' },
      body: {
        emails: [{ primary: true, value: 'a@x.io' }, { value: 'b@x.io' }],
        id: '<id:1>',
        meta: { created: '<dateTime>', lastModified: '<dateTime>', location: '{base}/Users/<id:1>', resourceType: 'User', version: '<version>' },
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: 'alice+r1',
      },
    });
    const get = normaliseExchange(exchange('GET', 'https://a.example/scim/v2/Users/u-123456789?attributes=id', 200, { id: 'u-123456789', groups: [] }), side);
    expect(get).toMatchObject({ request: 'GET {base}/Users/<id:1>?attributes=id', body: { id: '<id:1>' } });
  });

  it('pairs steps, keeps legitimate additions quiet, and ties each difference to the check that judged it', () => {
    const t = 'https://t.example/scim';
    const r = 'http://ref/scim/v2';
    const statusCheck: CheckResult = { checkId: 'status', title: 'status is 201', requirement: { source: 'RFC7644', section: '3.3', id: 'P-3.3-06' }, severity: 'MUST', blocks: [], status: 'failed', expected: 201, actual: 200, message: 'expected status 201, got 200' };
    const target = run(t, [step('create', exchange('POST', `${t}/Users`, 200, user(t, '1', { nickName: 'Al', 'urn:acme:ext:2.0:User': { x: 1 } })), [statusCheck])]);
    const reference = run(r, [step('create', exchange('POST', `${r}/Users`, 201, user(r, 'ffffffff-0000-4000-8000-000000000001')))]);
    const result = compareRuns(target, reference, { profile: 'rfc' });
    expect(result.counts).toMatchObject({ steps: 1, differs: 1, differences: 2, judged: 1 });
    const [s] = result.steps;
    expect(s?.differences).toEqual([
      { kind: 'status', at: 'status', change: 'changed', target: 200, reference: 201, judgedBy: [{ checkId: 'status', defect: 'status=201 @ P-3.3-06', message: 'expected status 201, got 200' }] },
      { kind: 'body', at: '/nickName', change: 'added', target: 'Al', judgedBy: [] },
    ]);
    const pretty = renderDiffPretty(result, false);
    expect(pretty).toContain('judged: status=201 @ P-3.3-06');
    expect(pretty).toContain('only a difference');
    expect(pretty).toContain('-HTTP 201');
    expect(pretty).toContain('+HTTP 200');
    const html = renderDiffHtml(result);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
    expect(html).toContain('status=201 @ P-3.3-06');
  });

  it('prints a unified diff with context', () => {
    const lines = unifiedDiff(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'], ['a', 'b', 'c', 'd', 'E', 'f', 'g', 'h', 'i'], 1);
    expect(lines.map((l) => `${l.kind}${l.text}`)).toEqual(['@@@ -4 +4 @@', ' d', '-e', '+E', ' f']);
  });
});

describe('diff pairing', () => {
  it('pairs array elements by their natural key (attribute name), not by place, and allows a relative meta.location', () => {
    const t = 'https://t.example/scim/v2';
    const r = 'http://ref/scim/v2';
    const schema = (attrs: unknown[], location: string) => ({ id: 'urn:x', attributes: attrs, meta: { location } });
    const target = run(t, [step('schema', exchange('GET', `${t}/Schemas/urn:x`, 200, schema([{ name: 'b', type: 'string' }, { name: 'a', type: 'integer', description: 'A' }], '/scim/v2/Schemas/urn:x')))]);
    const reference = run(r, [step('schema', exchange('GET', `${r}/Schemas/urn:x`, 200, schema([{ name: 'a', type: 'string', description: 'other text' }, { name: 'b', type: 'string' }], `${r}/Schemas/urn:x`)))]);
    const result = compareRuns(target, reference, { profile: 'rfc' });
    expect(result.steps[0]?.differences.map((d) => `${d.at} ${d.change} ${JSON.stringify(d.reference)}→${JSON.stringify(d.target)}`)).toEqual(['/attributes/0/type changed "string"→"integer"']);
  });
});

describe('defect keys', () => {
  it('are the verdict model\'s own keys', async () => {
    const { defectKeyOf } = await import('../../../../src/runner/diff/defect-key.js');
    const { defectKey } = await import('../../../../src/runner/defects.js');
    const failed = (requirement: CheckResult['requirement']): CheckResult => ({
      checkId: 'status',
      title: 't',
      status: 'failed',
      expected: '204',
      actual: 400,
      message: 'm',
      requirement,
      severity: 'MUST',
      blocks: [],
    });
    const entra = failed({ source: 'entra', doc: 'entra.md §2.5 (manager removal)' });
    expect(defectKeyOf(entra)).toBe('status=204 @ entra: entra.md §2.5');
    expect(defectKeyOf(entra)).toBe(defectKey(entra));
    expect(defectKeyOf(failed({ source: 'RFC7644', section: '3.3', id: 'P-3.3-09' }))).toBe('status=204 @ P-3.3-09');
  });
});
