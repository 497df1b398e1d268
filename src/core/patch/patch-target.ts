/**
 * Where a PATCH path points (RFC 7644 §3.5.2 PATH = attrPath / valuePath [subAttr]):
 * the attribute from the schema registry, the value filter and the sub-attribute.
 */
import type { AttrPath, Filter, PatchPath } from '../filter/ast.js';
import { matchesElement } from '../filter/filter-evaluator.js';
import { parsePath } from '../filter/path-parser.js';
import { ScimError } from '../scim-errors.js';
import type { ResolvedAttribute } from '../schema/types.js';
import type { PatchContext } from './patch-context.js';
import { quoteName } from './patch-values.js';

export interface Target {
  /** The top-level attribute, or an extension's root when the path is the bare URN. */
  attr: ResolvedAttribute;
  /** The value filter of `emails[type eq "work"]`, relative to each element. */
  filter?: Filter;
  /** The attribute part of a filtered path, as the filter evaluator reads it. */
  path?: AttrPath;
  /** The sub-attribute of `name.givenName` or `emails[…].value`. */
  sub?: ResolvedAttribute;
  /** The path as written, for error details. */
  text: string;
}

/** Parses and resolves a path; throws `invalidPath` (or `invalidFilter` for a bad filter inside it). */
export function resolveTarget(ctx: PatchContext, text: string): Target {
  return targetFromPath(ctx, parsePath(text), text);
}

export function targetFromPath(ctx: PatchContext, path: PatchPath, text: string): Target {
  const { uri, name } = path.attr;
  let attr = ctx.registry.resolve(ctx.resourceType, uri === undefined ? { name } : { uri, name });
  if (!attr) {
    throw new ScimError('invalidPath', `${quoteName(text)} names no attribute of ${ctx.resourceType}`);
  }
  if (path.attr.sub !== undefined && path.sub !== undefined) {
    throw new ScimError('invalidPath', `${quoteName(text)} has two sub-attributes`);
  }
  let subName = path.attr.sub ?? path.sub;
  // `urn:…:enterprise:2.0:User.department` style: the "sub" of an extension root is its attribute.
  if (attr.extensionRoot && subName !== undefined && path.filter === undefined) {
    attr = ctx.registry.resolveSub(attr, subName);
    subName = undefined;
    if (!attr) throw new ScimError('invalidPath', `${quoteName(text)} names no attribute of the extension`);
  }
  const target: Target = { attr, text };
  if (path.filter !== undefined) {
    // A value filter selects elements of a complex attribute (RFC 7644 §3.5.2 valuePath).
    if (attr.def.type !== 'complex' || attr.extensionRoot) {
      throw new ScimError('invalidPath', `${quoteName(text)}: a value filter needs a complex attribute`);
    }
    target.filter = path.filter;
    target.path = path.attr;
  }
  if (subName !== undefined) {
    const sub = attr.def.type === 'complex' ? ctx.registry.resolveSub(attr, subName) : undefined;
    if (!sub) throw new ScimError('invalidPath', `${quoteName(text)}: no sub-attribute ${quoteName(subName)}`);
    target.sub = sub;
  }
  return target;
}

/**
 * The test a value filter applies to each element (RFC 7644 §3.5.2 valuePath).
 * Paths inside the filter are relative to the element: `type` in
 * `emails[type eq "work"]` is `emails.type`. An attribute the schema does not
 * know is `invalidFilter` (RFC 7644 §3.12 Table 9, P-3.5.2-08), not a silent miss.
 */
export function elementMatcher(ctx: PatchContext, target: Target): (element: unknown) => boolean {
  const { filter, path } = target;
  if (filter === undefined || path === undefined) return () => true;
  return (element) =>
    matchesElement(ctx.registry, ctx.resourceType, path, filter, element, { unknownAttributes: 'reject' });
}
