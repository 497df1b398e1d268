/**
 * A target for the tester that is the reference server except on one route,
 * where a raw fault takes over the socket: stall, reset mid-body, redirect to
 * itself, an HTML page, an endless body. Served over http or https (the
 * self-signed pair in fixtures/tls, valid until 2126, made with
 * `openssl req -x509 -newkey ec … -days 36500 -subj /CN=localhost`).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createScimServer } from '../../src/server/create-server.js';

export const TARGET_TOKEN = 'faulty-target-token-98765';

/** Takes over one response; `bytesSent` lets a test see how much the target pushed. */
export type RawFault = (req: IncomingMessage, res: ServerResponse, stats: { bytesSent: number }) => void;

export interface FaultyTarget {
  url: string;
  stats: { bytesSent: number; faulted: number };
  close(): Promise<void>;
}

const TLS_DIR = new URL('./fixtures/tls/', import.meta.url);

export async function startFaultyTarget(options: { match: (method: string, path: string) => boolean; fault: RawFault; tls?: boolean }): Promise<FaultyTarget> {
  const handler = createScimServer({ token: TARGET_TOKEN });
  const stats = { bytesSent: 0, faulted: 0 };
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (options.match(req.method ?? 'GET', url.pathname)) {
        stats.faulted++;
        options.fault(req, res, stats);
        return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      void handler({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.search.slice(1),
        headers,
        ...(chunks.length > 0 ? { body: Buffer.concat(chunks).toString('utf8') } : {}),
      }).then((r) => {
        res.writeHead(r.status, r.headers);
        res.end(r.body === undefined ? undefined : JSON.stringify(r.body));
      });
    });
  };
  const server: Server = options.tls
    ? createHttpsServer({ cert: readFileSync(new URL('cert.pem', TLS_DIR)), key: readFileSync(new URL('key.pem', TLS_DIR)) }, listener)
    : createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/scim/v2`,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes `chunk` whenever the socket can take more, until the client goes away. */
export function endless(res: ServerResponse, chunk: Buffer, stats: { bytesSent: number }): void {
  const pump = (): void => {
    while (!res.destroyed) {
      const more = res.write(chunk);
      stats.bytesSent += chunk.length;
      if (!more) break;
    }
    if (!res.destroyed) res.once('drain', pump);
  };
  res.on('error', () => undefined);
  pump();
}
