/**
 * The verdict model (docs/verdicts.md): grades from the checklist, defects
 * instead of checks, no cascades, unsupported instead of failed, "not tested",
 * and absent = null = [] — each on small hand-built inputs.
 */
import { describe, expect, it } from 'vitest';
import type { ResolvedMeta } from '../../../src/runner/checks/check-context.js';
import { makeCheck } from '../../../src/runner/checks/check-context.js';
import { runExpectation } from '../../../src/runner/checks/run-expectation.js';
import { groupDefects } from '../../../src/runner/defects.js';
import { gradeCheck, gradeOfLevel } from '../../../src/runner/grading.js';
import { decode } from '../../../src/runner/send-request.js';
import { asUnsupported, cascadeAfterStatus, confirmable, controlFailed, exercised, judgeStep, refusalOf } from '../../../src/runner/step-judgement.js';
import { SupportLog } from '../../../src/runner/support-log.js';
import type { CheckResult, Expectation, RunResult, ScenarioResult } from '../../../src/runner/types.js';
import { computeVerdict, idpVerdictText } from '../../../src/runner/verdict.js';
import { defaultRegistry } from '../../../src/core/schema/schema-registry.js';

const meta = (id: string | undefined, needs: string[] = [], severity: ResolvedMeta['severity'] = 'MUST'): ResolvedMeta => ({
  requirement: id ? { source: 'RFC7644', section: '3', id } : { source: 'RFC7644', section: '3' },
  severity,
  needs,
});
const fail = (checkId: string, m: ResolvedMeta) => makeCheck(checkId, checkId, m, { status: 'failed', expected: 1, actual: 2, message: `${checkId} failed` });
const pass = (checkId: string, m: ResolvedMeta) => makeCheck(checkId, checkId, m, { status: 'passed' });

function run(scenarios: ScenarioResult[]): RunResult {
  return {
    version: 1,
    tool: { name: 'scimctl', version: '0' },
    runId: 'r1',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    target: { baseUrl: 'http://t/scim', mode: 'mock', entraMode: 'both' },
    capabilities: {},
    aborted: false,
    discovery: [],
    supports: [],
    scenarios,
  };
}
const scenario = (id: string, tags: string[], checks: CheckResult[][], status: ScenarioResult['status'] = 'failed'): ScenarioResult => ({
  id,
  name: id,
  file: `${id}.yaml`,
  tags,
  status,
  durationMs: 1,
  steps: checks.map((c, i) => ({ name: `step ${i + 1}`, phase: 'steps', status: 'failed', durationMs: 1, checks: c })),
});

describe('grading', () => {
  it('maps checklist levels to grades, mixed levels by their first server-side keyword', () => {
    expect(['MUST', 'SHALL NOT', 'REQUIRED (when paged)', 'MUST (SHALL)'].map(gradeOfLevel)).toEqual(['MUST', 'MUST', 'MUST', 'MUST']);
    expect(['SHOULD NOT', 'RECOMMENDED', 'MAY', 'OPTIONAL'].map(gradeOfLevel)).toEqual(['SHOULD', 'SHOULD', 'MAY', 'MAY']);
    expect(['DEF', 'DERIVED', 'DEF (verified erratum)'].map(gradeOfLevel)).toEqual(['SHOULD', 'SHOULD', 'SHOULD']);
    expect(['MAY / MUST', 'MUST / MAY', 'MUST (client) / DERIVED', 'MAY (client)'].map(gradeOfLevel)).toEqual(['MAY', 'MUST', 'SHOULD', 'MAY']);
  });

  it('never grades a check above its item, unless it cites a blocking IdP need', () => {
    const mayItem = { source: 'RFC7644' as const, section: '3.5.1', id: 'P-3.5.1-04' };
    expect(gradeCheck('MUST', mayItem, false)).toBe('MAY');
    expect(gradeCheck('MUST', { source: 'RFC7644', section: '3.12' }, false)).toBe('SHOULD');
    expect(gradeCheck('SHOULD', { source: 'RFC7644', section: '3.3', id: 'P-3.3-06' }, false)).toBe('SHOULD');
    expect(gradeCheck('MUST', mayItem, true)).toBe('MUST');
    expect(fail('x', meta('P-3.12-10')).severity).toBe(gradeOfLevel('SHOULD'));
  });
});

