/**
 * The in-memory store behind `scimctl serve`. It holds what clients own (the
 * attributes they wrote) plus meta timestamps and versions; `id`, `meta` and
 * `User.groups` are added when a resource is rendered.
 *
 * Every lookup the IdPs make (id, userName, externalId, Group displayName) goes
 * through an index; `stats.scanned` counts resources visited by full scans so a
 * test can prove a lookup did not scan. Lists page by position (`range`, counted
 * in `stats.paged`) and member PATCHes write only what changed (`patchGroup`),
 * so neither costs in proportion to the directory or the group.
 */
import { ScimError } from '../core/scim-errors.js';
import type { ScimResource } from '../core/schema/types.js';
import { prepareCaseless } from '../core/string-prep.js';

export type ResourceKind = 'User' | 'Group';

/** One stored resource: the client-owned attributes and its meta bookkeeping. */
export interface StoredResource {
  resourceType: ResourceKind;
  id: string;
  /** Client-owned attributes; never `id`, `meta` or `groups`. Group `members` hold `{value}` only. */
  data: ScimResource;
  created: string;
  lastModified: string;
  /** A weak ETag, `W/"<n>"`, that changes with every change (RFC 7644 §3.14). */
  version: string;
}

/** What `--data` persists and what `ScimStore.fromSnapshot` reads back. */
export interface StoreSnapshot {
  format: 'scimctl-store';
  formatVersion: 1;
  /** The last version number handed out, so versions never repeat after a restart. */
  seq: number;
  users: StoredResource[];
  groups: StoredResource[];
}

export interface StoreStats {
  /** Resources visited by full scans (list without an indexable filter). */
  scanned: number;
  /** Lookups answered by an index. */
  indexLookups: number;
  /** Group PATCHes applied to the member ids without the PATCH engine (server/member-patch.ts). */
  memberPatches: number;
  /** Records read by position for a page (`range`): a page of n costs n, whatever the directory. */
  paged: number;
  /** Member ids visited by group reads and writes: `patchGroup` visits only those it adds or removes. */
  memberVisits: number;
}

export interface StoreOptions {
  now?: () => Date;
  newId?: () => string;
}

interface MemberRef {
  value: string;
}

// RFC 7644 §5, §7.8: index keys are prepared exactly as the filter evaluator prepares caseless strings.
const lower = prepareCaseless;

/** Deep equality of JSON values, ignoring key order (so a re-ordered PUT is not a change). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

function addToMultiIndex(index: Map<string, Set<string>>, key: string, id: string): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(id);
}

function removeFromMultiIndex(index: Map<string, Set<string>>, key: string, id: string): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) index.delete(key);
}

/**
 * A key → ids index that holds a plain id while a key has one owner and a Set
 * only for duplicates: externalId is almost always unique, and a Set per user
 * cost 21 MB at 100k users (bench/RESULTS.md).
 */
type SparseIndex = Map<string, string | Set<string>>;

function addToSparse(index: SparseIndex, key: string, id: string): void {
  const held = index.get(key);
  if (held === undefined) index.set(key, id);
  else if (typeof held === 'string') {
    if (held !== id) index.set(key, new Set([held, id]));
  } else held.add(id);
}

function removeFromSparse(index: SparseIndex, key: string, id: string): void {
  const held = index.get(key);
  if (held === undefined) return;
  if (typeof held === 'string') {
    if (held === id) index.delete(key);
    return;
  }
  held.delete(id);
  if (held.size === 1) index.set(key, held.values().next().value as string);
}

function idsOf(held: string | Set<string> | undefined): string[] {
  return held === undefined ? [] : typeof held === 'string' ? [held] : [...held];
}

/**
 * Insertion order with positions: slots in creation order, deleted slots left
 * empty, and a Fenwick tree of live slots, so the k-th live resource is found
 * in O(log n) and a page of `count` costs O(count · log n). Slots are compacted
 * once the empty ones outnumber the live ones, so deletes stay O(1) amortised.
 */
