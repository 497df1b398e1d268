/**
 * Redaction for recordings. Built on the runner's redactor (secret headers,
 * password-like keys, literal secret values) and adds what only a recorder
 * sees: the IdP's own credentials, fields named with `--redact`, and PATCH
 * operations whose `path` names a secret (`{"op":"replace","path":"password"}`).
 * Every secret value it meets is remembered, so a later echo of it (a body, a
 * query, a bad server's response) is scrubbed too.
 */
import { createRedactor, isSecretKey, REDACTED } from '../runner/redact.js';

export interface RecordingRedactor {
  /** Learn the secrets a request carries; call before redacting that exchange. */
  learn(headers: readonly [string, string][], body: unknown): void;
  headers(headers: Record<string, string>): Record<string, string>;
  /** Raw text (a path, a body that is not JSON). */
  text(text: string): string;
  /** A body: JSON text in, redacted JSON value (or text) out. */
  body(text: string): { json: true; value: unknown } | { json: false; text: string };
}

/** `extraFields`: JSON keys and header names (case-insensitive) to redact besides the built-in ones. */
export function createRecordingRedactor(extraFields: readonly string[] = []): RecordingRedactor {
  const extra = new Set(extraFields.map((f) => f.toLowerCase()));
  const secrets = new Set<string>();
  const secretKey = (name: string) => isSecretKey(name) || extra.has(name.toLowerCase());
  let base = createRedactor([]);
  const remember = (value: string) => {
    if (value.length >= 4 && value !== REDACTED && !secrets.has(value)) {
      secrets.add(value);
      base = createRedactor([...secrets]);
    }
  };

  return {
    learn(headers, body) {
      for (const [name, value] of headers) {
        const lower = name.toLowerCase();
        if (lower === 'authorization' || lower === 'proxy-authorization') credentialParts(value).forEach(remember);
        else if (extra.has(lower) || /token|secret|password|api-?key/i.test(lower)) remember(value);
      }
      walkSecrets(body, secretKey, remember);
    },
    headers(headers) {
      const out = base.headers(headers);
      for (const [name, value] of Object.entries(headers)) {
        if (extra.has(name.toLowerCase())) out[name] = REDACTED;
        // Keep the scheme: whether the IdP sent Bearer or Basic is part of what it does.
        else if (/^(proxy-)?authorization$/i.test(name)) out[name] = /^[A-Za-z][\w-]*\s+\S/.test(value) ? `${value.split(/\s+/)[0]} ${REDACTED}` : REDACTED;
      }
      return out;
    },
    text: (text) => base.text(text),
    body(text) {
      const scrubbed = base.text(text);
      let value: unknown;
      try {
        value = JSON.parse(scrubbed);
      } catch {
        return { json: false, text: scrubbed };
      }
      return { json: true, value: redactJson(value, secretKey) };
    },
  };
}

/** `Bearer abc` → abc (and the whole value); `Basic b64` → b64, `user:pass` and pass. */
function credentialParts(value: string): string[] {
  const out = [value];
  const m = /^(\S+)\s+(.+)$/.exec(value.trim());
  if (!m) return out;
  const [, scheme, cred] = m as unknown as [string, string, string];
  out.push(cred);
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(cred, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) out.push(decoded, decoded.slice(colon + 1));
  }
  return out;
}

/** The last attribute name of a PATCH path: `urn:…:User:password` or `x.password` → password. */
function pathLeaf(path: string): string {
  const noFilter = path.replace(/\[[^\]]*\]/g, '');
  const tail = noFilter.split(':').pop() ?? noFilter;
  return tail.split('.').pop() ?? tail;
}

function isPatchOp(v: Record<string, unknown>): boolean {
  return typeof v['op'] === 'string' && typeof v['path'] === 'string' && 'value' in v;
}

function walkSecrets(v: unknown, secretKey: (k: string) => boolean, found: (s: string) => void): void {
  if (Array.isArray(v)) v.forEach((x) => walkSecrets(x, secretKey, found));
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (isPatchOp(o) && secretKey(pathLeaf(String(o['path']))) && typeof o['value'] === 'string') found(o['value']);
    for (const [k, val] of Object.entries(o)) {
      if (secretKey(k) && typeof val === 'string') found(val);
      else walkSecrets(val, secretKey, found);
    }
  }
}

function redactJson(v: unknown, secretKey: (k: string) => boolean): unknown {
  if (Array.isArray(v)) return v.map((x) => redactJson(x, secretKey));
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const patchSecret = isPatchOp(o) && secretKey(pathLeaf(String(o['path'])));
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(o)) {
      const value = (secretKey(k) || (patchSecret && k === 'value')) && val !== null ? REDACTED : redactJson(val, secretKey);
      // defineProperty: a `__proto__` key in a body stays data instead of becoming the prototype.
      Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return v;
}
