/**
 * Filter semantics over one resource (RFC 7644 §3.4.2.2; rfc-checklist.md area 7).
 *
 * - Names match resource keys case-insensitively (RFC 7643 §2.1); extension
 *   attributes live under their schema URN key (RFC 7643 §3.3).
 * - A multi-valued attribute matches when ANY value matches; a complex one
 *   without a sub-attribute (`emails co "x"`) compares its `value` sub-attribute.
 * - `ne` is "no value is equal", so it matches an absent attribute; `eq null` is
 *   "no value" and `ne null` "some value" (RFC 7643 §2.5: null = unassigned).
 *   The RFC leaves both open (checklist note 18); these are the readings we chose.
 * - `pr`: some value that is not null, "", [] or an object without present values.
 * - Attributes outside the schema: by default compared by their JSON type,
 *   strings case-insensitively (RFC 7643 §2.2 defaults), so an absent one simply
 *   does not match (P-3.4.2.2-31); `unknownAttributes: 'reject'` answers invalidFilter.
 * - Combinations that can never be evaluated (`active gt true`, `name eq "x"`)
 *   throw invalidFilter; `checkFilter` finds them without a resource.
 */
import type { AttrPath, CompareOp, Filter, Literal, TrailingTest } from './ast.js';
import { checkComparison, compareOne } from './filter-compare.js';
import { printAttrPath } from './filter-printer.js';
import { ScimError } from '../scim-errors.js';
import type { AttributeResolver, ResolvedAttribute, ScimResource } from '../schema/types.js';

export interface MatchOptions {
  /** Attributes the resolver does not know: compare what the resource holds (default) or reject. */
  unknownAttributes?: 'lenient' | 'reject';
}

interface Ctx {
  resolver: AttributeResolver;
  resourceType: string;
  reject: boolean;
}

/** Where a path is read: at the resource's top level, or inside one element of `parent`. */
type Scope = { kind: 'top' } | { kind: 'element'; parent: ResolvedAttribute | undefined; parentName: string };

