/** The PatchOp envelope (RFC 7644 §3.5.2, checklist area 13). */
import { describe, expect, it } from 'vitest';
import { applyPatch } from '../../../../src/core/patch/patch-engine.js';
import { PATCH_OP_SCHEMA, parsePatchRequest } from '../../../../src/core/patch/patch-request.js';
import { defaultRegistry } from '../../../../src/core/schema/schema-registry.js';
import { STRICT, expectScimError, patchUser, user } from './fixtures.js';

const apply = (b: unknown) => applyPatch(defaultRegistry, 'User', user(), b);

describe('envelope', () => {
  it('accepts a well-formed request and reports its operations in order', () => {
    const ops = parsePatchRequest({
      schemas: [PATCH_OP_SCHEMA],
      Operations: [
        { op: 'add', path: 'title', value: 'A' },
        { op: 'remove', path: 'nickName' },
        { op: 'replace', value: { title: 'B' } },
      ],
    });
    expect(ops).toEqual([
      { op: 'add', path: 'title', hasValue: true, value: 'A' },
      { op: 'remove', path: 'nickName', hasValue: false },
      { op: 'replace', hasValue: true, value: { title: 'B' } },
    ]);
  });

  it.each([
    ['a non-object body', 'not json object'],
    ['null', null],
    ['an array', [{ op: 'add' }]],
  ])('refuses %s with invalidSyntax', (_label, b) => {
    expectScimError(() => apply(b), 'invalidSyntax');
  });

  it.each([
    ['missing', { Operations: [{ op: 'add', path: 'title', value: 'x' }] }],
    ['the resource schema', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], Operations: [] }],
    ['two URNs', { schemas: [PATCH_OP_SCHEMA, PATCH_OP_SCHEMA], Operations: [] }],
    ['a string', { schemas: PATCH_OP_SCHEMA, Operations: [] }],
  ])('refuses schemas %s with invalidSyntax (P-3.5.2-03)', (_label, b) => {
    expectScimError(() => apply(b), 'invalidSyntax');
  });

  it('compares the PatchOp URN case-insensitively', () => {
    const out = apply({ schemas: [PATCH_OP_SCHEMA.toUpperCase()], Operations: [{ op: 'add', path: 'title', value: 'T' }] });
    expect(out['title']).toBe('T');
  });

  it.each([
    ['missing', {}],
    ['empty', { Operations: [] }],
    ['an object', { Operations: { op: 'add', path: 'title', value: 'x' } }],
  ])('refuses Operations %s with invalidSyntax (P-3.5.2-04)', (_label, extra) => {
    expectScimError(() => apply({ schemas: [PATCH_OP_SCHEMA], ...extra }), 'invalidSyntax');
  });

  it.each(['move', 'copy', 'test', 'delete', ''])('refuses op %j (P-3.5.2-02, P-3.5.2-05)', (op) => {
    const err = expectScimError(() => patchUser(user(), [{ op, path: 'title', value: 'x' }]), 'invalidSyntax');
    expect(err.detail).toContain('Operations[0]');
  });

  it('refuses an operation that is not an object, or has no op', () => {
    expectScimError(() => patchUser(user(), ['add']), 'invalidSyntax');
    expectScimError(() => patchUser(user(), [{ path: 'title', value: 'x' }]), 'invalidSyntax');
    expectScimError(() => patchUser(user(), [{ op: 7, path: 'title', value: 'x' }]), 'invalidSyntax');
  });

  it('refuses a path that is not a string with invalidPath', () => {
    expectScimError(() => patchUser(user(), [{ op: 'add', path: ['title'], value: 'x' }]), 'invalidPath');
  });

  it('needs a path for remove: noTarget (P-3.5.2.2-01)', () => {
    expectScimError(() => patchUser(user(), [{ op: 'remove' }]), 'noTarget');
    expectScimError(() => patchUser(user(), [{ op: 'remove', value: { title: 'x' } }]), 'noTarget');
  });

  it('needs a value for add and replace: invalidValue (P-3.5.2.1-01)', () => {
    expectScimError(() => patchUser(user(), [{ op: 'add', path: 'title' }]), 'invalidValue');
    expectScimError(() => patchUser(user(), [{ op: 'replace', path: 'title' }]), 'invalidValue');
  });

  it('names the failing operation in the detail', () => {
    const err = expectScimError(
      () =>
        patchUser(user(), [
          { op: 'add', path: 'title', value: 'ok' },
          { op: 'replace', path: 'active', value: 'notbool' },
        ]),
      'invalidValue',
    );
    expect(err.detail).toMatch(/^Operations\[1\] \(replace active\)/);
  });
});

describe("tolerance 'op-case'", () => {
  it.each(['Add', 'REPLACE', 'Remove'])('accepts %s by default', (op) => {
    const out = patchUser(user(), [{ op, path: 'title', ...(op === 'Remove' ? {} : { value: 'T' }) }]);
    expect(out['title']).toBe(op === 'Remove' ? undefined : 'T');
  });

  it.each(['Add', 'REPLACE', 'Remove'])('refuses %s in strict mode with invalidSyntax', (op) => {
    const err = expectScimError(
      () => patchUser(user(), [{ op, path: 'title', value: 'T' }], STRICT),
      'invalidSyntax',
    );
    expect(err.detail).toContain('lower case');
  });
});