class PositionIndex {
  private slots: (string | undefined)[] = [];
  private tree: number[] = [0];
  private readonly slotOf = new Map<string, number>();
  private dead = 0;

  get size(): number {
    return this.slotOf.size;
  }

  clear(): void {
    this.slots = [];
    this.tree = [0];
    this.slotOf.clear();
    this.dead = 0;
  }

  append(id: string): void {
    if (this.slotOf.has(id)) return;
    this.slots.push(id);
    const i = this.slots.length;
    this.slotOf.set(id, i - 1);
    // tree[i] covers (i - lowbit(i), i]: the new live slot plus the sum of the covered slots before it.
    this.tree[i] = 1 + this.prefix(i - 1) - this.prefix(i - (i & -i));
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.slotOf.delete(id);
    this.slots[slot] = undefined;
    for (let i = slot + 1; i < this.tree.length; i += i & -i) this.tree[i] = (this.tree[i] ?? 0) - 1;
    this.dead++;
    if (this.dead > 64 && this.dead > this.slotOf.size) this.compact();
  }

  /** Ids at live positions [from, from + count), 0-based. */
  range(from: number, count: number): string[] {
    const end = Math.min(this.size, from + count);
    const out: string[] = [];
    if (from >= end) return out;
    if (this.dead === 0) {
      for (let k = from; k < end; k++) out.push(this.slots[k] as string);
      return out;
    }
    // Walk on from the first slot; at an empty slot, select again, so a page costs O(count · log n) at worst.
    let slot = this.select(from);
    while (out.length < end - from) {
      const id = this.slots[slot];
      if (id === undefined) {
        slot = this.select(from + out.length);
        continue;
      }
      out.push(id);
      slot++;
    }
    return out;
  }

  private prefix(i: number): number {
    let sum = 0;
    for (; i > 0; i -= i & -i) sum += this.tree[i] ?? 0;
    return sum;
  }

  /** The slot (0-based) of the live position k (0-based). */
  private select(k: number): number {
    let pos = 0;
    let rest = k + 1;
    let step = 1;
    while (step * 2 < this.tree.length) step *= 2;
    for (; step > 0; step >>= 1) {
      const next = pos + step;
      if (next < this.tree.length && (this.tree[next] ?? 0) < rest) {
        pos = next;
        rest -= this.tree[next] ?? 0;
      }
    }
    return pos;
  }

  private compact(): void {
    const live = this.slots.filter((id): id is string => id !== undefined);
    this.clear();
    for (const id of live) this.append(id);
  }
}

/**
 * A member id whose case-folded and normalised forms are itself. While every id
 * in the store is stable, "a member equal to X under the engine's comparison"
 * is "X folded is a member", an O(1) question (member-patch.ts).
 */
export function isStableId(id: string): boolean {
  return id.toLowerCase() === id && lower(id) === id && id.normalize('NFC') === id;
}

/**
/**
 * The in-memory store: resources by kind and id, the lookup indexes, and group
 * membership in both directions. A group's member ids live in an ordered Set
 * (`members` below); its `data.members` is a read-only view of them, as
 * `[{value}]`, so snapshots, comparisons and the engine see the usual shape.
 * @see docs/serve.md "Seeds and persistence"
 */
export class ScimStore {
  readonly stats: StoreStats = { scanned: 0, indexLookups: 0, memberPatches: 0, paged: 0, memberVisits: 0 };
  private readonly now: () => Date;
  private readonly newId: () => string;
  private seq = 0;
  /** Bumped by every change; caches of derived orders (sorted lists) compare it. */
  private gen = 0;
  private readonly byKind: Record<ResourceKind, Map<string, StoredResource>> = {
    User: new Map(),
    Group: new Map(),
  };
  private readonly positions: Record<ResourceKind, PositionIndex> = { User: new PositionIndex(), Group: new PositionIndex() };
  // RFC 7643 §4.1.1: userName is caseExact false and unique, so the key is lower case.
  private readonly userNames = new Map<string, string>();
  // RFC 7643 §3.1: externalId is caseExact; it is not unique, so a key may hold several ids.
  private readonly externalIds: Record<ResourceKind, SparseIndex> = {
    User: new Map(),
    Group: new Map(),
  };
  private readonly groupNames = new Map<string, string>();
  /** member id → ids of the groups that list it directly. */
  private readonly memberOf = new Map<string, Set<string>>();
  /** group id → its member ids, in order. */
  private readonly members = new Map<string, Set<string>>();
  /** How many stored ids are not `isStableId`. */
  private unstable = 0;
  private readonly schemaLists = new Map<string, readonly string[]>();
  /** The last timestamp handed out, reused within one millisecond (a seed of 100k users shares a few hundred). */
  private stamp = { ms: NaN, text: '' };

