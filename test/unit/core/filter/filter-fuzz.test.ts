import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { printFilter, printPath } from '../../../../src/core/filter/filter-printer.js';
import { parseFilter, tryParseFilter } from '../../../../src/core/filter/filter-parser.js';
import { parsePath, tryParseAttrPath, tryParsePath } from '../../../../src/core/filter/path-parser.js';
import { ScimError } from '../../../../src/core/scim-errors.js';
import { filter } from './arbitraries.js';

/** Token soup close enough to the grammar to reach deep into the parser. */
const soup = fc
  .array(
    fc.constantFrom(
      'userName', 'emails', 'type', 'value', 'name.givenName', 'urn:ietf:params:scim:schemas:core:2.0:User:userName',
      'eq', 'EQ', 'co', 'gt', 'pr', 'and', 'OR', 'not', '(', ')', '[', ']', '.', '"x"', '"a\\"b"', '1', '-2.5e3',
      'true', 'null', '"', '\\', "'", '=', ' ', '\t', '01', '$ref', ':',
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.join(' '));
const glued = fc.array(fc.constantFrom('a', 'eq', '"', '(', ')', '[', ']', '.', ':', '1', ' ', 'pr', '\\u'), { maxLength: 30 }).map((p) => p.join(''));
/** A valid filter with a character inserted (mode 0) or one or two replaced: errors deep inside real filters. */
const mutated = fc
  .tuple(filter.map(printFilter), fc.nat(), fc.constantFrom('', '(', ')', '[', ']', '"', '.', ' ', 'x', '\\'), fc.nat(2))
  .map(([text, at, ch, mode]) => {
    const i = text.length === 0 ? 0 : at % text.length;
    return text.slice(0, i) + ch + text.slice(i + mode);
  });
const anyText = fc.oneof(soup, glued, mutated, fc.string({ unit: 'binary', maxLength: 60 }));

describe('no input crashes the grammar', () => {
  it('tryParseFilter never throws; errors point inside the input', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const result = tryParseFilter(text);
        if (!result.ok) {
          expect(result.error.offset).toBeGreaterThanOrEqual(0);
          expect(result.error.offset).toBeLessThanOrEqual(text.length);
          expect(result.error.message).toContain(`at character ${result.error.offset + 1}`);
        }
      }),
      { numRuns: 2000, seed: 1 },
    );
  });

  it('whatever parses prints to text that parses to the same AST', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const result = tryParseFilter(text);
        if (result.ok) expect(parseFilter(printFilter(result.value))).toEqual(result.value);
      }),
      { numRuns: 2000, seed: 2 },
    );
  });

  it('tryParsePath and tryParseAttrPath never throw', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const path = tryParsePath(text);
        if (path.ok) expect(parsePath(printPath(path.value))).toEqual(path.value);
        tryParseAttrPath(text);
      }),
      { numRuns: 1000, seed: 3 },
    );
  });

  it('answers a non-string filter (untyped JSON) with invalidFilter', () => {
    expect(tryParseFilter(5 as unknown as string)).toMatchObject({ ok: false, error: { offset: 0 } });
    expect(() => parseFilter(null as unknown as string)).toThrow(ScimError);
    expect(tryParsePath({} as unknown as string).ok).toBe(false);
  });
});
