import { describe, expect, it } from 'vitest';
import type { CompareOp, Filter } from '../../../../src/core/filter/ast.js';
import { parseFilter, tryParseFilter } from '../../../../src/core/filter/filter-parser.js';
import { ScimError } from '../../../../src/core/scim-errors.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

const str = (value: string) => ({ kind: 'string', value }) as const;
const cmp = (name: string, op: CompareOp, value: string): Filter => ({
  kind: 'compare',
  path: { name },
  op,
  value: str(value),
});
const pr = (name: string): Filter => ({ kind: 'present', path: { name } });

describe('parseFilter: attribute operators', () => {
  it.each(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'] as const)('parses %s', (op) => {
    expect(parseFilter(`userName ${op} "bjensen"`)).toEqual(cmp('userName', op, 'bjensen'));
  });

  it('parses pr without a value', () => {
    expect(parseFilter('title pr')).toEqual(pr('title'));
  });

  it.each(['EQ', 'Eq', 'eQ'])('reads the operator %s case-insensitively and stores it lower-case', (op) => {
    expect(parseFilter(`userName ${op} "x"`)).toEqual(cmp('userName', 'eq', 'x'));
  });

  it('keeps attribute names as written (consumers compare them case-insensitively)', () => {
    expect(parseFilter('USERNAME eq "x"')).toEqual(cmp('USERNAME', 'eq', 'x'));
  });

  it('reads PR, AND, OR, NOT in any case', () => {
    expect(parseFilter('NOT (title PR) AND a Pr OR b pR')).toEqual({
      kind: 'or',
      left: { kind: 'and', left: { kind: 'not', filter: pr('title') }, right: pr('a') },
      right: pr('b'),
    });
  });
});

describe('parseFilter: literals', () => {
  it.each([
    ['true', { kind: 'boolean', value: true }],
    ['false', { kind: 'boolean', value: false }],
    ['TRUE', { kind: 'boolean', value: true }],
    ['False', { kind: 'boolean', value: false }],
    ['null', { kind: 'null' }],
    ['NULL', { kind: 'null' }],
    ['0', { kind: 'number', value: 0, raw: '0' }],
    ['42', { kind: 'number', value: 42, raw: '42' }],
    ['-7', { kind: 'number', value: -7, raw: '-7' }],
    ['3.25', { kind: 'number', value: 3.25, raw: '3.25' }],
    ['-0.5', { kind: 'number', value: -0.5, raw: '-0.5' }],
    ['1e3', { kind: 'number', value: 1000, raw: '1e3' }],
    ['2.5E-2', { kind: 'number', value: 0.025, raw: '2.5E-2' }],
    ['6e+1', { kind: 'number', value: 60, raw: '6e+1' }],
    ['"2011-05-13T04:42:34Z"', { kind: 'string', value: '2011-05-13T04:42:34Z' }],
    ['""', { kind: 'string', value: '' }],
  ])('reads %s', (text, literal) => {
    expect(parseFilter(`x eq ${text}`)).toEqual({ kind: 'compare', path: { name: 'x' }, op: 'eq', value: literal });
  });

  it.each([
    ['"a\\"b"', 'a"b'],
    ['"back\\\\slash"', 'back\\slash'],
    ['"a\\/b"', 'a/b'],
    ['"\\b\\f\\n\\r\\t"', '\b\f\n\r\t'],
    ['"\\u00e9t\\u00C9"', 'étÉ'],
    ['"\\ud83d\\ude00"', '😀'],
    ['"O\'Malley"', "O'Malley"],
    ['"with space and ] ) ( [ and or"', 'with space and ] ) ( [ and or'],
    ['"José"', 'José'],
  ])('decodes the JSON string %s', (text, value) => {
    expect(parseFilter(`displayName eq ${text}`)).toEqual(cmp('displayName', 'eq', value));
  });
});

