/**
 * node:http adapter for `scimctl serve`: turns an IncomingMessage into a
 * ScimRequest and a ScimResponse into bytes. The body is read with a size
 * limit: past `maxBody` bytes reading stops and the answer is 413, so a huge
 * upload is never buffered whole.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { MAX_REQUEST_BODY_BYTES } from '../../core/limits.js';
import { ScimError, scimErrorBody } from '../../core/scim-errors.js';
import { SCIM_CONTENT_TYPE } from '../http-util.js';
import type { ScimHandler, ScimRequest, ScimResponse } from '../types.js';
import { listen } from '../../shared/listen.js';

export interface NodeServerOptions {
  /** Interface to bind; 127.0.0.1 unless told otherwise. */
  host?: string;
  /** 0 picks any free port. */
  port?: number;
  /** Largest request body in bytes (default 2 MiB). */
  maxBody?: number;
  /** Base path shown in `url` (the handler's routes live below it). */
  basePath?: string;
}

export interface RunningServer {
  /** `http://host:port` plus the base path. */
  url: string;
  /** The bound port (useful with port 0). */
  port: number;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY = MAX_REQUEST_BODY_BYTES;

type BodyResult = { ok: true; text: string | undefined } | { ok: false; limit: number } | { ok: false; invalidUtf8: true };

// RFC 8259 §8.1: JSON text is UTF-8. A lenient decode would store U+FFFD in place of the bad bytes.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function readBody(req: IncomingMessage, maxBody: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBody) return Promise.resolve({ ok: false, limit: maxBody });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBody) {
        done = true;
        chunks.length = 0;
        resolve({ ok: false, limit: maxBody });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      if (size === 0) return resolve({ ok: true, text: undefined });
      try {
        resolve({ ok: true, text: UTF8.decode(Buffer.concat(chunks)) });
      } catch {
        resolve({ ok: false, invalidUtf8: true });
      }
    });
    req.on('error', (err) => {
      if (!done) reject(err);
    });
  });
}

function lowerHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function send(res: ServerResponse, response: ScimResponse): void {
  if (response.drop) {
    res.socket?.destroy();
    return;
  }
  const hasBody = response.body !== undefined && response.status !== 204 && response.status !== 304;
  const payload = hasBody ? Buffer.from(JSON.stringify(response.body), 'utf8') : undefined;
  const headers: Record<string, string | number> = { ...response.headers };
  if (payload) headers['Content-Length'] = payload.length;
  res.writeHead(response.status, headers);
  res.end(payload);
}

/**
 * Serve `handler` over HTTP.
 *
 * @example
 * const { url, close } = await startNodeServer(createScimServer(), { port: 0, basePath: '/scim/v2' });
 */
export async function startNodeServer(handler: ScimHandler, options: NodeServerOptions = {}): Promise<RunningServer> {
  const maxBody = options.maxBody ?? DEFAULT_MAX_BODY;
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req, maxBody);
      if (!body.ok && 'invalidUtf8' in body) {
        const err = new ScimError('invalidSyntax', 'The request body is not valid UTF-8');
        send(res, { status: 400, headers: { 'Content-Type': SCIM_CONTENT_TYPE }, body: scimErrorBody(err) });
        return;
      }
      if (!body.ok) {
        const err = new ScimError('payloadTooLarge', `The request body exceeds the limit of ${body.limit} bytes`);
        // The rest of the upload is drained unbuffered so the client can read the answer; then the connection closes.
        req.resume();
        send(res, {
          status: 413,
          headers: { 'Content-Type': SCIM_CONTENT_TYPE, Connection: 'close' },
          body: scimErrorBody(err),
        });
        return;
      }
      const url = new URL(req.url ?? '/', 'http://placeholder');
      const scimReq: ScimRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.search.startsWith('?') ? url.search.slice(1) : url.search,
        headers: lowerHeaders(req),
      };
      if (body.text !== undefined) scimReq.body = body.text;
      send(res, await handler(scimReq));
    })().catch(() => {
      if (!res.headersSent) {
        send(res, {
          status: 500,
          headers: { 'Content-Type': SCIM_CONTENT_TYPE },
          body: scimErrorBody('internal'),
        });
      } else res.destroy();
    });
  });
  const bound = await listen(server, options.port, options.host);
  return { url: `${bound.origin}${options.basePath ?? ''}`, port: bound.port, close: bound.close };
}
