/**
 * Given a target that fails in a way test/http/runner/faulty-servers.test.ts
 * does not cover (unknown host, TLS, a hang during discovery, a stalled or
 * cut body, a drip-fed body, a redirect loop, 5xx, 429 with a long
 * Retry-After, an HTML error page, an endless body), when `scimctl test` runs against it, then the run
 * completes, the step (or the run) fails with a one-line diagnosis, the exit
 * code is 3 for an unreachable target and 1 for a failing one, and an endless
 * body is cut at the cap instead of filling memory.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runServe } from '../../src/cli/run-serve.js';
import { serveHarness } from '../helpers/serve-harness.js';
import { scimctl } from '../unit/cli/cli-helpers.js';
import { recordFigure } from './figures.js';
import { endless, startFaultyTarget, TARGET_TOKEN, type FaultyTarget, type RawFault } from './faulty-target.js';

const SCENARIO = 'test/robustness/fixtures/scenarios/read-user.yaml';
const TIMEOUT_MS = 400;
const survived: Record<string, number> = {};
/** Fault tests that failed: each is a faulty target the tester did not survive. */
let notSurvived = 0;

let target: FaultyTarget | undefined;
beforeEach((ctx) => {
  if (ctx.task.suite?.name !== 'scimctl test against faulty targets') return;
  ctx.onTestFailed(() => {
    notSurvived++;
  });
});
afterEach(async () => {
  await target?.close();
  target = undefined;
});
afterAll(() => {
  // The serve --fault mix below records its own figure.
  const kinds = Object.keys(survived).filter((k) => k !== 'a scimctl serve --fault mix').length;
  recordFigure({
    suite: 'faulty-targets',
    target: 'scimctl test against faulty targets',
    cases: kinds + notSurvived,
    outcomes: { 'runs that completed with the right exit code and a one-line diagnosis': kinds, 'runs that did not survive': notSurvived },
  });
});

interface Outcome {
  code: number;
  report: any;
  pretty: string;
}

/** Runs scimctl twice (json report, then pretty) against `url`. */
async function runAgainst(url: string, extra: string[] = []): Promise<Outcome> {
  const env = { SCIMCTL_TOKEN: TARGET_TOKEN };
  const args = ['test', url, '--scenarios', SCENARIO, '--timeout', String(TIMEOUT_MS), ...extra];
  const json = await scimctl([...args, '--reporter', 'json'], { env });
  const pretty = await scimctl(args, { env });
  expect(pretty.code).toBe(json.code);
  return { code: json.code, report: JSON.parse(json.stdout), pretty: pretty.stdout + pretty.stderr };
}

/** The errored or failed check of the step `step`, with its message. */
function stepFailure(report: any, step: string): { code?: string; message: string } {
  const s = report.scenarios[0].steps.find((x: { name: string }) => x.name === step);
  const check = s?.checks.find((c: { status: string }) => c.status === 'errored' || c.status === 'failed');
  expect(check, `no failure recorded on "${step}"`).toBeDefined();
  return check.status === 'errored' ? { code: check.error.code, message: check.error.message } : { message: check.message };
}

/** Ids differ between the json and the pretty run. */
const shape = (text: string): string => text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>');

function oneLine(message: string, pretty: string): void {
  expect(message).not.toMatch(/\n/);
  expect(message.length).toBeLessThan(300);
  expect(shape(pretty)).toContain(shape(message));
}

async function faultOnRead(fault: RawFault, tls = false): Promise<string> {
  target = await startFaultyTarget({ match: (m, p) => m === 'GET' && /\/Users\/[^/]+$/.test(p), fault, tls });
  return target.url;
}

