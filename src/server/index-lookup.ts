/**
 * Picks the index that answers a filter without scanning: `id`, `userName`,
 * `externalId` and Group `displayName` compared with `eq` (the lookups Okta and
 * Entra make), also inside `and`, and `or` of two indexable sides. The caller
 * still evaluates the whole filter on the candidates, so the index only has to
 * return a superset of the matches.
 */
import type { Filter } from '../core/filter/ast.js';
import type { ResourceKind, ScimStore, StoredResource } from './store.js';

const CORE_URN: Record<ResourceKind, string> = {
  User: 'urn:ietf:params:scim:schemas:core:2.0:user',
  Group: 'urn:ietf:params:scim:schemas:core:2.0:group',
};

function lookup(store: ScimStore, kind: ResourceKind, filter: Filter): StoredResource[] | undefined {
  switch (filter.kind) {
    case 'compare': {
      const { path, op, value } = filter;
      if (op !== 'eq' || value.kind !== 'string' || path.sub !== undefined) return undefined;
      if (path.uri !== undefined && path.uri.toLowerCase() !== CORE_URN[kind]) return undefined;
      const name = path.name.toLowerCase();
      if (name === 'id') return [store.get(kind, value.value)].flatMap((r) => r ?? []);
      if (name === 'externalid') return store.byExternalId(kind, value.value);
      // userName and Group displayName are caseExact false: the index key is already case-folded.
      if (kind === 'User' && name === 'username') return [store.byUserName(value.value)].flatMap((r) => r ?? []);
      if (kind === 'Group' && name === 'displayname') {
        return [store.byGroupDisplayName(value.value)].flatMap((r) => r ?? []);
      }
      return undefined;
    }
    case 'and':
      return lookup(store, kind, filter.left) ?? lookup(store, kind, filter.right);
    case 'or': {
      const left = lookup(store, kind, filter.left);
      const right = left && lookup(store, kind, filter.right);
      if (!left || !right) return undefined;
      return [...new Set([...left, ...right])];
    }
    default:
      return undefined;
  }
}

/** Candidates for `filter` from an index, or undefined when only a scan can answer it. */
export function indexedCandidates(
  store: ScimStore,
  kind: ResourceKind,
  filter: Filter | undefined,
): StoredResource[] | undefined {
  return filter ? lookup(store, kind, filter) : undefined;
}
