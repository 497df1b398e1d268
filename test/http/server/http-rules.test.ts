import { afterEach, describe, expect, it } from 'vitest';
import { startNodeServer } from '../../../src/server/adapters/node-http.js';
import { createScimServer } from '../../../src/server/create-server.js';
import { ERROR_URN, LIST_URN, startTestServer, user, type TestServer } from './helpers.js';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

function expectScimError(body: any, status: number): void {
  expect(body.schemas).toEqual([ERROR_URN]);
  expect(body.status).toBe(String(status));
  expect(typeof body.detail).toBe('string');
}

describe('authentication', () => {
  it('without the token: 401, WWW-Authenticate Bearer, SCIM error body', async () => {
    t = await startTestServer({ token: 's3cret' });
    const none = await t.json('GET', '/Users');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer realm="scimctl"/);
    expectScimError(none.body, 401);
    const wrong = await t.json('GET', '/Users', undefined, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('error="invalid_token"');
    const basic = await t.json('GET', '/Users', undefined, { authorization: 'Basic czNjcmV0' });
    expect(basic.status).toBe(401);
    // A token that is a prefix of the real one must not pass either.
    expect((await t.json('GET', '/Users', undefined, { authorization: 'Bearer s3cre' })).status).toBe(401);
  });

  it('with the token (scheme in any case) the request passes', async () => {
    t = await startTestServer({ token: 's3cret' });
    expect((await t.json('GET', '/Users', undefined, { authorization: 'Bearer s3cret' })).status).toBe(200);
    expect((await t.json('GET', '/Users', undefined, { authorization: 'bearer s3cret' })).status).toBe(200);
  });

  it('discovery is readable without credentials (RFC 7643 §5, authenticationSchemes)', async () => {
    t = await startTestServer({ token: 's3cret' });
    const spc = await t.json('GET', '/ServiceProviderConfig');
    expect(spc.status).toBe(200);
    expect(spc.body.authenticationSchemes[0].type).toBe('oauthbearertoken');
    expect((await t.json('POST', '/Users', user('x'))).status).toBe(401);
  });

  it('with no token configured the server is open', async () => {
    t = await startTestServer();
    expect((await t.json('GET', '/Users')).status).toBe(200);
  });
});

describe('media types', () => {
  it('accepts application/scim+json and application/json with any charset, and no Content-Type', async () => {
    t = await startTestServer();
    const types = ['application/scim+json', 'application/json', 'application/json; charset=UTF-8', 'application/scim+json;charset=utf-8'];
    for (const [i, type] of types.entries()) {
      const res = await t.json('POST', '/Users', user(`u${i}`), { 'content-type': type });
      expect(res.status, type).toBe(201);
    }
    const bare = await fetch(`${t.url}/Users`, { method: 'POST', body: new Blob([JSON.stringify(user('nobody-type'))]) });
    expect(bare.status).toBe(201);
  });

  it('refuses a non-JSON Content-Type with 415 and a SCIM error', async () => {
    t = await startTestServer();
    const res = await t.json('POST', '/Users', JSON.stringify(user('x')), { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    expectScimError(res.body, 415);
  });

  it('answers application/scim+json whatever the Accept header says, or without one', async () => {
    t = await startTestServer();
    for (const accept of [undefined, '*/*', 'application/json', 'text/html', 'application/scim+json']) {
      const res = await t.call('GET', '/Users', undefined, accept ? { accept } : {});
      expect(res.status, accept).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/scim+json; charset=utf-8');
      expect(((await res.json()) as { schemas: string[] }).schemas).toEqual([LIST_URN]);
    }
  });

  it('UTF-8 values round-trip byte for byte', async () => {
    t = await startTestServer();
    const created = await t.json('POST', '/Users', user('zoe', { displayName: 'Zoë 山田' }));
    expect(created.body.displayName).toBe('Zoë 山田');
  });
});

describe('errors', () => {
  it('malformed JSON is 400 invalidSyntax', async () => {
    t = await startTestServer();
    const res = await t.json('POST', '/Users', '{"userName":');
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('invalidSyntax');
    expectScimError(res.body, 400);
  });

  it('unknown paths are 404 and wrong methods 405 with Allow, both SCIM errors', async () => {
    t = await startTestServer();
    const unknown = await t.json('GET', '/Widgets');
    expect(unknown.status).toBe(404);
    expectScimError(unknown.body, 404);
    const outside = await t.json('GET', '/../other');
    expect(outside.status).toBe(404);
    const wrong = await t.json('DELETE', '/Users');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, POST');
    expectScimError(wrong.body, 405);
    const spc = await t.json('POST', '/ServiceProviderConfig', {});
    expect(spc.status).toBe(405);
    expect((await t.json('POST', '/Users/abc/.search', {})).status).toBe(404);
  });

  it('a body over the limit is 413 with a SCIM error, without reading it all', async () => {
    t = await startTestServer({ maxBodyBytes: 100_000 });
    const big = 'x'.repeat(3 * 1024 * 1024);
    const res = await fetch(`${t.url}/Users`, {
      method: 'POST',
      headers: { 'content-type': 'application/scim+json' },
      body: JSON.stringify(user('big', { displayName: big })),
    });
    expect(res.status).toBe(413);
    expectScimError(await res.json(), 413);
  });

  it('a chunked body (no Content-Length) is cut off at the limit with 413', async () => {
    const handler = createScimServer();
    const running = await startNodeServer(handler, { port: 0, maxBody: 1000, basePath: handler.basePath });
    try {
      const chunk = new TextEncoder().encode('x'.repeat(500));
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 50) controller.enqueue(chunk);
          else controller.close();
        },
      });
      const res = await fetch(`${running.url}/Users`, {
        method: 'POST',
        headers: { 'content-type': 'application/scim+json' },
        body,
        duplex: 'half',
      } as RequestInit);
      expect(res.status).toBe(413);
      expectScimError(await res.json(), 413);
      const small = await fetch(`${running.url}/Users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user('ok')) });
      expect(small.status).toBe(201);
    } finally {
      await running.close();
    }
  });

  it('the handler enforces its own limit too (in-process callers)', async () => {
    t = await startTestServer({ maxBodyBytes: 200 });
    const res = await t.json('POST', '/Users', user('x', { displayName: 'y'.repeat(300) }));
    expect(res.status).toBe(413);
    expectScimError(res.body, 413);
  });
});

describe('query strings', () => {
  it('decode both + and %20 as spaces', async () => {
    t = await startTestServer();
    await t.json('POST', '/Users', user('jane.doe@example.com'));
    for (const q of ['filter=userName+eq+%22jane.doe%40example.com%22', 'filter=userName%20eq%20%22jane.doe%40example.com%22']) {
      const res = await t.json('GET', `/Users?${q}`);
      expect(res.status, q).toBe(200);
      expect(res.body.totalResults, q).toBe(1);
    }
  });

  it('ignore unknown parameters (Entra aadOptscim062020)', async () => {
    t = await startTestServer();
    await t.json('POST', '/Users', user('a'));
    const res = await t.json('GET', '/Users?aadOptscim062020&foo=bar');
    expect(res.status).toBe(200);
    expect(res.body.totalResults).toBe(1);
  });

  it('bad percent-encoding is a 400 SCIM error, not a crash', async () => {
    t = await startTestServer();
    const res = await t.json('GET', '/Users?filter=%E0%A4%A');
    expect(res.status).toBe(400);
    expectScimError(res.body, 400);
  });
});
