/**
 * `add` (RFC 7644 §3.5.2.1) and `replace` (§3.5.2.3) of a value at a resolved
 * target. They differ only where the RFC makes them differ: `add` appends to a
 * multi-valued attribute and merges into matched elements, `replace` swaps the
 * whole set or the whole matched element.
 */
import type { Filter } from '../filter/ast.js';
import { ScimError } from '../scim-errors.js';
import type { ResolvedAttribute } from '../schema/types.js';
import { tolerates } from '../tolerances.js';
import { cloneJson, findKey, getAttr, isEmptyValue, isObject, put, removeAttr, type JsonObject } from './json-values.js';
import {
  assertElementImmutables,
  assertExtensionRemovable,
  assertImmutableKept,
  assertRemovable,
  assertWritable,
} from './mutability.js';
import { appendDistinct, enforcePrimary } from './multi-valued.js';
import type { PatchContext } from './patch-context.js';
import { elementMatcher, type Target } from './patch-target.js';
import { coerceAttribute, coerceElement, quoteName } from './patch-values.js';
import { clearValue, currentValue, removeExtension, setValue } from './resource-access.js';
import { seedFromFilter } from './value-path-seed.js';

export type WriteMode = 'add' | 'replace';

/** Applies one add/replace at `target`; mutates `res` (the engine's private copy). */
export function writeTarget(ctx: PatchContext, res: JsonObject, target: Target, value: unknown, mode: WriteMode): void {
  assertWritable(target);
  if (target.attr.extensionRoot) writeExtension(ctx, res, target.attr, value, mode, target.text);
  else if (target.filter !== undefined) writeFiltered(ctx, res, target, target.filter, value, mode);
  else if (target.sub !== undefined) writeSubOfAll(ctx, res, target.attr, target.sub, value, target.text);
  else writeWhole(ctx, res, target.attr, value, mode, target.text);
}

/** The attribute itself: `title`, `name`, `emails`, `urn:…:User:department`. */
export function writeWhole(
  ctx: PatchContext,
  res: JsonObject,
  attr: ResolvedAttribute,
  value: unknown,
  mode: WriteMode,
  where: string,
): void {
  const def = attr.def;
  const coerced = coerceAttribute(ctx, attr, value, where);
  const current = currentValue(res, attr);
  if (isEmptyValue(coerced)) {
    // Adding no values adds nothing; an empty complex value supplies no sub-attributes to change.
    if ((mode === 'add' && def.multiValued) || isObject(coerced)) return;
    // RFC 7643 §2.5, P-3.5.2.3-09: replacing with null or [] unassigns.
    if (isEmptyValue(current)) return;
    assertRemovable(def, current, where);
    clearValue(res, attr);
    return;
  }
  let next: unknown = coerced;
  if (def.multiValued) {
    const items = coerced as unknown[];
    // §3.5.2.1: add appends (P-3.5.2.1-05); §3.5.2.3: replace swaps the whole set (P-3.5.2.3-03).
    const list = mode === 'add' ? appendDistinct(ctx, attr, Array.isArray(current) ? current : [], items) : items;
    enforcePrimary(list, items, where);
    next = list;
  } else if (def.type === 'complex') {
    // §3.5.2.1 (P-3.5.2.1-04) and §3.5.2.3 (P-3.5.2.3-05): given sub-attributes are set, the others stay.
    next = mergeElement(ctx, attr, isObject(current) ? current : {}, coerced as JsonObject, where);
  }
  assertImmutableKept(def, current, next, where);
  setValue(res, attr, next);
}

/** A bare extension URN as the target: its value is an object of the extension's attributes. */
function writeExtension(
  ctx: PatchContext,
  res: JsonObject,
  root: ResolvedAttribute,
  value: unknown,
  mode: WriteMode,
  where: string,
): void {
  if (value === null && mode === 'replace') {
    assertExtensionRemovable(ctx, root.schema, where);
    removeExtension(res, root.schema);
    return;
  }
  if (!isObject(value)) {
    throw new ScimError('invalidValue', `${quoteName(where)} needs an object of the extension's attributes`);
  }
  for (const [key, v] of Object.entries(value)) {
    const attr = ctx.registry.resolveSub(root, key);
    if (!attr) throw new ScimError('invalidValue', `${quoteName(key)} is not an attribute of ${quoteName(root.schema)}`);
    const text = `${root.schema}:${attr.def.name}`;
    assertWritable({ attr, text });
    writeWhole(ctx, res, attr, v, mode, text);
  }
}

