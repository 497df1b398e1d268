import { describe, expect, it } from 'vitest';
import { bodyWithoutExtension, expectationWithoutExtension, sendsExtension } from '../../../src/runner/replay-adapt.js';
import type { Expectation, RecordedExchange } from '../../../src/runner/types.js';

const URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

describe('replaying without the enterprise extension', () => {
  it('drops the key and the schemas entry of a resource, whatever the case', () => {
    const body = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', URN.toLowerCase()], userName: 'a', [URN.toUpperCase()]: { employeeNumber: '1' } };
    expect(bodyWithoutExtension(body, URN)).toEqual({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'a' });
  });

  it('drops PATCH operations on its paths and its key in path-less values; keeps the rest in order', () => {
    const body = {
      schemas: [PATCH],
      Operations: [
        { op: 'Replace', path: 'name.givenName', value: 'A' },
        { op: 'Replace', path: `${URN}:employeeNumber`, value: '2' },
        { op: 'Add', path: `${URN}:manager`, value: { value: 'm' } },
        { op: 'Replace', value: { displayName: 'D', [URN]: { department: 'R' } } },
        { op: 'replace', value: { 'name.givenName': 'K', [`${URN}:employeeNumber`]: 'A' } },
        { op: 'Replace', value: { [URN]: { department: 'R' } } },
      ],
    };
    expect(bodyWithoutExtension(body, URN)).toEqual({
      schemas: [PATCH],
      Operations: [
        { op: 'Replace', path: 'name.givenName', value: 'A' },
        { op: 'Replace', value: { displayName: 'D' } },
        { op: 'replace', value: { 'name.givenName': 'K' } },
      ],
    });
  });

  it('leaves nothing to send when every operation is the extension\'s', () => {
    const body = { schemas: [PATCH], Operations: [{ op: 'Add', path: `${URN}:manager`, value: 'm' }] };
    expect(bodyWithoutExtension(body, URN)).toBeUndefined();
  });

  it('keeps a path that merely starts with the same letters', () => {
    const body = { schemas: [PATCH], Operations: [{ op: 'Add', path: `${URN}X:foo`, value: 'x' }] };
    expect(bodyWithoutExtension(body, URN)).toEqual(body);
  });

  it('tells which recorded requests send it', () => {
    const ex = (body: unknown): RecordedExchange => ({ index: 1, request: { method: 'POST', path: '/Users', headers: {}, body, hasBody: true }, response: { status: 201, headers: {}, hasBody: false } }) as RecordedExchange;
    expect(sendsExtension(ex({ schemas: [URN] }), URN)).toBe(true);
    expect(sendsExtension(ex({ userName: 'a' }), URN)).toBe(false);
  });

  it('no longer asks for it in match, equals or paths', () => {
    const exp = {
      headers: [],
      scim: [],
      body: { match: { userName: 'a', [URN]: { employeeNumber: '1' } }, hasMatch: true, hasEquals: false },
      paths: [{ pointer: `/${URN}/employeeNumber`, equals: '1' }, { pointer: '/userName', equals: 'a' }],
    } as unknown as Expectation;
    const out = expectationWithoutExtension(exp, URN);
    expect(out.body?.match).toEqual({ userName: 'a' });
    expect(out.paths.map((p) => p.pointer)).toEqual(['/userName']);
  });
});
