/**
 * group-restore.ts: an existing group a scenario changed is put back with one
 * PUT of what a client may write; every way that can go wrong is an `errored`
 * teardown step, never an exception.
 */
import { describe, expect, it } from 'vitest';
import type { IncomingResponse, OutgoingRequest, Transport } from '../../../src/runner/client/transport.js';
import { groupChanges, restoreGroup, snapshotGroup } from '../../../src/runner/group-restore.js';
import type { GroupSnapshot, RestoreEnv } from '../../../src/runner/group-restore.js';
import { createRedactor } from '../../../src/runner/redact.js';
import { parseTarget } from '../../../src/runner/send-request.js';

type Answer = IncomingResponse | Error;

/** A transport that answers from a queue and records what it was sent. */
function scripted(answers: Answer[], patch = true) {
  const sent: OutgoingRequest[] = [];
  const transport: Transport = {
    send: async (req) => {
      sent.push(req);
      const a = answers.shift();
      if (a === undefined) throw new Error(`unexpected ${req.method} ${req.url}`);
      if (a instanceof Error) throw a;
      return a;
    },
    close: async () => {},
  };
  let t = 0;
  const env: RestoreEnv = { transport, target: parseTarget('https://scim.example/v2'), auth: { token: 'tok', headers: {} }, redactor: createRedactor(['tok']), now: () => (t += 1), patch };
  return { env, sent };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): IncomingResponse => ({
  status,
  headers: { 'content-type': 'application/scim+json', ...headers },
  bodyText: JSON.stringify(body),
});
const group = (extra: Record<string, unknown>) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id: 'g1', displayName: 'Department', ...extra });
const BEFORE: GroupSnapshot = { id: 'g1', state: { displayName: 'Department', externalId: 'ext-dept', members: ['u-keep', 'u-two'] } };

describe('snapshotGroup', () => {
  it('reads displayName, externalId and the member values', async () => {
    const { env, sent } = scripted([json(200, group({ externalId: 'ext-dept', members: [{ value: 'u-keep', display: 'Kim' }, { value: 'u-two', type: 'User' }] }))]);
    expect(await snapshotGroup(env, 'g1')).toEqual(BEFORE);
    expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual(['GET https://scim.example/v2/Groups/g1']);
  });

  it('says why when the group cannot be read', async () => {
    expect(await snapshotGroup(scripted([json(404, {})]).env, 'g1')).toEqual({ id: 'g1', error: 'GET /Groups/g1 answered 404' });
    expect(await snapshotGroup(scripted([new Error('connection reset')]).env, 'g1')).toEqual({ id: 'g1', error: 'connection reset' });
  });
});

describe('groupChanges', () => {
  it('compares members as a set of values; an absent members attribute is an empty group unless neither read had one', () => {
    const base = { displayName: 'D', members: ['a', 'b'] };
    expect(groupChanges(base, { displayName: 'D', members: ['b', 'a'] })).toEqual([]);
    expect(groupChanges(base, { displayName: 'D', externalId: 'x', members: ['a', 'c'] })).toEqual(['externalId', 'members (1 added, 1 removed)']);
    expect(groupChanges({ displayName: 'D' }, { displayName: 'D', members: ['a'] })).toEqual(['members (1 added, 0 removed)']);
    expect(groupChanges({ displayName: 'D' }, { displayName: 'E' })).toEqual(['displayName']);
  });
});

