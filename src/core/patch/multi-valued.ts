/**
 * Multi-valued attribute rules: when two values are "the same" (RFC 7644
 * §3.5.2.1: adding a value already present changes nothing) and the single
 * `primary` (RFC 7643 §2.4: `primary: true` appears at most once).
 */
import { ScimError } from '../scim-errors.js';
import type { ResolvedAttribute } from '../schema/types.js';
import { getAttr, isObject, jsonEqual, put } from './json-values.js';
import type { PatchContext } from './patch-context.js';
import { quoteName } from './patch-values.js';

function equalScalar(a: unknown, b: unknown, caseExact: boolean): boolean {
  if (!caseExact && typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return jsonEqual(a, b);
}

function subCaseExact(ctx: PatchContext, attr: ResolvedAttribute, name: string): boolean {
  return ctx.registry.resolveSub(attr, name)?.def.caseExact ?? true;
}

/**
 * Two elements are the same value when their `value`s match (and their `type`s,
 * where both have one): a member re-added with another `display` is not a new member.
 * Elements without `value` (addresses) must be equal as a whole.
 */
export function sameElement(ctx: PatchContext, attr: ResolvedAttribute, a: unknown, b: unknown): boolean {
  if (!isObject(a) || !isObject(b)) return equalScalar(a, b, attr.def.caseExact);
  const va = getAttr(a, 'value');
  const vb = getAttr(b, 'value');
  if (va === undefined || vb === undefined) return jsonEqual(a, b);
  if (!equalScalar(va, vb, subCaseExact(ctx, attr, 'value'))) return false;
  const ta = getAttr(a, 'type');
  const tb = getAttr(b, 'type');
  return ta === undefined || tb === undefined || equalScalar(ta, tb, subCaseExact(ctx, attr, 'type'));
}

/** RFC 7644 §3.5.2.1 (P-3.5.2.1-08): appends the items not already present. */
export function appendDistinct(ctx: PatchContext, attr: ResolvedAttribute, list: unknown[], items: unknown[]): unknown[] {
  const out = [...list];
  for (const item of items) {
    if (!out.some((existing) => sameElement(ctx, attr, existing, item))) out.push(item);
  }
  return out;
}

/**
 * True when `element` has every sub-attribute `probe` gives, with equal values.
 * An empty probe matches nothing, so it can never select every element.
 */
export function matchesProbe(ctx: PatchContext, attr: ResolvedAttribute, element: unknown, probe: unknown): boolean {
  if (!isObject(probe)) return sameElement(ctx, attr, element, probe);
  const entries = Object.entries(probe);
  if (!isObject(element) || entries.length === 0) return false;
  return entries.every(([k, v]) => equalScalar(getAttr(element, k), v, subCaseExact(ctx, attr, k)));
}

/**
 * RFC 7643 §2.4 (P-3.5.2-16): when an operation sets `primary: true` on `chosen`,
 * every other element loses it. Two chosen elements at once are `invalidValue`.
 */
export function enforcePrimary(list: readonly unknown[], chosen: readonly unknown[], where: string): void {
  const winners = chosen.filter((e) => isObject(e) && getAttr(e, 'primary') === true && list.includes(e));
  if (winners.length > 1) {
    throw new ScimError('invalidValue', `${quoteName(where)}: \`primary\` may be true on one value only`);
  }
  const [winner] = winners;
  if (winner === undefined) return;
  for (const e of list) {
    if (e !== winner && isObject(e) && getAttr(e, 'primary') === true) put(e, 'primary', false);
  }
}
