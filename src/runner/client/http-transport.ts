/**
 * The network transport: one pooled undici Agent (or ProxyAgent) for the run,
 * connect/headers/body timeouts, TLS options, and a response body cap; the
 * whole-request deadline and cancellation are wrappers around it (compose.ts).
 */
import { readFileSync } from 'node:fs';
import { Agent, ProxyAgent, request } from 'undici';
import type { Dispatcher } from 'undici';
import { ScimctlError } from '../../core/errors.js';
import { compose } from './compose.js';
import { DEFAULT_BODY_LIMIT, transportError } from './transport.js';
import { withAbort } from './with-abort.js';
import { withTimeout } from './with-timeout.js';
import type { IncomingResponse, OutgoingRequest, Transport } from './transport.js';

export interface HttpTransportOptions {
  /** Per-request timeout in ms: applies to connecting, to the headers and to each body gap; a whole request gets DEADLINE_FACTOR times it. */
  timeoutMs: number;
  insecure?: boolean;
  /** PEM file with extra CA certificates. */
  caFile?: string;
  proxy?: string;
  bodyLimit?: number;
  connections?: number;
}

/**
 * One request may take at most this many `--timeout`s in all (plus slack for
 * undici's coarse timers, so the per-gap diagnoses keep precedence), however
 * steadily its bytes trickle in.
 */
export const DEADLINE_FACTOR = 3;
const DEADLINE_SLACK_MS = 2000;
/** How long close() lets idle connections end gracefully before destroying them. */
const CLOSE_GRACE_MS = 500;

export function createHttpTransport(options: HttpTransportOptions): Transport {
  const timeout = options.timeoutMs;
  let ca: string | undefined;
  if (options.caFile) {
    try {
      ca = readFileSync(options.caFile, 'utf8');
    } catch {
      throw new ScimctlError('USAGE', `cannot read the CA file \`${options.caFile}\``);
    }
  }
  const tls = { rejectUnauthorized: !options.insecure, ...(ca ? { ca } : {}), timeout };
  const common = { headersTimeout: timeout, bodyTimeout: timeout, connections: options.connections ?? 8 };
  const dispatcher: Dispatcher = options.proxy
    ? new ProxyAgent({ uri: options.proxy, requestTls: tls, ...common })
    : new Agent({ connect: tls, ...common });
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;

  const base: Transport = {
    async send(req: OutgoingRequest, signal?: AbortSignal): Promise<IncomingResponse> {
      try {
        const res = await request(req.url, {
          dispatcher,
          method: req.method as Dispatcher.HttpMethod,
          headers: req.headers,
          body: req.body,
          ...(signal ? { signal } : {}),
        });
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of res.body) {
          size += (chunk as Buffer).length;
          if (size > limit) {
            res.body.destroy();
            throw new ScimctlError('BODY_TOO_LARGE', `the response to ${req.method} ${new URL(req.url).pathname} is larger than ${limit} bytes`);
          }
          chunks.push(chunk as Buffer);
        }
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) {
          if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
        }
        return { status: res.statusCode, headers, bodyText: Buffer.concat(chunks).toString('utf8') };
      } catch (err) {
        throw transportError(err, req.url, timeout);
      }
    },
    async close() {
      // Requests still in flight were cancelled (Ctrl-C, --bail): do not wait for their sockets.
      const closed = await Promise.race([
        dispatcher.close().then(() => true),
        new Promise<boolean>((resolve) => setTimeout(resolve, CLOSE_GRACE_MS, false).unref()),
      ]);
      if (!closed) await dispatcher.destroy();
    },
  };
  // The per-gap timeouts above do not bound a target that drip-feeds its body; the deadline does.
  return compose(base, withTimeout(timeout * DEADLINE_FACTOR + DEADLINE_SLACK_MS), withAbort());
}
