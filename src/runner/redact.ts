/**
 * Redaction happens once, before an exchange enters the result tree, so no
 * reporter, HAR or log can see a secret (house style §10).
 */

export const REDACTED = '<redacted>';

const SECRET_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key)$|token|secret|password|apikey/i;
const SECRET_KEY = /^(password|newPassword|oldPassword|secret|client_secret|token|access_token|refresh_token|apiKey)$/i;

/** A JSON key whose value is a secret (`password`, `token`, …); the recorder also checks PATCH paths with it. */
export function isSecretKey(name: string): boolean {
  return SECRET_KEY.test(name);
}

export interface Redactor {
  headers(h: Record<string, string>): Record<string, string>;
  text(s: string): string;
}

// Base64 runs are decoded too: Basic credentials (`user:password`) echoed by a target hold the password only encoded.
const BASE64_RUN = /[A-Za-z0-9+/]{8,}={0,2}/g;

function holdsSecret(run: string, values: readonly string[]): boolean {
  const decoded = Buffer.from(run, 'base64').toString('utf8');
  return values.some((v) => decoded.includes(v));
}

/** `secrets` are literal values (token, password, header values) scrubbed from any text. */
export function createRedactor(secrets: readonly string[]): Redactor {
  const values = [...new Set(secrets.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  const scrub = (s: string): string => {
    let out = s;
    for (const v of values) {
      out = out.split(v).join(REDACTED);
      const enc = encodeURIComponent(v);
      if (enc !== v) out = out.split(enc).join(REDACTED);
    }
    return values.length === 0 ? out : out.replace(BASE64_RUN, (run) => (holdsSecret(run, values) ? REDACTED : run));
  };
  return {
    headers(h) {
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(h)) out[k] = SECRET_HEADER.test(k) ? REDACTED : scrub(v);
      return out;
    },
    text(s) {
      return scrub(redactJsonText(s));
    },
  };
}

/** Replace the values of password-like keys in a JSON text; other text is left as is. */
function redactJsonText(text: string): string {
  if (!/password|secret|token|apikey/i.test(text)) return text;
  try {
    return JSON.stringify(redactValue(JSON.parse(text)));
  } catch {
    return text.replace(/("(?:password|secret|token)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi, `$1"${REDACTED}"`);
  }
}

function redactValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redactValue);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v)) {
      // defineProperty, not assignment: a `__proto__` key from a target's JSON stays data instead of becoming a prototype.
      Object.defineProperty(out, k, { value: SECRET_KEY.test(k) && val !== null ? REDACTED : redactValue(val), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return v;
}
