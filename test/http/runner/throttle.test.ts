/**
 * `scimctl test` against a throttling target: every 429 is waited out for its
 * Retry-After (the sleep is injected, so no real time passes), the request is
 * sent again, each throttle is in the step's exchange, and a 429 without
 * Retry-After carries a warning citing the evidence.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadPlanScenarios } from '../../../src/cli/run-test.js';
import { runServe } from '../../../src/cli/run-serve.js';
import { createHttpTransport } from '../../../src/runner/client/http-transport.js';
import type { Transport } from '../../../src/runner/client/transport.js';
import { NO_RETRY_AFTER_WARNING, parseRetryAfter, withThrottle } from '../../../src/runner/client/with-throttle.js';
import { createPrettyReporter } from '../../../src/reporters/pretty-reporter.js';
import { runSuite } from '../../../src/runner/run-suite.js';
import { computeVerdict } from '../../../src/runner/verdict.js';
import type { ExchangeLog } from '../../../src/runner/types.js';
import { serveHarness, type ServeHarness } from '../../helpers/serve-harness.js';

let harness: ServeHarness | undefined;
let served: Promise<number> | undefined;
afterEach(async () => {
  harness?.stop('SIGTERM');
  await served;
});

async function serve(fault: string[]): Promise<string> {
  harness = serveHarness();
  served = runServe({ host: '127.0.0.1', port: '0', profile: 'rfc', maxBody: String(2 * 1024 * 1024), token: 'T0k3n', fault, faultSeed: '7' }, harness.io);
  await harness.ready;
  return harness.url();
}

async function run(url: string, transport: Transport) {
  const scenarios = loadPlanScenarios({ scenarioPaths: [], withBuiltin: false, tags: ['entra'] });
  if (!scenarios.ok) throw new Error('scenarios');
  const result = await runSuite({ baseUrl: url, transport, scenarios: scenarios.value, auth: { token: 'T0k3n', headers: {} }, mode: 'http', toolVersion: 'test' });
  await transport.close();
  const exchanges: ExchangeLog[] = [...result.discovery, ...result.scenarios.flatMap((s) => s.steps.flatMap((st) => (st.exchange ? [st.exchange] : [])))];
  return { result, exchanges, checks: result.scenarios.flatMap((s) => s.steps.flatMap((st) => st.checks)) };
}

describe('Retry-After', () => {
  it('reads seconds and HTTP-dates (RFC 9110 §10.2.3), nothing else', () => {
    const now = Date.parse('2026-12-04T10:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Fri, 04 Dec 2026 10:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('scimctl test against serve --fault 429:retry-after=2:rate=0.1', () => {
  it('waits out every 429 for its Retry-After, retries, and reports each throttle in the step', async () => {
    const url = await serve(['429:retry-after=2:rate=0.1']);
    const waits: number[] = [];
    const transport = withThrottle({ sleep: async (ms) => void waits.push(ms) })(createHttpTransport({ timeoutMs: 5000 }));
    const { result, exchanges, checks } = await run(url, transport);
    expect(result.fatal).toBeUndefined();
    const throttles = exchanges.flatMap((e) => e.throttles ?? []);
    // Seed 7 over this request sequence throttles some requests, never the same one four times.
    expect(throttles.length).toBeGreaterThan(3);
    expect(throttles.every((t) => t.retryAfter === '2' && t.waitedMs === 2000 && t.retried && t.warning === undefined)).toBe(true);
    expect(waits).toEqual(throttles.map(() => 2000));
    // The retried requests got their real answers: nothing failed because of the throttling.
    expect(exchanges.every((e) => e.response?.status !== 429)).toBe(true);
    expect(checks.filter((c) => c.status === 'failed' || c.status === 'errored')).toEqual([]);
  });

  it('flags a 429 without Retry-After as a warning citing the evidence, and waits the default second', async () => {
    const url = await serve(['status=429:rate=0.1']);
    const waits: number[] = [];
    const transport = withThrottle({ sleep: async (ms) => void waits.push(ms) })(createHttpTransport({ timeoutMs: 5000 }));
    const { exchanges, result } = await run(url, transport);
    const throttles = exchanges.flatMap((e) => e.throttles ?? []);
    expect(throttles.length).toBeGreaterThan(0);
    // The pretty summary says so, with the evidence.
    let text = '';
    await createPrettyReporter({ write: (t) => void (text += t) }, { color: false, live: false }).onRunEnd?.(result, { verdict: computeVerdict(result) });
    expect(text).toContain(`throttled  ${throttles.length} × 429, waited`);
    expect(text).toContain(`⚠ ${throttles.length} without a usable Retry-After: 429 without Retry-After: Entra waits`);
    expect(throttles.every((t) => t.retryAfter === undefined && t.warning === NO_RETRY_AFTER_WARNING)).toBe(true);
    expect(NO_RETRY_AFTER_WARNING).toMatch(/entra\.md §5.*okta\.md §1/);
    expect(waits.every((w) => w === 1000)).toBe(true);
  });

  it('gives up after the bounded retries and when Retry-After is longer than an IdP waits', async () => {
    const url = await serve(['429:retry-after=120:route=GET /Users']);
    const waits: number[] = [];
    const transport = withThrottle({ sleep: async (ms) => void waits.push(ms) })(createHttpTransport({ timeoutMs: 5000 }));
    const res = await transport.send({ method: 'GET', url: `${url}/Users`, headers: { Authorization: 'Bearer T0k3n' } });
    await transport.close();
    expect(res.status).toBe(429);
    expect(waits).toEqual([]);
    expect(res.throttles).toEqual([{ retryAfter: '120', waitedMs: 0, retried: false, note: 'Retry-After asks for 120 s, more than the 60 s an IdP waits' }]);

    const always = withThrottle({ maxRetries: 2, sleep: async (ms) => void waits.push(ms) })({
      send: async () => ({ status: 429, headers: { 'retry-after': '1' }, bodyText: '' }),
      close: async () => undefined,
    });
    const last = await always.send({ method: 'GET', url: 'http://127.0.0.1:9/x', headers: {} });
    expect(last.throttles?.map((t) => t.retried)).toEqual([true, true, false]);
    expect(last.throttles?.[2]?.note).toBe('gave up after 2 retries');
  });
});
