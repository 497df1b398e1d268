/**
 * Canonical text for filter and path ASTs: lower-case operators, single spaces,
 * JSON-escaped strings, numbers as written (`raw`), and parentheses exactly
 * where precedence (`not` > `and` > `or`, left-associative) needs them, so the
 * text parses back to an equal AST.
 */
import type { AttrPath, Filter, Literal, PatchPath, TrailingTest } from './ast.js';

/** `[uri:]name[.sub]`, or the URN alone for a schema root. */
export function printAttrPath(path: AttrPath): string {
  const name = path.sub === undefined ? path.name : `${path.name}.${path.sub}`;
  return path.uri === undefined ? name : `${path.uri}:${name}`;
}

/** A comparison value as JSON (RFC 7644 §3.4.2.2 compValue). */
export function printLiteral(literal: Literal): string {
  switch (literal.kind) {
    case 'string':
      return JSON.stringify(literal.value);
    case 'number':
      return literal.raw;
    case 'boolean':
      return literal.value ? 'true' : 'false';
    case 'null':
      return 'null';
  }
}

function printTest(test: TrailingTest): string {
  return test.op === 'pr' ? 'pr' : `${test.op} ${printLiteral(test.value)}`;
}

const PRECEDENCE = { or: 1, and: 2 } as const;

function precedence(filter: Filter): number {
  return filter.kind === 'or' || filter.kind === 'and' ? PRECEDENCE[filter.kind] : 3;
}

/**
 * The canonical text of a filter.
 * @example printFilter(parseFilter('USERNAME Eq "a"')) // 'USERNAME eq "a"'
 */
export function printFilter(filter: Filter): string {
  switch (filter.kind) {
    case 'compare':
      return `${printAttrPath(filter.path)} ${filter.op} ${printLiteral(filter.value)}`;
    case 'present':
      return `${printAttrPath(filter.path)} pr`;
    case 'not':
      return `not (${printFilter(filter.filter)})`;
    case 'valuePath': {
      const base = `${printAttrPath(filter.path)}[${printFilter(filter.filter)}]`;
      if (filter.sub === undefined || filter.test === undefined) return base;
      return `${base}.${filter.sub} ${printTest(filter.test)}`;
    }
    case 'and':
    case 'or': {
      const own = PRECEDENCE[filter.kind];
      // Left-associative: a left operand of equal precedence needs no parentheses, a right one does.
      const left = precedence(filter.left) < own ? `(${printFilter(filter.left)})` : printFilter(filter.left);
      const right = precedence(filter.right) <= own ? `(${printFilter(filter.right)})` : printFilter(filter.right);
      return `${left} ${filter.kind} ${right}`;
    }
  }
}

/**
 * The canonical text of a PATCH path.
 * @example printPath({ attr: { name: 'members' }, filter }) // 'members[value eq "2819c223"]'
 */
export function printPath(path: PatchPath): string {
  const attr = printAttrPath(path.attr);
  if (path.filter === undefined) return attr;
  const base = `${attr}[${printFilter(path.filter)}]`;
  return path.sub === undefined ? base : `${base}.${path.sub}`;
}
