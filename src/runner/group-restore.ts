/**
 * Existing groups a scenario is handed (`existingGroups`: `--group`, the
 * target's own child organizations, or the run's groups) are read before the
 * scenario and put back after its teardown and clean-up when they changed, so
 * a scenario that replaces a group's members or externalId (an AIW PUT to
 * /Groups/{id}) leaves the target as it found it (issue 12).
 *
 * Only what a client may write is restored: displayName, externalId and the
 * member values (RFC 7643 §4.2), with one PUT (RFC 7644 §3.5.1: every service
 * provider takes PUT; PATCH is optional). When neither read returned `members`
 * (an empty group may leave it out; a target may also never return it), a PUT
 * could empty the group, so displayName and externalId are put back with a
 * PATCH that leaves members alone (RFC 7644 §3.5.2), where the target takes
 * PATCH. A restore that cannot be made or is refused is a teardown step with
 * status `errored`; it never throws.
 */
import type { ExchangeLog, StepResult } from './types.js';
import type { AuthConfig, Target } from './send-request.js';
import { authHeaders, joinUrl, sendRequest } from './send-request.js';
import type { Transport } from './client/transport.js';
import type { Redactor } from './redact.js';

const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export interface RestoreEnv {
  transport: Transport;
  target: Target;
  auth: AuthConfig;
  redactor: Redactor;
  now: () => number;
  signal?: AbortSignal;
  /** Whether the target takes PATCH (discovery); only used when members are unknown. */
  patch: boolean;
}

/** The writable content of a group; `members` is undefined when the target did not return the attribute. */
export interface GroupState {
  displayName: string;
  externalId?: string;
  members?: string[];
}

/** What was read before the scenario: the state, or why it could not be read. */
export type GroupSnapshot = { id: string; state: GroupState } | { id: string; error: string };

function readState(json: unknown): GroupState | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const g = json as { displayName?: unknown; externalId?: unknown; members?: unknown };
  if (typeof g.displayName !== 'string') return undefined;
  const members = Array.isArray(g.members)
    ? g.members.map((m: unknown) => (typeof m === 'object' && m !== null ? (m as { value?: unknown }).value : undefined)).filter((v): v is string => typeof v === 'string')
    : undefined;
  return { displayName: g.displayName, ...(typeof g.externalId === 'string' ? { externalId: g.externalId } : {}), ...(members ? { members } : {}) };
}

const relPath = (id: string) => `/Groups/${encodeURIComponent(id)}`;

