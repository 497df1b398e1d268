import { describe, expect, it } from 'vitest';
import { parseFilter, tryParseFilter } from '../../../../src/core/filter/filter-parser.js';
import { ScimError } from '../../../../src/core/scim-errors.js';

/** [filter, 0-based offset of the error, fragment of the message]. */
const MALFORMED: [string, number, string][] = [
  // P-3.4.2.2-05/06: empty, truncated, operator without attribute
  ['', 0, 'the filter is empty'],
  ['   ', 3, 'the filter is empty'],
  ['userName', 8, "expected an operator after 'userName'"],
  ['userName eq', 11, "expected a comparison value after 'eq' at character 12"],
  ['userName ne', 11, "expected a comparison value after 'ne'"],
  ['eq "x"', 0, "expected an attribute path before 'eq'"],
  ['(((', 3, "expected an attribute path, '(' or 'not'"],
  ['userName eq "x" and', 19, 'expected an attribute path'],
  ['title pr or', 11, 'expected an attribute path'],
  ['userName eq "x" and or title pr', 20, "found 'or'"],
  ['title or pr', 6, "expected an operator after 'title', found 'or'"],
  // P-3.4.2.2-26: unknown operators, other query languages
  ['userName regex "u.*"', 9, "unknown operator 'regex'"],
  ['userName = "x"', 9, "unexpected character '='"],
  ['userName eq "x" && title pr', 16, "SCIM joins with 'and'"],
  ['userName eq "x" | title pr', 16, "SCIM joins with 'or'"],
  ['!(title pr)', 0, "SCIM uses 'ne' or 'not (…)'"],
  // P-3.4.2.2-21: comparison values are JSON literals
  ['userName eq u1', 12, 'strings must be double-quoted'],
  ["userName eq 'x'", 12, 'strings must be in double quotes'],
  ['userName eq "x', 12, 'unterminated string'],
  ['userName eq "a\\x"', 14, "invalid escape '\\x'"],
  ['userName eq "\\u12"', 13, 'expected four hex digits'],
  ['userName eq "a\tb"', 14, 'control character in string'],
  ['userName eq [', 12, "expected a comparison value after 'eq', found '['"],
  ['x eq 01', 5, 'must not start with 0'],
  ['x eq -', 6, "expected a digit after '-'"],
  ['x eq 1.', 7, "expected a digit after '.'"],
  ['x eq 1e', 7, 'expected a digit in the exponent'],
  ['x eq 12abc', 7, "unexpected 'a' after the number '12'"],
  ['x eq 1e999', 5, 'out of range'],
  // grouping
  ['(userName eq "x"', 16, "the '(' at character 1 is not closed"],
  ['userName eq "x")', 15, "expected 'and', 'or' or the end of the filter, found ')'"],
  ['a pr )', 5, "found ')'"],
  ['title pr and ()', 14, "found ')'"],
  ['title pr pr', 9, "found 'pr'"],
  ['userName eq "x" "y"', 16, 'found \'"y"\''],
  ['userName eq true false', 17, "found 'false'"],
  ['userName eq "x" not (title pr)', 16, "found 'not'"],
  ['userName eq "x"extra', 15, "found 'extra'"],
  // not needs parentheses (ABNF: "not" "(" valFilter ")")
  ['not userName eq "x"', 4, "expected '(' after 'not'"],
  ['not', 3, "expected '(' after 'not'"],
  ['title pr and not title pr', 17, "expected '(' after 'not'"],
  // value paths
  ['emails[type eq "work"] eq "x"', 23, 'a value filter cannot be compared'],
  ['emails[type eq "work"] pr', 23, "'pr' cannot follow a value filter"],
  ['emails[]', 7, "expected a filter inside 'emails[…]'"],
  ['emails[0].value eq "x"', 7, 'SCIM has no array indices'],
  ['emails[type eq "work" and emails[primary eq true]]', 32, 'value filters cannot be nested'],
  ['emails[type eq "work"', 21, 'the value filter opened at character 7 is not closed'],
  ['emails[type eq "work").value eq "x"', 21, "found ')'"],
  ['emails[type eq "x"]]', 19, "found ']'"],
  ['emails[type eq "work"].value', 28, "expected an operator after 'emails[…].value'"],
  ['emails[type eq "work"].value.x eq "y"', 23, "'value.x' is not a sub-attribute name"],
  ['emails[type eq "work"] .value eq "x"', 22, "unexpected space before '.'"],
  ['emails[type eq "work"]. value eq "x"', 23, "expected a sub-attribute name after '.'"],
  ['name.givenName[x eq "y"] pr', 14, "a value filter cannot follow 'name.givenName'"],
  ['emails[urn:x:type eq "w"]', 7, "'urn:x:type' is not a sub-attribute name of 'emails'"],
  ['emails[a.b eq "w"]', 7, "'a.b' is not a sub-attribute name"],
  // attribute names (RFC 7643 §2.1 ATTRNAME)
  ['a.b.c eq "x"', 3, 'at most one sub-attribute level'],
  ['name. eq "x"', 5, "expected a sub-attribute name after '.'"],
  ['2fa eq "x"', 1, "unexpected 'f' after the number '2'"],
  ['$foo eq "x"', 0, "'$foo' is not an attribute name"],
  ['urn:x: eq "y"', 6, 'expected an attribute name'],
  ['first_-x.1b eq "y"', 9, "'1b' is not an attribute name"],
];

describe('malformed filters are rejected with the error position (P-3.4.2.2-05, -06, -21, -26)', () => {
  it('has at least 40 cases', () => {
    expect(MALFORMED.length).toBeGreaterThanOrEqual(40);
  });

  it.each(MALFORMED)('%j fails at offset %i: %s', (text, offset, fragment) => {
    const result = tryParseFilter(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.offset).toBe(offset);
    expect(result.error.message).toContain(fragment);
    expect(result.error.message).toContain(`at character ${offset + 1}`);
  });

  it.each(MALFORMED)('parseFilter(%j) throws ScimError invalidFilter, never another error', (text) => {
    expect(() => parseFilter(text)).toThrow(ScimError);
    try {
      parseFilter(text);
    } catch (err) {
      expect((err as ScimError).scimType).toBe('invalidFilter');
    }
  });

  it('rejects injection probes (P-7.7-01) as invalid filters', () => {
    for (const text of ['userName eq "x" or 1=1', 'userName eq "x"; DROP TABLE users', "userName eq \"x\" or ''=''"]) {
      expect(tryParseFilter(text).ok, text).toBe(false);
    }
  });

  it('quotes a huge offending token in shortened form', () => {
    const result = tryParseFilter(`userName eq ${'u'.repeat(500)}`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message.length).toBeLessThan(250);
  });
});