describe('scimctl test against faulty targets', () => {
  it('an unknown host (.invalid) is exit 3 with "host not found"', async () => {
    const r = await runAgainst('http://scim.robustness.invalid/scim/v2');
    expect(r.code).toBe(3);
    expect(r.report.fatal.code).toBe('TARGET_UNREACHABLE');
    expect(r.report.fatal.message).toBe('host not found: scim.robustness.invalid');
    oneLine(r.report.fatal.message, r.pretty);
    survived['unknown host'] = 1;
  });

  it('a self-signed certificate is exit 3 with TLS_FAILED; --insecure gets through', async () => {
    target = await startFaultyTarget({ match: () => false, fault: () => undefined, tls: true });
    const r = await runAgainst(target.url);
    expect(r.code).toBe(3);
    expect(r.report.fatal.code).toBe('TLS_FAILED');
    expect(r.report.fatal.message).toMatch(/^TLS with 127\.0\.0\.1:\d+ failed \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)$/);
    oneLine(r.report.fatal.message, r.pretty);
    const insecure = await runAgainst(target.url, ['--insecure']);
    expect(insecure.code).toBe(0);
    survived['TLS failure'] = 1;
  });

  it('a target that accepts the connection and never answers discovery is exit 3', async () => {
    target = await startFaultyTarget({ match: () => true, fault: () => undefined });
    const r = await runAgainst(target.url);
    expect(r.code).toBe(3);
    expect(r.report.fatal.code).toBe('TARGET_UNREACHABLE');
    expect(r.report.fatal.message).toMatch(new RegExp(`no response from 127\\.0\\.0\\.1:\\d+ within ${TIMEOUT_MS} ms`));
    oneLine(r.report.fatal.message, r.pretty);
    survived['timeout before headers (discovery)'] = 1;
  });

  it('a body that stalls after the headers is TIMEOUT on the step, exit 1', async () => {
    const url = await faultOnRead((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/scim+json' });
      res.write('{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],');
    });
    const r = await runAgainst(url);
    expect(r.code).toBe(1);
    const f = stepFailure(r.report, 'read it back');
    expect(f.code).toBe('TIMEOUT');
    expect(f.message).toMatch(new RegExp(`^the response body from 127\\.0\\.0\\.1:\\d+ stalled for ${TIMEOUT_MS} ms$`));
    oneLine(f.message, r.pretty);
    // The run went on: the delete after it was sent and judged.
    expect(r.report.scenarios[0].steps.map((s: { name: string }) => s.name)).toContain('delete');
    survived['stalled body'] = 1;
  });

  it('a body drip-fed one byte every 50 ms (never a gap as long as --timeout) is cut at 3× --timeout + 2 s, exit 1', async () => {
    const url = await faultOnRead((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/scim+json' });
      const drip = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(drip));
    });
    const r = await runAgainst(url);
    expect(r.code).toBe(1);
    const f = stepFailure(r.report, 'read it back');
    expect(f.code).toBe('TIMEOUT');
    expect(f.message).toMatch(new RegExp(`^the response from 127\\.0\\.0\\.1:\\d+ was not complete after ${3 * TIMEOUT_MS + 2000} ms$`));
    oneLine(f.message, r.pretty);
    survived['drip-fed body'] = 1;
  });

  it('a connection reset in the middle of the body is CONNECTION_RESET, exit 1', async () => {
    const url = await faultOnRead((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/scim+json', 'content-length': '5000' });
      res.write('{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"', () => res.socket?.destroy());
    });
    const r = await runAgainst(url);
    expect(r.code).toBe(1);
    const f = stepFailure(r.report, 'read it back');
    expect(f.code).toBe('CONNECTION_RESET');
    oneLine(f.message, r.pretty);
    survived['reset mid-body'] = 1;
  });

  it('a redirect loop is not followed: the step fails on the 302, exit 1', async () => {
    const url = await faultOnRead((req, res) => {
      res.writeHead(302, { location: req.url ?? '/' });
      res.end();
    });
    const r = await runAgainst(url);
    expect(r.code).toBe(1);
    expect(target!.stats.faulted).toBe(2); // one request per run: no loop
    const f = stepFailure(r.report, 'read it back');
    expect(f.message).toMatch(/302/);
    oneLine(f.message, r.pretty);
    survived['redirect loop'] = 1;
  });

  it('503, and 429 with Retry-After: one hour, fail the step at once, exit 1', async () => {
    for (const [status, headers] of [
      [503, { 'content-type': 'application/scim+json' }],
      [429, { 'content-type': 'application/scim+json', 'retry-after': '3600' }],
    ] as const) {
      const url = await faultOnRead((_req, res) => {
        res.writeHead(status, headers);
        res.end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status) }));
      });
      const r = await runAgainst(url);
      expect(r.code).toBe(1);
      const f = stepFailure(r.report, 'read it back');
      expect(f.message).toMatch(new RegExp(String(status)));
      oneLine(f.message, r.pretty);
      expect(target!.stats.faulted).toBe(2); // no retry, no wait
      await target!.close();
      target = undefined;
      survived[status === 503 ? '5xx' : '429 Retry-After'] = 1;
    }
  });

  it('an HTML error page is HTML_RESPONSE with a snippet, exit 1', async () => {
    const url = await faultOnRead((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body><h1>Bad Gateway</h1></body></html>\n');
    });
    const r = await runAgainst(url);
    expect(r.code).toBe(1);
    const report = JSON.stringify(r.report);
    expect(report).toContain('HTML_RESPONSE');
    expect(report).toMatch(/the target answered 502 with HTML/);
    const f = stepFailure(r.report, 'read it back');
    oneLine(f.message, r.pretty);
    survived['HTML error page'] = 1;
  });

  it('an endless body is cut at the 5 MB cap: BODY_TOO_LARGE, exit 1, memory bounded', async () => {
    const before = process.memoryUsage().rss;
    const url = await faultOnRead((_req, res, stats) => {
      res.writeHead(200, { 'content-type': 'application/scim+json' });
      endless(res, Buffer.alloc(64 * 1024, 0x20), stats);
    });
    const r = await runAgainst(url);
    expect(r.code).toBe(1);
    const f = stepFailure(r.report, 'read it back');
    expect(f.code).toBe('BODY_TOO_LARGE');
    expect(f.message).toMatch(/larger than 5242880 bytes/);
    oneLine(f.message, r.pretty);
    // The target pushed past the cap before the client hung up, and the client kept only about the cap.
    expect(target!.stats.bytesSent).toBeGreaterThan(5 * 1024 * 1024);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
    survived['endless body'] = 1;
  });
});

