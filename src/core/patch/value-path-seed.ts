/**
 * Tolerance 'value-path-add-builds-element' (entra.md §2.4; erratum 8097, held):
 * an `add` to `emails[type eq "work"].value` when no work email exists creates
 * `{type: "work", value}`. The filter's `eq` tests become the new element's
 * sub-attributes, so the next `add` to `emails[type eq "work"].primary` finds
 * and completes that same element.
 */
import type { Filter } from '../filter/ast.js';
import type { ResolvedAttribute } from '../schema/types.js';
import { put, type JsonObject } from './json-values.js';
import type { PatchContext } from './patch-context.js';
import { coerceSimple } from './patch-values.js';

/** The element the filter describes, or undefined when the filter is not a conjunction of `eq` tests. */
export function seedFromFilter(
  ctx: PatchContext,
  attr: ResolvedAttribute,
  filter: Filter,
  matches: (element: unknown) => boolean,
): JsonObject | undefined {
  const seed: JsonObject = {};
  const collect = (f: Filter): boolean => {
    if (f.kind === 'and') return collect(f.left) && collect(f.right);
    if (f.kind !== 'compare' || f.op !== 'eq' || f.value.kind === 'null') return false;
    if (f.path.uri !== undefined || f.path.sub !== undefined) return false;
    const sub = ctx.registry.resolveSub(attr, f.path.name);
    if (!sub || sub.def.multiValued || sub.def.mutability === 'readOnly') return false;
    let value: unknown;
    try {
      value = coerceSimple(ctx, sub.def, f.value.value, sub.def.name);
    } catch {
      return false;
    }
    put(seed, sub.def.name, value);
    return true;
  };
  // `type eq "a" and type eq "b"` collects a seed that the filter itself rejects.
  return collect(filter) && matches(seed) ? seed : undefined;
}