describe('parseFilter: precedence and grouping (RFC 7644 §3.4.2.2, erratum 4670)', () => {
  it('binds and tighter than or: a or b and c = a or (b and c)', () => {
    expect(parseFilter('a pr or b pr and c pr')).toEqual({
      kind: 'or',
      left: pr('a'),
      right: { kind: 'and', left: pr('b'), right: pr('c') },
    });
  });

  it('binds and tighter than or on the left too: a and b or c = (a and b) or c', () => {
    expect(parseFilter('a pr and b pr or c pr')).toEqual({
      kind: 'or',
      left: { kind: 'and', left: pr('a'), right: pr('b') },
      right: pr('c'),
    });
  });

  it('is left-associative', () => {
    expect(parseFilter('a pr or b pr or c pr')).toEqual({
      kind: 'or',
      left: { kind: 'or', left: pr('a'), right: pr('b') },
      right: pr('c'),
    });
    expect(parseFilter('a pr and b pr and c pr')).toEqual({
      kind: 'and',
      left: { kind: 'and', left: pr('a'), right: pr('b') },
      right: pr('c'),
    });
  });

  it('lets parentheses override precedence', () => {
    expect(parseFilter('(a pr or b pr) and c pr')).toEqual({
      kind: 'and',
      left: { kind: 'or', left: pr('a'), right: pr('b') },
      right: pr('c'),
    });
  });

  it('binds not to its parenthesised filter only', () => {
    expect(parseFilter('not (a pr) and b pr')).toEqual({
      kind: 'and',
      left: { kind: 'not', filter: pr('a') },
      right: pr('b'),
    });
  });

  it('accepts not( without a space (erratum 7319)', () => {
    expect(parseFilter('not(userName eq "u1")')).toEqual(parseFilter('not (userName eq "u1")'));
  });

  it('drops redundant parentheses', () => {
    expect(parseFilter('((((title pr))))')).toEqual(pr('title'));
  });

  it('parses the checklist precedence trap as or(eq, and(pr, eq))', () => {
    const f = parseFilter('userName eq "u2" or title pr and userType eq "Z"');
    expect(f).toEqual({
      kind: 'or',
      left: cmp('userName', 'eq', 'u2'),
      right: { kind: 'and', left: pr('title'), right: cmp('userType', 'eq', 'Z') },
    });
  });

  it('parses the RFC 7644 §3.4.2.2 example filters', () => {
    const examples = [
      'name.familyName co "O\'Malley"',
      'userName sw "J"',
      'urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"',
      'title pr',
      'meta.lastModified gt "2011-05-13T04:42:34Z"',
      'meta.lastModified ge "2011-05-13T04:42:34Z"',
      'meta.lastModified lt "2011-05-13T04:42:34Z"',
      'meta.lastModified le "2011-05-13T04:42:34Z"',
      'title pr and userType eq "Employee"',
      'title pr or userType eq "Intern"',
      'schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"',
      'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
      'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
      'userType eq "Employee" and (emails.type eq "work")',
      'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
      'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
    ];
    for (const text of examples) expect(tryParseFilter(text).ok, text).toBe(true);
  });
});

describe('parseFilter: attribute paths', () => {
  it('parses sub-attributes', () => {
    expect(parseFilter('name.givenName eq "Barbara"')).toEqual({
      kind: 'compare',
      path: { name: 'name', sub: 'givenName' },
      op: 'eq',
      value: str('Barbara'),
    });
  });

  it('splits a core URN at its last colon', () => {
    expect(parseFilter(`${CORE_USER}:userName sw "u"`)).toEqual({
      kind: 'compare',
      path: { uri: CORE_USER, name: 'userName' },
      op: 'sw',
      value: str('u'),
    });
  });

  it('keeps the dot in "2.0" inside the URN and splits the sub-attribute after the name', () => {
    expect(parseFilter(`${ENTERPRISE}:manager.value eq "26118915"`)).toEqual({
      kind: 'compare',
      path: { uri: ENTERPRISE, name: 'manager', sub: 'value' },
      op: 'eq',
      value: str('26118915'),
    });
    expect(parseFilter(`${CORE_USER}:name.familyName co "Jen"`)).toMatchObject({
      path: { uri: CORE_USER, name: 'name', sub: 'familyName' },
    });
  });

  it('parses URN-qualified extension attributes', () => {
    expect(parseFilter(`${ENTERPRISE}:employeeNumber eq "701984"`)).toMatchObject({
      path: { uri: ENTERPRISE, name: 'employeeNumber' },
    });
  });

  it('reads a bare schema URN as the whole extension (schemaRoot)', () => {
    expect(parseFilter(`${ENTERPRISE} pr`)).toEqual({ kind: 'present', path: { name: ENTERPRISE, schemaRoot: true } });
  });

  it('accepts URNs in any case', () => {
    expect(parseFilter('URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:USERNAME eq "x"')).toMatchObject({
      path: { uri: 'URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER', name: 'USERNAME' },
    });
  });

  it('accepts names with digits, "-" and "_" and $ref (erratum 8924)', () => {
    expect(parseFilter('x509Certificates.value pr')).toEqual({
      kind: 'present',
      path: { name: 'x509Certificates', sub: 'value' },
    });
    expect(parseFilter('a-b_c pr')).toEqual(pr('a-b_c'));
    expect(parseFilter('members[$ref eq "https://x/Users/1"]')).toEqual({
      kind: 'valuePath',
      path: { name: 'members' },
      filter: cmp('$ref', 'eq', 'https://x/Users/1'),
    });
    expect(parseFilter('members.$ref pr')).toEqual({ kind: 'present', path: { name: 'members', sub: '$ref' } });
  });

  it('tolerates extra whitespace (tabs, newlines, several spaces)', () => {
    expect(parseFilter('  userName \t eq\n"x"  ')).toEqual(cmp('userName', 'eq', 'x'));
  });
});

