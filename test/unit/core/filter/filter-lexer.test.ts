import { describe, expect, it } from 'vitest';
import { lexFilter } from '../../../../src/core/filter/filter-lexer.js';
import { FilterSyntaxError } from '../../../../src/core/filter/syntax-error.js';

const shape = (text: string) => lexFilter(text).map((t) => [t.kind, t.value, t.start, t.end]);

describe('lexFilter', () => {
  it('produces tokens with 0-based offsets, ending in eof', () => {
    expect(shape('userName eq "bjensen"')).toEqual([
      ['word', 'userName', 0, 8],
      ['word', 'eq', 9, 11],
      ['string', 'bjensen', 12, 21],
      ['eof', '', 21, 21],
    ]);
  });

  it('keeps a URN-qualified path with its dots and colons as one word', () => {
    const urn = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value';
    expect(shape(`${urn} pr`)).toEqual([
      ['word', urn, 0, urn.length],
      ['word', 'pr', urn.length + 1, urn.length + 3],
      ['eof', '', urn.length + 3, urn.length + 3],
    ]);
  });

  it('lexes brackets, parentheses and the dot after a value filter', () => {
    expect(lexFilter('not(emails[type eq "w"].value pr)').map((t) => t.kind)).toEqual([
      'word', 'lparen', 'word', 'lbracket', 'word', 'word', 'string', 'rbracket', 'dot', 'word', 'word', 'rparen', 'eof',
    ]);
  });

  it('keeps a number raw and rejects what JSON rejects', () => {
    expect(shape('-12.5e+3')).toEqual([
      ['number', '-12.5e+3', 0, 8],
      ['eof', '', 8, 8],
    ]);
    expect(() => lexFilter('00')).toThrow(FilterSyntaxError);
  });

  it('decodes every JSON escape and keeps the source text', () => {
    const [token] = lexFilter('"\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041"');
    expect(token?.value).toBe('"\\/\b\f\n\r\tA');
    expect(token?.text).toBe('"\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041"');
  });

  it('reports the offset of an unexpected character', () => {
    try {
      lexFilter('a eq "x" ; b');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(FilterSyntaxError);
      expect((err as FilterSyntaxError).info.offset).toBe(9);
    }
  });
});
