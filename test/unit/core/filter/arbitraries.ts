/** fast-check generators for filter and path ASTs, shared by the property tests. */
import fc from 'fast-check';
import type { AttrPath, CompareOp, Filter, Literal, PatchPath, TrailingTest } from '../../../../src/core/filter/ast.js';

export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const UNLIMITED = { maxLength: 1_000_000 };

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

export const filter = filters(attrPath, true);

export const patchPath: fc.Arbitrary<PatchPath> = fc.oneof(
  attrPath.map((attr) => ({ attr })),
  fc
    .tuple(plainPath, filters(name.map((n) => ({ name: n })), false), fc.option(name, { nil: undefined }))
    .map(([attr, f, sub]): PatchPath => (sub === undefined ? { attr, filter: f } : { attr, filter: f, sub })),
);