describe('parseFilter: value paths', () => {
  it('parses and/or inside brackets, with inner paths relative to the element', () => {
    expect(parseFilter('emails[type eq "work" and (value ew "@x.io" or value ew "@y.io")]')).toEqual({
      kind: 'valuePath',
      path: { name: 'emails' },
      filter: {
        kind: 'and',
        left: cmp('type', 'eq', 'work'),
        right: { kind: 'or', left: cmp('value', 'ew', '@x.io'), right: cmp('value', 'ew', '@y.io') },
      },
    });
  });

  it('parses not inside brackets', () => {
    expect(parseFilter('emails[not (type eq "work")]')).toEqual({
      kind: 'valuePath',
      path: { name: 'emails' },
      filter: { kind: 'not', filter: cmp('type', 'eq', 'work') },
    });
  });

  it('parses a sub-attribute test after a value path (Entra)', () => {
    expect(parseFilter('emails[type eq "work"].value eq "user@contoso.com"')).toEqual({
      kind: 'valuePath',
      path: { name: 'emails' },
      filter: cmp('type', 'eq', 'work'),
      sub: 'value',
      test: { op: 'eq', value: str('user@contoso.com') },
    });
    expect(parseFilter('emails[type eq "work"].value pr')).toEqual({
      kind: 'valuePath',
      path: { name: 'emails' },
      filter: cmp('type', 'eq', 'work'),
      sub: 'value',
      test: { op: 'pr' },
    });
  });

  it('combines value paths with other expressions', () => {
    expect(parseFilter('members[value eq "a"] or members[value eq "b"] and displayName pr')).toMatchObject({
      kind: 'or',
      right: { kind: 'and', left: { kind: 'valuePath' }, right: { kind: 'present' } },
    });
  });

  it('parses a value path on a URN-qualified attribute', () => {
    expect(parseFilter(`${ENTERPRISE}:manager[value eq "x"]`)).toMatchObject({
      kind: 'valuePath',
      path: { uri: ENTERPRISE, name: 'manager' },
    });
  });
});

describe('parseFilter: limits', () => {
  it('accepts 64 levels of nesting and rejects 65 without overflowing the stack', () => {
    const nested = (n: number) => `${'('.repeat(n)}a pr${')'.repeat(n)}`;
    expect(parseFilter(nested(64))).toEqual(pr('a'));
    const r = tryParseFilter(nested(65));
    expect(r).toMatchObject({ ok: false, error: { offset: 64 } });
    expect(r.ok || r.error.message).toContain('deeper than 64 levels');
  });

  it('rejects deep not chains the same way', () => {
    const r = tryParseFilter(`${'not ('.repeat(100)}a pr${')'.repeat(100)}`);
    expect(r.ok).toBe(false);
  });

  it('survives 100000 open parentheses with a clear error', () => {
    const r = tryParseFilter('('.repeat(100_000), { maxLength: 200_000 });
    expect(r).toMatchObject({ ok: false, error: { offset: 64 } });
  });

  it('rejects input longer than maxLength', () => {
    const long = `userName eq "${'x'.repeat(9000)}"`;
    const r = tryParseFilter(long);
    expect(r).toMatchObject({ ok: false, error: { offset: 8192 } });
    expect(tryParseFilter(long, { maxLength: 10_000 }).ok).toBe(true);
  });

  it('parses a long flat or-chain iteratively', () => {
    const text = Array.from({ length: 500 }, (_, i) => `userName eq "u${i}"`).join(' or ');
    expect(parseFilter(text, { maxLength: 20_000 }).kind).toBe('or');
  });
});

describe('parseFilter: errors', () => {
  it('throws ScimError invalidFilter with the position in the detail', () => {
    let error: unknown;
    try {
      parseFilter('userName eq');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ScimError);
    const e = error as ScimError;
    expect(e.key).toBe('invalidFilter');
    expect(e.status).toBe(400);
    expect(e.scimType).toBe('invalidFilter');
    expect(e.detail).toBe("expected a comparison value after 'eq' at character 12");
  });

  it('tryParseFilter returns the error info instead of throwing', () => {
    expect(tryParseFilter('userName eq')).toEqual({
      ok: false,
      error: {
        message: "expected a comparison value after 'eq' at character 12",
        offset: 11,
        expected: 'comparison value',
      },
    });
  });
});