  constructor(options: StoreOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? (() => crypto.randomUUID());
  }

  static fromSnapshot(snapshot: StoreSnapshot, options: StoreOptions = {}): ScimStore {
    const store = new ScimStore(options);
    store.load(snapshot);
    return store;
  }

  /**
   * Puts this store back to a snapshot, in place (the server keeps its reference).
   * Persistence uses it to undo a change whose data-file write failed.
   */
  restore(snapshot: StoreSnapshot): void {
    for (const kind of ['User', 'Group'] as const) {
      this.byKind[kind].clear();
      this.externalIds[kind].clear();
      this.positions[kind].clear();
    }
    this.userNames.clear();
    this.groupNames.clear();
    this.memberOf.clear();
    this.members.clear();
    this.unstable = 0;
    this.gen++;
    this.load(snapshot);
  }

  private load(snapshot: StoreSnapshot): void {
    if (snapshot.format !== 'scimctl-store' || snapshot.formatVersion !== 1) {
      throw new Error('not a scimctl store snapshot (format "scimctl-store", formatVersion 1)');
    }
    this.seq = snapshot.seq;
    for (const r of snapshot.users) this.insertNew({ ...r, resourceType: 'User' });
    // Groups after users so every member reference resolves.
    for (const r of snapshot.groups) this.insertNew({ ...r, resourceType: 'Group', data: this.memberView(r.id, r.data) });
    for (const r of snapshot.groups) this.linkMembers(r.id, membersOf(r.data).map((m) => m.value));
  }

  snapshot(): StoreSnapshot {
    return {
      format: 'scimctl-store',
      formatVersion: 1,
      seq: this.seq,
      users: [...this.byKind.User.values()],
      groups: [...this.byKind.Group.values()],
    };
  }

  size(kind: ResourceKind): number {
    return this.byKind[kind].size;
  }

  /** Changes since the store was made: equal numbers mean nothing changed in between. */
  generation(): number {
    return this.gen;
  }

  get(kind: ResourceKind, id: string): StoredResource | undefined {
    this.stats.indexLookups++;
    return this.byKind[kind].get(id);
  }

  /** Either kind: members of a group may be users or groups. */
  getAny(id: string): StoredResource | undefined {
    return this.byKind.User.get(id) ?? this.byKind.Group.get(id);
  }

  byUserName(userName: string): StoredResource | undefined {
    this.stats.indexLookups++;
    const id = this.userNames.get(lower(userName));
    return id === undefined ? undefined : this.byKind.User.get(id);
  }

  byExternalId(kind: ResourceKind, externalId: string): StoredResource[] {
    this.stats.indexLookups++;
    return idsOf(this.externalIds[kind].get(externalId)).flatMap((id) => this.byKind[kind].get(id) ?? []);
  }

  byGroupDisplayName(displayName: string): StoredResource | undefined {
    this.stats.indexLookups++;
    const id = this.groupNames.get(lower(displayName));
    return id === undefined ? undefined : this.byKind.Group.get(id);
  }

  /** Every resource of a kind, in insertion order (a stable order for paging). Counted as a scan. */
  *scan(kind: ResourceKind): Generator<StoredResource> {
    for (const r of this.byKind[kind].values()) {
      this.stats.scanned++;
      yield r;
    }
  }

