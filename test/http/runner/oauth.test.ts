/**
 * OAuth 2.0 on both sides: `scimctl serve --oauth-client ID:SECRET` issues
 * tokens at <origin>/oauth/token, and `scimctl test --oauth-token-url` gets,
 * caches and refreshes them. The clocks of both are injected: time moves only
 * when a request is sent, so expiry mid-run needs no real waiting.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPlanScenarios } from '../../../src/cli/run-test.js';
import { runServe } from '../../../src/cli/run-serve.js';
import { createHttpTransport } from '../../../src/runner/client/http-transport.js';
import type { IncomingResponse, OutgoingRequest, Transport } from '../../../src/runner/client/transport.js';
import { withOAuth } from '../../../src/runner/client/with-oauth.js';
import { runSuite } from '../../../src/runner/run-suite.js';
import { computeVerdict } from '../../../src/runner/verdict.js';
import { serveHarness, type ServeHarness } from '../../helpers/serve-harness.js';
import { scimctl } from '../../unit/cli/cli-helpers.js';

const SECRET = 'client-secret-9f3a';
let harness: ServeHarness | undefined;
let served: Promise<number> | undefined;

afterEach(async () => {
  harness?.stop('SIGTERM');
  await served;
  harness = undefined;
  served = undefined;
});

async function serve(args: { ttl?: string; token?: string; now?: () => number } = {}): Promise<{ url: string; tokenUrl: string; line: string }> {
  harness = serveHarness();
  if (args.now) harness.io.now = args.now;
  served = runServe(
    {
      host: '127.0.0.1',
      port: '0',
      profile: 'rfc',
      maxBody: String(2 * 1024 * 1024),
      oauthClient: [`scimctl-test:${SECRET}`],
      ...(args.ttl ? { oauthTokenTtl: args.ttl } : {}),
      ...(args.token ? { token: args.token } : {}),
    },
    harness.io,
  );
  await harness.ready;
  const line = harness.out[0] as string;
  const tokenUrl = /token endpoint (\S+)\)/.exec(line)?.[1] as string;
  return { url: harness.url(), tokenUrl, line };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function post(url: string, body: string, headers: Record<string, string>) {
  const res = await request(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
  return { status: res.statusCode, headers: res.headers, json: (await res.body.json()) as Record<string, unknown> };
}

/** Counts what goes over the wire below the OAuth wrapper; `tick` moves the fake clock per request. */
function spy(inner: Transport, tick: () => void) {
  const seen: { url: string; status: number; challenge?: string }[] = [];
  const tokens: string[] = [];
  const transport: Transport = {
    async send(req: OutgoingRequest, signal?: AbortSignal): Promise<IncomingResponse> {
      tick();
      const res = await inner.send(req, signal);
      seen.push({ url: req.url, status: res.status, ...(res.headers['www-authenticate'] ? { challenge: res.headers['www-authenticate'] } : {}) });
      const issued = /"access_token":"([^"]+)"/.exec(res.bodyText)?.[1];
      if (issued) tokens.push(issued);
      return res;
    },
    close: () => inner.close(),
  };
  return { transport, seen, tokens };
}

describe('serve --oauth-client: the token endpoint (RFC 6749)', () => {
  it('prints the token endpoint on the start line and issues Bearer tokens the SCIM endpoints accept', async () => {
    const { url, tokenUrl, line } = await serve({ token: 'static-token-1234' });
    expect(line).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+\/scim\/v2 \(profile rfc, OAuth 2\.0 token endpoint http:\/\/127\.0\.0\.1:\d+\/oauth\/token\)$/);
    const got = await post(tokenUrl, form({ grant_type: 'client_credentials', scope: 'scim' }), { authorization: basic('scimctl-test', SECRET) });
    expect(got.status).toBe(200);
    expect(got.headers['cache-control']).toBe('no-store');
    expect(got.json).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'scim' });
    const users = await request(`${url}/Users`, { headers: { authorization: `Bearer ${String(got.json.access_token)}` } });
    expect(users.statusCode).toBe(200);
    await users.body.dump();
    // --token keeps working beside it.
    const stat = await request(`${url}/Users`, { headers: { authorization: 'Bearer static-token-1234' } });
    expect(stat.statusCode).toBe(200);
    await stat.body.dump();
  });

  it('answers a wrong client secret 401 invalid_client, and a refresh token rotates', async () => {
    const { tokenUrl } = await serve();
    const bad = await post(tokenUrl, form({ grant_type: 'client_credentials' }), { authorization: basic('scimctl-test', 'wrong') });
    expect(bad.status).toBe(401);
    expect(bad.json.error).toBe('invalid_client');
    expect(bad.headers['www-authenticate']).toMatch(/^Basic /);
    // client_secret_post works too (RFC 6749 §2.3.1).
    const first = await post(tokenUrl, form({ grant_type: 'client_credentials', client_id: 'scimctl-test', client_secret: SECRET }), {});
    expect(first.status).toBe(200);
    const refreshed = await post(tokenUrl, form({ grant_type: 'refresh_token', refresh_token: String(first.json.refresh_token) }), { authorization: basic('scimctl-test', SECRET) });
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.access_token).not.toBe(first.json.access_token);
    const again = await post(tokenUrl, form({ grant_type: 'refresh_token', refresh_token: String(first.json.refresh_token) }), { authorization: basic('scimctl-test', SECRET) });
    expect(again.status).toBe(400);
    expect(again.json.error).toBe('invalid_grant');
    const grant = await post(tokenUrl, form({ grant_type: 'password' }), { authorization: basic('scimctl-test', SECRET) });
    expect(grant.json.error).toBe('unsupported_grant_type');
  });

  it('answers an expired token 401 with WWW-Authenticate: Bearer error="invalid_token" (RFC 6750 §3.1)', async () => {
    let t = 1_000_000;
    const { url, tokenUrl } = await serve({ ttl: '60s', now: () => t });
    const got = await post(tokenUrl, form({ grant_type: 'client_credentials' }), { authorization: basic('scimctl-test', SECRET) });
    const auth = { authorization: `Bearer ${String(got.json.access_token)}` };
    t += 59_999;
    const fresh = await request(`${url}/Users`, { headers: auth });
    expect(fresh.statusCode).toBe(200);
    await fresh.body.dump();
    t += 1;
    const expired = await request(`${url}/Users`, { headers: auth });
    expect(expired.statusCode).toBe(401);
    expect(expired.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_token"/);
    await expired.body.dump();
    // Without any token the server is not open: OAuth alone protects it.
    const none = await request(`${url}/Users`);
    expect(none.statusCode).toBe(401);
    await none.body.dump();
  });
});