describe('scimctl test against scimctl serve --fault', () => {
  it('the built-in scenarios against a server that drops, fails, throttles and bends answers: the run completes with exit 1', async () => {
    const h = serveHarness();
    const lines = h.all;
    const faults = ['drop:rate=0.1', 'error-rate=0.1', '429:retry-after=0:rate=0.1', 'string-counts', 'no-location:rate=0.5', 'drop:when=after:rate=0.05'];
    const done = runServe({ host: '127.0.0.1', port: '0', profile: 'rfc', maxBody: '1048576', token: TARGET_TOKEN, fault: faults, faultSeed: '11' }, h.io);
    await h.ready;
    const url = h.url();
    try {
      const r = await scimctl(['test', url, '--timeout', '2000', '--reporter', 'json'], { env: { SCIMCTL_TOKEN: TARGET_TOKEN } });
      let report: any;
      try {
        report = JSON.parse(r.stdout);
      } catch {
        report = undefined;
      }
      // Discovery may itself be hit (exit 3); otherwise the injected faults fail steps (exit 1). Never a crash.
      const crashed = [1, 3].includes(r.code) && report !== undefined ? 0 : 1;
      const counts = report?.verdict?.counts ?? { failed: 0, errored: 0, passed: 0 };
      recordFigure({ suite: 'faulty-targets', target: 'built-in scenarios against serve --fault mix', cases: report?.scenarios?.length ?? 0, outcomes: { 'failed or errored checks': counts.failed + counts.errored, 'passed checks': counts.passed, 'runs that crashed': crashed } });
      expect([1, 3]).toContain(r.code);
      expect(report, r.stderr).toBeDefined();
      const errored = report.scenarios.flatMap((s: any) => s.steps.flatMap((st: any) => st.checks.filter((c: any) => c.status === 'errored')));
      for (const c of errored) {
        expect(c.error.code).toMatch(/^[A-Z_]+$/);
        expect(c.error.message).not.toMatch(/\n/);
      }
      if (r.code === 1) expect(report.scenarios.length).toBeGreaterThan(5);
      survived['a scimctl serve --fault mix'] = 1;
    } finally {
      h.stop('SIGTERM');
      await done;
    }
  });
});
