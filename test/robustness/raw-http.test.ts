/**
 * The node:http adapter under raw bytes written to a socket: random bytes,
 * truncated requests, 10 MB bodies (declared and chunked), invalid UTF-8,
 * absurd headers, bad Content-Length, deeply nested JSON. Every connection
 * ends with a non-5xx answer or a close, the store never changes from a
 * rejected request, the server keeps serving, and no prototype is polluted.
 */
import fc from 'fast-check';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeServer, type RunningServer } from '../../src/server/adapters/node-http.js';
import { recordFigure, scaled } from './figures.js';
import { expectNoPollution, fuzzTarget, prototypeFingerprint, storeText, TOKEN, USER_URN, type FuzzTarget } from './server-harness.js';

const fingerprint = prototypeFingerprint();
let target: FuzzTarget;
let running: RunningServer;
const tally = { cases: 0, 'answered 2xx-4xx': 0, 'closed without an answer': 0, '5xx': 0, 'store changed by a rejection': 0, 'server unusable afterwards': 0 };

beforeAll(async () => {
  target = fuzzTarget();
  running = await startNodeServer(target.server, { port: 0, maxBody: 2 * 1024 * 1024 });
});
afterAll(async () => {
  await running.close();
  expectNoPollution(fingerprint);
  const { cases, ...outcomes } = tally;
  recordFigure({ suite: 'raw-http', target: 'node:http adapter, raw socket writes', cases, outcomes });
});

