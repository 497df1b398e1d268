/**
 * Purpose-built faulty SCIM servers: the reference handler behind node:http on
 * 127.0.0.1:0, with one defect spliced into requests or responses.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createScimServer } from '../../../src/server/create-server.js';
import type { ScimRequest } from '../../../src/server/types.js';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  /** Sent as is instead of JSON.stringify(body). */
  raw?: string;
}

export type FaultAction = RawResponse | { hang: true } | { reset: true };

export interface Defect {
  /** Rewrite the request, or answer it (or fail) without the reference server. */
  request?(req: ScimRequest): ScimRequest | FaultAction;
  /** Rewrite the reference server's answer. */
  response?(req: ScimRequest, res: RawResponse): FaultAction;
}

export interface FaultyServer {
  url: string;
  close(): Promise<void>;
}

export const TOKEN = 'faulty-server-token-1234';

export async function startFaultyServer(defect: Defect = {}): Promise<FaultyServer> {
  const handler = createScimServer({ token: TOKEN });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
        let scimReq: ScimRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.search.slice(1), headers, origin: `http://${req.headers.host ?? '127.0.0.1'}` };
        if (chunks.length > 0) scimReq.body = Buffer.concat(chunks).toString('utf8');
        let action: FaultAction | undefined;
        const pre = defect.request?.(scimReq);
        if (pre && 'method' in pre) scimReq = pre;
        else if (pre) action = pre;
        if (!action) {
          const r = await handler(scimReq);
          const raw: RawResponse = { status: r.status, headers: { ...r.headers }, ...(r.body !== undefined ? { body: r.body } : {}) };
          action = defect.response ? defect.response(scimReq, raw) : raw;
        }
        if ('hang' in action) return;
        if ('reset' in action) {
          req.socket.destroy();
          return;
        }
        const text = action.raw ?? (action.body === undefined ? '' : JSON.stringify(action.body));
        res.writeHead(action.status, action.headers);
        res.end(text);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/scim/v2`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The PATCH operations of a request body, or undefined. */
export function patchOps(req: ScimRequest): { op: string; path?: string; value?: unknown }[] | undefined {
  if (req.method !== 'PATCH' || !req.body) return undefined;
  try {
    const ops = (JSON.parse(req.body) as { Operations?: unknown }).Operations;
    return Array.isArray(ops) ? (ops as { op: string; path?: string; value?: unknown }[]) : undefined;
  } catch {
    return undefined;
  }
}

export function withOps(req: ScimRequest, ops: unknown[]): ScimRequest {
  const body = JSON.parse(req.body ?? '{}') as Record<string, unknown>;
  return { ...req, body: JSON.stringify({ ...body, Operations: ops }) };
}