describe('defects', () => {
  it('one defect hit 30 times is one defect with 30 failing checks, blocking Okta with its evidence', () => {
    const m = { requirement: { source: 'RFC7644' as const, section: '3.4.2.4', id: 'P-3.4.2.4-08' }, severity: 'MUST' as const, needs: ['okta.md §1 (ory/polis#4054)'] };
    const steps = Array.from({ length: 30 }, () => [fail('scim.listResponse.itemsPerPage-count', m)]);
    const r = run([scenario('okta/import', ['okta'], steps.slice(0, 20)), scenario('rfc/pagination', ['rfc'], steps.slice(20))]);
    const [d, ...rest] = groupDefects(r);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ key: 'scim.listResponse.itemsPerPage-count @ P-3.4.2.4-08', failingChecks: 30, scenarios: ['okta/import', 'rfc/pagination'], rfcGate: false });
    expect(d?.blocks.map((b) => [b.idp, b.evidence])).toEqual([['okta', 'okta.md §1 (ory/polis#4054)']]);
    expect(d?.hits).toHaveLength(30);
    const v = computeVerdict(r);
    expect(idpVerdictText(v.idps[0] as (typeof v.idps)[number])).toBe('Okta: blocked by 1 defect (30 failing checks)');
    expect(v.exitCode).toBe(1);
  });

  it('array indexes do not split a defect; different requirements do', () => {
    const m = meta('P-3.3-08');
    const r = run([scenario('rfc/a', ['rfc'], [[fail('body.path/emails/0/value', m)], [fail('body.path/emails/3/value', m)], [fail('body.path/emails/1/value', meta('P-3.3-06'))]])]);
    expect(groupDefects(r).map((d) => [d.key, d.failingChecks])).toEqual([
      ['body.path/emails/*/value @ P-3.3-08', 2],
      ['body.path/emails/*/value @ P-3.3-06', 1],
    ]);
  });

  it('a tag blocks nothing: an RFC failure in an Okta scenario fails the run under RFC only', () => {
    const v = computeVerdict(run([scenario('okta/create', ['okta'], [[fail('scim.location.header', meta('P-3.3-08'))]])]));
    expect(v.idps.find((i) => i.key === 'okta')?.state).toBe('ready');
    expect(v.defects[0]?.rfcGate).toBe(true);
    expect(v.exitCode).toBe(1);
  });

  it('a SHOULD or DEF defect is reported and does not fail the run', () => {
    const v = computeVerdict(run([scenario('rfc/x', ['rfc'], [[fail('status', meta('P-3.4.2.4-01'))]])]));
    expect(v.defects).toHaveLength(1);
    expect(v.defects[0]?.severity).toBe('SHOULD');
    expect(v.exitCode).toBe(0);
  });
});

describe('not tested', () => {
  it('an IdP none of whose scenarios ran is not tested, even when everything passed', () => {
    const v = computeVerdict(run([scenario('entra/x', ['entra'], [[pass('status', meta('P-3.3-06'))]], 'passed'), scenario('okta/y', ['okta'], [], 'skipped')]));
    expect(v.idps.map((i) => idpVerdictText(i))).toEqual(['Okta: not tested', 'Entra (aadOptscim062020): not tested', 'Entra (default): ready', 'Mezmo: not tested']);
  });
});

