/**
 * The runner sends every request through a Transport: undici over the network
 * (http-transport.ts) or the built-in server in process (handler-transport.ts).
 */
import { MAX_RESPONSE_BODY_BYTES } from '../../core/limits.js';
import { ScimctlError } from '../../core/errors.js';

export interface OutgoingRequest {
  method: string;
  /** Absolute URL. */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface IncomingResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  bodyText: string;
  /** 429 answers a wrapper (with-throttle.ts) waited out before this response, oldest first. */
  throttles?: ThrottleRecord[];
}

/** One 429 Too Many Requests and what the tester did about it. */
export interface ThrottleRecord {
  /** The Retry-After header as sent; absent when the target sent none. */
  retryAfter?: string;
  /** How long the tester waited before sending again (0 when it did not). */
  waitedMs: number;
  retried: boolean;
  /** Why this 429 deserves attention (no Retry-After), citing the evidence. */
  warning?: string;
  /** Why the tester stopped retrying. */
  note?: string;
}

export interface Transport {
  send(req: OutgoingRequest, signal?: AbortSignal): Promise<IncomingResponse>;
  close(): Promise<void>;
}

/** A response body larger than this is cut off with BODY_TOO_LARGE (an endless body must not exhaust memory). */
export const DEFAULT_BODY_LIMIT = MAX_RESPONSE_BODY_BYTES;

/** Transport failures, with a one-line diagnosis and no stack (house style §7). */
export function transportError(err: unknown, url: string, timeoutMs: number): ScimctlError {
  if (err instanceof ScimctlError) return err;
  const e = err as { code?: string; name?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code ?? '';
  const host = safeHost(url);
  // A cancelled request is not the target's fault: with-abort.ts and with-timeout.ts give the reason.
  if (e.name === 'AbortError' || e.name === 'TimeoutError' || code === 'ABORT_ERR') return new ScimctlError('ABORTED', `the request to ${host} was cancelled`);
  switch (code) {
    case 'ECONNREFUSED':
      return new ScimctlError('TARGET_UNREACHABLE', `connection refused by ${host}`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ScimctlError('TARGET_UNREACHABLE', `host not found: ${host}`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new ScimctlError('TARGET_UNREACHABLE', `no route to ${host}`);
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new ScimctlError('TARGET_UNREACHABLE', `could not connect to ${host} within ${timeoutMs} ms`);
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new ScimctlError('TIMEOUT', `no response from ${host} within ${timeoutMs} ms`);
    case 'UND_ERR_BODY_TIMEOUT':
      return new ScimctlError('TIMEOUT', `the response body from ${host} stalled for ${timeoutMs} ms`);
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
      return new ScimctlError('CONNECTION_RESET', `${host} closed the connection before answering`);
    default:
      if (/CERT|TLS|SSL|EPROTO|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
        return new ScimctlError('TLS_FAILED', `TLS with ${host} failed (${code})`);
      }
      return new ScimctlError('TARGET_UNREACHABLE', `request to ${host} failed: ${oneLine(e.message ?? String(err))}`);
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function oneLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