/** `name.givenName`, or `emails.display` on every element of a multi-valued attribute. */
function writeSubOfAll(
  ctx: PatchContext,
  res: JsonObject,
  attr: ResolvedAttribute,
  sub: ResolvedAttribute,
  value: unknown,
  where: string,
): void {
  const current = currentValue(res, attr);
  if (!attr.def.multiValued) {
    // RFC 7644 §3.5.2.1 (P-3.5.2.1-07): an absent parent is created to hold the sub-attribute.
    const element = isObject(current) ? current : {};
    setSub(ctx, sub, element, value, where);
    if (Object.keys(element).length === 0) clearValue(res, attr);
    else setValue(res, attr, element);
    return;
  }
  const elements = Array.isArray(current) ? current.filter(isObject) : [];
  if (elements.length === 0) throw new ScimError('noTarget', `${quoteName(attr.def.name)} has no values to set ${quoteName(sub.def.name)} on`);
  for (const element of elements) setSub(ctx, sub, element, value, where);
  if (sub.def.name === 'primary') enforcePrimary(elements, elements, where);
}

/** A value path: `emails[type eq "work"]`, `emails[type eq "work"].value`, `manager[value eq "x"]`. */
function writeFiltered(
  ctx: PatchContext,
  res: JsonObject,
  target: Target,
  filter: Filter,
  value: unknown,
  mode: WriteMode,
): void {
  const { attr, sub, text } = target;
  const matcher = elementMatcher(ctx, target);
  const current = currentValue(res, attr);
  const list: unknown[] = attr.def.multiValued ? (Array.isArray(current) ? current : []) : [current];
  const matched = list.filter(matcher) as JsonObject[];
  if (matched.length === 0) {
    // Tolerance 'value-path-add-builds-element' (E-8097-01 records either outcome).
    const seed =
      mode === 'add' && attr.def.multiValued && tolerates(ctx.options, 'value-path-add-builds-element')
        ? seedFromFilter(ctx, attr, filter, matcher)
        : undefined;
    // RFC 7644 §3.5.2.3 (P-3.5.2.3-08): a value path that matches nothing is `noTarget`.
    if (!seed) throw new ScimError('noTarget', noMatchDetail(ctx, mode));
    let element = seed;
    if (sub) setSub(ctx, sub, element, value, text);
    else element = mergeElement(ctx, attr, seed, coerceElement(ctx, attr, value, text) as JsonObject, text);
    const next = [...list, element];
    enforcePrimary(next, [element], text);
    setValue(res, attr, next);
    return;
  }
  const replaced = new Map<JsonObject, JsonObject>();
  for (const element of matched) {
    if (sub) {
      // RFC 7644 §3.5.2.3 (P-3.5.2.3-07): that sub-attribute of every matching element.
      setSub(ctx, sub, element, value, text);
    } else if (mode === 'add') {
      replaced.set(element, mergeElement(ctx, attr, element, coerceElement(ctx, attr, value, text) as JsonObject, text));
    } else {
      // RFC 7644 §3.5.2.3 (P-3.5.2.3-06): every matching element is replaced.
      const next = coerceElement(ctx, attr, value, text) as JsonObject;
      assertElementImmutables(attr.def.subAttributes, element, next, text);
      replaced.set(element, next);
    }
  }
  const next = list.map((e) => (isObject(e) ? (replaced.get(e) ?? e) : e));
  const touched = matched.map((e) => replaced.get(e) ?? e);
  if (attr.def.multiValued) {
    // Only an operation that writes `primary` moves it; others leave stored flags as they are.
    const setsPrimary = sub ? sub.def.name === 'primary' : isObject(value) && findKey(value, 'primary') !== undefined;
    if (setsPrimary) enforcePrimary(next, touched, text);
    setValue(res, attr, next);
  } else {
    const [single] = touched;
    if (single === undefined || Object.keys(single).length === 0) clearValue(res, attr);
    else setValue(res, attr, single);
  }
}

/** Sets one sub-attribute on an element; null unassigns it. */
function setSub(ctx: PatchContext, sub: ResolvedAttribute, element: JsonObject, value: unknown, where: string): void {
  const coerced = coerceAttribute(ctx, sub, value, where);
  const before = getAttr(element, sub.def.name);
  if (isEmptyValue(coerced)) {
    if (before === undefined) return;
    assertRemovable(sub.def, before, where);
    removeAttr(element, sub.def.name);
    return;
  }
  assertImmutableKept(sub.def, before, coerced, where);
  put(element, sub.def.name, cloneJson(coerced));
}

/** `base` with `patch`'s sub-attributes laid over it; immutable ones that hold a value must not change. */
function mergeElement(
  ctx: PatchContext,
  attr: ResolvedAttribute,
  base: JsonObject,
  patch: JsonObject,
  where: string,
): JsonObject {
  const out = cloneJson(base);
  for (const [key, v] of Object.entries(patch)) {
    const sub = ctx.registry.resolveSub(attr, key);
    if (sub) assertImmutableKept(sub.def, getAttr(base, key), v, `${where}.${key}`);
    put(out, key, cloneJson(v));
  }
  return out;
}

function noMatchDetail(ctx: PatchContext, mode: WriteMode): string {
  const hint =
    mode === 'add' && !tolerates(ctx.options, 'value-path-add-builds-element')
      ? " (tolerance 'value-path-add-builds-element' is off in strict mode)"
      : '';
  return `the value filter matched no value${hint}`;
}