  /** Every resource of a kind as an array, in insertion order; a scan, counted as one. Far cheaper than spreading `scan`. */
  all(kind: ResourceKind): StoredResource[] {
    const records = this.byKind[kind];
    this.stats.scanned += records.size;
    return [...records.values()];
  }

  /** The resources at 0-based positions [from, from + count) of insertion order, in O(count · log n). */
  range(kind: ResourceKind, from: number, count: number): StoredResource[] {
    const ids = this.positions[kind].range(from, count);
    this.stats.paged += ids.length;
    return ids.map((id) => this.byKind[kind].get(id) as StoredResource);
  }

  /** Groups that list `memberId` directly, for the derived, readOnly `User.groups` (RFC 7643 §4.1.2). */
  groupsOf(memberId: string): StoredResource[] {
    const ids = this.memberOf.get(memberId);
    return ids ? [...ids].flatMap((id) => this.byKind.Group.get(id) ?? []) : [];
  }

  /** A group's member ids in order (the live set: do not modify). */
  memberIds(groupId: string): ReadonlySet<string> {
    const set = this.members.get(groupId) ?? EMPTY;
    this.stats.memberVisits += set.size;
    return set;
  }

  /** Whether `memberId` is a direct member of the group, exactly as stored. */
  hasMember(groupId: string, memberId: string): boolean {
    return this.members.get(groupId)?.has(memberId) ?? false;
  }

  /** True while every stored id is `isStableId` (member-patch.ts can then compare ids exactly). */
  allIdsStable(): boolean {
    return this.unstable === 0;
  }

  create(kind: ResourceKind, input: ScimResource, id?: string): StoredResource {
    const data = this.shareSchemas(input);
    this.checkUnique(kind, data, undefined);
    const newId = id ?? this.newId();
    if (this.getAny(newId)) throw new ScimError('uniqueness', `id "${newId}" is already in use`);
    const members = kind === 'Group' ? this.checkMembers(newId, membersOf(data)) : [];
    const stamp = this.timestamp();
    const record: StoredResource = {
      resourceType: kind,
      id: newId,
      data: kind === 'Group' ? this.memberView(newId, data) : data,
      created: stamp,
      lastModified: stamp,
      version: this.nextVersion(),
    };
    this.insertNew(record);
    if (kind === 'Group') this.linkMembers(newId, members);
    return record;
  }

  /**
   * Replace the client-owned attributes. When nothing changed the version and
   * lastModified stay put (RFC 7644 §3.14: the ETag changes only with the resource).
   */
  replace(kind: ResourceKind, id: string, data: ScimResource): StoredResource {
    const current = this.byKind[kind].get(id);
    if (!current) throw new ScimError('notFound', `${kind} "${id}" not found`);
    this.checkUnique(kind, data, id);
    if (kind === 'User') {
      if (sameJson(current.data, data)) return current;
      return this.rewrite(current, data);
    }
    const members = this.checkMembers(id, membersOf(data)).map((m) => m.value);
    const before = [...this.memberIds(id)];
    this.stats.memberVisits += members.length;
    const sameMembers = before.length === members.length && before.every((m, i) => m === members[i]);
    if (sameMembers && sameJsonBesideMembers(current.data, data)) return current;
    const record = this.rewrite(current, this.memberView(id, data));
    if (!sameMembers) this.relinkMembers(id, before, members);
    return record;
  }

