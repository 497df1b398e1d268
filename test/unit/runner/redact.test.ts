import { describe, expect, it } from 'vitest';
import { createRedactor, REDACTED } from '../../../src/runner/redact.js';

describe('redaction', () => {
  const r = createRedactor(['s3cr3t-token', 'hunter2-password']);
  it('redacts credential headers and known secret values', () => {
    expect(r.headers({ Authorization: 'Bearer s3cr3t-token', 'X-Api-Key': 'k', Accept: 'x', 'X-Echo': 'has s3cr3t-token inside' })).toEqual({
      Authorization: REDACTED,
      'X-Api-Key': REDACTED,
      Accept: 'x',
      'X-Echo': `has ${REDACTED} inside`,
    });
  });
  it('redacts password-like JSON keys and secrets in any text, raw or URL-encoded', () => {
    expect(JSON.parse(r.text('{"userName":"a","password":"whatever","nested":{"token":"t"}}'))).toEqual({ userName: 'a', password: REDACTED, nested: { token: REDACTED } });
    expect(r.text('http://h/x?k=hunter2-password')).toBe(`http://h/x?k=${REDACTED}`);
    expect(r.text('{"password": "unterminated')).toBe('{"password": "unterminated');
  });
  it('keeps a __proto__ key from a target as data, and pollutes nothing', () => {
    const out = r.text('{"__proto__":{"polluted":true},"password":"p"}');
    expect(out).toBe(`{"__proto__":{"polluted":true},"password":"${REDACTED}"}`);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
