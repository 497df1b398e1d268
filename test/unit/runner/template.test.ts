import { describe, expect, it } from 'vitest';
import { renderString, renderValue, UndefinedVariableError } from '../../../src/runner/template.js';
import { deepEqual, getPointer, partialMismatch } from '../../../src/runner/json-match.js';

describe('templates', () => {
  const vars = { run: 'r1', n: 3, flag: false, groups: [{ id: 'g1', displayName: 'Eng' }], ids: { 'U-A': '9f', 'a.b': 'dotted' } };

  it('interpolates, keeps the type of a whole-string template, and applies filters', () => {
    expect(renderString('user-{{run}}', vars)).toBe('user-r1');
    expect(renderString('{{n}}', vars)).toBe(3);
    expect(renderString('{{ flag }}', vars)).toBe(false);
    expect(renderString('{{groups.0.displayName}}/{{ids.U-A}}', vars)).toBe('Eng/9f');
    expect(renderString('{{ids.a.b}}', vars)).toBe('dotted');
    expect(renderString('{{run | upper}}', vars)).toBe('R1');
    expect(renderString('{{groups.0.displayName | urlencode}} x', vars)).toBe('Eng x');
    expect(renderValue({ '{{run}}': ['{{n}}'] }, vars)).toEqual({ r1: [3] });
  });

  it('names an unknown variable', () => {
    expect(() => renderString('{{missing}}', vars)).toThrow(UndefinedVariableError);
    expect(() => renderString('{{groups.3.id}}', vars)).toThrow('unknown template variable `groups.3.id`');
  });
});

describe('JSON helpers', () => {
  it('RFC 6901 pointers', () => {
    const doc = { 'a/b': { '~c': [1, { d: null }] } };
    expect(getPointer(doc, '/a~1b/~0c/1/d')).toEqual({ found: true, value: null });
    expect(getPointer(doc, '/a~1b/~0c/2')).toEqual({ found: false });
    expect(getPointer(doc, '')).toEqual({ found: true, value: doc });
  });

  it('partial match: objects need the expected keys, arrays match elements in any order', () => {
    const actual = { members: [{ value: 'b', display: 'B' }, { value: 'a' }], active: true };
    expect(partialMismatch({ members: [{ value: 'a' }, { value: 'b' }] }, actual)).toBeUndefined();
    expect(partialMismatch({ members: [{ value: 'a' }, { value: 'a' }] }, actual)).toBe('/members/1');
    expect(partialMismatch({ active: false }, actual)).toBe('/active');
    expect(partialMismatch({ missing: 1 }, actual)).toBe('/missing');
    expect(deepEqual({ a: [1, 2] }, { a: [1, 2] })).toBe(true);
    expect(deepEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
  });
});