  /**
   * A group write that costs what it changes (RFC 7644 §3.5.2 PATCH of members): `rest` is the
   * group's new non-member attributes, `removed` current member ids to drop, `added` ids not yet
   * members to append, in order. The member list is neither copied nor checked again.
   */
  patchGroup(id: string, rest: ScimResource, removed: ReadonlySet<string>, added: readonly string[]): StoredResource {
    const current = this.byKind.Group.get(id);
    if (!current) throw new ScimError('notFound', `Group "${id}" not found`);
    this.checkUnique('Group', rest, id);
    const set = this.members.get(id) ?? new Set<string>();
    for (const value of added) {
      if (value === id) throw new ScimError('invalidValue', 'a group cannot be a member of itself');
      if (!this.getAny(value)) throw new ScimError('invalidValue', `members: no User or Group has id "${value}"`);
    }
    this.stats.memberVisits += removed.size + added.length;
    const membersChange = added.length > 0 || [...removed].some((m) => set.has(m));
    if (!membersChange && sameJsonBesideMembers(current.data, rest)) return current;
    const record = this.rewrite(current, this.memberView(id, rest));
    this.members.set(id, set);
    for (const value of removed) {
      if (set.delete(value)) removeFromMultiIndex(this.memberOf, value, id);
    }
    for (const value of added) {
      set.add(value);
      addToMultiIndex(this.memberOf, value, id);
    }
    return record;
  }

  /** Delete a resource; it leaves every group that listed it, and those groups change version. */
  delete(kind: ResourceKind, id: string): void {
    const current = this.byKind[kind].get(id);
    if (!current) throw new ScimError('notFound', `${kind} "${id}" not found`);
    for (const group of this.groupsOf(id)) {
      this.members.get(group.id)?.delete(id);
      const updated: StoredResource = { ...group };
      this.touch(updated);
      this.byKind.Group.set(group.id, updated);
    }
    this.memberOf.delete(id);
    if (kind === 'Group') {
      this.unlinkMembers(id, [...this.memberIds(id)]);
      this.members.delete(id);
    }
    this.unindex(current);
    this.byKind[kind].delete(id);
    this.positions[kind].remove(id);
    if (!isStableId(id)) this.unstable--;
    this.gen++;
  }

  private rewrite(current: StoredResource, data: ScimResource): StoredResource {
    this.unindex(current);
    const record: StoredResource = { ...current, data };
    this.touch(record);
    this.insert(record);
    return record;
  }

  /** `data` without its members, plus a `members` getter reading the group's live member set. */
  private memberView(groupId: string, data: ScimResource): ScimResource {
    const { members: _members, ...rest } = data;
    Object.defineProperty(rest, 'members', {
      enumerable: true,
      configurable: true,
      get: () => Array.from(this.members.get(groupId) ?? EMPTY, (value) => ({ value })),
    });
    return rest;
  }

  /**
   * Nearly every resource lists the same `schemas`: one frozen array per distinct list is shared
   * (about 100 bytes a user, so 100 MB at a million).
   */
  private shareSchemas(data: ScimResource): ScimResource {
    const { schemas } = data;
    if (!Array.isArray(schemas) || !schemas.every((s) => typeof s === 'string')) return data;
    const key = schemas.join('\n');
    let shared = this.schemaLists.get(key);
    if (!shared) {
      if (this.schemaLists.size >= 64) return data;
      this.schemaLists.set(key, (shared = Object.freeze([...schemas])));
    }
    return shared === schemas ? data : { ...data, schemas: shared };
  }

  private nextVersion(): string {
    this.seq++;
    return `W/"${this.seq}"`;
  }

  private timestamp(): string {
    const date = this.now();
    const ms = date.getTime();
    if (ms !== this.stamp.ms) this.stamp = { ms, text: date.toISOString() };
    return this.stamp.text;
  }

  private touch(record: StoredResource): void {
    record.lastModified = this.timestamp();
    record.version = this.nextVersion();
  }

  private insertNew(record: StoredResource): void {
    this.insert(record);
    this.positions[record.resourceType].append(record.id);
    if (!isStableId(record.id)) this.unstable++;
  }

  private insert(record: StoredResource): void {
    this.gen++;
    this.byKind[record.resourceType].set(record.id, record);
    const { data } = record;
    if (record.resourceType === 'User' && typeof data.userName === 'string') {
      this.userNames.set(lower(data.userName), record.id);
    }
    if (record.resourceType === 'Group' && typeof data.displayName === 'string') {
      this.groupNames.set(lower(data.displayName), record.id);
    }
    if (typeof data.externalId === 'string') {
      addToSparse(this.externalIds[record.resourceType], data.externalId, record.id);
    }
  }