describe('restoreGroup', () => {
  it('sends nothing more and shows no step when the group is as it was', async () => {
    const { env, sent } = scripted([json(200, group({ externalId: 'ext-dept', members: [{ value: 'u-two' }, { value: 'u-keep' }] }))]);
    expect(await restoreGroup(env, BEFORE)).toBeUndefined();
    expect(sent).toHaveLength(1);
  });

  it('PUTs back displayName, externalId and the member values (with the ETag it read), then checks it took', async () => {
    const { env, sent } = scripted([
      json(200, group({ members: [{ value: 'u-alice' }] }), { etag: 'W/"7"' }),
      json(200, group({ externalId: 'ext-dept', members: [{ value: 'u-keep' }, { value: 'u-two' }] })),
      json(200, group({ externalId: 'ext-dept', members: [{ value: 'u-keep' }, { value: 'u-two' }] })),
    ]);
    const step = await restoreGroup(env, BEFORE);
    expect(step).toMatchObject({ name: 'restore /Groups/g1', phase: 'teardown', status: 'passed', checks: [] });
    expect(step?.reason).toContain('externalId, members (1 added, 2 removed)');
    const put = sent[1];
    expect(put?.method).toBe('PUT');
    expect(put?.headers['If-Match']).toBe('W/"7"');
    expect(JSON.parse(put?.body ?? '')).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      id: 'g1',
      displayName: 'Department',
      externalId: 'ext-dept',
      members: [{ value: 'u-keep' }, { value: 'u-two' }],
    });
    expect(step?.exchange?.request.method).toBe('PUT');
  });

  it('a refused PUT is an errored teardown step that says what to put back by hand', async () => {
    const { env } = scripted([json(200, group({ members: [] })), json(403, { detail: 'no' })]);
    const step = await restoreGroup(env, BEFORE);
    expect(step?.status).toBe('errored');
    expect(step?.reason).toMatch(/restore PUT answered 403: restore displayName "Department", externalId "ext-dept", 2 members by hand/);
  });

  it('a PUT answered 200 that did not take, a transport error, and an unreadable group are errored steps too', async () => {
    const ignored = scripted([json(200, group({ members: [] })), json(200, group({})), json(200, group({ members: [] }))]);
    expect(await restoreGroup(ignored.env, BEFORE)).toMatchObject({ status: 'errored', reason: expect.stringContaining('still differs in externalId, members') });
    const reset = scripted([json(200, group({ members: [] })), new Error('connection reset')]);
    expect(await restoreGroup(reset.env, BEFORE)).toMatchObject({ status: 'errored', reason: expect.stringContaining('the restore failed (connection reset)') });
    const gone = scripted([json(500, {})]);
    expect(await restoreGroup(gone.env, BEFORE)).toMatchObject({ status: 'errored', reason: expect.stringContaining('could not read the group after the scenario') });
  });

  it('a snapshot that failed is reported, not guessed at', async () => {
    const { env, sent } = scripted([]);
    expect(await restoreGroup(env, { id: 'g1', error: 'GET /Groups/g1 answered 500' })).toMatchObject({ status: 'errored', reason: expect.stringContaining('was not restored') });
    expect(sent).toHaveLength(0);
  });

  it('when no read returned members (an empty group may leave them out), puts back displayName and externalId with a PATCH that leaves members alone', async () => {
    const { env, sent } = scripted([json(200, group({ displayName: 'Renamed' })), json(200, group({ externalId: 'x' })), json(200, group({}))]);
    const step = await restoreGroup(env, { id: 'g1', state: { displayName: 'Department' } });
    expect(step).toMatchObject({ status: 'passed', reason: expect.stringContaining('members unknown') });
    expect(sent[1]?.method).toBe('PATCH');
    expect(JSON.parse(sent[1]?.body ?? '')).toEqual({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'displayName', value: 'Department' }] });
    const ext = scripted([json(200, group({})), json(200, group({ externalId: 'ext-dept' })), json(200, group({ externalId: 'ext-dept' }))]);
    await restoreGroup(ext.env, { id: 'g1', state: { displayName: 'Department', externalId: 'ext-dept' } });
    expect(JSON.parse(ext.sent[1]?.body ?? '').Operations).toEqual([{ op: 'replace', path: 'externalId', value: 'ext-dept' }]);
    const drop = scripted([json(200, group({ externalId: 'new' })), json(200, group({})), json(200, group({}))]);
    await restoreGroup(drop.env, { id: 'g1', state: { displayName: 'Department' } });
    expect(JSON.parse(drop.sent[1]?.body ?? '').Operations).toEqual([{ op: 'remove', path: 'externalId' }]);
  });

  it('sends nothing when members are unknown and the target takes no PATCH: a PUT could empty the group', async () => {
    const { env, sent } = scripted([json(200, group({ displayName: 'Renamed' }))], false);
    const step = await restoreGroup(env, { id: 'g1', state: { displayName: 'Department' } });
    expect(step).toMatchObject({ status: 'errored', reason: expect.stringContaining('takes no PATCH, so a PUT could empty the group') });
    expect(sent).toHaveLength(1);
  });
});
