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
import type { ResourceKind, StoredResource } from './store.js';

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

/** One resource of a seed, with where it came from (`users[3]`, `seed.jsonl:12`) for error messages. */
export interface SeedEntry {
  kind: ResourceKind;
  resource: ScimResource;
  where: string;
}

/** A seed read as it is applied, one resource at a time (seed-stream.ts `openSeedFile`), so a large seed is never held whole. */
export interface SeedStream {
  /** Extension Schema documents the seed declares (RFC 7643 §7), known before its resources are read. */
  schemas?: unknown[];
  entries(): Iterable<SeedEntry>;
}

export function isSeedStream(seed: SeedData | SeedStream): seed is SeedStream {
  return typeof (seed as SeedStream).entries === 'function';
}

/** The entries of an in-memory seed: users, then groups. */
export function* seedEntries(seed: SeedData, prefix = ''): Generator<SeedEntry> {
  for (const [i, resource] of (seed.users ?? []).entries()) yield { kind: 'User', resource, where: `${prefix}users[${i}]` };
  for (const [i, resource] of (seed.groups ?? []).entries()) yield { kind: 'Group', resource, where: `${prefix}groups[${i}]` };
}

function seedOne(ctx: ServerContext, kind: ResourceKind, raw: ScimResource, where: string): StoredResource {
  const id = raw.id;
  if (id !== undefined && (typeof id !== 'string' || id === '')) throw new SeedError(`${where}: "id" must be a non-empty string`);
  const input = { schemas: [kind === 'User' ? USER_URN : GROUP_URN], ...raw };
  try {
    const { id: _id, meta: _meta, groups: _groups, ...prepared } = prepareForCreate(ctx, kind, input);
    if (kind === 'User') ctx.profile.checkUser(prepared);
    else ctx.profile.checkGroup(undefined, prepared);
    checkDeclaredUniqueness(ctx, kind, prepared, undefined);
    return ctx.store.create(kind, prepared, id);
  } catch (err) {
    if (isScimError(err)) throw new SeedError(`${where}: ${err.detail}`);
    throw err;
  }
}

/** Group members may name a user by id or, for hand-written seeds, by userName. */
function resolveMembers(ctx: ServerContext, members: unknown[]): unknown[] {
  return members.map((m: unknown) => {
    const value = typeof m === 'string' ? m : isObject(m) ? m.value : undefined;
    if (typeof value !== 'string') return m;
    const known = ctx.store.getAny(value) ?? ctx.store.byUserName(value);
    return { value: known ? known.id : value };
  });
}

/**
 * Creates every resource of the seed, in order. Groups may list resources that come
 * after them, so each group is created without members and gets them at the end;
 * only those member lists are held until then.
 */
export function applySeed(ctx: ServerContext, seed: SeedData | SeedStream): void {
  const pending: { where: string; id: string; members: unknown[] }[] = [];
  for (const { kind, resource, where } of isSeedStream(seed) ? seed.entries() : seedEntries(seed)) {
    if (kind === 'User') {
      seedOne(ctx, 'User', resource, where);
      continue;
    }
    const { members, ...bare } = resource;
    const stored = seedOne(ctx, 'Group', bare, where);
    if (Array.isArray(members) && members.length > 0) pending.push({ where, id: stored.id, members });
  }
  for (const { where, id, members } of pending) {
    try {
      const stored = ctx.store.get('Group', id);
      if (!stored) throw new SeedError(`${where}: could not find the group just created`);
      const { members: _members, ...rest } = stored.data;
      ctx.store.replace('Group', id, { ...rest, members: resolveMembers(ctx, members) });
    } catch (err) {
      if (err instanceof ScimError) throw new SeedError(`${where}: ${err.detail}`);
      throw err;
    }
  }
}
