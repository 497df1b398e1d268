/**
 * Group PATCHes that cost what they change, without running the PATCH engine
 * over the whole group: the member adds and removes Okta and Entra send all day
 * (okta.md §7.2, entra.md §3; shapes in core/patch/member-ops.ts), alone or with
 * operations that leave `members` alone, such as Okta's path-less
 * `replace {id, displayName}` after every membership change (okta.md §10.2).
 *
 * The engine renders the group, copies it, applies the operations and
 * re-validates every member: on a 10k-member group that cost tens of ms a
 * request. Here the other operations run through the engine on the group
 * rendered without members, whose final schema check (RFC 7644 §3.5.2: a PATCH
 * never leaves an invalid resource) judges every other attribute, and the
 * member operations become a delta (ids removed, ids appended) that the store
 * applies in O(change). The members the engine's check would judge are the
 * stored, already checked `{value}`s plus rendered references (see
 * renderedRefsValid) and the appended ids, which the store checks.
 *
 * Anything this path does not recognise, and any request the engine refuses,
 * gives `undefined`, and the caller runs the engine, which produces the answer.
 * test/unit/server/member-patch.test.ts checks both paths agree on random requests.
 */
import { isScimError } from '../core/scim-errors.js';
import type { MemberOp } from '../core/patch/member-ops.js';
import type { ScimResource } from '../core/schema/types.js';
import { applyMemberPatch, applyPatchTo, checkPatched, isUriReference, memberValueCaseExact, splitGroupPatch } from './core-ops.js';
import { prepareCaseless } from '../core/string-prep.js';
import { locationOf, renderResource } from './render.js';
import type { RequestScope, ServerContext } from './server-context.js';
import type { StoredResource } from './store.js';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** What the fast path computed: the group's new other attributes and its member change. */
export interface GroupPatch {
  /** The patched group as the engine returns it, without `members`. */
  others: ScimResource;
  /** O(change): ids to drop and ids to append; or the whole new id list when ids needed folding (rare). */
  members: { removed: Set<string>; added: string[] } | { all: string[] };
}

/** The patch as a delta, or undefined for the engine to decide. Nothing is written. */
export function patchGroupDelta(ctx: ServerContext, scope: RequestScope, record: StoredResource, body: unknown): GroupPatch | undefined {
  if (!ctx.memberFastPath || record.resourceType !== 'Group' || !renderedRefsValid(scope)) return undefined;
  const split = splitGroupPatch(ctx, body);
  if (!split) return undefined;
  const caseExact = memberValueCaseExact(ctx);
  if (caseExact === undefined) return undefined;
  // The group without its members, rendered as the engine's copy would be.
  const bare = renderResource(ctx.store, scope, record, { members: false });
  let others: ScimResource;
  try {
    others =
      split.others.length === 0
        ? checkPatched(ctx, 'Group', bare, bare)
        : applyPatchTo(ctx, 'Group', bare, { schemas: [PATCH_OP], Operations: split.others });
  } catch (err) {
    if (isScimError(err)) return undefined;
    throw err;
  }
  if (Object.hasOwn(others, 'members')) return undefined;
  let members: GroupPatch['members'] | undefined;
  if (ctx.store.allIdsStable()) members = memberDelta(ctx, record.id, split.members, caseExact);
  else {
    const all = applyMemberPatch(ctx, 'Group', [...ctx.store.memberIds(record.id)], split.members);
    if (all) members = { all };
  }
  if (!members) return undefined;
  ctx.store.stats.memberPatches++;
  return { others, members };
}

/**
 * The engine's member rules (applyMemberOps) restated as a delta. While every stored id is
 * `isStableId`, a stored member equals X under the engine's comparisons exactly when it is X
 * folded, an O(1) set lookup; appended ids (which the store has not checked yet) are compared
 * by the rules themselves.
 */
function memberDelta(ctx: ServerContext, groupId: string, ops: readonly MemberOp[], caseExact: boolean) {
  const fold = caseExact ? (s: string): string => s : (s: string): string => s.toLowerCase();
  const prep = caseExact ? (s: string): string => s.normalize('NFC') : prepareCaseless;
  const removed = new Set<string>();
  let added: string[] = [];
  const isMember = (id: string): boolean => ctx.store.hasMember(groupId, id) && !removed.has(id);
  for (const op of ops) {
    if (op.kind === 'add') {
      for (const id of op.ids) {
        const key = fold(id);
        if (isMember(key) || added.some((a) => fold(a) === key)) continue;
        added.push(id);
      }
    } else if (op.kind === 'remove-eq') {
      const target = prep(op.id);
      if (isMember(target)) removed.add(target);
      added = added.filter((a) => prep(a) !== target);
    } else {
      const gone = new Set(op.ids.map(fold));
      for (const g of gone) if (isMember(g)) removed.add(g);
      added = added.filter((a) => !gone.has(fold(a)));
    }
  }
  return { removed, added };
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
