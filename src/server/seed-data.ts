/**
 * Seed data: users and groups a server starts with. Seeds bypass the
 * profile's write denials (the Mezmo profile's groups can only come from a
 * seed) but not validation or the profile's rules on values.
 */
import { ScimctlError } from '../core/errors.js';
import { ScimError, isScimError } from '../core/scim-errors.js';
import type { ScimResource } from '../core/schema/types.js';
import { prepareForCreate } from './core-ops.js';
import { checkDeclaredUniqueness } from './declared-uniqueness.js';
import type { ServerContext } from './server-context.js';
import type { ResourceKind } from './store.js';

export interface SeedData {
  /** RFC 7643 §7 Schema documents of custom extensions (src/server/extensions.ts). */
  schemas?: unknown[];
  users?: ScimResource[];
  groups?: ScimResource[];
}

const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** A seed problem, reported with where it is (`groups[2]`), never a stack trace. */
export class SeedError extends ScimctlError {
  override readonly name = 'SeedError';
  constructor(message: string) {
    super('SEED_INVALID', message);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks the outer shape of parsed seed text. */
export function toSeedData(value: unknown): SeedData {
  if (!isObject(value)) throw new SeedError('a seed must be an object with "schemas", "users" and/or "groups" lists');
  const seed: SeedData = {};
  for (const key of ['users', 'groups'] as const) {
    const list = value[key];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list) || !list.every(isObject)) throw new SeedError(`"${key}" must be a list of objects`);
    seed[key] = list;
  }
  const schemas = value.schemas;
  if (schemas !== undefined && schemas !== null) {
    if (!Array.isArray(schemas) || !schemas.every(isObject)) throw new SeedError('"schemas" must be a list of Schema documents (RFC 7643 §7)');
    seed.schemas = schemas;
  }
  const unknown = Object.keys(value).filter((k) => k !== 'users' && k !== 'groups' && k !== 'schemas');
  if (unknown.length > 0) throw new SeedError(`unknown top-level key(s): ${unknown.join(', ')} (expected schemas, users, groups)`);
  return seed;
}

function seedOne(ctx: ServerContext, kind: ResourceKind, raw: ScimResource, where: string): void {
  const id = raw.id;
  if (id !== undefined && (typeof id !== 'string' || id === '')) throw new SeedError(`${where}: "id" must be a non-empty string`);
  const input = { schemas: [kind === 'User' ? USER_URN : GROUP_URN], ...raw };
  try {
    const { id: _id, meta: _meta, groups: _groups, ...prepared } = prepareForCreate(ctx, kind, input);
    if (kind === 'User') ctx.profile.checkUser(prepared);
    else ctx.profile.checkGroup(undefined, prepared);
    checkDeclaredUniqueness(ctx, kind, prepared, undefined);
    ctx.store.create(kind, prepared, id);
  } catch (err) {
    if (isScimError(err)) throw new SeedError(`${where}: ${err.detail}`);
    throw err;
  }
}

/** Group members may name a user by id or, for hand-written seeds, by userName. */
function resolveMembers(ctx: ServerContext, group: ScimResource): ScimResource {
  if (!Array.isArray(group.members)) return group;
  const members = group.members.map((m: unknown) => {
    const value = typeof m === 'string' ? m : isObject(m) ? m.value : undefined;
    if (typeof value !== 'string') return m;
    const known = ctx.store.getAny(value) ?? ctx.store.byUserName(value);
    return { value: known ? known.id : value };
  });
  return { ...group, members };
}

export function applySeed(ctx: ServerContext, seed: SeedData): void {
  seed.users?.forEach((u, i) => seedOne(ctx, 'User', u, `users[${i}]`));
  // Groups may list groups seeded after them: create all without members, then add members.
  const groups = seed.groups ?? [];
  groups.forEach((g, i) => {
    const { members: _members, ...bare } = g;
    seedOne(ctx, 'Group', bare, `groups[${i}]`);
  });
  groups.forEach((g, i) => {
    if (!Array.isArray(g.members) || g.members.length === 0) return;
    const name = g.displayName;
    const stored = typeof g.id === 'string' ? ctx.store.get('Group', g.id) : ctx.store.byGroupDisplayName(String(name));
    if (!stored) throw new SeedError(`groups[${i}]: could not find the group just created`);
    try {
      const withMembers = resolveMembers(ctx, g);
      ctx.store.replace('Group', stored.id, { ...stored.data, members: withMembers.members });
    } catch (err) {
      if (err instanceof ScimError) throw new SeedError(`groups[${i}]: ${err.detail}`);
      throw err;
    }
  });
}
