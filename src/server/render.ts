/**
 * From a stored record to the resource clients see: `schemas`, `id`,
 * client attributes, derived `groups` / expanded `members`, and `meta`
 * (RFC 7643 §3.1).
 */
import type { ScimResource } from '../core/schema/types.js';
import type { RequestScope } from './server-context.js';
import type { ResourceKind, ScimStore, StoredResource } from './store.js';

const ENDPOINT: Record<ResourceKind, string> = { User: 'Users', Group: 'Groups' };

export function locationOf(scope: RequestScope, kind: ResourceKind, id: string): string {
  return `${scope.baseUrl}/${ENDPOINT[kind]}/${encodeURIComponent(id)}`;
}

function displayOf(record: StoredResource): string | undefined {
  const { data } = record;
  const name = record.resourceType === 'User' ? (data.displayName ?? data.userName) : data.displayName;
  return typeof name === 'string' ? name : undefined;
}

/**
 * The groups a user belongs to: direct ones first, then those reached through
 * nested groups as `indirect` (RFC 7643 §4.1.2). Cycles between groups are allowed.
 */
function userGroups(store: ScimStore, userId: string): { group: StoredResource; type: 'direct' | 'indirect' }[] {
  const direct = store.groupsOf(userId);
  const seen = new Set(direct.map((g) => g.id));
  const out: { group: StoredResource; type: 'direct' | 'indirect' }[] = direct.map((group) => ({ group, type: 'direct' }));
  const queue = [...direct];
  for (let next = queue.shift(); next; next = queue.shift()) {
    for (const parent of store.groupsOf(next.id)) {
      if (seen.has(parent.id)) continue;
      seen.add(parent.id);
      out.push({ group: parent, type: 'indirect' });
      queue.push(parent);
    }
  }
  return out;
}

/** What a response will drop anyway, so rendering can skip it (RFC 7644 §3.9 `excludedAttributes=members`). */
export interface RenderOptions {
  members?: boolean;
}

const MEMBERS = /^(urn:ietf:params:scim:schemas:core:2\.0:group:)?members$/i;

/**
 * Whether `attributes` / `excludedAttributes` (as query parameters, lower-cased names) certainly drop
 * Group `members` (returned "default", RFC 7643 §4.2), so rendering them would be wasted: it is
 * excluded, or `attributes` is given and names neither members nor a sub-attribute of it.
 */
export function renderOptionsFor(params: Map<string, string>): RenderOptions {
  const list = (name: string): string[] | undefined =>
    params.get(name)?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const attributes = list('attributes');
  if (attributes !== undefined && attributes.length > 0) {
    return attributes.some((a) => /members/i.test(a)) ? {} : { members: false };
  }
  return list('excludedattributes')?.some((a) => MEMBERS.test(a)) ? { members: false } : {};
}

export function renderResource(
  store: ScimStore,
  scope: RequestScope,
  record: StoredResource,
  options: RenderOptions = {},
): ScimResource {
  // Group data holds `members` as a view of the store's member set: copy the other keys, never read it.
  const out: ScimResource = { schemas: record.data.schemas, id: record.id };
  for (const key of Object.keys(record.data)) {
    if (key !== 'schemas' && key !== 'members' && key !== 'id') out[key] = record.data[key];
  }
  if (record.resourceType === 'Group' && options.members === false) {
    // Rendered without members: what projection would leave of them is nothing.
  } else if (record.resourceType === 'Group') {
    const members = Array.from(store.memberIds(record.id), (value) => {
      const target = store.getAny(value);
      const member: ScimResource = { value };
      if (target) {
        member.$ref = locationOf(scope, target.resourceType, target.id);
        member.type = target.resourceType;
        const display = displayOf(target);
        if (display !== undefined) member.display = display;
      }
      return member;
    });
    // An empty multi-valued attribute is unassigned and left out (RFC 7643 §2.4).
    if (members.length > 0) out.members = members;
  } else {
    // RFC 7643 §4.1.2: groups is readOnly, derived from Group membership.
    const groups = userGroups(store, record.id).map(({ group, type }) => {
      const entry: ScimResource = { value: group.id, $ref: locationOf(scope, 'Group', group.id), type };
      const display = displayOf(group);
      if (display !== undefined) entry.display = display;
      return entry;
    });
    if (groups.length > 0) out.groups = groups;
  }
  out.meta = {
    resourceType: record.resourceType,
    created: record.created,
    lastModified: record.lastModified,
    location: locationOf(scope, record.resourceType, record.id),
    version: record.version,
  };
  return out;
}
