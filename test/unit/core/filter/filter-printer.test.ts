import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Filter } from '../../../../src/core/filter/ast.js';
import { parseFilter } from '../../../../src/core/filter/filter-parser.js';
import { printFilter, printPath } from '../../../../src/core/filter/filter-printer.js';
import { parsePath } from '../../../../src/core/filter/path-parser.js';
import { ENTERPRISE, UNLIMITED, filter, patchPath } from './arbitraries.js';

describe('printFilter', () => {
  it('prints canonical text: lower-case operators, JSON strings, raw numbers', () => {
    const f = parseFilter('USERNAME Eq "a\\"b\\u00e9" AnD age GE 1.50E2 oR active eq TRUE');
    expect(printFilter(f)).toBe('USERNAME eq "a\\"bé" and age ge 1.50E2 or active eq true');
  });

  it('keeps parentheses only where precedence needs them', () => {
    expect(printFilter(parseFilter('(a pr and b pr) or c pr'))).toBe('a pr and b pr or c pr');
    expect(printFilter(parseFilter('(a pr or b pr) and c pr'))).toBe('(a pr or b pr) and c pr');
    expect(printFilter(parseFilter('a pr or (b pr or c pr)'))).toBe('a pr or (b pr or c pr)');
    expect(printFilter(parseFilter('(a pr or b pr) or c pr'))).toBe('a pr or b pr or c pr');
    expect(printFilter(parseFilter('a pr and (b pr and c pr)'))).toBe('a pr and (b pr and c pr)');
    expect(printFilter(parseFilter('not ((a pr))'))).toBe('not (a pr)');
  });

  it('prints value paths, trailing tests and URNs', () => {
    const text = `emails[type eq "work" and not (value ew "@x.io")].value eq "a" or ${ENTERPRISE}:manager.value pr or ${ENTERPRISE} pr`;
    expect(printFilter(parseFilter(text))).toBe(text);
    expect(printFilter(parseFilter('emails[type eq "work"].primary pr'))).toBe('emails[type eq "work"].primary pr');
  });

  it('escapes control characters, quotes and backslashes as JSON', () => {
    const f: Filter = { kind: 'compare', path: { name: 'x' }, op: 'eq', value: { kind: 'string', value: 'a\n"\\\u0001' } };
    expect(printFilter(f)).toBe('x eq "a\\n\\"\\\\\\u0001"');
    expect(parseFilter(printFilter(f))).toEqual(f);
  });

  it('round-trips generated filters: parseFilter(printFilter(ast)) equals ast', () => {
    fc.assert(
      fc.property(filter, (ast) => {
        expect(parseFilter(printFilter(ast), UNLIMITED)).toEqual(ast);
      }),
      { numRuns: 500, seed: 20261129 },
    );
  });

  it('is a fixed point: printing a parsed canonical text gives the same text', () => {
    fc.assert(
      fc.property(filter, (ast) => {
        const text = printFilter(ast);
        expect(printFilter(parseFilter(text, UNLIMITED))).toBe(text);
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});

describe('printPath', () => {
  it('prints each PATH form', () => {
    for (const text of [
      'members',
      'name.givenName',
      'members[value eq "2819c223"]',
      'emails[type eq "work"].value',
      `${ENTERPRISE}:manager.value`,
      ENTERPRISE,
    ]) {
      expect(printPath(parsePath(text))).toBe(text);
    }
  });

  it('round-trips generated paths: parsePath(printPath(p)) equals p', () => {
    fc.assert(
      fc.property(patchPath, (p) => {
        expect(parsePath(printPath(p), UNLIMITED)).toEqual(p);
      }),
      { numRuns: 500, seed: 42 },
    );
  });
});
