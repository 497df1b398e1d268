/**
 * The undici transport turns every transport failure into one ScimctlError
 * with a one-line diagnosis, and never buffers more than the body cap.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTransport } from '../../../src/runner/client/http-transport.js';
import { isScimctlError } from '../../../src/core/errors.js';
import { loadScenarios } from '../../../src/runner/load/find-scenarios.js';
import { runSuite } from '../../../src/runner/run-suite.js';
import { joinUrl, parseTarget } from '../../../src/runner/send-request.js';
import { startFaultyServer, TOKEN } from './faulty-server.js';
import type { FaultyServer } from './faulty-server.js';

let server: Server | undefined;
let faulty: FaultyServer | undefined;
afterEach(async () => {
  if (server) {
    server.closeAllConnections();
    await new Promise((r) => server?.close(r));
    server = undefined;
  }
  await faulty?.close();
  faulty = undefined;
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
}

async function failure(url: string, opts: { timeoutMs?: number; bodyLimit?: number } = {}): Promise<{ code: string; message: string }> {
  const t = createHttpTransport({ timeoutMs: opts.timeoutMs ?? 1000, ...(opts.bodyLimit ? { bodyLimit: opts.bodyLimit } : {}) });
  try {
    await t.send({ method: 'GET', url, headers: {} });
    throw new Error('expected a failure');
  } catch (err) {
    if (!isScimctlError(err)) throw err;
    return { code: err.code, message: err.message };
  } finally {
    await t.close();
  }
}

describe('http transport', () => {
  it('an endless body stops at the cap', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/scim+json' });
      const chunk = Buffer.alloc(16 * 1024, 'a');
      const pump = () => {
        while (res.write(chunk));
        res.once('drain', pump);
      };
      pump();
      res.on('close', () => res.removeAllListeners('drain'));
    });
    expect(await failure(url, { bodyLimit: 256 * 1024 })).toEqual({ code: 'BODY_TOO_LARGE', message: 'the response to GET /x is larger than 262144 bytes' });
  });

  it('headers that never come: TIMEOUT', async () => {
    const url = await serve(() => {});
    const f = await failure(url, { timeoutMs: 200 });
    expect(f.code).toBe('TIMEOUT');
    expect(f.message).toMatch(/^no response from 127\.0\.0\.1:\d+ within 200 ms$/);
  });

  it('a body that stalls: TIMEOUT', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/scim+json' });
      res.write('{"totalResults":');
    });
    const f = await failure(url, { timeoutMs: 200 });
    expect(f.code).toBe('TIMEOUT');
    expect(f.message).toMatch(/^the response body from 127\.0\.0\.1:\d+ stalled for 200 ms$/);
  });

  it('a reset: CONNECTION_RESET; refused: TARGET_UNREACHABLE', async () => {
    const url = await serve((req) => req.socket.destroy());
    expect((await failure(url)).code).toBe('CONNECTION_RESET');
    expect(await failure('http://127.0.0.1:1/x')).toEqual({ code: 'TARGET_UNREACHABLE', message: 'connection refused by 127.0.0.1:1' });
  });
});

describe('a base URL with a query string', () => {
  it('keeps its parameters on every request, before the request\'s own query, but not Entra\'s mode flag (entra.md §0)', () => {
    const t = parseTarget('https://app.example/v1/enterprise/scim?tenant=a&aadOptscim062020&b=2');
    expect(t).toEqual({ base: 'https://app.example/v1/enterprise/scim', baseQuery: 'tenant=a&b=2' });
    expect(joinUrl(t, '/Users', 'filter=x')).toBe('https://app.example/v1/enterprise/scim/Users?tenant=a&b=2&filter=x');
    expect(joinUrl(t, '/Users/1', '')).toBe('https://app.example/v1/enterprise/scim/Users/1?tenant=a&b=2');
    expect(parseTarget('https://app.example/scim?AADOPTSCIM062020=1')).toEqual({ base: 'https://app.example/scim', baseQuery: '' });
  });

  it('selects Entra flag mode with ?aadOptscim062020 and never sends the flag, as Entra does not; other parameters reach the target', async () => {
    const seen: string[] = [];
    faulty = await startFaultyServer({
      request: (req) => {
        seen.push(req.query);
        return req;
      },
    });
    const loaded = loadScenarios(['scenarios/rfc/user-lifecycle.yaml', 'test/fixtures/scenarios/entra-default-group.yaml']);
    if (!loaded.ok) throw new Error('fixtures');
    const transport = createHttpTransport({ timeoutMs: 2000 });
    const result = await runSuite({ baseUrl: `${faulty.url}?aadOptscim062020&tenant=t1`, transport, scenarios: loaded.value, auth: { token: TOKEN, headers: {} }, mode: 'http', toolVersion: 't' });
    await transport.close();
    expect(result.target.entraMode).toBe('aadopt');
    expect(result.scenarios[0]?.status).toBe('passed');
    expect(result.scenarios[1]).toMatchObject({ status: 'skipped' });
    expect(result.scenarios[1]?.reason).toMatch(/^Entra default-mode traffic: the base URL carries \?aadOptscim062020/);
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.every((q) => q.startsWith('tenant=t1'))).toBe(true);
    expect(seen.some((q) => /aadopt/i.test(q))).toBe(false);
  });
});

describe('--proxy', () => {
  it('tunnels every request through the proxy', async () => {
    const { createServer: createProxy } = await import('node:http');
    const { connect } = await import('node:net');
    faulty = await startFaultyServer();
    const tunnels: string[] = [];
    const proxy = createProxy();
    proxy.on('connect', (req, socket, head) => {
      tunnels.push(req.url ?? '');
      const [host, port] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const loaded = loadScenarios(['scenarios/rfc/discovery.yaml']);
      if (!loaded.ok) throw new Error('fixtures');
      const transport = createHttpTransport({ timeoutMs: 2000, proxy: proxyUrl });
      const result = await runSuite({ baseUrl: faulty.url, transport, scenarios: loaded.value, auth: { token: TOKEN, headers: {} }, mode: 'http', toolVersion: 't' });
      await transport.close();
      expect(result.fatal).toBeUndefined();
      expect(result.scenarios[0]?.status).toBe('passed');
      expect(tunnels.length).toBeGreaterThan(0);
      expect(tunnels.every((t) => t === new URL(faulty!.url).host)).toBe(true);
    } finally {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
    }
  });
});
