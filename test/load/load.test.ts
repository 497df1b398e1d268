/**
 * `scimctl load`: open-loop pacing, exact counts, latency, throttles, clean-up
 * and the verdicts. Time is virtual (test/helpers/virtual-clock.ts): a 3 s
 * schedule runs in milliseconds and every send time and latency is exact.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/cli-io.js';
import { runLoadCommand, type LoadDeps, type LoadFlags } from '../../src/cli/run-load-command.js';
import { runServe } from '../../src/cli/run-serve.js';
import { buildSchedule } from '../../src/load/schedule.js';
import { createHandlerTransport } from '../../src/runner/client/handler-transport.js';
import { createHttpTransport } from '../../src/runner/client/http-transport.js';
import type { Transport } from '../../src/runner/client/transport.js';
import { createScimServer, type ScimServer } from '../../src/server/create-server.js';
import { parseFaultSpec } from '../../src/server/faults/fault-spec.js';
import { createOAuthIssuer } from '../../src/server/oauth/oauth-issuer.js';
import { seededRng } from '../../src/shared/seeded-rng.js';
import { withFaults } from '../../src/server/faults/with-faults.js';
import { serveHarness, type ServeHarness } from '../helpers/serve-harness.js';
import { virtualClock, type VirtualClock } from '../helpers/virtual-clock.js';

interface Report {
  rate: { target: number; achieved: number; sent: number };
  totals: { requests: number; ok: number; errors: number; timeouts: number; throttled: number; throttledWithRetryAfter: number; latencyMs: { p50: number; p95: number; p99: number; max: number } };
  steady: Report['totals'];
  kinds: { kind: string; requests: number; latencyMs: { p99: number } }[];
  lateSends: number;
  directory: { users: number; groups: number; deleted: number; leftBehind: string[]; createdDuringLoad: number };
  stopped?: { reason: string };
  verdicts: { idp: string; state: string; summary: string; reasons: string[] }[];
  exitCode: number;
}

function io(interrupt?: (fire: () => void) => void) {
  let stdout = '';
  let stderr = '';
  const value: CliIO = {
    stdout: { write: (t) => void (stdout += t) },
    stderr: { write: (t) => void (stderr += t) },
    env: {},
    cwd: process.cwd(),
    isTTY: false,
    onInterrupt(handler) {
      interrupt?.(handler);
      return () => undefined;
    },
  };
  return { io: value, out: () => stdout, err: () => stderr };
}

/** Records the virtual time of every request that reaches the wire. */
function timed(inner: Transport, clock: VirtualClock) {
  const sends: { at: number; method: string; url: string }[] = [];
  const transport: Transport = {
    send: (req, signal) => {
      sends.push({ at: clock.now(), method: req.method, url: req.url });
      return inner.send(req, signal);
    },
    close: () => inner.close(),
  };
  return { transport, sends };
}

async function load(url: string, flags: LoadFlags, deps: LoadDeps & { interrupt?: (fire: () => void) => void } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'scimctl-load-'));
  const out = join(dir, 'load.json');
  const cli = io(deps.interrupt);
  const code = await runLoadCommand(url, { reporter: 'pretty,json', output: out, ...flags }, cli.io, { runId: 'rtest', ...deps });
  const text = readFileSync(out, 'utf8');
  return { code, report: JSON.parse(text) as Report, json: JSON.parse(text) as unknown, stdout: cli.out(), stderr: cli.err() };
}

function inProcess(faults: string[] = [], clock?: VirtualClock): { server: ScimServer; transport: Transport } {
  const server = createScimServer({ token: 'T0k3n' });
  const handler = withFaults(server, faults.map(parseFaultSpec), seededRng(3), clock ? (ms) => clock.sleep(ms) : undefined);
  return { server, transport: createHandlerTransport(handler) };
}

let harness: ServeHarness | undefined;
let served: Promise<number> | undefined;
afterEach(async () => {
  harness?.stop('SIGTERM');
  await served;
  harness = undefined;
});

describe('the schedule', () => {
  it('is open loop: fixed send times, a linear ramp, exact counts', () => {
    const s = buildSchedule(25, 3000, 0);
    expect(s).toHaveLength(75);
    expect(s.map((x) => x.at)).toEqual(Array.from({ length: 75 }, (_, i) => i * 40));
    const ramped = buildSchedule(10, 2000, 2000);
    // A ramp from 0 to 10 req/s over 2 s sends 10, then 20 in the steady phase.
    expect(ramped.filter((x) => !x.steady)).toHaveLength(10);
    expect(ramped.filter((x) => x.steady)).toHaveLength(20);
    expect(ramped.at(-1)?.at).toBeCloseTo(2000 + 19 * 100);
  });
});

