/**
 * The membership PATCHes Okta and Entra send to a Group all day, recognised so
 * a server can apply them to its list of member ids instead of running
 * applyPatch over the whole rendered group (okta.md §7.2, entra.md §3):
 *
 *   {"op":"add","path":"members","value":[{"value":"<id>"}]}
 *   {"op":"remove","path":"members[value eq \"<id>\"]"}
 *   {"op":"remove","path":"members","value":[{"value":"<id>"}]}   (tolerance 'member-remove-value-array')
 *
 * `memberOps` accepts only requests made of these shapes; anything else is
 * `undefined` and belongs to the engine. `applyMemberOps` gives the member ids
 * the engine's operations would leave, by the engine's own rules (restated in
 * each case below). The final schema check of the other attributes and the
 * store's member check (the ids exist) stay with the caller.
 */
import type { AttrPath, PatchPath } from '../filter/ast.js';
import { prepare } from '../filter/filter-compare.js';
import { parsePath } from '../filter/path-parser.js';
import type { AttributeDef, SchemaRegistry } from '../schema/types.js';
import { tolerates, type CoreOptions } from '../tolerances.js';
import { isObject } from './json-values.js';
import { parsePatchRequest, type PatchOperation } from './patch-request.js';

export type MemberOp =
  | { kind: 'add'; ids: string[] }
  | { kind: 'remove-eq'; id: string }
  | { kind: 'remove-ids'; ids: string[] };

/**
 * The operations of `body` when every one is a member add or remove of a shape
 * above, else undefined (including every request the engine would refuse).
 */
export function memberOps(body: unknown, opts?: CoreOptions): MemberOp[] | undefined {
  let operations: PatchOperation[];
  try {
    operations = parsePatchRequest(body, opts);
  } catch {
    return undefined;
  }
  const out: MemberOp[] = [];
  for (const op of operations) {
    const member = memberOp(op, opts);
    if (!member) return undefined;
    out.push(member);
  }
  return out;
}

/**
 * A Group PATCH split in two: the member adds and removes above, and the other
 * operations, each of which provably leaves `members` alone (a path naming
 * another attribute, or a path-less value without `members` or a schema URN key),
 * such as Okta's path-less `replace {id, displayName}` (okta.md §10.2). The two
 * parts touch different attributes, so applying them apart gives what applying
 * them in order gives. `others` are the request's own operation objects.
 * Undefined when any operation fits neither (the engine's case).
 */
export function splitMemberOps(body: unknown, opts?: CoreOptions): { members: MemberOp[]; others: unknown[] } | undefined {
  let operations: PatchOperation[];
  try {
    operations = parsePatchRequest(body, opts);
  } catch {
    return undefined;
  }
  const raw = (body as { Operations: unknown[] }).Operations;
  const members: MemberOp[] = [];
  const others: unknown[] = [];
  for (const [i, op] of operations.entries()) {
    const member = memberOp(op, opts);
    if (member) members.push(member);
    else if (leavesMembers(op)) others.push(raw[i]);
    else return undefined;
  }
  return { members, others };
}

function leavesMembers(op: PatchOperation): boolean {
  if (op.path === undefined) {
    return isObject(op.value) && Object.keys(op.value).every((k) => lower(k) !== 'members' && !lower(k).startsWith('urn:'));
  }
  const path = parsedPath(op.path);
  return path !== undefined && !path.attr.schemaRoot && path.attr.uri === undefined && lower(path.attr.name) !== 'members';
}

function memberOp(op: PatchOperation, opts: CoreOptions | undefined): MemberOp | undefined {
  const path = op.path === undefined ? undefined : parsedPath(op.path);
  if (!path || !isMembers(path.attr) || path.sub !== undefined) return undefined;
  const filter = path.filter;
  if (filter === undefined) {
    const ids = idObjects(op.value);
    if (!ids) return undefined;
    if (op.op === 'add') return { kind: 'add', ids };
    // In strict mode a remove of `members` with a value removes every member (RFC 7644 §3.5.2.2): the engine's case.
    if (op.op === 'remove' && tolerates(opts, 'member-remove-value-array')) return { kind: 'remove-ids', ids };
    return undefined;
  }
  if (op.op !== 'remove' || filter.kind !== 'compare' || filter.op !== 'eq' || filter.value.kind !== 'string') return undefined;
  const { uri, sub, name } = filter.path;
  if (uri !== undefined || sub !== undefined || name.toLowerCase() !== 'value') return undefined;
  return { kind: 'remove-eq', id: filter.value.value };
}

function parsedPath(text: string): PatchPath | undefined {
  try {
    return parsePath(text);
  } catch {
    return undefined;
  }
}

function isMembers(attr: AttrPath): boolean {
  return attr.uri === undefined && attr.sub === undefined && !attr.schemaRoot && attr.name.toLowerCase() === 'members';
}

/** A non-empty array of `{"value": "<id>"}` objects with no other key; else undefined. */
function idObjects(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const ids: string[] = [];
  for (const item of value) {
    if (!isObject(item)) return undefined;
    const keys = Object.keys(item);
    const id = item['value'];
    if (keys.length !== 1 || keys[0] !== 'value' || typeof id !== 'string') return undefined;
    ids.push(id);
  }
  return ids;
}

/** `members.value` as the registry defines it, when `members` has the RFC 7643 §4.2 shape. */
export function memberValueDef(registry: SchemaRegistry, resourceType: string): AttributeDef | undefined {
  const members = registry.resolve(resourceType, { name: 'members' });
  if (!members || members.def.type !== 'complex' || !members.def.multiValued || members.def.mutability !== 'readWrite') {
    return undefined;
  }
  const value = registry.resolveSub(members, 'value');
  return value && value.def.type === 'string' && !value.def.multiValued ? value.def : undefined;
}

const lower = (s: string): string => s.toLowerCase();

/**
 * The member ids after `ops`, in the order the engine leaves them. `ids` is
 * not modified. `valueDef` is `members.value` (see memberValueDef).
 */
export function applyMemberOps(valueDef: AttributeDef, ids: readonly string[], ops: readonly MemberOp[]): string[] {
  const fold = valueDef.caseExact ? (s: string): string => s : lower;
  let list = [...ids];
  for (const op of ops) {
    if (op.kind === 'add') {
      // RFC 7644 §3.5.2.1: an add appends the values not already present; two members are the
      // same when their `value`s match by caseExact (the new element has no `type` to compare).
      const present = new Set(list.map(fold));
      for (const id of op.ids) {
        if (present.has(fold(id))) continue;
        present.add(fold(id));
        list.push(id);
      }
    } else if (op.kind === 'remove-eq') {
      // RFC 7644 §3.5.2.2: a value filter removes the matching elements, judged as the filter evaluator
      // judges `eq` on a string attribute (compareOne): the prepared forms are equal (RFC 7644 §7.8).
      const target = prepare(op.id, valueDef.caseExact);
      list = list.filter((id) => prepare(id, valueDef.caseExact) !== target);
    } else {
      // Tolerance 'member-remove-value-array' (entra.md §3): only the listed values go, compared by caseExact.
      const gone = new Set(op.ids.map(fold));
      list = list.filter((id) => !gone.has(fold(id)));
    }
  }
  return list;
}