describe('no cascades', () => {
  const body = (status: number, json: unknown) => decode(status, { 'content-type': 'application/scim+json' }, JSON.stringify(json));
  const exp: Expectation = {
    requirement: { source: 'RFC7644', section: '3.3', id: 'P-3.3-06' },
    status: { matcher: { kind: 'value', value: 201 } },
    headers: [],
    paths: [{ pointer: '/id', type: 'string' }, { pointer: '/userName', equals: 'a' }],
    scim: [{ check: 'listResponse' }],
  };
  const checks = (status: number, json: unknown) =>
    runExpectation(exp, { request: { method: 'POST', path: '/Users' }, response: body(status, json) }, { run: 'r' }, meta(undefined), { registry: defaultRegistry });

  it('when the status check fails, the body checks are not judged and count in no verdict', () => {
    const out = cascadeAfterStatus(checks(400, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400' }));
    // The two path checks are not judged; the ListResponse check skips an error body by itself.
    expect(out.map((c) => c.status)).toEqual(['failed', 'not-judged', 'not-judged', 'skipped']);
    const v = computeVerdict(run([scenario('rfc/c', ['rfc'], [out])]));
    expect(v.defects.map((d) => d.key)).toEqual(['status=201 @ P-3.3-06']);
    expect(v.counts['not-judged']).toBe(2);
  });

  it('a variant whose plain-form control failed is not blamed', () => {
    const out = controlFailed([fail('body.path/totalResults', meta('P-1.2-01')), pass('status', meta('P-1.2-01'))], 'the plain lookup');
    expect(out.map((c) => c.status)).toEqual(['not-judged', 'passed']);
    expect(out[0]?.status === 'not-judged' && out[0].reason).toContain('the plain lookup');
  });
});

describe('unsupported is not failed', () => {
  const refused = decode(400, { 'content-type': 'application/scim+json' }, JSON.stringify({ status: '400', scimType: 'invalidFilter' }));

  it('recognises lawful refusals per feature, and not a refusal of the request content', () => {
    expect(refusalOf(['filter.co'], refused)).toBe('400 invalidFilter');
    expect(refusalOf(['search'], decode(404, {}, ''))).toBe('404');
    expect(refusalOf(['patch'], decode(501, {}, ''))).toBe('501');
    expect(refusalOf(['patch'], decode(400, {}, JSON.stringify({ scimType: 'mutability' })))).toBeUndefined();
    expect(refusalOf([], refused)).toBeUndefined();
  });

  it('a refused step records the feature; a check citing an IdP need stays failed', () => {
    const support = new SupportLog();
    const okta = fail('status', { requirement: { source: 'okta', doc: 'okta.md §4.1' }, severity: 'MUST', needs: [] });
    const out = judgeStep({ checks: [fail('status', meta('P-3.4.2.2-08')), fail('body.path/totalResults', meta('P-3.4.2.2-08')), okta], view: refused, stepName: 'co', features: ['filter', 'filter.co'], support });
    expect(out.map((c) => c.status)).toEqual(['unsupported', 'unsupported', 'failed']);
    // Only the specific operator is refused: `filter` itself (and its eq) may still work.
    expect(support.list()).toEqual([{ feature: 'filter.co', state: 'unsupported', how: 'refusal', detail: 'co: answered 400 invalidFilter' }]);
    expect(support.missing(['filter.co'])).toContain('filter.co');
  });

  it('only the features the request exercises can be refused (a 404 to a user lookup says nothing about /Groups)', () => {
    const lookup = { method: 'GET', path: '/Users', query: 'filter=userName%20eq%20%22a%22' };
    expect(exercised(['filter', 'groups', 'patch'], lookup)).toEqual(['filter']);
    expect(refusalOf(exercised(['filter', 'groups', 'patch'], lookup), decode(404, {}, ''))).toBeUndefined();
    expect(exercised(['groups', 'patch'], { method: 'PATCH', path: '/Groups/g1' })).toEqual(['groups', 'patch']);
  });

  it('a feature a passing step confirmed stays supported; only the new one is marked', () => {
    const support = new SupportLog();
    support.confirmed(['filter', 'filter.eq'], 'eq');
    judgeStep({ checks: [fail('status', meta('P-3.4.2.2-08'))], view: refused, stepName: 'sw', features: ['filter', 'filter.sw'], support });
    expect(support.list().map((e) => `${e.feature}:${e.state}`)).toEqual(['filter:supported', 'filter.eq:supported', 'filter.sw:unsupported']);
    expect(asUnsupported([pass('status', meta(undefined))], 'x', 'r')[0]?.status).toBe('unsupported');
  });
});

describe('each filter operator is its own capability (issue 12)', () => {
  const refused = decode(400, { 'content-type': 'application/scim+json' }, JSON.stringify({ status: '400', scimType: 'invalidFilter' }));
  const list = (support: SupportLog) => support.list().map((e) => `${e.feature}:${e.state}`);

  it('a refused compound filter blames the attribute operator, not and/not beside it', () => {
    const support = new SupportLog();
    support.confirmed(['filter', 'filter.eq'], 'eq');
    const out = judgeStep({ checks: [fail('status', meta('P-3.4.2.2-08'))], view: refused, stepName: 'case', features: ['filter', 'filter.eq', 'filter.and', 'filter.not', 'filter.pr'], support });
    expect(list(support)).toEqual(['filter:supported', 'filter.eq:supported', 'filter.pr:unsupported']);
    expect(out[0]).toMatchObject({ status: 'unsupported', feature: 'filter.pr' });
    // A value path before the logic around it; the last unconfirmed structural part alone is blamed.
    expect(support.refused(['filter.eq', 'filter.and', 'filter.valuepath'], 'vp')).toBe('filter.valuepath');
    expect(support.refused(['filter.eq', 'filter.or'], 'or')).toBe('filter.or');
  });

  it('two unconfirmed attribute operators: neither is marked unsupported, both are unknown with the detail', () => {
    const support = new SupportLog();
    const out = judgeStep({ checks: [fail('status', meta('P-3.4.2.2-08'))], view: refused, stepName: 'ne', features: ['filter', 'filter.sw', 'filter.and', 'filter.ne'], support });
    expect(list(support)).toEqual(['filter.ne:unknown', 'filter.sw:unknown']);
    expect(support.list()[0]?.detail).toContain('does not say which of filter.sw, filter.ne');
    expect(support.missing(['filter.sw'])).toBeUndefined();
    expect(out[0]).toMatchObject({ status: 'unsupported', feature: 'filter.sw or filter.ne' });
    // A later step using sw alone settles it.
    support.confirmed(['filter.sw'], 'sw');
    expect(support.state('filter.sw')).toBe('supported');
  });

  it('only a 2xx to a filter that uses the operator confirms it', () => {
    const support = new SupportLog();
    const request = { method: 'GET', path: '/Users', query: 'filter=active%20gt%20true' };
    judgeStep({ checks: [pass('status', meta('P-3.4.2.2-08'))], view: refused, stepName: 'gt on a boolean', features: ['filter', 'filter.gt'], request, support });
    expect(support.list()).toEqual([]);
    const ok = decode(200, { 'content-type': 'application/scim+json' }, '{}');
    const sw = { method: 'GET', path: '/Users', query: 'filter=userName+sw+%22a%22+and+emails%5Btype+eq+%22work%22%5D.value+pr' };
    expect(confirmable(['filter', 'filter.sw', 'filter.and', 'filter.valuepath', 'filter.eq', 'filter.pr', 'filter.or'], sw)).toEqual([
      'filter',
      'filter.sw',
      'filter.and',
      'filter.valuepath',
      'filter.eq',
      'filter.pr',
    ]);
    judgeStep({ checks: [pass('status', meta('P-3.4.2.2-08'))], view: ok, stepName: 'sw', features: ['filter', 'filter.sw', 'filter.or'], request: sw, support });
    expect(list(support)).toEqual(['filter:supported', 'filter.sw:supported']);
  });
});

describe('absent, null and [] are one state (RFC 7643 §2.5)', () => {
  const exp = (paths: Expectation['paths']): Expectation => ({ requirement: { source: 'RFC7643', section: '2.5', id: 'S-2.5-01' }, headers: [], paths, scim: [] });
  const judge = (paths: Expectation['paths'], json: unknown) =>
    runExpectation(exp(paths), { request: { method: 'GET', path: '/Users/1' }, response: decode(200, { 'content-type': 'application/scim+json' }, JSON.stringify(json)) }, {}, meta(undefined), {
      registry: defaultRegistry,
    }).map((c) => c.status);

  it('present: false, equals [] / null and length 0 accept all three', () => {
    for (const body of [{}, { groups: null }, { groups: [] }]) {
      expect(judge([{ pointer: '/groups', present: false }, { pointer: '/groups', equals: [] }, { pointer: '/groups', equals: null }, { pointer: '/groups', length: 0 }], body)).toEqual([
        'passed',
        'passed',
        'passed',
        'passed',
      ]);
    }
    expect(judge([{ pointer: '/groups', present: false }], { groups: [{ value: 'g' }] })).toEqual(['failed']);
  });

  it('present: true rejects null and []', () => {
    expect(judge([{ pointer: '/members', present: true }], { members: [] })).toEqual(['failed']);
    expect(judge([{ pointer: '/members', present: true }], { members: null })).toEqual(['failed']);
  });
});
