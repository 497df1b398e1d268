/**
 * Discover, then run (issue 12), over real sockets:
 * - Mezmo's own workflow: `scimctl serve --profile mezmo`, then `scimctl test
 *   <url>?aadOptscim062020 --token T` with no other flag, exits 0 with Okta,
 *   Entra (aadOptscim062020) and Mezmo ready and Entra default not tested;
 *   the run finds out by itself that groups are child organizations.
 * - A base URL that is not a SCIM endpoint (a sign-in page, a redirect to one,
 *   a wrong base path on a real SCIM server) stops after the discovery probes
 *   with exit 3 and a diagnosis.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runServe } from '../../../src/cli/run-serve.js';
import { serveHarness } from '../../helpers/serve-harness.js';
import { scimctl } from '../../unit/cli/cli-helpers.js';

interface Report {
  verdict: { exitCode: number; idps: { key: string; state: string; blockingFailures: number }[] };
  supports: { feature: string; state: string; how: string; detail?: string }[];
  discovery: { request: { method: string; url: string } }[];
  scenarios: { id: string; status: string; reason?: string; steps: { exchange?: { request: { url: string } } }[] }[];
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'scimctl-discover-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe("Mezmo's workflow, as its guide gives the Tenant URL", () => {
  it('serve --profile mezmo, then test <url>?aadOptscim062020 --token T: exit 0, Okta, Entra (aadOptscim062020) and Mezmo ready', async () => {
    const h = serveHarness();
    const done = runServe({ host: '127.0.0.1', port: '0', profile: 'mezmo', token: 'T', maxBody: '2097152' }, h.io);
    cleanups.push(async () => {
      h.stop('SIGTERM');
      await done;
    });
    await h.ready;
    expect(h.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/enterprise\/scim$/);
    const out = join(tempDir(), 'report.json');
    const r = await scimctl(['test', `${h.url()}?aadOptscim062020`, '--token', 'T', '--reporter', 'json', '--output', out]);
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    const states = Object.fromEntries(report.verdict.idps.map((i) => [i.key, i.state]));
    expect(states).toEqual({ okta: 'ready', 'entra-aadopt': 'ready', 'entra-default': 'not-tested', mezmo: 'ready' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // Found out, not told: group creation is refused by design, and the groups the target lists are used.
    expect(report.supports.find((s) => s.feature === 'groups.create')).toEqual({ feature: 'groups.create', state: 'refused-by-design', how: 'refusal', detail: 'POST /Groups answered 403' });
    const mezmo = report.scenarios.filter((s) => s.id.startsWith('mezmo/'));
    expect(mezmo.map((s) => s.id)).toEqual(expect.arrayContaining(['mezmo/entra-setup', 'mezmo/okta-setup']));
    expect(mezmo.filter((s) => s.status !== 'passed').map((s) => [s.id, s.status, s.reason])).toEqual([]);
    const byDesign = report.scenarios.filter((s) => s.status === 'skipped' && s.reason?.startsWith('refused by this target by design'));
    expect(byDesign.map((s) => s.id)).toContain('okta/push-new-group');
    // The mode flag selects Entra's traffic but is never sent (entra.md §0).
    const urls = [...report.discovery.map((d) => d.request.url), ...report.scenarios.flatMap((s) => s.steps.map((st) => st.exchange?.request.url ?? ''))];
    expect(urls.filter((u) => /aadopt/i.test(u))).toEqual([]);
  });
});

describe('a base URL that is not a SCIM endpoint', () => {
  async function loopback(answer: (path: string) => { status: number; headers: Record<string, string>; body: string }): Promise<{ url: string; requests: string[] }> {
    const requests: string[] = [];
    const server: Server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      const a = answer(req.url ?? '/');
      res.writeHead(a.status, a.headers).end(a.body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`, requests };
  }

  const LOGIN_PAGE = '<!doctype html><html><head><title>Sign in - Acme SSO</title></head><body><form action="/login" method="post"><input name="user"><input type="password" name="pw"></form></body></html>';

  it('a 200 text/html sign-in page: exit 3 after the discovery probes, with what was seen, the likely cause and the exchange', async () => {
    const target = await loopback(() => ({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: LOGIN_PAGE }));
    const r = await scimctl(['test', target.url, '--token', 'T']);
    expect(r.code).toBe(3);
    const text = r.stdout + r.stderr;
    expect(text).toContain('The target is not a SCIM endpoint');
    expect(text).toContain(`GET ${target.url}/Users?startIndex=1&count=1 answered 200 text/html (a page titled "Sign in - Acme SSO"): this is not a SCIM endpoint, so no scenario ran.`);
    expect(text).toContain('Likely cause: a sign-in page (an SSO or authentication proxy) is in front of the API');
    expect(text).toContain('< content-type: text/html; charset=utf-8');
    // The exchange once, with its (redacted) headers.
    expect(text.split(`> GET ${target.url}/Users?startIndex=1&count=1`)).toHaveLength(2);
    expect(text).toContain('> Authorization: <redacted>');
    // Only the two discovery probes reached the target: no scenario ran, so the run ends in moments, not minutes.
    expect(target.requests).toEqual(['GET /scim/v2/ServiceProviderConfig', 'GET /scim/v2/Users?startIndex=1&count=1']);
  });

  it('a 302 to a login page: exit 3 with the redirect and the sign-in cause', async () => {
    const target = await loopback(() => ({ status: 302, headers: { location: 'https://sso.example/login?next=%2Fscim', 'content-type': 'text/html' }, body: '' }));
    const out = join(tempDir(), 'report.json');
    const r = await scimctl(['test', target.url, '--token', 'T', '--reporter', 'json', '--output', out]);
    expect(r.code).toBe(3);
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report & { fatal: { code: string; message: string } };
    expect(report.fatal.code).toBe('NOT_SCIM_ENDPOINT');
    expect(report.fatal.message).toMatch(/answered 302 redirecting to https:\/\/sso\.example\/login\?next=%2Fscim: this is not a SCIM endpoint/);
    expect(report.fatal.message).toMatch(/Likely cause: a sign-in page/);
    expect(report.scenarios).toEqual([]);
    expect(target.requests).toHaveLength(2);
  });

  it('JSON from another API at a wrong base path: exit 3 naming the base path', async () => {
    const target = await loopback(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ data: [], page: 1 }) }));
    const r = await scimctl(['test', target.url, '--token', 'T']);
    expect(r.code).toBe(3);
    expect(r.stdout + r.stderr).toMatch(/answered 200 application\/json: JSON with `data`, `page` and no `schemas`/);
    expect(r.stdout + r.stderr).toMatch(/Likely cause: a wrong base path/);
  });
});

describe('a wrong base path on a real SCIM server', () => {
  it('serve, then test <origin>/wrong/base: exit 3 naming the base path after the two discovery probes, and the summary says why', async () => {
    const h = serveHarness();
    const done = runServe({ host: '127.0.0.1', port: '0', profile: 'rfc', token: 'T', maxBody: '2097152', log: true }, h.io);
    cleanups.push(async () => {
      h.stop('SIGTERM');
      await done;
    });
    await h.ready;
    const base = `${new URL(h.url()).origin}/wrong/base`;
    const r = await scimctl(['test', base, '--token', 'T']);
    const text = r.stdout + r.stderr;
    expect(r.code).toBe(3);
    expect(text).toContain('error: The target is not a SCIM endpoint');
    expect(text).toMatch(new RegExp(`GET ${base}/Users\\?startIndex=1&count=1 answered 404 application/scim\\+json \\(a SCIM error: "[^"]*"\\): no Users endpoint at this base URL, so no scenario ran\\.`));
    expect(text).toContain('Likely cause: a wrong base path (the SCIM base URL is the path under which /Users and /Groups are served, e.g. https://host/scim/v2).');
    expect(text).toMatch(/exit {7}3 \(the target is not a SCIM endpoint\)/);
    expect(text).not.toContain('unreachable or credentials rejected');
    // Only the discovery probes reached the server: no scenario ran.
    const requests = h.err.map((l) => /^(GET|POST|PUT|PATCH|DELETE) (\S+)/.exec(l)).filter((m) => m !== null).map((m) => `${m[1]} ${m[2]}`);
    expect(requests).toEqual(['GET /wrong/base/ServiceProviderConfig', 'GET /wrong/base/Users?startIndex=1&count=1']);
  });
});