async function send(env: RestoreEnv, method: 'GET' | 'PUT' | 'PATCH', id: string, body?: unknown, extra: Record<string, string> = {}) {
  return sendRequest(
    env.transport,
    {
      method,
      url: joinUrl(env.target, relPath(id), ''),
      headers: {
        Accept: 'application/scim+json',
        ...(body !== undefined ? { 'Content-Type': 'application/scim+json; charset=utf-8' } : {}),
        ...extra,
        ...authHeaders(env.auth, 'default'),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    },
    env.redactor,
    env.now,
    env.signal,
  );
}

type Read = { ok: true; state: GroupState; etag?: string } | { ok: false; error: string; exchange?: ExchangeLog };

async function read(env: RestoreEnv, id: string): Promise<Read> {
  const res = await send(env, 'GET', id);
  if (!res.ok) return { ok: false, error: res.error.message, exchange: res.log };
  const state = res.view.status === 200 ? readState(res.view.json) : undefined;
  if (!state) return { ok: false, error: `GET ${relPath(id)} answered ${res.view.status}${res.view.status === 200 ? ' without a displayName' : ''}`, exchange: res.log };
  const etag = res.view.headers['etag'];
  return { ok: true, state, ...(etag ? { etag } : {}) };
}

/** Reads a group before the scenario touches it. */
export async function snapshotGroup(env: RestoreEnv, id: string): Promise<GroupSnapshot> {
  const r = await read(env, id);
  return r.ok ? { id, state: r.state } : { id, error: r.error };
}

const sorted = (list: readonly string[]) => [...list].sort();

/**
 * What differs between the state before and after, by attribute. Members count
 * as a set of values; an absent members attribute is an empty group unless
 * neither read returned one (then they are not compared).
 */
export function groupChanges(before: GroupState, after: GroupState): string[] {
  const out: string[] = [];
  if (before.displayName !== after.displayName) out.push('displayName');
  if (before.externalId !== after.externalId) out.push('externalId');
  if (before.members !== undefined || after.members !== undefined) {
    const b = sorted(before.members ?? []);
    const a = sorted(after.members ?? []);
    if (b.length !== a.length || b.some((v, i) => v !== a[i])) {
      const added = a.filter((v) => !b.includes(v)).length;
      const removed = b.filter((v) => !a.includes(v)).length;
      out.push(`members (${added} added, ${removed} removed)`);
    }
  }
  return out;
}

function describe(state: GroupState): string {
  const members = state.members === undefined ? 'members unknown' : `${state.members.length} member${state.members.length === 1 ? '' : 's'}`;
  return `displayName ${JSON.stringify(state.displayName)}, ${state.externalId === undefined ? 'no externalId' : `externalId ${JSON.stringify(state.externalId)}`}, ${members}`;
}

/**
 * After the scenario: reads the group again and, when it changed, PUTs back
 * what was read before and checks it took. Returns the teardown step, or
 * undefined when the group is as it was (nothing to show).
 */
export async function restoreGroup(env: RestoreEnv, snapshot: GroupSnapshot): Promise<StepResult | undefined> {
  const name = `restore ${relPath(snapshot.id)}`;
  const started = env.now();
  const step = (status: 'passed' | 'errored', reason: string | undefined, exchange?: ExchangeLog): StepResult => ({
    name,
    phase: 'teardown',
    status,
    ...(reason ? { reason } : {}),
    durationMs: env.now() - started,
    ...(exchange ? { exchange } : {}),
    checks: [],
  });
  if ('error' in snapshot) return step('errored', `could not read the existing group before the scenario (${snapshot.error}), so it was not restored; check it by hand`);
  const before = snapshot.state;
  const now = await read(env, snapshot.id);
  if (!now.ok) return step('errored', `could not read the group after the scenario (${now.error}); it may be left changed: restore ${describe(before)} by hand`, now.exchange);
  const changed = groupChanges(before, now.state);
  if (changed.length === 0) return undefined;
  const members = before.members ?? (now.state.members === undefined ? undefined : []);
  if (members === undefined && !env.patch) {
    return step('errored', `the scenario changed ${changed.join(', ')}; the target returns no members and takes no PATCH, so a PUT could empty the group: restore ${describe(before)} by hand`);
  }
  const ifMatch: Record<string, string> = now.etag ? { 'If-Match': now.etag } : {};
  const method = members === undefined ? 'PATCH' : 'PUT';
  const body =
    members === undefined
      ? { schemas: [PATCH_URN], Operations: attributeOps(before, now.state) }
      : {
          schemas: [GROUP_URN],
          id: snapshot.id,
          displayName: before.displayName,
          ...(before.externalId !== undefined ? { externalId: before.externalId } : {}),
          members: members.map((value) => ({ value })),
        };
  const sent = await send(env, method, snapshot.id, body, ifMatch);
  if (!sent.ok) return step('errored', `the scenario changed ${changed.join(', ')}; the restore failed (${sent.error.message}): restore ${describe(before)} by hand`, sent.log);
  if (sent.view.status >= 300) {
    return step('errored', `the scenario changed ${changed.join(', ')}; the restore ${method} answered ${sent.view.status}: restore ${describe(before)} by hand`, sent.log);
  }
  const after = await read(env, snapshot.id);
  const left = after.ok ? groupChanges(before, after.state) : [];
  if (!after.ok || left.length > 0) {
    const why = after.ok ? `it still differs in ${left.join(', ')}` : `it could not be read back (${after.error})`;
    return step('errored', `the scenario changed ${changed.join(', ')}; the restore ${method} answered ${sent.view.status} but ${why}: restore ${describe(before)} by hand`, sent.log);
  }
  return step('passed', `the scenario changed ${changed.join(', ')}; put back as it was (${describe(before)})`, sent.log);
}

/** PATCH operations that put back displayName and externalId, leaving members alone. */
function attributeOps(before: GroupState, now: GroupState): unknown[] {
  const ops: unknown[] = [];
  if (before.displayName !== now.displayName) ops.push({ op: 'replace', path: 'displayName', value: before.displayName });
  if (before.externalId !== now.externalId) {
    ops.push(before.externalId === undefined ? { op: 'remove', path: 'externalId' } : { op: 'replace', path: 'externalId', value: before.externalId });
  }
  return ops;
}
