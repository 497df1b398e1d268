import { describe, expect, it } from 'vitest';
import { createBearerAuth } from '../../../src/server/auth.js';
import { collectRefs, stripRefs, substituteRefs } from '../../../src/server/bulk-refs.js';
import { etagMatches, parseEntityTags } from '../../../src/server/etag.js';
import { parseQuery, readJsonBody } from '../../../src/server/http-util.js';
import { withRequestLog } from '../../../src/server/request-log.js';
import type { ScimRequest } from '../../../src/server/types.js';

describe('parseQuery', () => {
  it('decodes + and %20 as spaces, names case-insensitively, first value wins', () => {
    const q = parseQuery('Filter=userName+eq+%22a%20b%22&count=2&count=3&flag');
    expect(q.get('filter')).toBe('userName eq "a b"');
    expect(q.get('count')).toBe('2');
    expect(q.get('flag')).toBe('');
  });
  it('a literal + must be sent as %2B', () => {
    expect(parseQuery('filter=a%2Bb').get('filter')).toBe('a+b');
  });
  it('malformed percent-encoding is a 400 ScimError', () => {
    expect(() => parseQuery('filter=%zz')).toThrow(expect.objectContaining({ status: 400 }));
  });
});

describe('readJsonBody', () => {
  const req = (body: string | undefined, type?: string): ScimRequest => {
    const headers: Record<string, string> = type ? { 'content-type': type } : {};
    return { method: 'POST', path: '/', query: '', headers, ...(body === undefined ? {} : { body }) };
  };
  it('accepts JSON media types and no media type', () => {
    expect(readJsonBody(req('{"a":1}', 'application/scim+json; charset=utf-8'))).toEqual({ a: 1 });
    expect(readJsonBody(req('{"a":1}', 'Application/JSON'))).toEqual({ a: 1 });
    expect(readJsonBody(req('{"a":1}'))).toEqual({ a: 1 });
  });
  it('refuses other media types (415), empty and malformed bodies (400 invalidSyntax)', () => {
    expect(() => readJsonBody(req('{}', 'text/xml'))).toThrow(expect.objectContaining({ status: 415 }));
    expect(() => readJsonBody(req(undefined))).toThrow(expect.objectContaining({ scimType: 'invalidSyntax' }));
    expect(() => readJsonBody(req('{'))).toThrow(expect.objectContaining({ scimType: 'invalidSyntax' }));
  });
});

describe('etag', () => {
  it('compares weakly and understands lists and *', () => {
    expect(etagMatches('W/"3"', 'W/"3"')).toBe(true);
    expect(etagMatches('"3"', 'W/"3"')).toBe(true);
    expect(etagMatches('W/"1", W/"3"', 'W/"3"')).toBe(true);
    expect(etagMatches('*', 'W/"3"')).toBe(true);
    expect(etagMatches('W/"4"', 'W/"3"')).toBe(false);
    expect(etagMatches('garbage', 'W/"3"')).toBe(false);
    expect(parseEntityTags(' W/"a" ,"b"')).toEqual(['W/"a"', '"b"']);
  });
});

describe('createBearerAuth', () => {
  it('passes the right token only, with a challenge on failure', () => {
    const auth = createBearerAuth('secret');
    expect(auth('Bearer secret').ok).toBe(true);
    expect(auth('BEARER   secret').ok).toBe(true);
    for (const header of [undefined, '', 'Bearer', 'Bearer secre', 'Bearer secrets', 'Basic secret', 'secret']) {
      const r = auth(header);
      expect(r.ok, String(header)).toBe(false);
      expect(r.error?.status).toBe(401);
      expect(r.challenge).toMatch(/^Bearer realm=/);
    }
  });
  it('with no token every request passes', () => {
    expect(createBearerAuth(undefined)(undefined).ok).toBe(true);
  });
});

describe('bulk references', () => {
  const data = {
    members: [{ value: 'bulkId:a' }, { value: 'fixed' }],
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { manager: { value: 'bulkId:m' }, department: 'R&D' },
    displayName: 'bulkId:not-a-ref-position',
  };
  it('collects, substitutes and strips', () => {
    expect([...collectRefs(data)].sort()).toEqual(['a', 'm', 'not-a-ref-position']);
    const resolved = substituteRefs(data, (id) => (id === 'a' ? 'A1' : undefined)) as typeof data;
    expect(resolved.members[0]).toEqual({ value: 'A1' });
    expect(resolved['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'].manager.value).toBe('bulkId:m');
    expect(stripRefs(data)).toEqual({
      members: [{ value: 'fixed' }],
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'R&D' },
    });
  });
});

describe('withRequestLog', () => {
  it('writes method, path, redacted query, status and time; never headers or bodies', async () => {
    const lines: string[] = [];
    let tick = 0;
    const handler = withRequestLog(async () => ({ status: 201, headers: {} }), (l) => lines.push(l), () => (tick += 5));
    await handler({
      method: 'POST',
      path: '/scim/v2/Users',
      query: 'access_token=abc&x=1',
      headers: { authorization: 'Bearer abc' },
      body: '{"password":"pw"}',
    });
    expect(lines).toEqual(['POST /scim/v2/Users?access_token=REDACTED&x=1 201 5ms']);
  });
});