describe('scimctl test --oauth-token-url', () => {
  it('is green against serve --oauth-client, with the secret nowhere in the report', async () => {
    const { url, tokenUrl } = await serve();
    const dir = mkdtempSync(join(tmpdir(), 'scimctl-oauth-'));
    const out = await scimctl(['test', url, '--oauth-token-url', tokenUrl, '--client-id', 'scimctl-test', '--tag', 'okta', '--reporter', 'json', '--output', join(dir, 'r.json')], { env: { SCIMCTL_CLIENT_SECRET: SECRET } });
    const text = readFileSync(join(dir, 'r.json'), 'utf8');
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const report = JSON.parse(text) as { scenarios: { status: string }[] };
    expect(report.scenarios.length).toBeGreaterThan(0);
    expect(report.scenarios.every((s) => s.status === 'passed')).toBe(true);
    expect(text).not.toContain(SECRET);
  });

  it('a wrong client secret stops the run as rejected credentials (exit 3)', async () => {
    const { url, tokenUrl } = await serve();
    const out = await scimctl(['test', url, '--oauth-token-url', tokenUrl, '--client-id', 'scimctl-test', '--client-secret', 'nope-nope', '--tag', 'okta']);
    expect(out.code).toBe(3);
    expect(out.stdout + out.stderr).toContain('invalid_client');
    expect(out.stdout + out.stderr).not.toContain('nope-nope');
  });

  // A token lives 60 s on the server's clock; every request moves both clocks 5 s.
  it.each([
    ['before it expires (the tester sees the expiry coming)', 1],
    ['on the 401 when the tester\'s clock runs slow', 0.25],
  ])('refreshes a token that expires mid-run %s, with no failed check', async (_label, testerRate) => {
    let t = 0;
    const { url, tokenUrl } = await serve({ ttl: '60s', now: () => t });
    const wire = spy(createHttpTransport({ timeoutMs: 5000 }), () => (t += 5000));
    const transport = withOAuth({ tokenUrl, clientId: 'scimctl-test', clientSecret: SECRET, now: () => t * testerRate })(wire.transport);
    const scenarios = loadPlanScenarios({ scenarioPaths: [], withBuiltin: false, tags: ['okta'] });
    if (!scenarios.ok) throw new Error('scenarios');
    const run = await runSuite({
      baseUrl: url,
      transport,
      scenarios: scenarios.value,
      auth: { headers: {}, oauth: { tokenUrl, clientId: 'scimctl-test', clientSecret: SECRET } },
      mode: 'http',
      toolVersion: 'test',
    });
    await transport.close();
    const checks = run.scenarios.flatMap((s) => s.steps.flatMap((st) => st.checks));
    expect(run.fatal).toBeUndefined();
    expect(checks.filter((c) => c.status === 'failed' || c.status === 'errored')).toEqual([]);
    expect(computeVerdict(run).exitCode).toBe(0);
    const tokenRequests = wire.seen.filter((s) => s.url === tokenUrl).length;
    const expiredAnswers = wire.seen.filter((s) => s.status === 401 && /invalid_token/.test(s.challenge ?? '')).length;
    // The run is long enough for several lifetimes: the token was renewed more than once.
    expect(wire.seen.length * 5 / 60).toBeGreaterThan(3);
    expect(tokenRequests).toBeGreaterThan(2);
    if (testerRate === 1) expect(expiredAnswers).toBe(0);
    else expect(expiredAnswers).toBeGreaterThan(0);
    // No access token and no client secret anywhere in the result tree.
    const tree = JSON.stringify(run);
    expect(wire.tokens.length).toBe(tokenRequests);
    for (const t of [...wire.tokens, SECRET]) expect(tree).not.toContain(t);
  });
});