/** Write `chunks` to a fresh connection, half-close, and collect everything until the server closes. */
function exchange(chunks: (Buffer | string)[]): Promise<{ status?: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(running.port, '127.0.0.1');
    const received: Buffer[] = [];
    // A guard against a hang only; it never decides an outcome that passes.
    const guard = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within 10 s after ${String(chunks[0]).slice(0, 80)}`));
    }, 10_000);
    socket.on('data', (d) => received.push(d));
    socket.on('error', () => undefined); // a reset after our write is an acceptable close
    socket.on('close', () => {
      clearTimeout(guard);
      const text = Buffer.concat(received).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      resolve({ ...(status ? { status: Number(status) } : {}), text });
    });
    socket.on('connect', () => {
      for (const c of chunks) socket.write(c);
      socket.end();
    });
  });
}

async function rawCase(chunks: (Buffer | string)[], expectStatus?: (status: number) => void): Promise<void> {
  const before = storeText(target.server);
  const { status, text } = await exchange(chunks);
  tally.cases++;
  if (status === undefined) tally['closed without an answer']++;
  else if (status >= 500) tally['5xx']++;
  else tally['answered 2xx-4xx']++;
  expect(status ?? 0, text.slice(0, 300)).toBeLessThan(500);
  if (status !== undefined) {
    try {
      expectStatus?.(status);
    } catch (err) {
      throw new Error(`${(err as Error).message}: ${text.slice(0, 400)}`);
    }
  }
  if (status === undefined || status >= 400) {
    const same = storeText(target.server) === before;
    if (!same) tally['store changed by a rejection']++;
    expect(same).toBe(true);
  }
}

function head(method: string, path: string, headers: Record<string, string | number>): string {
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
  return `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKEN}\r\nConnection: close\r\n${lines.join('\r\n')}${lines.length ? '\r\n' : ''}\r\n`;
}

async function stillServes(): Promise<void> {
  const res = await fetch(`${running.url}/scim/v2/Users?count=1`, { headers: { authorization: `Bearer ${TOKEN}` } });
  if (res.status !== 200) tally['server unusable afterwards']++;
  expect(res.status).toBe(200);
}

describe('raw HTTP against the node:http adapter', () => {
  it('random bytes, random request lines and truncated requests', async () => {
    const valid = Buffer.from(head('POST', '/scim/v2/Users', { 'Content-Type': 'application/scim+json', 'Content-Length': 60 }) + JSON.stringify({ schemas: [USER_URN], userName: 'raw-user' }).padEnd(60));
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
      fc.string({ unit: 'binary', maxLength: 200 }).map((s) => Buffer.from(s)),
      fc.integer({ min: 0, max: valid.length - 1 }).map((n) => valid.subarray(0, n)),
      fc.tuple(fc.constantFrom('GET', 'POST', 'PATCH', 'BREW', 'G\u0000T', ''), fc.string({ maxLength: 40 }), fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/9.9', 'HTTX', '')).map(
        ([m, p, v]) => Buffer.from(`${m} /scim/v2/${p} ${v}\r\nHost: x\r\nConnection: close\r\n\r\n`),
      ),
    );
    await fc.assert(fc.asyncProperty(bytes, async (b) => rawCase([b])), { numRuns: scaled(150), seed: 201 });
    await stillServes();
  });

  it('10 MB bodies, declared and chunked, are refused with 413 without buffering them', async () => {
    const ten = Buffer.alloc(10 * 1024 * 1024, 0x7b); // '{' x 10 MB
    await rawCase([head('POST', '/scim/v2/Users', { 'Content-Type': 'application/scim+json', 'Content-Length': ten.length }), ten], (s) => expect(s).toBe(413));
    // Chunked: no Content-Length, the limit trips while reading.
    const chunks: Buffer[] = [Buffer.from(head('POST', '/scim/v2/Bulk', { 'Content-Type': 'application/scim+json', 'Transfer-Encoding': 'chunked' }))];
    for (let i = 0; i < 10; i++) chunks.push(Buffer.from(`100000\r\n`), ten.subarray(0, 0x100000), Buffer.from('\r\n'));
    chunks.push(Buffer.from('0\r\n\r\n'));
    await rawCase(chunks, (s) => expect(s).toBe(413));
    // A lie: Content-Length says small, the body is huge; the server reads what was declared.
    await rawCase([head('POST', '/scim/v2/Users', { 'Content-Type': 'application/scim+json', 'Content-Length': 10 }), ten.subarray(0, 1024 * 1024)]);
    await stillServes();
  });

  it('invalid UTF-8, bad Content-Length, absurd headers, deep JSON', async () => {
    const body = (text: Buffer) => [head('POST', '/scim/v2/Users', { 'Content-Type': 'application/scim+json', 'Content-Length': text.length }), text];
    const invalidUtf8 = Buffer.concat([Buffer.from(`{"schemas":["${USER_URN}"],"userName":"`), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]), Buffer.from('"}')]);
    // Refused, not stored with U+FFFD in place of the bad bytes (RFC 8259 §8.1).
    await rawCase(body(invalidUtf8), (s) => expect(s).toBe(400));
    await rawCase(body(Buffer.from([0xff, 0xfe, 0x7b, 0x7d])), (s) => expect(s).toBe(400));
    expect(target.server.store.snapshot().users.some((u) => JSON.stringify(u).includes('\uFFFD'))).toBe(false);
    const deep = Buffer.from('['.repeat(900_000) + ']'.repeat(900_000));
    await rawCase([head('POST', '/scim/v2/Users', { 'Content-Type': 'application/scim+json', 'Content-Length': deep.length }), deep], (s) => expect(s).toBe(400));
    const deepObject = Buffer.from(`{"schemas":["${USER_URN}"],"userName":"d","name":${'{"a":'.repeat(300_000)}1${'}'.repeat(300_000)}}`);
    // 300 000 levels under an unknown sub-attribute: dropped by validation, so 201 is a fine answer too.
    await rawCase([head('POST', '/scim/v2/Users', { 'Content-Type': 'application/scim+json', 'Content-Length': deepObject.length }), deepObject]);
    for (const cl of ['-1', 'abc', '1, 2', '99999999999999999999', '']) {
      await rawCase([head('POST', '/scim/v2/Users', { 'Content-Type': 'application/scim+json', 'Content-Length': cl }), '{}']);
    }
    // Duplicate, conflicting framing headers (request smuggling shapes) are refused.
    await rawCase([head('POST', '/scim/v2/Users', { 'Content-Length': 2, 'Transfer-Encoding': 'chunked' }), '{}']);
    await rawCase([head('POST', '/scim/v2/Users', { 'Content-Length': '2\r\nContent-Length: 3' }), '{}']);
    // Header sizes: one 200 KB header, 5000 small ones, a 100 KB URL.
    await rawCase([head('GET', '/scim/v2/Users', { 'X-Big': 'x'.repeat(200_000) })], (s) => expect(s).toBe(431));
    await rawCase([head('GET', '/scim/v2/Users', Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`X-H${i}`, 'v'])))]);
    await rawCase([head('GET', `/scim/v2/Users?filter=${'a'.repeat(100_000)}`, {})]);
    await rawCase([head('GET', '/scim/v2/Users', { Authorization: 'Bearer ' + 'x'.repeat(60_000) })]);
    await stillServes();
  });
});
