import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AttrPath, CompareOp, Filter, Literal, PatchPath, TrailingTest } from '../../../../src/core/filter/ast.js';
import { parseFilter } from '../../../../src/core/filter/filter-parser.js';
import { printFilter, printPath } from '../../../../src/core/filter/filter-printer.js';
import { parsePath } from '../../../../src/core/filter/path-parser.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const UNLIMITED = { maxLength: 1_000_000 };

// `and`, `or` and `not` are reserved in practice: the grammar reads them as logical operators.
const RESERVED = new Set(['and', 'or', 'not']);
const name = fc
  .oneof(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,8}$/), fc.constantFrom('$ref', 'userName', 'value', 'type'))
  .filter((n) => !RESERVED.has(n.toLowerCase()));
const uri = fc.constantFrom(CORE_USER, ENTERPRISE, GROUP);

const attrPath: fc.Arbitrary<AttrPath> = fc.oneof(
  fc.record({ uri, name, sub: name }, { requiredKeys: ['name'] }),
  fc.constantFrom<AttrPath>({ name: ENTERPRISE, schemaRoot: true }, { name: GROUP, schemaRoot: true }),
);
const plainPath: fc.Arbitrary<AttrPath> = fc.record({ uri, name }, { requiredKeys: ['name'] });

const numberRaw = fc.oneof(
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
  fc.constantFrom('1e3', '2.50E-2', '-0.0', '6e+1'),
);
const literal: fc.Arbitrary<Literal> = fc.oneof(
  fc.string({ unit: 'binary' }).map((value) => ({ kind: 'string', value }) as const),
  numberRaw.map((raw) => ({ kind: 'number', value: Number(raw), raw }) as const),
  fc.boolean().map((value) => ({ kind: 'boolean', value }) as const),
  fc.constant({ kind: 'null' } as const),
);
const compareOp = fc.constantFrom<CompareOp>('eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le');
const test: fc.Arbitrary<TrailingTest> = fc.oneof(
  fc.record({ op: compareOp, value: literal }),
  fc.constant({ op: 'pr' } as const),
);

/** Filters whose attribute paths are `pathArb`; value paths only at the top level. */
function filters(pathArb: fc.Arbitrary<AttrPath>, withValuePaths: boolean): fc.Arbitrary<Filter> {
  const inner = withValuePaths ? filters(name.map((n) => ({ name: n })), false) : undefined;
  return fc.letrec<{ filter: Filter }>((tie) => {
    const leaves: fc.Arbitrary<Filter>[] = [
      fc.record({ kind: fc.constant('compare' as const), path: pathArb, op: compareOp, value: literal }),
      fc.record({ kind: fc.constant('present' as const), path: pathArb }),
    ];
    if (inner) {
      leaves.push(
        fc
          .tuple(plainPath, inner, fc.option(fc.tuple(name, test), { nil: undefined }))
          .map(([path, filter, tail]): Filter =>
            tail === undefined
              ? { kind: 'valuePath', path, filter }
              : { kind: 'valuePath', path, filter, sub: tail[0], test: tail[1] },
          ),
      );
    }
    return {
      filter: fc.oneof(
        { depthSize: 'small', maxDepth: 5 },
        ...leaves,
        fc.record({ kind: fc.constant('and' as const), left: tie('filter'), right: tie('filter') }),
        fc.record({ kind: fc.constant('or' as const), left: tie('filter'), right: tie('filter') }),
        fc.record({ kind: fc.constant('not' as const), filter: tie('filter') }),
      ),
    };
  }).filter;
}

const filter = filters(attrPath, true);

const patchPath: fc.Arbitrary<PatchPath> = fc.oneof(
  attrPath.map((attr) => ({ attr })),
  fc
    .tuple(plainPath, filters(name.map((n) => ({ name: n })), false), fc.option(name, { nil: undefined }))
    .map(([attr, f, sub]): PatchPath => (sub === undefined ? { attr, filter: f } : { attr, filter: f, sub })),
);

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
