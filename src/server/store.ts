/**
 * The in-memory store behind `scimctl serve`. It holds what clients own (the
 * attributes they wrote) plus meta timestamps and versions; `id`, `meta` and
 * `User.groups` are added when a resource is rendered.
 *
 * Every lookup the IdPs make (id, userName, externalId, Group displayName) goes
 * through an index; `stats.scanned` counts resources visited by full scans so a
 * test can prove a lookup did not scan.
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
 * The in-memory store: resources by kind and id, the lookup indexes, and group
 * membership in both directions.
 * @see docs/serve.md "Seeds and persistence"
 */
export class ScimStore {
  readonly stats: StoreStats = { scanned: 0, indexLookups: 0, memberPatches: 0 };
  private readonly now: () => Date;
  private readonly newId: () => string;
  private seq = 0;
  private readonly byKind: Record<ResourceKind, Map<string, StoredResource>> = {
    User: new Map(),
    Group: new Map(),
  };
  // RFC 7643 §4.1.1: userName is caseExact false and unique, so the key is lower case.
  private readonly userNames = new Map<string, string>();
  // RFC 7643 §3.1: externalId is caseExact; it is not unique, so each key holds a set.
  private readonly externalIds: Record<ResourceKind, Map<string, Set<string>>> = {
    User: new Map(),
    Group: new Map(),
  };
  private readonly groupNames = new Map<string, string>();
  /** member id → ids of the groups that list it directly. */
  private readonly memberOf = new Map<string, Set<string>>();

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
    }
    this.userNames.clear();
    this.groupNames.clear();
    this.memberOf.clear();
    this.load(snapshot);
  }

  private load(snapshot: StoreSnapshot): void {
    if (snapshot.format !== 'scimctl-store' || snapshot.formatVersion !== 1) {
      throw new Error('not a scimctl store snapshot (format "scimctl-store", formatVersion 1)');
    }
    this.seq = snapshot.seq;
    for (const r of snapshot.users) this.insert({ ...r, resourceType: 'User' });
    // Groups after users so every member reference resolves.
    for (const r of snapshot.groups) this.insert({ ...r, resourceType: 'Group', data: { ...r.data, members: [] } });
    for (const r of snapshot.groups) this.linkMembers(r.id, membersOf(r.data));
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
    const ids = this.externalIds[kind].get(externalId);
    return ids ? [...ids].flatMap((id) => this.byKind[kind].get(id) ?? []) : [];
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

  /** Groups that list `memberId` directly, for the derived, readOnly `User.groups` (RFC 7643 §4.1.2). */
  groupsOf(memberId: string): StoredResource[] {
    const ids = this.memberOf.get(memberId);
    return ids ? [...ids].flatMap((id) => this.byKind.Group.get(id) ?? []) : [];
  }

  create(kind: ResourceKind, data: ScimResource, id?: string): StoredResource {
    this.checkUnique(kind, data, undefined);
    const newId = id ?? this.newId();
    if (this.getAny(newId)) throw new ScimError('uniqueness', `id "${newId}" is already in use`);
    const members = kind === 'Group' ? this.checkMembers(newId, membersOf(data)) : [];
    const stamp = this.now().toISOString();
    const record: StoredResource = {
      resourceType: kind,
      id: newId,
      data: kind === 'Group' ? { ...data, members: [] } : data,
      created: stamp,
      lastModified: stamp,
      version: this.nextVersion(),
    };
    this.insert(record);
    if (kind === 'Group') this.linkMembers(newId, members);
    return this.byKind[kind].get(newId) as StoredResource;
  }

  /**
   * Replace the client-owned attributes. When nothing changed the version and
   * lastModified stay put (RFC 7644 §3.14: the ETag changes only with the resource).
   */
  replace(kind: ResourceKind, id: string, data: ScimResource): StoredResource {
    const current = this.byKind[kind].get(id);
    if (!current) throw new ScimError('notFound', `${kind} "${id}" not found`);
    this.checkUnique(kind, data, id);
    const members = kind === 'Group' ? this.checkMembers(id, membersOf(data)) : [];
    const next = kind === 'Group' ? { ...data, members } : data;
    if (sameJson(current.data, next)) return current;
    this.unindex(current);
    const record: StoredResource = { ...current, data: { ...next, ...(kind === 'Group' ? { members: [] } : {}) } };
    this.touch(record);
    this.insert(record);
    if (kind === 'Group') this.relinkMembers(id, membersOf(current.data), members);
    return this.byKind[kind].get(id) as StoredResource;
  }

  /** Delete a resource; it leaves every group that listed it, and those groups change version. */
  delete(kind: ResourceKind, id: string): void {
    const current = this.byKind[kind].get(id);
    if (!current) throw new ScimError('notFound', `${kind} "${id}" not found`);
    for (const group of this.groupsOf(id)) {
      const members = membersOf(group.data).filter((m) => m.value !== id);
      const updated: StoredResource = { ...group, data: { ...group.data, members } };
      this.touch(updated);
      this.byKind.Group.set(group.id, updated);
    }
    this.memberOf.delete(id);
    if (kind === 'Group') this.unlinkMembers(id, membersOf(current.data));
    this.unindex(current);
    this.byKind[kind].delete(id);
  }

  private nextVersion(): string {
    this.seq++;
    return `W/"${this.seq}"`;
  }

  private touch(record: StoredResource): void {
    record.lastModified = this.now().toISOString();
    record.version = this.nextVersion();
  }

  private insert(record: StoredResource): void {
    this.byKind[record.resourceType].set(record.id, record);
    const { data } = record;
    if (record.resourceType === 'User' && typeof data.userName === 'string') {
      this.userNames.set(lower(data.userName), record.id);
    }
    if (record.resourceType === 'Group' && typeof data.displayName === 'string') {
      this.groupNames.set(lower(data.displayName), record.id);
    }
    if (typeof data.externalId === 'string') {
      addToMultiIndex(this.externalIds[record.resourceType], data.externalId, record.id);
    }
  }

  private unindex(record: StoredResource): void {
    const { data } = record;
    if (record.resourceType === 'User' && typeof data.userName === 'string') this.userNames.delete(lower(data.userName));
    if (record.resourceType === 'Group' && typeof data.displayName === 'string') {
      this.groupNames.delete(lower(data.displayName));
    }
    if (typeof data.externalId === 'string') {
      removeFromMultiIndex(this.externalIds[record.resourceType], data.externalId, record.id);
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

  private linkMembers(groupId: string, members: MemberRef[]): void {
    const group = this.byKind.Group.get(groupId);
    if (!group) return;
    group.data = { ...group.data, members: members.map((m) => ({ value: m.value })) };
    for (const m of members) addToMultiIndex(this.memberOf, m.value, groupId);
  }

  /**
   * unlinkMembers(before) then linkMembers(after), leaving the index exactly as those would (the group
   * moves to the end of each staying member's set, so User.groups keeps its order), without dropping
   * and re-creating the set of every member that stays.
   */
  private relinkMembers(groupId: string, before: MemberRef[], after: MemberRef[]): void {
    const staying = new Set(after.map((m) => m.value));
    for (const m of before) {
      if (staying.has(m.value)) this.memberOf.get(m.value)?.delete(groupId);
      else removeFromMultiIndex(this.memberOf, m.value, groupId);
    }
    this.linkMembers(groupId, after);
  }

  private unlinkMembers(groupId: string, members: MemberRef[]): void {
    for (const m of members) removeFromMultiIndex(this.memberOf, m.value, groupId);
  }
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
