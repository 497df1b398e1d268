/**
 * PATCH of a Group's members without the PATCH engine, for the requests Okta
 * and Entra send all day (okta.md §7.2, entra.md §3; shapes in
 * core/patch/member-ops.ts). The engine renders the whole group, copies it,
 * applies the operations and re-validates every member: on a 10k-member group
 * that cost about 70 ms a request. Here the operations run on the list of
 * member ids, and the final schema check (RFC 7644 §3.5.2: a PATCH never leaves
 * an invalid resource) judges the group's other attributes; the members it
 * would judge are `{value}` strings and rendered references, checked below.
 *
 * The result is what `applyPatch` would return, up to the parts `toStored`
 * drops (`$ref`, `type`, `display` of members; `id`, `meta`). Anything this
 * path does not recognise, and any request the engine might refuse, gives
 * `undefined`, and the caller runs the engine, which produces the answer.
 * test/unit/server/member-patch.test.ts checks both paths agree on random requests.
 */
import { isScimError } from '../core/scim-errors.js';
import type { ScimResource } from '../core/schema/types.js';
import { applyMemberPatch, checkPatched, isUriReference, memberPatchOps } from './core-ops.js';
import { locationOf, renderResource } from './render.js';
import type { RequestScope, ServerContext } from './server-context.js';
import { membersOf, type StoredResource } from './store.js';

/** The patched group as the engine would return it, or undefined for the engine to decide. */
export function patchMembers(
  ctx: ServerContext,
  scope: RequestScope,
  record: StoredResource,
  body: unknown,
): ScimResource | undefined {
  if (!ctx.memberFastPath || record.resourceType !== 'Group' || !renderedRefsValid(scope)) return undefined;
  const ops = memberPatchOps(ctx, body);
  if (!ops) return undefined;
  const ids = applyMemberPatch(ctx, 'Group', membersOf(record.data).map((m) => m.value), ops);
  if (!ids) return undefined;
  // The group without its members, rendered as the engine's copy would be.
  const others = renderResource(ctx.store, scope, { ...record, data: { ...record.data, members: [] } });
  let checked: ScimResource;
  try {
    checked = checkPatched(ctx, 'Group', others, others);
  } catch (err) {
    if (isScimError(err)) return undefined;
    throw err;
  }
  ctx.store.stats.memberPatches++;
  // An empty multi-valued attribute is unassigned (RFC 7643 §2.4), as the engine leaves it.
  return ids.length === 0 ? checked : { ...checked, members: ids.map((value) => ({ value })) };
}

/**
 * The engine's check also judges each current member as rendered: `value`,
 * `type` and `display` are strings, and `$ref` is `locationOf` a User or Group.
 * encodeURIComponent leaves only characters a URI reference allows, and no `:`
 * or `/`, so every such `$ref` is valid exactly when one with any id is. An
 * unusual Host header can make it invalid; then the engine answers.
 */
function renderedRefsValid(scope: RequestScope): boolean {
  return isUriReference(locationOf(scope, 'User', 'x')) && isUriReference(locationOf(scope, 'Group', 'x'));
}