  private unindex(record: StoredResource): void {
    const { data } = record;
    if (record.resourceType === 'User' && typeof data.userName === 'string') this.userNames.delete(lower(data.userName));
    if (record.resourceType === 'Group' && typeof data.displayName === 'string') {
      this.groupNames.delete(lower(data.displayName));
    }
    if (typeof data.externalId === 'string') {
      removeFromSparse(this.externalIds[record.resourceType], data.externalId, record.id);
    }
  }

  /** RFC 7643 §4.1.1 userName uniqueness "server", case-insensitive; Group displayName likewise (IdPs match on it). */
  private checkUnique(kind: ResourceKind, data: ScimResource, selfId: string | undefined): void {
    if (kind === 'User' && typeof data.userName === 'string') {
      const owner = this.userNames.get(lower(data.userName));
      if (owner !== undefined && owner !== selfId) {
        throw new ScimError('uniqueness', `userName "${data.userName}" is already in use`);
      }
    }
    if (kind === 'Group' && typeof data.displayName === 'string') {
      const owner = this.groupNames.get(lower(data.displayName));
      if (owner !== undefined && owner !== selfId) {
        throw new ScimError('uniqueness', `Group displayName "${data.displayName}" is already in use`);
      }
    }
  }

  /** Members must name existing users or groups; duplicates collapse to one (RFC 7643 §2.4). */
  private checkMembers(groupId: string, members: MemberRef[]): MemberRef[] {
    const seen = new Set<string>();
    const out: MemberRef[] = [];
    for (const m of members) {
      if (seen.has(m.value)) continue;
      seen.add(m.value);
      if (m.value === groupId) throw new ScimError('invalidValue', 'a group cannot be a member of itself');
      if (!this.getAny(m.value)) {
        throw new ScimError('invalidValue', `members: no User or Group has id "${m.value}"`);
      }
      out.push({ value: m.value });
    }
    return out;
  }

  private linkMembers(groupId: string, members: readonly (string | MemberRef)[]): void {
    if (!this.byKind.Group.has(groupId)) return;
    const set = new Set<string>();
    for (const m of members) {
      const value = typeof m === 'string' ? m : m.value;
      set.add(value);
      addToMultiIndex(this.memberOf, value, groupId);
    }
    this.members.set(groupId, set);
  }

  /**
   * From member ids `before` to `after`: members that stay keep their place in `memberOf` (so a
   * user's `groups` stay in the order the user joined them, whichever way the group was written).
   */
  private relinkMembers(groupId: string, before: readonly string[], after: readonly string[]): void {
    const staying = new Set(after);
    for (const m of before) if (!staying.has(m)) removeFromMultiIndex(this.memberOf, m, groupId);
    const set = new Set<string>();
    for (const m of after) {
      set.add(m);
      addToMultiIndex(this.memberOf, m, groupId);
    }
    this.members.set(groupId, set);
  }

  private unlinkMembers(groupId: string, members: readonly string[]): void {
    for (const m of members) removeFromMultiIndex(this.memberOf, m, groupId);
  }
}

const EMPTY: ReadonlySet<string> = new Set();

/** sameJson of two groups' attributes other than `members` (compared apart, as id lists). */
function sameJsonBesideMembers(a: ScimResource, b: ScimResource): boolean {
  const ka = Object.keys(a).filter((k) => k !== 'members');
  const kb = Object.keys(b).filter((k) => k !== 'members');
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]));
}

/** The `{value}` references of a group's `members`, ignoring malformed entries (validation rejects them earlier). */
export function membersOf(data: ScimResource): MemberRef[] {
  const members = data.members;
  if (!Array.isArray(members)) return [];
  // A loop, not flatMap: this runs several times per write to a group of 10k members.
  const out: MemberRef[] = [];
  for (const m of members as unknown[]) {
    if (typeof m === 'object' && m !== null && typeof (m as { value?: unknown }).value === 'string') {
      out.push({ value: (m as { value: string }).value });
    }
  }
  return out;
}