/** A path's definition and how to read its values from a resource or element. */
interface Located {
  resolved: ResolvedAttribute | undefined;
  text: string;
  read(holder: Record<string, unknown>): unknown;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A member by case-insensitive key (RFC 7643 §2.1), preferring the exact spelling. */
function getCI(holder: unknown, key: string): unknown {
  if (!isObject(holder)) return undefined;
  if (Object.hasOwn(holder, key)) return holder[key];
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(holder)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** `sub` of a complex value, or of each element of a multi-valued one. */
function subOf(value: unknown, sub: string): unknown {
  return Array.isArray(value) ? value.map((el) => getCI(el, sub)) : getCI(value, sub);
}

/** The values to test: arrays flattened (multi-valued), null and absent dropped. */
function flatten(value: unknown): unknown[] {
  const list = Array.isArray(value) ? value.flat() : [value];
  return list.filter((v) => v !== undefined && v !== null);
}

/** RFC 7644 §3.4.2.2 `pr`: a non-empty value, or a complex value with a non-empty sub-value. */
function isPresent(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.some(isPresent);
  if (isObject(value)) return Object.values(value).some(isPresent);
  return true;
}

/** Container of a top-level path outside the schema: the URN's object, or the resource for its core URN. */
function lenientContainer(resource: Json, uri: string | undefined): unknown {
  if (uri === undefined) return resource;
  const byUrn = getCI(resource, uri);
  if (byUrn !== undefined) return byUrn;
  const schemas = resource['schemas'];
  const lower = uri.toLowerCase();
  const isCore = Array.isArray(schemas) && typeof schemas[0] === 'string' && schemas[0].toLowerCase() === lower;
  return isCore ? resource : undefined;
}

function locate(ctx: Ctx, scope: Scope, path: AttrPath): Located {
  const text = scope.kind === 'top' ? printAttrPath(path) : `${scope.parentName}.${path.name}`;
  if (scope.kind === 'element') {
    const resolved = scope.parent ? ctx.resolver.resolveSub(scope.parent, path.name) : undefined;
    if (!resolved && ctx.reject) throw new ScimError('invalidFilter', `unknown attribute '${text}'`);
    const key = resolved?.def.name ?? path.name;
    return { resolved, text, read: (element) => getCI(element, key) };
  }
  const resolved = ctx.resolver.resolve(ctx.resourceType, path);
  if (resolved) {
    return {
      resolved,
      text,
      read(resource) {
        const container = resolved.extension ? getCI(resource, resolved.schema) : resource;
        if (resolved.extensionRoot) return container;
        if (resolved.parent) return subOf(getCI(container, resolved.parent.name), resolved.def.name);
        return getCI(container, resolved.def.name);
      },
    };
  }
  if (ctx.reject) throw new ScimError('invalidFilter', `unknown attribute '${text}' for ${ctx.resourceType}`);
  return {
    resolved: undefined,
    text,
    read(resource) {
      const top = getCI(lenientContainer(resource, path.uri), path.name);
      return path.sub === undefined ? top : subOf(top, path.sub);
    },
  };
}

/** The definition a comparison is judged by; complex attributes compare their `value` (RFC 7644 §3.4.2.2 examples). */
function comparisonTarget(ctx: Ctx, located: Located): { resolved: ResolvedAttribute | undefined; viaValue: boolean } {
  const { resolved } = located;
  if (!resolved || resolved.def.type !== 'complex' || resolved.extensionRoot) return { resolved, viaValue: false };
  const value = ctx.resolver.resolveSub(resolved, 'value');
  return value ? { resolved: value, viaValue: true } : { resolved, viaValue: false };
}

/** The static checks of a comparison; returns how to judge it. */
function prepareCompare(ctx: Ctx, located: Located, op: CompareOp, literal: Literal) {
  const target = comparisonTarget(ctx, located);
  checkComparison(target.resolved?.def, op, literal, located.text);
  return target;
}

function testValues(ctx: Ctx, located: Located, test: TrailingTest, raw: unknown): boolean {
  if (test.op === 'pr') return flatten(raw).some(isPresent);
  const { resolved, viaValue } = prepareCompare(ctx, located, test.op, test.value);
  const values = flatten(viaValue ? subOf(raw, 'value') : raw);
  const def = resolved?.def;
  if (test.value.kind === 'null') {
    const none = values.length === 0;
    return test.op === 'eq' ? none : !none;
  }
  if (test.op === 'ne') return !values.some((v) => compareOne(def, 'eq', test.value, v));
  const { op, value } = test;
  return values.some((v) => compareOne(def, op, value, v));
}

function evaluate(ctx: Ctx, scope: Scope, filter: Filter, holder: Json): boolean {
  switch (filter.kind) {
    case 'and':
      return evaluate(ctx, scope, filter.left, holder) && evaluate(ctx, scope, filter.right, holder);
    case 'or':
      return evaluate(ctx, scope, filter.left, holder) || evaluate(ctx, scope, filter.right, holder);
    case 'not':
      return !evaluate(ctx, scope, filter.filter, holder);
    case 'present': {
      const located = locate(ctx, scope, filter.path);
      return testValues(ctx, located, { op: 'pr' }, located.read(holder));
    }
    case 'compare': {
      const located = locate(ctx, scope, filter.path);
      return testValues(ctx, located, { op: filter.op, value: filter.value }, located.read(holder));
    }
    case 'valuePath':
      return evaluateValuePath(ctx, filter, holder);
  }
}

/**
 * RFC 7644 §3.4.2.2 valuePath: some element satisfies the inner filter, and,
 * with a trailing `.sub test`, that same element's sub-attribute passes it.
 */
function evaluateValuePath(ctx: Ctx, filter: Extract<Filter, { kind: 'valuePath' }>, resource: Json): boolean {
  const { located, scope, subLocated } = prepareValuePath(ctx, filter);
  const elements = flatten(located.read(resource)).filter(isObject);
  return elements.some((element) => {
    if (!evaluate(ctx, scope, filter.filter, element)) return false;
    if (subLocated === undefined || filter.test === undefined) return true;
    return testValues(ctx, subLocated, filter.test, subLocated.read(element));
  });
}

function prepareValuePath(ctx: Ctx, filter: Extract<Filter, { kind: 'valuePath' }>) {
  const located = locate(ctx, { kind: 'top' }, filter.path);
  const def = located.resolved?.def;
  if (def !== undefined && (def.type !== 'complex' || located.resolved?.extensionRoot)) {
    throw new ScimError('invalidFilter', `'${located.text}' is not a complex attribute; a value filter cannot select its elements`);
  }
  const scope: Scope = { kind: 'element', parent: located.resolved, parentName: located.text };
  const subLocated = filter.sub === undefined ? undefined : locate(ctx, scope, { name: filter.sub });
  return { located, scope, subLocated };
}

function makeCtx(resolver: AttributeResolver, resourceType: string, options: MatchOptions | undefined): Ctx {
  return { resolver, resourceType, reject: options?.unknownAttributes === 'reject' };
}

/**
 * Whether `resource` satisfies `filter`.
 * @throws ScimError `invalidFilter` for a comparison that can never be evaluated
 *   (RFC 7644 §3.4.2.2, e.g. `active gt true`), or an unknown attribute under `unknownAttributes: 'reject'`.
 * @example matchesFilter(defaultRegistry, 'User', parseFilter('userName eq "bjensen"'), user)
 */
export function matchesFilter(
  resolver: AttributeResolver,
  resourceType: string,
  filter: Filter,
  resource: ScimResource,
  options?: MatchOptions,
): boolean {
  return evaluate(makeCtx(resolver, resourceType, options), { kind: 'top' }, filter, resource);
}

/**
 * Whether one element of a multi-valued complex attribute satisfies a value
 * filter (the `[…]` of a PATCH path); paths in `filter` are its sub-attributes.
 */
export function matchesElement(
  resolver: AttributeResolver,
  resourceType: string,
  attr: AttrPath,
  filter: Filter,
  element: unknown,
  options?: MatchOptions,
): boolean {
  if (!isObject(element)) return false;
  const ctx = makeCtx(resolver, resourceType, options);
  const located = locate(ctx, { kind: 'top' }, attr);
  return evaluate(ctx, { kind: 'element', parent: located.resolved, parentName: located.text }, filter, element);
}

function check(ctx: Ctx, scope: Scope, filter: Filter): void {
  switch (filter.kind) {
    case 'and':
    case 'or':
      check(ctx, scope, filter.left);
      check(ctx, scope, filter.right);
      return;
    case 'not':
      check(ctx, scope, filter.filter);
      return;
    case 'present':
      locate(ctx, scope, filter.path);
      return;
    case 'compare':
      prepareCompare(ctx, locate(ctx, scope, filter.path), filter.op, filter.value);
      return;
    case 'valuePath': {
      const { scope: inner, subLocated } = prepareValuePath(ctx, filter);
      check(ctx, inner, filter.filter);
      if (subLocated !== undefined && filter.test !== undefined && filter.test.op !== 'pr') {
        prepareCompare(ctx, subLocated, filter.test.op, filter.test.value);
      }
    }
  }
}

/**
 * Throws `invalidFilter` if `filter` can never be evaluated for `resourceType`,
 * without needing a resource, so a query over an empty collection still
 * answers 400 where the RFC requires it (P-3.4.2.2-14).
 */
export function checkFilter(
  resolver: AttributeResolver,
  resourceType: string,
  filter: Filter,
  options?: MatchOptions,
): void {
  check(makeCtx(resolver, resourceType, options), { kind: 'top' }, filter);
}