describe('scimctl load against scimctl serve on loopback', () => {
  it('holds 25 req/s for 3 s with exact counts and send times, 0 errors, and prints the verdict', async () => {
    harness = serveHarness();
    served = runServe({ host: '127.0.0.1', port: '0', profile: 'rfc', maxBody: String(2 * 1024 * 1024), token: 'T0k3n' }, harness.io);
    await harness.ready;
    const clock = virtualClock();
    const wire = timed(createHttpTransport({ timeoutMs: 10_000, connections: 64 }), clock);
    const { code, report, stdout } = await load(harness.url(), { token: 'T0k3n', duration: '3s', users: '5', profile: 'entra' }, { transport: wire.transport, clock });
    await wire.transport.close();
    expect(code).toBe(0);
    expect(report.steady).toMatchObject({ requests: 75, ok: 75, errors: 0, timeouts: 0, throttled: 0 });
    expect(report.rate).toEqual({ target: 25, achieved: 25, sent: 25 });
    expect(report.lateSends).toBe(0);
    // Setup: one group and 5 users at time 0; then one request every 40 ms; then the clean-up.
    expect(wire.sends.slice(0, 6).every((s) => s.method === 'POST' && s.at === 0)).toBe(true);
    expect(wire.sends.slice(6, 81).map((s) => s.at)).toEqual(Array.from({ length: 75 }, (_, i) => i * 40));
    // The clean-up: the group, the 5 users, and what the load created and did not delete itself.
    expect(wire.sends.slice(81).every((s) => s.method === 'DELETE' || s.method === 'GET')).toBe(true);
    expect(report.directory.leftBehind).toEqual([]);
    expect(stdout).toContain('Entra gallery throughput: met (25.0 req/s for 3 s, p99 ');
    expect(stdout).toMatch(/p99 [\d.]+ ms, 0 errors\)/);
  });
});

