/**
 * Given an upstream that echoes every request header and body back (the worst
 * server to record), when an IdP sends its token, Basic credentials, passwords
 * (in a create body, a path-less PATCH and a PATCH with `path: password`) and
 * a field named with --redact, then none of those values is in the recording,
 * and the recording says which auth scheme was used.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { startRecordSession } from '../../src/recorder/record-session.js';
import { loadRecordingFile } from '../../src/runner/load/load-recording.js';
import { tempDir } from './helpers.js';

const TOKEN = 'okta-api-token-0f9e8d7c6b';
const BASIC_PASSWORD = 'basic-pass-4821';
const PASSWORDS = ['Create-Pw-1mz050nq', 'Pathless-Pw-77aa', 'Path-Pw-9QxZ'];
const EMPLOYEE = 'EMP-SECRET-4410';
const API_KEY = 'x-api-key-value-31337';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Answers 200 with everything it received, as SCIM JSON. */
async function echoServer(): Promise<string> {
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const payload = JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'U-1', received: { url: req.url, headers: req.headers, body } });
      res.writeHead(200, { 'Content-Type': 'application/scim+json', 'Set-Cookie': `session=${TOKEN}` });
      res.end(payload);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => server.close(r)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
}

describe('secrets never reach a recording', () => {
  it('redacts credentials, passwords and --redact fields in requests and in echoed responses', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.remove);
    const out = join(tmp.dir, 'fixtures', 'secrets.yaml');
    const session = await startRecordSession({ target: await echoServer(), out, redact: ['employeeNumber', 'X-Tenant-Key'], port: 0 });
    cleanups.push(() => session.stop());
    const send = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
      request(session.proxy.url + path, {
        method: method as 'POST',
        headers: { 'Content-Type': 'application/scim+json', ...headers },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }).then((r) => r.body.text());
    const bearer = { Authorization: `Bearer ${TOKEN}`, 'X-Api-Key': API_KEY, 'X-Tenant-Key': 'tenant-key-5555' };
    await send('POST', '/Users', bearer, {
      userName: 'a@example.com',
      password: PASSWORDS[0],
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { employeeNumber: EMPLOYEE },
    });
    await send('PATCH', '/Users/U-1', bearer, { Operations: [{ op: 'replace', value: { password: PASSWORDS[1] } }] });
    await send('PATCH', '/Users/U-1', bearer, { Operations: [{ op: 'Replace', path: 'password', value: PASSWORDS[2] }] });
    const basic = Buffer.from(`okta-client:${BASIC_PASSWORD}`).toString('base64');
    // The token again, in a query: learnt from the earlier Authorization header.
    await send('GET', `/Users?filter=userName%20eq%20%22a%40example.com%22&note=${TOKEN}`, { Authorization: `Basic ${basic}` });
    expect(await session.stop()).toBe(4);

    const text = readFileSync(out, 'utf8');
    for (const secret of [TOKEN, BASIC_PASSWORD, basic, ...PASSWORDS, EMPLOYEE, API_KEY, 'tenant-key-5555']) {
      expect(text, secret).not.toContain(secret);
    }
    expect(text).toContain('Authorization: Bearer <redacted>');
    expect(text).toContain('Authorization: Basic <redacted>');
    const loaded = loadRecordingFile(out);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const [create, pathless, withPath] = loaded.value.exchanges;
    expect(create?.request.body).toMatchObject({ userName: 'a@example.com', password: '<redacted>' });
    expect(pathless?.request.body).toEqual({ Operations: [{ op: 'replace', value: { password: '<redacted>' } }] });
    expect(withPath?.request.body).toEqual({ Operations: [{ op: 'Replace', path: 'password', value: '<redacted>' }] });
  });
});
