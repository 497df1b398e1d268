/**
 * Recognises filters a store can answer from an equality index: `attr eq value`,
 * or an `and` one of whose sides is such a test (RFC 7644 §3.4.2.2 `and` needs
 * both sides, so candidates from one side are a superset of the matches).
 * The store must still run `matchesFilter` on each candidate, and must fold
 * case in its index as the attribute's caseExact says.
 */
import type { AttrPath, Filter, Literal } from './ast.js';

export interface EqualityHint {
  path: AttrPath;
  value: Literal;
}

/**
 * The first `attr eq value` test that every match must pass, or undefined.
 * `eq null` is no hint: it matches resources that have no value to index.
 * @example equalityLookup(parseFilter('userName eq "bjensen"')) // { path: { name: 'userName' }, value: … }
 */
export function equalityLookup(filter: Filter): EqualityHint | undefined {
  switch (filter.kind) {
    case 'compare':
      return filter.op === 'eq' && filter.value.kind !== 'null' ? { path: filter.path, value: filter.value } : undefined;
    case 'and':
      return equalityLookup(filter.left) ?? equalityLookup(filter.right);
    default:
      return undefined;
  }
}
