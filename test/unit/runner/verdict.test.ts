import { describe, expect, it } from 'vitest';
import { baselineOf, parseBaseline } from '../../../src/runner/baseline.js';
import { blockingFailureKeys, compareBaseline, computeVerdict, isBlocking } from '../../../src/runner/verdict.js';
import type { CheckResult } from '../../../src/runner/types.js';
import { runFixture } from '../reporters/run-fixture.js';

const failed = (severity: CheckResult['severity'], blocks: CheckResult['blocks'], id?: string): CheckResult => ({
  checkId: 'x',
  title: 'x',
  status: 'failed',
  expected: 1,
  actual: 2,
  message: 'm',
  requirement: id ? { source: 'RFC7644', section: '3.3', id } : { source: 'RFC7644', section: '3' },
  severity,
  blocks,
});

describe('verdict', () => {
  it('a failure blocks when an IdP needs it or it breaks an item the checklist grades MUST', () => {
    expect(isBlocking(failed('MUST', [], 'P-3.3-06'))).toBe(true);
    expect(isBlocking(failed('SHOULD', ['okta']))).toBe(true);
    expect(isBlocking(failed('SHOULD', []))).toBe(false);
    expect(isBlocking(failed('MAY', []))).toBe(false);
    // A section with no checklist item is no single MUST; a DEF item (P-3.4.1-01) is not one either.
    expect(isBlocking(failed('MUST', []))).toBe(false);
    expect(isBlocking(failed('MUST', [], 'P-3.4.1-01'))).toBe(false);
  });

  it('per-IdP readiness, RFC tally and exit code', () => {
    const v = computeVerdict(runFixture());
    expect(v.idps.map((i) => [i.key, i.state, i.defects.length, i.blockingFailures])).toEqual([
      ['okta', 'blocked', 1, 1],
      ['entra-aadopt', 'blocked', 1, 1],
      ['entra-default', 'not-tested', 0, 0],
      ['mezmo', 'not-tested', 0, 0],
    ]);
    expect(v.rfc).toEqual({ mustPassed: 0, mustTotal: 1, areas: [{ area: 'RFC 7644 §3.3', passed: 0, total: 1 }], gateDefects: 1 });
    expect(v.counts).toEqual({ passed: 1, failed: 2, errored: 1, skipped: 0, 'not-judged': 0, unsupported: 0 });
    expect(v.defects.map((d) => [d.key, d.blocks.map((b) => b.idp)])).toEqual([
      ['status=201 @ P-3.3-06', ['okta']],
      ['transport !TIMEOUT @ entra: entra.md §2.2', ['entra-aadopt']],
      ['scim.contentType.media @ P-8.1-01', []],
    ]);
    expect(v.blockingDefects).toBe(2);
    expect(v.blockingFailures).toBe(2);
    expect(v.exitCode).toBe(1);
  });

  it('exit 3 when the run had a fatal error, 0 when nothing blocking failed', () => {
    const run = runFixture();
    expect(computeVerdict({ ...run, fatal: { code: 'AUTH_REJECTED', severity: 'error', message: '401' } }).exitCode).toBe(3);
    expect(computeVerdict({ ...run, scenarios: run.scenarios.slice(0, 1) }).exitCode).toBe(0);
  });

  it('a baseline accepts known failures and reports fixed ones', () => {
    const run = runFixture();
    const keys = blockingFailureKeys(run);
    expect(keys).toEqual(['okta/create › create alice › status', 'entra/flag › read › transport']);
    const baseline = [keys[0] as string, 'rfc/old › step › status'];
    expect(compareBaseline(run, baseline)).toEqual({
      known: ['okta/create › create alice › status'],
      new: ['entra/flag › read › transport'],
      fixed: ['rfc/old › step › status'],
    });
    expect(computeVerdict(run, baseline).blockingFailures).toBe(1);
    expect(computeVerdict(run, keys).exitCode).toBe(0);
  });

  it('baseline files round-trip, and a JSON report works as a baseline', () => {
    const run = runFixture();
    const text = JSON.stringify(baselineOf(run));
    expect(parseBaseline(text, 'b.json')).toEqual({ ok: true, value: [...blockingFailureKeys(run)].sort() });
    expect(parseBaseline(JSON.stringify(run), 'r.json')).toEqual({ ok: true, value: blockingFailureKeys(run) });
    const bad = parseBaseline('{"nope":1}', 'b.json');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.diagnostics[0]?.code).toBe('BASELINE_INVALID');
  });
});