describe('scimctl load, in process on a virtual clock', () => {
  it('reports the injected latency as p99 and keeps sending on schedule while answers are slow (open loop)', async () => {
    const clock = virtualClock();
    const { server, transport } = inProcess(['latency=200ms'], clock);
    const wire = timed(transport, clock);
    const { code, report } = await load('http://scim.test/scim/v2', { duration: '4s', users: '3', profile: 'mixed', token: 'T0k3n' }, { transport: wire.transport, clock });
    expect(code).toBe(0);
    expect(report.steady.requests).toBe(100);
    expect(report.steady.latencyMs).toEqual({ p50: 200, p95: 200, p99: 200, max: 200 });
    for (const k of report.kinds) expect(k.latencyMs.p99).toBe(200);
    // A closed loop would wait 200 ms per answer: 5 req/s. The schedule held 25.
    expect(report.rate.achieved).toBe(25);
    // Setup is sequential: 4 creates at 200 ms each; then every 40 ms regardless of the 200 ms answers.
    const loadSends = wire.sends.slice(4, 104).map((s) => s.at);
    expect(loadSends).toEqual(Array.from({ length: 100 }, (_, i) => 800 + i * 40));
    // Everything the run created is gone: the store is as it started.
    expect(server.store.size('User')).toBe(0);
    expect(server.store.size('Group')).toBe(0);
  });

  it('counts 429s and whether Retry-After came; Entra not met, Okta met (Retry-After was given)', async () => {
    const clock = virtualClock();
    const { transport } = inProcess(['429:retry-after=2:rate=0.1'], clock);
    const { code, report, stdout } = await load('http://scim.test/scim/v2', { duration: '4s', users: '2', profile: 'mixed', token: 'T0k3n' }, { transport, clock });
    expect(report.steady.throttled).toBeGreaterThan(0);
    expect(report.steady.throttledWithRetryAfter).toBe(report.steady.throttled);
    expect(report.steady.errors).toBe(0);
    expect(report.steady.requests).toBe(100);
    expect(report.verdicts.map((v) => [v.idp, v.state])).toEqual([
      ['entra', 'not-met'],
      ['okta', 'met'],
    ]);
    expect(stdout).toMatch(/Entra gallery throughput: not met \([\d.]+ req\/s for 4 s, p99 [\d.]+ ms, 0 errors, \d+ throttled \(429\)\)/);
    expect(code).toBe(1);
  });

  it('a 429 without Retry-After fails the Okta verdict', async () => {
    const clock = virtualClock();
    const { transport } = inProcess(['status=429:rate=0.2:route=GET /Users'], clock);
    const { report } = await load('http://scim.test/scim/v2', { duration: '2s', users: '1', profile: 'okta', token: 'T0k3n' }, { transport, clock });
    expect(report.steady.throttled).toBeGreaterThan(0);
    expect(report.steady.throttledWithRetryAfter).toBe(0);
    expect(report.verdicts[0]).toMatchObject({ idp: 'okta', state: 'not-met' });
    expect(report.verdicts[0]?.reasons.join(' ')).toContain('without Retry-After');
  });

  it('stops after --max-errors and still deletes what it created', async () => {
    const clock = virtualClock();
    const { server, transport } = inProcess(['status=503:route=PATCH /Users/*'], clock);
    const { code, report } = await load('http://scim.test/scim/v2', { duration: '10s', users: '2', profile: 'entra', token: 'T0k3n', maxErrors: '3' }, { transport, clock });
    expect(report.stopped?.reason).toBe('max-errors');
    expect(report.steady.errors).toBe(4);
    expect(report.steady.requests).toBeLessThan(250);
    expect(code).toBe(1);
    expect(server.store.size('User')).toBe(0);
  });

  it('Ctrl-C stops the schedule and deletes the run directory', async () => {
    const clock = virtualClock();
    const { server, transport } = inProcess([], clock);
    let fire: (() => void) | undefined;
    const wire = timed(transport, clock);
    const inner = wire.transport.send;
    wire.transport.send = (req, signal) => {
      // Ctrl-C arrives 1 s into the load.
      if (clock.now() >= 1000) fire?.();
      return inner(req, signal);
    };
    const { code, report, stderr } = await load('http://scim.test/scim/v2', { duration: '30s', users: '4', profile: 'okta', token: 'T0k3n' }, { transport: wire.transport, clock, interrupt: (f) => (fire = f) });
    expect(stderr).toContain('interrupted');
    expect(code).toBe(130);
    expect(report.stopped?.reason).toBe('interrupted');
    expect(report.steady.requests).toBeLessThan(30);
    expect(report.directory.leftBehind).toEqual([]);
    expect(server.store.size('User')).toBe(0);
    expect(server.store.size('Group')).toBe(0);
  });

  it('writes a JSON report the schema accepts, with the fields CI reads', async () => {
    const clock = virtualClock();
    const { transport } = inProcess([], clock);
    const { json, report } = await load('http://scim.test/scim/v2', { duration: '2s', users: '1', profile: 'okta', token: 'T0k3n' }, { transport, clock });
    const schema = JSON.parse(readFileSync(new URL('../../schemas/load-report.schema.json', import.meta.url), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(report.exitCode).toBe(0);
    expect(report.kinds.map((k) => k.kind)).toEqual(['okta.users.import', 'okta.user.lookup', 'okta.user.create', 'okta.user.update', 'okta.group.lookup', 'okta.group.addMember', 'okta.group.rename']);
  });

  it('gets OAuth tokens for the load and renews one that expires mid-run, without a failed request', async () => {
    const clock = virtualClock();
    const issuer = createOAuthIssuer({ clients: [{ id: 'loader', secret: 'loader-secret-1' }], ttlMs: 1000, now: () => clock.now() });
    const server = createScimServer({ oauth: issuer });
    const wire = timed(createHandlerTransport(server), clock);
    const { code, report, json } = await load(
      'http://scim.test/scim/v2',
      { duration: '3s', users: '2', profile: 'entra', oauthTokenUrl: 'http://scim.test/oauth/token', clientId: 'loader', clientSecret: 'loader-secret-1' },
      { transport: wire.transport, clock },
    );
    expect(code).toBe(0);
    expect(report.steady).toMatchObject({ requests: 75, ok: 75, errors: 0 });
    // Tokens live 1 s of the virtual clock: the 3 s run needed several.
    expect(wire.sends.filter((s) => s.url.endsWith('/oauth/token')).length).toBeGreaterThan(2);
    expect(JSON.stringify(json)).not.toContain('loader-secret-1');
  });

  it('rejects bad options as usage errors (exit 2)', async () => {
    const cli = io();
    expect(await runLoadCommand('http://scim.test/scim/v2', { profile: 'azure' }, cli.io)).toBe(2);
    expect(await runLoadCommand('http://scim.test/scim/v2', { duration: 'forever' }, cli.io)).toBe(2);
    expect(await runLoadCommand('ftp://x', {}, cli.io)).toBe(2);
    expect(cli.err()).toContain('--profile must be entra, okta or mixed (got "azure")');
    expect(cli.err()).toContain('--duration must be a duration');
  });
});
