/**
 * The recording reverse proxy: a node:http server that forwards every request
 * to an upstream Transport (undici to a target, or the built-in server in
 * process), answers with the upstream's response, and appends each exchange
 * under the base path to the recording before answering.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { MAX_REQUEST_BODY_BYTES } from '../core/limits.js';
import { scimErrorBody, ScimError } from '../core/scim-errors.js';
import type { OutgoingRequest, Transport } from '../runner/client/transport.js';
import { guessIdp } from './guess-idp.js';
import { RECORDABLE_METHODS, type RawExchange, type RecordedExchangeDoc } from './recording-doc.js';
import type { RecordingWriter } from './recording-writer.js';
import { listen } from '../shared/listen.js';

export interface RecordProxyOptions {
  upstream: Transport;
  /** Absolute upstream URL for a request target (`/scim/v2/Users?…`) and the scheme+host the client used. */
  upstreamUrl: (target: string, clientOrigin: string) => string;
  writer: RecordingWriter;
  host?: string;
  port?: number;
  /** Largest request body forwarded, in bytes. */
  maxBody?: number;
  onRecorded?: (entry: RecordedExchangeDoc) => void;
  /** Requests forwarded but not recorded, and upstream or file failures. */
  onNotice?: (message: string) => void;
}

export interface RunningProxy {
  /** `http://host:port` the IdP (or tunnel) should call, plus the base path. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Not forwarded: connection-level headers, host and length (the client sets them), and the encoding we could not record. */
const HOP = /^(host|content-length|connection|keep-alive|transfer-encoding|te|trailer|upgrade|proxy-connection|accept-encoding)$/i;
const HOP_RESPONSE = /^(content-length|connection|keep-alive|transfer-encoding|trailer|upgrade|content-encoding)$/i;
const DEFAULT_MAX_BODY = MAX_REQUEST_BODY_BYTES;

function pairs(raw: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i] as string, raw[i + 1] as string]);
  return out;
}

async function readBody(req: IncomingMessage, max: number): Promise<string | undefined | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) return null;
    chunks.push(chunk as Buffer);
  }
  return size === 0 ? undefined : Buffer.concat(chunks).toString('utf8');
}

function answer(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(headers)) if (!HOP_RESPONSE.test(k)) out[k] = v;
  const payload = Buffer.from(body, 'utf8');
  if (status !== 204 && status !== 304) out['content-length'] = payload.length;
  res.writeHead(status, out);
  res.end(status === 204 || status === 304 ? undefined : payload);
}

function proxyError(res: ServerResponse, status: 413 | 502, detail: string): void {
  const err = new ScimError(status === 413 ? 'payloadTooLarge' : 'internal', detail);
  answer(res, status, { 'content-type': 'application/scim+json' }, JSON.stringify({ ...scimErrorBody(err), status: String(status) }));
}

export async function startRecordProxy(options: RecordProxyOptions): Promise<RunningProxy> {
  const { writer, upstream } = options;
  const base = writer.basePath === '/' ? '' : writer.basePath;
  const notice = options.onNotice ?? (() => {});

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = req.url ?? '/';
    const method = (req.method ?? 'GET').toUpperCase();
    const body = await readBody(req, options.maxBody ?? DEFAULT_MAX_BODY);
    if (body === null) {
      proxyError(res, 413, `scimctl record: the request body exceeds ${options.maxBody ?? DEFAULT_MAX_BODY} bytes`);
      return;
    }
    const requestHeaders = pairs(req.rawHeaders);
    const headers: Record<string, string> = {};
    for (const [k, v] of requestHeaders) if (!HOP.test(k)) headers[k] = headers[k] === undefined ? v : `${headers[k]}, ${v}`;
    const proto = (req.headers['x-forwarded-proto'] as string | undefined)?.split(',')[0]?.trim() || 'http';
    const outgoing: OutgoingRequest = {
      method,
      url: options.upstreamUrl(target, `${proto}://${req.headers.host ?? 'localhost'}`),
      headers,
      ...(body !== undefined ? { body } : {}),
    };
    const pathOnly = target.split('?')[0] ?? target;
    let response;
    try {
      response = await upstream.send(outgoing);
    } catch (err) {
      // The path only: a query may carry a secret, and notices are not redacted.
      notice(`${method} ${pathOnly}: the upstream did not answer (${(err as Error).message}); answered 502, not recorded`);
      proxyError(res, 502, `scimctl record: the upstream did not answer: ${(err as Error).message}`);
      return;
    }
    const underBase = base === '' || pathOnly === base || pathOnly.startsWith(`${base}/`);
    if (!underBase || !(RECORDABLE_METHODS as readonly string[]).includes(method)) {
      notice(`${method} ${pathOnly}: forwarded, not recorded (${underBase ? 'method' : `outside ${writer.basePath}`})`);
    } else {
      const raw: RawExchange = {
        method,
        target,
        requestHeaders,
        ...(body !== undefined ? { requestBody: body } : {}),
        status: response.status,
        responseHeaders: Object.entries(response.headers),
        ...(response.bodyText !== '' ? { responseBody: response.bodyText } : {}),
      };
      try {
        writer.setIdpIfUnknown(guessIdp(target, requestHeaders));
        // Not `onRecorded?.(writer.append(raw))`: optional calls skip evaluating their arguments.
        const entry = writer.append(raw);
        options.onRecorded?.(entry);
      } catch (err) {
        notice(`${method} ${pathOnly}: could not write ${writer.file} (${(err as Error).message})`);
      }
    }
    answer(res, response.status, response.headers, response.bodyText);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      notice(`${req.method ?? ''} ${(req.url ?? '').split('?')[0]}: ${(err as Error).message}`);
      if (!res.headersSent) proxyError(res, 502, 'scimctl record: the request could not be forwarded');
      else res.destroy();
    });
  });
  const bound = await listen(server, options.port, options.host);
  return { url: `${bound.origin}${base}`, port: bound.port, close: bound.close };
}
