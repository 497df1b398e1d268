/**
 * Secrets never leak, for what test/http/runner/secrets.test.ts does not
 * cover: the server's request log (`serve --log`) and basic credentials on the
 * tester side. Given a known token and password, sent every way a client
 * might (header, secret query parameters, bodies, Basic credentials; the log
 * writes filter text verbatim, so a secret a client puts in a filter is not
 * covered), when every reporter,
 * the HAR writer and the request log write, then neither the secrets nor their
 * Base64 form appear in anything they write.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runServe } from '../../src/cli/run-serve.js';
import { serveHarness } from '../helpers/serve-harness.js';
import { createScimServer } from '../../src/server/create-server.js';
import { scimctl } from '../unit/cli/cli-helpers.js';
import { recordFigure } from './figures.js';
import { PATCH_URN, USER_URN } from './server-harness.js';

const TOKEN = 'Tok3n-robustness-5ecret-0001';
const PASSWORD = 'Pa55word-robustness-0002!';
const USER = 'scim-admin';
const BASIC = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
const SECRETS = [TOKEN, PASSWORD, BASIC, encodeURIComponent(PASSWORD)];

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function leaks(outputs: [string, string][]): string[] {
  return outputs.flatMap(([name, text]) => SECRETS.filter((s) => text.includes(s)).map((s) => `${s} in ${name}`));
}

describe('secrets', () => {
  it('serve --log writes no token or password, however the client sent them', async () => {
    const h = serveHarness({ SCIMCTL_TOKEN: TOKEN });
    const lines = h.all;
    const done = runServe({ host: '127.0.0.1', port: '0', profile: 'rfc', maxBody: '1048576', log: true, fault: ['drop:route=/Groups'] }, h.io);
    await h.ready;
    const url = h.url();
    const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' };
    const q = encodeURIComponent;
    const requests: [string, RequestInit][] = [
      [`${url}/Users`, { method: 'POST', headers: auth, body: JSON.stringify({ schemas: [USER_URN], userName: 'secret-user', password: PASSWORD }) }],
      [`${url}/Users?access_token=${TOKEN}`, {}],
      [`${url}/Users?token=${q(TOKEN)}&Password=${q(PASSWORD)}`, { headers: auth }],
      [`${url}/Users?secret=${q(PASSWORD)}&count=1`, { headers: auth }],
      [`${url}/Users`, { method: 'PUT', headers: auth, body: JSON.stringify({ schemas: [USER_URN], userName: 'x', password: PASSWORD }) }],
      [`${url}/Users`, { headers: { authorization: `Basic ${BASIC}` } }],
      [`${url}/Users/x`, { method: 'PATCH', headers: auth, body: JSON.stringify({ schemas: [PATCH_URN], Operations: [{ op: 'replace', path: 'password', value: PASSWORD }] }) }],
      [`${url}/Groups?token=${TOKEN}`, { headers: auth }],
    ];
    for (const [u, init] of requests) await fetch(u, init).then((r) => r.arrayBuffer()).catch(() => undefined);
    h.stop('SIGTERM');
    expect(await done).toBe(0);
    const logLines = lines.filter((l) => /^(GET|POST|PUT|PATCH) /.test(l));
    const leaked = leaks([['request log', lines.join('\n')]]);
    recordFigure({ suite: 'secrets', target: 'serve --log', cases: requests.length, outcomes: { 'log lines written': logLines.length, 'secrets leaked': leaked.length } });
    expect(logLines).toHaveLength(requests.length);
    expect(leaked).toEqual([]);
  });

  it('basic credentials never reach a reporter, the HAR or the terminal, even when the target echoes them', async () => {
    // A careless open target that echoes the Authorization header and the query into headers and bodies.
    const handler = createScimServer();
    const server: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
        void handler({ method: req.method ?? 'GET', path: url.pathname, query: url.search.slice(1), headers, ...(chunks.length ? { body: Buffer.concat(chunks).toString('utf8') } : {}) }).then((r) => {
          const echo = req.headers.authorization ?? '';
          const body = r.body && typeof r.body === 'object' && !Array.isArray(r.body) ? { ...r.body, debugAuth: echo, debugCredentials: echo.replace(/^Basic /, '') } : r.body;
          res.writeHead(r.status, { ...r.headers, 'X-Echo-Auth': echo, 'X-Echo-Basic': echo.replace(/^Basic /, '') });
          res.end(body === undefined ? undefined : JSON.stringify(body));
        });
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
    const dir = mkdtempSync(join(tmpdir(), 'scimctl-robust-secrets-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const env = { SCIMCTL_PASSWORD: PASSWORD };
    const scenarios = ['test/fixtures/secrets', 'test/robustness/fixtures/scenarios/read-user.yaml'];
    const files = await scimctl(['test', url, '--user', USER, '--scenarios', ...scenarios, '--reporter', 'json,junit,tap,markdown,html', '--output-dir', dir, '--har', join(dir, 'run.har')], { env });
    const pretty = await scimctl(['test', url, '--user', USER, '--scenarios', ...scenarios], { env });
    // The secrets scenario fails on purpose, so every reporter prints exchanges in full.
    expect(files.code).toBe(1);
    expect(pretty.code).toBe(1);
    const outputs: [string, string][] = [
      ['stdout', files.stdout + pretty.stdout],
      ['stderr', files.stderr + pretty.stderr],
      ...readdirSync(dir).map((f): [string, string] => [f, readFileSync(join(dir, f), 'utf8')]),
    ];
    expect(outputs.map(([n]) => n).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'report.tap', 'run.har', 'stderr', 'stdout', 'summary.md'].sort());
    // The echo really happened (so the check below could fail): the HAR holds the echoed header, redacted.
    expect(readFileSync(join(dir, 'run.har'), 'utf8')).toMatch(/X-Echo-Basic|x-echo-basic/i);
    const leaked = leaks(outputs);
    recordFigure({ suite: 'secrets', target: 'reporters, HAR, terminal with Basic credentials', cases: outputs.length, outcomes: { 'outputs checked': outputs.length, 'secrets leaked': leaked.length } });
    expect(leaked).toEqual([]);
  });
});
