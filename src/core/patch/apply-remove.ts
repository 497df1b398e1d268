/**
 * `remove` (RFC 7644 §3.5.2.2) at a resolved target.
 */
import type { ResolvedAttribute } from '../schema/types.js';
import { tolerates } from '../tolerances.js';
import { getAttr, isEmptyValue, isObject, removeAttr, type JsonObject } from './json-values.js';
import { matchesProbe } from './multi-valued.js';
import { assertExtensionRemovable, assertRemovable, assertWritable } from './mutability.js';
import type { PatchContext } from './patch-context.js';
import type { PatchOperation } from './patch-request.js';
import { elementMatcher, type Target } from './patch-target.js';
import { coerceElement } from './patch-values.js';
import { clearValue, currentValue, removeExtension, setValue } from './resource-access.js';

/** Applies one remove at `target`; mutates `res` (the engine's private copy). */
export function removeTarget(ctx: PatchContext, res: JsonObject, target: Target, op: PatchOperation): void {
  const { attr, sub, text } = target;
  // RFC 7644 §3.5.2.2 (P-3.5.2.2-07): readOnly attributes cannot be removed.
  assertWritable(target);
  if (attr.extensionRoot) {
    assertExtensionRemovable(ctx, attr.schema, text);
    removeExtension(res, attr.schema);
    return;
  }
  const current = currentValue(res, attr);
  if (target.filter !== undefined) {
    removeFiltered(ctx, res, target, current);
    return;
  }
  if (sub) {
    // RFC 7644 §3.5.2.2 (P-3.5.2.2-06): `name.middleName`, or that sub-attribute of every element.
    const elements = attr.def.multiValued ? (Array.isArray(current) ? current : []) : [current];
    for (const element of elements) if (isObject(element)) removeSub(sub, element, text);
    if (!attr.def.multiValued && isObject(current) && Object.keys(current).length === 0) clearValue(res, attr);
    return;
  }
  // RFC 7644 §3.5.2.2 (P-3.5.2.2-07): required attributes cannot be removed, even when unset.
  assertRemovable(attr.def, current, text);
  // P-3.5.2.2-09: removing an attribute that has no value changes nothing.
  if (isEmptyValue(current)) return;
  const probes = op.hasValue && attr.def.multiValued ? removalProbes(ctx, attr, op.value, text) : undefined;
  if (probes && tolerates(ctx.options, 'member-remove-value-array')) {
    // Tolerance 'member-remove-value-array': Entra's `{op: Remove, path: members, value: [{value: id}]}`
    // removes only the listed values (entra.md §3); the RFC would remove them all.
    const list = Array.isArray(current) ? current : [current];
    const kept = list.filter((e) => !probes.some((p) => matchesProbe(ctx, attr, e, p)));
    if (kept.length === 0) clearValue(res, attr);
    else setValue(res, attr, kept);
    return;
  }
  // RFC 7644 §3.5.2.2 (P-3.5.2.2-02/-03): the attribute, all its values, becomes unassigned.
  clearValue(res, attr);
}

/** `members[value eq "x"]` removes the matching elements; `emails[…].display` that sub-attribute of them. */
function removeFiltered(ctx: PatchContext, res: JsonObject, target: Target, current: unknown): void {
  const { attr, sub, text } = target;
  const matcher = elementMatcher(ctx, target);
  const list: unknown[] = attr.def.multiValued ? (Array.isArray(current) ? current : []) : [current];
  const matched = list.filter(matcher);
  // P-3.5.2.2-08: a filter matching nothing is a successful no-op (the RFC's own group example).
  if (matched.length === 0) return;
  if (sub) {
    for (const element of matched) removeSub(sub, element as JsonObject, text);
    return;
  }
  // RFC 7644 §3.5.2.2 (P-3.5.2.2-04/-05): only matching elements go; none left means unassigned.
  const kept = list.filter((e) => !matched.includes(e));
  if (kept.length === 0 || !attr.def.multiValued) {
    assertRemovable(attr.def, current, text);
    clearValue(res, attr);
  } else {
    setValue(res, attr, kept);
  }
}

function removeSub(sub: ResolvedAttribute, element: JsonObject, where: string): void {
  const before = getAttr(element, sub.def.name);
  if (before === undefined) return;
  assertRemovable(sub.def, before, where);
  removeAttr(element, sub.def.name);
}

/** The values a remove lists, typed like the attribute's elements; undefined when it lists none. */
function removalProbes(ctx: PatchContext, attr: ResolvedAttribute, value: unknown, where: string): unknown[] | undefined {
  if (value === null || value === undefined) return undefined;
  const items = Array.isArray(value) ? value : [value];
  const probes = items
    .filter((item: unknown) => item !== null)
    .map((item: unknown, i) => {
      // A bare id stands for `{value: id}`.
      const shaped = attr.def.type === 'complex' && typeof item === 'string' ? { value: item } : item;
      return coerceElement(ctx, attr, shaped, `${where}[${i}]`);
    });
  return probes.length > 0 ? probes : undefined;
}
