/**
 * Mutability rules for PATCH (RFC 7643 §2.2, §7; RFC 7644 §3.5.2 P-3.5.2-09/-10,
 * §3.5.2.2 P-3.5.2.2-07). Every violation is `400 mutability`.
 */
import { ScimError } from '../scim-errors.js';
import type { AttributeDef } from '../schema/types.js';
import type { PatchContext } from './patch-context.js';
import { isEmptyValue, jsonEqual } from './json-values.js';
import type { Target } from './patch-target.js';
import { quoteName } from './patch-values.js';

/** readOnly attributes (id, meta, User groups, manager.displayName) are never the target of an operation. */
export function assertWritable(target: Target): void {
  const readOnly = [target.attr.def, target.sub?.def].find((d) => d?.mutability === 'readOnly');
  if (readOnly) {
    throw new ScimError('mutability', `${quoteName(readOnly.name)} is readOnly; the service provider sets it`);
  }
}

/** An immutable attribute may be set while it has no value, and never changed after (RFC 7643 §7). */
export function assertImmutableKept(def: AttributeDef, before: unknown, after: unknown, where: string): void {
  if (def.mutability !== 'immutable' || isEmptyValue(before) || sameValue(def, before, after)) return;
  throw new ScimError('mutability', `${quoteName(where)} is immutable and already has a different value`);
}

/** Equal as the attribute compares values: strings of a caseExact=false attribute ignore case (RFC 7643 §2.2). */
function sameValue(def: AttributeDef, a: unknown, b: unknown): boolean {
  if (!def.caseExact && typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return jsonEqual(a, b);
}

/** Removing or emptying a required attribute fails (RFC 7644 §3.5.2.2, P-3.5.2.2-07). */
export function assertRemovable(def: AttributeDef, before: unknown, where: string): void {
  if (def.required) {
    throw new ScimError('mutability', `${quoteName(def.name)} is required and cannot be removed`);
  }
  assertImmutableKept(def, before, undefined, where);
}

/** For a replaced element: its immutable sub-attributes that hold a value must keep it. */
export function assertElementImmutables(
  subDefs: readonly AttributeDef[] | undefined,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  where: string,
): void {
  for (const def of subDefs ?? []) {
    if (def.mutability !== 'immutable') continue;
    const key = def.name.toLowerCase();
    const pick = (o: Record<string, unknown>): unknown =>
      Object.entries(o).find(([k]) => k.toLowerCase() === key)?.[1];
    assertImmutableKept(def, pick(before), pick(after), `${where}.${def.name}`);
  }
}

/** An extension the resource type marks required (RFC 7643 §6 schemaExtensions.required) cannot be removed. */
export function assertExtensionRemovable(ctx: PatchContext, schema: string, where: string): void {
  const required = ctx.registry
    .resourceType(ctx.resourceType)
    ?.schemaExtensions.some((e) => e.required && e.schema.toLowerCase() === schema.toLowerCase());
  if (required) throw new ScimError('mutability', `the extension ${quoteName(where)} is required and cannot be removed`);
}
