/**
 * One wire exchange → one recording entry: connection and tunnel headers
 * dropped, JSON bodies parsed, secrets redacted, an id derived from the
 * operation. The proxy and the HAR import share it.
 */
import { exchangeId } from './exchange-id.js';
import type { RecordingRedactor } from './recording-redactor.js';
import type { RawExchange, RecordedExchangeDoc, RecordedMessageDoc } from './recording-doc.js';

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1), values the replaying client computes
 * itself (host, length), and what a tunnel or proxy adds (x-forwarded-*,
 * cf-*): none of it is the IdP's doing, and some of it names the tunnel.
 */
const DROP_REQUEST = /^(host|content-length|connection|keep-alive|transfer-encoding|te|trailer|upgrade|proxy-connection|via|forwarded|x-forwarded-.*|x-real-ip|x-original-.*|cf-.*|cdn-loop|ngrok-.*|true-client-ip)$/i;
/** Date changes on every answer; bodies are recorded decoded; the rest are connection details. */
const DROP_RESPONSE = /^(date|content-length|content-encoding|connection|keep-alive|transfer-encoding|trailer|upgrade|via|alt-svc)$/i;

const CANONICAL: Record<string, string> = { etag: 'ETag', 'www-authenticate': 'WWW-Authenticate', 'content-md5': 'Content-MD5' };

/** `content-type` → `Content-Type`, `etag` → `ETag`; names in wire case stay as they are. */
export function canonicalHeaderName(name: string): string {
  if (name !== name.toLowerCase()) return name;
  return CANONICAL[name] ?? name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

function headerRecord(pairs: readonly [string, string][], drop: RegExp): Record<string, string> {
  const out: Record<string, string> = {};
  const byLower = new Map<string, string>();
  for (const [rawName, value] of pairs) {
    if (drop.test(rawName)) continue;
    const name = canonicalHeaderName(rawName);
    const seen = byLower.get(name.toLowerCase());
    if (seen !== undefined) out[seen] = `${out[seen]}, ${value}`;
    else {
      byLower.set(name.toLowerCase(), name);
      out[name] = value;
    }
  }
  return out;
}

function message(headers: Record<string, string>, body: string | undefined, redactor: RecordingRedactor): RecordedMessageDoc {
  const out: RecordedMessageDoc = {};
  const h = redactor.headers(headers);
  if (Object.keys(h).length > 0) out.headers = h;
  if (body !== undefined && body !== '') {
    const b = redactor.body(body);
    if (b.json) out.body = b.value;
    else out.bodyText = b.text;
  }
  return out;
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * `basePath` is cut from the target to name the exchange; `position` is its
 * 1-based place in the recording.
 */
export function captureExchange(raw: RawExchange, basePath: string, position: number, redactor: RecordingRedactor): RecordedExchangeDoc {
  redactor.learn(raw.requestHeaders, parseJson(raw.requestBody));
  const method = raw.method.toUpperCase();
  const rel = raw.target.startsWith(basePath) ? raw.target.slice(basePath.length) : raw.target;
  return {
    id: exchangeId(method, rel, position),
    request: { method, path: redactor.text(raw.target), ...message(headerRecord(raw.requestHeaders, DROP_REQUEST), raw.requestBody, redactor) },
    response: { status: raw.status, ...message(headerRecord(raw.responseHeaders, DROP_RESPONSE), raw.responseBody, redactor) },
  };
}
